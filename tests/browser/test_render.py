"""Every example dashboard in headless Chromium: each widget draws its chart, and the page logs
no error. Failing data sources break only their own widget, which says why."""

from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest
from widgets import drew_something, wait_until_settled, widget_states

from flask_jsondash.settings import CHARTS_CONFIG

pytestmark = pytest.mark.browser

EXAMPLES = sorted(
    name.removesuffix(".json")
    for name in os.listdir(
        os.path.join(os.path.dirname(__file__), "..", "..", "examples", "config")
    )
)
FAILING = "failures"
# Widgets whose content may scroll inside their box by design.
SCROLLS = {"datatable", "custom"}
# What each chart type must have drawn, beyond "something".
EVIDENCE = {
    "c3": lambda s: s["svgShapes"] >= 5,
    "datatable": lambda s: s["rows"] >= 1,
    "image": lambda s: s["images"] >= 1,
    "iframe": lambda s: s["iframes"] >= 1,
    "youtube": lambda s: s["iframes"] >= 1,
    "sigma": lambda s: s["canvases"] >= 1,
    "cytoscape": lambda s: s["canvases"] >= 1,
    "number": lambda s: s["text"] > 0,
    "numbergroup": lambda s: s["text"] > 0,
    "custom": lambda s: s["text"] > 0,
    "timeline": lambda s: s["text"] > 0,
}
C3_TYPES = {chart[0] for chart in CHARTS_CONFIG["C3"]["charts"]}


def evidence_for(state: dict) -> bool:
    kind = "c3" if state["type"] in C3_TYPES else state["type"]
    check = EVIDENCE.get(kind)
    if check is not None:
        return check(state)
    if state["type"].startswith("sparklines-"):
        return state["canvases"] >= 1
    return state["svgShapes"] >= 3 or state["canvases"] >= 1


@pytest.mark.parametrize("slug", [e for e in EXAMPLES if e != FAILING])
def test_every_widget_draws_its_chart(site, page, slug):
    page.goto(site.dashboard_url(slug))
    wait_until_settled(page, timeout=90_000 if slug == "stress" else 45_000)
    states = widget_states(page)
    assert len(states) == len(site.dashboards[slug]["modules"])
    failed = [(s["type"], s["error"]) for s in states if s["status"] != "ready"]
    assert failed == []
    blank = [s["type"] for s in states if not drew_something(s) or not evidence_for(s)]
    assert blank == [], f"widgets that drew nothing recognisable: {blank}"
    overflowing = [
        (s["type"], s["overflowX"], s["overflowY"])
        for s in states
        if s["type"] not in SCROLLS and (s["overflowX"] > 1 or s["overflowY"] > 1)
    ]
    assert overflowing == [], "charts must fit their widget"
    assert page.problems == []


def test_failing_sources_break_only_their_own_widget(site, page):
    page.goto(site.dashboard_url(FAILING))
    wait_until_settled(page)
    states = {s["guid"]: s for s in widget_states(page)}
    by_name = {m["name"]: states[m["guid"]] for m in site.dashboards[FAILING]["modules"]}
    assert by_name["Still fine"]["status"] == "ready"
    expected = {
        "Server error 500": "answered 500",
        "Slow, then 503": "answered 503",
        "Not found": "answered 404",
        "HTML instead of JSON": "did not return valid JSON",
        "Wrong shape of data": "should be a list",
        "Unreachable server": "Could not reach the data source",
        "Missing shared key": 'no "nope"',
    }
    for name, words in expected.items():
        state = by_name[name]
        assert state["status"] == "error", name
        assert words in state["error"], (name, state["error"])
    # Each error is shown inside its widget, with a way to try again.
    boxes = page.locator(".widget[data-status='error'] .jd-widget-error")
    assert boxes.count() == len(expected)
    assert page.locator(".widget[data-status='error'] button", has_text="Try again").count() == len(
        expected
    )


def test_dashboards_need_nothing_beyond_this_machine(site, page):
    """Every script, style and data request goes to loopback: dashboards work offline."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for slug in ("c3-charts", "plotly", "vega-lite", "tables-and-timelines", "graphs"):
        page.goto(site.dashboard_url(slug))
        wait_until_settled(page)
    outside = {
        url
        for url in requested
        if not url.startswith("data:") and urlparse(url).hostname not in ("127.0.0.1", "localhost")
    }
    assert outside == set()
    assert any("/jsondash/vendor/" in url for url in requested)


def test_a_library_that_did_not_load_is_said_once_at_the_top(site, page):
    """The runtime checks the families' globals (from their manifests) when the page loads."""
    page.route("**/c3.min.js", lambda route: route.abort())
    page.goto(site.dashboard_url("shared-data"))
    wait_until_settled(page)
    banner = page.locator(".jd-libraries-missing")
    assert banner.count() == 1
    assert "The C3 library did not load on this page (c3 is missing)" in banner.inner_text()
    states = {s["type"]: s["status"] for s in widget_states(page)}
    assert states == {"line": "error", "bar": "error", "pie": "error", "number": "ready"}
    c3_widget = page.locator(".widget[data-family='C3']").first
    assert "The C3 library did not load" in c3_widget.inner_text()
