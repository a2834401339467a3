"""Hostile data never runs as script in the dashboard's origin.

Each dashboard here is stored straight into the store (as an old document would be, without the
checks a save makes now), and its data sources are answered by Playwright with payloads that
run script wherever they are put into the page as HTML: they count in window.__pwned and call
alert(). The pages are loaded without their Content-Security-Policy (bypass_csp), so that only
the runtime stands between the payloads and the page: a control payload shows that an inline
handler put into the page does run there. Every widget must show the payload as text, or say
why it refused it, and nothing may run or open a dialog in the top document.
"""

from __future__ import annotations

import json
import re
import uuid

import pytest
from widgets import wait_until_settled

from flask_jsondash.db import get_db_handler, now_string

pytestmark = pytest.mark.browser

PWN = "window.__pwned = (window.__pwned || 0) + 1; alert(document.domain)"
IMG = f'<img src="x-missing.png" onerror="{PWN}">'
SCRIPT = f"<script>{PWN}</script>"
SVG = f'<svg><svg onload="{PWN}"></svg></svg>'
# What a payload looks like as text: all three, as the user should read them.
HOSTILE = IMG + SCRIPT + SVG
REFUSED = "is not an http(s) or relative URL; it was not loaded."


# Pages, dashboards and data -----------------------------------------------------------------


@pytest.fixture
def page(page_without_csp):
    return page_without_csp


def assert_nothing_ran(page) -> None:
    # Long enough for an image's error event, or a frame's load, to have run a handler.
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []


def module(family: str, chart_type: str, source: str, name: str, **extra) -> dict:
    return {
        "name": name,
        "family": family,
        "type": chart_type,
        "dataSource": source,
        "width": extra.pop("width", 600),
        "height": extra.pop("height", 320),
        "guid": str(uuid.uuid4()),
        **extra,
    }


def store_dashboard(site, name: str, modules: list[dict]) -> str:
    """Insert a dashboard into the store as it is (no validation); return its id."""
    doc = {
        "id": str(uuid.uuid4()),
        "name": name,
        "category": "Hostile data",
        "layout": "freeform",
        "created_by": "global",
        "date": now_string(),
        "modules": [dict(m, order=i) for i, m in enumerate(modules)],
    }
    with site.app.app_context():
        get_db_handler().insert(doc)
    return doc["id"]


def serve(page, payloads: dict[str, object]) -> None:
    """Answer /hostile/<name> with payloads[name]: JSON, or text/html for a str."""

    def answer(route):
        name = route.request.url.split("/hostile/", 1)[1].split("?", 1)[0]
        body = payloads[name]
        if isinstance(body, str):
            route.fulfill(status=200, content_type="text/html", body=body)
        else:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(body))

    page.route("**/hostile/**", answer)


def rewrite_page(page, site, c_id: str, strip_problems: bool = False, settings=None) -> None:
    """Change the dashboard's HTML as it arrives: drop the server's data-problem attributes (so
    only the runtime judges the data sources, as on a page whose server does not check them),
    and/or put the runtime's settings (#jsondash-settings) in it."""
    url = f"{site.url}/charts/{c_id}"

    def handle(route):
        response = route.fetch()
        body = response.text()
        if strip_problems:
            body = re.sub(r'\sdata-problem="[^"]*"', "", body)
        if settings is not None:
            element = (
                '<script type="application/json" id="jsondash-settings">'
                + json.dumps(settings)
                + "</script>"
            )
            body = re.sub(
                r'<script type="application/json" id="jsondash-settings">.*?</script>', "", body
            )
            body = body.replace(
                '<script type="application/json" id="jsondash-config">',
                element + '<script type="application/json" id="jsondash-config">',
                1,
            )
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        route.fulfill(status=response.status, headers=headers, body=body)

    page.route(lambda u: u.split("?", 1)[0] == url, handle)


def open_dashboard(page, site, c_id: str) -> None:
    page.goto(f"{site.url}/charts/{c_id}")
    wait_until_settled(page)


def widget(page, config: dict):
    return page.locator(f".widget[data-guid='{config['guid']}']")


def body_text(page, config: dict) -> str:
    return widget(page, config).locator(".jd-widget-body").inner_text()


# The control: without the runtime's care, these payloads do run ---------------------------------


def test_the_payloads_run_when_put_into_the_page_as_html(site, page):
    """Shows the tests below can see script run: the same payload, put into the page's body as
    HTML by hand, runs its handler and opens a dialog."""
    c_id = store_dashboard(site, "Control", [])
    open_dashboard(page, site, c_id)
    page.evaluate("html => document.body.insertAdjacentHTML('beforeend', html)", IMG)
    page.wait_for_function("window.__pwned === 1")
    page.wait_for_timeout(200)
    assert len(page.dialogs) == 1


# Tables ---------------------------------------------------------------------------------------


def test_datatables_show_hostile_cells_and_titles_as_text_in_every_form(site, page):
    rows = [
        {"name": IMG, HOSTILE: SCRIPT + " & more", "n": 1, "amp": "plain text"},
        # With "&", DataTables decodes a cell's search text through innerHTML (in a column
        # of text: one of HTML only would have its tags stripped first).
        {"name": "plain", HOSTILE: SVG, "n": 2, "amp": IMG + " & co"},
    ]
    options_rows = {
        # The options form, read as options even with override off.
        "data": [[IMG, SCRIPT], ["plain & simple", SVG]],
        "columns": [{"title": IMG}, {"title": "Second " + SCRIPT, "footer": SVG}],
        "caption": IMG,
        "language": {"info": IMG + " _TOTAL_ rows", "search": SVG},
        "layout": {"topStart": {"div": {"html": IMG}}, "topEnd": "search", "bottomStart": "info"},
    }
    override = {
        "data": [{"a": IMG, "inner": {"html": SCRIPT}, "t": IMG + " & co"}, {"a": "x", "t": "y"}],
        "columns": [
            {"data": "a", "title": IMG},
            {"data": "inner", "render": "html", "title": "Inner"},
            {"data": "missing", "title": "Missing", "defaultContent": SVG},
            # Typed "string", DataTables does not strip tags from its search text, and reads
            # that back through innerHTML when it has an "&".
            {"data": "t", "title": "Typed", "type": "string"},
        ],
        "columnDefs": [{"targets": 0, "render": {"_": None}}],
    }
    legacy = {"data": [["x"]], "aoColumns": [{"sTitle": IMG}]}
    serve(page, {"rows": rows, "options": options_rows, "override": override, "legacy": legacy})
    mods = [
        module("DataTable", "datatable", "/hostile/rows", "Rows"),
        module("DataTable", "datatable", "/hostile/options", "Options", height=520),
        module("DataTable", "datatable", "/hostile/override", "Override", override=True),
        module("DataTable", "datatable", "/hostile/legacy", "Legacy names", override=True),
    ]
    c_id = store_dashboard(site, "Hostile tables", mods)
    open_dashboard(page, site, c_id)
    table = widget(page, mods[0])
    assert table.get_attribute("data-status") == "ready"
    assert table.locator("thead th").all_inner_texts()[:2] == ["name", HOSTILE]
    assert table.locator("tbody tr").first.locator("td").all_inner_texts()[:2] == [
        IMG,
        SCRIPT + " & more",
    ]
    # The search runs on the escaped text (DataTables reads it back through innerHTML).
    table.locator("input[type=search]").fill("onload")
    page.wait_for_timeout(200)
    assert table.locator("tbody tr").count() == 1

    options = widget(page, mods[1])
    assert options.get_attribute("data-status") == "ready"
    text = body_text(page, mods[1])
    for shown in (IMG, "Second " + SCRIPT, SVG, "plain & simple", IMG + " 2 rows"):
        assert shown in text, shown
    assert options.locator("caption").inner_text() == IMG

    over = widget(page, mods[2])
    assert over.get_attribute("data-status") == "ready"
    cells = over.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells == [IMG, SCRIPT, SVG, IMG + " & co"]
    over.locator("input[type=search]").fill("co")
    page.wait_for_timeout(200)
    assert over.locator("tbody tr").count() == 1
    assert over.locator("thead th").first.inner_text() == IMG

    legacy_widget = widget(page, mods[3])
    assert legacy_widget.get_attribute("data-status") == "error"
    assert "old (Hungarian) notation" in legacy_widget.get_attribute("data-error")
    # Nothing the payloads hold became an element.
    for selector in ("img", "script", "svg svg"):
        assert page.locator(f".jd-datatable {selector}").count() == 0, selector
    assert_nothing_ran(page)


# Timeline -------------------------------------------------------------------------------------


def test_timeline_text_fields_and_media_addresses_are_text_or_refused(site, page):
    doc = {
        "title": {"text": {"headline": "Title " + IMG, "text": SCRIPT}},
        "events": [
            {
                "start_date": {"year": 2020, "display_date": "Date " + SVG},
                "text": {"headline": "First " + IMG, "text": "Body " + SCRIPT},
                "group": "Group " + IMG,
                "media": {"url": "javascript:alert(document.domain)", "caption": IMG},
            },
            {
                "start_date": {"year": 2021},
                "text": {"headline": "Data media"},
                "display_date": "Slide date " + IMG,
                "media": {"url": "data:text/html,<script>alert(1)</script>", "credit": IMG},
                # Already escaped: TimelineJS itself would decode this into markup.
                "group": "&lt;img src=x onerror=alert(1)&gt;",
                "background": {"url": "javascript:alert(1)"},
            },
            {
                "start_date": {"year": 2022},
                "text": {"headline": "Embed media"},
                "media": {"url": f'<iframe src="javascript:{PWN}"></iframe>'},
            },
            {
                "start_date": {"year": 2023},
                "text": {"headline": "Remote media"},
                "media": {"url": "https://example.com/picture.png", "caption": "Remote " + IMG},
            },
        ],
    }
    serve(page, {"timeline": doc})
    mods = [
        module(
            "Timeline", "timeline", "/hostile/timeline", "Hostile timeline", width=900, height=480
        )
    ]
    c_id = store_dashboard(site, "Hostile timeline", mods)
    open_dashboard(page, site, c_id)
    box = widget(page, mods[0])
    assert box.get_attribute("data-status") == "ready"
    assert "Title " + IMG in body_text(page, mods[0])
    # Each slide in turn: its text as text, its refused media said in words.
    box.locator(".tl-slidenav-next").first.click()
    page.wait_for_timeout(700)
    text = body_text(page, mods[0])
    for shown in ("First " + IMG, "Body " + SCRIPT, "Date " + SVG):
        assert shown in text, shown
    assert "media of this slide is not shown" in text
    for _ in range(2):
        box.locator(".tl-slidenav-next").first.click()
        page.wait_for_timeout(700)
        assert "media of this slide is not shown" in body_text(page, mods[0])
    text = body_text(page, mods[0])
    for shown in ("Slide date " + IMG, "Group " + IMG, "&lt;img src=x onerror=alert(1)&gt;"):
        assert shown in text, shown
    box.locator(".tl-slidenav-next").first.click()
    page.wait_for_timeout(700)
    link = box.locator(".tl-slide-content-container a", has_text="Remote " + IMG)
    assert link.first.get_attribute("href") == "https://example.com/picture.png"
    assert box.locator("a[href^='javascript' i], a[href^='data' i], iframe").count() == 0
    assert box.locator("img[src*='x-missing']").count() == 0
    assert_nothing_ran(page)


# Numbers and C3 -----------------------------------------------------------------------------


def test_numbers_and_c3_series_names_are_text(site, page):
    group = [
        {"title": IMG, "description": SCRIPT, "data": SVG, "units": IMG},
        {
            "title": "Plain",
            "description": "ok",
            "data": 5,
            "color": "red; background: url(javascript:alert(1))",
        },
    ]
    series = {IMG: [1, 3, 2, 4], SCRIPT: [2, 1, 4, 3], 'it\'s "quoted" & <b>': [3, 3, 3, 3]}
    serve(page, {"group": group, "number": {"data": IMG}, "series": series})
    mods = [
        module("Basic", "numbergroup", "/hostile/group", "Group"),
        module("Basic", "number", "/hostile/number", "Number"),
        module("C3", "line", "/hostile/series", "Series", width=700, height=360),
    ]
    c_id = store_dashboard(site, "Hostile numbers", mods)
    open_dashboard(page, site, c_id)
    text = body_text(page, mods[0])
    for shown in (IMG, SCRIPT, SVG):
        assert shown in text, shown
    assert IMG in body_text(page, mods[1])

    chart = widget(page, mods[2])
    legend = chart.locator(".c3-legend-item text").all_text_contents()
    assert legend == list(series)
    # The tooltip (HTML) names every series as text.
    box = (
        chart.locator(".c3-event-rect").first.bounding_box() or chart.locator("svg").bounding_box()
    )
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    tooltip = chart.locator(".c3-tooltip")
    tooltip.wait_for()
    tip = tooltip.inner_text()
    for name in series:
        assert name in tip, name
    assert page.locator(".widget img, .widget script, .widget svg svg").count() == 0
    assert_nothing_ran(page)


# Custom HTML --------------------------------------------------------------------------------


CUSTOM_HTML = (
    "<p id='shown'>Visible text</p>"
    + IMG
    + SCRIPT
    + "<script>top.location = 'javascript:alert(1)';</script>"
    + "<a id='away' href='javascript:alert(document.domain)' target='_top'>a link</a>"
)


def test_custom_html_runs_only_in_a_sandbox_and_data_urls_are_refused(site, page):
    serve(page, {"custom.html": CUSTOM_HTML})
    mods = [
        module("Basic", "custom", "/hostile/custom.html", "Fetched HTML"),
        module("Basic", "custom", "data:text/html,<img src=x onerror=alert(1)>", "Data URL"),
    ]
    c_id = store_dashboard(site, "Hostile custom", mods)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    rewrite_page(page, site, c_id, strip_problems=True)
    open_dashboard(page, site, c_id)
    start = page.url

    box = widget(page, mods[0])
    assert box.get_attribute("data-status") == "ready"
    frame = box.locator("iframe")
    assert frame.get_attribute("sandbox") == "allow-scripts"
    assert "Visible text" in frame.get_attribute("srcdoc")
    inside = page.frame_locator(f".widget[data-guid='{mods[0]['guid']}'] iframe")
    assert inside.locator("#shown").inner_text() == "Visible text"
    inside.locator("#away").click()
    # The sandboxed document has an origin of its own: it cannot reach this page.
    assert box.locator(".jd-custom").count() == 0
    assert page.url == start

    refused = widget(page, mods[1])
    assert refused.get_attribute("data-status") == "error"
    assert refused.get_attribute("data-error") == (
        'This widget\'s address "data:text/html,<img src=x onerror=alert(1)>" ' + REFUSED
    )
    assert refused.locator("iframe, img").count() == 0
    assert not [u for u in requests if u.startswith("data:")]
    assert_nothing_ran(page)
    assert page.url == start


def test_custom_html_goes_into_the_page_when_the_host_trusts_it(site, page):
    serve(page, {"trusted.html": "<p>Trusted <b id='trusted-bold'>markup</b></p>"})
    mods = [module("Basic", "custom", "/hostile/trusted.html", "Trusted HTML")]
    c_id = store_dashboard(site, "Trusted custom", mods)
    rewrite_page(page, site, c_id, settings={"trustedHtml": True})
    open_dashboard(page, site, c_id)
    box = widget(page, mods[0])
    assert box.locator(".jd-custom #trusted-bold").inner_text() == "markup"
    assert box.locator("iframe").count() == 0
    assert page.evaluate("jsondash.settings.trustedHtml") is True


def test_timeline_html_is_html_when_the_host_trusts_it_and_addresses_are_still_checked(site, page):
    doc = {
        "events": [
            {
                "start_date": {"year": 2020},
                "text": {"headline": "Trusted", "text": "<b id='trusted-timeline'>bold</b>"},
                "media": {"url": "javascript:alert(document.domain)"},
            }
        ]
    }
    serve(page, {"timeline": doc})
    mods = [
        module(
            "Timeline", "timeline", "/hostile/timeline", "Trusted timeline", width=900, height=480
        )
    ]
    c_id = store_dashboard(site, "Trusted timeline", mods)
    rewrite_page(page, site, c_id, settings={"trustedHtml": True})
    open_dashboard(page, site, c_id)
    box = widget(page, mods[0])
    assert box.locator("#trusted-timeline").first.inner_text() == "bold"
    assert "media of this slide is not shown" in body_text(page, mods[0])
    assert box.locator("a[href^='javascript' i], iframe").count() == 0
    assert_nothing_ran(page)


def test_custom_html_is_sandboxed_when_the_settings_say_anything_but_true(site, page):
    serve(page, {"trusted.html": "<p>Trusted <b id='trusted-bold'>markup</b></p>"})
    mods = [module("Basic", "custom", "/hostile/trusted.html", "Untrusted HTML")]
    c_id = store_dashboard(site, "Untrusted custom", mods)
    rewrite_page(page, site, c_id, settings={"trustedHtml": "yes"})
    open_dashboard(page, site, c_id)
    assert widget(page, mods[0]).locator("iframe[sandbox='allow-scripts']").count() == 1
    assert page.evaluate("jsondash.settings.trustedHtml") is False


# Addresses ----------------------------------------------------------------------------------

BAD_ADDRESSES = [
    "javascript:alert(document.domain)",
    " \tJaVaScRiPt:alert(document.domain)",
    "java\nscript:alert(document.domain)",
    "\x01javascript:alert(document.domain)",
    "data:text/html,<script>alert(document.domain)</script>",
    "vbscript:msgbox(1)",
    "blob:http://127.0.0.1/1234",
    "file:///etc/passwd",
]


def address_modules() -> list[dict]:
    mods = [
        module("Basic", "iframe", address, f"Frame {i}", width=400, height=200)
        for i, address in enumerate(BAD_ADDRESSES)
    ]
    mods.append(
        module(
            "Basic", "image", "javascript:alert(document.domain)", "Image", width=400, height=200
        )
    )
    mods.append(
        module("C3", "line", "javascript:alert(document.domain)", "Line", width=400, height=200)
    )
    return mods


def test_the_runtime_refuses_addresses_that_are_not_http_or_relative(site, page):
    """Old stored modules, on a page whose server does not flag them: the runtime refuses."""
    mods = address_modules()
    c_id = store_dashboard(site, "Hostile addresses", mods)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    rewrite_page(page, site, c_id, strip_problems=True)
    open_dashboard(page, site, c_id)
    for config in mods:
        box = widget(page, config)
        assert box.get_attribute("data-status") == "error", config["name"]
        message = box.get_attribute("data-error")
        assert message.startswith("This widget's address "), message
        assert message.endswith(REFUSED), message
        assert json.dumps(config["dataSource"]) in message
        assert box.locator(".jd-widget-error-message").inner_text() == message
        assert box.locator("iframe, img").count() == 0
    schemes = {u.split(":", 1)[0].lower() for u in requests}
    assert schemes <= {"http", "https", "data"}
    assert not [u for u in requests if u.startswith("data:") and not u.startswith("data:image/")]
    assert_nothing_ran(page)


def test_the_page_as_served_loads_none_of_them_either(site, page):
    mods = address_modules()
    c_id = store_dashboard(site, "Hostile addresses, as served", mods)
    open_dashboard(page, site, c_id)
    for config in mods:
        box = widget(page, config)
        assert box.get_attribute("data-status") == "error", config["name"]
        assert "URL" in box.get_attribute("data-error")
        assert box.locator("iframe, img").count() == 0
    assert_nothing_ran(page)


def test_youtube_embed_code_becomes_a_player_built_by_the_runtime_or_is_refused(site, page):
    page.route(
        "https://www.youtube.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>player</p>"),
    )
    good = (
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/abc_123?start=5" '
        f'onload="{PWN}" srcdoc="{IMG.replace(chr(34), "&quot;")}" allow="camera"></iframe>'
    )
    mods = [
        module("Basic", "youtube", good, "Good", width=400, height=300),
        module(
            "Basic", "youtube", '<iframe src="https://evil.example/embed/x"></iframe>', "Elsewhere"
        ),
        module(
            "Basic",
            "youtube",
            '<iframe src="http://www.youtube.com/embed/x"></iframe>',
            "Plain http",
        ),
        module("Basic", "youtube", IMG, "Not embed code"),
        module("Basic", "youtube", "javascript:alert(document.domain)", "javascript"),
    ]
    c_id = store_dashboard(site, "Hostile videos", mods)
    rewrite_page(page, site, c_id, strip_problems=True)
    open_dashboard(page, site, c_id)
    player = widget(page, mods[0]).locator("iframe")
    assert player.count() == 1
    assert player.get_attribute("src") == "https://www.youtube.com/embed/abc_123?start=5"
    for attribute in ("onload", "srcdoc", "sandbox"):
        assert player.get_attribute(attribute) is None, attribute
    assert "camera" not in (player.get_attribute("allow") or "")
    # The embed's 560 x 315, shrunk to fit the widget, proportions kept.
    width, height = int(player.get_attribute("width")), int(player.get_attribute("height"))
    room = widget(page, mods[0]).locator(".jd-chart").bounding_box()
    assert width <= room["width"] and height <= room["height"]
    assert abs(width / height - 560 / 315) < 0.02
    for config in mods[1:]:
        box = widget(page, config)
        assert box.get_attribute("data-status") == "error", config["name"]
        assert "is not a YouTube player" in box.get_attribute("data-error")
        assert box.get_attribute("data-error").endswith("; it was not loaded.")
        assert box.locator("iframe, img").count() == 0
    assert_nothing_ran(page)


# Plotly and Vega-Lite --------------------------------------------------------------------------


def test_plotly_and_vega_lite_text_is_text(site, page):
    figure = {
        "data": [{"type": "bar", "x": [IMG, "b"], "y": [1, 2], "name": SCRIPT}],
        "layout": {
            "title": {"text": f'Title {IMG} <a href="javascript:{PWN}">link</a>'},
            "annotations": [{"text": f'<a href="javascript:{PWN}">note</a>', "x": 1, "y": 2}],
        },
    }
    spec = {
        "usermeta": {
            "embedOptions": {"actions": True, "sourceHeader": SCRIPT, "defaultStyle": True}
        },
        # Short: axis labels longer than 180px are cut. Vega draws text as text anyway.
        "data": {"values": [{"a": "<b>1</b>", "b": 3}, {"a": "<i>2</i>", "b": 5}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "a", "type": "nominal"},
            "y": {"field": "b", "type": "quantitative"},
            "href": {"value": f"javascript:{PWN}"},
        },
    }
    override = {"spec": spec, "options": {"actions": True, "sourceFooter": SCRIPT}}
    serve(page, {"figure": figure, "spec": spec, "override": override})
    mods = [
        module("PlotlyStandard", "plotly-any", "/hostile/figure", "Plotly", width=700, height=400),
        module("Vega", "vega-lite", "/hostile/spec", "Vega-Lite", width=500, height=400),
        module(
            "Vega",
            "vega-lite",
            "/hostile/override",
            "Vega-Lite options",
            width=500,
            height=400,
            override=True,
        ),
    ]
    c_id = store_dashboard(site, "Hostile figures", mods)
    open_dashboard(page, site, c_id)
    plot = widget(page, mods[0])
    assert plot.get_attribute("data-status") == "ready"
    assert "Title " + IMG in plot.locator(".gtitle").text_content()
    assert plot.locator("a[href^='javascript' i]").count() == 0
    plot.locator(".annotation-text", has_text="note").click(force=True)
    for config in mods[1:]:
        chart = widget(page, config)
        assert chart.get_attribute("data-status") == "ready", chart.get_attribute("data-error")
        labels = chart.locator("svg text").all_text_contents()
        assert "<b>1</b>" in labels and "<i>2</i>" in labels
        # Neither the spec's usermeta nor the options turn on the source views.
        assert chart.get_by_text("View Source").count() == 0
        chart.locator("svg path[role='graphics-symbol'], svg .mark-rect path").first.click()
    assert page.locator(".widget img, .widget script").count() == 0
    assert_nothing_ran(page)
    assert len(page.context.pages) == 1


# A look at it ---------------------------------------------------------------------------------


def test_screenshot_of_a_hostile_dashboard(site, page, tmp_path):
    """Not an assertion of looks: a picture to check by eye (tests/browser/.. prints its path)."""
    serve(
        page,
        {
            "rows": [{"name": IMG, "note": SCRIPT}],
            "group": [{"title": IMG, "description": SCRIPT, "data": 42}],
            "custom.html": CUSTOM_HTML,
        },
    )
    mods = [
        module("DataTable", "datatable", "/hostile/rows", "Table", width=560, height=220),
        module("Basic", "numbergroup", "/hostile/group", "Numbers", width=560, height=220),
        module("Basic", "custom", "/hostile/custom.html", "Custom", width=560, height=220),
        module(
            "Basic", "iframe", "javascript:alert(document.domain)", "Frame", width=560, height=220
        ),
        module(
            "Basic",
            "youtube",
            '<iframe src="https://evil.example/embed/x"></iframe>',
            "Video",
            width=560,
            height=220,
        ),
    ]
    c_id = store_dashboard(site, "Hostile, by eye", mods)
    rewrite_page(page, site, c_id, strip_problems=True)
    open_dashboard(page, site, c_id)
    path = tmp_path / "hostile.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert_nothing_ran(page)
