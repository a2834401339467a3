"""How a dashboard page loads: its data requests start before the chart libraries have arrived
(and are not made twice), the widgets in view are drawn first, C3 draws without its fade-in
(unless the document sets a transition), long series draw without invisible points or a tick
at every point, and the editor arrives after the charts without losing an early click."""

from __future__ import annotations

import json
import uuid

import pytest
from widgets import wait_until_settled, widget_states

from flask_jsondash.db import get_db_handler, now_string
from flask_jsondash.settings import CHARTS_CONFIG

pytestmark = pytest.mark.browser

CORS_JSON = {"Access-Control-Allow-Origin": "*", "Content-Type": "application/json"}


def c3_module(site, name: str, path: str, **extra) -> dict:
    return {
        "name": name,
        "family": "C3",
        "type": "line",
        "dataSource": f"{site.data_url}/loading-test/{path}",
        "width": 400,
        "height": 300,
        "guid": f"loading-{uuid.uuid4().hex[:12]}",
        **extra,
    }


@pytest.fixture
def stored_dashboard(site):
    """Store a freeform dashboard of the given modules; yield its URL; remove it."""
    ids = []

    def store(modules: list[dict]) -> str:
        doc = {
            "id": str(uuid.uuid4()),
            "name": "Loading test",
            "category": "Tests",
            "layout": "freeform",
            "date": now_string(),
            "created_by": "global",
            "modules": modules,
        }
        with site.app.app_context():
            get_db_handler().insert(doc)
        ids.append(doc["id"])
        return f"{site.url}/charts/{doc['id']}"

    yield store
    with site.app.app_context():
        for c_id in ids:
            get_db_handler().remove(c_id)


def answer_json(page, site, payloads: dict) -> None:
    """Answer /loading-test/<path> on the data server with payloads[path] (CORS allowed)."""

    def fulfill(route):
        path = route.request.url.split("/loading-test/", 1)[1].split("?", 1)[0]
        route.fulfill(status=200, headers=CORS_JSON, body=json.dumps(payloads[path]))

    page.route(f"{site.data_url}/loading-test/**", fulfill)


def test_data_requests_start_before_the_libraries_arrive_and_are_made_once(site, page):
    """The widgets' data travels while C3 loads: every data request is sent (and answered)
    while the page still waits for c3.min.js, and none is sent again once the runtime runs."""
    data = []
    page.on("request", lambda r: data.append(r.url) if r.url.startswith(site.data_url) else None)
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    answered = []
    page.on("requestfinished", lambda r: answered.append(r.url) if r.url in data else None)
    held = []
    page.route("**/vendor/c3/c3.min.js", lambda route: held.append(route))
    page.goto(site.dashboard_url("c3-charts"), wait_until="commit")
    distinct = {m["dataSource"] for m in site.dashboards["c3-charts"]["modules"]}
    deadline = 200
    while (len(held) == 0 or len(set(answered)) < len(distinct)) and deadline:
        page.wait_for_timeout(50)
        deadline -= 1
    assert held, "the page asked for C3"
    assert sorted(set(answered)) == sorted(distinct), "every source answered before C3 arrived"
    assert page.evaluate("typeof window.c3") == "undefined"
    for route in held:
        route.continue_()
    page.unroute("**/vendor/c3/c3.min.js")
    wait_until_settled(page)
    assert {s["status"] for s in widget_states(page)} == {"ready"}
    assert sorted(data) == sorted(distinct), "one request per distinct data source, no more"
    # They were asked for from the page's head, before any script ran, and each answer was
    # used (Chromium warns of a preloaded answer nobody takes).
    preloaded = page.eval_on_selector_all(
        "head link[rel=preload][as=fetch]", "links => links.map(l => l.href)"
    )
    assert sorted(preloaded) == sorted(distinct)
    assert not [w for w in warnings if "preload" in w], warnings
    assert page.problems == []


def test_widgets_in_view_are_drawn_before_the_others(site, page):
    page.set_viewport_size({"width": 1400, "height": 700})
    page.add_init_script(
        """window.readyOrder = [];
        document.addEventListener('jsondash.widget.ready',
            (e) => window.readyOrder.push(e.detail.guid));"""
    )
    # All the data is in before the runtime starts, so every widget waits to be drawn at once.
    data = []
    page.on(
        "requestfinished", lambda r: data.append(r.url) if r.url.startswith(site.data_url) else None
    )
    held = []
    page.route("**/js/bundles/runtime.js", lambda route: held.append(route))
    page.goto(site.dashboard_url("c3-charts"), wait_until="commit")
    distinct = {m["dataSource"] for m in site.dashboards["c3-charts"]["modules"]}
    deadline = 200
    while (not held or len(set(data)) < len(distinct)) and deadline:
        page.wait_for_timeout(50)
        deadline -= 1
    # Scrolled to the end, the widgets in view are the last ones of the page.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.scrollY") > 300
    for route in held:
        route.continue_()
    page.unroute("**/js/bundles/runtime.js")
    wait_until_settled(page)
    order = page.evaluate("window.readyOrder")
    in_view = page.evaluate(
        """(order) => order.map((guid) => {
            const box = document.querySelector(`.widget[data-guid="${guid}"]`);
            const r = box.getBoundingClientRect();
            return r.top < window.innerHeight && r.bottom > 0;
        })""",
        order,
    )
    assert len(order) == len(site.dashboards["c3-charts"]["modules"])
    assert True in in_view and False in in_view  # the test needs both kinds
    assert in_view == sorted(in_view, reverse=True), "every widget in view before the others"


def test_c3_draws_without_its_fade_in_unless_the_document_sets_a_transition(
    site, page, stored_dashboard
):
    plain = c3_module(site, "Plain", "plain")
    slow = c3_module(site, "Slow fade", "slow", override=True)
    area = c3_module(site, "Area", "plain", type="area")
    url = stored_dashboard([plain, slow, area])
    answer_json(
        page,
        site,
        {
            "plain": {"a": [1, 3, 2, 4], "b": [2, 2, 3, 1]},
            "slow": {"data": {"columns": [["a", 1, 3, 2, 4]]}, "transition": {"duration": 20000}},
        },
    )
    # The series' opacity as each widget says it is drawn, before any frame.
    page.add_init_script(
        """window.drawnOpacity = {};
        document.addEventListener('jsondash.widget.ready', (e) => {
            const line = e.target.querySelector('.c3-chart-line');
            window.drawnOpacity[e.detail.guid] = Number(getComputedStyle(line).opacity);
        });"""
    )
    page.goto(url)
    wait_until_settled(page)
    drawn = page.evaluate("window.drawnOpacity")
    assert drawn[plain["guid"]] == 1, "shown at once, not at the next frame"
    # Lines have no (empty) area paths; an area chart has its filled areas.
    areas = page.evaluate(
        """(guids) => guids.map((guid) => [...document.querySelectorAll(
            `.widget[data-guid="${guid}"] path.c3-area`)]
            .map((p) => (p.getAttribute('d') || '').length))""",
        [plain["guid"], area["guid"]],
    )
    assert areas[0] == [], areas
    assert len(areas[1]) == 2 and all(length > 10 for length in areas[1]), areas
    # Two animation frames after drawing: C3's fade-in (a d3 transition) has had its first tick.
    opacity = page.evaluate(
        """async (guids) => {
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            return guids.map((guid) => Number(getComputedStyle(document.querySelector(
                `.widget[data-guid="${guid}"] .c3-chart-line`)).opacity));
        }""",
        [plain["guid"], slow["guid"]],
    )
    assert opacity[0] == 1, "no fade-in by default"
    assert opacity[1] < 0.5, "the document's own 20 s transition is kept"
    assert page.problems == []


def test_long_series_draw_without_hidden_points_or_ticks_or_a_tick_per_point(
    site, page, stored_dashboard
):
    long = c3_module(site, "Long", "long")
    short = c3_module(site, "Short", "short")
    url = stored_dashboard([long, short])
    answer_json(
        page,
        site,
        {
            "long": {"a": [i % 17 for i in range(500)], "b": [i % 11 for i in range(500)]},
            "short": {"a": [1, 4, 2, 5, 3, 6, 2, 5]},
        },
    )
    page.goto(url)
    wait_until_settled(page)

    def counts(guid: str) -> dict:
        return page.evaluate(
            """(guid) => {
                const box = document.querySelector(`.widget[data-guid="${guid}"]`);
                return {
                    circles: box.querySelectorAll('.c3-circle').length,
                    xTicks: [...box.querySelectorAll('.c3-axis-x .tick text')]
                        .map((t) => t.textContent),
                    lines: [...box.querySelectorAll('path.c3-line')]
                        .filter((p) => p.getAttribute('d').length > 100).length,
                    yTicks: box.querySelectorAll('.c3-axis-y .tick').length,
                    hiddenTicks: box.querySelectorAll('.c3-axis-y2 .tick').length,
                };
            }""",
            guid,
        )

    drawn = counts(long["guid"])
    assert drawn["lines"] == 2
    assert drawn["circles"] == 0  # points are not shown beyond 60, so none are made
    assert drawn["xTicks"] == [str(i) for i in range(0, 500, 50)]  # round values, all labelled
    # The y axis has its ticks; the hidden second one none.
    assert drawn["yTicks"] > 3 and drawn["hiddenTicks"] == 0
    drawn = counts(short["guid"])
    assert drawn["circles"] == 8  # short series keep their points
    assert drawn["xTicks"] == [str(i) for i in range(8)]  # and a tick at each
    assert page.problems == []


def test_the_editor_arrives_after_the_charts(site, page):
    page.add_init_script(
        """window.readyAt = [];
        document.addEventListener('jsondash.widget.ready',
            () => window.readyAt.push(performance.now()));"""
    )
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    times = page.evaluate(
        """() => ({
            ready: Math.max(...window.readyAt),
            editor: performance.getEntriesByType('resource')
                .filter((e) => /editor\\/core\\.js$|jquery-ui\\.min\\.js$|gridstack\\.min\\.css$/
                    .test(e.name))
                .map((e) => e.startTime),
        })"""
    )
    assert len(times["editor"]) == 3
    assert min(times["editor"]) >= times["ready"]
    # GridStack's style sheet came with the editor, not in the page's head, and applies.
    page.wait_for_function("() => window.jsondash.laterLoaded")
    sheets = page.evaluate(
        """() => [...document.querySelectorAll('link[rel=stylesheet]')]
            .filter((l) => l.href.includes('gridstack')).map((l) => Boolean(l.sheet))"""
    )
    assert sheets == [True]
    page.get_by_role("button", name="Edit dashboard").click()
    assert page.locator("#jd-editor-bar").is_visible()
    assert page.problems == []


def test_edit_dashboard_clicked_before_the_editor_arrives_still_starts_editing(site, page):
    held = []
    page.route("**/js/editor/core.js", lambda route: held.append(route))
    page.goto(site.dashboard_url("c3-charts"), wait_until="domcontentloaded")
    page.get_by_role("button", name="Edit dashboard").click()
    deadline = 200
    while not held and deadline:
        page.wait_for_timeout(50)
        deadline -= 1
    assert held, "the click sent for the editor"
    assert not page.locator("#jd-editor-bar").is_visible()
    for route in held:
        route.continue_()
    page.unroute("**/js/editor/core.js")
    page.locator("#jd-editor-bar").wait_for(state="visible")
    assert page.get_by_role("button", name="Edit dashboard").is_hidden()
    wait_until_settled(page)
    assert page.problems == []


def test_the_early_requests_know_how_every_renderer_fetches(site, page):
    """js/sources.js lists the built-in types that do not fetch JSON; the renderers are the
    authority (fetch: 'json' by default, 'text' or false)."""
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    for family in CHARTS_CONFIG:
        page.add_script_tag(url=f"{site.url}/jsondash/js/renderers/{family.lower()}.js")
    mismatches = page.evaluate(
        """(charts) => {
            const out = [];
            for (const [family, types] of Object.entries(charts)) {
                for (const type of types) {
                    const entry = jsondash.renderers.get(family, type);
                    const early = jsondash.sources.kindOf({family: family, type: type});
                    if (!entry || entry.fetch !== early) {
                        out.push([family, type, entry && entry.fetch, early]);
                    }
                }
            }
            return out;
        }""",
        {name: [chart[0] for chart in entry["charts"]] for name, entry in CHARTS_CONFIG.items()},
    )
    assert mismatches == []
