"""Fixtures and fake data: python -m flask_jsondash.model_factories and flask jsondash."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys

import pytest
from helpers import EXAMPLES_DIR, ROOT, dashboard

from flask_jsondash import model_factories as mf
from flask_jsondash.db import get_db_handler
from flask_jsondash.schema import get_chart_types, normalize, problems_of
from flask_jsondash.settings import CHARTS_CONFIG

NUM_EXAMPLES = len(os.listdir(EXAMPLES_DIR))


def write(folder, name, content):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


# The Python functions -----------------------------------------------------------------------


def test_loading_is_idempotent(store):
    paths = mf.fixture_files(EXAMPLES_DIR)
    first = mf.load_fixture_files(store, paths)
    assert len(first.created) == NUM_EXAMPLES and not first.failed
    again = mf.load_fixture_files(store, paths)
    assert again.created == [] and len(again.replaced) == NUM_EXAMPLES
    assert store.count() == NUM_EXAMPLES


def test_bad_files_are_reported_by_name_and_the_rest_load(store, tmp_path):
    good = write(tmp_path, "good.json", dashboard())
    broken = write(tmp_path, "broken.json", "{not json")
    invalid = write(tmp_path, "invalid.json", dashboard(name=""))
    report = mf.load_fixture_files(store, [str(broken), str(good), str(invalid)])
    assert report.loaded == 1
    assert set(report.failed) == {str(broken), str(invalid)}
    assert "not valid JSON" in report.failed[str(broken)]
    assert "name" in report.failed[str(invalid)]


def test_a_dump_loads_back_unchanged(store, tmp_path):
    mf.load_fixture_files(store, mf.fixture_files(EXAMPLES_DIR))
    mf.make_fake_dashboards(store, 30, seed=1)
    before = {doc["id"]: doc for doc in mf.all_dashboards(store)}
    (tmp_path / "dump").mkdir()
    written = mf.dump_fixture_files(store, str(tmp_path / "dump"))
    assert len(written) == len(before) == NUM_EXAMPLES + 30
    with open(written[0]) as handle:
        text = handle.read()
    assert text.startswith("{\n    ")  # pretty
    store.remove_all()
    report = mf.load_fixture_files(store, mf.fixture_files(str(tmp_path / "dump")))
    assert not report.failed
    assert {doc["id"]: doc for doc in mf.all_dashboards(store)} == before


def test_fake_dashboards_are_valid_and_repeatable(store):
    made = mf.make_fake_dashboards(store, 40, max_charts=6, seed=7)
    assert made == 40 == store.count()
    for doc in mf.all_dashboards(store):
        assert problems_of(normalize(doc)) == []
        assert 1 <= len(doc["modules"]) <= 6
    one = mf.fake_dashboard(random.Random(3))
    assert one == mf.fake_dashboard(random.Random(3))


def test_every_chart_type_has_sample_data():
    assert set(get_chart_types()) <= set(mf.SAMPLE_SOURCES)


def test_progress_line_on_a_terminal_and_in_a_log():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    progress = mf.Progress("Loading", 3, screen)
    for number in (1, 2, 3):
        progress(number, f"/x/file{number}.json")
    progress.done()
    assert "\r\033[K" in screen.getvalue() and "Loading 3/3: file3.json" in screen.getvalue()
    log = io.StringIO()
    progress = mf.Progress("Loading", 250, log)
    for number in range(1, 251):
        progress(number, "f.json")
    assert log.getvalue().count("\n") == 4  # 1, 100, 200, 250


# python -m flask_jsondash.model_factories ---------------------------------------------------


def run(tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTS_")}
    env.update(CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(tmp_path / "cli.sqlite3"))
    return subprocess.run(
        [sys.executable, "-m", "flask_jsondash.model_factories", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_module_command_line(tmp_path):
    made = run(tmp_path, "--records", "12", "--max-charts", "3", "--seed", "1")
    assert made.returncode == 0 and "Made 12 fake dashboards" in made.stdout
    assert "Made 12/12" in made.stderr  # progress
    (tmp_path / "out").mkdir()  # as in the original, the folder must exist
    dumped = run(tmp_path, "--dump", str(tmp_path / "out"))
    assert "Saving db as fixtures to: " in dumped.stdout and "Wrote 12 dashboards" in dumped.stdout
    assert len(os.listdir(tmp_path / "out")) == 12
    loaded = run(tmp_path, "--fixtures", EXAMPLES_DIR)
    assert f"Loaded {NUM_EXAMPLES} of {NUM_EXAMPLES} files" in loaded.stdout
    deleted = run(tmp_path, "--delete")
    assert "Deleting all records!" in deleted.stdout
    assert f"Deleted {12 + NUM_EXAMPLES} dashboards." in deleted.stdout
    made = run(tmp_path)  # no option: 10 fake dashboards, as the original
    assert made.returncode == 0 and "Made 10 fake dashboards" in made.stdout


def test_module_command_line_errors(tmp_path):
    missing = run(tmp_path, "--fixtures", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    assert run(tmp_path, "--records", "0").returncode == 2
    bad = write(tmp_path / "bad", "x.json", "[]")
    partial = run(tmp_path, "--fixtures", str(bad.parent))
    assert partial.returncode == 1 and f"Not loaded: {bad}" in partial.stdout
    run(tmp_path, "--records", "1")
    nowhere = run(tmp_path, "--dump", str(tmp_path / "no-such-folder"))
    assert nowhere.returncode == 0  # the original reported the files it could not write
    assert "The following records could not be dumped: [" in nowhere.stdout


def test_module_command_line_reports_an_unusable_database(tmp_path):
    env_run = subprocess.run(
        [sys.executable, "-m", "flask_jsondash.model_factories", "--delete"],
        capture_output=True,
        text=True,
        env={**os.environ, "CHARTS_ACTIVE_DB": "mango"},
        timeout=60,
    )
    assert env_run.returncode == 2 and "CHARTS_ACTIVE_DB='mango'" in env_run.stderr


# flask jsondash ... -------------------------------------------------------------------------


@pytest.fixture
def backend():
    return "sqlite"


def test_flask_command_group(app, tmp_path):
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["jsondash", "--help"])
    assert all(verb in listed.output for verb in ("load", "dump", "fake", "delete"))
    for verb in ("load", "dump", "fake", "delete"):
        assert runner.invoke(args=["jsondash", verb, "--help"]).exit_code == 0
    result = runner.invoke(args=["jsondash", "load", EXAMPLES_DIR])
    assert result.exit_code == 0 and f"{NUM_EXAMPLES} new" in result.output
    result = runner.invoke(args=["jsondash", "fake", "--records", "5", "--seed", "2"])
    assert result.exit_code == 0
    with app.app_context():
        assert get_db_handler().count() == NUM_EXAMPLES + 5
    result = runner.invoke(args=["jsondash", "dump", str(tmp_path / "out")])
    assert len(os.listdir(tmp_path / "out")) == NUM_EXAMPLES + 5
    refused = runner.invoke(args=["jsondash", "delete"], input="n\n")
    assert refused.exit_code != 0
    with app.app_context():
        assert get_db_handler().count() == NUM_EXAMPLES + 5
    assert runner.invoke(args=["jsondash", "delete", "--yes"]).exit_code == 0
    with app.app_context():
        assert get_db_handler().count() == 0


# The original's names ------------------------------------------------------------------------


def test_original_fake_data_functions():
    group = mf.get_random_group()
    assert group in CHARTS_CONFIG.values() and "charts" in group
    chart = mf.get_random_chart(group)
    assert isinstance(chart, tuple) and chart in group["charts"]
    field, text = mf.make_fake_chart_data(name="Foo", width=10, height=20)
    config = json.loads(text)
    assert field == f"module_{config['guid']}"
    assert (config["name"], config["width"], config["height"]) == ("Foo", 10, 20)
    fake = mf.make_fake_dashboard(name="Foo", max_charts=4)
    assert fake["name"] == "Foo" and 1 <= len(fake["modules"]) <= 4
    assert problems_of(normalize(fake)) == []


def test_original_functions_work_through_the_module_adapter(app, tmp_path, capsys):
    """load_fixtures(path), dump_fixtures(path, delete_after) and delete_all() use
    model_factories.adapter, the current app's storage, and say what they do."""
    from flask_jsondash import utils

    assert mf.adapter is utils.adapter
    with app.app_context():
        report = mf.load_fixtures(EXAMPLES_DIR)
        assert report.loaded == NUM_EXAMPLES == get_db_handler().count()
        out = capsys.readouterr().out
        assert out.startswith(f"Loading fixtures for path {EXAMPLES_DIR}\nLoading ")
        dump = tmp_path / "dump"
        dump.mkdir()
        assert len(mf.dump_fixtures(str(dump), delete_after=True)) == NUM_EXAMPLES
        assert "Saving fixture: " in capsys.readouterr().out
        assert len(os.listdir(dump)) == NUM_EXAMPLES
        assert get_db_handler().count() == 0  # deleted after the dump
        mf.dump_fixtures(str(dump))
        assert "Nothing to dump." in capsys.readouterr().out
        mf.load_fixtures(str(dump))
        assert mf.delete_all() is None
        assert get_db_handler().count() == 0


def test_insert_dashboards_is_the_originals_click_command(app):
    from click.testing import CliRunner

    runner = CliRunner()
    with app.app_context():
        result = runner.invoke(mf.insert_dashboards, ["--records", "3", "--max-charts", "2"])
        assert result.exit_code == 0, result.output
        assert get_db_handler().count() == 3
        result = runner.invoke(mf.insert_dashboards, ["--delete"])
        assert "Deleting all records!" in result.output
        assert get_db_handler().count() == 0
