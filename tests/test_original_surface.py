"""The original flask_jsondash's Python surface, kept: a user of the original switches by
changing only the install. Each test names the original behaviour it protects."""

from __future__ import annotations

import inspect
import json
from datetime import datetime

import mongomock
import pytest
from helpers import dashboard, make_app, module, post, stored
from pymongo import MongoClient
from pymongo.cursor import Cursor

from flask_jsondash import charts_builder, db, model_factories, mongo_adapter, schema, utils
from flask_jsondash.data_utils import filetree, filetree_digraph, wordcloud
from flask_jsondash.settings import UnsupportedDatabase


@pytest.fixture
def backend():
    return "sqlite"


def test_one_module_level_adapter_under_the_originals_three_names():
    """The original: charts_builder.adapter, utils.adapter and model_factories.adapter."""
    assert charts_builder.adapter is utils.adapter is model_factories.adapter
    for name in ("read", "create", "update", "delete", "delete_all", "count", "filter"):
        assert callable(getattr(utils.adapter, name)), name
    signature = inspect.signature(utils.adapter.update)
    assert list(signature.parameters) == ["c_id", "data", "fmt_charts"]
    assert signature.parameters["fmt_charts"].default is True


def test_the_module_adapter_is_the_current_apps_store(app, store):
    """utils.adapter reads and writes the database the app configured."""
    doc = dashboard()
    with app.test_request_context():
        assert utils.adapter.create(data=doc) is None
        assert utils.adapter.read(c_id=doc["id"])["name"] == doc["name"]
        assert utils.adapter.count() == 1
        utils.adapter.update(doc["id"], data={"name": "Renamed", "modules": []}, fmt_charts=False)
        assert utils.adapter.read(c_id=doc["id"])["name"] == "Renamed"
        utils.adapter.delete(doc["id"])
        assert utils.adapter.count() == 0


class FakeStore:
    """An in-memory adapter written for the original: only the original's methods."""

    def __init__(self):
        self.docs: list[dict] = []
        self.calls: list[str] = []

    def read(self, **kwargs):
        self.calls.append("read")
        if "c_id" in kwargs:
            return next((d for d in self.docs if d["id"] == kwargs["c_id"]), None)
        wanted = (kwargs.get("filter") or {}).items()
        return [d for d in self.docs if all(d.get(k) == v for k, v in wanted)]

    def create(self, data=None):
        self.calls.append("create")
        self.docs.append(dict(data))

    def update(self, c_id, data=None, fmt_charts=True):
        self.calls.append("update")
        for doc in self.docs:
            if doc["id"] == c_id:
                doc.update(data)

    def delete(self, c_id):
        self.calls.append("delete")
        self.docs = [d for d in self.docs if d["id"] != c_id]

    def delete_all(self):
        self.docs = []

    def count(self, **kwargs):
        return len(self.docs)

    def filter(self, *args, **kwargs):
        return self.read(**kwargs)


@pytest.fixture
def fake_app(tmp_path):
    app = make_app("sqlite", tmp_path, JSONDASH_PERPAGE=2)
    fake = FakeStore()
    db.set_db_handler(fake, app)
    return app, fake


def test_an_adapter_written_for_the_original_plugs_in(fake_app):
    """docs/config.md: an object with the original's methods serves every page."""
    app, fake = fake_app
    client = app.test_client()
    created = post(client, "/charts/create", {"name": "Plugged", "mode": "freeform"})
    c_id = created.headers["Location"].rsplit("/", 1)[-1]
    assert [d["name"] for d in fake.docs] == ["Plugged"]
    for name in ("b", "c", "d"):
        post(client, "/charts/create", {"name": name, "mode": "freeform"})
    first = client.get("/charts/").text
    assert 'data-count="dashboards">4<' in first and ">Plugged</a>" not in first  # 2 a page
    assert ">Plugged</a>" in client.get("/charts/?page=2").text
    assert client.get(f"/charts/{c_id}").status_code == 200
    post(client, f"/charts/{c_id}/update", {"name": "Renamed", "mode": "freeform"})
    assert next(d for d in fake.docs if d["id"] == c_id)["name"] == "Renamed"
    post(client, f"/charts/{c_id}/clone")
    post(client, f"/charts/{c_id}/delete")
    assert sorted(d["name"] for d in fake.docs) == ["Clone of Renamed", "b", "c", "d"]
    assert {"read", "create", "update", "delete"} <= set(fake.calls)


def test_replacing_an_adapter_method_changes_what_the_pages_read_and_write(app, monkeypatch):
    """The original's tests replace utils.adapter.read/create in a request context."""
    fake = FakeStore()
    fake.docs.append(dashboard(name="From the fake", modules=[module()]))
    client = app.test_client()
    with app.test_request_context():
        monkeypatch.setattr(utils.adapter, "read", fake.read)
        monkeypatch.setattr(utils.adapter, "create", fake.create)
        assert "From the fake" in client.get("/charts/").text
        assert client.get(f"/charts/{fake.docs[0]['id']}").status_code == 200
        post(client, "/charts/create", {"name": "Goes to the fake", "mode": "grid"})
    assert [d["name"] for d in fake.docs] == ["From the fake", "Goes to the fake"]
    with app.app_context():
        assert db.get_db_handler().count() == 0  # nothing reached the real store


def test_db_names_of_the_original(app, monkeypatch):
    """db.DB_NAME is the default backend; an unknown one raises NotImplementedError."""
    assert db.DB_NAME == "mongo"
    with app.app_context():
        app.config.pop("CHARTS_ACTIVE_DB")
        monkeypatch.delenv("CHARTS_ACTIVE_DB", raising=False)
        monkeypatch.setattr(db, "DB_NAME", "invaliddb")
        with pytest.raises(NotImplementedError) as caught:
            db.get_db_handler()
        assert isinstance(caught.value, UnsupportedDatabase)
        assert "CHARTS_ACTIVE_DB='invaliddb'" in str(caught.value)
    assert db.format_charts({"module_": "{}", "name": "x"}) == [{}]
    assert db.reformat_data({}, 3)["id"] == 3


# mongo_adapter.Db: the original's calls on the collection, with pymongo 4's names ----------


@pytest.fixture
def mongo_db():
    collection = mongomock.MongoClient().db.views
    return mongo_adapter.Db(None, None, collection, db.format_charts)


def test_mongo_db_create_count_read_delete(mongo_db):
    assert mongo_db.create(data={"id": "one", "name": "One"}) is None
    assert mongo_db.create() is None
    assert mongo_db.count() == 1
    assert mongo_db.read(c_id="one")["name"] == "One"
    assert "_id" in mongo_db.read(c_id="one")  # the original answered pymongo's document
    assert [d["id"] for d in mongo_db.read()] == ["one"]
    assert mongo_db.delete(c_id="one") is None
    assert mongo_db.count() == 0
    mongo_db.create(data={"id": "two"})
    assert mongo_db.delete_all() is None
    assert mongo_db.count() == 0


def test_mongo_db_update_sets_fields_as_the_original(mongo_db, monkeypatch):
    mongo_db.create(data={"id": "x", "name": "old", "category": "kept"})
    calls = []
    real = mongo_db.coll.update_one
    monkeypatch.setattr(mongo_db.coll, "update_one", lambda *a, **k: calls.append(a) or real(*a))
    form = {"name": "new", "module_1": json.dumps({"name": "chart-1"})}
    assert mongo_db.update("x", data=form) is None
    where, change = calls[0]
    assert where == {"id": "x"}
    assert change["$set"]["name"] == "new" and len(change["$set"]["modules"]) == 1
    assert isinstance(change["$set"]["date"], datetime)
    assert "module_1" in change["$set"]  # the form's fields are set too, as in the original
    assert mongo_db.read(c_id="x")["category"] == "kept"
    assert mongo_db.update("x") is None


def test_mongo_db_read_all_is_a_pymongo_cursor():
    client = MongoClient("mongodb://127.0.0.1:9", connect=False, serverSelectionTimeoutMS=100)
    collection = client.db.views
    assert isinstance(mongo_adapter.Db(client, client.db, collection, None).read(), Cursor)


# Other modules ------------------------------------------------------------------------------


def test_public_names_of_the_original_modules():
    for module_, names in {
        model_factories: [
            "get_random_group",
            "get_random_chart",
            "make_fake_dashboard",
            "make_fake_chart_data",
            "insert_dashboards",
            "delete_all",
            "load_fixtures",
            "dump_fixtures",
        ],
        filetree: ["path_hierarchy", "get_tree"],
        filetree_digraph: ["path_hierarchy", "make_dotfile", "get_dotfile_tree"],
        wordcloud: [
            "stopwords",
            "get_word_freq_distribution",
            "format_4_wordcloud",
            "url2wordcloud",
        ],
        schema: ["CHART_INPUT_SCHEMA", "CHART_SCHEMA", "DASHBOARD_SCHEMA", "validate_raw_json"],
        charts_builder: ["auth", "metadata", "setting", "get_dims", "jsonstring", "check_global"],
        utils: ["Paginator", "paginator", "sort_modules", "categorize_views", "order_sort"],
    }.items():
        missing = [name for name in names if not hasattr(module_, name)]
        assert not missing, f"{module_.__name__} lacks {missing}"
    assert list(inspect.signature(model_factories.load_fixtures).parameters) == ["path"]
    assert list(inspect.signature(model_factories.dump_fixtures).parameters) == [
        "path",
        "delete_after",
    ]


def test_schema_constants_are_json_schema_of_the_same_things():
    assert set(schema.DASHBOARD_SCHEMA["properties"]) >= {"name", "modules", "layout", "id"}
    assert "dataSource" in schema.CHART_SCHEMA["properties"]
    assert "options" in schema.CHART_INPUT_SCHEMA["properties"]


def test_validate_raw_json_takes_the_originals_overrides():
    """validate_raw_json(s, id=..., date=...): overrides set before checking."""
    doc = dashboard()
    del doc["id"], doc["date"]
    data = schema.validate_raw_json(json.dumps(doc), id="given", date="today")
    assert (data["id"], data["date"]) == ("given", "today")


def test_the_originals_template_helpers_take_its_call_shapes(app):
    """jsonstring(ctx, data) and get_dims(ctx, config), as the original's Jinja filters."""
    with app.test_request_context():
        text = charts_builder.jsonstring(object, {"date": datetime(2020, 1, 2), "a": 1})
        assert json.loads(text) == {"date": "2020-01-02 00:00:00", "a": 1}
        youtube = '<iframe width="650" height="366" src="https://www.youtube.com/embed/x">'
        assert charts_builder.get_dims(
            object, {"type": "youtube", "dataSource": youtube, "width": "col-6", "height": 100}
        ) == {"width": "6", "height": 100}
        with pytest.raises(ValueError):
            charts_builder.get_dims(object, {"type": "youtube", "dataSource": None, "width": 1})


def test_auth_and_metadata_as_the_original(app):
    app.config["JSONDASH"] = {
        "metadata": {"username": lambda: "ann", "created_by": lambda: "ann"},
        "auth": {"create": lambda **kw: False},
    }
    with app.test_request_context():
        assert charts_builder.auth() and charts_builder.auth(authtype="view")
        assert not charts_builder.auth(authtype="create")
        assert charts_builder.metadata() == {"username": "ann", "created_by": "ann"}
        assert charts_builder.metadata(exclude="created_by") == {"username": "ann"}
        assert charts_builder.metadata(key="nope") is None


def test_replacing_charts_builder_auth_changes_every_route(client, monkeypatch, make_dashboard):
    """The original's tests (and hosts) replace charts_builder.auth."""
    doc = make_dashboard()
    monkeypatch.setattr(charts_builder, "auth", lambda **kwargs: False)
    page = client.get(f"/charts/{doc['id']}", follow_redirects=True).text
    assert "Error: You do not have access to view this dashboard." in page
    assert stored(client.application, doc["id"]) == doc
