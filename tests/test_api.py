"""The JSON side of the routes, which the in-browser editor uses: validation and saving."""

from __future__ import annotations

import json

import pytest
from helpers import dashboard, make_app, module, post, stored

from flask_jsondash.db import get_db_handler

JSON = {"Accept": "application/json"}


@pytest.fixture
def backend():
    return "sqlite"


def test_validate_answers_valid_for_a_good_dashboard(client):
    response = client.post("/jsondash/api/validate", data=json.dumps(dashboard()))
    assert response.status_code == 200
    assert response.get_json() == {"valid": True, "problems": []}


def test_validate_lists_problems_with_paths_and_needs_no_token(client):
    doc = dashboard(modules=[module(width="col-3")])
    response = client.post("/jsondash/api/validate", data=json.dumps(doc))
    body = response.get_json()
    assert body["valid"] is False
    assert body["problems"][0]["path"] == "modules[0].width"
    broken = client.post("/jsondash/api/validate", data="{oops").get_json()
    assert broken["valid"] is False and "not valid JSON" in broken["problems"][0]["message"]


def test_validate_changes_nothing(client, store):
    client.post("/jsondash/api/validate", data=json.dumps(dashboard()))
    assert store.count() == 0


def test_update_answers_json_when_asked(client, app, make_dashboard):
    doc = make_dashboard()
    form = {"name": "Renamed", f"module_{doc['modules'][0]['guid']}": json.dumps(doc["modules"][0])}
    response = post(client, f"/charts/{doc['id']}/update", form, headers=JSON)
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is True and body["dashboard"]["name"] == "Renamed"
    assert stored(app, doc["id"])["name"] == "Renamed"


def test_update_refusals_answer_json_with_the_reason(client, app, make_dashboard):
    doc = make_dashboard()
    bad = post(
        client,
        f"/charts/{doc['id']}/update",
        {"name": "x", "module_a": json.dumps(module(height=0))},
        headers=JSON,
    )
    assert bad.status_code == 400
    assert bad.get_json()["problems"][0]["path"] == "modules[0].height"
    app.config["JSONDASH"] = {"auth": {"update": lambda: False}}
    refused = post(client, f"/charts/{doc['id']}/update", {"name": "x"}, headers=JSON)
    assert refused.status_code == 403
    assert "do not have access" in refused.get_json()["message"]
    missing = post(client, "/charts/nope/update", {"name": "x"}, headers=JSON)
    assert missing.status_code in (403, 404)
    no_token = client.post(f"/charts/{doc['id']}/update", data={"name": "x"}, headers=JSON)
    assert no_token.status_code == 400 and "security token" in no_token.get_json()["message"]
    assert stored(app, doc["id"]) == doc


def test_unknown_dashboard_answers_json_404(client):
    response = post(client, "/charts/nope/update", {"name": "x"}, headers=JSON)
    assert response.status_code == 404
    assert "no dashboard" in response.get_json()["message"]


def test_unavailable_database_answers_json_503(tmp_path):
    app = make_app("sqlite", tmp_path, CHARTS_ACTIVE_DB="mango")
    response = post(app.test_client(), "/charts/x/update", {"name": "x"}, headers=JSON)
    assert response.status_code == 503
    assert "CHARTS_ACTIVE_DB" in response.get_json()["message"]


def global_app(tmp_path, can_edit_global=True):
    app = make_app("sqlite", tmp_path, JSONDASH_GLOBALDASH=True)
    app.config["JSONDASH"] = {
        "auth": {"edit_global": lambda: can_edit_global},
        "metadata": {"created_by": lambda: "alice", "username": lambda: "alice"},
    }
    doc = dashboard(created_by="global")
    with app.app_context():
        get_db_handler().create(doc)
    return app, doc


def test_the_settings_global_switch_can_turn_global_off(tmp_path):
    app, doc = global_app(tmp_path)
    client = app.test_client()
    post(client, f"/charts/{doc['id']}/update", {"name": "x", "global_toggle": "1"})
    assert stored(app, doc["id"])["created_by"] == "alice"


def test_turning_global_off_needs_edit_global(tmp_path):
    app, doc = global_app(tmp_path, can_edit_global=False)
    client = app.test_client()
    response = post(client, f"/charts/{doc['id']}/update", {"name": "x", "global_toggle": "1"})
    assert response.status_code == 302
    assert stored(app, doc["id"]) == doc


def test_a_form_without_the_switch_leaves_global_alone(tmp_path):
    app, doc = global_app(tmp_path)
    post(app.test_client(), f"/charts/{doc['id']}/update", {"name": "x"})
    assert stored(app, doc["id"])["created_by"] == "global"
