"""Auth and metadata hooks and the global flags, read from app.config as the README says."""

from __future__ import annotations

import json

import pytest
from helpers import as_json, dashboard, make_app, module, post, stored

from flask_jsondash.db import get_db_handler


@pytest.fixture
def backend():
    return "sqlite"


def hooks(app, auth=None, metadata=None):
    app.config["JSONDASH"] = {"auth": auth or {}, "metadata": metadata or {}}


def flashed(client, response) -> str:
    return client.get(response.headers["Location"]).text


# Auth hooks ------------------------------------------------------------------------------


def test_no_hooks_allows_everything(client, app, make_dashboard):
    doc = make_dashboard()
    assert post(client, "/charts/create", {"name": "x"}).status_code == 302
    assert post(client, f"/charts/{doc['id']}/clone").status_code == 302
    assert post(client, f"/charts/{doc['id']}/update", {"name": "y"}).status_code == 302
    assert post(client, f"/charts/{doc['id']}/delete").status_code == 302


@pytest.mark.parametrize(
    "authtype, url, form, message",
    [
        ("create", "/charts/create", {"name": "x"}, "You do not have access to create dashboards."),
        ("clone", "/charts/{id}/clone", {}, "You do not have access to clone dashboards."),
        ("update", "/charts/{id}/update", {"name": "changed"}, "You do not have access to update"),
        ("delete", "/charts/{id}/delete", {}, "You do not have access to delete dashboards."),
    ],
)
def test_a_refusal_flashes_redirects_and_changes_nothing(
    client, app, make_dashboard, authtype, url, form, message
):
    doc = make_dashboard()
    hooks(app, auth={authtype: lambda: False})
    response = post(client, url.format(id=doc["id"]), form)
    assert response.status_code == 302
    assert message in flashed(client, response)
    with app.app_context():
        store = get_db_handler()
        assert store.count() == 1
        assert store.get(doc["id"]) == doc


def test_view_hook_gets_the_id_and_can_refuse(client, app, make_dashboard):
    allowed, hidden = make_dashboard(), make_dashboard()
    seen = []

    def can_view(view_id=None):
        seen.append(view_id)
        return view_id == allowed["id"]

    hooks(app, auth={"view": can_view})
    assert client.get(f"/charts/{allowed['id']}").status_code == 200
    response = client.get(f"/charts/{hidden['id']}")
    assert response.status_code == 302
    assert "You do not have access to view this dashboard." in flashed(client, response)
    assert seen[:2] == [allowed["id"], hidden["id"]]


def test_edit_others_guards_other_peoples_dashboards(client, app, make_dashboard):
    theirs = make_dashboard(created_by="bob")
    seen = []

    def edit_others(view_id=None):
        seen.append(view_id)
        return False

    hooks(
        app,
        auth={"edit_others": edit_others},
        metadata={"username": lambda: "alice", "created_by": lambda: "alice"},
    )
    page = client.get(f"/charts/{theirs['id']}").text
    assert "Edit raw JSON" not in page and "Delete" not in page
    response = post(client, f"/charts/{theirs['id']}/update", {"name": "hijacked"})
    assert response.status_code == 302
    assert "You do not have access to edit this dashboard." in flashed(client, response)
    assert post(client, f"/charts/{theirs['id']}/delete").status_code == 302
    assert stored(app, theirs["id"]) == theirs
    assert theirs["id"] in seen


def test_a_creator_may_always_edit_their_own_dashboard(client, app, make_dashboard):
    mine = make_dashboard(created_by="alice")
    hooks(
        app,
        auth={"edit_others": lambda view_id=None: False},
        metadata={"username": lambda: "alice", "created_by": lambda: "alice"},
    )
    assert "Edit raw JSON" in client.get(f"/charts/{mine['id']}").text
    assert post(client, f"/charts/{mine['id']}/update", {"name": "mine still"}).status_code == 302
    assert stored(app, mine["id"])["name"] == "mine still"


def test_buttons_are_hidden_where_hooks_refuse(client, app, make_dashboard):
    make_dashboard()
    hooks(app, auth={"create": lambda: False, "clone": lambda: False, "delete": lambda: False})
    html = client.get("/charts/").text
    assert "New dashboard" not in html
    assert ">Clone<" not in html and ">Delete<" not in html
    hooks(app)
    html = client.get("/charts/").text
    assert "New dashboard" in html and ">Clone<" in html and ">Delete<" in html


# Metadata hooks --------------------------------------------------------------------------


def test_metadata_is_saved_on_create(client, app):
    hooks(
        app,
        metadata={
            "created_by": lambda: "alice",
            "username": lambda: "alice",
            "team": lambda: "blue",
        },
    )
    response = post(client, "/charts/create", {"name": "x"})
    doc = stored(app, response.headers["Location"].rsplit("/", 1)[-1])
    assert doc["created_by"] == "alice" and doc["username"] == "alice" and doc["team"] == "blue"


def test_update_never_overwrites_created_by_but_refreshes_other_metadata(
    client, app, make_dashboard
):
    doc = make_dashboard(created_by="alice", team="red")
    hooks(
        app,
        auth={"edit_others": lambda view_id=None: True},
        metadata={"created_by": lambda: "bob", "username": lambda: "bob", "team": lambda: "blue"},
    )
    post(client, f"/charts/{doc['id']}/update", {"name": "by bob"})
    saved = stored(app, doc["id"])
    assert saved["created_by"] == "alice"
    assert saved["team"] == "blue" and saved["username"] == "bob"
    raw = dashboard(created_by="bob")
    post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": json.dumps(raw)})
    assert stored(app, doc["id"])["created_by"] == "alice"


def test_clone_belongs_to_whoever_cloned_it(client, app, make_dashboard):
    doc = make_dashboard(created_by="alice")
    hooks(app, metadata={"created_by": lambda: "bob"})
    response = post(client, f"/charts/{doc['id']}/clone")
    assert stored(app, response.headers["Location"].rsplit("/", 1)[-1])["created_by"] == "bob"


# Flags -----------------------------------------------------------------------------------


def filtered_app(tmp_path, **flags):
    app = make_app(
        "sqlite", tmp_path, **{"JSONDASH_FILTERUSERS": True, "JSONDASH_GLOBALDASH": True, **flags}
    )
    hooks(app, metadata={"username": lambda: "alice", "created_by": lambda: "alice"})
    with app.app_context():
        store = get_db_handler()
        store.create(dashboard(name="alice's", created_by="alice", category="A"))
        store.create(dashboard(name="bob's", created_by="bob", category="B"))
        store.create(dashboard(name="for all", created_by="global", category="C"))
        store.create(dashboard(name="for everyone", created_by="everyone", category="D"))
    return app


def test_filterusers_shows_own_and_global_dashboards(tmp_path):
    html = filtered_app(tmp_path).test_client().get("/charts/").text
    assert "alice&#39;s" in html and "for all" in html
    assert "bob&#39;s" not in html and "for everyone" not in html
    assert 'data-count="dashboards">2<' in html


def test_filterusers_without_globaldash_shows_only_own(tmp_path):
    html = filtered_app(tmp_path, JSONDASH_GLOBALDASH=False).test_client().get("/charts/").text
    assert "alice&#39;s" in html and "for all" not in html


def test_global_user_name_is_configurable(tmp_path):
    app = filtered_app(tmp_path, JSONDASH_GLOBAL_USER="everyone")
    html = app.test_client().get("/charts/").text
    assert "for everyone" in html and "for all" not in html
    assert "jd-badge-global" in html


def test_global_dashboards_are_marked(client, app, make_dashboard):
    app.config["JSONDASH_GLOBALDASH"] = True
    make_dashboard(name="shared", created_by="global")
    make_dashboard(name="private", created_by="alice")
    html = client.get("/charts/").text
    assert html.count('class="jd-badge jd-badge-global"') == 1


def test_is_global_sets_the_global_owner_when_allowed(client, app):
    app.config["JSONDASH_GLOBALDASH"] = True
    hooks(app, auth={"edit_global": lambda: True}, metadata={"created_by": lambda: "alice"})
    response = post(client, "/charts/create", {"name": "x", "is_global": "on"})
    assert stored(app, response.headers["Location"].rsplit("/", 1)[-1])["created_by"] == "global"


def test_is_global_refused_by_edit_global_changes_nothing(client, app, make_dashboard):
    doc = make_dashboard(created_by="alice")
    hooks(
        app,
        auth={"edit_global": lambda: False},
        metadata={"created_by": lambda: "alice", "username": lambda: "alice"},
    )
    assert "Global: shown to every user" not in client.get("/charts/").text
    response = post(client, "/charts/create", {"name": "x", "is_global": "on"})
    assert "not allowed to create global dashboards" in flashed(client, response)
    response = post(client, f"/charts/{doc['id']}/update", {"name": "y", "is_global": "on"})
    assert "not allowed to make dashboards global" in flashed(client, response)
    with app.app_context():
        assert get_db_handler().count() == 1
    assert stored(app, doc["id"]) == doc


def test_is_global_refused_when_global_dashboards_are_off(tmp_path):
    app = make_app("sqlite", tmp_path, JSONDASH_GLOBALDASH=False)
    client = app.test_client()
    assert "Global: shown to every user" not in client.get("/charts/").text
    response = post(client, "/charts/create", {"name": "x", "is_global": "on"})
    assert response.status_code == 302
    with app.app_context():
        assert get_db_handler().count() == 0


# Static asset settings -------------------------------------------------------------------


def test_assets_are_served_locally_by_default(client, make_dashboard):
    doc = make_dashboard(modules=[module(family="PlotlyStandard", type="plotly-any")])
    html = client.get(f"/charts/{doc['id']}").text
    assert 'src="/jsondash/v/' in html  # versioned URLs: see test_caching.py
    assert '/vendor/plotly.js-dist-min/plotly.min.js"' in html
    assert "cdn.jsdelivr.net" not in html


def test_cdn_flag_loads_assets_from_the_cdn(client, app, make_dashboard):
    app.config["JSONDASH_CDN"] = True
    doc = make_dashboard()
    html = client.get(f"/charts/{doc['id']}").text
    assert "https://cdn.jsdelivr.net/npm/c3@0.7.20/c3.min.js" in html


def test_static_paths_load_assets_from_the_host_apps_static_folder(client, app, make_dashboard):
    app.config["JSONDASH"] = {"static": {"js_path": "js/vendor/", "css_path": "css/vendor/"}}
    doc = make_dashboard()
    html = client.get(f"/charts/{doc['id']}").text
    assert 'src="/static/js/vendor/c3.min.js"' in html
    assert 'href="/static/css/vendor/c3.min.css"' in html
    assert 'src="/static/js/vendor/d3.min.js"' in html


def test_module_fields_carry_the_family_for_assets(client, app):
    mod = module(family="Graph", type="graph")
    response = post(
        client, "/charts/create", {"name": "g", "mode": "freeform", "module_g": as_json(mod)}
    )
    html = client.get(response.headers["Location"]).text
    assert "dagre-d3.min.js" in html and "graphlib-dot.min.js" in html
