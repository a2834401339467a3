"""In-process timings through Flask's test client (no network, no browser).

Runs in the interpreter of the implementation under test and writes JSON:

    python inproc.py --target port --db /tmp/x.sqlite3 --out port.json --sizes 100,1000,10000

Measures: the index page (first page) at each number of stored dashboards, each with 10
modules; a dashboard page with 10 and with 100 modules (100 other dashboards stored); creating
a dashboard with 10 modules; saving (updating) a dashboard with 10 modules from the editor's
form. Every request is checked for the status a working page answers (200, or 302 after a
save); a different one is recorded and shown in the report instead of a time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dashboards  # noqa: E402
import host_app  # noqa: E402
from timing import repeat  # noqa: E402


def run(args: argparse.Namespace) -> dict[str, Any]:
    app = host_app.create_app(args.target, args.db, args.static_dir)
    app.logger.disabled = True
    store = app.config["BENCH_STORE"]
    client = app.test_client()
    result: dict[str, Any] = {"target": args.target, "versions": host_app.versions()}

    def timed(name: str, call: Any) -> None:
        summary = repeat(call, reps=args.reps, budget_s=args.budget)
        result[name] = summary
        print(
            f"[{args.target}] {name}: median {summary['median']} ms "
            f"(n={summary['n']}, status {summary.get('status')})",
            file=sys.stderr,
        )

    def get(path: str) -> Any:
        def call() -> dict:
            response = client.get(path)
            return {"status": response.status_code, "bytes": len(response.get_data())}

        return call

    # Both answer /charts with a redirect to /charts/ (Werkzeug's strict slashes): time the
    # page itself.
    index = "/charts/"
    for size in [int(s) for s in args.sizes.split(",")]:
        store.clear()
        started = time.monotonic()
        for first in range(0, size, 2000):
            batch = range(first, min(size, first + 2000))
            store.insert([dashboards.dashboard(n, 10) for n in batch])
        result[f"seed_{size}_s"] = round(time.monotonic() - started, 2)
        timed(f"index_{size}", get(index))

    store.clear()
    store.insert([dashboards.dashboard(n, 10) for n in range(100)])
    for modules in (10, 100):
        doc = dashboards.dashboard(900_000 + modules, modules, salt=7)
        store.insert([doc])
        timed(f"view_{modules}", get(f"/charts/{doc['id']}"))

    form = {"name": "created-by-bench", "mode": "freeform", **dashboards.module_form(10)}

    def create() -> dict:
        # A fresh client each time: unread flash messages would pile up in the session cookie.
        response = app.test_client().post("/charts/create", data=form)
        return {"status": response.status_code}

    timed("create_10", create)

    edited = dashboards.dashboard(950_000, 10, salt=9)
    store.insert([edited])
    update_form = {"name": "saved-by-bench", "mode": "freeform", **dashboards.module_form(10)}

    def update() -> dict:
        response = app.test_client().post(f"/charts/{edited['id']}/update", data=update_form)
        return {"status": response.status_code}

    timed("update_10", update)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description="In-process page timings of one implementation.")
    parser.add_argument("--target", required=True, choices=host_app.TARGETS)
    parser.add_argument("--out", required=True)
    parser.add_argument("--db", default=None)
    parser.add_argument("--static-dir", default=None)
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per measure, at most")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    result = run(args)
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=1)


if __name__ == "__main__":
    main()
