"""Finding dashboards: ``?q=`` (name, category and tags, ignoring case) and ``?tag=`` (every
one carried), with paging and the per-user filter, computed by every adapter in its database;
the index page's search box, tag chips and filters; bad searches are 400s."""

from __future__ import annotations

import json
import sqlite3

import pytest
from bs4 import BeautifulSoup
from helpers import dashboard, make_app, post

from flask_jsondash import dashboards
from flask_jsondash.db import DashboardQuery, get_db_handler
from flask_jsondash.settings import database_settings
from flask_jsondash.sqlite_adapter import Db as SqliteDb


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.data, "html.parser")


def names(rows) -> list[str]:
    return sorted(row["name"] for row in rows)


@pytest.fixture
def catalogue(store):
    """A few dashboards to search in."""
    docs = [
        dashboard(name="Sales Overview", category="Reports", tags=["sales", "q3 2026"]),
        dashboard(name="Server load", category="Ops", tags=["ops", "prod"], created_by="bob"),
        dashboard(name="Ops costs", category="Finance", tags=["ops"], created_by="alice"),
        dashboard(name="100% done_ish", category="Odd", tags=["prod"]),
        dashboard(name="Ventes été", category="Rapports", tags=["Été"]),
        dashboard(name="Untagged", category=None),
    ]
    for doc in docs:
        store.insert(doc)
    return docs


# In the adapters --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sales", ["Sales Overview"]),
        ("SALES", ["Sales Overview"]),  # case-insensitive
        ("ops", ["Ops costs", "Server load"]),  # name, category or tag
        ("reports", ["Sales Overview"]),  # category
        ("q3 2026", ["Sales Overview"]),  # a tag
        ("%", ["100% done_ish"]),  # LIKE's wildcards match only themselves
        ("_", ["100% done_ish"]),
        ("0%", ["100% done_ish"]),
        (".*", []),  # and so do a regular expression's
        ("ÉTÉ", ["Ventes été"]),  # beyond ASCII too
        ("nothing like it", []),
    ],
)
def test_text_search_in_the_store(store, catalogue, text, expected):
    query = DashboardQuery(text=text)
    assert names(store.summaries(query)) == expected
    assert store.count_matching(query) == len(expected)


def test_tag_filters_need_every_tag(store, catalogue):
    assert names(store.summaries(DashboardQuery(tags=("ops",)))) == ["Ops costs", "Server load"]
    assert names(store.summaries(DashboardQuery(tags=("ops", "prod")))) == ["Server load"]
    assert store.count_matching(DashboardQuery(tags=("ops", "missing"))) == 0
    assert store.count_matching(DashboardQuery(tags=("OPS",))) == 0  # tags are exact


def test_search_combines_with_owners_and_paging(store, catalogue):
    query = DashboardQuery(owners=("alice",), text="ops")
    assert names(store.summaries(query)) == ["Ops costs"]
    query = DashboardQuery(owners=("bob", "alice"), tags=("ops",))
    assert [r["name"] for r in store.summaries(query, skip=0, limit=1)] == ["Ops costs"]
    assert [r["name"] for r in store.summaries(query, skip=1, limit=1)] == ["Server load"]
    assert store.count_matching(query) == 2
    assert store.categories(query) == ["Finance", "Ops"]
    assert store.count_matching(DashboardQuery(owners=(), text="ops")) == 0


def test_summaries_carry_tags_and_version(store, catalogue):
    (row,) = store.summaries(DashboardQuery(text="server"))
    assert row["tags"] == ["ops", "prod"] and row["version"] == 0


def test_tag_counts(store, catalogue):
    assert store.tag_counts() == [("ops", 2), ("prod", 2), ("q3 2026", 1), ("sales", 1), ("Été", 1)]
    assert store.tag_counts(DashboardQuery(owners=("bob",))) == [("ops", 1), ("prod", 1)]
    assert store.tag_counts(DashboardQuery(text="costs")) == [("ops", 1)]


def test_tags_follow_saves_and_deletes(store, catalogue):
    doc = catalogue[0]
    store.replace(doc["id"], {**doc, "tags": ["renamed"]})
    assert store.count_matching(DashboardQuery(tags=("sales",))) == 0
    assert names(store.summaries(DashboardQuery(tags=("renamed",)))) == ["Sales Overview"]
    store.remove(doc["id"])
    assert store.count_matching(DashboardQuery(tags=("renamed",))) == 0
    assert ("renamed", 1) not in store.tag_counts()


def test_damaged_tags_are_ignored_not_fatal(store):
    store.insert(dashboard(name="weird", tags="not a list"))
    store.insert(dashboard(name="mixed", tags=["ok", 3, None, "ok"]))
    assert store.tag_counts() == [("ok", 1)]
    assert names(store.summaries(DashboardQuery(tags=("ok",)))) == ["mixed"]
    assert {r["name"]: r["tags"] for r in store.summaries()} == {"weird": [], "mixed": ["ok"]}


def test_the_database_has_indexes_for_it(store, backend):
    if backend == "sqlite":
        store.count_matching()  # opens the file
        conn = sqlite3.connect(store.path)
        plan = " ".join(
            str(row)
            for row in conn.execute(
                f'EXPLAIN QUERY PLAN SELECT id FROM "{store.table}_tags" WHERE tag = ?', ("x",)
            )
        )
        assert "USING PRIMARY KEY" in plan or "USING COVERING INDEX" in plan
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert {f"{store.table}_tags", f"{store.table}_versions"} <= tables
    else:
        store.count_matching()
        assert "jsondash_tags" in store.coll.index_information()
        versions = store.conn[f"{store.coll.name}_versions"]
        store.history("anything")
        assert "jsondash_id_version" in versions.index_information()


def test_an_sqlite_file_of_an_older_version_is_upgraded(tmp_path):
    """A file made before tags and versions gets the new columns and tables, filled in."""
    path = str(tmp_path / "old.sqlite3")
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE views (id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL DEFAULT '',
            category TEXT, created_by TEXT, layout TEXT, date TEXT,
            num_modules INTEGER NOT NULL DEFAULT 0, document TEXT NOT NULL);
        CREATE TABLE views_count (one INTEGER PRIMARY KEY CHECK (one = 1), total INTEGER NOT NULL);
        INSERT INTO views_count VALUES (1, 0);
        CREATE TRIGGER views_counted_insert AFTER INSERT ON views
            BEGIN UPDATE views_count SET total = total + 1; END;
        CREATE TRIGGER views_counted_delete AFTER DELETE ON views
            BEGIN UPDATE views_count SET total = total - 1; END;
        """
    )
    old = [dashboard(name="Tagged", tags=["ops"], version=3), dashboard(name="Plain")]
    for doc in old:
        conn.execute(
            "INSERT INTO views (id, name, category, document) VALUES (?, ?, ?, ?)",
            (doc["id"], doc["name"], doc["category"], json.dumps(doc)),
        )
    conn.commit()
    conn.close()
    store = SqliteDb(database_settings({"CHARTS_ACTIVE_DB": "sqlite", "CHARTS_DB_PATH": path}, "."))
    assert names(store.summaries(DashboardQuery(tags=("ops",)))) == ["Tagged"]
    assert names(store.summaries(DashboardQuery(text="plain"))) == ["Plain"]
    assert store.count_matching() == 2
    assert {r["name"]: r["version"] for r in store.summaries()} == {"Tagged": 3, "Plain": 0}
    assert store.get(old[0]["id"]) == old[0]


# The service ------------------------------------------------------------------------------------


def test_the_listing_follows_the_user_filter(app, catalogue):
    app.config.update(
        JSONDASH_FILTERUSERS=True, JSONDASH={"metadata": {"username": lambda: "alice"}}
    )
    with app.test_request_context():
        found = dashboards.listing(q="ops")
        assert [v["name"] for v in found.views] == ["Ops costs"] and found.count == 1
        assert dashboards.tags() == [{"tag": "ops", "count": 1}]


@pytest.mark.parametrize(
    ("q", "tags", "says"),
    [
        ("x" * 201, (), "at most 200 characters"),
        ("a\x00b", (), "control characters"),
        ("\ud800", (), "valid text"),
        (None, ("t" * 51,), "at most 50 characters"),
        (None, [f"t{i}" for i in range(21)], "At most 20 tags"),
        (None, ("bad\ntag",), "control characters"),
    ],
)
def test_searches_that_cannot_be_made(app, q, tags, says):
    with app.test_request_context():
        with pytest.raises(dashboards.InvalidRequest) as caught:
            dashboards.listing(q=q, tags=tags)
    assert caught.value.status == 400 and says in caught.value.message


# The index page ---------------------------------------------------------------------------------


def test_the_index_searches(client, catalogue):
    page = client.get("/charts/?q=OPS")
    assert page.status_code == 200
    shown = [a.text for a in soup(page).select("a.jd-dashboard-link")]
    assert sorted(shown) == ["Ops costs", "Server load"]
    assert 'value="OPS"' in page.text


def test_the_index_filters_by_every_tag(client, catalogue):
    page = client.get("/charts/?tag=ops&tag=prod")
    shown = [a.text for a in soup(page).select("a.jd-dashboard-link")]
    assert shown == ["Server load"]
    filters = soup(page).select(".jd-filters a.jd-filter")
    assert [f["data-tag"] for f in filters] == ["ops", "prod"]
    # Dropping one filter keeps the other.
    assert filters[0]["href"] == "/charts/?tag=prod"
    assert soup(page).select_one("a.jd-clear-filters")["href"] == "/charts/"


def test_the_search_form_is_labelled_and_keeps_the_tags(client, catalogue):
    page = soup(client.get("/charts/?tag=ops&q=server"))
    form = page.select_one("form.jd-search")
    assert form["method"] == "get" and form["action"] == "/charts/"
    field = form.select_one("input[name=q]")
    assert page.select_one(f"label[for={field['id']}]").text == "Find dashboards"
    assert [i["value"] for i in form.select("input[type=hidden][name=tag]")] == ["ops"]


def test_each_row_has_chips_that_filter_by_its_tags(client, catalogue):
    page = soup(client.get("/charts/"))
    row = next(r for r in page.select("tr.jd-dashboard-row") if "Server load" in r.text)
    chips = row.select("a.jd-tag")
    assert [(c.text, c["href"]) for c in chips] == [
        ("ops", "/charts/?tag=ops"),
        ("prod", "/charts/?tag=prod"),
    ]


def test_an_empty_result_says_so(client, catalogue):
    page = client.get("/charts/?q=zzz")
    assert page.status_code == 200
    assert "No dashboards match this search." in page.text
    assert "No dashboards exist" not in page.text
    assert "No dashboards match these filters." in client.get("/charts/?tag=none").text


def test_paging_keeps_the_search(app, client, store):
    for number in range(5):
        store.insert(dashboard(name=f"Report {number}", tags=["t"]))
    page = soup(client.get("/charts/?q=report&tag=t&per_page=2"))
    link = page.select_one("a[rel=next]")["href"]
    assert "q=report" in link and "tag=t" in link and "page=2" in link
    second = client.get(link)
    assert [a.text for a in soup(second).select("a.jd-dashboard-link")] == [
        "Report 2",
        "Report 3",
    ]


@pytest.mark.parametrize(
    "query",
    ["q=" + "x" * 300, "q=%00", "tag=" + "t" * 60, "&".join(f"tag=t{i}" for i in range(25))],
)
def test_bad_searches_are_a_400_with_a_message(client, catalogue, query):
    page = client.get(f"/charts/?{query}")
    assert page.status_code == 400 and "That search cannot be made" in page.text
    answer = client.get(f"/charts/?{query}", headers={"Accept": "application/json"})
    assert answer.status_code == 400 and answer.json["message"]


def test_an_adapter_with_only_the_originals_methods_is_searched_in_python(tmp_path):
    from test_original_surface import FakeStore

    from flask_jsondash import db

    app = make_app("sqlite", tmp_path)
    fake = FakeStore()
    fake.docs += [dashboard(name="Alpha", tags=["x"]), dashboard(name="Beta", tags=["y"])]
    db.set_db_handler(fake, app)
    client = app.test_client()
    assert [a.text for a in soup(client.get("/charts/?tag=y")).select("a.jd-dashboard-link")] == [
        "Beta"
    ]
    assert [a.text for a in soup(client.get("/charts/?q=ALP")).select("a.jd-dashboard-link")] == [
        "Alpha"
    ]
    with app.test_request_context():
        assert dashboards.tags() == [{"tag": "x", "count": 1}, {"tag": "y", "count": 1}]


def test_tags_given_in_the_forms(app, client):
    response = post(client, "/charts/create", {"name": "Tagged", "mode": "grid", "tags": "a, b,a"})
    c_id = response.headers["Location"].rsplit("/", 1)[-1]
    with app.app_context():
        assert get_db_handler().get(c_id)["tags"] == ["a", "b"]
    post(client, f"/charts/{c_id}/update", {"name": "Tagged", "mode": "grid", "tags": "c"})
    with app.app_context():
        assert get_db_handler().get(c_id)["tags"] == ["c"]
    bad = post(
        client,
        f"/charts/{c_id}/update",
        {"name": "Tagged", "mode": "grid", "tags": "ok;no"},
        headers={"Accept": "application/json"},
    )
    assert bad.status_code == 400 and bad.json["problems"][0]["path"] == "tags[0]"
    with app.app_context():
        assert get_db_handler().get(c_id)["tags"] == ["c"]


@pytest.mark.parametrize("tags", ["ops", [1, 2], [["nested"]], {"a": "b"}, ["ok", ""]])
def test_a_raw_save_with_tags_that_are_not_a_list_of_tags_is_a_400(app, client, store, tags):
    doc = dashboard(tags=["kept"])
    store.insert(doc)
    response = post(
        client,
        f"/charts/{doc['id']}/update",
        {"edit-raw": "on", "config": json.dumps({**doc, "tags": tags})},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert all(p["path"].startswith("tags") for p in response.json["problems"])
    assert store.get(doc["id"]) == doc
