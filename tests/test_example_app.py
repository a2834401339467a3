"""The example app: demo hooks, example dashboards on an empty database, HOST/PORT and .env."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import EXAMPLES_DIR, ROOT, fetch_when_up, free_port, post

from example_app.app import create_app, load_examples
from flask_jsondash.db import get_db_handler

NUM_EXAMPLES = len([n for n in os.listdir(EXAMPLES_DIR) if n.endswith(".json")])


@pytest.fixture
def example(tmp_path):
    return create_app({"TESTING": True, "CHARTS_DB_PATH": str(tmp_path / "example.sqlite3")})


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
    import importlib

    module = importlib.import_module("example_app.app_wsgi")
    assert module.application.name == "example_app.app"


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


@pytest.mark.parametrize(
    "name", ["inline-chart", "inline-chart-hexbin", "inline-sparklines", "tabbed-widget"]
)
def test_pages_for_the_originals_iframe_and_custom_modules(example, name):
    response = example.test_client().get(f"/examples/{name}.html")
    assert response.status_code == 200
    assert "<svg" in response.text or "example-tabs" in response.text


def test_unknown_example_page_is_404(example):
    assert example.test_client().get("/examples/nope.html").status_code == 404
