"""What charts look like, not only that they drew: nothing of a 3D Plotly chart is cut off at
its widget's edges, DataTables' sort arrows sit beside their header text, TimelineJS's labels
are readable (WCAG AA contrast), and a widget's inputs form opens over its chart without
squeezing it."""

from __future__ import annotations

import base64

import pytest
from widgets import wait_until_settled

pytestmark = pytest.mark.browser

# The contrast ratio (WCAG 2) of each visible piece of text inside an element against what is
# behind it: the text's colour and every background and opacity from its element up to the
# page, composed the way the browser paints them (premultiplied alpha, over white).
TEXT_CONTRASTS = """(root) => {
    const parse = (text) => {
        const m = /rgba?\\(([^)]+)\\)/.exec(text);
        if (!m) { return [0, 0, 0, 0]; }
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    };
    const premultiplied = (c) => [c[0] * c[3], c[1] * c[3], c[2] * c[3], c[3]];
    const over = (top, below) => top.map((v, i) => v + below[i] * (1 - top[3]));
    const faded = (c, opacity) => c.map((v) => v * opacity);
    const luminance = (c) => {
        const [r, g, b] = c.slice(0, 3).map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const frame = root.getBoundingClientRect();
    const found = [];
    const seen = new Set();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!node.textContent.trim() || seen.has(el)) { continue; }
        seen.add(el);
        const range = document.createRange();
        range.selectNodeContents(node);
        // What is left of the text's box once every clipping ancestor (and the frame) cut it.
        const box = range.getBoundingClientRect();
        let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
        const clips = [frame];
        for (let e = el; e && e !== root; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
                clips.push(e.getBoundingClientRect());
            }
        }
        clips.forEach((clip) => {
            [left, top] = [Math.max(left, clip.left), Math.max(top, clip.top)];
            [right, bottom] = [Math.min(right, clip.right), Math.min(bottom, clip.bottom)];
        });
        if (getComputedStyle(el).visibility !== 'visible' || right - left < 1 ||
            bottom - top < 1) { continue; }
        let text = premultiplied(parse(getComputedStyle(el).color));
        let back = [0, 0, 0, 0];
        let opacity = 1;
        for (let e = el; e; e = e.parentElement) {
            const style = getComputedStyle(e);
            const background = premultiplied(parse(style.backgroundColor));
            text = faded(over(text, background), Number(style.opacity));
            back = faded(over(back, background), Number(style.opacity));
            opacity *= Number(style.opacity);
        }
        if (opacity < 0.01) { continue; }  // not shown at all (e.g. a tick label faded out)
        const white = [255, 255, 255, 1];
        const [lt, lb] = [luminance(over(text, white)), luminance(over(back, white))];
        found.push({text: node.textContent.trim().slice(0, 40),
            contrast: (Math.max(lt, lb) + 0.05) / (Math.min(lt, lb) + 0.05)});
    }
    return found;
}"""

# How many pixels of a PNG (a data: URL) in each edge strip `strip` pixels deep are ink: far
# from the white background. Decoded by the browser, in a blank page.
EDGE_INK = """async ([url, strip]) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const {data, width, height} = context.getImageData(0, 0, image.width, image.height);
    const ink = {top: 0, bottom: 0, left: 0, right: 0};
    for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
            const i = 4 * (y * width + x);
            if (Math.min(data[i], data[i + 1], data[i + 2]) > 150) { continue; }
            if (y < strip) { ink.top++; }
            if (y >= height - strip) { ink.bottom++; }
            if (x < strip) { ink.left++; }
            if (x >= width - strip) { ink.right++; }
        }
    }
    return ink;
}"""


# Where each sortable column header's text and sort arrow sit, in a table's visible header.
HEADER_LAYOUT = """(widget) => [...widget.querySelectorAll('thead th')]
    .filter((th) => th.getBoundingClientRect().height > 0 && th.querySelector('.dt-column-order'))
    .map((th) => {
        const range = document.createRange();
        range.selectNodeContents(th.querySelector('.dt-column-title'));
        const text = range.getBoundingClientRect();
        const arrow = th.querySelector('.dt-column-order').getBoundingClientRect();
        const cell = th.getBoundingClientRect();
        return {title: th.textContent.trim(), numeric: th.classList.contains('dt-type-numeric'),
            gap: arrow.left >= text.right ? arrow.left - text.right : text.left - arrow.right,
            arrowAfter: arrow.left >= text.right,
            roomRight: cell.right - Math.max(text.right, arrow.right)};
    })"""


def widget_named(page, name: str):
    return page.locator(".widget", has=page.get_by_role("heading", name=name, exact=True))


@pytest.mark.parametrize("name", ["Surface (3D)", "Scatter (3D)"])
def test_plotly_3d_charts_keep_their_axis_titles_inside_the_widget(site, page, name):
    page.goto(site.dashboard_url("plotly"))
    wait_until_settled(page)
    # The scene is drawn in WebGL, clipped to its canvas: its axis titles and tick labels are
    # only pixels there, and none may touch the canvas's edges.
    scene = widget_named(page, name).locator(".gl-container canvas")
    png = scene.screenshot(animations="disabled")
    blank = page.context.new_page()
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    ink = blank.evaluate(EDGE_INK, [url, 3])
    blank.close()
    assert ink == {"top": 0, "bottom": 0, "left": 0, "right": 0}, f"{name} is cut off: {ink}"


def test_datatable_sort_arrows_sit_beside_their_header_text(site, page):
    page.goto(site.dashboard_url("tables-and-timelines"))
    wait_until_settled(page)
    headers = widget_named(page, "Customers").evaluate(HEADER_LAYOUT)
    assert {h["title"] for h in headers} >= {"id", "name", "amount"}
    assert any(h["numeric"] for h in headers)
    far = [(h["title"], round(h["gap"])) for h in headers if not 0 <= h["gap"] <= 8]
    assert far == [], "sort arrows far from their header text"
    # The same side in every column, and numeric headers stay right-aligned over their numbers.
    assert {h["arrowAfter"] for h in headers} == {True}
    assert [h["title"] for h in headers if h["numeric"] and h["roomRight"] > 12] == []


def test_timeline_labels_are_readable(site, page):
    page.goto(site.dashboard_url("tables-and-timelines"))
    wait_until_settled(page)
    timeline = widget_named(page, "Release timeline").locator(".jd-widget-body")
    page.wait_for_timeout(1500)  # TimelineJS fades its labels in
    seen = {}
    for contrast in timeline.evaluate(TEXT_CONTRASTS):
        seen[contrast["text"]] = min(contrast["contrast"], seen.get(contrast["text"], 99))
    # The next slide has an active marker in the navigator, drawn differently; the pointer
    # stays on the "next" button, which then shows the following slide's date.
    timeline.locator(".tl-slidenav-next").click()
    page.wait_for_timeout(1500)
    for contrast in timeline.evaluate(TEXT_CONTRASTS):
        seen[contrast["text"]] = min(contrast["contrast"], seen.get(contrast["text"], 99))
    assert {"Team", "Kick-off", "2024"} <= set(seen)
    faint = {text: round(ratio, 2) for text, ratio in seen.items() if ratio < 4.5}
    assert faint == {}, "labels below WCAG AA contrast (4.5:1)"


def test_inputs_form_opens_over_the_chart_without_resizing_it(site, page):
    page.goto(site.dashboard_url("inputs"))
    wait_until_settled(page)
    box = widget_named(page, "Line with inputs")
    body = box.locator(".jd-widget-body")
    chart = body.locator("svg").first
    before = (body.bounding_box(), chart.bounding_box())
    toggle = box.locator(".jd-inputs-toggle")
    panel = box.locator(".chart-inputs")
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert panel.is_visible()
    page.wait_for_timeout(300)  # a resize would redraw the chart
    assert (body.bounding_box(), chart.bounding_box()) == before
    assert box.get_attribute("data-status") == "ready"
    # Over the top of the chart, opaque, lifted by a shadow, and reachable from the keyboard.
    look = panel.evaluate("""(el) => {
        const style = getComputedStyle(el);
        return {position: style.position, background: style.backgroundColor,
                shadow: style.boxShadow, focused: el.contains(document.activeElement)};
    }""")
    assert look["position"] == "absolute"
    assert look["background"] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert look["shadow"] != "none"
    assert look["focused"]
    form = panel.bounding_box()
    header = box.locator(".jd-widget-header").bounding_box()
    assert abs(form["y"] - (header["y"] + header["height"])) <= 2
    assert form["y"] < before[0]["y"] + before[0]["height"]
    page.keyboard.press("Tab")
    assert panel.evaluate("el => el.contains(document.activeElement)")
    # Escape closes it and gives the focus back to the button that opened it.
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.evaluate("el => el === document.activeElement")
    assert (body.bounding_box(), chart.bounding_box()) == before
    assert page.problems == []
