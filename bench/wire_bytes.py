"""Bytes on the wire for a dashboard page, on a first and a second visit, in headless Chromium.

:func:`measure_visits` opens a page in a fresh browser context (an empty cache), waits until the
network is idle, then opens it again in the same context (as a user following a link back to
it), and sums, from the Chrome DevTools Protocol's Network events, the ``encodedDataLength`` of
every request: what actually crossed the wire, headers included, compressed when it was sent
compressed; 0 for what came from the browser's cache. The bytes are split by kind: the page
(HTML), scripts and styles, data (fetch/XHR, and the page's preloads of it) and the rest (fonts,
images).

Run by itself, it serves the example site (``example_app.demo_site``) on free loopback ports and
prints a table for a few example dashboards under four settings: as shipped (versioned URLs and
compression), without compression, and the plain URLs before and after their max-age has run
out (``JSONDASH_ASSET_MAX_AGE = 0`` stands for a visit an hour or more later)::

    .venv/bin/python bench/wire_bytes.py [--dashboards c3-charts,plotly] [--json]

The benchmark calls :func:`measure_visits` (or :func:`run`) with its own browser and URL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

KINDS = ("html", "js+css", "data", "other")
_KIND_OF = {
    "Document": "html",
    "Script": "js+css",
    "Stylesheet": "js+css",
    "Fetch": "data",
    "XHR": "data",
}


@dataclass
class Visit:
    """What one page load cost on the wire."""

    total: int = 0
    requests: int = 0
    #: Requests answered from the browser's cache (memory or disk), no byte on the wire.
    from_cache: int = 0
    #: Requests answered 304 Not Modified (headers only).
    not_modified: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    #: Bytes of the largest downloads, by URL path (the first 10).
    largest: list[tuple[str, int]] = field(default_factory=list)


class NetworkRecorder:
    """Collects one page's Network events from a CDP session."""

    def __init__(self, cdp: Any) -> None:
        self.requests: dict[str, dict[str, Any]] = {}
        for event, handler in (
            ("Network.requestWillBeSent", self._sent),
            ("Network.requestServedFromCache", self._cached),
            ("Network.responseReceived", self._response),
            ("Network.loadingFinished", self._finished),
            ("Network.loadingFailed", self._failed),
        ):
            cdp.on(event, handler)
        cdp.send("Network.enable")

    def _entry(self, request_id: str) -> dict[str, Any]:
        return self.requests.setdefault(
            request_id, {"url": "", "kind": "other", "bytes": 0, "cached": False, "status": 0}
        )

    def _sent(self, params: dict[str, Any]) -> None:
        entry = self._entry(params["requestId"])
        entry["url"] = params["request"]["url"]
        entry["kind"] = _KIND_OF.get(params.get("type", ""), "other")
        # A page's <link rel="preload" as="fetch"> of its data (CDP types it "Other").
        if params["request"].get("isLinkPreload") and entry["kind"] == "other":
            entry["kind"] = "data"

    def _cached(self, params: dict[str, Any]) -> None:
        self._entry(params["requestId"])["cached"] = True

    def _response(self, params: dict[str, Any]) -> None:
        entry = self._entry(params["requestId"])
        response = params["response"]
        entry["status"] = response.get("status", 0)
        if entry["kind"] != "data":
            entry["kind"] = _KIND_OF.get(params.get("type", ""), entry["kind"])
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            entry["cached"] = True

    def _finished(self, params: dict[str, Any]) -> None:
        self._entry(params["requestId"])["bytes"] = int(params.get("encodedDataLength", 0))

    def _failed(self, params: dict[str, Any]) -> None:
        self._entry(params["requestId"])["failed"] = True

    def visit(self) -> Visit:
        """The requests recorded since the last call, summed."""
        visit = Visit()
        sizes = []
        for entry in self.requests.values():
            if entry["url"].startswith("data:"):
                continue
            visit.requests += 1
            visit.from_cache += bool(entry["cached"])
            visit.not_modified += entry["status"] == 304
            visit.total += entry["bytes"]
            visit.by_kind[entry["kind"]] += entry["bytes"]
            sizes.append((entry["url"].split("://", 1)[-1].split("/", 1)[-1], entry["bytes"]))
        visit.largest = sorted(sizes, key=lambda pair: -pair[1])[:10]
        self.requests.clear()
        return visit


def _network_idle(page: Any) -> None:
    page.wait_for_load_state("networkidle")


def measure_visits(
    browser: Any, url: str, settle: Callable[[Any], None] = _network_idle
) -> dict[str, Visit]:
    """The first and second visit of ``url`` in a fresh context of ``browser`` (Playwright)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        recorder = NetworkRecorder(context.new_cdp_session(page))
        visits = {}
        for name in ("first", "second"):
            page.goto(url)
            settle(page)
            page.wait_for_timeout(300)  # the last loadingFinished events
            visits[name] = recorder.visit()
        return visits
    finally:
        context.close()


#: The settings compared when run by itself: {name: app.config changes}.
SCENARIOS: dict[str, dict[str, Any]] = {
    "shipped (versioned + gzip)": {},
    "versioned, no compression": {"JSONDASH_COMPRESS": False},
    "plain URLs, no compression": {
        "JSONDASH_COMPRESS": False,
        "JSONDASH_VERSIONED_ASSETS": False,
    },
    "plain URLs, max-age over": {
        "JSONDASH_COMPRESS": False,
        "JSONDASH_VERSIONED_ASSETS": False,
        "JSONDASH_ASSET_MAX_AGE": 0,
    },
}


def run(site: Any, browser: Any, dashboards: list[str]) -> dict[str, dict[str, dict[str, Visit]]]:
    """{dashboard: {scenario: {"first"/"second": Visit}}} on a running demo site."""
    results: dict[str, dict[str, dict[str, Visit]]] = {}
    config = site.app.config
    keys = {key for changes in SCENARIOS.values() for key in changes}
    saved = {key: config[key] for key in keys if key in config}

    def restore() -> None:
        for key in keys:
            config.pop(key, None)
        config.update(saved)

    try:
        for slug in dashboards:
            results[slug] = {}
            for scenario, changes in SCENARIOS.items():
                restore()
                config.update(changes)
                results[slug][scenario] = measure_visits(browser, site.dashboard_url(slug))
    finally:
        restore()
    return results


def _kb(size: int) -> str:
    return f"{size / 1024:,.1f} KB"


def table(results: dict[str, dict[str, dict[str, Visit]]]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| dashboard | setting | 1st visit | html | js+css | data | 2nd visit | 2nd: requests"
        " (cached, 304) |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for slug, scenarios in results.items():
        for scenario, visits in scenarios.items():
            first, second = visits["first"], visits["second"]
            lines.append(
                f"| {slug} | {scenario} | {_kb(first.total)} | {_kb(first.by_kind['html'])} | "
                f"{_kb(first.by_kind['js+css'])} | {_kb(first.by_kind['data'])} | "
                f"{_kb(second.total)} | {second.requests} ({second.from_cache}, "
                f"{second.not_modified}) |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dashboards", default="c3-charts,plotly,tables-and-timelines")
    parser.add_argument("--json", action="store_true", help="print every number as JSON")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from example_app.demo_site import CHROMIUM_ARGS, chromium_path, start_demo_site

    executable = chromium_path()
    if executable is None:
        print("Chromium is not installed (JSONDASH_CHROMIUM names another).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as workdir:
        site = start_demo_site(os.path.join(workdir, "dashboards.sqlite3"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                try:
                    results = run(site, browser, args.dashboards.split(","))
                finally:
                    browser.close()
        finally:
            site.stop()
    if args.json:
        print(
            json.dumps(
                {
                    slug: {
                        scenario: {name: asdict(visit) for name, visit in visits.items()}
                        for scenario, visits in scenarios.items()
                    }
                    for slug, scenarios in results.items()
                },
                indent=2,
            )
        )
    else:
        print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
