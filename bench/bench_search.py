"""Benchmark: finding dashboards (``?q=`` and ``?tag=``) against the number of stored dashboards.

Run with ``python bench/bench_search.py``. It fills a fresh store with dashboards carrying
three tags each (from 200 tags, a few much more common than the rest) and times, through the
Flask test client (so no network is measured), the first page of the index:

- plain (no search), for comparison;
- ``?q=`` with a word in about one name in ten, and with a word in five names only;
- ``?tag=`` with a common tag, a rare one, and two tags at once;
- ``?q=`` and ``?tag=`` together;

and the list of every tag with its count (:func:`flask_jsondash.dashboards.tags`).

The database filters, counts and pages: SQLite through its tags table and a lowercased search
column, MongoDB with its index on ``tags`` and escaped regular expressions. The "mongo" row
uses mongomock unless CHARTS_TEST_MONGO_URI names a real server: mongomock has no indexes and
scans every document on each query, so it runs at a smaller size and its times say nothing
about a real MongoDB.

Options: ``--sizes 1000,100000``, ``--mongo-sizes 1000,10000``, ``--repeat N``,
``--backends sqlite,mongo``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid

from flask import Flask

from flask_jsondash import dashboards
from flask_jsondash.charts_builder import charts
from flask_jsondash.db import get_db_handler

CATEGORIES = [f"Category {i:02d}" for i in range(20)]
TAGS = [f"team-{i}" for i in range(10)] + [f"topic-{i}" for i in range(190)]
BATCH = 5000
COMMON_WORD = "report"  # in about one name in ten
RARE_WORD = "needle"  # in five names
RARE_TAG = "rare-tag"  # on five dashboards

SEARCHES = [
    ("plain", "/charts/"),
    ("q common", f"/charts/?q={COMMON_WORD.upper()}"),
    ("q rare", f"/charts/?q={RARE_WORD}"),
    ("tag common", "/charts/?tag=team-0"),
    ("tag rare", f"/charts/?tag={RARE_TAG}"),
    ("2 tags", "/charts/?tag=team-0&tag=team-1"),
    ("q + tag", f"/charts/?q={COMMON_WORD}&tag=team-0"),
]


def make_dashboard(number: int, size: int, rng: random.Random) -> dict:
    words = ["Dashboard", f"{number:06d}"]
    if number % 10 == 0:
        words.append(COMMON_WORD.capitalize())
    rare = number in {size // 7 * k for k in range(1, 6)}
    if rare:
        words.append(RARE_WORD)
    # A few tags are on many dashboards (team-0 on about a third), most on few.
    tags = {TAGS[min(int(rng.expovariate(0.35)), 9)], *rng.sample(TAGS[10:], 2)}
    if rare:
        tags.add(RARE_TAG)
    return {
        "id": str(uuid.uuid4()),
        "name": " ".join(words),
        "category": CATEGORIES[number % len(CATEGORIES)],
        "layout": "grid",
        "created_by": f"user{number % 50}",
        "date": "2026-01-01T00:00:00+00:00",
        "tags": sorted(tags),
        "version": 0,
        "schemaVersion": 2,
        "modules": [
            {
                "name": f"Chart {m}",
                "guid": f"g{number}-{m}-a-b-c",
                "family": "C3",
                "type": "line",
                "width": "col-6",
                "height": 300,
                "row": 1,
                "dataSource": "http://127.0.0.1:5004/line",
            }
            for m in range(2)
        ],
    }


def make_app(backend: str, workdir: str) -> Flask:
    app = Flask("bench_search", instance_path=workdir)
    app.config.update(SECRET_KEY="bench", JSONDASH_PERPAGE=25)
    if backend == "sqlite":
        app.config.update(
            CHARTS_ACTIVE_DB="sqlite",
            CHARTS_DB_PATH=os.path.join(workdir, f"search-{uuid.uuid4().hex}.sqlite3"),
        )
    else:
        real = os.environ.get("CHARTS_TEST_MONGO_URI")
        app.config.update(
            CHARTS_ACTIVE_DB="mongo",
            CHARTS_DB_URI=real or "mongomock://localhost",
            CHARTS_DB_NAME="jsondash_bench",
            CHARTS_DB_TABLE=f"search_{uuid.uuid4().hex[:10]}",
        )
    app.register_blueprint(charts)
    return app


def fill(app: Flask, size: int) -> float:
    """Put ``size`` dashboards into the app's fresh, empty store; the seconds it took."""
    rng = random.Random(42)
    started = time.perf_counter()
    with app.app_context():
        store = get_db_handler()
        for first in range(0, size, BATCH):
            batch = [make_dashboard(n, size, rng) for n in range(first, min(first + BATCH, size))]
            if store.name == "mongo" and not store._indexed:
                # Straight into the collection before the adapter builds its indexes (mongomock
                # checks a unique index by scanning); every search below goes through the
                # adapter.
                store.coll.insert_many(batch)
            else:
                store.create_many(batch)
    return time.perf_counter() - started


def median_ms(action, repeat: int) -> float:
    """Median milliseconds of ``repeat`` calls of ``action`` (after one warm-up)."""
    action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def run(backend: str, size: int, repeat: int, workdir: str) -> list[str]:
    app = make_app(backend, workdir)
    filled = fill(app, size)
    client = app.test_client()
    cells = []
    for _label, url in SEARCHES:

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        cells.append(f"{median_ms(get, repeat):>11.1f}")

    def tag_counts() -> None:
        with app.test_request_context():
            assert dashboards.tags()

    cells.append(f"{median_ms(tag_counts, repeat):>11.1f}")
    with app.test_request_context():
        found = dashboards.listing(q=RARE_WORD)
        assert found.count == 5, found.count
        assert dashboards.listing(tags=[RARE_TAG]).count == 5
    return [f"{filled:>8.1f}", *cells]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--mongo-sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--backends", default="sqlite,mongo")
    args = parser.parse_args(argv)
    real_mongo = bool(os.environ.get("CHARTS_TEST_MONGO_URI"))
    print(__doc__.split("\n\n")[0])
    print(f"MongoDB: {'real server (CHARTS_TEST_MONGO_URI)' if real_mongo else 'mongomock'}")
    print("Median milliseconds per request (the index page's first page); fill: seconds.\n")
    columns = ["fill s", *[label for label, _ in SEARCHES], "tag counts"]
    header = f"{'backend':<10}{'dashboards':>11}" + "".join(f"{c:>11}" for c in columns)
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as workdir:
        for backend in args.backends.split(","):
            mock = backend == "mongo" and not real_mongo
            sizes = args.mongo_sizes if mock else args.sizes
            for size in sorted(int(s) for s in sizes.split(",")):
                repeat = args.repeat if not mock or size <= 1000 else 3
                cells = run(backend, size, repeat, workdir)
                name = "mongomock" if mock else backend
                print(f"{name:<10}{size:>11,}" + "".join(f"{c:>11}" for c in cells))
                sys.stdout.flush()
    if "mongo" in args.backends and not real_mongo:
        print(
            "\nmongomock scans every document on every query (it has no indexes), so its times\n"
            "grow with the number of dashboards. Set CHARTS_TEST_MONGO_URI=mongodb://... to\n"
            "measure the adapter on a real server."
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
