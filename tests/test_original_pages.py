"""The original flask_jsondash's pages, kept: its flash messages word for word, its index
texts, and its markup hooks beside ours, so host stylesheets and scripts keep working. Each
test names the original behaviour it protects."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from helpers import dashboard, make_app, module, post, stored


@pytest.fixture
def backend():
    return "sqlite"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(page: BeautifulSoup, selector: str) -> str:
    return " ".join(" ".join(el.get_text(" ").split()) for el in page.select(selector))


def form_module(**overrides) -> str:
    """A module as the original's form posted it: no guid, no family needed."""
    return json.dumps(
        {"name": "somechart", "width": 1, "height": 1, "dataSource": "...", **overrides}
    )


# Flash messages ------------------------------------------------------------------------------


def test_create_clone_update_delete_flash_the_originals_words(client, app):
    created = post(client, "/charts/create", {"name": "mydash"}, follow_redirects=True)
    assert text_of(soup(created), ".alert-info") == 'Created new dashboard "mydash"'
    c_id = created.request.path.rsplit("/", 1)[-1]
    cloned = post(client, f"/charts/{c_id}/clone", follow_redirects=True)
    assert text_of(soup(cloned), ".alert-info") == 'Created new dashboard clone "Clone of mydash"'
    updated = post(
        client, f"/charts/{c_id}/update", {"name": "x", "mode": "grid"}, follow_redirects=True
    )
    assert text_of(soup(updated), ".alert-info") == f'Updated view "{c_id}"'
    deleted = post(client, f"/charts/{c_id}/delete", follow_redirects=True)
    assert text_of(soup(deleted), ".alert-info") == f'Deleted dashboard "{c_id}"'
    assert stored(app, c_id) is None


def test_an_unknown_id_flashes_could_not_find_view_and_goes_to_the_index(client):
    for method, url in [
        ("get", "/charts/123"),
        ("post", "/charts/123/update"),
        ("post", "/charts/123/clone"),
        ("post", "/charts/123/delete"),
    ]:
        if method == "get":
            response = client.get(url)
        else:
            response = post(client, url, {"name": "x"})
        assert response.status_code == 302 and response.headers["Location"].endswith("/charts/")
        assert "You should be redirected automatically" in response.get_data(as_text=True)
        page = soup(client.get("/charts/"))
        assert "Error: Could not find view: 123" in text_of(page, ".alert-danger p.flash")


def test_a_stored_dashboard_without_modules_says_so(client, app):
    with app.app_context():
        from flask_jsondash.db import get_db_handler

        get_db_handler().insert({"id": "no-modules", "name": "x"})
    page = soup(client.get("/charts/no-modules", follow_redirects=True))
    assert "Invalid configuration - missing modules." in text_of(page, ".alert-danger")


def test_raw_json_errors_are_said_the_originals_way(client, make_dashboard):
    doc = make_dashboard()
    empty = soup(post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on"}))
    assert "Error: Invalid JSON config." in text_of(empty, ".alert-danger")
    bad = {**doc, "modules": [{k: v for k, v in module().items() if k != "type"}]}
    page = soup(
        post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": json.dumps(bad)})
    )
    flashed = text_of(page, ".alert-danger")
    assert "{'type': ['required field']" in flashed
    assert "modules[0]" in page.get_text()  # then ours, with the JSON path


def test_switching_to_grid_without_rows_is_refused_in_the_originals_words(client, app):
    created = post(
        client,
        "/charts/create",
        {"name": "f", "mode": "freeform", "module_a": form_module(), "module_b": form_module()},
    )
    c_id = created.headers["Location"].rsplit("/", 1)[-1]
    page = soup(
        post(
            client,
            f"/charts/{c_id}/update",
            {"name": "f", "mode": "grid", "module_a": form_module(), "module_b": form_module()},
        )
    )
    assert (
        "Cannot use grid layout without specifying row(s)! Edit JSON manually to override this."
        in text_of(page, ".alert-danger")
    )
    assert stored(app, c_id)["layout"] == "freeform"


# The index -----------------------------------------------------------------------------------


def test_index_texts_of_the_original(client):
    empty = soup(client.get("/charts/"))
    assert "No dashboards exist. Create one below to get started." in empty.get_text()
    for name in range(3):
        post(client, "/charts/create", {"name": str(name)})
    page = soup(client.get("/charts/"))
    assert "Showing 3 dashboards with 0 charts." in text_of(page, "h1.lead")
    assert text_of(page, "p > small") == "Not filtering any dashboards."


def test_index_says_when_it_shows_only_yours_and_the_global_ones(tmp_path):
    app = make_app(
        "sqlite",
        tmp_path,
        JSONDASH_FILTERUSERS=True,
        JSONDASH_GLOBALDASH=True,
        JSONDASH={"metadata": {"username": lambda: "ann", "created_by": lambda: "ann"}},
    )
    client = app.test_client()
    post(client, "/charts/create", {"name": "mine"})
    note = text_of(soup(client.get("/charts/")), "p > small")
    assert note == "Only showing your dashboards (ann) and all global dashboards"


def test_paginator_markup_and_status_of_the_original(tmp_path):
    app = make_app("sqlite", tmp_path)
    client = app.test_client()
    with app.app_context():
        from flask_jsondash.db import get_db_handler

        get_db_handler().create_many([dashboard(name=f"d{i:03d}") for i in range(100)])
    for page_number, status in [(1, "0-25"), (2, "25-50"), (4, "75-100")]:
        page = soup(client.get(f"/charts/?page={page_number}"))
        assert text_of(page, ".paginator-status") == f"Showing {status} of 100 results"
        assert text_of(page, ".pagination li.active") == str(page_number)
    few = soup(client.get("/charts/?per_page=50&page=1"))
    # Pages 1 and 2 and "Next": what is not the current page.
    assert len(few.select(".pagination li:not(.active)")) == 2
    assert not soup(client.get("/charts/?per_page=100")).select(".pagination")


# A dashboard page ----------------------------------------------------------------------------


def test_dashboard_page_hooks_of_the_original(client, make_dashboard):
    doc = make_dashboard(name="Hooks", modules=[module("a-1-1-1-1"), module("b-1-1-1-1")])
    page = soup(client.get(f"/charts/{doc['id']}"))
    assert text_of(page, ".dashboard-title") == "Hooks"
    assert text_of(page, ".chart-header small > .btn") == "Back"
    assert page.select(".chart-header .dropdown-toggle")
    assert len(page.select("#container .item.widget")) == 2
    assert len(page.select(".item.widget .widget-title-text")) == 2
    demo = soup(client.get(f"/charts/{doc['id']}?jsondash_demo_mode=1"))
    assert not demo.select(".chart-header small .btn")
    assert not demo.select(".chart-header .dropdown-toggle")


def test_grid_hooks_of_the_original(client):
    created = post(
        client,
        "/charts/create",
        {
            "name": "grid",
            "mode": "grid",
            "module_a": form_module(width="col-12", row=1),
            "module_b": form_module(width="col-5", row=2),
            "module_c": form_module(width=4, row=2),  # a plain number of columns, as the original
            "module_d": form_module(width="col-6", row=3),
        },
    )
    page = soup(client.get(created.headers["Location"]))
    container = page.select_one("#container")
    assert len(container.select(".grid-row")) == 3
    assert [len(container.select(f".grid-row .col-md-{n}")) for n in (12, 5, 4, 6)] == [1] * 4
    assert len(container.select(".add-new-row-container")) == 2  # above and below, to edit
    freeform = post(client, "/charts/create", {"name": "f", "mode": "freeform"})
    page = soup(client.get(freeform.headers["Location"]))
    assert not page.select("#container .grid-row")
    assert not page.select(".add-new-row-container")


def test_inputs_form_is_rendered_on_the_server_as_the_original(client, make_dashboard):
    options = [
        {"type": "checkbox", "name": "show", "default": True, "label": "Show?"},
        {"type": "radio", "name": "start", "options": [[0, 0], [10, 10], [20, 20]], "default": 10},
        {"type": "select", "name": "range", "options": [[5, "Five"], [10, "Ten"]], "default": 10},
        {"type": "text", "name": "prefix", "default": "item #"},
        {"type": "number", "name": "entries", "placeholder": "e.g. 10"},
    ]
    mod = module(inputs={"submit_text": "Go", "btn_classes": ["btn"], "options": options})
    doc = make_dashboard(modules=[mod, module("plain-1-1-1-1")])
    page = soup(client.get(f"/charts/{doc['id']}"))
    assert len(page.select(".charts-input-icon")) == 1
    (inputs,) = page.select(".chart-inputs")
    assert "collapse" in inputs["class"] and inputs.has_attr("hidden")
    assert len(inputs.select("form input")) == 1 + 3 + 1 + 1
    assert len(inputs.select("form .input-radio")) == 3
    assert [o["value"] for o in inputs.select("form select option")] == ["5", "10"]
    assert inputs.select_one("select option[selected]")["value"] == "10"
    assert inputs.select_one('input[type="radio"][checked]')["value"] == "10"
    assert inputs.select_one('input[type="checkbox"]').has_attr("checked")
    assert inputs.select_one('input[type="text"]')["value"] == "item #"
    assert inputs.select_one('input[type="number"]')["placeholder"] == "e.g. 10"
    assert inputs.select_one("button").get_text() == "Go"


def test_modules_the_original_accepted_are_stored_and_shown(client, app):
    """Form posts: no guid (one is made), no family (taken from the type), a number as name."""
    created = post(
        client,
        "/charts/create",
        {
            "name": "accepting",
            "mode": "freeform",
            "module_a": form_module(name=1, type="line", width=400, height=112),
            "module_b": form_module(width=300, height=112),
        },
    )
    doc = stored(app, created.headers["Location"].rsplit("/", 1)[-1])
    first, second = doc["modules"]
    assert first["family"] == "C3" and first["guid"] and second["guid"]
    page = soup(client.get(created.headers["Location"]))
    assert len(page.select("#container .item.widget")) == 2
    assert not page.select("#container .grid-row")


def test_a_module_that_cannot_be_laid_out_is_a_message_not_a_500(client, app):
    """The original's view raised ValueError('Invalid config!') (a 500) for a module without a
    width, height or dataSource; here that widget says so and the rest of the page shows."""
    with app.app_context():
        from flask_jsondash.db import get_db_handler

        get_db_handler().insert(
            {"id": "half", "name": "x", "modules": [{"foo": "bar"}, module("ok-1-1-1-1")]}
        )
    response = client.get("/charts/half")
    assert response.status_code == 200
    page = soup(response)
    broken = page.select(".widget[data-problem]")
    assert (
        len(broken) == 1 and "missing 'width', 'height', 'dataSource'" in broken[0]["data-problem"]
    )
