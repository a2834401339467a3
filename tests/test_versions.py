"""Versions: every save counts, a save from a stale version is refused (412) and writes
nothing, the history keeps who saved what and when, and it can be listed, compared and
restored. On every adapter; and two races that show one winner per version."""

from __future__ import annotations

import json
import multiprocessing
import random
import threading
import time
import uuid

import pytest
from helpers import dashboard, make_app, module, post

from flask_jsondash import dashboards
from flask_jsondash.dashboards import (
    Conflict,
    InvalidRequest,
    NotEditable,
    UnknownVersion,
)
from flask_jsondash.db import get_db_handler
from flask_jsondash.forms import Submission
from flask_jsondash.storage import SavedVersion, version_of

JSON = {"Accept": "application/json"}


class Users:
    """Who the metadata hooks say is signed in."""

    def __init__(self) -> None:
        self.current = "alice"

    def hooks(self) -> dict:
        return {"metadata": {"username": lambda: self.current, "created_by": lambda: self.current}}


@pytest.fixture
def users(app) -> Users:
    found = Users()
    app.config["JSONDASH"] = found.hooks()
    return found


def create(client, name: str = "Sales", **fields) -> str:
    response = post(client, "/charts/create", {"name": name, "mode": "freeform", **fields})
    assert response.status_code == 302, response.text
    return response.headers["Location"].rsplit("/", 1)[-1]


def form_save(client, c_id: str, headers: dict | None = None, **fields):
    data = {"name": fields.pop("name", "Renamed"), "mode": "freeform"}
    data.update({k: str(v) for k, v in fields.items()})
    return post(client, f"/charts/{c_id}/update", data, headers=headers or {})


def stored(app, c_id: str) -> dict:
    with app.app_context():
        return get_db_handler().get(c_id)


def history(app, c_id: str) -> list[SavedVersion]:
    with app.app_context():
        return get_db_handler().history(c_id)


def in_request(app, call, *args, **kwargs):
    with app.test_request_context():
        return call(*args, **kwargs)


# Version numbers --------------------------------------------------------------------------------


def test_a_new_dashboard_is_version_0_and_each_save_adds_one(app, client, users):
    c_id = create(client)
    assert stored(app, c_id)["version"] == 0
    for expected in (1, 2, 3):
        assert form_save(client, c_id, name=f"v{expected}").status_code == 302
        assert stored(app, c_id)["version"] == expected
    assert stored(app, c_id)["schemaVersion"] == 2


def test_a_save_from_the_current_version_succeeds(app, client, users):
    c_id = create(client)
    response = form_save(client, c_id, headers=JSON, version=0, name="Mine")
    assert response.status_code == 200
    assert response.json["dashboard"]["version"] == 1 and stored(app, c_id)["name"] == "Mine"


@pytest.mark.parametrize("accept_json", [True, False])
def test_a_save_from_a_stale_version_is_refused_with_who_and_when(app, client, users, accept_json):
    c_id = create(client)
    users.current = "bob"
    assert form_save(client, c_id, version=0, name="Bob's").status_code == 302
    bob = stored(app, c_id)
    users.current = "alice"
    response = form_save(client, c_id, headers=JSON if accept_json else {}, version=0, name="Mine")
    assert response.status_code == 412
    text = response.json["message"] if accept_json else response.text
    assert f"was saved by bob at {bob['date']} after you opened it" in text
    assert stored(app, c_id) == bob  # nothing written
    assert [e.version for e in history(app, c_id)] == [1, 0]
    if accept_json:
        assert response.json["current_version"] == 1 and response.json["saved_by"] == "bob"
    else:  # the page keeps what was typed
        assert "Mine" in response.text


def test_a_save_without_a_version_wins_as_in_the_original(app, client, users):
    c_id = create(client)
    form_save(client, c_id, name="first")
    assert form_save(client, c_id, name="second").status_code == 302
    assert stored(app, c_id)["name"] == "second" and stored(app, c_id)["version"] == 2


@pytest.mark.parametrize("bad", ["one", "-1", "1.5", "1e3", "99999999999999", "٣"])
def test_a_version_that_is_not_a_whole_number_is_a_400(app, client, users, bad):
    c_id = create(client)
    before = stored(app, c_id)
    response = form_save(client, c_id, headers=JSON, version=bad)
    assert response.status_code == 400
    assert any(p["path"] == "version" for p in response.json["problems"])
    assert stored(app, c_id) == before
    assert form_save(client, c_id, version=bad).status_code == 400


def test_an_overlong_message_is_a_400_and_changes_nothing(app, client, users):
    c_id = create(client)
    before = stored(app, c_id)
    response = form_save(client, c_id, headers=JSON, message="x" * 501)
    assert response.status_code == 400 and "message" in response.json["message"]
    assert form_save(client, c_id, message="x" * 501).status_code == 400
    assert stored(app, c_id) == before


def test_the_service_takes_the_version_as_a_keyword(app, users):
    doc = dashboard()
    with app.test_request_context():
        get_db_handler().insert(doc)
        saved = dashboards.save(doc["id"], Submission(name="A", modules=doc["modules"]))
        assert saved["version"] == 1
        with pytest.raises(Conflict) as caught:
            dashboards.save(doc["id"], Submission(name="B"), expected_version=0)
        assert caught.value.status == 412 and caught.value.current == 1
        overwritten = dashboards.save(
            doc["id"], Submission(name="C", modules=[]), expected_version=0, overwrite=True
        )
        assert overwritten["version"] == 2 and overwritten["name"] == "C"


def test_a_dashboard_stored_before_versions_starts_from_0(app, client, users):
    doc = dashboard(username="carol")
    with app.app_context():
        get_db_handler().insert(doc)
    assert form_save(client, doc["id"], version=0, message="first of mine").status_code == 302
    entries = history(app, doc["id"])
    assert [(e.version, e.saved_by, e.message) for e in entries] == [
        (1, "alice", "first of mine"),
        (0, "carol", None),
    ]
    assert entries[1].saved_at == doc["date"]


# Not editable ---------------------------------------------------------------------------------


def test_a_dashboard_that_is_not_editable_refuses_changes_through_the_forms(app, client, users):
    doc = dashboard(editable=False, created_by="alice")
    with app.app_context():
        get_db_handler().insert(doc)
    for accept in (JSON, {}):
        response = form_save(client, doc["id"], headers=accept, name="Changed")
        assert response.status_code == 403
        assert "not editable" in (response.json["message"] if accept else response.text)
        raw = post(
            client,
            f"/charts/{doc['id']}/update",
            {"edit-raw": "on", "config": json.dumps({**doc, "editable": True})},
            headers=accept,
        )
        assert raw.status_code == 403
        assert post(client, f"/charts/{doc['id']}/delete", headers=accept).status_code == 403
    assert stored(app, doc["id"]) == doc
    page = client.get(f"/charts/{doc['id']}")
    assert page.status_code == 200 and "jd-editor" not in page.text
    # A clone is the user's own, and editable.
    assert post(client, f"/charts/{doc['id']}/clone").status_code == 302


def test_only_overwrite_with_edit_others_changes_a_dashboard_that_is_not_editable(app, users):
    doc = dashboard(editable=False, created_by="alice")
    allow = {"value": False}
    app.config["JSONDASH"] = {
        **users.hooks(),
        "auth": {"edit_others": lambda **kwargs: allow["value"]},
    }
    with app.test_request_context():
        get_db_handler().insert(doc)
        changed = {**doc, "name": "Unlocked", "editable": True}
        with pytest.raises(NotEditable):
            dashboards.save_document(doc["id"], changed)
        with pytest.raises(NotEditable):
            dashboards.save_document(doc["id"], changed, overwrite=True)
        allow["value"] = True
        saved = dashboards.save_document(doc["id"], changed, overwrite=True)
        assert saved["name"] == "Unlocked" and saved["editable"] is True


def test_a_raw_save_may_lock_a_dashboard(app, client, users):
    c_id = create(client)
    doc = stored(app, c_id)
    response = post(
        client,
        f"/charts/{c_id}/update",
        {"edit-raw": "on", "config": json.dumps({**doc, "editable": False})},
    )
    assert response.status_code == 302 and stored(app, c_id)["editable"] is False
    assert form_save(client, c_id).status_code == 403


# History --------------------------------------------------------------------------------------


def test_each_save_is_kept_with_who_when_and_why(app, client, users):
    c_id = create(client, message="made it")
    users.current = "bob"
    form_save(client, c_id, name="Bob's", message="renamed")
    users.current = "carol"
    form_save(client, c_id, name="Carol's")
    entries = history(app, c_id)
    assert [(e.version, e.saved_by, e.message) for e in entries] == [
        (2, "carol", None),
        (1, "bob", "renamed"),
        (0, "alice", "made it"),
    ]
    assert all(e.saved_at for e in entries)
    with app.test_request_context():
        listed = dashboards.versions(c_id)
        assert [v["current"] for v in listed] == [True, False, False]
        one = dashboards.version(c_id, 1)
        assert one["document"]["name"] == "Bob's" and one["saved_by"] == "bob"
        assert dashboards.version(c_id, "2")["document"]["name"] == "Carol's"


def test_only_the_configured_number_of_versions_is_kept(app, client, users):
    app.config["JSONDASH_VERSIONS_TO_KEEP"] = 3
    c_id = create(client)
    for number in range(1, 8):
        form_save(client, c_id, name=f"v{number}")
    assert [e.version for e in history(app, c_id)] == [7, 6, 5, 4]
    with app.test_request_context():
        with pytest.raises(UnknownVersion) as caught:
            dashboards.version(c_id, 2)
    assert caught.value.status == 400
    assert "has no version 2: its kept versions are 4 to 7" in caught.value.message


@pytest.mark.parametrize("value", [-1, "20", 2.5, True])
def test_an_unusable_versions_to_keep_setting_is_named(app, client, users, value):
    c_id = create(client)
    app.config["JSONDASH_VERSIONS_TO_KEEP"] = value
    response = form_save(client, c_id)
    assert response.status_code == 503 and "JSONDASH_VERSIONS_TO_KEEP" in response.text
    assert stored(app, c_id)["version"] == 0


@pytest.mark.parametrize("bad", [99, -1, "x", None, "1.0"])
def test_unknown_or_unusable_version_numbers_are_refused(app, client, users, bad):
    c_id = create(client)
    with app.test_request_context():
        for call in (
            lambda: dashboards.version(c_id, bad),
            lambda: dashboards.restore(c_id, bad),
            lambda: dashboards.diff(c_id, 0, bad),
        ):
            with pytest.raises(InvalidRequest) as caught:
                call()
            assert caught.value.status == 400
    assert stored(app, c_id)["version"] == 0


def test_restoring_a_version_makes_a_new_version(app, client, users):
    c_id = create(client, name="Original")
    form_save(client, c_id, name="Second")
    form_save(client, c_id, name="Third")
    users.current = "bob"
    with app.test_request_context():
        restored = dashboards.restore(c_id, 0, expected_version=2)
        assert restored["version"] == 3 and restored["name"] == "Original"
        with pytest.raises(Conflict):
            dashboards.restore(c_id, 1, expected_version=2)
    latest = history(app, c_id)[0]
    assert (latest.version, latest.saved_by, latest.message) == (3, "bob", "Restored version 0")
    assert stored(app, c_id)["name"] == "Original" and stored(app, c_id)["created_by"] == "alice"


def test_the_differences_between_two_versions(app, users):
    kept, dropped, edited = module("kept-1-2-3"), module("gone-1-2-3"), module("edit-1-2-3")
    doc = dashboard(modules=[kept, dropped, edited], tags=["a"])
    with app.test_request_context():
        first = dashboards.create_document(doc)
        c_id = first["id"]
        added = module("new-1-2-3", name="New")
        changed = {**edited, "width": 600, "name": "Edited"}
        dashboards.save_document(
            c_id, {**doc, "name": "Renamed", "tags": ["a", "b"], "modules": [kept, changed, added]}
        )
        found = dashboards.diff(c_id, 0, 1)
    assert found["from"]["version"] == 0 and found["to"]["version"] == 1
    assert found["fields"] == {
        "name": {"from": "Sales", "to": "Renamed"},
        "tags": {"from": ["a"], "to": ["a", "b"]},
    }
    assert [m["guid"] for m in found["modules"]["added"]] == ["new-1-2-3"]
    assert [m["guid"] for m in found["modules"]["removed"]] == ["gone-1-2-3"]
    assert found["modules"]["changed"] == [
        {
            "guid": "edit-1-2-3",
            "name": "Edited",
            "changes": {
                "name": {"from": "Line", "to": "Edited"},
                "width": {"from": 400, "to": 600},
            },
        }
    ]


def test_deleting_a_dashboard_deletes_its_history(app, client, users):
    doc = dashboard(id="reused-id-0001")
    with app.test_request_context():
        dashboards.create_document(doc)
        dashboards.save_document(doc["id"], {**doc, "name": "v1"})
        assert len(get_db_handler().history(doc["id"])) == 2
        dashboards.delete(doc["id"])
        assert get_db_handler().history(doc["id"]) == []
        again = dashboards.create_document(doc)
        assert again["version"] == 0
        assert [e.version for e in get_db_handler().history(doc["id"])] == [0]


def test_a_clone_starts_a_history_of_its_own(app, client, users):
    c_id = create(client)
    form_save(client, c_id, name="Saved")
    response = post(client, f"/charts/{c_id}/clone")
    clone_id = response.headers["Location"].rsplit("/", 1)[-1]
    copy = stored(app, clone_id)
    assert copy["version"] == 0 and copy["name"] == "Clone of Saved"
    assert [(e.version, e.message) for e in history(app, clone_id)] == [
        (0, f"Cloned from {c_id} version 1")
    ]


def test_the_meta_of_a_dashboard(app, client, users):
    c_id = create(client)
    users.current = "bob"
    form_save(client, c_id)
    with app.test_request_context():
        found = dashboards.meta(c_id)
    assert found["version"] == 1 and found["updated_by"] == "bob"
    assert found["created_by"] == "alice" and found["created"] and found["editable"] is True


def test_create_document_checks_the_id_it_is_given(app, users):
    with app.test_request_context():
        made = dashboards.create_document({"name": "no id", "modules": []})
        assert len(made["id"]) == 36 and made["version"] == 0
        for bad in ("short", "x" * 41, "has space", "slash/es-1", 12345678):
            with pytest.raises(dashboards.InvalidSchemaError):
                dashboards.create_document({"id": bad, "name": "x", "modules": []})
        for bad_tags in ("a,b", [1], ["a,b"], [" "], {"a": 1}):
            with pytest.raises(dashboards.InvalidSchemaError):
                dashboards.create_document({"name": "x", "modules": [], "tags": bad_tags})


def test_an_adapter_with_only_the_originals_methods_still_counts_versions(app, users):
    from test_original_surface import FakeStore

    from flask_jsondash import db

    fake = FakeStore()
    db.set_db_handler(fake, app)
    client = app.test_client()
    c_id = create(client)
    assert form_save(client, c_id, version=0).status_code == 302
    assert form_save(client, c_id, version=0).status_code == 412
    assert fake.docs[0]["version"] == 1
    with app.test_request_context():
        assert [v["version"] for v in dashboards.versions(c_id)] == [1]


# The store's conditional write ----------------------------------------------------------------


def test_the_store_writes_only_over_the_version_it_was_given(store):
    doc = dashboard(version=4)
    store.insert(doc)
    entry = SavedVersion(5, "alice", "now", None, {**doc, "version": 5})
    assert not store.replace_versioned(
        doc["id"], {**doc, "version": 5}, base_version=3, saved=entry
    )
    assert store.get(doc["id"]) == doc and store.history(doc["id"]) == []
    assert store.replace_versioned(doc["id"], {**doc, "version": 5}, base_version=4, saved=entry)
    assert store.get(doc["id"])["version"] == 5
    assert not store.replace_versioned("missing", doc, base_version=0, saved=entry)


def test_a_document_without_a_version_counts_as_0_in_the_store(store):
    for legacy in (dashboard(), dashboard(version="seven"), dashboard(version=None)):
        store.insert(legacy)
        entry = SavedVersion(1, None, None, None, legacy)
        assert store.replace_versioned(
            legacy["id"], {**legacy, "version": 1}, base_version=0, saved=entry
        )


# Races ----------------------------------------------------------------------------------------

WRITERS = 6
SAVES_EACH = 12


def _race_once(app, c_id: str, writer: int, attempt: int) -> int | None:
    """Read the dashboard, then save it from that version: the version won, or None."""
    name = f"w{writer}-{attempt}"
    with app.test_request_context():
        base = version_of(dashboards.load(c_id))
        time.sleep(random.uniform(0, 0.002))  # others read the same version meanwhile
        try:
            saved = dashboards.save(
                c_id,
                Submission(name=name, layout="freeform", modules=[module()]),
                expected_version=base,
                message=name,
            )
        except Conflict:
            return None
    assert saved["version"] == base + 1
    return saved["version"]


def _check_race(app, c_id: str, wins: list[tuple[int, str]]) -> None:
    """One winner per version, and every win is in the history at its version."""
    versions = [version for version, _ in wins]
    assert len(versions) == len(set(versions)), "two saves won the same version"
    final = stored(app, c_id)
    assert sorted(versions) == list(range(1, final["version"] + 1)), "a version was skipped"
    entries = {e.version: e for e in history(app, c_id)}
    for version, name in wins:
        assert entries[version].message == name, f"version {version} is not {name}'s save"
        assert entries[version].saved_at
    assert final["name"] == dict(wins)[final["version"]]


def test_racing_threads_find_one_winner_per_version_on_mongomock(tmp_path):
    app = make_app("mongomock", tmp_path, JSONDASH_VERSIONS_TO_KEEP=10_000)
    doc = dashboard()
    with app.app_context():
        get_db_handler().insert(doc)
    wins: list[tuple[int, str]] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        start.wait()
        try:
            for attempt in range(SAVES_EACH):
                won = _race_once(app, doc["id"], number, attempt)
                if won is not None:
                    with lock:
                        wins.append((won, f"w{number}-{attempt}"))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(wins) < WRITERS * SAVES_EACH, "no save lost a race: the test raced nothing"
    _check_race(app, doc["id"], wins)


def _process_writer(path: str, instance: str, c_id: str, number: int, start) -> list:
    import pathlib

    app = make_app(
        "sqlite",
        pathlib.Path(instance),
        CHARTS_DB_PATH=path,
        CHARTS_DB_TIMEOUT=30,
        JSONDASH_VERSIONS_TO_KEEP=10_000,
    )
    start.wait()
    wins = []
    for attempt in range(SAVES_EACH):
        won = _race_once(app, c_id, number, attempt)
        if won is not None:
            wins.append((won, f"w{number}-{attempt}"))
    return wins


def test_racing_processes_find_one_winner_per_version_on_sqlite(tmp_path):
    path = str(tmp_path / "race.sqlite3")
    app = make_app("sqlite", tmp_path, CHARTS_DB_PATH=path, JSONDASH_VERSIONS_TO_KEEP=10_000)
    doc = dashboard()
    with app.app_context():
        get_db_handler().insert(doc)
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        start = manager.Barrier(WRITERS)
        with context.Pool(WRITERS) as pool:
            results = pool.starmap(
                _process_writer,
                [
                    (path, str(tmp_path / f"instance-{n}"), doc["id"], n, start)
                    for n in range(WRITERS)
                ],
            )
    wins = [win for result in results for win in result]
    assert wins
    assert len(wins) < WRITERS * SAVES_EACH, "no save lost a race: the test raced nothing"
    _check_race(app, doc["id"], [tuple(win) for win in wins])


def test_unversioned_saves_racing_lose_nothing_and_double_nothing(tmp_path):
    """Without a version every save wins in turn: N saves make N versions."""
    app = make_app("mongomock", tmp_path, JSONDASH_VERSIONS_TO_KEEP=10_000)
    doc = dashboard()
    with app.app_context():
        get_db_handler().insert(doc)

    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            for attempt in range(5):
                with app.test_request_context():
                    dashboards.save(
                        doc["id"],
                        Submission(name=f"w{number}-{attempt}", modules=[]),
                        message=f"w{number}-{attempt}",
                    )
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    entries = history(app, doc["id"])
    assert stored(app, doc["id"])["version"] == WRITERS * 5
    messages = [e.message for e in entries if e.version > 0]
    assert sorted(messages) == sorted(f"w{n}-{a}" for n in range(WRITERS) for a in range(5))


def test_ids_made_for_new_dashboards_follow_the_uid_rule(app, client, users):
    c_id = create(client)
    assert uuid.UUID(c_id) and 8 <= len(c_id) <= 40


def test_creating_a_taken_id_is_refused_and_keeps_the_first(app, users):
    from flask_jsondash.storage import DuplicateDashboard

    doc = dashboard(id="taken-id-0001")
    with app.test_request_context():
        dashboards.create_document(doc)
        dashboards.save_document(doc["id"], {**doc, "name": "Saved"})
        with pytest.raises(DuplicateDashboard):
            dashboards.create_document({**doc, "name": "Second"})
        assert dashboards.load(doc["id"])["name"] == "Saved"
        assert [v["version"] for v in dashboards.versions(doc["id"])] == [1, 0]
