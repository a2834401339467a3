"""One suite that every storage adapter passes: SQLite, mongomock, and a real MongoDB server
when CHARTS_TEST_MONGO_URI is set."""

from __future__ import annotations

import pytest
from helpers import dashboard, module

from flask_jsondash.db import DashboardQuery, DuplicateDashboard


def test_create_then_get_returns_the_same_document(store):
    doc = dashboard(extra={"nested": [1, 2, {"a": None}]}, username="alice")
    assert store.create(doc) == doc["id"]
    assert store.get(doc["id"]) == doc


def test_get_unknown_id_is_none(store):
    assert store.get("no-such-id") is None


def test_documents_come_back_without_database_ids(store):
    doc = dashboard()
    store.create(doc)
    assert "_id" not in store.get(doc["id"])
    assert all("_id" not in row for row in store.filter())


def test_duplicate_id_is_refused_and_the_first_is_kept(store):
    doc = dashboard(name="first")
    store.create(doc)
    with pytest.raises(DuplicateDashboard):
        store.create({**doc, "name": "second"})
    assert store.get(doc["id"])["name"] == "first"
    assert store.count() == 1


def test_update_replaces_the_whole_document(store):
    doc = dashboard(category="Old", note="to be removed")
    store.create(doc)
    new = {k: v for k, v in doc.items() if k != "note"}
    new.update(name="Renamed", category="New")
    assert store.update(doc["id"], new) is True
    assert store.get(doc["id"]) == new


def test_update_keeps_the_id_even_if_data_says_otherwise(store):
    doc = dashboard()
    store.create(doc)
    store.update(doc["id"], {**doc, "id": "something-else", "name": "x"})
    assert store.get(doc["id"])["name"] == "x"
    assert store.get("something-else") is None


def test_update_unknown_id_reports_false_and_creates_nothing(store):
    assert store.update("missing", dashboard()) is False
    assert store.count() == 0


def test_delete(store):
    keep, gone = dashboard(), dashboard()
    store.create(keep)
    store.create(gone)
    assert store.delete(gone["id"]) is True
    assert store.delete(gone["id"]) is False
    assert store.get(gone["id"]) is None
    assert store.get(keep["id"]) == keep


def test_delete_all(store):
    for _ in range(3):
        store.create(dashboard())
    assert store.delete_all() == 3
    assert store.count() == 0
    assert store.filter() == []


def test_filter_sorts_by_category_then_name_and_summarises(store):
    store.create(dashboard(name="b", category="Zeta", modules=[module(), module("x-1-2-3-4")]))
    store.create(dashboard(name="a", category="Zeta", modules=[]))
    store.create(dashboard(name="c", category="Alpha"))
    rows = store.filter()
    assert [(r["category"], r["name"]) for r in rows] == [
        ("Alpha", "c"),
        ("Zeta", "a"),
        ("Zeta", "b"),
    ]
    assert [r["num_modules"] for r in rows] == [1, 0, 2]
    assert "modules" not in rows[0]
    assert set(rows[0]) >= {"id", "name", "category", "layout", "date", "num_modules"}


def test_filter_puts_dashboards_without_category_first(store):
    store.create(dashboard(name="named", category="Reports"))
    doc = dashboard(name="loose")
    doc.pop("category")
    store.create(doc)
    assert [r["name"] for r in store.filter()] == ["loose", "named"]


def test_filter_pages_with_skip_and_limit(store):
    names = [f"dash {i:02d}" for i in range(12)]
    for name in reversed(names):
        store.create(dashboard(name=name, category="same"))
    assert [r["name"] for r in store.filter(skip=0, limit=5)] == names[:5]
    assert [r["name"] for r in store.filter(skip=5, limit=5)] == names[5:10]
    assert [r["name"] for r in store.filter(skip=10, limit=5)] == names[10:]
    assert store.filter(skip=20, limit=5) == []


def test_owner_filter_counts_and_lists_only_those_owners(store):
    store.create(dashboard(name="mine", created_by="alice"))
    store.create(dashboard(name="theirs", created_by="bob"))
    store.create(dashboard(name="everyone's", created_by="global"))
    query = DashboardQuery(owners=("alice", "global"))
    assert store.count(query) == 2
    assert sorted(r["name"] for r in store.filter(query)) == ["everyone's", "mine"]
    assert store.count(DashboardQuery(owners=())) == 0
    assert store.count() == 3


def test_categories_are_distinct_sorted_and_skip_empty(store):
    for category in ["Sales", "Ops", "Sales", None, ""]:
        store.create(dashboard(category=category))
    assert store.categories() == ["Ops", "Sales"]


def test_categories_follow_the_owner_filter(store):
    store.create(dashboard(category="Mine", created_by="alice"))
    store.create(dashboard(category="Theirs", created_by="bob"))
    assert store.categories(DashboardQuery(owners=("alice",))) == ["Mine"]


def test_legacy_read_signature(store):
    doc = dashboard()
    store.create(doc)
    assert store.read(c_id=doc["id"]) == doc
    assert [r["id"] for r in store.read()] == [doc["id"]]


def test_unicode_and_hostile_strings_round_trip(store):
    doc = dashboard(name="<script>alert('x')</script> ☃ \"quoted\" \\ ' ; DROP TABLE views;--")
    store.create(doc)
    assert store.get(doc["id"])["name"] == doc["name"]
    assert store.filter()[0]["name"] == doc["name"]


def test_create_many(store):
    docs = [dashboard(name=f"bulk {i}") for i in range(50)]
    assert store.create_many(docs) == 50
    assert store.count() == 50
    assert store.get(docs[17]["id"]) == docs[17]
    assert store.create_many([]) == 0


def test_create_many_refuses_taken_ids(store):
    doc = dashboard()
    store.create(doc)
    with pytest.raises(DuplicateDashboard):
        store.create_many([dashboard(), {**doc, "name": "again"}])
    assert store.get(doc["id"]) == doc
