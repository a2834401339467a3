"""Hostile input, hostile data, careless editors: a clear 4xx and nothing stored for what a
dashboard may not be, pages that open whatever is stored, bounded requests, and the security
headers. Every case here answered 500, ran script or broke a page before."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from helpers import as_json, dashboard, make_app, module, post, stored

from flask_jsondash.db import get_db_handler
from flask_jsondash.schema import problems_of, url_problem

# URLs ---------------------------------------------------------------------------------------

REFUSED_URLS = [
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    " \tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<img src=x onerror=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "blob:https://example.com/1234",
]
ACCEPTED_URLS = [
    "http://example.com/data",
    "https://example.com/data?x=1",
    "//example.com/data",
    "/local/data",
    "data.json",
    "?a=1",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_only_http_and_relative_urls_are_data_sources(url):
    assert url_problem(url, "line")
    doc = dashboard(modules=[module(dataSource=url)])
    assert [p.path for p in problems_of(doc)] == ["modules[0].dataSource"]


@pytest.mark.parametrize("url", ACCEPTED_URLS)
def test_http_and_relative_urls_are_fine(url):
    assert url_problem(url, "iframe") is None


def test_youtube_embed_code_must_be_a_youtube_player():
    good = '<iframe width="560" height="315" src="https://www.youtube.com/embed/x"></iframe>'
    assert url_problem(good, "youtube") is None
    for bad in (
        '<iframe src="https://evil.example/embed/x"></iframe>',
        '<iframe src="javascript:alert(1)"></iframe>',
        '<iframe src="http://www.youtube.com/embed/x"></iframe>',
        "<img src=x onerror=alert(1)>",
    ):
        assert url_problem(bad, "youtube"), bad


@pytest.fixture
def backend():
    return "sqlite"


def test_a_form_save_with_a_javascript_url_is_refused_and_stores_nothing(client, store):
    mod = module(type="iframe", family="Basic", dataSource="javascript:alert(document.domain)")
    response = post(
        client, "/charts/create", {"name": "x", "mode": "freeform", "module_a": as_json(mod)}
    )
    assert response.status_code == 400
    assert "modules[0].dataSource" in response.text and "javascript: URL" in response.text
    assert store.count() == 0


# Numbers, text, nesting, size ---------------------------------------------------------------

NOT_STORABLE = {
    "height 1e400": '{"name": "x", "modules": [{"height": 1e400}]}',
    "NaN": '{"name": "x", "refreshInterval": NaN, "modules": []}',
    "Infinity": '{"name": "x", "modules": [], "a": -Infinity}',
    "4,400 digits": '{"name": "x", "modules": [], "n": ' + "9" * 4400 + "}",
    "2^63": '{"name": "x", "modules": [], "n": 9223372036854775808}',
    "lone surrogate": '{"name": "\\ud800", "modules": []}',
    "$ key": '{"name": "x", "modules": [{"$where": "1"}]}',
    "NUL in a key": '{"name": "x", "modules": [], "a\\u0000b": 1}',
    "deep": '{"name": "x", "modules": [], "deep": ' + "[" * 490 + "]" * 490 + "}",
    "family object": '{"name": "x", "modules": [{"family": {"a": 1}, "type": "line"}]}',
    "family list": '{"name": "x", "modules": [{"family": ["C3"], "type": ["line"]}]}',
    "modules a number": '{"name": "x", "modules": 5}',
    "modules true": '{"name": "x", "modules": true}',
    "category a list": '{"name": "x", "modules": [], "category": ["a"]}',
}


@pytest.mark.parametrize("text", NOT_STORABLE.values(), ids=NOT_STORABLE.keys())
def test_what_no_dashboard_may_be_is_a_400_on_every_route(client, make_dashboard, store, text):
    doc = make_dashboard()
    validated = client.post("/jsondash/api/validate", data=text)
    assert validated.status_code == 200 and validated.get_json()["valid"] is False
    raw = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": text})
    assert raw.status_code == 400
    form = post(client, "/charts/create", {"name": "y", "mode": "freeform", "module_a": text})
    assert form.status_code == 400
    assert store.count() == 1 and stored(client.application, doc["id"]) == doc


@pytest.mark.parametrize(
    "overrides, words",
    [
        ({"name": "n" * 201}, "at most 200"),
        ({"modules": [module(f"m-{i}-0-0-0") for i in range(501)]}, "a dashboard may have 500"),
        ({"modules": [module(height=10**6)]}, "height"),
        ({"modules": [module(order=10**12)]}, "order"),
        ({"modules": [module(refreshInterval=10**12)]}, "refreshInterval"),
        ({"padding": "x" * 1_100_000}, "a dashboard may be 1,000,000"),
    ],
)
def test_limits_are_refused_with_a_sentence(client, make_dashboard, overrides, words):
    doc = make_dashboard()
    config = json.dumps({**doc, **overrides})
    response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": config})
    assert response.status_code == 400
    assert words in response.text


def test_a_request_body_beyond_the_limit_is_a_413_with_a_sentence(client, app, store):
    app.config["JSONDASH_MAX_REQUEST_BYTES"] = 100_000
    body = json.dumps({"name": "x", "modules": [], "pad": "x" * 200_000})
    validated = client.post("/jsondash/api/validate", data=body)
    assert validated.status_code == 413
    created = post(client, "/charts/create", {"name": "x" * 200_000})
    assert created.status_code == 413 and "JSONDASH_MAX_REQUEST_BYTES" in created.text
    assert store.count() == 0


def test_settings_bound_the_limits(client, app, make_dashboard):
    app.config.update(JSONDASH_MAX_MODULES=2, JSONDASH_MAX_DEPTH=5)
    doc = make_dashboard()
    three = json.dumps(
        {**doc, "modules": [module("a-1-1-1-1"), module("b-1-1-1-1"), module("c-1-1-1-1")]}
    )
    response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": three})
    assert "a dashboard may have 2" in response.text
    deep = json.dumps({**doc, "x": [[[[[[1]]]]]]})
    response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": deep})
    assert "nested more than 5 levels" in response.text


# What was stored before the rules still opens ---------------------------------------------


def store_raw(app, document):
    """Store a document as an old version (or another program) did: with no validation."""
    with app.app_context():
        get_db_handler().insert(document)


def embedded_json(html: str, element: str = "jsondash-config") -> dict:
    match = re.search(rf'<script type="application/json" id="{element}">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1), parse_constant=lambda name: pytest.fail(name))


def test_an_old_row_with_impossible_numbers_and_text_still_opens(client, app):
    doc = dashboard(
        modules=[
            module("a-1-1-1-1", height=float("inf"), width=1e400, order=float("nan")),
            module("b-1-1-1-1", name="\udfff", refreshInterval=float("inf"), refresh=True),
            module(
                "c-1-1-1-1",
                type="youtube",
                family="Basic",
                dataSource='<iframe width="1e999" height="315" src="https://www.youtube.com/embed/x">',
            ),
        ],
    )
    store_raw(app, doc)
    for url in (
        f"/charts/{doc['id']}",
        f"/charts/{doc['id']}?embeddable=1",
        f"/charts/{doc['id']}?jsondash_demo_mode=1",
        "/charts/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(f"/charts/{doc['id']}").text
    shown = embedded_json(page)
    assert shown["modules"][0]["height"] is None and shown["modules"][0]["order"] is None
    cloned = post(client, f"/charts/{doc['id']}/clone")
    assert cloned.status_code == 302
    refused = post(client, f"/charts/{doc['id']}/update", {"name": "y", "mode": "freeform"})
    assert refused.status_code in (302, 400)


def test_a_stored_row_that_is_not_an_object_opens_and_can_be_deleted(client, app):
    import sqlite3

    with app.app_context():
        get_db_handler().insert(dashboard(name="fine"))
    path = app.config["CHARTS_DB_PATH"]
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO views (id, name, num_modules, document) VALUES (?, ?, 0, ?)",
            ("broken", "Broken one", "[1, 2, 3]"),
        )
        conn.execute(
            "INSERT INTO views (id, name, num_modules, document) VALUES (?, ?, 0, ?)",
            ("garbage", "Garbage", "{not json"),
        )
    assert "Broken one" in client.get("/charts/").text
    for c_id in ("broken", "garbage"):
        page = client.get(f"/charts/{c_id}")
        assert page.status_code == 200
        assert "This dashboard cannot be shown" in page.text
    fixed = json.dumps(dashboard(name="Repaired"))
    response = post(client, "/charts/broken/update", {"edit-raw": "on", "config": fixed})
    assert response.status_code == 302 and stored(app, "broken")["name"] == "Repaired"
    assert post(client, "/charts/garbage/delete").status_code == 302
    assert stored(app, "garbage") is None


@pytest.mark.parametrize(
    "config, named",
    [
        ({"CHARTS_DB_TIMEOUT": "nan"}, "CHARTS_DB_TIMEOUT"),
        ({"CHARTS_DB_TIMEOUT": "inf"}, "CHARTS_DB_TIMEOUT"),
        ({"CHARTS_DB_TIMEOUT": "-1"}, "CHARTS_DB_TIMEOUT"),
        (
            {"CHARTS_ACTIVE_DB": "mongo", "CHARTS_DB_URI": "mongodb://a:b:c@@/x"},
            "CHARTS_DB_URI",
        ),
        ({"CHARTS_ACTIVE_DB": "mongo", "CHARTS_DB_URI": "http://not-mongo/"}, "CHARTS_DB_URI"),
    ],
)
def test_unusable_settings_are_a_503_naming_them(tmp_path, config, named):
    app = make_app("sqlite", tmp_path, **config)
    response = app.test_client().get("/charts/")
    assert response.status_code == 503 and named in response.text


def test_mongodb_refusals_are_400s_too(tmp_path):
    app = make_app("mongomock", tmp_path)
    client = app.test_client()
    doc = dashboard()
    store_raw(app, doc)
    for text in (NOT_STORABLE["$ key"], NOT_STORABLE["2^63"], NOT_STORABLE["NUL in a key"]):
        response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": text})
        assert response.status_code == 400


@pytest.fixture
def read_only_file():
    """Make a file read-only, for root too (chattr +i); undone afterwards."""
    made = []

    def make(path):
        if os.geteuid() != 0:
            os.chmod(path, 0o444)
            return
        done = subprocess.run(["chattr", "+i", path], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot make a file read-only for root here: {done.stderr.strip()}")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", path], check=True)


def test_a_read_only_database_file_can_still_be_read(tmp_path, read_only_file):
    """Saving is refused with a message naming the cause; reading works."""
    import sqlite3

    app = make_app("sqlite", tmp_path)
    doc = dashboard(name="Readable")
    store_raw(app, doc)
    path = app.config["CHARTS_DB_PATH"]
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    read_only_file(path)
    client = make_app("sqlite", tmp_path / "again", CHARTS_DB_PATH=path).test_client()
    index = client.get("/charts/")
    assert index.status_code == 200 and "Readable" in index.text
    assert client.get(f"/charts/{doc['id']}").status_code == 200
    saved = post(client, "/charts/create", {"name": "new"})
    assert saved.status_code == 503 and "read-only" in saved.text


# Flash messages and headers -----------------------------------------------------------------


def test_flash_messages_stay_short_so_the_session_cookie_does_too(client, make_dashboard):
    doc = make_dashboard()
    broken = {**doc, "modules": [{"bad": i} for i in range(300)]}
    response = post(
        client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": json.dumps(broken)}
    )
    assert response.status_code == 400
    cookie = response.headers.get("Set-Cookie", "")
    assert len(cookie) < 4000


def test_security_headers_on_the_pages(client, app, make_dashboard):
    doc = make_dashboard()
    page = client.get(f"/charts/{doc['id']}")
    policy = page.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/jsondash/css/app.css").headers["X-Content-Type-Options"] == "nosniff"
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    app.config["JSONDASH_EMBED_FRAME_ANCESTORS"] = "'self' https://intranet.example.com"
    embedded = client.get(f"/charts/{doc['id']}?embeddable=1")
    assert (
        "frame-ancestors 'self' https://intranet.example.com"
        in embedded.headers["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in embedded.headers
    app.config["JSONDASH_CDN"] = True
    assert "https://cdn.jsdelivr.net" in client.get("/charts/").headers["Content-Security-Policy"]


def test_a_host_keeps_its_own_headers_or_turns_ours_off(tmp_path):
    app = make_app("sqlite", tmp_path, JSONDASH_CONTENT_SECURITY_POLICY="default-src 'none'")
    assert (
        app.test_client().get("/charts/").headers["Content-Security-Policy"] == "default-src 'none'"
    )
    app.config["JSONDASH_SECURITY_HEADERS"] = False
    response = app.test_client().get("/charts/")
    assert "Content-Security-Policy" not in response.headers
    assert "X-Frame-Options" not in response.headers
