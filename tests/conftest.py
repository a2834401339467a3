"""Shared fixtures: a real Flask app with the blueprint on a real store (SQLite file or
mongomock; a real MongoDB server too when CHARTS_TEST_MONGO_URI is set)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from helpers import dashboard

from flask_jsondash.charts_builder import charts
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


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def app(backend, tmp_path):
    app = make_app(backend, tmp_path)
    yield app
    if backend == "mongo":
        with app.app_context():
            get_db_handler().coll.drop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def store(app):
    with app.app_context():
        yield get_db_handler()


@pytest.fixture
def make_dashboard(app) -> Callable[..., dict]:
    """Store a dashboard directly (bypassing the routes); returns it."""

    def _make(**overrides: Any) -> dict:
        doc = dashboard(**overrides)
        with app.app_context():
            get_db_handler().create(doc)
        return doc

    return _make


def pytest_terminal_summary(terminalreporter):
    """Say once, not once per test, why the real-MongoDB tests were skipped."""
    skipped = terminalreporter.stats.get("skipped", [])
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        terminalreporter.write_line(f"skipped {count} test(s): {reason.removeprefix('Skipped: ')}")
