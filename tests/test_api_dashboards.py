"""The JSON API (docs/api.md): dashboards, versions, search and tags under /jsondash/api, with
the pages' auth and metadata hooks; errors in JSON, never a page, and a refused request changes
nothing; the OpenAPI document is valid, names every route of the API and no other, and every
answer the tests below get matches it. On every adapter (a real MongoDB too when
CHARTS_TEST_MONGO_URI is set)."""

from __future__ import annotations

import json
import os
import re
from typing import Any

import pytest
from flask import Flask, g, request
from helpers import CSRF_TOKEN, ROOT, dashboard, free_port, make_app, module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from flask_jsondash.charts_builder import charts
from flask_jsondash.csrf import SESSION_KEY, exempt_this_request
from flask_jsondash.db import get_db_handler
from flask_jsondash.openapi import openapi_document
from flask_jsondash.schema import problems_of

API = "/jsondash/api"
TOKEN = {"X-CSRFToken": CSRF_TOKEN}
SPEC_URI = "urn:jsondash:openapi"


# The spec, and checking answers against it --------------------------------------------------------


SPEC = openapi_document()
_REGISTRY = Registry().with_resource(
    SPEC_URI, Resource.from_contents(SPEC, default_specification=DRAFT202012)
)


def _template_pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")


TEMPLATES = [(template, _template_pattern(template)) for template in SPEC["paths"]]


def documented(path: str) -> str | None:
    """The spec's path template that a concrete path (under the blueprint) is an instance of."""
    found = [template for template, pattern in TEMPLATES if pattern.match(path)]
    # /dashboards/{id}/versions/{version} also matches .../versions/{older}/diff/{newer}'s
    # prefix only with the diff part, so at most one template matches.
    assert len(found) <= 1, found
    return found[0] if found else None


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        pointer = node["$ref"].removeprefix("#/").split("/")
        node = SPEC
        for part in pointer:
            node = node[part]
    return node


def check_against_spec(method: str, path: str, response: Any) -> None:
    """An answer of the API is JSON, and one of a documented operation has a documented status
    and matches its schema."""
    path = path.split("?")[0]
    if 300 <= response.status_code < 400:  # werkzeug's redirect of a path with "//"
        return
    assert response.mimetype in ("application/json", "application/schema+json"), (
        method,
        path,
        response.status_code,
        response.get_data(as_text=True)[:300],
    )
    if method == "HEAD":
        return
    body = response.get_json()
    if response.status_code >= 400:
        assert body["ok"] is False and body["message"], body
    template = documented(path)
    if template is None or method == "OPTIONS":
        return
    operation = SPEC["paths"][template].get(method.lower())
    if operation is None:
        assert response.status_code == 405, (method, path)
        return
    status = str(response.status_code)
    assert status in operation["responses"], (method, template, status, body)
    content = _resolve(operation["responses"][status])["content"]
    schema = next(iter(content.values()))["schema"]
    if "$ref" in schema:
        schema = {"$ref": SPEC_URI + schema["$ref"]}
    errors = list(Draft202012Validator(schema, registry=_REGISTRY).iter_errors(body))
    assert not errors, (method, template, status, [e.message for e in errors[:3]])


class Api:
    """A client of the API as a script of the same site would be: the session's CSRF token in
    the X-CSRFToken header (``token=False``: without it). Every answer is checked against the
    OpenAPI document."""

    def __init__(self, client: Any) -> None:
        self.client = client
        with client.session_transaction() as session:
            session[SESSION_KEY] = CSRF_TOKEN

    def call(self, method: str, path: str, *, token: bool = True, **kwargs: Any) -> Any:
        headers = {**(TOKEN if token else {}), **kwargs.pop("headers", {})}
        response = self.client.open(API + path, method=method, headers=headers, **kwargs)
        check_against_spec(method, API + path, response)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        if body is not None:
            kwargs["json"] = body
        return self.call("POST", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)

    def save(self, document: dict, **envelope: Any) -> Any:
        return self.post("/dashboards", {"dashboard": document, **envelope})


class Users:
    """Who the metadata hooks say is signed in, and what the auth hooks allow."""

    def __init__(self) -> None:
        self.current = "alice"
        self.refuse: set[str] = set()

    def config(self) -> dict:
        kinds = ("create", "update", "delete", "clone", "view", "edit_others", "edit_global")
        return {
            "metadata": {"username": lambda: self.current, "created_by": lambda: self.current},
            "auth": {kind: self._hook(kind) for kind in kinds},
        }

    def _hook(self, kind: str):
        return lambda **_kwargs: kind not in self.refuse


@pytest.fixture
def users(app) -> Users:
    found = Users()
    app.config["JSONDASH"] = found.config()
    return found


@pytest.fixture
def api(client, users) -> Api:
    return Api(client)


def snapshot(app) -> dict[str, Any]:
    """Every stored dashboard and its history, to show that a refused request changed
    nothing."""
    with app.app_context():
        store = get_db_handler()
        docs = {str(d["id"]): d for d in store.documents()}
        return {
            c_id: (json.dumps(doc, sort_keys=True), [e.as_dict() for e in store.history(c_id)])
            for c_id, doc in docs.items()
        }


def create(api: Api, **fields: Any) -> dict:
    response = api.save(dashboard(**fields))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# Creating and reading ----------------------------------------------------------------------------


def test_a_dashboard_without_an_id_is_created_with_a_made_one(api, app):
    doc = dashboard(tags=["ops"])
    del doc["id"]
    response = api.save(doc, message="First cut")
    assert response.status_code == 200
    body = response.get_json()
    assert body["created"] is True and body["version"] == 0
    assert re.fullmatch(r"[A-Za-z0-9_-]{8,40}", body["id"])
    assert body["url"] == f"/charts/{body['id']}"
    read = api.get(f"/dashboards/{body['id']}").get_json()
    assert read["dashboard"]["name"] == "Sales" and read["dashboard"]["tags"] == ["ops"]
    assert {key: read["meta"][key] for key in read["meta"] if key != "provisioned"} == {
        "version": 0,
        "created": read["meta"]["updated"],
        "created_by": "alice",
        "updated": read["dashboard"]["date"],
        "updated_by": "alice",
        "can_edit": True,
        "editable": True,
        "url": body["url"],
    }
    versions = api.get(f"/dashboards/{body['id']}/versions").get_json()["versions"]
    assert [(v["version"], v["message"], v["saved_by"]) for v in versions] == [
        (0, "First cut", "alice")
    ]


def test_a_dashboard_is_created_with_the_id_it_chose_and_the_server_sets_the_bookkeeping(api, app):
    doc = dashboard(id="team-ops_2026", version=7, created_by="mallory", date="1999")
    body = api.save(doc).get_json()
    assert body["id"] == "team-ops_2026" and body["version"] == 0
    read = api.get("/dashboards/team-ops_2026").get_json()["dashboard"]
    assert read["version"] == 0 and read["created_by"] == "alice" and read["date"] != "1999"
    assert read["schemaVersion"] >= 2


@pytest.mark.parametrize("bad_id", ["short", "has space in it", "x" * 41, 12345678, ["a"], True])
def test_an_id_that_breaks_the_rule_is_a_400_on_id(api, app, bad_id):
    before = snapshot(app)
    response = api.save(dashboard(id=bad_id))
    assert response.status_code == 400
    assert [p["path"] for p in response.get_json()["problems"]] == ["id"]
    assert snapshot(app) == before


def test_a_dashboard_with_problems_is_a_400_listing_them_with_their_paths(api, app):
    before = snapshot(app)
    doc = dashboard(modules=[module(width="col-3"), module("m-2", height=0)], tags="ops")
    response = api.save(doc)
    assert response.status_code == 400
    body = response.get_json()
    paths = {p["path"] for p in body["problems"]}
    assert {"modules[0].width", "modules[1].height", "tags"} <= paths
    assert "not saved" in body["message"] and "modules[0].width" in body["message"]
    assert snapshot(app) == before


def test_an_unknown_dashboard_is_a_404(api):
    for path in ("/dashboards/nope", "/dashboards/nope/versions", "/dashboards/nope/versions/0"):
        response = api.get(path)
        assert response.status_code == 404 and "no dashboard" in response.get_json()["message"]
    assert api.delete("/dashboards/nope").status_code == 404
    assert api.post("/dashboards/nope/restore", {"version": 0}).status_code == 404


def test_a_dashboard_stored_by_the_original_is_read_as_version_0(api, app):
    old = dashboard(id="0ld-one", name="Old")  # shorter than today's ids: still readable
    old.pop("date")
    with app.app_context():
        get_db_handler().create(old)
    read = api.get("/dashboards/0ld-one").get_json()
    assert read["meta"]["version"] == 0 and read["dashboard"]["name"] == "Old"
    # and saved through the API from its version
    saved = api.save({**read["dashboard"], "name": "Old, saved"})
    assert saved.status_code == 412  # no version said: it exists
    saved = api.save({**read["dashboard"], "name": "Old, saved", "version": 0})
    assert saved.status_code == 200 and saved.get_json()["version"] == 1


# Saving: versions, conflicts, overwrite -----------------------------------------------------------


def test_a_save_from_the_stored_version_makes_the_next_one(api, app):
    created = create(api)
    doc = api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]
    response = api.save({**doc, "name": "Renamed"}, message="Better name")
    assert response.status_code == 200
    assert response.get_json() == {
        "ok": True,
        "id": created["id"],
        "version": 1,
        "url": created["url"],
        "created": False,
    }
    assert api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]["name"] == "Renamed"


def test_a_save_from_a_stale_version_is_a_412_saying_who_and_when(api, app, users):
    created = create(api)
    doc = api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]
    users.current = "bob"
    assert api.save({**doc, "name": "Bob's"}).status_code == 200
    users.current = "alice"
    before = snapshot(app)
    response = api.save({**doc, "name": "Alice's"})
    assert response.status_code == 412
    body = response.get_json()
    assert body["expected_version"] == 0 and body["current_version"] == 1
    assert body["saved_by"] == "bob" and body["saved_at"]
    assert "bob" in body["message"] and "Nothing was saved" in body["message"]
    assert snapshot(app) == before
    # overwrite wins over the check
    response = api.save({**doc, "name": "Alice's"}, overwrite=True)
    assert response.status_code == 200 and response.get_json()["version"] == 2


def test_saving_over_an_existing_id_without_a_version_is_a_412_unless_overwrite(api, app):
    created = create(api)
    before = snapshot(app)
    again = dashboard(id=created["id"], name="Imported")
    response = api.save(again)
    assert response.status_code == 412
    body = response.get_json()
    assert body["expected_version"] is None and body["current_version"] == 0
    assert body["saved_by"] == "alice" and "overwrite" in body["message"]
    assert snapshot(app) == before
    response = api.save(again, overwrite=True)
    assert response.status_code == 200 and response.get_json()["version"] == 1


def test_a_version_that_is_not_a_whole_number_is_a_400(api, app):
    created = create(api)
    before = snapshot(app)
    for bad in ("one", -1, 1.5, True, [0], 2**40):
        response = api.save(dashboard(id=created["id"], version=bad))
        assert response.status_code == 400, bad
        assert "version" in response.get_json()["message"]
    assert snapshot(app) == before


def test_creating_a_global_dashboard_needs_the_flag_and_the_hook(api, app, users):
    doc = dashboard()
    assert api.save(doc, **{"global": True}).status_code == 403  # JSONDASH_GLOBALDASH is off
    app.config["JSONDASH_GLOBALDASH"] = True
    body = api.save(doc, **{"global": True}).get_json()
    read = api.get(f"/dashboards/{body['id']}").get_json()
    assert read["meta"]["created_by"] == "global"
    listed = api.get("/dashboards").get_json()["dashboards"]
    assert [d["is_global"] for d in listed] == [True]
    # A save without "global" keeps the owner; "global": false makes it ordinary again,
    # owned by whoever did it, and "global": true makes it global once more.
    kept = api.save({**read["dashboard"], "version": 0})
    assert kept.status_code == 200
    assert api.get(f"/dashboards/{body['id']}").get_json()["meta"]["created_by"] == "global"
    ordinary = api.save({**read["dashboard"], "version": 1}, **{"global": False})
    assert ordinary.status_code == 200
    assert api.get(f"/dashboards/{body['id']}").get_json()["meta"]["created_by"] == users.current
    assert api.save({**read["dashboard"], "version": 2}, **{"global": True}).status_code == 200
    assert api.get(f"/dashboards/{body['id']}").get_json()["meta"]["created_by"] == "global"


def test_only_edit_global_changes_whether_a_saved_dashboard_is_global(api, app, users):
    app.config["JSONDASH_GLOBALDASH"] = True
    ordinary = create(api)["id"]
    made_global = api.save(dashboard(), **{"global": True}).get_json()["id"]
    users.refuse.add("edit_global")
    before = snapshot(app)
    for c_id, switch in ((ordinary, True), (made_global, False)):
        answer = api.save({**dashboard(), "id": c_id, "version": 0}, **{"global": switch})
        assert answer.status_code == 403
        assert "not allowed to make dashboards global" in answer.get_json()["message"]
    assert snapshot(app) == before


# The hooks --------------------------------------------------------------------------------------


@pytest.mark.parametrize("hook", ["create", "update", "delete", "view"])
def test_each_auth_hook_refuses_its_calls_with_a_403(api, app, users, hook):
    created = create(api)
    c_id = created["id"]
    doc = {**api.get(f"/dashboards/{c_id}").get_json()["dashboard"]}
    users.refuse.add(hook)
    before = snapshot(app)
    calls = {
        "create": lambda: api.save(dashboard()),
        "update": lambda: api.save({**doc, "name": "x"}),
        "delete": lambda: api.delete(f"/dashboards/{c_id}"),
        "view": lambda: api.get(f"/dashboards/{c_id}"),
    }
    response = calls[hook]()
    assert response.status_code == 403
    assert "do not have access" in response.get_json()["message"]
    assert snapshot(app) == before
    if hook == "view":
        for path in ("/versions", "/versions/0", "/versions/0/diff/0"):
            assert api.get(f"/dashboards/{c_id}{path}").status_code == 403
    if hook == "update":
        restored = api.post(f"/dashboards/{c_id}/restore", {"version": 0})
        assert restored.status_code == 403
        assert api.get(f"/dashboards/{c_id}").get_json()["meta"]["can_edit"] is False


def test_only_the_creator_or_edit_others_changes_a_dashboard(api, app, users):
    created = create(api)
    doc = api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]
    users.current = "bob"
    users.refuse.add("edit_others")
    before = snapshot(app)
    assert api.get(f"/dashboards/{created['id']}").get_json()["meta"]["can_edit"] is False
    assert api.save({**doc, "name": "Bob's"}).status_code == 403
    assert api.save({**doc, "name": "Bob's"}, overwrite=True).status_code == 403
    assert api.delete(f"/dashboards/{created['id']}").status_code == 403
    assert snapshot(app) == before
    users.refuse.clear()
    response = api.save({**doc, "name": "Bob's"})
    assert response.status_code == 200
    # the creator stays; the history says who saved
    read = api.get(f"/dashboards/{created['id']}").get_json()
    assert read["meta"]["created_by"] == "alice" and read["meta"]["updated_by"] == "bob"


def test_a_dashboard_that_is_not_editable_changes_only_with_overwrite_and_edit_others(
    api, app, users
):
    created = create(api, editable=False)
    c_id = created["id"]
    read = api.get(f"/dashboards/{c_id}").get_json()
    assert read["meta"]["editable"] is False and read["meta"]["can_edit"] is False
    doc = read["dashboard"]
    before = snapshot(app)
    response = api.save({**doc, "name": "Changed"})
    assert response.status_code == 403 and "not editable" in response.get_json()["message"]
    assert api.delete(f"/dashboards/{c_id}").status_code == 403
    assert api.post(f"/dashboards/{c_id}/restore", {"version": 0}).status_code == 403
    users.refuse.add("edit_others")
    assert api.save({**doc, "name": "Changed"}, overwrite=True).status_code == 403
    assert api.delete(f"/dashboards/{c_id}?overwrite=true").status_code == 403
    assert snapshot(app) == before
    users.refuse.clear()
    response = api.save({**doc, "name": "Changed"}, overwrite=True)
    assert response.status_code == 200
    assert api.delete(f"/dashboards/{c_id}?overwrite=true").status_code == 200


def test_the_metadata_hooks_fill_in_the_saved_dashboard(api, app):
    app.config["JSONDASH"]["metadata"]["team"] = lambda: "ops"
    created = create(api)
    assert api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]["team"] == "ops"


# Deleting --------------------------------------------------------------------------------------


def test_deleting_a_dashboard_deletes_it_and_its_history(api, app):
    created = create(api)
    doc = api.get(f"/dashboards/{created['id']}").get_json()["dashboard"]
    api.save({**doc, "name": "v1"})
    response = api.delete(f"/dashboards/{created['id']}")
    assert response.status_code == 200
    assert response.get_json()["id"] == created["id"]
    assert api.get(f"/dashboards/{created['id']}").status_code == 404
    with app.app_context():
        assert get_db_handler().history(created["id"]) == []


def test_overwrite_in_a_delete_must_be_a_switch(api, app):
    created = create(api)
    before = snapshot(app)
    response = api.delete(f"/dashboards/{created['id']}?overwrite=maybe")
    assert response.status_code == 400 and "overwrite" in response.get_json()["message"]
    assert snapshot(app) == before


# Listing, search and tags -----------------------------------------------------------------------


@pytest.fixture
def catalogue(api) -> list[dict]:
    specs = [
        ("Ops costs", "Finance", ["ops", "money"]),
        ("Ops latency", "Engineering", ["ops"]),
        ("Sales", "Finance", ["money"]),
        ("Signups", "Growth", []),
        ("Support", None, ["ops", "people"]),
    ]
    return [create(api, name=n, category=c, tags=t) for n, c, t in specs]


def test_the_listing_pages_with_the_total(api, catalogue):
    first = api.get("/dashboards?per_page=2").get_json()
    assert first["total"] == 5 and first["pages"] == 3
    assert first["page"] == 1 and first["per_page"] == 2
    seen = []
    for page in (1, 2, 3):
        body = api.get(f"/dashboards?per_page=2&page={page}").get_json()
        seen += [d["name"] for d in body["dashboards"]]
    assert sorted(seen) == sorted(["Ops costs", "Ops latency", "Sales", "Signups", "Support"])
    row = next(d for d in first["dashboards"])
    assert set(row) >= {"id", "name", "category", "tags", "version", "num_modules", "url"}
    past = api.get("/dashboards?per_page=2&page=9").get_json()
    assert past["dashboards"] == [] and past["total"] == 5 and past["page"] == 9


def test_the_listing_searches_and_filters_by_every_tag(api, catalogue):
    def names(query: str) -> list[str]:
        body = api.get(f"/dashboards?{query}").get_json()
        assert body["total"] == len(body["dashboards"])
        return sorted(d["name"] for d in body["dashboards"])

    assert names("q=OPS") == ["Ops costs", "Ops latency", "Support"]
    assert names("q=finance") == ["Ops costs", "Sales"]
    assert names("tag=ops&tag=money") == ["Ops costs"]
    assert names("q=lat&tag=ops") == ["Ops latency"]
    assert names("tag=nobody") == []
    body = api.get("/dashboards?q=ops&tag=money").get_json()
    assert body["q"] == "ops" and body["tags"] == ["money"]


def test_the_listing_follows_the_user_filter(api, app, users, catalogue):
    users.current = "bob"
    create(api, name="Bob's own")
    app.config["JSONDASH_FILTERUSERS"] = True
    assert [d["name"] for d in api.get("/dashboards").get_json()["dashboards"]] == ["Bob's own"]
    assert api.get("/search").get_json()["total"] == 1
    assert api.get("/tags").get_json()["tags"] == []


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "page=1.5",
        "page=%EF%BC%91",  # a full-width digit
        "per_page=0",
        "per_page=501",
        "per_page=x",
        "q=" + "x" * 201,
        "q=a%00b",
        "tag=" + "t" * 51,
        "&".join(f"tag=t{i}" for i in range(21)),
    ],
)
def test_a_listing_that_cannot_be_made_is_a_400(api, catalogue, query):
    for path in ("/dashboards", "/search", "/tags"):
        if path != "/dashboards" and query.startswith(("page", "per_page")):
            continue
        response = api.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)


def test_search_answers_short_results_up_to_the_limit(api, catalogue):
    body = api.get("/search?q=ops").get_json()
    assert body["total"] == 3 and body["limit"] == 100
    assert sorted(r["name"] for r in body["results"]) == ["Ops costs", "Ops latency", "Support"]
    assert set(body["results"][0]) == {
        "id",
        "name",
        "category",
        "tags",
        "version",
        "is_global",
        "url",
    }
    limited = api.get("/search?tag=ops&limit=1").get_json()
    assert len(limited["results"]) == 1 and limited["total"] == 3
    assert api.get("/search?limit=0").status_code == 400


def test_tags_with_their_counts_the_most_used_first(api, catalogue):
    assert api.get("/tags").get_json()["tags"] == [
        {"tag": "ops", "count": 3},
        {"tag": "money", "count": 2},
        {"tag": "people", "count": 1},
    ]
    assert api.get("/tags?tag=money").get_json()["tags"][0] == {"tag": "money", "count": 2}


# Versions ----------------------------------------------------------------------------------------


@pytest.fixture
def history(api) -> str:
    """A dashboard saved three times: versions 0 (one module), 1 (renamed), 2 (a module
    added)."""
    c_id = create(api, name="v0")["id"]
    doc = api.get(f"/dashboards/{c_id}").get_json()["dashboard"]
    api.save({**doc, "name": "v1"}, message="rename")
    doc = api.get(f"/dashboards/{c_id}").get_json()["dashboard"]
    api.save({**doc, "modules": [*doc["modules"], module("m-2", name="Added")]})
    return c_id


def test_the_versions_are_listed_newest_first(api, history):
    body = api.get(f"/dashboards/{history}/versions").get_json()
    assert body["id"] == history
    assert [(v["version"], v["current"], v["message"]) for v in body["versions"]] == [
        (2, True, None),
        (1, False, "rename"),
        (0, False, None),
    ]


def test_one_version_has_the_document_as_it_was(api, history):
    body = api.get(f"/dashboards/{history}/versions/1").get_json()
    assert body["version"] == 1 and body["current"] is False
    assert body["document"]["name"] == "v1" and len(body["document"]["modules"]) == 1


@pytest.mark.parametrize(("number", "status"), [("9", 404), ("abc", 400), ("-1", 400)])
def test_a_version_that_is_not_kept_is_a_404_and_one_that_is_no_number_a_400(
    api, history, number, status
):
    response = api.get(f"/dashboards/{history}/versions/{number}")
    assert response.status_code == status
    assert api.get(f"/dashboards/{history}/versions/0/diff/{number}").status_code == status


def test_the_differences_between_two_versions(api, history):
    body = api.get(f"/dashboards/{history}/versions/0/diff/2").get_json()
    assert body["from"]["version"] == 0 and body["to"]["version"] == 2
    assert body["fields"] == {"name": {"from": "v0", "to": "v1"}}
    assert [m["name"] for m in body["modules"]["added"]] == ["Added"]
    assert body["modules"]["removed"] == [] and body["modules"]["changed"] == []


def test_restoring_a_version_makes_a_new_one(api, app, history):
    response = api.post(f"/dashboards/{history}/restore", {"version": 0, "expected_version": 2})
    assert response.status_code == 200
    assert response.get_json() == {
        "ok": True,
        "id": history,
        "version": 3,
        "restored": 0,
        "url": f"/charts/{history}",
    }
    doc = api.get(f"/dashboards/{history}").get_json()["dashboard"]
    assert doc["name"] == "v0" and len(doc["modules"]) == 1 and doc["version"] == 3
    newest = api.get(f"/dashboards/{history}/versions").get_json()["versions"][0]
    assert newest["message"] == "Restored version 0"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"version": 9}, 400, "no version 9"),
        ({"version": "x"}, 400, "whole number"),
        ({}, 400, "Say which version"),
        ({"version": 0, "expected_version": 1}, 412, "version 2"),
        ({"version": 0, "expected_version": "x"}, 400, "expected_version"),
        ({"version": 0, "overwrite": "yes"}, 400, "true or false"),
        ({"version": 0, "message": "m" * 501}, 400, "at most 500"),
        ({"version": 0, "why": "typo"}, 400, "Unknown key"),
    ],
)
def test_a_restore_that_cannot_be_made_changes_nothing(api, app, history, body, status, says):
    before = snapshot(app)
    response = api.post(f"/dashboards/{history}/restore", body)
    assert response.status_code == status
    assert says in response.get_json()["message"]
    assert snapshot(app) == before


# CSRF and scripts with a token of their own -------------------------------------------------------


def test_changes_need_the_csrf_token_in_a_header(api, app):
    created = create(api)
    before = snapshot(app)
    calls = [
        lambda **kw: api.post("/dashboards", {"dashboard": dashboard()}, **kw),
        lambda **kw: api.delete(f"/dashboards/{created['id']}", **kw),
        lambda **kw: api.post(f"/dashboards/{created['id']}/restore", {"version": 0}, **kw),
    ]
    for call in calls:
        response = call(token=False)
        assert response.status_code == 400
        assert "X-CSRFToken" in response.get_json()["message"]
        wrong = call(token=False, headers={"X-CSRFToken": "guessed"})
        assert wrong.status_code == 400
    assert snapshot(app) == before


def test_a_cross_site_form_cannot_post_as_json(api, app):
    """A page elsewhere can post a form (with the user's cookie) but not set a header or the
    JSON content type without the browser asking first: refused either way."""
    before = snapshot(app)
    body = json.dumps({"dashboard": dashboard()})
    response = api.post("/dashboards", data=body, content_type="text/plain", token=False)
    assert response.status_code == 400
    response = api.post("/dashboards", data=body, content_type="text/plain")
    assert response.status_code == 415
    assert snapshot(app) == before


def bearer_app(backend: str, tmp_path: Any) -> Flask:
    """A host app that lets scripts in with a bearer token of its own (as docs/api.md shows)."""
    app = make_app(backend, tmp_path)
    tokens = {"s3cret-token": "deploy-bot"}

    @app.before_request
    def authenticate_scripts() -> None:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = tokens.get(header.removeprefix("Bearer "))
            if user is None:
                return None  # not signed in: the hooks refuse, and the CSRF check applies
            g.api_user = user
            exempt_this_request()
        return None

    def signed_in(**_kwargs: Any) -> bool:
        return g.get("api_user") is not None

    app.config["JSONDASH"] = {
        "auth": {kind: signed_in for kind in ("create", "update", "delete", "view")},
        "metadata": {
            "created_by": lambda: g.get("api_user"),
            "username": lambda: g.get("api_user"),
        },
    }
    return app


def test_a_host_lets_scripts_in_with_a_bearer_token(backend, tmp_path):
    app = bearer_app(backend, tmp_path)
    client = app.test_client()
    bearer = {"Authorization": "Bearer s3cret-token"}
    response = client.post(API + "/dashboards", json={"dashboard": dashboard()}, headers=bearer)
    assert response.status_code == 200, response.get_json()
    c_id = response.get_json()["id"]
    read = client.get(f"{API}/dashboards/{c_id}", headers=bearer).get_json()
    assert read["meta"]["created_by"] == "deploy-bot" and read["meta"]["can_edit"] is True
    # without it, or with a wrong one: the CSRF check, then the hooks
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        refused = client.delete(f"{API}/dashboards/{c_id}", headers=headers)
        assert refused.status_code == 400 and "security token" in refused.get_json()["message"]
        assert client.get(f"{API}/dashboards/{c_id}", headers=headers).status_code == 403
    assert client.delete(f"{API}/dashboards/{c_id}", headers=bearer).status_code == 200
    if backend == "mongo":
        with app.app_context():
            get_db_handler().coll.drop()


@pytest.mark.parametrize("order", ["protect-first", "blueprint-first"])
def test_with_flask_wtf_the_api_takes_its_token_and_refuses_in_json(tmp_path, order):
    from flask_wtf.csrf import CSRFProtect, generate_csrf

    app = Flask("wtf_host", instance_path=str(tmp_path / "instance"))
    app.config.update(
        TESTING=True,
        SECRET_KEY="s",
        CHARTS_ACTIVE_DB="sqlite",
        CHARTS_DB_PATH=str(tmp_path / "d.sqlite3"),
    )
    if order == "protect-first":
        CSRFProtect(app)
        app.register_blueprint(charts)
    else:
        app.register_blueprint(charts)
        CSRFProtect(app)

    @app.route("/token")
    def token() -> str:
        return generate_csrf()

    client = app.test_client()
    missing = client.post(API + "/dashboards", json={"dashboard": dashboard()})
    assert missing.status_code == 400 and missing.is_json
    assert "security token" in missing.get_json()["message"]
    wtf_token = client.get("/token").get_data(as_text=True)
    response = client.post(
        API + "/dashboards", json={"dashboard": dashboard()}, headers={"X-CSRFToken": wtf_token}
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


# Errors are JSON, and change nothing --------------------------------------------------------------


def test_unknown_routes_and_methods_under_the_api_answer_json(api, app):
    created = create(api)
    before = snapshot(app)
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        for path in ("/nope", "/dashboards/x/nope", "/", ""):
            response = api.call(method, path, token=False, headers={"Accept": "text/html"})
            assert response.status_code == 404, (method, path)
            assert "openapi.json" in response.get_json()["message"]
    put = api.call("PUT", f"/dashboards/{created['id']}", json={})
    assert put.status_code == 405 and put.headers["Allow"].startswith("GET, DELETE")
    trace = api.call("TRACE", "/dashboards")
    assert trace.status_code == 405 and "GET, POST" in trace.get_json()["message"]
    patch = api.call("PATCH", "/tags")
    assert patch.status_code == 405 and patch.headers["Allow"].startswith("GET")
    assert snapshot(app) == before


def test_errors_are_json_even_for_clients_that_ask_for_html(api, app):
    html = {"Accept": "text/html,application/xhtml+xml"}
    assert api.get("/dashboards/nope", headers=html).status_code == 404
    assert api.get("/dashboards?page=x", headers=html).status_code == 400
    no_token = api.post("/dashboards", {"dashboard": dashboard()}, token=False, headers=html)
    assert no_token.status_code == 400


@pytest.mark.parametrize(
    ("body", "content_type", "status", "says"),
    [
        (b"", "application/json", 400, "empty"),
        (b"{oops", "application/json", 400, "not valid JSON"),
        (b"[1, 2]", "application/json", 400, "JSON object"),
        (b'"text"', "application/json", 400, "JSON object"),
        (b'{"dashboard": NaN}', "application/json", 400, "NaN"),
        (b"\xff\xfe{}", "application/json", 400, "UTF-8"),
        (b'{"dashboard": {}, "dashbaord": {}}', "application/json", 400, "Unknown key"),
        (b'{"dashboard": []}', "application/json", 400, "JSON object"),
        (b'{"dashboard": "{}"}', "application/json", 400, "JSON object"),
        (b'{"overwrite": true}', "application/json", 400, '"dashboard"'),
        (b'{"dashboard": {"name": "x", "modules": []}, "overwrite": "yes"}', None, 400, "true"),
        (b'{"dashboard": {"name": "x", "modules": []}, "message": 5}', None, 400, "text"),
        (
            b'{"dashboard": {"name": "x", "modules": []}, "message": "a\\u0000"}',
            None,
            400,
            "control",
        ),
        (b'{"dashboard": {"name": "x", "modules": [], "$where": 1}}', None, 400, "$"),
        (b"{}", "application/x-www-form-urlencoded", 415, "application/json"),
        (b"{}", "multipart/form-data; boundary=x", 415, "application/json"),
    ],
)
def test_bad_bodies_are_4xx_json_and_change_nothing(api, app, body, content_type, status, says):
    before = snapshot(app)
    response = api.post("/dashboards", data=body, content_type=content_type or "application/json")
    assert response.status_code == status
    answer = response.get_json()
    told = [answer["message"], *(p["message"] for p in answer["problems"])]
    assert any(says in text for text in told), answer
    assert snapshot(app) == before


def test_a_body_too_large_is_a_413_in_json(api, app):
    app.config["JSONDASH_MAX_REQUEST_BYTES"] = 2048
    before = snapshot(app)
    huge = {"dashboard": dashboard(description="x" * 5000)}
    response = api.post("/dashboards", huge)
    assert response.status_code == 413
    assert "JSONDASH_MAX_REQUEST_BYTES" in response.get_json()["message"]
    response = api.post("/jsondash/api/validate".removeprefix(API), huge)
    assert response.status_code == 413 and response.is_json
    assert snapshot(app) == before


def test_an_unavailable_database_is_a_503_in_json(tmp_path):
    broken = make_app("sqlite", tmp_path, CHARTS_ACTIVE_DB="mango")
    unreachable = make_app(
        "sqlite",
        tmp_path,
        CHARTS_ACTIVE_DB="mongo",
        CHARTS_DB_URI=f"mongodb://127.0.0.1:{free_port()}/charts",
        CHARTS_DB_TIMEOUT=1,
    )
    for app, says in ((broken, "CHARTS_ACTIVE_DB"), (unreachable, "CHARTS_DB_URI")):
        api = Api(app.test_client())
        for response in (
            api.get("/dashboards"),
            api.get("/dashboards/some-id"),
            api.save(dashboard()),
        ):
            assert response.status_code == 503
            assert says in response.get_json()["message"]
            assert response.headers["Retry-After"]


# The OpenAPI document ----------------------------------------------------------------------------


def test_the_openapi_document_is_valid_openapi_3_1(client):
    served = client.get(API + "/openapi.json")
    assert served.status_code == 200 and served.is_json
    doc = served.get_json()
    assert doc["openapi"].startswith("3.1.")
    import openapi_spec_validator as validator  # a test dependency (pyproject.toml)

    validator.validate(doc)


def test_the_openapi_document_holds_together(client):
    """Checked without a validator too: every operation has responses and an operationId of
    its own, every path parameter is declared, every reference resolves."""
    doc = client.get(API + "/openapi.json").get_json()
    assert doc["info"]["title"] and doc["info"]["version"]
    operation_ids = []
    for template, item in doc["paths"].items():
        declared = {p["name"] for p in map(_resolve, item.get("parameters", []))}
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert method in ("get", "post", "delete"), (template, method)
            assert operation["responses"] and operation["summary"]
            operation_ids.append(operation["operationId"])
            names = declared | {p["name"] for p in map(_resolve, operation.get("parameters", []))}
            assert set(re.findall(r"\{(\w+)\}", template)) <= names, template
    assert len(operation_ids) == len(set(operation_ids))
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "([^"]+)"', text)):
        assert ref.startswith("#/"), ref
        _resolve({"$ref": ref})


def normalized(template: str) -> str:
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", template)


def test_every_route_of_the_api_is_in_the_openapi_document_and_no_other(app):
    doc = openapi_document()
    documented_ops = {
        (normalized(template), method.upper())
        for template, item in doc["paths"].items()
        for method in item
        if method != "parameters"
    }
    routed = {
        (normalized(rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("jsondash.")
        and (rule.rule == API or rule.rule.startswith(API + "/"))
        and rule.endpoint not in ("jsondash.api_unknown", "jsondash.api_root", "jsondash.api_root_")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routed == documented_ops
    assert {t for t, _ in routed} >= {
        normalized(f"{API}/dashboards/<c_id>/versions/<a>/diff/<b>"),
        normalized(f"{API}/dashboards/<c_id>/restore"),
    }


def test_the_dashboard_schema_in_the_document_validates_as_the_server_does():
    validator = Draft202012Validator(
        {"$ref": SPEC_URI + "#/components/schemas/Dashboard"}, registry=_REGISTRY
    )
    good = dashboard()
    bad = dashboard(modules=[module(width="col-3")])
    assert problems_of(good) == [] and validator.is_valid(good)
    assert problems_of(bad) != [] and not validator.is_valid(bad)


def test_the_document_names_the_prefix_and_script_root_the_api_is_mounted_at(tmp_path):
    app = Flask("prefixed", instance_path=str(tmp_path / "instance"))
    app.config.update(
        TESTING=True, SECRET_KEY="s", CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(tmp_path / "d")
    )
    app.register_blueprint(charts, url_prefix="/tools")
    client = app.test_client()
    doc = client.get("/tools/jsondash/api/openapi.json").get_json()
    assert doc["servers"] == [{"url": "/tools"}]
    under_root = client.get(
        "/tools/jsondash/api/openapi.json", environ_overrides={"SCRIPT_NAME": "/app"}
    ).get_json()
    assert under_root["servers"] == [{"url": "/app/tools"}]
    assert client.get("/tools/jsondash/api/dashboards").get_json()["total"] == 0
    missing = client.post("/tools/jsondash/api/nope")
    assert missing.status_code == 404 and missing.is_json
    assert "/tools/jsondash/api/openapi.json" in missing.get_json()["message"]
    trace = client.open("/tools/jsondash/api/tags", method="TRACE")
    assert trace.status_code == 405 and trace.is_json
    # the host's own pages keep their own errors
    assert not client.open("/elsewhere", method="TRACE").is_json


# Docs ---------------------------------------------------------------------------------------------


def read(*parts: str) -> str:
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as handle:
        return handle.read()


def test_docs_api_md_describes_every_route_and_the_readme_links_it():
    text = read("docs", "api.md")
    for template, item in openapi_document()["paths"].items():
        for method in item:
            if method != "parameters":
                assert f"{method.upper()} {template}" in text, (method, template)
    for words in ("X-CSRFToken", "exempt_this_request", "Bearer", "412", "overwrite", "413"):
        assert words in text, words
    assert "docs/api.md" in read("README.md")


# Fuzzing: no request to the API answers 500 or a page, and a refused one changes nothing ----------


_JSON_LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=20)
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
_DOCUMENTS = st.one_of(
    _JSON,
    st.builds(
        lambda doc, key, value: {**doc, key: value},
        st.builds(dashboard),
        st.sampled_from(["id", "version", "name", "modules", "tags", "editable", "links", "$x"]),
        _JSON,
    ),
)
_BODIES = st.one_of(
    st.builds(
        lambda doc, extra: {"dashboard": doc, **extra},
        _DOCUMENTS,
        st.dictionaries(st.sampled_from(["overwrite", "message", "global", "other"]), _JSON),
    ),
    _JSON,
)


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_CI_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=_BODIES,
    target=st.sampled_from(["/dashboards", "/dashboards/{id}/restore"]),
    raw=st.booleans(),
)
def test_fuzzed_bodies_never_fail_the_server(api, app, history, body, target, raw):
    before = snapshot(app)
    path = target.format(id=history)
    if raw:
        text = json.dumps(body, allow_nan=True)  # NaN and Infinity as a client might send them
        response = api.post(path, data=text, content_type="application/json")
    else:
        try:
            response = api.post(path, body)
        except ValueError:  # NaN: the test client's JSON refuses it
            return
    assert response.status_code < 500
    if response.status_code >= 400:
        assert snapshot(app) == before


@settings(
    max_examples=int(os.environ.get("HYPOTHESIS_CI_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT", "HEAD"]),
    parts=st.lists(
        st.one_of(
            st.sampled_from(["dashboards", "versions", "diff", "restore", "search", "tags", "0"]),
            st.text(st.characters(codec="utf-8", exclude_characters="/?#"), max_size=12),
        ),
        max_size=6,
    ),
    query=st.dictionaries(
        st.sampled_from(["q", "tag", "page", "per_page", "limit", "overwrite"]),
        st.text(max_size=12),
        max_size=3,
    ),
)
def test_fuzzed_paths_and_queries_answer_json_below_500(api, app, history, method, parts, query):
    from urllib.parse import quote, urlencode

    before = snapshot(app)
    path = "/" + "/".join(quote(p.replace("{id}", history), safe="") for p in parts)
    response = api.call(method, f"{path}?{urlencode(query)}", json={} if method == "POST" else None)
    assert response.status_code < 500
    if response.status_code >= 400 or method in ("GET", "HEAD"):
        assert snapshot(app) == before
