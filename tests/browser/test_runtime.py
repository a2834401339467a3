"""The runtime in a real browser: shared data, inputs, refresh, callbacks, events and modes."""

from __future__ import annotations

import re

import pytest
from widgets import wait_until_settled, widget_states

pytestmark = pytest.mark.browser


def module_named(site, slug: str, name: str) -> dict:
    return next(m for m in site.dashboards[slug]["modules"] if m["name"] == name)


def widget(page, guid: str):
    return page.locator(f".widget[data-guid='{guid}']")


def test_shared_data_is_fetched_once(site, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/shared" in r.url else None)
    page.goto(site.dashboard_url("shared-data"))
    wait_until_settled(page)
    assert [s["status"] for s in widget_states(page)] == ["ready"] * 4
    assert len(requests) == 1
    # Each module drew its own share of the payload.
    guid = module_named(site, "shared-data", 'Number (key "singlenum")')["guid"]
    assert re.search(r"\d", widget(page, guid).locator(".jd-number").inner_text())


def test_inputs_become_query_parameters_and_redraw(site, page):
    config = module_named(site, "inputs", "Line with inputs")
    page.goto(site.dashboard_url("inputs"))
    wait_until_settled(page)
    box = widget(page, config["guid"])
    assert box.locator(".c3-circle").count() == 3 * 10  # defaults: 3 series of 10 points
    toggle = box.locator(".jd-inputs-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    form = box.locator("form.jd-widget-inputs")
    form.get_by_label("Points per series").select_option("25")
    form.get_by_label("Series", exact=True).fill("2")
    form.get_by_label("50").check()
    with page.expect_request(lambda r: "/custom-inputs?" in r.url) as request:
        form.get_by_role("button", name="Update chart").click()
    url = request.value.url
    assert "range=25" in url and "entries=2" in url and "starting_num=50" in url
    selector = f"[data-guid='{config['guid']}']"
    page.wait_for_function(f'() => document.querySelector("{selector}").dataset.status === "ready"')
    page.wait_for_function(
        f'() => document.querySelectorAll("{selector} .c3-circle").length === 50'
    )
    assert page.problems == []


def test_inputs_refuse_a_value_that_fails_the_validator(site, page):
    config = module_named(site, "inputs", "Line with inputs")
    page.goto(site.dashboard_url("inputs"))
    wait_until_settled(page)
    box = widget(page, config["guid"])
    box.locator(".jd-inputs-toggle").click()
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/custom-inputs" in r.url else None)
    box.get_by_label("Series", exact=True).fill("many")
    box.get_by_role("button", name="Update chart").click()
    page.wait_for_timeout(300)
    assert requests == []
    assert box.get_by_label("Series", exact=True).evaluate("el => el.validity.valid") is False


def test_checkbox_inputs_send_true_and_false(site, page):
    config = module_named(site, "inputs", "Options object with inputs (override)")
    page.goto(site.dashboard_url("inputs"))
    wait_until_settled(page)
    box = widget(page, config["guid"])
    box.locator(".jd-inputs-toggle").click()
    box.get_by_label("Show axes").uncheck()
    with page.expect_request(lambda r: "show_axes=" in r.url) as request:
        box.get_by_role("button", name="Apply").click()
    assert "show_axes=false" in request.value.url
    assert "override=true" in request.value.url


def test_refresh_button_fetches_again_and_redraws_once(site, page):
    config = module_named(site, "c3-charts", "Bar")
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    box = widget(page, config["guid"])
    before = box.get_attribute("data-loaded-at")
    with page.expect_request(lambda r: r.url.endswith("/bar")):
        box.locator(".jd-refresh").click()
    selector = f"[data-guid='{config['guid']}']"
    page.wait_for_function(
        f'() => document.querySelector("{selector}").dataset.loadedAt !== {before!r}'
    )
    assert box.locator("svg").count() == 1  # redrawn, not drawn twice
    assert box.locator(".jd-refresh").get_attribute("aria-label") == "Refresh Bar"


def test_refresh_interval_fetches_on_a_timer(site, page):
    config = module_named(site, "refresh", "Live gauge (every 3 s)")
    assert config["refreshInterval"] == 3000
    requests = []
    page.on("request", lambda r: requests.append(r.url) if r.url.endswith("/gauge") else None)
    page.goto(site.dashboard_url("refresh"))
    wait_until_settled(page)
    page.wait_for_timeout(7_000)
    assert len(requests) >= 3  # the first load, then one every 3 s
    assert widget(page, config["guid"]).get_attribute("data-status") == "ready"


def test_callbacks_run_after_the_widget_renders_in_order(site, page):
    config = module_named(site, "c3-charts", "Bar")
    held = []
    page.route("**/bar", lambda route: held.append(route))
    page.goto(site.dashboard_url("c3-charts"))
    page.evaluate(
        """(guid) => {
            window.calls = [];
            jsondash.api.registerCallback(guid, function (container, config, args) {
                const chart = container.node();
                window.calls.push(['first', typeof container.node,
                                   chart.classList.contains('jd-chart'), config.guid, args]);
            }, ['my', 'args']);
            jsondash.api.registerCallback(guid, function () {
                window.calls.push(['second', document.querySelectorAll(
                    "[data-guid='" + guid + "'] .c3-bar").length > 0]);
            });
        }""",
        config["guid"],
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.calls") == []  # its data has not arrived yet
    assert list(page.evaluate("Object.keys(jsondash.api.listCallbacks())")) == [config["guid"]]
    for route in held:
        route.continue_()
    page.unroute("**/bar")
    wait_until_settled(page)
    calls = page.evaluate("window.calls")
    assert calls == [
        ["first", "function", True, config["guid"], ["my", "args"]],
        ["second", True],
    ]


def test_a_callback_registered_after_rendering_runs_at_once(site, page):
    config = module_named(site, "c3-charts", "Line")
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    ran = page.evaluate(
        """(guid) => { let ran = false;
            jsondash.api.registerCallback(guid, () => { ran = true; }); return ran; }""",
        config["guid"],
    )
    assert ran is True


EVENT_RECORDER = """
window.heard = [];
const names = ['jsondash.init', 'jsondash.widget.refresh'];
names.forEach(name => document.addEventListener(name, e => window.heard.push(
    ['dom', name, e.detail && (e.detail.dashboard ? e.detail.dashboard.id : e.detail.guid)])));
document.addEventListener('DOMContentLoaded', () => {
    names.forEach(name => window.jQuery(document).on(name, (e, detail) => window.heard.push(
        ['jquery', name, detail && (detail.dashboard ? detail.dashboard.id : detail.guid)])));
});
"""


def test_events_reach_addeventlistener_and_jquery(site, page):
    slug = "tables-and-timelines"  # its DataTable puts jQuery on the page
    page.add_init_script(EVENT_RECORDER)
    page.goto(site.dashboard_url(slug))
    wait_until_settled(page)
    dashboard_id = site.dashboards[slug]["id"]
    heard = page.evaluate("window.heard")
    assert ["dom", "jsondash.init", dashboard_id] in heard
    assert ["jquery", "jsondash.init", dashboard_id] in heard
    guid = site.dashboards[slug]["modules"][0]["guid"]
    widget(page, guid).locator(".jd-refresh").click()
    page.wait_for_function(
        "() => window.heard.filter(h => h[1] === 'jsondash.widget.refresh').length === 2"
    )
    heard = page.evaluate("window.heard")
    assert ["dom", "jsondash.widget.refresh", guid] in heard
    assert ["jquery", "jsondash.widget.refresh", guid] in heard


def test_demo_mode_hides_editing_and_the_back_link(site, page):
    page.goto(site.dashboard_url("c3-charts", "?jsondash_demo_mode=1"))
    wait_until_settled(page)
    assert page.locator(".jd-back").count() == 0
    assert page.get_by_text("Edit raw JSON").count() == 0
    assert page.get_by_role("button", name="Delete").count() == 0
    assert page.locator("h1").is_visible()
    assert page.locator(".jd-refresh").first.is_visible()


def test_embeddable_mode_hides_every_control_and_title(site, page):
    page.goto(site.dashboard_url("inputs", "?embeddable=1"))
    wait_until_settled(page)
    assert page.locator("h1").count() == 0
    assert not page.locator(".jd-widget-title").first.is_visible()
    assert not page.locator(".jd-refresh").first.is_visible()
    assert not page.locator(".jd-inputs-toggle").first.is_visible()
    assert page.locator(".widget[data-status='ready'] svg").count() == 2


def test_the_originals_browser_names_are_on_the_page(site, page):
    """The original's jsondash.util functions exist beside the port's jsondash.utils."""
    page.goto(site.dashboard_url("inputs"))
    wait_until_settled(page)
    found = page.evaluate(
        """() => ({
            guid: jsondash.util.guid(),
            override: jsondash.util.isOverride({override: true}),
            translate: jsondash.util.translateStr(10, 20),
            scale: jsondash.util.scaleStr(2, 3),
            polygon: jsondash.util.polygon([[0, 0], [1, 1]]),
            port: typeof jsondash.utils.withQuery,
        })"""
    )
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", found["guid"]
    )
    assert found["override"] is True
    assert (found["translate"], found["scale"]) == ("translate(10,20)", "scale(2,3)")
    assert found["polygon"] == "M0,0L1,1Z"
    assert found["port"] == "function"
    assert page.problems == []
