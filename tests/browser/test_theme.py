"""The dark theme (issue 14, item 8): the document's "style" and "?theme=" in the address decide
it, it is applied before any chart draws, and every chart family is drawn readably in it: text
keeps its contrast against what it is drawn on, read from the computed styles."""

# ruff: noqa: E501 - the JavaScript run in the page is kept as written, in long lines

from __future__ import annotations

import copy
import os
import uuid

import pytest
from widgets import drew_something, wait_until_settled, widget_states

from flask_jsondash.db import get_db_handler, now_string

pytestmark = pytest.mark.browser

EXAMPLES = sorted(
    name.removesuffix(".json")
    for name in os.listdir(
        os.path.join(os.path.dirname(__file__), "..", "..", "examples", "config")
    )
    if name.endswith(".json")
)
# Failing sources are item 0's business; "stress" is a thousand of everything (test_render).
SKIPPED = {"failures", "stress"}
BODY_TEXT = 4.5
LARGE_TEXT = 3.0

# The luminance of the page's background (the body's, under the dashboard).
PAGE_LUMINANCE = """() => {
    const rgb = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}"""

# Every visible piece of text in a widget (SVG text, and HTML elements with text of their own),
# its colour and what it is drawn on: for HTML, the backgrounds of its ancestors; for SVG, its
# halo (a stroke painted under it) or the filled shape under its middle, over the widget's
# background. Returns the pieces whose contrast is under what they need (large and axis text:
# 3:1; the rest: 4.5:1).
LOW_CONTRAST = """(widget) => {
    const parse = (text) => {
        const m = /rgba?\\(([^)]+)\\)/.exec(text || '');
        if (!m) { return null; }
        const p = m[1].split(/[\\s,/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
    };
    const over = (top, bottom) => ({
        r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a), a: 1,
    });
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    const lum = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
    const hex = (c) => '#' + [c.r, c.g, c.b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');

    function htmlBackground(element) {
        const layers = [];
        for (let e = element; e; e = e.parentElement) {
            if (e instanceof SVGElement && !(e instanceof SVGSVGElement)) { continue; }
            const bg = parse(getComputedStyle(e).backgroundColor);
            if (bg && bg.a > 0) {
                layers.push(bg);
                if (bg.a >= 1) { break; }
            }
        }
        return layers.reverse().reduce((under, layer) => over(layer, under), {r: 255, g: 255, b: 255, a: 1});
    }
    function opacity(element) {
        let value = 1;
        for (let e = element; e && e !== widget; e = e.parentElement) {
            value *= Number(getComputedStyle(e).opacity);
        }
        return value;
    }
    const SHAPES = new Set(['rect', 'path', 'circle', 'ellipse', 'polygon']);
    function svgBackground(text, base) {
        const style = getComputedStyle(text);
        const stroke = parse(style.stroke);
        if (stroke && stroke.a > 0 && parseFloat(style.strokeWidth) >= 2 && /^stroke/.test(style.paintOrder)) {
            return over(stroke, base);
        }
        const box = text.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) { return base; }
        const painted = (e) => {
            const fill = parse(getComputedStyle(e).fill);
            return fill ? Object.assign(fill, {a: fill.a * Number(getComputedStyle(e).fillOpacity) * opacity(e)}) : null;
        };
        const under = document.elementsFromPoint(x, y).find((e) => e !== text && SHAPES.has(e.localName) &&
            widget.contains(e) && painted(e) && painted(e).a > 0.05);
        return under ? over(painted(under), base) : base;
    }
    const body = widget.querySelector('.jd-widget-body') || widget;
    const base = htmlBackground(body);
    const problems = [];
    const check = (element, color, background, large, what) => {
        const needed = large ? 3.0 : 4.5;
        const got = ratio(over(color, background), background);
        if (got < needed - 0.05) {
            problems.push({text: what.slice(0, 40), color: hex(color), background: hex(background),
                ratio: Math.round(got * 100) / 100, needed: needed});
        }
    };
    const visible = (element) => {
        const box = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && opacity(element) > 0.1;
    };
    const large = (style) => {
        const size = parseFloat(style.fontSize);
        return size >= 24 || (size >= 18.6 && Number(style.fontWeight) >= 600);
    };
    widget.querySelectorAll('svg text').forEach((text) => {
        const words = text.textContent.trim();
        if (!words || !visible(text)) { return; }
        const style = getComputedStyle(text);
        const fill = parse(style.fill);
        if (!fill) { return; }
        fill.a *= Number(style.fillOpacity);
        const axis = Boolean(text.closest('.tick, .c3-axis, .xtick, .ytick, .role-axis-label'));
        check(text, fill, svgBackground(text, base), axis || large(style), words);
    });
    widget.querySelectorAll('*').forEach((element) => {
        if (element instanceof SVGElement || element.closest('svg')) { return; }
        const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!own || !visible(element)) { return; }
        const style = getComputedStyle(element);
        check(element, parse(style.color), htmlBackground(element), large(style), element.textContent.trim());
    });
    return problems;
}"""


def low_contrast(page) -> dict[str, list]:
    found = {}
    for widget in page.query_selector_all(".widget"):
        problems = widget.evaluate(LOW_CONTRAST)
        if problems:
            found[f"{widget.get_attribute('data-type')} {widget.get_attribute('data-guid')}"] = (
                problems
            )
    return found


def page_luminance(page) -> float:
    return page.evaluate(PAGE_LUMINANCE)


def theme_class(page) -> bool:
    return page.eval_on_selector(
        "#jsondash-dashboard", "e => e.classList.contains('jd-theme-dark')"
    )


@pytest.fixture
def tall_page(browser):
    """A page tall enough that every example widget is on screen (what is under a piece of SVG
    text is found at its place on the screen)."""
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: page.problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def dark_dashboard(site):
    """A copy of the C3 example whose document says "style": "dark"."""
    doc = copy.deepcopy(site.dashboards["c3-charts"])
    doc.update(id=uuid.uuid4().hex, name="Dark C3", style="dark", date=now_string())
    with site.app.app_context():
        get_db_handler().insert(doc)
    return f"{site.url}/charts/{doc['id']}"


@pytest.mark.parametrize("slug", [e for e in EXAMPLES if e not in SKIPPED])
def test_every_family_is_drawn_readably_in_the_dark_theme(site, tall_page, slug):
    page = tall_page
    page.goto(site.dashboard_url(slug, "?theme=dark"))
    wait_until_settled(page)
    page.wait_for_timeout(300)  # transitions (C3, venn) end on their final colours
    assert theme_class(page)
    states = widget_states(page)
    assert [(s["type"], s["error"]) for s in states if s["status"] != "ready"] == []
    assert [s["type"] for s in states if not drew_something(s)] == []
    assert page_luminance(page) < 0.03, "the page around the widgets is dark"
    assert low_contrast(page) == {}
    assert page.problems == []


def test_the_light_theme_stays_as_it_was(site, tall_page):
    page = tall_page
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    assert not theme_class(page)
    assert page_luminance(page) > 0.8
    assert page.evaluate("jsondash.theme.name()") == "light"
    # The libraries' own colours: C3's black ticks on white widgets.
    tick = page.eval_on_selector(".c3-axis .tick text", "t => getComputedStyle(t).fill")
    assert tick == "rgb(0, 0, 0)"


def test_the_document_style_makes_a_dashboard_dark_and_the_address_wins(dark_dashboard, tall_page):
    page = tall_page
    page.goto(dark_dashboard)
    wait_until_settled(page)
    assert theme_class(page)
    assert page.evaluate("jsondash.theme.name()") == "dark"
    assert page_luminance(page) < 0.03
    assert low_contrast(page) == {}

    page.goto(dark_dashboard + "?theme=light")
    wait_until_settled(page)
    assert not theme_class(page)
    assert page.evaluate("jsondash.theme.name()") == "light"
    assert page_luminance(page) > 0.8
    # An unknown theme is ignored: the document's stays.
    page.goto(dark_dashboard + "?theme=sepia")
    wait_until_settled(page)
    assert theme_class(page)


@pytest.mark.parametrize("query", ["?theme=dark", ""])
def test_the_theme_is_applied_before_the_first_chart_draws(site, dark_dashboard, page, query):
    """At DOMContentLoaded (before the runtime starts the widgets) the class is already there."""
    page.add_init_script(
        """document.addEventListener('DOMContentLoaded', () => {
            const dashboard = document.getElementById('jsondash-dashboard');
            window.__themeAtReady = {
                dark: dashboard.classList.contains('jd-theme-dark'),
                drawn: document.querySelectorAll('.jd-widget-body svg, .jd-widget-body canvas').length,
                background: getComputedStyle(document.body).backgroundColor,
            };
        }, {once: true});"""
    )
    page.goto(site.dashboard_url("c3-charts", query) if query else dark_dashboard)
    wait_until_settled(page)
    seen = page.evaluate("window.__themeAtReady")
    assert seen["dark"] is True
    assert seen["drawn"] == 0
    assert seen["background"] != "rgb(245, 247, 250)"


def test_plotly_and_vega_options_follow_the_theme(site, page):
    """The colours the Plotly and Vega-Lite renderers ask for (js/theme.js)."""
    page.goto(site.dashboard_url("c3-charts", "?theme=dark"))
    wait_until_settled(page)
    themed = page.evaluate(
        """() => ({
            layout: jsondash.theme.plotlyLayout({xaxis: {gridcolor: 'red'}, title: 'T'},
                                                [{xaxis: 'x2', yaxis: 'y2'}]),
            config: jsondash.theme.vegaConfig({axis: {labelColor: 'orange'}}),
            readable: jsondash.theme.readableColor('green'),
        })"""
    )
    layout = themed["layout"]
    assert layout["paper_bgcolor"] == layout["plot_bgcolor"] == "#1b222c"
    assert layout["xaxis"]["gridcolor"] == "red"  # the figure's own colour stays
    assert layout["yaxis2"]["gridcolor"] and layout["xaxis2"]["color"] == "#e4e7eb"
    assert layout["title"] == "T"
    config = themed["config"]
    assert config["background"] == "#1b222c"
    assert config["axis"]["labelColor"] == "orange"
    assert config["axis"]["titleColor"] == "#e4e7eb"
    assert themed["readable"] != "green"
    assert (
        page.evaluate("jsondash.theme.contrast(jsondash.theme.readableColor('green'), '#1b222c')")
        >= 4.5
    )

    page.goto(site.dashboard_url("c3-charts", "?theme=light"))
    wait_until_settled(page)
    same = page.evaluate(
        """() => {
            const layout = {xaxis: {}};
            return jsondash.theme.plotlyLayout(layout) === layout &&
                jsondash.theme.vegaConfig(undefined) === undefined &&
                jsondash.theme.readableColor('green') === 'green';
        }"""
    )
    assert same is True
