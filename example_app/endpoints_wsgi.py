"""WSGI entry point of the example data server, e.g. ``gunicorn example_app.endpoints_wsgi``."""

try:
    from .endpoints import create_app
except ImportError:  # run from inside example_app/
    from endpoints import create_app

application = app = create_app()
