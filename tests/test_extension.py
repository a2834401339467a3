"""JsonDash, the extension object: set-up, configuration checked at start, hooks by
decorator, an injected store; and the dashboard service called directly."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from helpers import dashboard, make_app, module, post, stored

from flask_jsondash import JsonDash, dashboards
from flask_jsondash.db import get_db_handler
from flask_jsondash.forms import Submission
from flask_jsondash.settings import ConfigurationError
from flask_jsondash.storage.sqlite import Db as SqliteDb


def bare_app(tmp_path, **config) -> Flask:
    app = Flask("extension_test", instance_path=str(tmp_path / "instance"))
    app.config.update(
        SECRET_KEY="s", CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(tmp_path / "d.sqlite3")
    )
    app.config.update(config)
    return app


def test_jsondash_registers_the_blueprint_and_fills_in_defaults(tmp_path):
    app = bare_app(tmp_path)
    JsonDash(app)
    assert "jsondash" in app.blueprints
    assert app.config["JSONDASH_PERPAGE"] == 25 and app.config["JSONDASH_GLOBALDASH"] is False
    assert app.test_client().get("/charts/").status_code == 200


def test_init_app_for_an_app_made_later(tmp_path):
    jsondash = JsonDash()
    app = bare_app(tmp_path)
    jsondash.init_app(app)
    jsondash.init_app(app)  # twice is harmless
    assert app.test_client().get("/charts/").status_code == 200


@pytest.mark.parametrize(
    "config, named",
    [
        ({"CHARTS_ACTIVE_DB": "mango"}, "CHARTS_ACTIVE_DB='mango' is not one of: mongo, sqlite."),
        ({"CHARTS_DB_PORT": "abc", "CHARTS_ACTIVE_DB": "mongo"}, "CHARTS_DB_PORT"),
        ({"CHARTS_DB_TIMEOUT": "soon"}, "CHARTS_DB_TIMEOUT"),
        ({"CHARTS_DB_TABLE": "views; drop"}, "CHARTS_DB_TABLE"),
        ({"SECRET_KEY": None}, "SECRET_KEY"),
    ],
)
def test_a_configuration_mistake_fails_at_start_naming_the_setting(tmp_path, config, named):
    app = bare_app(tmp_path, **config)
    with pytest.raises(ConfigurationError) as caught:
        JsonDash(app)
    assert named in str(caught.value)


def test_no_secret_key_is_fine_without_csrf(tmp_path):
    app = bare_app(tmp_path, SECRET_KEY=None, JSONDASH_CSRF=False)
    JsonDash(app)
    assert app.test_client().get("/charts/").status_code == 200


def test_hooks_by_decorator(tmp_path):
    app = bare_app(tmp_path)
    jsondash = JsonDash(app)
    allowed = {"create": True}

    @jsondash.auth_hook("create")
    def may_create(**kwargs):
        return allowed["create"]

    @jsondash.metadata_hook("created_by")
    def creator():
        return "carol"

    client = app.test_client()
    created = post(client, "/charts/create", {"name": "mine"})
    assert stored(app, created.headers["Location"].rsplit("/", 1)[-1])["created_by"] == "carol"
    allowed["create"] = False
    refused = post(client, "/charts/create", {"name": "not mine"}, follow_redirects=True)
    assert "You do not have access to create dashboards." in refused.text
    # The original's JSONDASH dict wins where both name a hook.
    app.config["JSONDASH"] = {"auth": {"create": lambda **kwargs: True}}
    assert post(client, "/charts/create", {"name": "dict"}).status_code == 302


def test_an_injected_store(tmp_path):
    from flask_jsondash.settings import database_settings

    other = SqliteDb(database_settings({"CHARTS_DB_PATH": str(tmp_path / "other.sqlite3")}, "."))
    app = bare_app(tmp_path, CHARTS_ACTIVE_DB="mango")  # not read: the store is given
    JsonDash(app, store=other)
    with app.app_context():
        assert get_db_handler() is other
    post(app.test_client(), "/charts/create", {"name": "kept elsewhere"})
    assert [row["name"] for row in other.summaries()] == ["kept elsewhere"]


@pytest.mark.parametrize("wtf_first", [True, False])
def test_validate_works_beside_flask_wtf_csrfprotect(tmp_path, wtf_first):
    """The editor's live checks POST to /jsondash/api/validate without a form token."""
    from flask_wtf.csrf import CSRFProtect

    app = bare_app(tmp_path)
    if wtf_first:
        CSRFProtect(app)
        JsonDash(app)
    else:
        JsonDash(app)
        CSRFProtect(app)
    client = app.test_client()
    response = client.post("/jsondash/api/validate", data=json.dumps(dashboard()))
    assert response.status_code == 200 and response.get_json()["valid"] is True
    # Everything else still needs the token.
    assert client.post("/charts/create", data={"name": "x"}).status_code == 400


# The dashboard service, called directly ---------------------------------------------------


@pytest.fixture
def backend():
    return "sqlite"


def test_the_service_creates_saves_clones_and_deletes(app):
    with app.test_request_context():
        created = dashboards.create(
            Submission(name="Service", layout="freeform", modules=[module()])
        )
        assert dashboards.load(created["id"])["name"] == "Service"
        saved = dashboards.save(created["id"], Submission(name="Renamed", modules=[]))
        assert saved["layout"] == "freeform" and saved["modules"] == []
        copy = dashboards.clone(created["id"])
        assert copy["name"] == "Clone of Renamed"
        dashboards.delete(created["id"])
        with pytest.raises(dashboards.NotFound):
            dashboards.load(created["id"])
        assert dashboards.listing().count == 1


def test_the_service_refuses_in_the_originals_words(app):
    app.config["JSONDASH"] = {
        "auth": {"clone": lambda **kwargs: False, "edit_others": lambda **kwargs: False},
        "metadata": {"username": lambda: "bob"},
    }
    doc = dashboard(created_by="alice")
    with app.test_request_context():
        get_db_handler().insert(doc)
        with pytest.raises(dashboards.Refused, match="You do not have access to clone"):
            dashboards.clone(doc["id"])
        with pytest.raises(dashboards.Refused, match="You do not have access to edit"):
            dashboards.save(doc["id"], Submission(name="x"))
        with pytest.raises(dashboards.Refused, match="You do not have access to delete this"):
            dashboards.delete(doc["id"])
        with pytest.raises(dashboards.NotFound):
            dashboards.save("nope", Submission(name="x"))
    assert stored(app, doc["id"]) == doc


def test_register_blueprint_alone_still_works(tmp_path):
    app = make_app("sqlite", tmp_path)  # the original's way: app.register_blueprint(charts)
    assert app.test_client().get("/charts/").status_code == 200


# A chart family of the host's own ----------------------------------------------------------


def big_number_family():
    from flask_jsondash import Asset, Family

    return Family(
        name="BigNumbers",
        charts=(("big-number", "A big number"),),
        assets=(Asset(url="/static/js/bignumbers-lib.js"),),
        renderer="/static/js/bignumbers.js",
        globals=("BigNumbers",),
        samples={"big-number": "/singlenum"},
    )


def test_a_host_registers_its_own_family_for_its_app_only(tmp_path):
    app = bare_app(tmp_path)
    other = bare_app(tmp_path / "other")
    jsondash = JsonDash(app)
    JsonDash(other)
    jsondash.register_family(big_number_family())
    mod = module(family="BigNumbers", type="big-number")
    client = app.test_client()
    form = {"name": "n", "mode": "freeform", "module_a": json.dumps(mod)}
    created = post(client, "/charts/create", form)
    page = client.get(created.headers["Location"]).text
    assert "/static/js/bignumbers-lib.js" in page
    assert "/static/js/bignumbers.js" in page
    assert "stored config has" not in page  # valid for this app
    with app.test_request_context():
        from flask_jsondash.schema import problems_of

        assert problems_of(dashboard(modules=[mod])) == []
    with other.test_request_context():
        assert problems_of(dashboard(modules=[mod]))  # the other app has no such family


def test_a_family_must_not_take_a_builtin_name_or_type(tmp_path):
    from dataclasses import replace

    jsondash = JsonDash(bare_app(tmp_path))
    family = big_number_family()
    with pytest.raises(ConfigurationError, match="built-in"):
        jsondash.register_family(replace(family, name="C3"))
    with pytest.raises(ConfigurationError, match="already types of C3"):
        jsondash.register_family(replace(family, charts=(("line", "Line"),)))
    with pytest.raises(ConfigurationError, match="renderer"):
        jsondash.register_family(replace(family, renderer=None))
