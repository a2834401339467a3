"""``make bench``: the original flask_jsondash 6.2.3 beside this port, in one run, as one table.

The original is installed into a throwaway virtualenv (``bench/harness/original_env.py``; if it
cannot be, the bench says why and times this port alone). Then, for each implementation:

1. in-process, through Flask's test client: the index page at 100 / 1,000 / 10,000 stored
   dashboards, a dashboard page with 10 and 100 modules, creating and saving a dashboard with
   10 modules (``bench/harness/inproc.py``, run in that implementation's interpreter);
2. in headless Chromium, each served over 127.0.0.1 with the same dashboards
   (``bench/harness/browser.py``): the time until every chart is drawn, the data requests of
   charts sharing one dataSource, bytes on the wire, the JS heap, one performance trace per
   scenario.

Medians throughout; the ratio is port ÷ original. Only ratios within one run mean anything on
a shared machine. Writes ``bench/results/latest.md`` (the table), ``latest.json`` (every
sample) and ``traces/``.

    python bench/run.py [--quick] [--port-only] [--no-browser] [--out DIR]
    python bench/run.py --scenarios c3_10x50,c3_30x50 [--browser-reps N]   # those drawings only
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from typing import Any

BENCH = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(BENCH, "harness")
sys.path.insert(0, HARNESS)

import original_env  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402

CHROMIUM = os.environ.get("BENCH_CHROMIUM", "/usr/bin/chromium")


def shown(path: str) -> str:
    """``path`` relative to the working directory when it is under it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "system": platform.platform(),
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def merge_rounds(rounds: list[dict]) -> dict:
    """One implementation's in-process rounds as one result: samples pooled, then summarised."""
    from timing import summarize

    merged = dict(rounds[0])
    for key, first in rounds[0].items():
        if isinstance(first, dict) and "samples" in first:
            pooled = [s for r in rounds if key in r for s in r[key]["samples"]]
            statuses = {r[key].get("status") for r in rounds if key in r}
            merged[key] = {**first, **summarize(pooled)}
            if len(statuses) > 1:  # a page that failed in any round shows as failed
                merged[key]["status"] = sorted(statuses, key=str)[-1]
    return merged


def run_inproc(
    target: str, python: str, workdir: str, outdir: str, args: argparse.Namespace, round_: int
) -> dict | None:
    out = os.path.join(outdir, f"inproc-{target}-{round_}.json")
    argv = [python, os.path.join(HARNESS, "inproc.py"), "--target", target, "--out", out]
    argv += ["--sizes", "100,1000,10000", "--reps", str(args.reps), "--budget", str(args.budget)]
    if target == "original":
        # Its pages need a static folder to build URLs with, even without the libraries.
        static_dir = os.path.join(workdir, "original-static")
        os.makedirs(static_dir, exist_ok=True)
        argv += ["--static-dir", static_dir]
    else:
        db = os.path.join(workdir, "port-inproc.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        argv += ["--db", db]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(argv, env=env)
    if done.returncode != 0 or not os.path.exists(out):
        say(f"[{target}] the in-process bench failed (exit {done.returncode}); see above.")
        return None
    with open(out) as fh:
        return dict(json.load(fh))


def run_browser(
    targets: dict[str, str],
    static_dir: str | None,
    workdir: str,
    outdir: str,
    reps: tuple[int, int],
    only: list[str] | None = None,
) -> tuple[dict | None, str | None]:
    """The browser measures of ``targets`` (name: interpreter); (results, why not)."""
    if not os.path.exists(CHROMIUM):
        return None, f"no Chromium at {CHROMIUM} (`make chromium` installs Debian's)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return None, "Playwright is not installed in this virtualenv (`make install`)"
    import browser

    logs = os.path.join(outdir, "logs")
    os.makedirs(logs, exist_ok=True)
    started: list[servers.Server] = []
    try:
        data = servers.start_data_server(os.path.join(logs, "data-server.log"))
        started.append(data)
        apps = {}
        for target, python in targets.items():
            db = None
            if target == "port":
                db = os.path.join(workdir, f"port-browser-{os.getpid()}.sqlite3")
            app, info = servers.start_app(
                target, python, os.path.join(logs, f"app-{target}.log"), db, static_dir
            )
            started.append(app)
            apps[target] = app
            say(f"[browser] serving the {target} at {app.base} ({info['versions']})")
        return browser.run(apps, data, outdir, *reps, chromium=CHROMIUM, only=only), None
    except Exception as exc:  # noqa: BLE001 (the in-process table is still worth printing)
        traceback.print_exc()
        return None, f"it failed: {str(exc).splitlines()[0] if str(exc) else repr(exc)}"
    finally:
        for server in reversed(started):
            server.stop()
        for name in os.listdir(workdir):
            if name.startswith(f"port-browser-{os.getpid()}."):
                os.remove(os.path.join(workdir, name))


def render(results: dict[str, Any], outdir: str) -> str:
    """The markdown written to latest.md: what was measured on, the table, the notes."""
    m = results["machine"]
    versions = []
    for target in report.TARGETS:
        found = (results["inproc"].get(target) or {}).get("versions")
        if found:
            versions.append(f"{target}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    browser = results.get("browser") or {}
    lines = [
        f"# flask_jsondash: the original 6.2.3 beside this port ({m['date']})",
        "",
        f"- Machine: {m['cores']} cores, {m['cpu']}; load average {m['load_average']} at start;"
        f" {m['system']}.",
        f"- Chromium {browser.get('chromium', 'not run')}; "
        f"{'quick run' if results['quick'] else 'full run'}: {results['reps']} in-process "
        "requests per measure and "
        f"{results['browser_reps'][0]} browser loads per drawing time "
        f"({results['browser_reps'][1]} for requests, bytes and heap); medians.",
        *[f"- {v}." for v in versions],
        "- ratio = port ÷ original: below 1× the port is faster or smaller. Compare only within "
        "one run.",
        "",
        report.build(results).markdown(),
        "",
    ]
    notes = list(results["notes"])
    if any(report.REFERENCE in found for found in (browser.get("scenarios") or {}).values()):
        notes.append(
            'The "Reference, C3 alone" rows: in the port\'s column, a page with nothing but d3, '
            "C3 and its style sheet drawing the same charts from the same data (one plain "
            "c3.generate per chart, C3's defaults, no fade-in; bench/harness/host_app.py "
            "c3_alone_page), timed in the same turns; the ratio is to the original's dashboard. "
            "It is what drawing these charts with C3 costs on this machine, without any "
            "dashboard code."
        )
    details = report.wire_details(results)
    if details:
        notes.append(
            "Bytes on the wire (bench/wire_bytes.py: CDP encodedDataLength, headers included) "
            "of the 10-chart dashboard, once every chart is drawn:\n  " + "\n  ".join(details)
        )
    if browser.get("traces"):
        notes.append(
            f"Performance traces (one per browser scenario and implementation; open in Chrome "
            f"DevTools > Performance > Load profile, or chrome://tracing): "
            f"{shown(browser['traces'])}"
        )
    lines += [note if note.startswith("-") else f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (~3 minutes)")
    parser.add_argument("--port-only", action="store_true", help="do not install the original")
    parser.add_argument("--no-browser", action="store_true", help="in-process measures only")
    parser.add_argument(
        "--scenarios",
        help="only these browser scenarios, comma-separated (c3_10x50, c3_10x500, c3_30x50, "
        "c3_30x500, c3_shared): no in-process measures, no bytes or heap",
    )
    parser.add_argument("--browser-reps", type=int, help="timed loads per browser scenario")
    parser.add_argument("--out", default=os.path.join(BENCH, "results"))
    parser.add_argument(
        "--workdir",
        default=os.environ.get("BENCH_WORKDIR", "/tmp/flask_jsondash-bench"),
        help="the original's virtualenv, its libraries, the port's databases",
    )
    args = parser.parse_args(argv)
    # In-process: rounds per implementation, and requests per measure in each round.
    args.rounds, args.reps, args.budget = (2, 3, 3.0) if args.quick else (3, 5, 8.0)
    # Timed loads per render scenario; loads for the request count, the bytes, the heap.
    browser_reps = (3, 1) if args.quick else (7, 3)
    if args.browser_reps:
        browser_reps = (args.browser_reps, browser_reps[1])
    only = [key.strip() for key in (args.scenarios or "").split(",") if key.strip()] or None
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name.startswith("inproc-") and name.endswith(".json"):  # an earlier run's rounds
            os.remove(os.path.join(args.out, name))
    os.makedirs(args.workdir, exist_ok=True)
    began = time.monotonic()
    results: dict[str, Any] = {
        "machine": machine(),
        "quick": args.quick,
        "reps": args.rounds * args.reps,
        "browser_reps": browser_reps,
        "notes": [],
        "inproc": {},
    }
    targets = {"port": sys.executable}
    static_dir = None
    if args.port_only:
        results["notes"].append("The original was not run (--port-only).")
    else:
        original = original_env.prepare(args.workdir)
        if original.python is None:
            message = (
                "The original could not be installed, so this port is timed alone: "
                f"{original.problem}"
            )
            say(message)
            results["notes"].append(message)
        else:
            targets = {"original": original.python, **targets}
            static_dir = original.static_dir
            if original.problem:
                results["notes"].append(f"The original runs in-process only: {original.problem}")

    # In rounds, taking turns, so that a slow spell of the machine falls on both.
    rounds: dict[str, list[dict]] = {target: [] for target in targets}
    if only:
        args.rounds = 0
        results["notes"].append(f"Only the browser scenarios {', '.join(only)} were run.")
    for round_ in range(1, args.rounds + 1):
        for target, python in targets.items():
            say(f"== in-process, round {round_}/{args.rounds}: {target} ({python})")
            result = run_inproc(target, python, args.workdir, args.out, args, round_)
            if result:
                rounds[target].append(result)
    for target, done in rounds.items():
        results["inproc"][target] = merge_rounds(done) if done else None

    if args.no_browser:
        results["notes"].append("The browser part was not run (--no-browser).")
    else:
        in_browser = {t: p for t, p in targets.items() if t == "port" or static_dir}
        say(f"== browser: {', '.join(in_browser)}")
        results["browser"], why_not = run_browser(
            in_browser, static_dir, args.workdir, args.out, browser_reps, only
        )
        if why_not:
            say(f"The browser part was skipped: {why_not}")
            results["notes"].append(f"The browser part was skipped: {why_not}.")
    results["seconds"] = round(time.monotonic() - began)
    results["notes"].append(f"The bench took {results['seconds']} s.")

    markdown = render(results, args.out)
    with open(os.path.join(args.out, "latest.json"), "w") as fh:
        json.dump(results, fh, indent=1)
    latest = os.path.join(args.out, "latest.md")
    with open(latest, "w") as fh:
        fh.write(markdown)
    print(markdown)
    print(f"Written to {shown(latest)} (every sample in latest.json).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
