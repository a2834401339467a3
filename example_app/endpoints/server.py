"""The data server as a Flask app: every module's routes on one blueprint, CORS on every response,
errors as JSON; ``main`` serves it on ENDPOINTS_HOST:ENDPOINTS_PORT (default 127.0.0.1:5004)."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

# Importing a module hangs its routes on the blueprint.
from . import (  # noqa: F401
    basic,
    c3,
    d3,
    datasets,
    datautils,
    explore,
    failures,
    graphs,
    index,
    plotly,
    sparklines,
    tables,
    vega,
)
from .common import blueprint
from .failures import http_error_as_json

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5004
# example_app/: the app's root, as when the server was example_app/endpoints.py (its static/
# folder is served at /static).
EXAMPLE_APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def allow_cross_origin(response: Response) -> Response:
    """CORS for every response: dashboards on any origin may fetch this data."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    # Preflights ask for the headers they will send; allowing exactly those keeps it simple.
    requested = request.headers.get("Access-Control-Request-Headers")
    response.headers["Access-Control-Allow-Headers"] = requested or "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the data server; ``config`` overrides Flask settings (tests pass TESTING)."""
    # Named after the package ("example_app.endpoints", or "endpoints" from inside example_app/),
    # with example_app/ as its root: the same app as when this was one module.
    app = Flask(__package__ or __name__, root_path=EXAMPLE_APP_DIR)
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep series in the order built
    app.register_blueprint(blueprint)
    app.after_request(allow_cross_origin)
    app.register_error_handler(HTTPException, http_error_as_json)
    return app


app = create_app()


def port_from_environment() -> int:
    """ENDPOINTS_PORT as a port number (default 5004); exits with a message if it is not one."""
    raw = os.environ.get("ENDPOINTS_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"ENDPOINTS_PORT must be a port number (1-65535), not {raw!r}")
    return int(raw)


def main() -> None:
    """Serve on ENDPOINTS_HOST:ENDPOINTS_PORT (default 127.0.0.1:5004), one thread per request."""
    host = os.environ.get("ENDPOINTS_HOST", "").strip() or DEFAULT_HOST
    app.run(host=host, port=port_from_environment(), threaded=True)
