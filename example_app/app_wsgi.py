"""WSGI entry point of the example app, e.g. ``gunicorn example_app.app_wsgi:application``.

This is how the app is served beyond this machine (the Docker image runs it), so it refuses to
start without a SECRET_KEY, wherever it is bound.
"""

try:
    from .app import MissingSecretKey, create_app
except ImportError:  # run from inside example_app/
    from app import MissingSecretKey, create_app

try:
    application = app = create_app()
except MissingSecretKey as exc:
    raise SystemExit(str(exc)) from None
