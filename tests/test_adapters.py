"""One suite that every storage adapter passes: SQLite, mongomock, and a real MongoDB server
when CHARTS_TEST_MONGO_URI is set."""

from __future__ import annotations

import json

import pytest
from helpers import dashboard, module

from flask_jsondash.db import DashboardQuery, DuplicateDashboard


def test_insert_then_get_returns_the_same_document(store):
    doc = dashboard(extra={"nested": [1, 2, {"a": None}]}, username="alice")
    assert store.insert(doc) == doc["id"]
    assert store.get(doc["id"]) == doc


def test_get_unknown_id_is_none(store):
    assert store.get("no-such-id") is None


def test_documents_come_back_without_database_ids(store):
    doc = dashboard()
    store.insert(doc)
    assert "_id" not in store.get(doc["id"])
    assert all("_id" not in row for row in store.summaries())


def test_duplicate_id_is_refused_and_the_first_is_kept(store):
    doc = dashboard(name="first")
    store.insert(doc)
    with pytest.raises(DuplicateDashboard):
        store.insert({**doc, "name": "second"})
    assert store.get(doc["id"])["name"] == "first"
    assert store.count_matching() == 1


def test_replace_replaces_the_whole_document(store):
    doc = dashboard(category="Old", note="to be removed")
    store.insert(doc)
    new = {k: v for k, v in doc.items() if k != "note"}
    new.update(name="Renamed", category="New")
    assert store.replace(doc["id"], new) is True
    assert store.get(doc["id"]) == new


def test_replace_keeps_the_id_even_if_data_says_otherwise(store):
    doc = dashboard()
    store.insert(doc)
    store.replace(doc["id"], {**doc, "id": "something-else", "name": "x"})
    assert store.get(doc["id"])["name"] == "x"
    assert store.get("something-else") is None


def test_replace_unknown_id_reports_false_and_creates_nothing(store):
    assert store.replace("missing", dashboard()) is False
    assert store.count_matching() == 0


def test_delete(store):
    keep, gone = dashboard(), dashboard()
    store.insert(keep)
    store.insert(gone)
    assert store.remove(gone["id"]) is True
    assert store.remove(gone["id"]) is False
    assert store.get(gone["id"]) is None
    assert store.get(keep["id"]) == keep


def test_delete_all(store):
    for _ in range(3):
        store.insert(dashboard())
    assert store.remove_all() == 3
    assert store.count_matching() == 0
    assert store.summaries() == []


def test_summaries_sorts_by_category_then_name_and_summarises(store):
    store.insert(dashboard(name="b", category="Zeta", modules=[module(), module("x-1-2-3-4")]))
    store.insert(dashboard(name="a", category="Zeta", modules=[]))
    store.insert(dashboard(name="c", category="Alpha"))
    rows = store.summaries()
    assert [(r["category"], r["name"]) for r in rows] == [
        ("Alpha", "c"),
        ("Zeta", "a"),
        ("Zeta", "b"),
    ]
    assert [r["num_modules"] for r in rows] == [1, 0, 2]
    assert "modules" not in rows[0]
    assert set(rows[0]) >= {"id", "name", "category", "layout", "date", "num_modules"}


def test_summaries_puts_dashboards_without_category_first(store):
    store.insert(dashboard(name="named", category="Reports"))
    doc = dashboard(name="loose")
    doc.pop("category")
    store.insert(doc)
    assert [r["name"] for r in store.summaries()] == ["loose", "named"]


def test_summaries_pages_with_skip_and_limit(store):
    names = [f"dash {i:02d}" for i in range(12)]
    for name in reversed(names):
        store.insert(dashboard(name=name, category="same"))
    assert [r["name"] for r in store.summaries(skip=0, limit=5)] == names[:5]
    assert [r["name"] for r in store.summaries(skip=5, limit=5)] == names[5:10]
    assert [r["name"] for r in store.summaries(skip=10, limit=5)] == names[10:]
    assert store.summaries(skip=20, limit=5) == []


def test_owner_filter_counts_and_lists_only_those_owners(store):
    store.insert(dashboard(name="mine", created_by="alice"))
    store.insert(dashboard(name="theirs", created_by="bob"))
    store.insert(dashboard(name="everyone's", created_by="global"))
    query = DashboardQuery(owners=("alice", "global"))
    assert store.count_matching(query) == 2
    assert sorted(r["name"] for r in store.summaries(query)) == ["everyone's", "mine"]
    assert store.count_matching(DashboardQuery(owners=())) == 0
    assert store.count_matching() == 3


def test_categories_are_distinct_sorted_and_skip_empty(store):
    for category in ["Sales", "Ops", "Sales", None, ""]:
        store.insert(dashboard(category=category))
    assert store.categories() == ["Ops", "Sales"]


def test_categories_follow_the_owner_filter(store):
    store.insert(dashboard(category="Mine", created_by="alice"))
    store.insert(dashboard(category="Theirs", created_by="bob"))
    assert store.categories(DashboardQuery(owners=("alice",))) == ["Mine"]


def test_legacy_read_signature(store):
    doc = dashboard()
    store.insert(doc)
    # MongoDB answers with its own _id too, as the original's adapter did.
    assert {k: v for k, v in store.read(c_id=doc["id"]).items() if k != "_id"} == doc
    assert [r["id"] for r in store.read()] == [doc["id"]]


def test_unicode_and_hostile_strings_round_trip(store):
    doc = dashboard(name="<script>alert('x')</script> ☃ \"quoted\" \\ ' ; DROP TABLE views;--")
    store.insert(doc)
    assert store.get(doc["id"])["name"] == doc["name"]
    assert store.summaries()[0]["name"] == doc["name"]


def test_create_many(store):
    docs = [dashboard(name=f"bulk {i}") for i in range(50)]
    assert store.create_many(docs) == 50
    assert store.count_matching() == 50
    assert store.get(docs[17]["id"]) == docs[17]
    assert store.create_many([]) == 0


def test_create_many_refuses_taken_ids(store):
    doc = dashboard()
    store.insert(doc)
    with pytest.raises(DuplicateDashboard):
        store.create_many([dashboard(), {**doc, "name": "again"}])
    assert store.get(doc["id"]) == doc


# The original's methods, on every backend ----------------------------------------------------
# (the original's adapter methods and results: flask_jsondash's mongo_adapter.Db of 6.x)


def test_original_create_returns_none_and_stores(store):
    doc = dashboard()
    assert store.create(data=doc) is None
    assert store.create() is None  # nothing given, nothing stored
    assert store.get(doc["id"]) == doc
    assert store.count_matching() == 1


def test_original_create_gives_an_id_to_a_document_without_one(store):
    store.create(data={"name": "no id", "modules": []})
    (row,) = store.summaries()
    assert row["name"] == "no id" and row["id"]


def test_original_update_sets_fields_and_keeps_the_others(store):
    doc = dashboard(category="Kept", note="kept too")
    store.insert(doc)
    assert (
        store.update(doc["id"], data={"name": "Renamed", "modules": []}, fmt_charts=False) is None
    )
    stored = store.get(doc["id"])
    assert stored["name"] == "Renamed" and stored["modules"] == []
    assert stored["category"] == "Kept" and stored["note"] == "kept too"
    assert stored["layout"] == "freeform"  # the original's default
    assert stored["date"] != doc["date"]  # stamped now
    assert store.update(doc["id"]) is None  # no data: nothing changes
    assert store.get(doc["id"])["name"] == "Renamed"


def test_original_update_decodes_module_fields_of_a_form(store):
    doc = dashboard()
    store.insert(doc)
    form = {"name": "From a form", "module_a": json.dumps(module("a-1-2-3-4"))}
    store.update(doc["id"], data=form)
    stored = store.get(doc["id"])
    assert stored["name"] == "From a form"
    assert [m["guid"] for m in stored["modules"]] == ["a-1-2-3-4"]
    assert store.update("missing", data=form) is None
    assert store.get("missing") is None


def test_original_read_count_filter_delete(store):
    mine = dashboard(name="mine", created_by="alice")
    theirs = dashboard(name="theirs", created_by="bob")
    store.create(data=mine)
    store.create(data=theirs)
    assert store.read(c_id=mine["id"])["name"] == "mine"
    assert store.read(c_id="missing") is None
    assert sorted(d["name"] for d in store.read()) == ["mine", "theirs"]
    assert [d["name"] for d in store.read(filter={"created_by": "bob"})] == ["theirs"]
    assert [d["name"] for d in store.filter({"created_by": "alice"})] == ["mine"]
    assert store.count() == 2 and store.count(filter={"created_by": "alice"}) == 1
    assert store.delete(mine["id"]) is None
    assert store.count() == 1
    assert store.delete_all() is None
    assert store.count() == 0
