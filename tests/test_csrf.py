"""CSRF protection of every state-changing route."""

from __future__ import annotations

import re

import pytest
from helpers import make_app, stored

from flask_jsondash.db import get_db_handler


@pytest.fixture
def backend():
    return "sqlite"


def token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert match, "the page's forms carry a csrf_token field"
    return match.group(1)


ROUTES = [
    ("/charts/create", {"name": "new"}),
    ("/charts/{id}/update", {"name": "changed"}),
    ("/charts/{id}/clone", {}),
    ("/charts/{id}/delete", {}),
]


@pytest.mark.parametrize("url, form", ROUTES)
@pytest.mark.parametrize("token", [None, "", "wrong-token"])
def test_missing_or_wrong_token_is_400_and_changes_nothing(
    client, app, make_dashboard, url, form, token
):
    doc = make_dashboard()
    client.get("/charts/")  # the session now has a token
    data = dict(form)
    if token is not None:
        data["csrf_token"] = token
    response = client.post(url.format(id=doc["id"]), data=data)
    assert response.status_code == 400
    assert "security token" in response.text and "Nothing was changed." in response.text
    with app.app_context():
        assert get_db_handler().count() == 1
    assert stored(app, doc["id"]) == doc


def test_the_token_in_the_page_is_accepted(client, app):
    token = token_in(client.get("/charts/").text)
    assert len(token) >= 32
    response = client.post("/charts/create", data={"name": "x", "csrf_token": token})
    assert response.status_code == 302


def test_every_form_on_a_dashboard_page_carries_the_token(client, make_dashboard):
    doc = make_dashboard()
    html = client.get(f"/charts/{doc['id']}").text
    forms = re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S)
    assert len(forms) >= 3  # clone, delete, raw edit
    assert all('name="csrf_token"' in form for form in forms)


def test_the_token_may_come_in_a_header(client, app, make_dashboard):
    doc = make_dashboard()
    token = token_in(client.get("/charts/").text)
    response = client.post(f"/charts/{doc['id']}/delete", headers={"X-CSRFToken": token})
    assert response.status_code == 302
    assert stored(app, doc["id"]) is None


def test_a_token_from_another_session_is_refused(app, make_dashboard):
    doc = make_dashboard()
    other = app.test_client()
    stolen = token_in(other.get("/charts/").text)
    victim = app.test_client()
    victim.get("/charts/")
    response = victim.post(f"/charts/{doc['id']}/delete", data={"csrf_token": stolen})
    assert response.status_code == 400
    assert stored(app, doc["id"]) == doc


def test_csrf_can_be_turned_off(tmp_path):
    app = make_app("sqlite", tmp_path, JSONDASH_CSRF=False)
    response = app.test_client().post("/charts/create", data={"name": "x"})
    assert response.status_code == 302


def test_flask_wtf_token_is_accepted_when_the_host_uses_csrfprotect(tmp_path):
    from flask_wtf.csrf import CSRFProtect

    app = make_app("sqlite", tmp_path)
    app.config["TESTING"] = False  # Flask-WTF skips its check while testing
    CSRFProtect(app)
    client = app.test_client()
    token = token_in(client.get("/charts/").text)
    assert (
        client.post("/charts/create", data={"name": "x", "csrf_token": "nope"}).status_code == 400
    )
    response = client.post("/charts/create", data={"name": "x", "csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert get_db_handler().count() == 1


def test_without_a_secret_key_pages_render_and_saving_says_why_not(tmp_path):
    app = make_app("sqlite", tmp_path, SECRET_KEY=None)
    client = app.test_client()
    page = client.get("/charts/")
    assert page.status_code == 200
    assert "no <code>SECRET_KEY</code>" in page.text
    response = client.post("/charts/create", data={"name": "x"})
    assert response.status_code == 400
    assert "SECRET_KEY" in response.text
    with app.app_context():
        assert get_db_handler().count() == 0
