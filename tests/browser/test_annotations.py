"""Annotations and the shared crosshair (issue 14, items 6 and 7): events from the document's
annotation sources drawn on the time-series widgets of C3, Plotly and Vega-Lite (a line for an
instant, a band for a range, the text on hover), a toggle per source, a failing source that
says so while the widgets draw, and a crosshair that follows the mouse from one time-series
widget to the others."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlparse

import pytest
from test_controls import ready, store

pytestmark = pytest.mark.browser

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
HOURS = 24
DATES = [(START + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%SZ") for h in range(HOURS)]
VALUES = [(h * 7) % 11 for h in range(HOURS)]
# An instant at 12:00 (12/23 of the data's span) and a range from 03:00 to 06:00.
DEPLOY = {"time": "2026-01-01T12:00:00Z", "text": "Deploy 42", "tags": ["api"]}
OUTAGE = {
    "time": int((START + timedelta(hours=3)).timestamp() * 1000),
    "timeEnd": int((START + timedelta(hours=6)).timestamp() * 1000),
    "text": "Outage",
}
PAYLOADS = {
    "c3": {"dates": DATES, "load": VALUES},
    "plotly": {"data": [{"type": "scatter", "mode": "lines", "x": DATES, "y": VALUES}]},
    "vega": {
        "data": {"values": [{"t": d, "v": v} for d, v in zip(DATES, VALUES, strict=True)]},
        "mark": "line",
        "encoding": {
            "x": {"field": "t", "type": "temporal"},
            "y": {"field": "v", "type": "quantitative"},
        },
    },
}
FAMILIES = {"c3": ("C3", "timeseries"), "plotly": ("PlotlyStandard", "plotly-any")}
FAMILIES["vega"] = ("Vega", "vega-lite")


def widget(kind: str, name: str | None = None) -> dict:
    family, chart = FAMILIES[kind]
    return {
        "name": name or kind,
        "family": family,
        "type": chart,
        "dataSource": f"/ann/{kind}?from=$__from&to=$__to",
        "width": 420,
        "height": 300,
        "guid": str(uuid.uuid4()),
    }


class Data:
    """Answers /ann/... : the widgets' data and the annotation sources; keeps the queries."""

    def __init__(self, page) -> None:
        self.requests: list[tuple[str, dict]] = []
        page.route("**/ann/**", self.answer)

    def answer(self, route) -> None:
        url = urlparse(route.request.url)
        name = url.path.rsplit("/", 1)[-1]
        self.requests.append((name, parse_qs(url.query)))
        if name in PAYLOADS:
            body = PAYLOADS[name]
        elif name == "events":
            body = [DEPLOY, OUTAGE]
        elif name == "broken":
            route.fulfill(status=500, body="down")
            return
        else:  # "shapeless": not a list
            body = {"events": "none"}
        route.fulfill(content_type="application/json", body=json.dumps(body))


def open_dashboard(site, page, modules, annotations, **fields) -> None:
    c_id = store(
        site,
        modules,
        annotations={"list": annotations},
        time={"from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"},
        timezone="utc",
        **fields,
    )
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)


DEPLOYS = {"name": "Deploys", "url": "/ann/events?from=$__from&to=$__to", "color": "#d62728"}

# Where the marks are, as a fraction of the drawn data line's width: [(fraction, kind)], kind
# "line" (an instant) or "band" (a range), for the widget named `name`.
MARKS_JS = """
([name, family]) => {
    const widget = [...document.querySelectorAll('.widget')]
        .find(w => w.querySelector('.jd-widget-title').textContent === name);
    const box = (el) => el.getBoundingClientRect();
    const selectors = {
        c3: ['path.c3-line', 'line.jd-annotation-line', 'rect.jd-annotation-band'],
        plotly: ['.scatterlayer path.js-line', '.shapelayer path', null],
        vega: ['g.mark-line path', 'g.mark-rule.role-mark line', 'g.mark-rect.role-mark path'],
    }[family];
    const data = box(widget.querySelector(selectors[0]));
    const at = (x) => Math.round((x - data.left) / data.width * 100) / 100;
    const marks = [];
    widget.querySelectorAll(selectors[1]).forEach((el) => {
        const b = box(el);
        if (b.width < 4) { marks.push([at(b.left + b.width / 2), 'line']); }
        else { marks.push([at(b.left), 'band', at(b.right)]); }
    });
    if (selectors[2]) {
        widget.querySelectorAll(selectors[2]).forEach((el) => {
            const b = box(el);
            marks.push([at(b.left), 'band', at(b.right)]);
        });
    }
    return marks.sort();
}
"""


def marks(page, name: str, family: str) -> list:
    return page.evaluate(MARKS_JS, [name, family])


def near(value: float, expected: float) -> bool:
    return abs(value - expected) < 0.04


def assert_marks(found: list) -> None:
    """An instant at 12/23 of the span, a band from 3/23 to 6/23 (its edges drawn as lines)."""
    lines = [m[0] for m in found if m[1] == "line"]
    bands = [m for m in found if m[1] == "band"]
    assert any(near(x, 12 / 23) for x in lines), found
    assert len(bands) == 1, found
    assert near(bands[0][0], 3 / 23) and near(bands[0][2], 6 / 23), found


def wait_for_marks(page, name: str, family: str, count: int = 1) -> None:
    page.wait_for_function(
        "(args) => (" + MARKS_JS + ")(args).filter(m => m[1] === 'line').length >= " + str(count),
        arg=[name, family],
    )


def test_annotations_are_drawn_on_each_family_with_their_text(site, page):
    data = Data(page)
    open_dashboard(site, page, [widget("c3"), widget("plotly"), widget("vega")], [DEPLOYS])
    for family in ("c3", "plotly", "vega"):
        wait_for_marks(page, family, family)
        assert_marks(marks(page, family, family))
    # The source's URL was interpolated like a data source: the time range in ms.
    query = [q for n, q in data.requests if n == "events"][-1]
    assert int(query["from"][0]) == int(START.timestamp() * 1000)
    # The text on hover. C3: the marker's (and the mark's) title.
    c3 = page.locator(".widget", has_text="c3")
    titles = c3.locator("g.jd-annotation > title").all_text_contents()
    assert any("Deploy 42" in t and "api" in t for t in titles), titles
    assert any(t.startswith("Outage") for t in titles), titles
    marker = c3.locator("g.jd-annotation:not(.jd-annotation-range) path.jd-annotation-marker")
    marker.hover()
    assert "Deploy 42" in marker.locator("title").text_content()
    # Plotly: the marker at the foot of the line has the text as its hover label.
    plotly = page.locator(".widget", has_text="plotly")
    # Plotly takes the mouse on its drag layer, over the points: move there.
    hover_center(page, plotly.locator(".scatterlayer .trace:last-child path.point").nth(1))
    page.wait_for_selector(".widget:has-text('plotly') .hoverlayer .hovertext")
    assert "Deploy 42" in (plotly.locator(".hoverlayer").text_content() or "")
    # Vega-Lite: the rule's tooltip (Vega writes it into the chart's title).
    vega = page.locator(".widget", has_text="vega")
    hover_center(page, vega.locator("g.mark-rule.role-mark line").first)
    wait_for_title(page, "Deploy 42")
    assert not page.problems


def test_the_toggle_hides_and_shows_the_marks(site, page):
    Data(page)
    open_dashboard(site, page, [widget("c3"), widget("plotly"), widget("vega")], [DEPLOYS])
    for family in ("c3", "plotly", "vega"):
        wait_for_marks(page, family, family)
    toggle = page.locator("#jd-controls").get_by_label("Deploys")
    assert toggle.is_checked()
    toggle.uncheck()
    page.wait_for_function(
        "() => !document.querySelector('.jd-annotation') &&"
        " !document.querySelector('.shapelayer path') &&"
        " !document.querySelector('g.mark-rule.role-mark line')"
    )
    toggle.check()
    for family in ("c3", "plotly", "vega"):
        wait_for_marks(page, family, family)
    assert not page.problems


def test_a_failing_source_says_so_and_the_widgets_draw(site, page):
    Data(page)
    open_dashboard(
        site,
        page,
        [widget("c3"), widget("plotly"), widget("vega")],
        [
            DEPLOYS,
            {"name": "Broken", "url": "/ann/broken", "color": "blue"},
            {"name": "Shapeless", "url": "/ann/shapeless"},
            # Grafana's built-in source (no url) and a hidden one are not in the bar.
            {"name": "Annotations & Alerts", "builtIn": 1, "enable": True},
            {"name": "Hidden", "url": "/ann/events", "hide": True, "enable": False},
        ],
    )
    bar = page.locator("#jd-controls .jd-annotations")
    page.wait_for_function(
        "() => document.querySelectorAll("
        "'#jd-controls .jd-annotations .jd-control-problem').length === 2"
    )
    broken = bar.locator("[data-annotation='Broken']")
    assert "could not be shown" in broken.inner_text() and "500" in broken.inner_text()
    assert "expected a JSON list" in bar.locator("[data-annotation='Shapeless']").inner_text()
    names = bar.locator(".jd-annotation-toggle").evaluate_all(
        "rows => rows.map(r => r.dataset.annotation)"
    )
    assert names == ["Deploys", "Broken", "Shapeless"]
    for family in ("c3", "plotly", "vega"):
        assert page.locator(".widget", has_text=family).get_attribute("data-status") == "ready"
        wait_for_marks(page, family, family)
    # Turning the failing source off takes its message away.
    bar.get_by_label("Broken").uncheck()
    assert broken.locator(".jd-control-problem").count() == 0


# Whether the widget named `name` shows a crosshair.
CROSSHAIR_SHOWN = """(name) => {
    const widget = [...document.querySelectorAll('.widget')]
        .find(w => w.querySelector('.jd-widget-title').textContent === name);
    const line = widget.querySelector('.jd-crosshair');
    return Boolean(line) && getComputedStyle(line).display !== 'none' && !line.hidden;
}"""


def crosshair_shown(page, name: str) -> bool:
    return page.evaluate(CROSSHAIR_SHOWN, name)


def wait_for_crosshair(page, name: str) -> None:
    page.wait_for_function(CROSSHAIR_SHOWN, arg=name)


def move_away(page) -> None:
    """The mouse off every chart: no crosshair is shown."""
    page.mouse.move(5, 5)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jd-crosshair')]"
        ".every(l => l.hidden || getComputedStyle(l).display === 'none')"
    )


def hover_center(page, locator) -> None:
    box = locator.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def wait_for_title(page, pattern: str) -> None:
    """Some element of a widget has a title (a Vega tooltip) that the regular expression finds."""
    page.wait_for_function(
        "(pattern) => [...document.querySelectorAll('.widget [title]')]"
        ".some(el => new RegExp(pattern).test(el.getAttribute('title')))",
        arg=pattern,
    )


def hover_middle(page, name: str, selector: str) -> None:
    area = page.locator(".widget", has_text=name).locator(selector).first.bounding_box()
    page.mouse.move(area["x"] + area["width"] / 2 - 20, area["y"] + area["height"] / 2)
    page.mouse.move(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2, steps=4)


@pytest.mark.parametrize("mode", [1, 2])
def test_the_shared_crosshair_follows_the_mouse(site, page, mode):
    Data(page)
    modules = [
        widget("c3", "first c3"),
        widget("c3", "second c3"),
        widget("plotly", "first plotly"),
        widget("plotly", "second plotly"),
    ]
    open_dashboard(site, page, modules, [], graphTooltip=mode)
    others = ["second c3", "first plotly", "second plotly"]
    hover_middle(page, "first c3", "path.c3-line")
    for name in others:
        wait_for_crosshair(page, name)
    assert not crosshair_shown(page, "first c3")
    if mode == 2:
        second = page.locator(".widget", has_text="second c3").locator(".c3-tooltip-container")
        assert second.is_visible()
        plotly = page.locator(".widget", has_text="second plotly")
        assert plotly.locator(".hoverlayer .hovertext").count() >= 1
    # From a Plotly chart to the C3 ones.
    move_away(page)
    hover_middle(page, "first plotly", ".nsewdrag")
    for name in ("first c3", "second c3"):
        wait_for_crosshair(page, name)
    assert crosshair_shown(page, "second plotly")
    assert not page.problems


def test_no_crosshair_when_graph_tooltip_is_off(site, page):
    Data(page)
    open_dashboard(site, page, [widget("c3", "one"), widget("plotly", "two")], [])
    hover_middle(page, "one", "path.c3-line")
    page.wait_for_timeout(300)
    assert page.locator(".jd-crosshair").count() == 0


# Where a widget's crosshair is, as a fraction of its drawn data line's width.
CROSSHAIR_AT = """([name, selector]) => {
    const widget = [...document.querySelectorAll('.widget')]
        .find(w => w.querySelector('.jd-widget-title').textContent === name);
    const line = widget.querySelector('.jd-crosshair').getBoundingClientRect();
    const data = widget.querySelector(selector).getBoundingClientRect();
    return (line.left + line.width / 2 - data.left) / data.width;
}"""


def test_the_crosshair_reaches_vega_lite_and_comes_from_it(site, page):
    Data(page)
    modules = [widget("c3", "c3 chart"), widget("vega", "vega chart")]
    open_dashboard(site, page, modules, [], graphTooltip=1)
    hover_middle(page, "c3 chart", "path.c3-line")
    wait_for_crosshair(page, "vega chart")
    # The mouse is half-way along the C3 line: so is the line on the Vega-Lite chart.
    vega_at = page.evaluate(CROSSHAIR_AT, ["vega chart", "g.mark-line path"])
    assert abs(vega_at - 0.5) < 0.03, vega_at
    # And back: the mouse over the Vega-Lite chart marks its time on the C3 one.
    move_away(page)
    hover_middle(page, "vega chart", "g.mark-line path")
    wait_for_crosshair(page, "c3 chart")
    c3_at = page.evaluate(CROSSHAIR_AT, ["c3 chart", "path.c3-line"])
    assert abs(c3_at - 0.5) < 0.03, c3_at
    assert not page.problems
