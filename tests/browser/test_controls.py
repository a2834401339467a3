"""The dashboard's controls bar (issue 14): template variables fill in the widgets' data
sources (seen on the network), chained query variables, the URL as the state, the time range
and its shifts, the dashboard-wide refresh, and bad values that say so and leave the rest
working."""

from __future__ import annotations

import base64
import json
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from test_editor import stored

from flask_jsondash.db import get_db_handler, now_string

pytestmark = pytest.mark.browser

SERIES = {"line1": [1, 3, 2, 5], "line2": [2, 2, 4, 1]}
HOSTS = {"eu": ["eu-a", "eu-b"], "us": ["us-a"]}


def widget(name: str, source: str) -> dict:
    return {
        "name": name,
        "family": "C3",
        "type": "line",
        "dataSource": source,
        "width": 500,
        "height": 300,
        "guid": str(uuid.uuid4()),
    }


def store(site, modules: list[dict], **fields) -> str:
    doc = {
        "id": "tpl-" + uuid.uuid4().hex[:12],
        "name": "Explore",
        "layout": "freeform",
        "created_by": "global",
        "date": now_string(),
        "modules": [dict(m, order=i) for i, m in enumerate(modules)],
        **fields,
    }
    with site.app.app_context():
        get_db_handler().insert(doc)
    return doc["id"]


# A 1x1 PNG, for image widgets.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


class Data:
    """Answers /tpl/... on the page's behalf and keeps every request's query."""

    def __init__(self, page, fail: tuple[str, ...] = ()) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.fail = fail
        page.route("**/tpl/**", self.answer)

    def answer(self, route) -> None:
        url = urlparse(route.request.url)
        name = url.path.rsplit("/", 1)[-1]
        query = parse_qs(url.query)
        self.requests.append((name, query))
        if name in self.fail:
            route.fulfill(status=500, body="down")
        elif name == "regions":
            route.fulfill(content_type="application/json", body=json.dumps(sorted(HOSTS)))
        elif name.endswith(".png"):
            route.fulfill(content_type="image/png", body=PIXEL)
        elif name == "hosts":
            region = query.get("region", [""])[0]
            route.fulfill(content_type="application/json", body=json.dumps(HOSTS.get(region, [])))
        else:
            route.fulfill(content_type="application/json", body=json.dumps(SERIES))

    def metrics(self) -> list[dict]:
        return [query for name, query in self.requests if name == "metrics"]


def ready(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget')].every("
        "w => ['ready', 'error'].includes(w.dataset.status))"
    )


ENV = {"name": "env", "type": "custom", "query": "prod,staging", "current": {"value": "prod"}}


def test_a_variable_changes_the_requests_and_the_url(site, page):
    data = Data(page)
    c_id = store(
        site,
        [widget("Metrics for $env", "/tpl/metrics?env=$env&from=$__from&to=$__to")],
        templating={"list": [ENV]},
        time={"from": "now-6h", "to": "now"},
    )
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    first = data.metrics()[-1]
    assert first["env"] == ["prod"]
    span = int(first["to"][0]) - int(first["from"][0])
    assert abs(span - 6 * 3600 * 1000) < 60_000
    assert page.locator(".jd-widget-title").inner_text() == "Metrics for prod"
    page.get_by_label("env", exact=True).select_option("staging")
    page.wait_for_function("() => location.search.includes('var-env=staging')")
    page.wait_for_function(
        "() => document.querySelector('.jd-widget-title').textContent.includes('staging')"
    )
    ready(page)
    assert data.metrics()[-1]["env"] == ["staging"]
    assert page.locator(".widget svg").count() == 1
    # The widget's buttons are named as its title reads, for screen readers too.
    assert page.get_by_role("button", name="Refresh Metrics for staging").is_visible()
    assert page.get_by_role("button", name="View Metrics for staging full screen").is_visible()
    assert not page.problems


def test_chained_query_variables_reload_their_options(site, page):
    data = Data(page)
    c_id = store(
        site,
        [widget("Hosts", "/tpl/metrics?${host:queryparam}")],
        templating={
            "list": [
                {"name": "region", "type": "query", "query": "/tpl/regions"},
                {
                    "name": "host",
                    "type": "query",
                    "query": "/tpl/hosts?region=$region",
                    "multi": True,
                    "includeAll": True,
                    "current": {"value": ["$__all"]},
                },
            ]
        },
    )
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    assert data.metrics()[-1]["var-host"] == ["eu-a", "eu-b"]  # All: every host of eu
    page.get_by_label("region", exact=True).select_option("us")
    page.wait_for_function("() => location.search.includes('var-region=us')")
    ready(page)
    page.wait_for_function(
        "() => document.querySelector('.jd-variable[data-variable=host]')"
        ".textContent.includes('us-a')"
    )
    assert [q for n, q in data.requests if n == "hosts"][-1]["region"] == ["us"]
    assert data.metrics()[-1]["var-host"] == ["us-a"]
    assert not page.problems


def test_the_url_opens_the_dashboard_in_that_state_and_the_range_shifts(site, page):
    data = Data(page)
    c_id = store(
        site,
        [widget("Metrics", "/tpl/metrics?env=$env&from=$__from&to=$__to")],
        templating={"list": [ENV]},
        time={"from": "now-6h", "to": "now"},
    )
    page.goto(f"{site.url}/charts/{c_id}?var-env=staging&from=now-24h&to=now")
    ready(page)
    opened = data.metrics()[-1]
    assert opened["env"] == ["staging"]
    assert abs(int(opened["to"][0]) - int(opened["from"][0]) - 24 * 3600 * 1000) < 60_000
    assert page.get_by_label("env", exact=True).input_value() == "staging"
    assert "Last 24 hours" in page.locator(".jd-timepicker summary").inner_text()
    # Back by half the span: both ends 12 hours earlier, and the URL says so.
    page.get_by_role("button", name="Earlier: move the time range back").click()
    page.wait_for_function("() => !location.search.includes('from=now-24h')")
    ready(page)
    shifted = data.metrics()[-1]
    assert abs(int(opened["to"][0]) - int(shifted["to"][0]) - 12 * 3600 * 1000) < 60_000
    # A quick range from the picker.
    page.locator(".jd-timepicker summary").click()
    page.get_by_role("button", name="Last 1 hour").click()
    page.wait_for_function("() => location.search.includes('from=now-1h')")
    ready(page)
    last = data.metrics()[-1]
    assert abs(int(last["to"][0]) - int(last["from"][0]) - 3600 * 1000) < 60_000
    assert not page.problems


def test_the_dashboard_refresh_fetches_each_url_again(site, page):
    data = Data(page)
    source = "/tpl/metrics?env=$env"
    c_id = store(
        site,
        [widget("A", source), widget("B", source)],
        templating={"list": [ENV]},
        refresh="off",
        timepicker={"refresh_intervals": ["1s", "1m"]},
    )
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    before = len(data.metrics())
    assert before == 1  # two widgets, one URL: one request
    page.get_by_label("Refresh", exact=True).select_option("1s")
    page.wait_for_function("() => location.search.includes('refresh=1s')")
    page.wait_for_timeout(2500)
    after = len(data.metrics())
    assert after >= before + 2
    page.get_by_label("Refresh", exact=True).select_option("off")
    page.wait_for_timeout(300)
    settled = len(data.metrics())
    page.wait_for_timeout(1500)
    assert len(data.metrics()) == settled
    assert not page.problems


def test_bad_values_say_so_and_the_rest_works(site, page):
    data = Data(page, fail=("regions",))
    c_id = store(
        site,
        [
            widget("Known", "/tpl/metrics?env=$env"),
            widget("Unknown", "/tpl/metrics?env=$nope"),
        ],
        templating={"list": [ENV, {"name": "region", "type": "query", "query": "/tpl/regions"}]},
    )
    page.goto(f"{site.url}/charts/{c_id}?from=yesterday-ish&to=now")
    ready(page)
    unknown = page.locator(".widget", has_text="Unknown")
    assert "$nope" in unknown.locator(".jd-widget-error").inner_text()
    assert page.locator(".widget", has_text="Known").locator("svg").count() == 1
    bar = page.locator("#jd-controls")
    assert "options could not be loaded" in bar.inner_text()
    assert "cannot be read" in bar.inner_text()  # the time range; the last 6 hours are shown
    assert data.metrics()[-1]["env"] == ["prod"]
    assert stored(site, c_id)["name"] == "Explore"


def test_iframe_and_image_addresses_use_the_variables(site, page):
    """Item 2: "iframe/image URLs" are interpolated too, and follow a change of the variable."""
    Data(page)
    frame = dict(widget("Page for $env", "/tpl/page?env=$env"), family="Basic", type="iframe")
    image = dict(widget("Image", "/tpl/image.png?env=${env}"), family="Basic", type="image")
    c_id = store(site, [frame, image], templating={"list": [ENV]})
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    assert page.locator("iframe.jd-frame").get_attribute("src").endswith("/tpl/page?env=prod")
    assert page.locator("iframe.jd-frame").get_attribute("title") == "Page for prod"
    assert page.locator("img.jd-image").get_attribute("src").endswith("/tpl/image.png?env=prod")
    page.get_by_label("env", exact=True).select_option("staging")
    page.wait_for_function(
        "() => document.querySelector('iframe.jd-frame').src.endsWith('env=staging')"
    )
    page.wait_for_function(
        "() => (document.querySelector('img.jd-image') || {src: ''}).src.endsWith('env=staging')"
    )
    ready(page)
    assert page.locator(".widget[data-status='error']").count() == 0


def test_a_dashboard_without_these_fields_has_no_controls(site, page):
    c_id = store(site, [widget("Plain", "/tpl/metrics")])
    Data(page)
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    assert page.locator("#jd-controls").count() == 0
    assert page.evaluate("() => typeof window.jsondash.controls") == "undefined"


def test_inputs_defaults_use_the_variables(site, page):
    data = Data(page)
    module = widget("With inputs", "/tpl/metrics?env=$env")
    module["inputs"] = {
        "submit_text": "Apply",
        "options": [{"type": "text", "name": "label", "label": "Label", "default": "for $env"}],
    }
    c_id = store(site, [module], templating={"list": [ENV]})
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    page.get_by_role("button", name="Options for With inputs").click()
    assert page.get_by_label("Label").input_value() == "for prod"
    page.get_by_role("button", name="Apply").click()
    page.wait_for_function("() => document.querySelector('.widget').dataset.status === 'ready'")
    page.wait_for_timeout(300)
    assert data.metrics()[-1]["label"] == ["for prod"]


def test_many_values_get_a_dropdown_with_a_search_box(site, page):
    data = Data(page)
    many = ",".join(f"host-{n:02}" for n in range(30))
    host = {"name": "host", "type": "custom", "query": many, "current": {"value": "host-00"}}
    c_id = store(site, [widget("One host", "/tpl/metrics?host=$host")], templating={"list": [host]})
    page.goto(f"{site.url}/charts/{c_id}")
    ready(page)
    control = page.locator(".jd-variable[data-variable=host]")
    control.locator("summary").click()
    control.get_by_role("searchbox").fill("host-2")
    shown = [r for r in control.locator(".jd-multi-list label").all() if r.is_visible()]
    assert [r.inner_text().strip() for r in shown] == [f"host-{n}" for n in range(20, 30)]
    control.get_by_role("radio", name="host-27").click()
    page.wait_for_function("() => location.search.includes('var-host=host-27')")
    ready(page)
    assert data.metrics()[-1]["host"] == ["host-27"]
