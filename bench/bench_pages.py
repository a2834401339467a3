"""Benchmark: index and dashboard page latency against the number of stored dashboards.

Run with ``make bench``. For each storage adapter it fills a fresh store with 100, 10,000 and
100,000 dashboards and times, through the Flask test client (so no network is measured):

- the index page, first page and a page in the middle (paging, counting, categories);
- one dashboard page.

The database does the paging and counting, so the index should cost about the same at every
size. The "mongo" row uses mongomock unless CHARTS_TEST_MONGO_URI names a real server:
mongomock is a pure-Python stand-in with no indexes that scans every document on each query,
so its times grow with the number of dashboards and say nothing about a real MongoDB.

Options: ``--sizes 100,10000`` and ``--repeat N``; ``--backends sqlite,mongo``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid

from flask import Flask

from flask_jsondash.charts_builder import charts
from flask_jsondash.db import get_db_handler

CATEGORIES = [f"Category {i:02d}" for i in range(20)]
BATCH = 5000


def make_dashboard(number: int) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "name": f"Dashboard {number:06d}",
        "category": CATEGORIES[number % len(CATEGORIES)],
        "layout": "grid",
        "created_by": f"user{number % 50}",
        "date": "2026-01-01T00:00:00+00:00",
        "modules": [
            {
                "name": f"Chart {m}",
                "guid": f"g{number}-{m}-a-b-c",
                "family": "C3",
                "type": "line",
                "width": "col-6",
                "height": 300,
                "row": m // 2 + 1,
                "dataSource": "http://127.0.0.1:5004/line",
            }
            for m in range(6)
        ],
    }


def make_app(backend: str, workdir: str) -> Flask:
    app = Flask("bench", instance_path=workdir)
    app.config.update(SECRET_KEY="bench", JSONDASH_PERPAGE=25)
    if backend == "sqlite":
        app.config.update(
            CHARTS_ACTIVE_DB="sqlite",
            CHARTS_DB_PATH=os.path.join(workdir, f"bench-{uuid.uuid4().hex}.sqlite3"),
        )
    else:
        real = os.environ.get("CHARTS_TEST_MONGO_URI")
        app.config.update(
            CHARTS_ACTIVE_DB="mongo",
            CHARTS_DB_URI=real or "mongomock://localhost",
            CHARTS_DB_NAME="jsondash_bench",
            CHARTS_DB_TABLE=f"bench_{uuid.uuid4().hex[:10]}",
        )
    app.register_blueprint(charts)
    return app


def fill(app: Flask, size: int) -> None:
    """Put ``size`` dashboards into the app's fresh, empty store."""
    with app.app_context():
        store = get_db_handler()
        for first in range(0, size, BATCH):
            batch = [make_dashboard(n) for n in range(first, min(first + BATCH, size))]
            if store.name == "mongo" and not store._indexed:
                # Straight into the collection before the adapter builds its indexes:
                # mongomock checks a unique index by scanning, which would make loading
                # 100,000 dashboards take hours. The pages below still go through the adapter.
                store.coll.insert_many(batch)
            else:
                store.create_many(batch)


def time_get(client, url: str, repeat: int) -> float:
    """Median milliseconds of ``repeat`` GETs (after one warm-up)."""
    assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--backends", default="sqlite,mongo")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    backends = args.backends.split(",")
    print(__doc__.split("\n\n")[0])
    real_mongo = bool(os.environ.get("CHARTS_TEST_MONGO_URI"))
    print(f"MongoDB: {'real server (CHARTS_TEST_MONGO_URI)' if real_mongo else 'mongomock'}\n")
    header = (
        f"{'backend':<10}{'dashboards':>12}{'index p1 ms':>14}{'index mid ms':>14}{'view ms':>10}"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as workdir:
        for backend in backends:
            mock = backend == "mongo" and not real_mongo
            name = "mongomock" if mock else backend
            for size in sizes:
                app = make_app(backend, workdir)
                client = app.test_client()
                fill(app, size)
                with app.app_context():
                    some_id = get_db_handler().summaries(limit=1)[0]["id"]
                middle = max(1, size // 25 // 2)
                # mongomock scans every document on every query, so few repeats at large sizes.
                repeat = args.repeat if not mock else (3 if size <= 10_000 else 1)
                index_first = time_get(client, "/charts", repeat)
                index_middle = time_get(client, f"/charts?page={middle}", repeat)
                view = time_get(client, f"/charts/{some_id}", repeat)
                print(
                    f"{name:<10}{size:>12,}{index_first:>14.1f}{index_middle:>14.1f}{view:>10.1f}"
                )
                sys.stdout.flush()
    if "mongo" in backends and not real_mongo:
        print(
            "\nmongomock times grow with the number of dashboards because mongomock has no real\n"
            "indexes; the adapter asks for one page (skip/limit, projection) and a count\n"
            "either way.\n"
            "Set CHARTS_TEST_MONGO_URI=mongodb://... to measure the adapter on a real server."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
