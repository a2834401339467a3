"""Data of the wrong shape (issue 13, item 6): the widget says what is wrong, and quotes the
shape it expects with the example docs/schemas.md gives for its chart type."""

from __future__ import annotations

import pytest
from test_hostile_data import module, serve, store_dashboard

pytestmark = pytest.mark.browser


def test_a_wrong_shape_quotes_the_docs_example_of_the_type(site, page):
    c_id = store_dashboard(
        site,
        "Wrong shapes",
        [
            module("C3", "line", "/hostile/line", "Line"),
            module("D3", "treemap", "/hostile/tree", "Tree"),
            module("C3", "bar", "/hostile/gone", "Unreachable"),
        ],
    )
    serve(page, {"line": {"data a": 31}, "tree": [1, 2]})
    page.route("**/hostile/gone", lambda route: route.fulfill(status=500, body="down"))
    page.goto(f"{site.url}/charts/{c_id}")
    line = page.locator(".widget", has_text="Line")
    line.locator(".jd-widget-error-example").wait_for()
    text = line.locator(".jd-widget-error").inner_text()
    assert 'Series "data a" should be a list of numbers, but it is' in text
    assert "Expected, for example:" in text
    example = line.locator(".jd-widget-error-example").inner_text()
    assert example == '{"line1": [1, 2, 10, 15], "line2": [2, 30, 40, 55]}'
    tree = page.locator(".widget", has_text="Tree")
    tree.locator(".jd-widget-error-example").wait_for()
    assert '"children"' in tree.locator(".jd-widget-error-example").inner_text()
    # A source that fails is not a question of shape: no example.
    gone = page.locator(".widget", has_text="Unreachable")
    gone.locator(".jd-widget-error").wait_for()
    page.wait_for_timeout(300)
    assert gone.locator(".jd-widget-error-example").count() == 0
