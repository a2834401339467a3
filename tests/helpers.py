"""Helpers for tests: valid dashboards to start from, and POSTing with a CSRF token."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import pytest
from flask import Flask

from flask_jsondash.charts_builder import charts
from flask_jsondash.csrf import SESSION_KEY
from flask_jsondash.db import get_db_handler

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXAMPLES_DIR = os.path.join(ROOT, "examples", "config")
REAL_MONGO_URI = os.environ.get("CHARTS_TEST_MONGO_URI")

BACKENDS = [
    "sqlite",
    "mongomock",
    pytest.param(
        "mongo",
        marks=pytest.mark.skipif(
            not REAL_MONGO_URI,
            reason="set CHARTS_TEST_MONGO_URI=mongodb://... to run against a real MongoDB server",
        ),
    ),
]


def backend_config(backend: str, tmp_path: Any) -> dict:
    """app.config settings that put the dashboards of one test in a fresh, empty store."""
    if backend == "sqlite":
        return {"CHARTS_ACTIVE_DB": "sqlite", "CHARTS_DB_PATH": str(tmp_path / "dash.sqlite3")}
    if backend == "mongomock":
        return {"CHARTS_ACTIVE_DB": "mongo", "CHARTS_DB_URI": "mongomock://localhost"}
    return {
        "CHARTS_ACTIVE_DB": "mongo",
        "CHARTS_DB_URI": REAL_MONGO_URI,
        "CHARTS_DB_NAME": "jsondash_tests",
        "CHARTS_DB_TABLE": f"views_{uuid.uuid4().hex[:12]}",
    }


def make_app(backend: str, tmp_path: Any, **config: Any) -> Flask:
    app = Flask("jsondash_test_app", instance_path=str(tmp_path / "instance"))
    app.config.update(TESTING=True, SECRET_KEY="test-secret", **backend_config(backend, tmp_path))
    app.config.update(config)
    app.register_blueprint(charts)
    return app


CSRF_TOKEN = "test-csrf-token"


def post(client, url: str, data: dict | None = None, **kwargs: Any):
    """POST as a browser would: with the session's CSRF token in the form."""
    with client.session_transaction() as session:
        session[SESSION_KEY] = CSRF_TOKEN
    return client.post(url, data={"csrf_token": CSRF_TOKEN, **(data or {})}, **kwargs)


def module(guid: str = "a1-b2-c3-d4-e5", **overrides: Any) -> dict:
    """A valid freeform module."""
    base = {
        "name": "Line",
        "guid": guid,
        "family": "C3",
        "type": "line",
        "width": 400,
        "height": 300,
        "dataSource": "http://127.0.0.1:5004/line",
    }
    base.update(overrides)
    return base


def dashboard(**overrides: Any) -> dict:
    """A valid freeform dashboard with one module and a fresh id."""
    base = {
        "id": str(uuid.uuid4()),
        "name": "Sales",
        "layout": "freeform",
        "category": "Reports",
        "date": "2026-01-01T00:00:00+00:00",
        "modules": [module()],
    }
    base.update(overrides)
    return base


def stored(app, c_id: str) -> dict | None:
    with app.app_context():
        return get_db_handler().get(c_id)


def as_json(doc: dict) -> str:
    return json.dumps(doc)


def free_port() -> int:
    """A loopback port nothing listens on (yet)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_when_up(url: str, server: Any = None, timeout: float = 30) -> tuple[str, Any]:
    """GET ``url`` once its server answers: (body text, headers). Fails early if ``server``
    (a Popen) exits first, with what it printed to stderr."""
    import time
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode(), response.headers
        except OSError:
            if server is not None and server.poll() is not None:
                stderr = server.stderr.read().decode()[-2000:] if server.stderr else ""
                raise AssertionError(f"the server stopped: {stderr}") from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
