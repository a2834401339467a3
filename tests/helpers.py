"""Helpers for tests: valid dashboards to start from, and POSTing with a CSRF token."""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask_jsondash.csrf import SESSION_KEY
from flask_jsondash.db import get_db_handler

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
