"""A second visit costs almost nothing: in headless Chromium, a dashboard's scripts and styles
come compressed the first time and from the browser's cache, without a request, the second."""

from __future__ import annotations

import pytest
from widgets import drew_something, wait_until_settled, widget_states

pytestmark = pytest.mark.browser

RESOURCES = """() => performance.getEntriesByType('resource').map(e => ({
    url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize,
    decoded: e.decodedBodySize, delivery: e.deliveryType}))"""


def versioned(entries: list[dict]) -> list[dict]:
    return [e for e in entries if "/jsondash/v/" in e["url"]]


def test_the_second_visit_loads_scripts_and_styles_from_the_cache(site, page):
    url = site.dashboard_url("c3-charts")

    page.goto(url)
    wait_until_settled(page)
    first = versioned(page.evaluate(RESOURCES))
    assert len(first) >= 8  # the runtime, its styles, C3, D3...
    assert all(e["transfer"] > 0 for e in first)
    c3 = next(e for e in first if e["url"].endswith("/vendor/c3/c3.min.js"))
    assert c3["encoded"] < c3["decoded"] / 3  # sent compressed

    page.goto(url)
    wait_until_settled(page)
    second = versioned(page.evaluate(RESOURCES))
    assert {e["url"] for e in second} == {e["url"] for e in first}
    # Nothing on the wire (a revalidation, 304, would cost its headers), all from the cache.
    assert [e["url"] for e in second if e["transfer"] != 0] == []
    assert {e["delivery"] for e in second} <= {"cache", None}
    assert all(drew_something(state) for state in widget_states(page))
    assert page.problems == []


def test_a_versioned_response_says_immutable_and_compressed(site, page):
    responses = {}
    page.on("response", lambda response: responses.setdefault(response.url, response))
    page.goto(site.dashboard_url("c3-charts"))
    wait_until_settled(page)
    document = responses[site.dashboard_url("c3-charts")]
    assert document.headers.get("content-encoding") == "gzip"
    scripts = {u: r for u, r in responses.items() if "/jsondash/v/" in u and u.endswith(".js")}
    assert len(scripts) >= 8
    for response in scripts.values():
        assert "immutable" in response.headers["cache-control"]
        assert "max-age=31536000" in response.headers["cache-control"]
    libraries = [r for u, r in scripts.items() if "/vendor/" in u]
    assert libraries
    for response in libraries:
        assert response.headers.get("content-encoding") in ("gzip", "br")
        assert "accept-encoding" in response.headers.get("vary", "").lower()
