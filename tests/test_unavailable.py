"""A database that cannot be reached or opened gives a clear 503 page naming the setting to fix,
within a few seconds, never a hang or a stack trace."""

from __future__ import annotations

import sqlite3
import time

import pytest
from helpers import dashboard, free_port, make_app, post


def app_with(tmp_path, **config):
    app = make_app("sqlite", tmp_path)
    for key in ("CHARTS_ACTIVE_DB", "CHARTS_DB_PATH"):
        app.config.pop(key)
    app.config.update(config)
    return app


def assert_503(response, *words):
    assert response.status_code == 503
    assert "The dashboard database is unavailable" in response.text
    assert "Traceback" not in response.text
    for word in words:
        assert word in response.text
    assert response.headers.get("Retry-After")


@pytest.mark.parametrize("route", ["index", "view", "create"])
def test_unreachable_mongodb_is_a_503_naming_the_settings(tmp_path, route):
    # The index uses the default timeout (3 s); the other routes a shorter one to keep this quick.
    timeout = {} if route == "index" else {"CHARTS_DB_TIMEOUT": 1}
    app = app_with(
        tmp_path,
        CHARTS_ACTIVE_DB="mongo",
        CHARTS_DB_HOST="127.0.0.1",
        CHARTS_DB_PORT=free_port(),
        **timeout,
    )
    client = app.test_client()
    started = time.monotonic()
    if route == "index":
        response = client.get("/charts/")
    elif route == "view":
        response = client.get("/charts/some-id")
    else:
        response = post(client, "/charts/create", {"name": "x"})
    elapsed = time.monotonic() - started
    assert_503(
        response, "CHARTS_DB_HOST", "CHARTS_DB_PORT", "within 3 s" if not timeout else "within 1 s"
    )
    assert elapsed < 15, "an unreachable server must not hang the page"


def test_unreachable_mongodb_uri_names_charts_db_uri(tmp_path):
    app = app_with(
        tmp_path,
        CHARTS_ACTIVE_DB="mongo",
        CHARTS_DB_URI=f"mongodb://127.0.0.1:{free_port()}/charts",
        CHARTS_DB_TIMEOUT=0.5,
    )
    assert_503(app.test_client().get("/charts/"), "CHARTS_DB_URI", "within 0.5 s")


def test_sqlite_file_that_cannot_be_created_names_charts_db_path(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = app_with(
        tmp_path, CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(blocker / "dash.sqlite3")
    )
    assert_503(app.test_client().get("/charts/"), "CHARTS_DB_PATH")


def test_sqlite_file_that_is_not_a_database(tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not a database file" * 100)
    app = app_with(tmp_path, CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(garbage))
    assert_503(app.test_client().get("/charts/"), "CHARTS_DB_PATH")


def test_sqlite_locked_by_another_process_is_a_503_and_nothing_is_lost(tmp_path):
    path = tmp_path / "dash.sqlite3"
    app = app_with(
        tmp_path, CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(path), CHARTS_DB_TIMEOUT=0.3
    )
    client = app.test_client()
    doc = dashboard()
    with app.app_context():
        from flask_jsondash.db import get_db_handler

        get_db_handler().create(doc)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = post(client, f"/charts/{doc['id']}/update", {"name": "changed"})
        assert_503(response, "locked", "CHARTS_DB_PATH")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.get(f"/charts/{doc['id']}").status_code == 200
    with app.app_context():
        assert get_db_handler().get(doc["id"]) == doc


@pytest.mark.parametrize(
    "config, words",
    [
        (
            {"CHARTS_ACTIVE_DB": "mango"},
            "CHARTS_ACTIVE_DB=&#39;mango&#39; is not one of: mongo, sqlite.",
        ),
        ({"CHARTS_DB_PORT": "abc"}, "CHARTS_DB_PORT=&#39;abc&#39; is not a port number."),
        ({"CHARTS_DB_TIMEOUT": "soon"}, "CHARTS_DB_TIMEOUT"),
        ({"CHARTS_ACTIVE_DB": "sqlite", "CHARTS_DB_TABLE": "views; drop"}, "CHARTS_DB_TABLE"),
    ],
)
def test_bad_settings_are_named(tmp_path, config, words):
    app = app_with(tmp_path, **config)
    assert_503(app.test_client().get("/charts/"), words)


def test_settings_come_from_the_environment_when_app_config_is_silent(tmp_path, monkeypatch):
    monkeypatch.setenv("CHARTS_ACTIVE_DB", "sqlite")
    monkeypatch.setenv("CHARTS_DB_PATH", str(tmp_path / "from-env.sqlite3"))
    app = app_with(tmp_path)
    assert app.test_client().get("/charts/").status_code == 200
    assert (tmp_path / "from-env.sqlite3").exists()


def test_sqlite_default_path_is_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("CHARTS_DB_PATH", raising=False)
    app = app_with(tmp_path, CHARTS_ACTIVE_DB="sqlite")
    assert app.test_client().get("/charts/").status_code == 200
    assert (tmp_path / "instance" / "jsondash.sqlite3").exists()


def test_a_bad_setting_is_logged_when_the_blueprint_is_registered(tmp_path, caplog):
    """Without JsonDash (which refuses to start), the mistake is said at start too."""
    from flask import Flask

    from flask_jsondash.charts_builder import charts

    app = Flask("bad_setting", instance_path=str(tmp_path / "instance"))
    app.config.update(SECRET_KEY="s", CHARTS_ACTIVE_DB="mango")
    with caplog.at_level("ERROR"):
        app.register_blueprint(charts)
    assert "CHARTS_ACTIVE_DB='mango' is not one of: mongo, sqlite." in caplog.text
    assert "Every page will answer 503" in caplog.text
    assert app.test_client().get("/charts/").status_code == 503
