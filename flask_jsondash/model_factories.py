"""Fixtures and fake data: load dashboards from JSON files, dump them back out, make up test data.

From the command line (the original's ``insert_dashboards`` command), against the database the
environment's CHARTS_* settings choose::

    python -m flask_jsondash.model_factories --fixtures examples/config   # load a folder
    python -m flask_jsondash.model_factories --dump backups/              # one file each
    python -m flask_jsondash.model_factories --records 50 --max-charts 8  # fake dashboards
    python -m flask_jsondash.model_factories --delete                     # delete them all

(with no option at all it makes 10 fake dashboards, as the original did), or as
``flask jsondash load|dump|fake|delete`` in an app that registers the blueprint, against that
app's database. Loading is idempotent: a dashboard whose ``id`` is already stored is replaced,
never duplicated. Files that are not valid dashboards are reported by name and skipped; the
rest load. A dump loads back unchanged.

The original's functions keep their names and signatures (``load_fixtures(path)``,
``dump_fixtures(path, delete_after=False)``, ``make_fake_dashboard``, ``make_fake_chart_data``,
``get_random_group``, ``get_random_chart``, ``delete_all``) and work through :data:`adapter`,
the same object as ``flask_jsondash.utils.adapter``.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

import click

from .families import registry, sample_sources
from .schema import InvalidSchemaError, parse_json, validate_raw_json
from .settings import ConfigurationError
from .storage import DuplicateDashboard, StorageError, json_safe, now_string
from .utils import adapter

#: Anything with the port's storage methods: a DashboardStore, or the module-level adapter.
Store = Any

BATCH = 500
DEFAULT_DATA_URL = "http://127.0.0.1:5004"

# Where the example data server has data for each chart type (the families' manifests say).
SAMPLE_SOURCES = {chart_type: source for chart_type, (source, _) in sample_sources().items()}
# Sources that are not on the data server: pages of the example app, or embed code.
NOT_FROM_DATA_SERVER = {t for t, (_, on_server) in sample_sources().items() if not on_server}
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
    """Every ``*.json`` file in ``directory`` (not in its sub-folders, as the original), sorted."""
    return sorted(
        os.path.join(directory, name)
        for name in os.listdir(directory)
        if name.endswith(".json") and os.path.isfile(os.path.join(directory, name))
    )


def load_fixture_files(
    store: Store,
    paths: Iterable[str],
    progress: Callable[[int, str], None] | None = None,
) -> LoadReport:
    """Validate and store each dashboard file; a bad file is reported and the rest still load.

    A dashboard whose id is already stored replaces it.
    """
    report = LoadReport()
    for number, path in enumerate(paths, start=1):
        if progress is not None:
            progress(number, path)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            document = parse_json(text, "the file")
            found = document if isinstance(document, dict) else {}
            data = validate_raw_json(
                text,
                id=str(found.get("id") or uuid.uuid4()),
                date=found.get("date") or now_string(),
            )
        except (OSError, UnicodeDecodeError, ValueError, InvalidSchemaError) as exc:
            report.failed[path] = str(exc)
            continue
        try:
            store.insert(data)
        except DuplicateDashboard:
            store.replace(data["id"], data)
            report.replaced.append(data["id"])
            continue
        report.created.append(data["id"])
    return report


def all_dashboards(store: Store) -> Iterator[dict]:
    """Every stored dashboard, whole, a page at a time (never all in memory at once)."""
    return store.documents()


def _file_name(document: dict) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(document.get("name", "")).lower()).strip("-")[:40]
    safe_id = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(document.get("id")))
    return f"{slug}--{safe_id}.json" if slug else f"{safe_id}.json"


def dump_fixture_files(
    store: Store,
    directory: str,
    progress: Callable[[int, str], None] | None = None,
    errors: dict[str, str] | None = None,
    path_of: Callable[[str, str], str] = os.path.join,
) -> list[str]:
    """Write each dashboard into the folder ``directory`` as pretty JSON, one file each; return
    the paths written. A file that cannot be written goes into ``errors`` (path: reason)
    instead of stopping the rest; without ``errors`` it raises."""
    written = []
    for number, document in enumerate(all_dashboards(store), start=1):
        path = path_of(directory, _file_name(document))
        if progress is not None:
            progress(number, path)
        try:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(json_safe(document), handle, indent=4, sort_keys=True, ensure_ascii=False)
                handle.write("\n")
        except OSError as exc:
            if errors is None:
                raise
            errors[path] = str(exc)
            continue
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
    types = [(family, chart[0]) for family, c in registry().items() for chart in c["charts"]]
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
    store: Store,
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


# The original's functions ------------------------------------------------------------------


def get_random_group() -> dict:
    """One chart family's entry of the registry, at random (``{'charts': [...], ...}``)."""
    return random.choice(list(registry().values()))


def get_random_chart(group: dict) -> tuple:
    """One ``(type, label)`` chart of a family's registry entry, at random."""
    return random.choice(list(group["charts"]))


def make_fake_chart_data(**kwargs: Any) -> tuple[str, str]:
    """A made-up C3 module as the dashboard form posts it: ``('module_<guid>', '<json>')``.

    Keyword arguments ``name``, ``width``, ``height`` and ``data_source`` set those fields.
    """
    guid = str(uuid.uuid4())
    chart_type = random.choice(("bar", "line", "step", "area"))
    source = os.environ.get("JSONDASH_FAKE_DATA_URL", DEFAULT_DATA_URL) + SAMPLE_SOURCES[chart_type]
    config = {
        "name": kwargs.get("name"),
        "width": kwargs.get("width", random.randrange(200, 2000)),
        "height": kwargs.get("height", random.randrange(200, 2000)),
        "type": chart_type,
        "family": "C3",
        "dataSource": kwargs.get("data_source", source),
        "guid": guid,
    }
    return f"module_{guid}", json.dumps(config)


def make_fake_dashboard(name: Any = "Random chart", max_charts: int = 10) -> dict:
    """A valid fake dashboard named ``name``, of 1 to ``max_charts`` random charts."""
    data_url = os.environ.get("JSONDASH_FAKE_DATA_URL", DEFAULT_DATA_URL)
    return {**fake_dashboard(random.Random(), max_charts, data_url), "name": name}


def load_fixtures(path: str) -> LoadReport:
    """Load every dashboard file in the folder ``path`` into :data:`adapter`, saying each."""
    click.echo("Loading fixtures for path " + path)
    paths = fixture_files(path)
    report = load_fixture_files(adapter, paths, lambda _n, file: click.echo("Loading " + file))
    for file, problem in report.failed.items():
        click.echo(f"Not loaded: {file}: {problem}")
    click.echo(
        f"Loaded {report.loaded} of {len(paths)} files from {path} "
        f"({len(report.created)} new, {len(report.replaced)} replaced, "
        f"{len(report.failed)} not loaded)."
    )
    return report


def _original_path(directory: str, name: str) -> str:
    # Relative folders are under the working directory; written as the original wrote it.
    return "{}/{}/{}".format("" if directory.startswith("/") else os.getcwd(), directory, name)


def dump_fixtures(path: str, delete_after: bool = False) -> list[str]:
    """Write every dashboard of :data:`adapter` into the existing folder ``path``, one JSON file
    each; with ``delete_after``, then delete them all, unless a file could not be written."""
    click.echo("Saving db as fixtures to: " + path)
    errors: dict[str, str] = {}
    written = dump_fixture_files(
        adapter,
        path,
        lambda _n, file: click.echo("Saving fixture: " + file),
        errors,
        _original_path,
    )
    if not written and not errors:
        click.echo("Nothing to dump.")
        return written
    for file, problem in errors.items():
        click.echo(f"{file}: {problem}")
    click.echo(f"Wrote {len(written)} dashboards to {path}.")
    if errors:
        click.echo(f"The following records could not be dumped: {list(errors)}")
    elif delete_after:
        adapter.remove_all()
    return written


def delete_all() -> None:
    """Delete every dashboard of :data:`adapter`."""
    adapter.remove_all()


def _delete_everything() -> None:
    removed = adapter.remove_all()
    click.echo("Deleted all dashboards." if removed is None else f"Deleted {removed} dashboards.")


def _existing_folder(_ctx: Any, _param: Any, value: str | None) -> str | None:
    if value is not None and not os.path.isdir(value):
        raise click.BadParameter(f"{value}: no such folder")
    return value


def _fake_data_options(command: Callable) -> Callable:
    """--records, --max-charts and --seed: how many fake dashboards, how big, which ones."""
    for option in reversed(
        (
            click.option(
                "--records",
                type=click.IntRange(min=1),
                default=10,
                show_default=True,
                help="How many fake dashboards to make.",
            ),
            click.option(
                "--max-charts",
                type=click.IntRange(min=1),
                default=5,
                show_default=True,
                help="At most this many charts in each.",
            ),
            click.option(
                "--seed", type=int, default=None, help="Make the same dashboards every time."
            ),
        )
    ):
        command = option(command)
    return command


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@_fake_data_options
@click.option(
    "--fixtures", default=None, callback=_existing_folder, help="Load every *.json in this folder."
)
@click.option("--dump", default=None, help="Write every dashboard to this folder as JSON.")
@click.option(
    "--delete",
    is_flag=True,
    default=False,
    help="Delete every dashboard (after the dump, with --dump).",
)
def insert_dashboards(
    records: int,
    max_charts: int,
    fixtures: str | None,
    dump: str | None,
    delete: bool,
    seed: int | None,
) -> None:
    """Load, dump, make up or delete dashboards in the database that the CHARTS_* environment
    variables choose (CHARTS_ACTIVE_DB, CHARTS_DB_PATH, ...)."""
    try:
        if fixtures is not None:
            if load_fixtures(fixtures).failed:
                raise SystemExit(1)
            return
        if dump is not None:
            dump_fixtures(dump, delete_after=delete)
            return
        if delete:
            click.echo("Deleting all records!")
            removed = adapter.remove_all()
            click.echo(
                "Deleted all dashboards." if removed is None else f"Deleted {removed} dashboards."
            )
            return
        progress = Progress("Made", records)
        made = make_fake_dashboards(adapter, records, max_charts, seed, progress)
        progress.done()
        click.echo(f"Made {made} fake dashboards of up to {max_charts} charts.")
    except (StorageError, ConfigurationError) as exc:
        click.echo(f"Error: {exc}", err=True)
        raise SystemExit(2) from None


def register_commands(cli: Any) -> None:
    """Add ``load``, ``dump``, ``fake``, ``delete`` and ``provision`` to a click group
    (``flask jsondash``)."""

    @cli.command("load")
    @click.argument("directory", type=click.Path(exists=True, file_okay=False))
    def load_command(directory: str) -> None:
        """Load every *.json dashboard in DIRECTORY (same id: replaced, not duplicated)."""
        if load_fixtures(directory).failed:
            raise SystemExit(1)

    @cli.command("dump")
    @click.argument("directory", type=click.Path(file_okay=False))
    def dump_command(directory: str) -> None:
        """Write every dashboard to DIRECTORY, one pretty JSON file each."""
        os.makedirs(directory, exist_ok=True)
        dump_fixtures(directory)

    @cli.command("fake")
    @_fake_data_options
    def fake_command(records: int, max_charts: int, seed: int | None) -> None:
        """Make up dashboards of random charts that read the example data server."""
        made = make_fake_dashboards(adapter, records, max_charts, seed)
        click.echo(f"Made {made} fake dashboards of up to {max_charts} charts.")

    @cli.command("delete")
    @click.confirmation_option(prompt="Delete every dashboard in this database?")
    def delete_command() -> None:
        """Delete every dashboard."""
        removed = adapter.remove_all()
        click.echo(
            "Deleted all dashboards." if removed is None else f"Deleted {removed} dashboards."
        )

    @cli.command("provision")
    @click.argument("directory", required=False, type=click.Path(file_okay=False))
    @click.option(
        "--delete-removed/--keep-removed",
        default=None,
        help="Delete the dashboards provisioned from the folder whose file is gone (default: "
        "as JSONDASH_PROVISIONING says for the folder; otherwise keep them).",
    )
    def provision_command(directory: str | None, delete_removed: bool | None) -> None:
        """Provision dashboards from DIRECTORY's *.json files once (by id: new ones created,
        changed ones saved as a new version, unchanged ones left), or from every folder of
        JSONDASH_PROVISIONING."""
        from .provisioning import provision_command as provision_once

        if provision_once(directory, delete_removed).failed:
            raise SystemExit(1)


if __name__ == "__main__":
    insert_dashboards(prog_name="python -m flask_jsondash.model_factories")
