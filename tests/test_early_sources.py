"""The data a dashboard page asks for from its head (<link rel="preload" as="fetch">), before
any script runs: the distinct http(s) or relative URLs its widgets fetch, in page order; not
the ones that wait for variables, that are shown rather than fetched, or that the page cannot
show. js/sources.js then asks for the same URLs and gets those answers (the browser test in
tests/browser/test_loading.py checks that each is requested once)."""

from __future__ import annotations

import re

import pytest
from helpers import dashboard, make_app, module

from flask_jsondash.db import get_db_handler
from flask_jsondash.views.pages import MAX_EARLY_SOURCES

PRELOAD = re.compile(r'<link rel="preload" href="([^"]*)" as="fetch" crossorigin="anonymous">')


@pytest.fixture
def app(tmp_path):
    return make_app("sqlite", tmp_path)


def preloaded(app, doc: dict) -> list[str]:
    with app.app_context():
        get_db_handler().create(doc)
    html = app.test_client().get(f"/charts/{doc['id']}").text
    head = html.split("</head>", 1)[0]
    assert len(PRELOAD.findall(html)) == len(PRELOAD.findall(head)), "only in the head"
    return PRELOAD.findall(head)


def test_each_fetched_source_once_in_page_order(app):
    modules = [
        module("a", dataSource="http://127.0.0.1:5004/line", order=2),
        module("b", dataSource="/data/bar?x=1&y=2", order=1),
        module("c", dataSource="http://127.0.0.1:5004/line", order=3),  # the same as "a"
        module("d", family="Basic", type="custom", dataSource="https://example.com/frag", order=4),
    ]
    assert preloaded(app, dashboard(modules=modules)) == [
        "/data/bar?x=1&amp;y=2",
        "http://127.0.0.1:5004/line",
        "https://example.com/frag",
    ]


def test_a_grid_dashboard_row_by_row(app):
    modules = [
        module("a", width="col-6", row=2, dataSource="/two"),
        module("b", width="col-6", row=1, dataSource="/one"),
    ]
    assert preloaded(app, dashboard(layout="grid", modules=modules)) == ["/one", "/two"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"dataSource": "/metrics?env=$env"},  # waits for the variable's value
        {"dataSource": "/metrics?env=[[env]]"},
        {"family": "Basic", "type": "iframe", "dataSource": "https://example.com/"},
        {"family": "Basic", "type": "image", "dataSource": "https://example.com/a.png"},
        {"family": "Basic", "type": "youtube", "dataSource": "https://youtu.be/abc"},
        {"dataSource": "javascript:alert(1)"},
        {"dataSource": "data:application/json,[1]"},
        {"dataSource": "ftp://example.com/data.json"},
        {"width": None},  # a widget the page cannot lay out is not loaded
    ],
)
def test_what_is_not_asked_for_early(app, overrides):
    doc = dashboard(modules=[module(**overrides)])
    if overrides.get("width", 1) is None:
        del doc["modules"][0]["width"]
    assert preloaded(app, doc) == []


def test_a_hostile_address_cannot_leave_the_attribute(app):
    hostile = 'http://127.0.0.1:5004/x"><script>alert(1)</script>'
    html_urls = preloaded(app, dashboard(modules=[module(dataSource=hostile)]))
    assert html_urls == []


def test_at_most_so_many(app):
    modules = [module(f"m{i}", dataSource=f"/data/{i}", order=i) for i in range(50)]
    found = preloaded(app, dashboard(modules=modules))
    assert found == [f"/data/{i}" for i in range(MAX_EARLY_SOURCES)]


def test_the_types_not_fetched_are_those_js_sources_knows():
    """views/pages.py and js/sources.js keep the same list (the browser test checks the latter
    against the renderers)."""
    import os

    from helpers import ROOT

    from flask_jsondash.views.pages import NOT_FETCHED

    with open(os.path.join(ROOT, "flask_jsondash", "static", "js", "sources.js")) as handle:
        text = handle.read()
    listed = re.search(r"const FAMILIES = \{(.*?)\};", text, re.S).group(1)
    in_js = {
        family: set(re.findall(r"(\w+): false", types))
        for family, types in re.findall(r"(\w+): \{([^}]*)\}", listed)
    }
    assert {family: kinds for family, kinds in in_js.items() if kinds} == NOT_FETCHED
