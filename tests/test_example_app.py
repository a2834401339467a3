"""The example app: demo hooks, example dashboards on an empty database, HOST/PORT and .env,
its SECRET_KEY (required, except on a loopback host, where it is random per run), the session
cookie's flags and where /who/<name> may send you back to."""

from __future__ import annotations

import importlib
import logging
import os
import re
import subprocess
import sys

import pytest
from flask import Flask
from helpers import EXAMPLES_DIR, ROOT, fetch_when_up, free_port, post

from example_app.app import (
    MISSING_SECRET_KEY,
    RANDOM_SECRET_KEY,
    MissingSecretKey,
    create_app,
    load_examples,
)
from flask_jsondash.db import get_db_handler

NUM_EXAMPLES = len([n for n in os.listdir(EXAMPLES_DIR) if n.endswith(".json")])


OLD_BUILT_IN_KEY = "example-app-only-not-a-secret"


@pytest.fixture
def example(tmp_path):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "CHARTS_DB_PATH": str(tmp_path / "example.sqlite3"),
        }
    )


@pytest.fixture
def no_secret_key(monkeypatch):
    """No SECRET_KEY: an empty one in the environment, which also keeps any .env file's out."""
    monkeypatch.setenv("SECRET_KEY", "")


def script_env(tmp_path, **settings: str) -> dict:
    """The environment for running a script of the example app, without SECRET_KEY."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CHARTS_", "PORT", "HOST", "ENDPOINTS_"))
    }
    env.update(SECRET_KEY="", CHARTS_DB_PATH=str(tmp_path / "served.sqlite3"), **settings)
    return env


def test_examples_load_into_an_empty_database_once(example):
    with example.app_context():
        assert get_db_handler().count() == NUM_EXAMPLES
    assert load_examples(example) == 0
    with example.app_context():
        assert get_db_handler().count() == NUM_EXAMPLES


def test_example_app_uses_sqlite_by_default(example):
    with example.app_context():
        assert get_db_handler().name == "sqlite"


def test_example_dashboards_are_listed_and_open(example):
    client = example.test_client()
    html = client.get("/charts/").text
    assert f'data-count="dashboards">{NUM_EXAMPLES}<' in html
    with example.app_context():
        ids = [row["id"] for row in get_db_handler().filter()]
    for c_id in ids:
        assert client.get(f"/charts/{c_id}").status_code == 200


def test_root_redirects_to_the_dashboards(example):
    response = example.test_client().get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/charts/")


def test_example_layout_replaces_the_packaged_one(example):
    html = example.test_client().get("/charts/").text
    assert "flask_jsondash example app" in html
    assert "jd-default-layout" not in html


def test_demo_hooks_let_admin_do_everything_and_others_only_their_own(example):
    client = example.test_client()
    with example.app_context():
        some_id = get_db_handler().filter()[0]["id"]
    assert "Global: shown to every user" in client.get("/charts/").text
    assert "Edit raw JSON" in client.get(f"/charts/{some_id}").text
    client.get("/who/bob")
    assert "Global: shown to every user" not in client.get("/charts/").text
    assert "Edit raw JSON" not in client.get(f"/charts/{some_id}").text
    response = post(client, "/charts/create", {"name": "bob's board", "mode": "freeform"})
    new_id = response.headers["Location"].rsplit("/", 1)[-1]
    with example.app_context():
        assert get_db_handler().get(new_id)["created_by"] == "bob"
    assert "Edit raw JSON" in client.get(f"/charts/{new_id}").text


def test_wsgi_entry_point_exposes_the_app(monkeypatch, tmp_path):
    monkeypatch.setenv("CHARTS_DB_PATH", str(tmp_path / "wsgi.sqlite3"))
    monkeypatch.setenv("SECRET_KEY", "wsgi-secret")
    monkeypatch.delitem(sys.modules, "example_app.app_wsgi", raising=False)
    module = importlib.import_module("example_app.app_wsgi")
    assert module.application.name == "example_app.app"
    assert module.application.secret_key == "wsgi-secret"


def test_wsgi_entry_point_refuses_to_start_without_a_secret_key(
    monkeypatch, tmp_path, no_secret_key
):
    monkeypatch.setenv("CHARTS_DB_PATH", str(tmp_path / "wsgi.sqlite3"))
    monkeypatch.delitem(sys.modules, "example_app.app_wsgi", raising=False)
    with pytest.raises(SystemExit) as refused:
        importlib.import_module("example_app.app_wsgi")
    assert str(refused.value) == MISSING_SECRET_KEY


def test_the_refusal_says_how_to_set_the_key():
    assert MISSING_SECRET_KEY.startswith("SECRET_KEY is not set")
    assert "SECRET_KEY environment variable" in MISSING_SECRET_KEY
    assert ".env file" in MISSING_SECRET_KEY
    assert "secrets.token_hex" in MISSING_SECRET_KEY


@pytest.mark.parametrize("host", [None, "", "0.0.0.0", "::", "192.168.1.20", "dash.example.com"])
def test_create_app_refuses_to_start_without_a_secret_key_off_loopback(
    tmp_path, no_secret_key, host
):
    with pytest.raises(MissingSecretKey, match="^SECRET_KEY is not set"):
        create_app({"CHARTS_DB_PATH": str(tmp_path / "d.sqlite3")}, host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"])
def test_on_loopback_it_makes_a_random_key_per_run_and_says_so(
    tmp_path, no_secret_key, caplog, host
):
    caplog.set_level(logging.WARNING, logger="example_app")
    keys = []
    for run in range(2):
        caplog.clear()
        app = create_app({"CHARTS_DB_PATH": str(tmp_path / f"{run}.sqlite3")}, host=host)
        keys.append(app.secret_key)
        assert [r.getMessage() for r in caplog.records].count(RANDOM_SECRET_KEY) == 1
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    assert keys[0] != keys[1]
    assert RANDOM_SECRET_KEY == (
        "No SECRET_KEY set: using a random one for this run; sessions end when it stops."
    )


def test_a_secret_key_from_the_environment_is_used_anywhere(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    caplog.set_level(logging.WARNING, logger="example_app")
    app = create_app({"CHARTS_DB_PATH": str(tmp_path / "d.sqlite3")}, host="0.0.0.0")
    assert app.secret_key == "from-the-environment"
    assert RANDOM_SECRET_KEY not in caplog.text


def test_a_cookie_signed_with_the_old_built_in_key_is_not_admin(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)  # any key a .env file gives is not that one
    monkeypatch.setenv("JSONDASH_DEMO_USER", "bob")
    app = create_app({"CHARTS_DB_PATH": str(tmp_path / "d.sqlite3")}, host="127.0.0.1")
    forger = Flask(__name__)
    forger.secret_key = OLD_BUILT_IN_KEY
    forged = forger.session_interface.get_signing_serializer(forger).dumps({"user": "admin"})
    client = app.test_client()
    client.set_cookie("session", forged)
    assert "Global: shown to every user" not in client.get("/charts/").text


def test_session_cookie_is_httponly_and_samesite_lax(example):
    assert example.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert example.config["SESSION_COOKIE_HTTPONLY"] is True
    cookie = example.test_client().get("/who/bob").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    "referrer",
    [
        "https://evil.example/",
        "https://evil.example/charts/",
        "//evil.example",
        "//evil.example/charts/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "http://localhost//evil.example/",
        "http://localhost/\\evil.example",
        "http://localhost.evil.example/charts/",
        "http://evil.example@localhost/charts/",
        "ftp://localhost/charts/",
        "/charts/abc",
        "not a url",
    ],
)
def test_who_never_redirects_off_this_host(example, referrer):
    client = example.test_client()
    response = client.get("/who/bob", headers={"Referer": referrer})
    assert response.status_code == 302
    assert response.headers["Location"] == "/charts/"
    assert "Global: shown to every user" not in client.get("/charts/").text


@pytest.mark.parametrize(
    ("referrer", "back"),
    [
        ("http://localhost/charts/abc", "/charts/abc"),
        ("https://localhost/charts/?page=2", "/charts/?page=2"),
        ("http://localhost/charts/abc#top", "/charts/abc"),
        ("http://localhost", "/"),
    ],
)
def test_who_sends_you_back_to_the_page_you_came_from(example, referrer, back):
    response = example.test_client().get("/who/alice", headers={"Referer": referrer})
    assert response.headers["Location"] == back


def test_who_without_a_referrer_goes_to_the_dashboards(example):
    assert example.test_client().get("/who/alice").headers["Location"] == "/charts/"


@pytest.mark.parametrize("via", ["environment", "dotenv"])
def test_serves_on_host_and_port_from_the_environment_or_dotenv(tmp_path, via):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHARTS_", "PORT", "HOST"))}
    settings = f"PORT={port}\nHOST=127.0.0.1\nCHARTS_DB_PATH={tmp_path / 'served.sqlite3'}\n"
    if via == "environment":
        env.update(
            PORT=str(port), HOST="127.0.0.1", CHARTS_DB_PATH=str(tmp_path / "served.sqlite3")
        )
    else:
        (tmp_path / ".env").write_text(settings)
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "example_app", "app.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        html, _headers = fetch_when_up(f"http://127.0.0.1:{port}/charts", server)
        assert f'data-count="dashboards">{NUM_EXAMPLES}<' in html
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_make_run_on_loopback_serves_on_a_random_key_and_says_so_once(tmp_path):
    port = free_port()
    env = script_env(tmp_path, HOST="127.0.0.1", PORT=str(port))
    server = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "example_app", "app.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        html, _headers = fetch_when_up(f"http://127.0.0.1:{port}/charts", server)
        assert f'data-count="dashboards">{NUM_EXAMPLES}<' in html
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    assert err.decode().count(RANDOM_SECRET_KEY) == 1


@pytest.mark.parametrize("script", ["app.py", "serve.py"])
def test_off_loopback_the_scripts_refuse_to_start_without_a_secret_key(tmp_path, script):
    env = script_env(
        tmp_path, HOST="0.0.0.0", PORT=str(free_port()), ENDPOINTS_PORT=str(free_port())
    )
    server = subprocess.run(
        [sys.executable, os.path.join(ROOT, "example_app", script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert server.returncode == 1
    assert MISSING_SECRET_KEY in server.stderr
    assert RANDOM_SECRET_KEY not in server.stderr


@pytest.mark.parametrize(
    "name", ["inline-chart", "inline-chart-hexbin", "inline-sparklines", "tabbed-widget"]
)
def test_pages_for_the_originals_iframe_and_custom_modules(example, name):
    response = example.test_client().get(f"/examples/{name}.html")
    assert response.status_code == 200
    assert "<svg" in response.text or "example-tabs" in response.text


def test_unknown_example_page_is_404(example):
    assert example.test_client().get("/examples/nope.html").status_code == 404
