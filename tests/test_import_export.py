"""Export and import, on every adapter: a dashboard downloads as the raw editor shows it and
imports back; the index page's import checks the JSON (its problems with their JSON paths),
creates it, and asks before overwriting an existing id (a second, explicit step at the version
it showed); bad input is a 400 with a message and changes nothing; the forms need the CSRF
token."""

from __future__ import annotations

import io
import json
import re
from contextlib import contextmanager

import pytest
from flask import template_rendered
from helpers import dashboard, module, post

from flask_jsondash import dashboards
from flask_jsondash.db import get_db_handler
from flask_jsondash.views.pages import attachment, download_name

JSON = {"Accept": "application/json"}
C_ID = "imported-dashboard"


def everything(app) -> dict:
    """Every stored dashboard with its history, to show that nothing changed."""
    with app.app_context():
        store = get_db_handler()
        docs = {d["id"]: d for d in store.documents()}
        return {c_id: (doc, store.history(c_id)) for c_id, doc in docs.items()}


def import_text(client, text: str, headers: dict | None = None, **fields):
    return post(client, "/charts/import", {"json": text, **fields}, headers=headers or {})


def import_file(client, data: bytes, filename: str = "dashboard.json", **fields):
    return post(
        client,
        "/charts/import",
        {"file": (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data",
    )


def problems_on_page(html: str) -> list[str]:
    found = re.search(r'<ul class="jd-problems">(.*?)</ul>', html, re.S)
    items = re.findall(r"<li>(.*?)</li>", found.group(1), re.S) if found else []
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip() for item in items]


@contextmanager
def rendered(app):
    seen: list[dict] = []

    def record(_sender, template, context, **_extra):
        seen.append(context)

    template_rendered.connect(record, app)
    try:
        yield seen
    finally:
        template_rendered.disconnect(record, app)


# Export -----------------------------------------------------------------------------------------


def test_export_downloads_the_document_as_the_raw_editor_shows_it(app, client, make_dashboard):
    doc = make_dashboard(name="Sales", tags=["ops"])
    with rendered(app) as seen:
        client.get(f"/charts/{doc['id']}")
    raw_editor = next(c["raw_config"] for c in seen if "raw_config" in c)
    response = client.get(f"/charts/{doc['id']}/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == 'attachment; filename="Sales.json"'
    assert response.get_data(as_text=True) == raw_editor + "\n"
    exported = json.loads(response.get_data(as_text=True))
    assert exported["id"] == doc["id"] and exported["modules"] == doc["modules"]


def test_the_index_links_every_dashboard_s_export(client, make_dashboard):
    doc = make_dashboard(name="Sales")
    html = client.get("/charts/").get_data(as_text=True)
    assert f'href="/charts/{doc["id"]}/export" download>Export' in html


def test_an_export_imports_back_as_it_was(app, client, make_dashboard):
    doc = make_dashboard(id=C_ID, name="Round trip", description="twice")
    exported = client.get(f"/charts/{C_ID}/export").get_data()
    with app.test_request_context():
        dashboards.delete(C_ID)
    response = import_file(client, exported, "Round trip.json")
    assert response.status_code == 302 and response.headers["Location"] == f"/charts/{C_ID}"
    with app.app_context():
        back = get_db_handler().get(C_ID)
        (entry,) = get_db_handler().history(C_ID)
    assert {k: back[k] for k in ("name", "modules", "description", "layout")} == {
        k: doc[k] for k in ("name", "modules", "description", "layout")
    }
    assert back["version"] == 0 and entry.message == "Imported from the file Round trip.json"


@pytest.mark.parametrize(
    ("name", "header"),
    [
        (
            "Ventes été",
            "filename=\"Ventes ete.json\"; filename*=UTF-8''Ventes%20%C3%A9t%C3%A9.json",
        ),
        ('a "quoted"\r\nname', 'filename="a _quoted_name.json"'),
        ("../../etc/passwd", 'filename="etc_passwd.json"'),
        ("   ", 'filename="the-id-of-it.json"'),
        ("图表", "filename=\"dashboard.json\"; filename*=UTF-8''%E5%9B%BE%E8%A1%A8.json"),
    ],
)
def test_download_names_are_safe(name, header):
    assert attachment(download_name({"name": name}, "the-id-of-it")) == f"attachment; {header}"


def test_exporting_an_unknown_or_hidden_dashboard(app, client, make_dashboard):
    response = client.get("/charts/no-such-dashboard/export")
    assert response.status_code == 302
    assert client.get("/charts/no-such-dashboard/export", headers=JSON).status_code == 404
    doc = make_dashboard()
    app.config["JSONDASH"] = {"auth": {"view": lambda **kw: False}}
    response = client.get(f"/charts/{doc['id']}/export")
    assert response.status_code == 302 and "Content-Disposition" not in response.headers


# Import -----------------------------------------------------------------------------------------


def test_the_index_has_a_labelled_import_form_with_the_csrf_token(client):
    html = client.get("/charts/").get_data(as_text=True)
    form = re.search(r'<form[^>]+id="jd-import-form".*?</form>', html, re.S).group(0)
    assert 'enctype="multipart/form-data"' in form and 'method="post"' in form
    assert 'name="csrf_token"' in form
    for field in ("jd-import-file", "jd-import-json"):
        assert f'<label for="{field}">' in form and f'id="{field}"' in form


def test_pasted_json_is_created_with_its_id(app, client):
    response = import_text(client, json.dumps(dashboard(id=C_ID, name="Pasted")))
    assert response.status_code == 302 and response.headers["Location"] == f"/charts/{C_ID}"
    page = client.get(f"/charts/{C_ID}").get_data(as_text=True)
    assert "Imported dashboard &#34;Pasted&#34;" in page or 'Imported dashboard "Pasted"' in page
    with app.app_context():
        (entry,) = get_db_handler().history(C_ID)
    assert entry.message == "Imported from the pasted text"


def test_the_server_s_keys_in_an_import_are_ignored(app, client):
    users = {"metadata": {"created_by": lambda: "alice", "username": lambda: "alice"}}
    app.config["JSONDASH"] = users
    doc = dashboard(
        id=C_ID, created_by="mallory", version=99, provisioned="/etc/x", provisioned_from="/etc"
    )
    assert import_text(client, json.dumps(doc)).status_code == 302
    with app.app_context():
        stored = get_db_handler().get(C_ID)
    assert stored["created_by"] == "alice" and stored["version"] == 0
    assert "provisioned" not in stored and "provisioned_from" not in stored


def test_a_dashboard_without_an_id_gets_one(app, client):
    doc = dashboard()
    del doc["id"]
    response = import_text(client, json.dumps(doc), headers=JSON)
    assert response.status_code == 201
    made = response.json["id"]
    assert re.fullmatch(r"[0-9a-f-]{36}", made) and response.json["url"] == f"/charts/{made}"


BAD_INPUT = [
    ("", "Choose a JSON file of a dashboard, or paste its JSON."),
    ("   ", "Choose a JSON file of a dashboard, or paste its JSON."),
    ("{nope", "is not valid JSON: Expecting property name enclosed in double quotes at line 1"),
    ("[1, 2]", "must be one dashboard (a JSON object), not a list"),
    ('"a text"', "must be one dashboard (a JSON object), not a single value"),
    ("42", "must be one dashboard (a JSON object), not a single value"),
    ('{"name": NaN, "modules": []}', "cannot be read: NaN is not a number JSON allows"),
    ('{"n": 1e999}', "cannot be read: the number 1e999 is too large"),
    ("[" * 100_000 + "]" * 100_000, "cannot be read: it is nested too deeply to read"),
]


@pytest.mark.parametrize(("text", "words"), BAD_INPUT)
def test_bad_input_is_a_400_with_a_message_and_changes_nothing(
    app, client, make_dashboard, text, words
):
    make_dashboard(id=C_ID)
    before = everything(app)
    response = import_text(client, text)
    assert response.status_code == 400
    assert any(words in problem for problem in problems_on_page(response.text)), problems_on_page(
        response.text
    )
    assert 'id="jd-import" open' in response.text  # the form stays open, to fix and retry
    response = import_text(client, text, headers=JSON)
    assert response.status_code == 400 and words in response.json["message"]
    assert everything(app) == before


def test_bad_files_too(app, client):
    before = everything(app)
    response = import_file(client, b'{"name": "caf\xe9"}', "File LATIN1.json")
    assert response.status_code == 400
    assert (
        "The file File LATIN1.json is not UTF-8 text (byte 13)"
        in problems_on_page(response.text)[0]
    )
    app.config["JSONDASH_MAX_DOCUMENT_BYTES"] = 1_000
    response = import_file(client, json.dumps(dashboard(padding="x" * 4_000)).encode())
    assert response.status_code == 400
    assert "is larger than 4,000 bytes: it cannot be a dashboard" in response.text
    response = import_text(client, json.dumps(dashboard(padding="x" * 1_500)))
    assert response.status_code == 400
    assert "bytes as JSON; a dashboard may be 1,000" in response.text
    assert everything(app) == before


HOSTILE = [
    (dashboard(name="\ud800"), "name", "is not valid Unicode text"),
    (dashboard(modules=[module(**{"$where": "1"})]), "modules[0].$where", "not a usable key"),
    (dashboard(modules=[module(**{"a\u0000b": 1})]), "modules[0].a", "not a usable key"),
    (dashboard(modules=[module(dataSource="javascript:alert(1)")]), "modules[0].dataSource", ""),
    (dashboard(modules=[module(width=-5)]), "modules[0].width", ""),
    (dashboard(id="../../x"), "id", "must be 8 to 40 letters"),
    (dashboard(name="x" * 201), "name", "at most 200 characters"),
    (dashboard(links=[{"title": "t", "url": "javascript:x"}]), "links[0].url", ""),
]


@pytest.mark.parametrize(("doc", "path", "words"), HOSTILE)
def test_hostile_dashboards_are_refused_with_their_json_paths(app, client, doc, path, words):
    before = everything(app)
    text = json.dumps(doc)
    response = import_text(client, text)
    assert response.status_code == 400
    listed = problems_on_page(response.text)
    assert "is not a dashboard that can be saved" in listed[0]
    assert any(p.startswith(path) and words in p for p in listed[1:]), listed
    response = import_text(client, text, headers=JSON)
    assert response.status_code == 400
    assert any(p["path"].startswith(path) for p in response.json["problems"])
    assert everything(app) == before


def test_hostile_text_is_shown_as_text(app, client):
    payload = '</textarea><script>alert("x")</script>'
    response = import_text(client, json.dumps({"name": payload}))
    assert response.status_code == 400
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text


def test_without_the_csrf_token_nothing_is_imported(app, client):
    before = everything(app)
    response = client.post("/charts/import", data={"json": json.dumps(dashboard())})
    assert response.status_code == 400
    assert everything(app) == before


def test_without_the_create_hook_nothing_is_imported(app, client):
    app.config["JSONDASH"] = {"auth": {"create": lambda: False}}
    before = everything(app)
    response = import_text(client, json.dumps(dashboard()), headers=JSON)
    assert response.status_code == 403
    assert everything(app) == before


# An id that is taken -----------------------------------------------------------------------------


def confirmation_fields(html: str, form_id: str) -> dict:
    form = re.search(rf'<form[^>]+id="{form_id}".*?</form>', html, re.S).group(0)
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)
    from html import unescape

    return {name: unescape(value) for name, value in fields}


def test_an_existing_id_asks_before_overwriting_and_changes_nothing(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Kept")
    before = everything(app)
    response = import_text(client, json.dumps(dashboard(id=C_ID, name="Imported")))
    assert response.status_code == 409
    html = response.text
    assert "Overwrite the dashboard “Kept”?" in html
    assert 'aria-labelledby="jd-import-confirm-title" tabindex="-1" autofocus' in html
    overwrite = confirmation_fields(html, "jd-import-overwrite")
    assert overwrite["overwrite"] == C_ID and overwrite["version"] == "0"
    assert json.loads(overwrite["json"])["name"] == "Imported"
    assert overwrite["csrf_token"]
    assert confirmation_fields(html, "jd-import-copy")["as_copy"] == "1"
    assert everything(app) == before
    response = import_text(client, json.dumps(dashboard(id=C_ID)), headers=JSON)
    assert response.status_code == 409 and response.json["exists"]["name"] == "Kept"


def test_the_confirmed_overwrite_saves_a_new_version(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Kept")
    html = import_text(client, json.dumps(dashboard(id=C_ID, name="Imported"))).text
    fields = confirmation_fields(html, "jd-import-overwrite")
    response = post(client, "/charts/import", fields)
    assert response.status_code == 302 and response.headers["Location"] == f"/charts/{C_ID}"
    with app.app_context():
        stored = get_db_handler().get(C_ID)
        entries = get_db_handler().history(C_ID)
    assert stored["name"] == "Imported" and stored["version"] == 1
    assert entries[0].message == "Imported from the pasted text"


def test_an_overwrite_of_a_version_that_moved_on_is_a_412(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Kept")
    html = import_text(client, json.dumps(dashboard(id=C_ID, name="Imported"))).text
    fields = confirmation_fields(html, "jd-import-overwrite")
    with app.test_request_context():
        dashboards.save_document(C_ID, dashboard(id=C_ID, name="Saved meanwhile"))
    before = everything(app)
    response = post(client, "/charts/import", fields)
    assert response.status_code == 412
    assert "after you opened it" in response.text
    assert confirmation_fields(response.text, "jd-import-overwrite")["version"] == "1"
    assert everything(app) == before


def test_an_overwrite_must_name_the_id_of_the_json(app, client, make_dashboard):
    make_dashboard(id=C_ID)
    make_dashboard(id="another-dashboard")
    before = everything(app)
    text = json.dumps(dashboard(id=C_ID))
    response = import_text(client, text, overwrite="another-dashboard", version="0")
    assert response.status_code == 400
    assert "The confirmation was for the dashboard" in response.text
    response = import_text(client, text, overwrite=C_ID, version="soon")
    assert response.status_code == 400
    assert everything(app) == before


def test_the_second_step_keeps_the_file_s_name_for_the_history(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Kept")
    html = import_file(client, json.dumps(dashboard(id=C_ID)).encode(), "ops.json").text
    fields = confirmation_fields(html, "jd-import-overwrite")
    assert fields["filename"] == "ops.json"
    assert post(client, "/charts/import", fields).status_code == 302
    with app.app_context():
        assert get_db_handler().history(C_ID)[0].message == "Imported from the file ops.json"


def test_import_as_a_copy_leaves_the_existing_one(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Kept")
    html = import_text(client, json.dumps(dashboard(id=C_ID, name="Imported"))).text
    response = post(client, "/charts/import", confirmation_fields(html, "jd-import-copy"))
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert new_id != C_ID
    with app.app_context():
        assert get_db_handler().get(C_ID)["name"] == "Kept"
        assert get_db_handler().get(new_id)["name"] == "Imported"


def test_a_locked_dashboard_is_not_offered_for_overwriting(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Locked", editable=False)
    text = json.dumps(dashboard(id=C_ID, name="Imported"))
    html = import_text(client, text).text
    assert 'id="jd-import-overwrite"' not in html and 'id="jd-import-copy"' in html
    before = everything(app)
    response = import_text(client, text, overwrite=C_ID, version="0")
    assert response.status_code == 403 and "not editable" in response.text
    assert everything(app) == before


def test_someone_else_s_dashboard_without_edit_others(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Bob's", created_by="bob")
    app.config["JSONDASH"] = {
        "metadata": {"username": lambda: "alice", "created_by": lambda: "alice"},
        "auth": {"edit_others": lambda **kw: False},
    }
    text = json.dumps(dashboard(id=C_ID))
    assert 'id="jd-import-overwrite"' not in import_text(client, text).text
    before = everything(app)
    assert import_text(client, text, overwrite=C_ID, version="0").status_code == 403
    assert everything(app) == before


def test_a_hidden_dashboard_s_name_is_not_told(app, client, make_dashboard):
    make_dashboard(id=C_ID, name="Secret plans")
    app.config["JSONDASH"] = {"auth": {"view": lambda **kw: kw.get("view_id") != C_ID}}
    html = import_text(client, json.dumps(dashboard(id=C_ID))).text
    question = re.search(r'<section[^>]+id="jd-import-confirm".*?</section>', html, re.S).group(0)
    assert "Secret plans" not in question and "a dashboard you cannot see" in question
    assert 'id="jd-import-overwrite"' not in question
