"""The dashboard's "timezone" on every family's time axes (issue 14, item 3): "utc" shows times in
UTC and "browser" in the viewer's timezone, on C3 timeseries, Plotly date axes (whose numbers and
zoned texts would otherwise show as UTC or as written) and Vega-Lite temporal fields; a
dashboard that does not say keeps each library's own way. The viewer here is in India
(UTC+05:30, no daylight saving), so the two are half an hour apart on every label."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from test_annotations import hover_center, marks, wait_for_marks, wait_for_title
from test_controls import ready, store

pytestmark = pytest.mark.browser

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
HOURS = 13
MS = [int((START + timedelta(hours=h)).timestamp() * 1000) for h in range(HOURS)]
ZONED = [(START + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S+00:00") for h in range(HOURS)]
VALUES = [(h * 7) % 11 for h in range(HOURS)]
PAYLOADS = {
    "c3": {"dates": [z.replace("+00:00", "Z") for z in ZONED], "load": VALUES},
    # Epoch ms on an axis typed "date", and texts with a zone on an axis Plotly types itself.
    "plotly-ms": {
        "data": [{"type": "scatter", "x": MS, "y": VALUES}],
        "layout": {"xaxis": {"type": "date"}},
    },
    "plotly-zoned": {"data": [{"type": "bar", "x": ZONED, "y": VALUES}]},
    "vega": {
        "data": {"values": [{"t": t, "v": v} for t, v in zip(MS, VALUES, strict=True)]},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": "t", "type": "temporal"},
            "y": {"field": "v", "type": "quantitative"},
            "tooltip": [{"field": "t", "type": "temporal"}],
        },
    },
    # An annotation source: an instant half-way along the data.
    "events": [{"time": "2026-01-01T06:00:00Z", "text": "Deploy"}],
}
FAMILIES = {
    "c3": ("C3", "timeseries"),
    "plotly-ms": ("PlotlyStandard", "plotly-any"),
    "plotly-zoned": ("PlotlyStandard", "plotly-any"),
    "vega": ("Vega", "vega-lite"),
}
# The x axis's tick labels of the widget named `name`.
TICKS_JS = """
(name) => {
    const widget = [...document.querySelectorAll('.widget')]
        .find(w => w.querySelector('.jd-widget-title').textContent === name);
    const selector = {
        'c3': '.c3-axis-x .tick text',
        'plotly-ms': '.xtick text',
        'plotly-zoned': '.xtick text',
        'vega': '.role-axis-label text',
    }[name];
    return [...widget.querySelectorAll(selector)].map(t => t.textContent.trim()).filter(Boolean);
}
"""


@pytest.fixture
def india(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, timezone_id="Asia/Kolkata"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    page.route(
        "**/tz/**",
        lambda route: route.fulfill(
            content_type="application/json",
            body=json.dumps(PAYLOADS[route.request.url.rsplit("/", 1)[-1]]),
        ),
    )
    yield page
    context.close()


def open_dashboard(site, page, **fields) -> dict[str, list[str]]:
    modules = [
        {
            "name": name,
            "family": family,
            "type": chart,
            "dataSource": f"/tz/{name}",
            "width": 600,
            "height": 280,
            "guid": str(uuid.uuid4()),
        }
        for name, (family, chart) in FAMILIES.items()
    ]
    page.goto(f"{site.url}/charts/{store(site, modules, **fields)}")
    ready(page)
    return {name: page.evaluate(TICKS_JS, name) for name in FAMILIES}


def test_utc_shows_utc_times_on_every_family(site, india):
    ticks = open_dashboard(site, india, timezone="utc")
    assert ticks["c3"][0] == "00:00", ticks
    # Plotly would show the epoch ms in the viewer's time (from 06:00) without the timezone.
    assert ticks["plotly-ms"][0].startswith("00:00"), ticks
    assert ticks["plotly-zoned"][0].startswith("00:00"), ticks
    # Vega-Lite's temporal axis: midnight is labelled with the year, then 01 AM ... 12 PM.
    assert "01 AM" in ticks["vega"] and "12 PM" in ticks["vega"] and "05 PM" not in ticks["vega"], (
        ticks
    )
    # The tooltip of a Vega-Lite point says the time in UTC too.
    hover_center(
        india, india.locator(".widget", has_text="vega").locator("g.mark-symbol path").first
    )
    wait_for_title(india, "00:00")
    assert not india.errors


def test_browser_shows_the_viewers_times_on_every_family(site, india):
    ticks = open_dashboard(site, india, timezone="browser")
    assert ticks["c3"][0] == "06:00", ticks
    # The first hour is 05:30 here: the first whole-hour label is 06:00 on every family.
    assert ticks["plotly-ms"][0].startswith("06:00"), ticks
    assert ticks["plotly-zoned"][0].startswith("06:00"), ticks
    assert ticks["vega"][0] == "06 AM" and "05 PM" in ticks["vega"], ticks
    assert not india.errors


def test_a_dashboard_without_a_timezone_draws_as_before(site, india):
    ticks = open_dashboard(site, india)
    # Each library's own way: C3, Vega-Lite and Plotly's numbers in the viewer's time, and
    # Plotly's texts with a zone as they are written.
    assert ticks["c3"][0] == "06:00", ticks
    assert ticks["plotly-ms"][0].startswith("06:00"), ticks
    assert ticks["plotly-zoned"][0].startswith("00:00"), ticks
    assert ticks["vega"][0] == "06 AM", ticks
    assert not india.errors


@pytest.mark.parametrize("zone", ["browser", "utc"])
def test_annotations_land_on_their_time_in_either_timezone(site, india, zone):
    """An event at 06:00 UTC sits half-way along the 00:00 to 12:00 UTC data, however shown."""
    source = {"name": "Deploys", "url": "/tz/events", "color": "#d62728"}
    open_dashboard(site, india, timezone=zone, annotations={"list": [source]})
    for name, family in (("c3", "c3"), ("plotly-ms", "plotly"), ("vega", "vega")):
        wait_for_marks(india, name, family)
        lines = [m[0] for m in marks(india, name, family) if m[1] == "line"]
        assert any(abs(x - 0.5) < 0.03 for x in lines), (name, lines)
    assert not india.errors


def test_the_settings_switch_theme_and_timezone_at_once_and_undo_switches_back(site, india):
    """Issue 14, item 8: "switchable in settings". Applied, not yet saved: the page and its
    charts change; undone, they are as they were."""
    india.on("dialog", lambda dialog: dialog.accept())
    assert open_dashboard(site, india)["c3"][0] == "06:00"
    axis_colour = "() => getComputedStyle(document.querySelector('.c3-axis-x .tick text')).fill"
    light_axis = india.evaluate(axis_colour)
    paper = india.locator(".widget", has_text="plotly-ms").locator("svg.main-svg").first
    light_paper = paper.evaluate("el => el.style.background")
    india.get_by_role("button", name="Edit dashboard").click()
    india.get_by_role("button", name="Settings").click()
    dialog = india.locator("#jd-settings-dialog")
    dialog.get_by_text("Variables, time range, refresh and theme").click()
    dialog.get_by_label("Theme").select_option("dark")
    dialog.get_by_label("Times shown in").select_option("utc")
    dialog.get_by_role("button", name="Apply").click()
    dialog.wait_for(state="hidden")

    india.wait_for_function("() => document.querySelector('#jsondash-dashboard.jd-theme-dark')")
    for name, first in (("c3", "00:00"), ("plotly-ms", "00:00Jan 1, 2026"), ("vega", "2026")):
        india.wait_for_function(f"(n) => ({TICKS_JS})(n)[0] === '{first}'", arg=name)
    assert india.evaluate(axis_colour) != light_axis
    # The Plotly chart was drawn again in the theme's colours.
    assert paper.evaluate("el => el.style.background") != light_paper

    india.get_by_role("button", name="Undo").click()
    india.wait_for_function("() => !document.querySelector('#jsondash-dashboard.jd-theme-dark')")
    # As before: Plotly's zoned texts as written again (the dashboard has no timezone).
    expected = (("c3", "06:00"), ("plotly-ms", "06:00Jan 1, 2026"), ("vega", "06 AM"))
    expected += (("plotly-zoned", "00:00Jan 1, 2026"),)
    for name, first in expected:
        india.wait_for_function(f"(n) => ({TICKS_JS})(n)[0] === '{first}'", arg=name)
    assert india.evaluate(axis_colour) == light_axis
    assert paper.evaluate("el => el.style.background") == light_paper
    assert not india.errors
