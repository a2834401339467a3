"""Fixtures and fake data: load dashboards from JSON files, dump them back out, make up test data.

From the command line, against the database the environment's CHARTS_* settings choose::

    python -m flask_jsondash.model_factories --fixtures examples/config   # load a folder
    python -m flask_jsondash.model_factories --dump backups/              # one file each
    python -m flask_jsondash.model_factories --records 50 --max-charts 8  # fake dashboards
    python -m flask_jsondash.model_factories --delete                     # delete them all

or as ``flask jsondash load|dump|fake|delete`` in an app that registers the blueprint, against
that app's database. Loading is idempotent: a dashboard whose ``id`` is already stored is
replaced, never duplicated. Files that are not valid dashboards are reported by name and
skipped; the rest load. A dump loads back unchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from .db import DashboardStore, DuplicateDashboard, get_db_handler, now_string
from .schema import InvalidSchemaError, parse_json, validate_raw_json
from .settings import CHARTS_CONFIG

BATCH = 500
DEFAULT_DATA_URL = "http://127.0.0.1:5004"

# Where the example data server (example_app/endpoints.py) has data for each chart type.
SAMPLE_SOURCES = {
    "line": "/line",
    "bar": "/bar",
    "timeseries": "/timeseries",
    "step": "/line",
    "pie": "/pie",
    "area": "/line",
    "donut": "/pie",
    "spline": "/bar",
    "gauge": "/gauge",
    "scatter": "/scatter",
    "area-spline": "/line",
    "radial-dendrogram": "/dendrogram?radial=1&simple=1",
    "dendrogram": "/dendrogram",
    "treemap": "/treemap",
    "voronoi": "/voronoi",
    "circlepack": "/circlepack",
    "flamegraph": "/flamegraph",
    "wordcloud": "/wordcloud",
    "custom": "/custom",
    "iframe": "/custom",
    "image": "/static/img/sample-chart.svg",
    "numbergroup": "/numbergroup",
    "number": "/singlenum",
    "youtube": '<iframe width="560" height="315" src="https://www.youtube.com/embed/aqz-KE-bpKQ">'
    "</iframe>",
    "vega-lite": "/vegalite?type=bar",
    "datatable": "/dtable",
    "timeline": "/timeline",
    "venn": "/venn",
    "sigma": "/sigma?name=random",
    "cytoscape": "/cytoscape?name=circle",
    "graph": "/digraph",
    "plotly-any": "/plotly?chart=scatter",
    **{f"sparklines-{kind}": f"/sparklines?type={kind}" for kind in (
        "line", "bar", "tristate", "discrete", "bullet", "pie", "box")},
}  # fmt: skip
# Sources that are not on the data server: pages of the example app, or embed code.
NOT_FROM_DATA_SERVER = {"image", "youtube"}
WORDS = (
    "sales traffic revenue signups latency errors uptime orders refunds visitors churn growth "
    "inventory shipping support tickets deploys builds storage costs budget forecast region"
).split()


@dataclass
class LoadReport:
    """What a fixtures load did."""

    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def loaded(self) -> int:
        return len(self.created) + len(self.replaced)


def fixture_files(directory: str) -> list[str]:
    """Every ``*.json`` file under ``directory`` (recursively), sorted."""
    found = []
    for root, _dirs, files in os.walk(directory):
        found += [os.path.join(root, name) for name in files if name.endswith(".json")]
    return sorted(found)


def load_fixtures(
    store: DashboardStore,
    paths: Iterable[str],
    progress: Callable[[int, str], None] | None = None,
) -> LoadReport:
    """Validate and store each dashboard file; a bad file is reported and the rest still load."""
    report = LoadReport()
    for number, path in enumerate(paths, start=1):
        if progress is not None:
            progress(number, path)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            document = parse_json(text, "the file")
            uid = document.get("id") if isinstance(document, dict) else None
            data = validate_raw_json(text, uid=str(uid or uuid.uuid4()))
        except (OSError, UnicodeDecodeError, ValueError, InvalidSchemaError) as exc:
            report.failed[path] = str(exc)
            continue
        data.setdefault("date", now_string())
        if store.get(data["id"]) is None:
            try:
                store.create(data)
            except DuplicateDashboard:  # created meanwhile by another process: replace it
                store.update(data["id"], data)
                report.replaced.append(data["id"])
                continue
            report.created.append(data["id"])
        else:
            store.update(data["id"], data)
            report.replaced.append(data["id"])
    return report


def all_dashboards(store: DashboardStore) -> Iterator[dict]:
    """Every stored dashboard, whole, a page at a time (never all in memory at once)."""
    total = store.count()
    for skip in range(0, total, BATCH):
        for summary in store.filter(skip=skip, limit=BATCH):
            document = store.get(summary["id"])
            if document is not None:
                yield document


def _file_name(document: dict) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(document.get("name", "")).lower()).strip("-")[:40]
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(document["id"]))
    return f"{slug}--{safe_id}.json" if slug else f"{safe_id}.json"


def dump_fixtures(
    store: DashboardStore, directory: str, progress: Callable[[int, str], None] | None = None
) -> list[str]:
    """Write each dashboard to ``directory`` as pretty JSON, one file each; return the paths."""
    os.makedirs(directory, exist_ok=True)
    written = []
    for number, document in enumerate(all_dashboards(store), start=1):
        path = os.path.join(directory, _file_name(document))
        if progress is not None:
            progress(number, path)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=4, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        written.append(path)
    return written


def _grid_widths(rng: random.Random, count: int) -> list[tuple[str, int]]:
    """(col-N, row) for ``count`` modules, rows filled left to right up to 12 columns."""
    placed, row, used = [], 1, 0
    for _ in range(count):
        width = rng.choice((3, 4, 6, 6, 12))
        if used + width > 12:
            row, used = row + 1, 0
        placed.append((f"col-{width}", row))
        used += width
    return placed


def fake_dashboard(
    rng: random.Random, max_charts: int = 5, data_url: str = DEFAULT_DATA_URL
) -> dict:
    """A valid dashboard of 1 to ``max_charts`` random charts reading the example data server."""
    types = [(family, chart[0]) for family, c in CHARTS_CONFIG.items() for chart in c["charts"]]
    layout = rng.choice(("grid", "freeform"))
    count = rng.randint(1, max(1, max_charts))
    grid = _grid_widths(rng, count)
    modules = []
    for index in range(count):
        family, chart_type = rng.choice(types)
        source = SAMPLE_SOURCES.get(chart_type, "/line")
        if chart_type not in NOT_FROM_DATA_SERVER:
            source = data_url + source
        module = {
            "name": f"{rng.choice(WORDS).capitalize()} {chart_type}",
            "guid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "family": family,
            "type": chart_type,
            "dataSource": source,
            "height": rng.choice((240, 300, 360)),
            "order": index,
        }
        if layout == "grid":
            module["width"], module["row"] = grid[index]
        else:
            module["width"] = rng.choice((320, 400, 480, 640))
        modules.append(module)
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "name": " ".join(rng.choice(WORDS) for _ in range(2)).capitalize() + " dashboard",
        "category": rng.choice(("Sales", "Operations", "Marketing", "Engineering", None)),
        "layout": layout,
        "date": now_string(),
        "created_by": rng.choice(("global", "alice", "bob")),
        "modules": modules,
    }


def make_fake_dashboards(
    store: DashboardStore,
    records: int,
    max_charts: int = 5,
    seed: int | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> int:
    """Store ``records`` fake dashboards, in batches; return how many."""
    rng = random.Random(seed)
    data_url = os.environ.get("JSONDASH_FAKE_DATA_URL", DEFAULT_DATA_URL)
    made = 0
    while made < records:
        batch = [
            fake_dashboard(rng, max_charts, data_url) for _ in range(min(BATCH, records - made))
        ]
        store.create_many(batch)
        made += len(batch)
        if progress is not None:
            progress(made, f"{made} dashboards")
    return made


class Progress:
    """A progress line on a terminal (rewritten in place), or a line now and then otherwise."""

    def __init__(self, verb: str, total: int | None, stream: TextIO | None = None) -> None:
        self.verb, self.total = verb, total
        self.stream = stream or sys.stderr
        self.live = hasattr(self.stream, "isatty") and self.stream.isatty()

    def __call__(self, number: int, what: str) -> None:
        of = f"/{self.total}" if self.total else ""
        line = f"{self.verb} {number}{of}: {os.path.basename(what) or what}"
        if self.live:
            self.stream.write("\r\033[K" + line[:120])
            self.stream.flush()
        elif number == 1 or number % 100 == 0 or number == self.total:
            self.stream.write(line + "\n")

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")


def run_load(store: DashboardStore, directory: str, out: TextIO) -> int:
    paths = fixture_files(directory)
    progress = Progress("Loading", len(paths))
    report = load_fixtures(store, paths, progress)
    progress.done()
    for path, problem in report.failed.items():
        out.write(f"Not loaded: {path}: {problem}\n")
    out.write(
        f"Loaded {report.loaded} of {len(paths)} files from {directory} "
        f"({len(report.created)} new, {len(report.replaced)} replaced, "
        f"{len(report.failed)} not loaded).\n"
    )
    return 1 if report.failed else 0


def run_dump(store: DashboardStore, directory: str, out: TextIO) -> int:
    progress = Progress("Writing", store.count())
    written = dump_fixtures(store, directory, progress)
    progress.done()
    out.write(f"Wrote {len(written)} dashboards to {directory}.\n")
    return 0


def run_fake(
    store: DashboardStore, records: int, max_charts: int, seed: int | None, out: TextIO
) -> int:
    progress = Progress("Made", records)
    made = make_fake_dashboards(store, records, max_charts, seed, progress)
    progress.done()
    out.write(f"Made {made} fake dashboards of up to {max_charts} charts.\n")
    return 0


def run_delete(store: DashboardStore, out: TextIO) -> int:
    out.write(f"Deleted {store.delete_all()} dashboards.\n")
    return 0


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def main(argv: list[str] | None = None, store: DashboardStore | None = None) -> int:
    """The original's command line: --records/--max-charts, --fixtures, --dump, --delete."""
    parser = argparse.ArgumentParser(
        prog="python -m flask_jsondash.model_factories",
        description="Load, dump, make up or delete dashboards in the database that the "
        "CHARTS_* environment variables choose (CHARTS_ACTIVE_DB, CHARTS_DB_PATH, ...).",
    )
    actions = parser.add_mutually_exclusive_group(required=True)
    actions.add_argument("--records", type=positive, metavar="N", help="make N fake dashboards")
    actions.add_argument("--fixtures", metavar="DIR", help="load every *.json file under DIR")
    actions.add_argument("--dump", metavar="DIR", help="write each dashboard to DIR as JSON")
    actions.add_argument("--delete", action="store_true", help="delete every dashboard")
    parser.add_argument(
        "--max-charts",
        type=positive,
        default=5,
        metavar="M",
        help="at most M charts per fake dashboard (default 5)",
    )
    parser.add_argument("--seed", type=int, default=None, help="make the same fakes every time")
    args = parser.parse_args(argv)
    if args.fixtures and not os.path.isdir(args.fixtures):
        parser.error(f"--fixtures {args.fixtures}: no such folder")
    from .db import StorageError
    from .settings import ConfigurationError

    try:
        store = store or get_db_handler()
        if args.records:
            return run_fake(store, args.records, args.max_charts, args.seed, sys.stdout)
        if args.fixtures:
            return run_load(store, args.fixtures, sys.stdout)
        if args.dump:
            return run_dump(store, args.dump, sys.stdout)
        return run_delete(store, sys.stdout)
    except (StorageError, ConfigurationError) as exc:
        sys.stderr.write(f"Error: {exc}\n")
        return 2


def register_commands(cli: Any) -> None:
    """Add ``load``, ``dump``, ``fake`` and ``delete`` to a click group (``flask jsondash``)."""
    import click

    def handler() -> DashboardStore:
        return get_db_handler()

    @cli.command("load")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    def load_command(directory: str) -> None:
        """Load every *.json dashboard under DIRECTORY (same id: replaced, not duplicated)."""
        raise SystemExit(run_load(handler(), directory, sys.stdout))

    @cli.command("dump")
    @click.argument("directory", type=click.Path(file_okay=False))
    def dump_command(directory: str) -> None:
        """Write every dashboard to DIRECTORY, one pretty JSON file each."""
        raise SystemExit(run_dump(handler(), directory, sys.stdout))

    @cli.command("fake")
    @click.option(
        "--records",
        type=click.IntRange(min=1),
        default=10,
        show_default=True,
        help="How many dashboards to make.",
    )
    @click.option(
        "--max-charts",
        type=click.IntRange(min=1),
        default=5,
        show_default=True,
        help="At most this many charts each.",
    )
    @click.option("--seed", type=int, default=None, help="Make the same dashboards every time.")
    def fake_command(records: int, max_charts: int, seed: int | None) -> None:
        """Make up dashboards of random charts that read the example data server."""
        raise SystemExit(run_fake(handler(), records, max_charts, seed, sys.stdout))

    @cli.command("delete")
    @click.confirmation_option(prompt="Delete every dashboard in this database?")
    def delete_command() -> None:
        """Delete every dashboard."""
        raise SystemExit(run_delete(handler(), sys.stdout))


if __name__ == "__main__":
    raise SystemExit(main())
