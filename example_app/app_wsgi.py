"""WSGI entry point of the example app, e.g. ``gunicorn example_app.app_wsgi:application``."""

try:
    from .app import create_app
except ImportError:  # run from inside example_app/
    from app import create_app

application = app = create_app()
