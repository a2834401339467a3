"""Shared fixtures: a real Flask app with the blueprint on a real store (SQLite file or
mongomock; a real MongoDB server too when CHARTS_TEST_MONGO_URI is set)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from helpers import BACKENDS, dashboard, make_app

from flask_jsondash.db import get_db_handler


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
