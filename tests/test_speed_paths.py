"""What the fast paths of the dashboard page and the SQLite store must never change: a page
shows what is stored now (not what was prepared for an earlier version), a store used before
a fork works in the forked worker, and a database error is not carried into later requests."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest
from helpers import BACKENDS, dashboard, make_app, module, post

from flask_jsondash.db import get_db_handler
from flask_jsondash.families import Family
from flask_jsondash.settings import ConfigurationError


def _store(app):
    with app.app_context():
        return get_db_handler()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_dashboard_changed_behind_the_apps_back_is_shown_as_stored(tmp_path, backend):
    """Another process (or a script) rewrites the stored document: the next view shows it."""
    app = make_app(backend, tmp_path)
    doc = dashboard(id="behind-back-0001", name="Before", modules=[module("w-1", name="Old")])
    store = _store(app)
    with app.app_context():
        store.create_many([doc])
    client = app.test_client()
    first = client.get("/charts/behind-back-0001").text
    assert "Old" in first and "Renamed" not in first
    with app.app_context():
        store.replace(
            "behind-back-0001", {**doc, "modules": [module("w-1", name="Renamed", type="bar")]}
        )
    second = client.get("/charts/behind-back-0001").text
    assert "Renamed" in second and ">Old<" not in second
    assert 'data-type="bar"' in second


def test_stored_problems_follow_the_families_of_each_app(tmp_path):
    """The same stored document is checked against each app's own families."""
    doc = dashboard(id="families-0001", modules=[module("w-1", family="Gauges", type="dial")])
    plain = make_app("sqlite", tmp_path / "plain")
    custom = make_app("sqlite", tmp_path / "custom")
    from flask_jsondash import JsonDash

    JsonDash(custom).register_family(
        Family(name="Gauges", charts=(("dial", "A dial"),), renderer="/static/gauges.js")
    )
    for app in (plain, custom):
        with app.app_context():
            get_db_handler().create_many([json.loads(json.dumps(doc))])
    unknown = plain.test_client().get("/charts/families-0001").text
    known = custom.test_client().get("/charts/families-0001").text
    assert "stored config has" in unknown and "modules[0].family" in unknown
    assert "stored config has" not in known


def test_a_save_shows_the_new_version_at_once(tmp_path):
    app = make_app("sqlite", tmp_path)
    with app.app_context():
        get_db_handler().create_many([dashboard(id="saved-0001", name="First name")])
    client = app.test_client()
    assert "First name" in client.get("/charts/saved-0001").text
    response = post(client, "/charts/saved-0001/update", {"name": "Second name", "mode": "grid"})
    assert response.status_code == 302
    page = client.get("/charts/saved-0001").text
    assert "Second name" in page and "First name" not in page


def test_a_store_used_before_a_fork_works_in_the_forked_worker(tmp_path):
    """As with gunicorn --preload: the parent used the store, then forked workers read."""
    app = make_app("sqlite", tmp_path)
    with app.app_context():
        store = get_db_handler()
        store.create_many([dashboard(id="forked-0001", name="Made before the fork")])
    assert app.test_client().get("/charts/forked-0001").status_code == 200  # keeps a connection
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_forked_view, args=(app, queue))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    assert queue.get(timeout=5) == (200, True)
    # And the parent's own connection still works after the child is gone.
    assert "Made before the fork" in app.test_client().get("/charts/forked-0001").text


def _forked_view(app, queue) -> None:  # runs in a forked process
    response = app.test_client().get("/charts/forked-0001")
    queue.put((response.status_code, "Made before the fork" in response.text))


def test_after_a_database_error_the_next_request_works(tmp_path):
    app = make_app("sqlite", tmp_path)
    with app.app_context():
        get_db_handler().create_many([dashboard(id="errors-0001", name="Still here")])
    client = app.test_client()
    assert client.get("/charts/errors-0001").status_code == 200
    store = _store(app)
    real_open = store._open
    broken = sqlite3.connect(":memory:")  # has no dashboards table: every query fails
    store.close()
    store._open = lambda: broken  # type: ignore[method-assign]
    assert client.get("/charts/errors-0001").status_code == 503
    store._open = real_open  # type: ignore[method-assign]
    assert "Still here" in client.get("/charts/errors-0001").text


def test_the_sqlite_synchronous_setting(tmp_path):
    app = make_app("sqlite", tmp_path, CHARTS_DB_SYNCHRONOUS="full")
    with app.app_context():
        store = get_db_handler()
        with store._connection() as conn:
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    app = make_app("sqlite", tmp_path / "other", CHARTS_DB_SYNCHRONOUS="sometimes")
    with app.app_context(), pytest.raises(ConfigurationError, match="CHARTS_DB_SYNCHRONOUS"):
        get_db_handler()
