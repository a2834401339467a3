"""Headless Chromium loads of C3 dashboards, the original and this port taking turns.

Run by :mod:`bench.run` in this project's virtualenv (Playwright driving Debian's
``/usr/bin/chromium``). Every timed load opens a fresh browser context (empty cache) and counts
the time from navigation start until every widget holds a drawn C3 line
(``svg path.c3-line`` with a path) or is marked as failed (class or ``data-status`` "error").
The two implementations' loads alternate, so that a slow spell of this shared machine falls
on both. With them, in the same turns, a third page is timed: the same charts drawn by d3 and
C3 alone, with no dashboard code (``host_app.c3_alone_page``, served beside this port): how
long C3 itself takes to draw them here, against which both dashboards can be read.

Besides the render times it records, per implementation:

- the data requests made when ten charts share one ``dataSource``;
- bytes on the wire (``bench/wire_bytes.py``: the sum of Chrome's ``encodedDataLength``,
  headers included) for a 10-chart dashboard on a first visit (fresh context) and on a second
  visit (the same tab again, its HTTP cache warm), each counted once every chart is drawn;
- the JS heap in use (``Runtime.getHeapUsage`` after a forced garbage collection) once the
  30 x 500 dashboard is drawn, and that page's bytes on the wire;
- one Chromium performance trace per scenario (an extra, untimed load).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]

import dashboards  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
import wire_bytes  # noqa: E402  (bench/wire_bytes.py)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The original's widgets are `#container .item.widget`, this port's `.widget[data-guid]`.
WIDGETS = os.environ.get("BENCH_WIDGET_SELECTOR", ".widget[data-guid], #container .item.widget")
DRAWN = os.environ.get("BENCH_RENDERED_SELECTOR", "svg path.c3-line")
STATE_JS = """([wsel, rsel, expect]) => {
  const ws = Array.from(document.querySelectorAll(wsel));
  let ok = 0, err = 0;
  for (const w of ws) {
    if (w.classList.contains('error') || w.getAttribute('data-status') === 'error') {
      err++;
      continue;
    }
    const p = w.querySelector(rsel);
    if (p && (p.getAttribute('d') || '').length > 10) ok++;
  }
  const done = ws.length >= expect && ok + err >= ws.length;
  return {done: done, ok: ok, err: err, total: ws.length, t: performance.now()};
}"""
DONE_JS = f"(args) => {{ const s = ({STATE_JS})(args); return s.done ? s : false; }}"


@dataclass
class Scenario:
    key: str
    label: str
    doc: dict
    kind: str = "render"  # render, shared
    expect: int = 0

    def __post_init__(self) -> None:
        self.expect = len(self.doc["modules"])


def scenarios(data_base: str) -> list[Scenario]:
    """The dashboards loaded in the browser (the same documents in both implementations)."""

    def c3(number: int, charts: int, points: int, shared: bool = False) -> dict:
        urls = [
            f"{data_base}/data/line/{'shared' if shared else j}-{number}?points={points}"
            for j in range(charts)
        ]
        if shared:
            urls = [urls[0]] * charts
        return dashboards.dashboard(number, charts, salt=42, urls=urls)

    sizes = [(10, 50), (10, 500), (30, 50), (30, 500)]
    found = [
        Scenario(f"c3_{c}x{p}", f"{c} C3 line charts x {p} points", c3(n, c, p))
        for n, (c, p) in enumerate(sizes, 1)
    ]
    found.append(
        Scenario("c3_shared", "10 C3 charts sharing one dataSource", c3(6, 10, 50, True), "shared")
    )
    return found


@dataclass
class Target:
    """One implementation being served: its app server and its results; or (``page``
    "/__bench/c3-alone/") the reference served beside this port: the same charts drawn by C3
    alone (``host_app.c3_alone_page``)."""

    name: str
    app: servers.Server
    page: str = "/charts/"
    results: dict[str, Any] = field(default_factory=dict)

    def url(self, scenario: Scenario) -> str:
        return f"{self.app.base}{self.page}{scenario.doc['id']}"


class Bench:
    def __init__(self, browser: Any, data: servers.Server, timeout_ms: int = 60_000) -> None:
        self.browser, self.data, self.timeout_ms = browser, data, timeout_ms

    def reset_data_counts(self) -> None:
        request = urllib.request.Request(self.data.base + "/__reset", data=b"", method="POST")
        urllib.request.urlopen(request, timeout=30).read()

    def data_requests(self) -> int:
        return int(servers.get_json(self.data.base + "/__stats")["total"])

    def draw(self, page: Any, url: str, expect: int) -> dict:
        """Navigate and wait until every widget is drawn or failed; the final state."""
        page.goto(url, wait_until="commit")
        try:
            handle = page.wait_for_function(
                DONE_JS, arg=[WIDGETS, DRAWN, expect], polling=10, timeout=self.timeout_ms
            )
            state = dict(handle.json_value())
        except Exception as exc:  # noqa: BLE001 (a timeout: keep what was drawn)
            state = dict(page.evaluate(STATE_JS, [WIDGETS, DRAWN, expect]))
            state["timeout"] = str(exc).splitlines()[0][:160]
        return state

    def timed_load(self, url: str, scenario: Scenario, settle_ms: int = 0) -> dict:
        """One load in a fresh context: ms from navigation start until all is drawn."""
        self.reset_data_counts()
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            state = self.draw(page, url, scenario.expect)
            if settle_ms:
                page.wait_for_timeout(settle_ms)  # let late or repeated requests arrive
        finally:
            context.close()
        return {
            "ms": round(state["t"], 1) if state.get("done") else None,
            "drawn": state["ok"],
            "failed": state["err"],
            "widgets": state["total"],
            "data_requests": self.data_requests(),
            "timeout": state.get("timeout"),
        }

    def traced_load(self, url: str, scenario: Scenario, trace: str, screenshot: str) -> dict:
        """An untimed load recorded as a Chromium performance trace (and a screenshot)."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            self.browser.start_tracing(page=page, path=trace, screenshots=True)
            try:
                state = self.draw(page, url, scenario.expect)
                page.wait_for_timeout(300)
            finally:
                self.browser.stop_tracing()
            page.screenshot(path=screenshot, full_page=True)
        finally:
            context.close()
        return state

    def wire_visits(self, url: str, scenario: Scenario) -> dict:
        """Bytes on the wire on a first visit (fresh context) and a second (same tab, warm
        cache), each counted once every chart is drawn (``bench/wire_bytes.py``)."""

        def drawn(page: Any) -> None:
            page.wait_for_function(
                DONE_JS, arg=[WIDGETS, DRAWN, scenario.expect], polling=50, timeout=self.timeout_ms
            )

        visits = wire_bytes.measure_visits(self.browser, url, settle=drawn)
        return {name: _visit(visit) for name, visit in visits.items()}

    def heap_load(self, url: str, scenario: Scenario) -> dict:
        """JS heap in use once the dashboard is drawn (after a full garbage collection), and
        the bytes its first visit took."""
        context = self.browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            recorder = wire_bytes.NetworkRecorder(cdp)
            state = self.draw(page, url, scenario.expect)
            page.wait_for_timeout(500)  # the last loadingFinished events
            cdp.send("HeapProfiler.collectGarbage")
            return {
                "heap_bytes": int(cdp.send("Runtime.getHeapUsage")["usedSize"]),
                "wire": _visit(recorder.visit()),
                "complete": bool(state.get("done")),
            }
        finally:
            context.close()


def _visit(visit: wire_bytes.Visit) -> dict:
    """A visit's bytes as plain numbers: total, by kind, requests, from cache, 304s."""
    return {
        "total": visit.total,
        **visit.by_kind,
        "requests": visit.requests,
        "from_cache": visit.from_cache,
        "not_modified": visit.not_modified,
    }


def median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[browser {time.monotonic() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def run(
    apps: dict[str, servers.Server],
    data: servers.Server,
    outdir: str,
    reps: int,
    extra_reps: int,
    chromium: str = "/usr/bin/chromium",
    only: list[str] | None = None,
) -> dict[str, Any]:
    """Every browser measure of every served implementation: ``reps`` timed loads per render
    scenario, ``extra_reps`` loads for the request count, the bytes and the heap. Traces go to
    ``outdir/traces``. With ``only`` (scenario keys), those scenarios alone, without the bytes
    and the heap."""
    from playwright.sync_api import sync_playwright

    traces = os.path.join(outdir, "traces")
    os.makedirs(traces, exist_ok=True)
    plan = scenarios(data.base)
    if only:
        unknown = sorted(set(only) - {s.key for s in plan})
        if unknown:
            raise ValueError(f"no browser scenario {', '.join(unknown)}")
    targets = [Target(name, app) for name, app in apps.items()]
    references = (
        [Target(report.REFERENCE, apps["port"], "/__bench/c3-alone/")] if "port" in apps else []
    )
    for target in targets:
        servers.post_json(target.app.base + "/__bench/reset", {})
        servers.post_json(target.app.base + "/__bench/seed", {"docs": [s.doc for s in plan]})
        # The original rewrites its CDN addresses to JSONDASH["static"] only after the first
        # page it renders, so that first page would point at the CDNs: render one first.
        for scenario in plan:
            urllib.request.urlopen(target.url(scenario), timeout=60).read()
    result: dict[str, Any] = {"scenarios": {}, "traces": traces}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True, args=CHROMIUM_ARGS
        )
        result["chromium"] = browser.version
        bench = Bench(browser, data)
        for scenario in plan:
            if only and scenario.key not in only:
                continue
            timed = targets + (references if scenario.kind == "render" else [])
            loads: dict[str, list[dict]] = {t.name: [] for t in timed}
            count = reps if scenario.kind == "render" else extra_reps
            for rep in range(count):
                # Alternate who goes first, so neither always loads right after the other.
                for target in timed if rep % 2 == 0 else timed[::-1]:
                    settle = 750 if scenario.kind == "shared" else 0
                    load = bench.timed_load(target.url(scenario), scenario, settle)
                    loads[target.name].append(load)
            summary = {}
            for target in timed:
                runs = loads[target.name]
                times = [r["ms"] for r in runs if r["ms"] is not None]
                trace = os.path.join(traces, f"{target.name}-{scenario.key}.json")
                shot = os.path.join(traces, f"{target.name}-{scenario.key}.png")
                bench.traced_load(target.url(scenario), scenario, trace, shot)
                summary[target.name] = {
                    "median_ms": median(times),
                    "min_ms": min(times) if times else None,
                    "max_ms": max(times) if times else None,
                    "complete": len(times),
                    "loads": len(runs),
                    "drawn": runs[0]["drawn"],
                    "failed": runs[0]["failed"],
                    "widgets": runs[0]["widgets"],
                    "data_requests": median([r["data_requests"] for r in runs]),
                    "trace": trace,
                    "runs": runs,
                }
                log(
                    f"{scenario.key} {target.name}: median {summary[target.name]['median_ms']} ms, "
                    f"{len(times)}/{len(runs)} complete, drawn {runs[0]['drawn']}/"
                    f"{scenario.expect}, data requests {summary[target.name]['data_requests']}"
                )
            result["scenarios"][scenario.key] = {"label": scenario.label, **summary}

        if only:
            browser.close()
            return result
        small = next(s for s in plan if s.key == "c3_10x50")
        big = next(s for s in plan if s.key == "c3_30x500")
        wire: dict[str, Any] = {"scenario": small.key}
        heap: dict[str, Any] = {"scenario": big.key}
        for target in targets:
            visits = [bench.wire_visits(target.url(small), small) for _ in range(extra_reps)]
            wire[target.name] = {
                visit: {key: median([v[visit][key] for v in visits]) for key in visits[0][visit]}
                for visit in ("first", "second")
            }
            heaps = [bench.heap_load(target.url(big), big) for _ in range(extra_reps)]
            heap[target.name] = {
                "heap_bytes": median([h["heap_bytes"] for h in heaps]),
                "wire_total": median([h["wire"]["total"] for h in heaps]),
                "complete": sum(h["complete"] for h in heaps),
                "loads": len(heaps),
            }
            log(f"wire {target.name}: {wire[target.name]}; heap {heap[target.name]}")
        result["wire"], result["heap"] = wire, heap
        browser.close()
    return result
