"""The dashboard and index pages under a strict Content-Security-Policy (no inline script, no
eval): every widget draws, the editor opens, and nothing is refused. A library the host page
already has (jQuery) is not loaded again.

Under this policy two things stay off by design: YouTube embeds (they need frame-src) and
Vega-Lite data in CSV or TSV form (Vega's CSV parser compiles its row converter with
new Function, which needs 'unsafe-eval'); the dashboards below use neither."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect
from widgets import drew_something, wait_until_settled, widget_states

from example_app.demo_site import start_demo_site

pytestmark = pytest.mark.browser

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self' http://127.0.0.1:*"
)
# Each chart family, jQuery (DataTable, Sparklines) and the freeform layout (Packery).
DASHBOARDS = [
    "basic-widgets",
    "c3-charts",
    "d3-hierarchies",
    "graphs",
    "plotly",
    "sparklines",
    "tables-and-timelines",
]
VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(
    e.violatedDirective + ' ' + e.blockedURI + ' (' + e.sourceFile + ':' + e.lineNumber + ')'));
"""
JQUERY = os.path.join(
    os.path.dirname(__file__), "..", "..", "flask_jsondash/static/vendor/jquery/dist/jquery.min.js"
)
# A host layout with its own jQuery in <head>: run as soon as the parser has made the head (an
# init script runs before there is a document element, which jQuery needs).
HOST_JQUERY = """
new MutationObserver(function (records, observer) {
    if (!document.head) { return; }
    observer.disconnect();
    (function () {
%s
    }).call(window);
    window.hostJQuery = window.jQuery;
}).observe(document, {childList: true, subtree: true});
"""


@pytest.fixture(scope="module")
def csp_site(tmp_path_factory):
    """The example site, every response of its app with the strict policy (its data server,
    another origin, answers the fetches connect-src allows)."""
    demo = start_demo_site(str(tmp_path_factory.mktemp("csp") / "dashboards.sqlite3"))

    @demo.app.after_request
    def strict_policy(response):
        response.headers["Content-Security-Policy"] = CSP
        return response

    yield demo
    demo.stop()


@pytest.fixture
def page(page):
    page.add_init_script(VIOLATIONS)
    return page


def assert_nothing_refused(page) -> None:
    assert page.evaluate("window.cspViolations") == []
    assert page.problems == []


def test_the_pages_are_served_with_the_policy_and_no_inline_script(csp_site, page):
    for url in (f"{csp_site.url}/charts/", csp_site.dashboard_url("tables-and-timelines")):
        response = page.goto(url)
        assert response.headers["content-security-policy"] == CSP
        inline = page.eval_on_selector_all(
            "script:not([src])", "els => els.filter(s => s.type !== 'application/json').length"
        )
        assert inline == 0
        assert page.locator("[onclick], [onload], [onsubmit], [onchange]").count() == 0
        assert_nothing_refused(page)


@pytest.mark.parametrize("slug", DASHBOARDS)
def test_every_widget_draws_under_the_policy(csp_site, page, slug):
    page.goto(csp_site.dashboard_url(slug))
    wait_until_settled(page)
    states = widget_states(page)
    assert len(states) == len(csp_site.dashboards[slug]["modules"])
    assert [(s["type"], s["error"]) for s in states if s["status"] != "ready"] == []
    assert [s["type"] for s in states if not drew_something(s)] == []
    assert_nothing_refused(page)


def test_the_index_page_works_under_the_policy(csp_site, page):
    page.goto(f"{csp_site.url}/charts/")
    assert page.locator(".jd-dashboard-row").count() == len(csp_site.dashboards)
    # index.js asks before a delete is sent; saying no deletes nothing.
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.locator(".jd-dashboard-row").first.get_by_role("button", name="Delete").click()
    assert len(questions) == 1 and questions[0].startswith("Delete the dashboard")
    assert page.locator(".jd-dashboard-row").count() == len(csp_site.dashboards)
    page.get_by_text("New dashboard").click()
    assert page.locator("#jd-create-name").is_visible()
    assert_nothing_refused(page)


@pytest.mark.parametrize("slug", ["tables-and-timelines", "c3-charts"])
def test_the_editor_opens_under_the_policy(csp_site, page, slug):
    page.goto(csp_site.dashboard_url(slug))
    wait_until_settled(page)
    page.get_by_role("button", name="Edit dashboard").click()
    assert page.locator("#jd-editor-bar").is_visible()
    # jQuery UI (loaded after the guarded jQuery) gave the widgets their drag handles.
    handles = ".ui-resizable-se" if slug == "tables-and-timelines" else ".ui-sortable"
    assert page.locator(handles).count() >= 1
    page.locator(".widget [data-action='edit-widget']").first.click()
    dialog = page.locator("#jd-widget-dialog")
    assert dialog.is_visible()
    dialog.get_by_role("button", name="Preview data").click()
    expect(dialog.locator("[data-role='preview-status']")).to_have_text(
        re.compile(r"^The data source answered with")
    )
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="Raw JSON").click()
    page.wait_for_selector(".jd-raw-valid")
    assert_nothing_refused(page)


def test_a_host_pages_own_jquery_is_kept_and_ours_not_run(csp_site, page):
    """The host page's jQuery stays window.jQuery, with jQuery UI and DataTables on it; the
    page's own copy does not run."""
    with open(JQUERY, encoding="utf-8") as handle:
        page.add_init_script(HOST_JQUERY % handle.read())
    page.goto(csp_site.dashboard_url("tables-and-timelines"))
    wait_until_settled(page)
    assert [s["status"] for s in widget_states(page)] == ["ready"] * 5
    guarded = page.locator("script[data-jsondash-unless='jQuery']")
    assert guarded.count() == 1
    assert guarded.get_attribute("type") == "text/x-jsondash-skipped"
    found = page.evaluate(
        """() => ({
            same: window.jQuery === window.hostJQuery && window.$ === window.hostJQuery,
            ui: typeof window.hostJQuery.fn.draggable,
        })"""
    )
    assert found == {"same": True, "ui": "function"}
    page.get_by_role("button", name="Edit dashboard").click()
    assert page.locator(".ui-resizable-se").count() == 5
    assert_nothing_refused(page)
