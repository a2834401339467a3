"""Provisioning: folders of dashboard files kept in the database (JSONDASH_PROVISIONING, and
``flask jsondash provision``). On every adapter: new files create, changed files save a new
version, unchanged files write nothing, broken files are logged and load nothing, removed files
delete only where the folder says so; provisioned dashboards are read-only in the browser
unless the folder allows it. Then the thread: at start, every interval, stopped cleanly, never
under tests unless asked, once under the reloader, and several workers that do not fight."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
from flask import Flask, template_rendered
from helpers import ROOT, dashboard, free_port, make_app, module, post

from flask_jsondash import JsonDash, dashboards, provisioning
from flask_jsondash.dashboards import ProvisionedDashboard
from flask_jsondash.db import get_db_handler
from flask_jsondash.settings import (
    ConfigurationError,
    ProvisioningFolder,
    provisioning_folders,
    provisioning_interval,
)

JSON = {"Accept": "application/json"}
DASH_A = "provisioned-a"
DASH_B = "provisioned-b"


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "dashboards"
    path.mkdir()
    return path


def write(path, document, indent=None, sort_keys=False) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = document if isinstance(document, str) else json.dumps(document, indent=indent)
    if sort_keys:
        text = json.dumps(document, indent=indent, sort_keys=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def configure(app, folder, **options) -> None:
    entry = {"path": str(folder), **options} if options else str(folder)
    app.config["JSONDASH_PROVISIONING"] = [entry]


def provision(app) -> provisioning.ProvisioningReport:
    return provisioning.provision_app(app)


def stored(app, c_id: str) -> dict | None:
    with app.app_context():
        return get_db_handler().get(c_id)


def history(app, c_id: str):
    with app.app_context():
        return get_db_handler().history(c_id)


# Settings -----------------------------------------------------------------------------------


def test_folders_are_paths_or_dicts_and_relative_ones_are_under_the_root_path(tmp_path):
    config = {
        "JSONDASH_PROVISIONING": [
            "/srv/dashboards",
            {"path": "teams", "allow_ui_updates": True, "delete_removed": True},
        ]
    }
    assert provisioning_folders(config, str(tmp_path)) == [
        ProvisioningFolder("/srv/dashboards"),
        ProvisioningFolder(str(tmp_path / "teams"), True, True),
    ]
    assert provisioning_folders({"JSONDASH_PROVISIONING": "/srv/x/"}, "/") == [
        ProvisioningFolder("/srv/x")
    ]
    assert provisioning_folders({}, "/") == []
    assert provisioning_folders({"JSONDASH_PROVISIONING": None}, "/") == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ([{"path": "/a", "allowUiUpdates": True}], "JSONDASH_PROVISIONING[0] has unknown keys"),
        ([{"path": "/a", "delete_removed": "yes"}], "['delete_removed']='yes' is not True"),
        ([{"allow_ui_updates": True}], "JSONDASH_PROVISIONING[0]['path']=None is not a folder"),
        (["/a", 3], "JSONDASH_PROVISIONING[1]=3 is not a folder"),
        (["/a", "/a/"], "names the folder /a more than once"),
        (["/a", "/a/b"], "names /a/b, which is inside /a"),
        (["/a/b/c", "/a"], "names /a/b/c, which is inside /a"),
        ("", None),
    ],
)
def test_a_bad_folder_setting_is_a_sentence_naming_it(value, words):
    if words is None:
        assert provisioning_folders({"JSONDASH_PROVISIONING": value}, "/") == []
        return
    with pytest.raises(ConfigurationError, match=re.escape(words)):
        provisioning_folders({"JSONDASH_PROVISIONING": value}, "/")


@pytest.mark.parametrize("value", [0, 1, 30, 2.5, "60"])
def test_intervals_in_bounds(value):
    assert provisioning_interval({"JSONDASH_PROVISIONING_INTERVAL": value}) == float(value)


@pytest.mark.parametrize("value", [-1, 0.5, 10**9, "soon", None, True, float("nan")])
def test_intervals_out_of_bounds_name_the_setting(value):
    with pytest.raises(ConfigurationError, match="JSONDASH_PROVISIONING_INTERVAL="):
        provisioning_interval({"JSONDASH_PROVISIONING_INTERVAL": value})


def test_init_app_fails_on_a_bad_provisioning_setting(tmp_path):
    app = Flask(__name__, instance_path=str(tmp_path))
    app.config.update(
        SECRET_KEY="x",
        CHARTS_ACTIVE_DB="sqlite",
        CHARTS_DB_PATH=str(tmp_path / "d.sqlite3"),
        JSONDASH_PROVISIONING=[{"path": "/a", "allowUiUpdates": True}],
    )
    with pytest.raises(ConfigurationError, match="allowUiUpdates"):
        JsonDash(app)


def test_register_blueprint_alone_logs_a_bad_setting_and_provisions_nothing(tmp_path, caplog):
    with caplog.at_level(logging.ERROR):
        app = Flask("bad_setting_app", instance_path=str(tmp_path))
        app.config.update(
            SECRET_KEY="x",
            CHARTS_ACTIVE_DB="sqlite",
            CHARTS_DB_PATH=str(tmp_path / "d.sqlite3"),
            JSONDASH_PROVISIONING=[str(tmp_path)],
            JSONDASH_PROVISIONING_INTERVAL="often",
        )
        from flask_jsondash.charts_builder import charts

        app.register_blueprint(charts)
    assert "JSONDASH_PROVISIONING_INTERVAL='often'" in caplog.text
    assert provisioning.provisioner_of(app) is None


# Rounds, on every adapter -------------------------------------------------------------------------


def test_new_files_are_created_and_say_where_they_come_from(app, folder):
    file_a = write(folder / "a.json", dashboard(id=DASH_A, name="A", created_by="mallory"))
    file_b = write(folder / "team" / "b.json", dashboard(id=DASH_B, name="B", version=40))
    write(folder / ".hidden" / "c.json", dashboard(id="provisioned-c"))
    write(folder / "notes.txt", "not a dashboard")
    configure(app, folder)
    report = provision(app)
    assert sorted(report.created) == [DASH_A, DASH_B] and not report.failed
    doc = stored(app, DASH_A)
    assert doc["provisioned"] == file_a and doc["provisioned_from"] == str(folder)
    assert doc["version"] == 0 and doc["created_by"] == "global"  # the file's is ignored
    assert stored(app, DASH_B)["version"] == 0 and stored(app, DASH_B)["provisioned"] == file_b
    assert stored(app, "provisioned-c") is None
    with app.test_request_context():
        meta = dashboards.meta(DASH_A)
    assert meta["provisioned"] == file_a and meta["can_edit"] is False
    (entry,) = history(app, DASH_A)
    assert entry.saved_by == "provisioning" and entry.message == f"Provisioned from {file_a}"


def test_unchanged_files_write_nothing_however_they_are_formatted(app, folder):
    doc = dashboard(id=DASH_A, name="A")
    write(folder / "a.json", doc)
    configure(app, folder)
    provision(app)
    first = stored(app, DASH_A)
    write(folder / "a.json", doc, indent=4, sort_keys=True)
    for _ in range(3):
        assert provision(app).unchanged == [DASH_A]
    assert stored(app, DASH_A) == first
    assert [e.version for e in history(app, DASH_A)] == [0]


def test_a_changed_file_saves_the_next_version_and_keeps_the_last_in_history(app, folder):
    write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    configure(app, folder)
    provision(app)
    write(folder / "a.json", dashboard(id=DASH_A, name="A, renamed"))
    assert provision(app).updated == [DASH_A]
    doc = stored(app, DASH_A)
    assert doc["name"] == "A, renamed" and doc["version"] == 1
    assert [e.version for e in history(app, DASH_A)] == [1, 0]
    with app.app_context():
        assert get_db_handler().history_entry(DASH_A, 0).document["name"] == "A"


BROKEN = {
    "not-json.json": ("{nope", "is not valid JSON: Expecting property name"),
    "a-list.json": ("[1, 2]", "must hold one dashboard (a JSON object), not a list"),
    "no-id.json": (json.dumps({**dashboard(), "id": None}), 'has no "id"'),
    "bad-id.json": (json.dumps(dashboard(id="a/b")), "id: must be 8 to 40 letters"),
    "bad-module.json": (
        json.dumps(dashboard(id="provisioned-m", modules=[{"name": "x"}])),
        "modules[0]",
    ),
    "javascript.json": (
        json.dumps(dashboard(id="provisioned-j", modules=[module(dataSource="javascript:x")])),
        "modules[0].dataSource: must be an http(s) or relative URL",
    ),
    "nan.json": ('{"id": "provisioned-n", "name": NaN, "modules": []}', "NaN is not a number"),
}


def test_broken_files_are_logged_with_their_problem_and_the_rest_load(app, folder, caplog):
    for name, (text, _) in BROKEN.items():
        write(folder / name, text)
    (folder / "latin1.json").write_bytes(b'{"name": "caf\xe9"}')
    write(folder / "good.json", dashboard(id=DASH_A))
    configure(app, folder)
    provisioner = provisioning.Provisioner(app)
    with caplog.at_level(logging.INFO):
        report = provisioner.run_once()
    assert report.created == [DASH_A]
    for name, (_, words) in BROKEN.items():
        path = str(folder / name)
        assert words in report.failed[path], name
        line = next(r.getMessage() for r in caplog.records if path in r.getMessage())
        assert words in line
    assert "is not UTF-8 text" in report.failed[str(folder / "latin1.json")]
    assert all(stored(app, c_id) is None for c_id in ("provisioned-m", "provisioned-j"))
    # Said once, not at every round.
    caplog.clear()
    with caplog.at_level(logging.INFO):
        provisioner.run_once()
    assert caplog.text == ""


def test_a_file_too_large_loads_nothing(app, folder):
    app.config["JSONDASH_MAX_DOCUMENT_BYTES"] = 2_000
    big = dashboard(id=DASH_A, description="x" * 1_900)
    write(folder / "big.json", big)
    write(folder / "huge.json", {**big, "id": DASH_B, "padding": "y" * 9_000})
    configure(app, folder)
    report = provision(app)
    assert "is 2," in report.failed[str(folder / "big.json")]  # "... bytes as JSON; ..."
    assert "is larger than 8,000 bytes" in report.failed[str(folder / "huge.json")]
    assert stored(app, DASH_A) is None and stored(app, DASH_B) is None


def test_two_files_with_one_id_load_the_first(app, folder):
    first = write(folder / "a.json", dashboard(id=DASH_A, name="First"))
    second = write(folder / "b.json", dashboard(id=DASH_A, name="Second"))
    configure(app, folder)
    report = provision(app)
    assert stored(app, DASH_A)["name"] == "First"
    assert report.failed == {second: f'has the id "{DASH_A}" of {first}, which is loaded instead'}


def test_a_dashboard_created_otherwise_is_taken_over_and_kept_in_history(app, folder, caplog):
    with app.test_request_context():
        dashboards.create_document(dashboard(id=DASH_A, name="Made in the browser"))
    write(folder / "a.json", dashboard(id=DASH_A, name="From the file"))
    configure(app, folder)
    with caplog.at_level(logging.WARNING):
        assert provisioning.Provisioner(app).run_once().taken_over == [DASH_A]
    assert f"{DASH_A} was not provisioned" in caplog.text
    assert stored(app, DASH_A)["name"] == "From the file"
    assert [e.version for e in history(app, DASH_A)] == [1, 0]


def test_removed_files_keep_their_dashboards_unless_the_folder_deletes_them(app, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    write(folder / "b.json", dashboard(id=DASH_B))
    configure(app, folder)
    provision(app)
    os.remove(folder / "a.json")
    assert provision(app).deleted == []
    assert stored(app, DASH_A) is not None
    configure(app, folder, delete_removed=True)
    report = provision(app)
    assert report.deleted == [DASH_A] and report.unchanged == [DASH_B]
    assert stored(app, DASH_A) is None and history(app, DASH_A) == []


def test_nothing_is_deleted_for_a_folder_that_cannot_be_read_or_a_file_that_is_broken(app, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    write(folder / "b.json", dashboard(id=DASH_B))
    configure(app, folder, delete_removed=True)
    provision(app)
    write(folder / "a.json", "{ broken while someone edits it")
    assert provision(app).deleted == []
    assert stored(app, DASH_A) is not None
    moved = folder.parent / "unmounted"
    folder.rename(moved)
    report = provision(app)
    assert "the folder cannot be read" in report.failed[str(folder)]
    assert report.deleted == [] and stored(app, DASH_B) is not None


def test_a_file_whose_id_changed_deletes_the_old_dashboard_where_the_folder_says(app, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    configure(app, folder, delete_removed=True)
    provision(app)
    write(folder / "a.json", dashboard(id=DASH_B))
    report = provision(app)
    assert report.created == [DASH_B] and report.deleted == [DASH_A]


def test_other_dashboards_are_never_deleted(app, folder, make_dashboard):
    other = make_dashboard()
    configure(app, folder, delete_removed=True)
    provision(app)
    assert stored(app, other["id"]) is not None


# Read-only in the browser ------------------------------------------------------------------------


@contextmanager
def rendered(app):
    seen: list[dict] = []

    def record(_sender, template, context, **_extra):
        seen.append(context)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


def test_a_provisioned_dashboard_refuses_changes_naming_its_file(app, client, folder):
    file_a = write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    configure(app, folder)
    provision(app)
    response = post(client, f"/charts/{DASH_A}/update", {"name": "x", "mode": "freeform"})
    assert response.status_code == 403
    assert f"provisioned from the file {file_a}" in response.text
    response = post(
        client, f"/charts/{DASH_A}/update", {"name": "x", "mode": "freeform"}, headers=JSON
    )
    assert response.status_code == 403 and file_a in response.json["message"]
    assert post(client, f"/charts/{DASH_A}/delete").status_code == 403
    with app.test_request_context():
        for change in (
            lambda: dashboards.save_document(DASH_A, dashboard(id=DASH_A), overwrite=True),
            lambda: dashboards.restore(DASH_A, 0, overwrite=True),
            lambda: dashboards.delete(DASH_A, overwrite=True),
        ):
            with pytest.raises(ProvisionedDashboard) as refused:
                change()
            assert refused.value.status == 403 and refused.value.file == file_a
    assert stored(app, DASH_A)["version"] == 0


def test_its_page_has_no_editing_controls_and_says_where_it_comes_from(app, client, folder):
    file_a = write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    configure(app, folder)
    provision(app)
    with rendered(app) as seen:
        response = client.get(f"/charts/{DASH_A}")
    assert response.status_code == 200
    page = next(c for c in seen if "provisioned" in c)
    assert page["provisioned"] == file_a and page["provisioned_editable"] is False
    assert page["editing"] is False and page["can_delete"] is False
    assert page["export_url"] == f"/charts/{DASH_A}/export"
    assert f"Provisioned from <code>{file_a}</code>: change it there." in response.text
    assert f'href="/charts/{DASH_A}/export" download>Export JSON' in response.text


def test_allow_ui_updates_lets_the_browser_change_it_until_the_file_changes(app, client, folder):
    file_a = write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    configure(app, folder, allow_ui_updates=True)
    provision(app)
    with rendered(app) as seen:
        client.get(f"/charts/{DASH_A}")
    page = next(c for c in seen if "provisioned" in c)
    assert page["provisioned"] == file_a and page["editing"] is True
    raw = {**stored(app, DASH_A), "name": "Edited", "provisioned": "/etc/passwd"}
    del raw["provisioned_checksum"]
    response = post(
        client, f"/charts/{DASH_A}/update", {"edit-raw": "on", "config": json.dumps(raw)}
    )
    assert response.status_code == 302, response.text
    doc = stored(app, DASH_A)
    assert doc["name"] == "Edited" and doc["version"] == 1
    # Only provisioning says where a dashboard comes from.
    assert doc["provisioned"] == file_a and doc["provisioned_checksum"].startswith("sha256:")
    assert provision(app).unchanged == [DASH_A]
    assert stored(app, DASH_A)["name"] == "Edited"
    write(folder / "a.json", dashboard(id=DASH_A, name="From the file again"))
    assert provision(app).updated == [DASH_A]
    assert stored(app, DASH_A)["name"] == "From the file again"


def test_a_folder_no_longer_configured_leaves_its_dashboards_read_only(app, client, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    configure(app, folder, allow_ui_updates=True)
    provision(app)
    app.config["JSONDASH_PROVISIONING"] = None
    response = post(client, f"/charts/{DASH_A}/update", {"name": "x", "mode": "freeform"})
    assert response.status_code == 403


def test_imports_and_clones_of_it_are_ordinary_dashboards(app, client, folder):
    write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    configure(app, folder)
    provision(app)
    exported = stored(app, DASH_A)
    with app.test_request_context():
        copy = dashboards.create_document({**exported, "id": "an-imported-copy"})
        clone = dashboards.clone(DASH_A)
        for made in (copy, clone):
            assert not {"provisioned", "provisioned_from", "provisioned_checksum"} & set(made)
            assert dashboards.is_editable(made)


# The command -----------------------------------------------------------------------------------


def test_flask_jsondash_provision_dir_once(app, folder):
    file_a = write(folder / "a.json", dashboard(id=DASH_A))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jsondash", "provision", str(folder)])
    assert result.exit_code == 0, result.output
    assert f"Created {DASH_A} from {file_a}" in result.output
    assert "1 created, 0 updated, 0 unchanged, 0 deleted, 0 not loaded." in result.output
    result = runner.invoke(args=["jsondash", "provision", str(folder)])
    assert f"Unchanged {DASH_A}" in result.output
    os.remove(file_a)
    write(folder / "b.json", "[]")
    result = runner.invoke(args=["jsondash", "provision", str(folder)])
    assert result.exit_code == 1 and stored(app, DASH_A) is not None
    assert "b.json must hold one dashboard" in result.output
    result = runner.invoke(args=["jsondash", "provision", "--delete-removed", str(folder)])
    assert f"Deleted {DASH_A}" in result.output and stored(app, DASH_A) is None


def test_flask_jsondash_provision_without_dir_does_the_configured_folders(app, folder):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jsondash", "provision"])
    assert result.exit_code == 2 and "JSONDASH_PROVISIONING" in result.output
    write(folder / "a.json", dashboard(id=DASH_A))
    configure(app, folder)
    result = runner.invoke(args=["jsondash", "provision"])
    assert result.exit_code == 0 and f"Created {DASH_A}" in result.output


def test_flask_jsondash_provision_a_missing_folder_fails(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["jsondash", "provision", str(tmp_path / "no")])
    assert result.exit_code == 1 and "the folder cannot be read" in result.output


# Several at once ---------------------------------------------------------------------------------

WORKERS = 6


def test_workers_provisioning_at_once_write_each_change_once(app, folder):
    for index in range(5):
        write(folder / f"{index}.json", dashboard(id=f"provisioned-{index}", name=f"D{index}"))
    configure(app, folder)

    def race() -> list[provisioning.ProvisioningReport]:
        start = threading.Barrier(WORKERS)
        reports: list = []
        errors: list = []

        def worker() -> None:
            try:
                start.wait()
                reports.append(provision(app))
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        return reports

    reports = race()
    assert sum(len(r.created) for r in reports) == 5
    for index in range(5):
        write(folder / f"{index}.json", dashboard(id=f"provisioned-{index}", name=f"E{index}"))
    reports = race()
    assert sum(len(r.updated) for r in reports) == 5
    for index in range(5):
        c_id = f"provisioned-{index}"
        assert stored(app, c_id)["version"] == 1 and stored(app, c_id)["name"] == f"E{index}"
        assert [e.version for e in history(app, c_id)] == [1, 0]


# The thread ---------------------------------------------------------------------------------------


def test_no_thread_under_tests_unless_asked(tmp_path, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    app = make_app("sqlite", tmp_path, JSONDASH_PROVISIONING=[str(folder)])
    app.test_client().get("/charts/")
    assert provisioning.provisioner_of(app) is None
    assert stored(app, DASH_A) is None


def test_the_thread_provisions_at_start_then_every_interval_and_stops(tmp_path, folder):
    write(folder / "a.json", dashboard(id=DASH_A, name="A"))
    app = make_app("sqlite", tmp_path, JSONDASH_PROVISIONING=[str(folder)])
    app.config["JSONDASH_PROVISIONING_INTERVAL"] = 1
    provisioner = provisioning.start_provisioner(app)
    try:
        assert provisioning.start_provisioner(app) is provisioner  # one per app and process
        assert provisioner.wait_for_rounds(1)
        assert stored(app, DASH_A)["name"] == "A"
        write(folder / "a.json", dashboard(id=DASH_A, name="A, changed"))
        assert provisioner.wait_for_rounds(3)
        assert stored(app, DASH_A)["name"] == "A, changed"
    finally:
        provisioning.stop_provisioner(app)
    assert not provisioner.running and not provisioner._thread.is_alive()
    rounds = provisioner.rounds
    time.sleep(1.5)
    assert provisioner.rounds == rounds


def test_an_interval_of_0_provisions_once(tmp_path, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    app = make_app(
        "sqlite", tmp_path, JSONDASH_PROVISIONING=[str(folder)], JSONDASH_PROVISIONING_INTERVAL=0
    )
    provisioner = provisioning.start_provisioner(app)
    provisioner._thread.join(30)
    assert provisioner.rounds == 1 and stored(app, DASH_A) is not None
    assert provisioning.start_provisioner(app) is provisioner  # not again at the next request


def test_an_app_that_serves_starts_its_thread_when_set_up(tmp_path, folder, monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    write(folder / "a.json", dashboard(id=DASH_A))
    app = make_app("sqlite", tmp_path, TESTING=False, JSONDASH_PROVISIONING=[str(folder)])
    provisioner = provisioning.provisioner_of(app)
    try:
        assert provisioner is not None and provisioner.eager
        assert provisioner.wait_for_rounds(1) and stored(app, DASH_A) is not None
    finally:
        provisioning.stop_provisioner(app)


def test_in_debug_mode_it_waits_for_the_first_request(tmp_path, folder, monkeypatch):
    """The reloader's watching process has debug on and serves nothing: no thread there; the
    process that serves starts one at its first request."""
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    write(folder / "a.json", dashboard(id=DASH_A))
    app = Flask("debug_app", instance_path=str(tmp_path / "instance"))
    app.debug = True
    app.config.update(
        SECRET_KEY="x",
        CHARTS_ACTIVE_DB="sqlite",
        CHARTS_DB_PATH=str(tmp_path / "d.sqlite3"),
        JSONDASH_PROVISIONING=[str(folder)],
    )
    from flask_jsondash.charts_builder import charts

    app.register_blueprint(charts)
    assert provisioning.provisioner_of(app) is None
    app.test_client().get("/charts/")
    provisioner = provisioning.provisioner_of(app)
    try:
        assert provisioner is not None and provisioner.wait_for_rounds(1)
    finally:
        provisioning.stop_provisioner(app)


def _server_log_pids(log_path, pattern: str) -> set[int]:
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        return {int(pid) for pid in re.findall(pattern, handle.read())}


@contextmanager
def server(command: list[str], cwd, log_path, env: dict):
    """A server of ours, in a session of its own, stopped by its process group's id."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={
                k: v
                for k, v in {**os.environ, **env}.items()
                if k not in ("WERKZEUG_RUN_MAIN", "FLASK_DEBUG")
            },
            start_new_session=True,
        )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


APP_MODULE = """
import logging
from flask import Flask
from flask_jsondash.charts_builder import charts

app = Flask(__name__)
app.config.update(
    SECRET_KEY="x",
    CHARTS_ACTIVE_DB="sqlite",
    CHARTS_DB_PATH={db!r},
    JSONDASH_PROVISIONING=[{folder!r}],
    JSONDASH_PROVISIONING_INTERVAL=1,
)
app.logger.setLevel(logging.DEBUG)
if not app.logger.handlers:
    app.logger.addHandler(logging.StreamHandler())
app.register_blueprint(charts)
"""


def _wait_for(condition, timeout: float, process) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the server stopped"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_flask_run_debug_provisions_in_the_reloaders_child_only(tmp_path, folder):
    write(folder / "a.json", dashboard(id=DASH_A))
    (tmp_path / "provapp.py").write_text(
        APP_MODULE.format(db=str(tmp_path / "d.sqlite3"), folder=str(folder))
    )
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    log_path = tmp_path / "server.log"
    command = [flask, "--app", "provapp", "run", "--debug", "--port", str(free_port())]
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), ROOT])}
    with server(command, tmp_path, log_path, env) as process:
        pattern = r"round in process (\d+)"
        _wait_for(lambda: len(re.findall(pattern, log_path.read_text())) >= 3, 30, process)
        pids = _server_log_pids(log_path, pattern)
        assert len(pids) == 1, log_path.read_text()
        assert process.pid not in pids  # the watching process (the one started) does not
    assert stored_in(tmp_path / "d.sqlite3", DASH_A)


def stored_in(db_path, c_id: str) -> dict | None:
    app = Flask("reader", instance_path=str(db_path.parent))
    app.config.update(CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(db_path))
    with app.app_context():
        return get_db_handler(app).get(c_id)


def test_gunicorn_workers_each_provision_and_write_each_change_once(tmp_path, folder):
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    if not os.path.exists(gunicorn):
        pytest.skip("gunicorn is not installed")
    for index in range(4):
        write(folder / f"{index}.json", dashboard(id=f"provisioned-{index}", name=f"D{index}"))
    db_path = tmp_path / "d.sqlite3"
    (tmp_path / "provapp.py").write_text(APP_MODULE.format(db=str(db_path), folder=str(folder)))
    log_path = tmp_path / "server.log"
    command = [gunicorn, "-w", "4", "-b", f"127.0.0.1:{free_port()}", "provapp:app"]
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), ROOT])}
    pattern = r"round in process (\d+)"
    with server(command, tmp_path, log_path, env) as process:
        _wait_for(lambda: len(_server_log_pids(log_path, pattern)) >= 4, 60, process)
        for index in range(4):
            write(folder / f"{index}.json", dashboard(id=f"provisioned-{index}", name=f"E{index}"))
        time.sleep(3.5)  # several rounds of each worker
    for index in range(4):
        c_id = f"provisioned-{index}"
        doc = stored_in(db_path, c_id)
        assert doc["name"] == f"E{index}" and doc["version"] == 1
        app = Flask("reader", instance_path=str(tmp_path))
        app.config.update(CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(db_path))
        with app.app_context():
            assert [e.version for e in get_db_handler(app).history(c_id)] == [1, 0]
