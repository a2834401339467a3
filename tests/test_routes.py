"""Every route of the blueprint through the Flask test client, on every storage adapter."""

from __future__ import annotations

import html
import json
import re
import uuid

import pytest
from helpers import as_json, dashboard, module, post, stored


def widget_guids(html: str) -> list[str]:
    return re.findall(r'class="widget[^"]*"\s+id="[^"]*"\s+data-guid="([^"]+)"', html)


def embedded_config(html: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="jsondash-config">(.*?)</script>', html, re.S
    )
    assert match, "the dashboard config is embedded in the page"
    return json.loads(match.group(1))


# Index -----------------------------------------------------------------------------------


def test_index_with_no_dashboards_says_so(client):
    response = client.get("/charts/")
    assert response.status_code == 200
    # The original's words, then ours.
    assert "No dashboards exist. Create one below to get started." in response.text
    assert 'data-count="dashboards">0<' in response.text


def test_index_url_is_the_originals_and_charts_redirects_to_it(client):
    """The original: url_for("jsondash.dashboard") is /charts/, and /charts redirects there."""
    from flask import url_for

    with client.application.test_request_context():
        assert url_for("jsondash.dashboard") == "/charts/"
    response = client.get("/charts")
    assert response.status_code in (301, 308)
    assert response.headers["Location"].endswith("/charts/")
    assert "You should be redirected automatically" in response.text


def test_pages_are_html(client, make_dashboard):
    doc = make_dashboard()
    for url in ("/charts/", f"/charts/{doc['id']}", "/charts/?page=99"):
        response = client.get(url)
        assert response.mimetype == "text/html", url
        assert response.headers["Content-Type"].endswith("charset=utf-8")


def test_index_groups_by_category_sorted_by_name(client, make_dashboard):
    make_dashboard(name="Zebra", category="Animals")
    make_dashboard(name="aardvark", category="Animals")
    make_dashboard(name="Oak", category="Trees")
    html = client.get("/charts/").text
    assert html.index('data-category="Animals"') < html.index('data-category="Trees"')
    animals = html[html.index('data-category="Animals"') : html.index('data-category="Trees"')]
    assert animals.index("aardvark") < animals.index("Zebra")


def test_index_counts_dashboards_and_modules(client, make_dashboard):
    make_dashboard(modules=[module("a-1-1-1-1"), module("a-2-2-2-2")])
    make_dashboard(modules=[module("b-1-1-1-1")])
    html = client.get("/charts/").text
    assert 'data-count="dashboards">2<' in html
    assert 'data-count="modules">3<' in html
    assert sorted(re.findall(r'data-modules="(\d+)"', html)) == ["1", "2"]


def test_dashboards_without_category_are_listed_as_uncategorized(client, make_dashboard):
    make_dashboard(name="Loose", category=None)
    assert 'data-category="uncategorized"' in client.get("/charts/").text


def test_index_pages_with_page_and_per_page(client, make_dashboard):
    for i in range(5):
        make_dashboard(name=f"dash {i}", category="c")
    first = client.get("/charts/?per_page=2").text
    assert "dash 0" in first and "dash 1" in first and "dash 2" not in first
    third = client.get("/charts/?per_page=2&page=3").text
    assert "dash 4" in third and "dash 3" not in third
    assert 'aria-current="page">3<' in third
    assert 'rel="prev"' in third and 'rel="next"' not in third


def test_per_page_setting_and_its_readme_alias(backend, tmp_path):
    from helpers import make_app

    for key in ("JSONDASH_PERPAGE", "JSONDASH_MAX_PERPAGE"):
        app = make_app(backend, tmp_path / key, **{key: 2})
        with app.app_context():
            from flask_jsondash.db import get_db_handler

            for name in ("one", "three", "two"):
                get_db_handler().create(dashboard(name=name, category="c"))
        html = app.test_client().get("/charts/").text
        assert "one" in html and "three" in html and "two" not in html, key
        # As in the original, fewer than 2 per page is taken as 2.
        app.config[key] = 1
        html = app.test_client().get("/charts/").text
        assert "three" in html and "two" not in html, key


@pytest.mark.parametrize(
    "query, status",
    [
        ("page=abc", 400),
        ("page=0", 400),
        ("page=-1", 400),
        ("page=1.5", 400),
        ("per_page=-5", 400),
        ("per_page=0", 400),
        ("per_page=abc", 400),
        ("per_page=100000", 400),
        ("page=99", 404),
    ],
)
def test_bad_paging_gets_a_clear_4xx(client, make_dashboard, query, status):
    make_dashboard()
    response = client.get(f"/charts/?{query}")
    assert response.status_code == status
    assert "Back to all dashboards" in response.text
    name = query.split("=")[0]
    assert name in response.text or "no page" in response.text


def test_names_are_escaped_on_the_index(client, make_dashboard):
    make_dashboard(name="<img src=x onerror=alert(1)>", category="<b>cat</b>")
    html = client.get("/charts/").text
    assert "<img src=x" not in html and "<b>cat</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# One dashboard ---------------------------------------------------------------------------


def test_view_renders_every_module_as_a_widget(client, make_dashboard):
    doc = make_dashboard(
        modules=[module("m-1-1-1-1", order=2), module("m-2-2-2-2", order=1, type="bar")]
    )
    response = client.get(f"/charts/{doc['id']}")
    assert response.status_code == 200
    assert widget_guids(response.text) == ["m-2-2-2-2", "m-1-1-1-1"]  # by order
    assert 'data-status="loading"' in response.text
    assert embedded_config(response.text)["modules"] == doc["modules"]


def test_view_lays_out_grid_rows(client, make_dashboard):
    doc = make_dashboard(
        layout="grid",
        modules=[
            module("g-2-2-2-2", width="col-6", row=2),
            module("g-1-1-1-1", width="col-12", row=1),
        ],
    )
    html = client.get(f"/charts/{doc['id']}").text
    assert html.index('data-row="1"') < html.index('data-row="2"')
    assert "jd-col-12" in html and "jd-col-6" in html
    assert widget_guids(html) == ["g-1-1-1-1", "g-2-2-2-2"]


def test_view_unknown_id_redirects_to_the_index_with_the_originals_message(client):
    """The original: flash "Could not find view: <id>" and redirect to the index."""
    response = client.get("/charts/does-not-exist")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/charts/")
    page = client.get("/charts/")
    assert "Error: Could not find view: does-not-exist" in page.text
    assert 'class="alert alert-danger' in page.text


def test_unknown_id_is_a_404_for_json_clients(client):
    response = client.get("/charts/does-not-exist", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "There is no dashboard with id" in response.get_json()["message"]


def test_view_loads_only_the_assets_of_families_used(client, make_dashboard):
    doc = make_dashboard(modules=[module()])
    html = client.get(f"/charts/{doc['id']}").text
    # What the page loads (the editor's settings also list what it could load later).
    loaded = re.findall(r'<script src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', html)
    # Their plain URLs (pages link /jsondash/v/<digest>/<path>: see test_caching.py).
    urls = [re.sub(r"^/jsondash/v/\w+/", "/jsondash/", s or css) for s, css in loaded]
    assert "/jsondash/vendor/c3/c3.min.js" in urls
    assert "/jsondash/vendor/c3/c3.min.css" in urls
    assert "/jsondash/vendor/d3/dist/d3.min.js" in urls  # C3's dependency
    assert urls.index("/jsondash/vendor/d3/dist/d3.min.js") < urls.index(
        "/jsondash/vendor/c3/c3.min.js"
    )
    assert len(urls) == len(set(urls))
    assert not [u for u in urls if "plotly" in u or "cytoscape" in u or "renderers/d3" in u]


def test_view_escapes_module_names_and_embeds_config_safely(client, make_dashboard):
    evil = "</script><script>alert(1)</script>"
    doc = make_dashboard(name=evil, modules=[module(name=evil)])
    html = client.get(f"/charts/{doc['id']}").text
    assert "<script>alert(1)" not in html
    assert embedded_config(html)["name"] == evil


def test_view_of_a_broken_legacy_document_still_renders(client, app):
    from flask_jsondash.db import get_db_handler

    doc = {"id": str(uuid.uuid4()), "name": "legacy", "modules": "not a list"}
    with app.app_context():
        get_db_handler().create(doc)
    response = client.get(f"/charts/{doc['id']}")
    assert response.status_code == 200
    assert "stored config has" in response.text
    assert "This dashboard has no charts yet." in response.text


@pytest.mark.parametrize("flag", ["jsondash_demo_mode", "embeddable"])
def test_mode_flags_reach_the_page(client, make_dashboard, flag):
    doc = make_dashboard()
    normal = client.get(f"/charts/{doc['id']}").text
    flagged = client.get(f"/charts/{doc['id']}?{flag}=1").text
    assert 'class="jd-back btn"' in normal and "Edit raw JSON" in normal
    assert 'class="jd-back btn"' not in flagged and "Edit raw JSON" not in flagged
    css_class = "jd-demo-mode" if flag == "jsondash_demo_mode" else "jd-embeddable"
    assert css_class in flagged and css_class not in normal
    if flag == "embeddable":
        assert "<h1" not in flagged


# Create ----------------------------------------------------------------------------------


def test_create_from_the_form(client, app):
    modules = [module("c-1-1-1-1", width="col-6", row=1), module("c-2-2-2-2", width="col-6", row=1)]
    form = {"name": "New board", "mode": "grid", "category": "Ops"}
    form.update({f"module_{m['guid']}": json.dumps(m) for m in modules})
    response = post(client, "/charts/create", form)
    assert response.status_code == 302
    c_id = response.headers["Location"].rsplit("/", 1)[-1]
    uuid.UUID(c_id)
    doc = stored(app, c_id)
    assert doc["name"] == "New board" and doc["layout"] == "grid" and doc["category"] == "Ops"
    assert doc["modules"] == modules
    assert doc["date"]
    page = client.get(response.headers["Location"])
    assert 'Created new dashboard "New board"' in html.unescape(page.text)  # the original's words


def test_create_defaults_to_grid_and_accepts_a_new_category(client, app):
    response = post(client, "/charts/create", {"name": "x", "category_new": "Fresh"})
    doc = stored(app, response.headers["Location"].rsplit("/", 1)[-1])
    assert doc["layout"] == "grid" and doc["category"] == "Fresh" and doc["modules"] == []


def test_create_fills_in_a_missing_family_from_the_type(client, app):
    mod = module()
    del mod["family"]
    response = post(
        client, "/charts/create", {"name": "x", "mode": "freeform", "module_a": json.dumps(mod)}
    )
    doc = stored(app, response.headers["Location"].rsplit("/", 1)[-1])
    assert doc["modules"][0]["family"] == "C3"


@pytest.mark.parametrize(
    "form, message",
    [
        ({}, "give the dashboard a name"),
        ({"name": "   "}, "give the dashboard a name"),
        ({"name": "x", "mode": "pyramid"}, "must be one of: freeform, grid"),
        ({"name": "x", "module_a": "{broken"}, "module_a"),
        ({"name": "x", "module_a": "[1, 2]"}, "must be a JSON object"),
        (
            {"name": "x", "mode": "freeform", "module_a": as_json(module(width=None))},
            "missing 'width'",
        ),
        (
            {"name": "x", "mode": "grid", "module_a": as_json(module(width="col-6"))},
            "Cannot use grid layout without specifying row(s)!",
        ),
        (
            {"name": "x", "mode": "grid", "module_a": as_json(module(width=300, row=1))},
            "col-1 ... col-12",
        ),
    ],
)
def test_create_with_bad_input_is_400_and_stores_nothing(client, store, form, message):
    response = post(client, "/charts/create", form)
    assert response.status_code == 400
    assert "The dashboard was not created" in response.text
    assert message in response.text.replace("&#39;", "'")
    assert store.count() == 0


def test_create_accepts_a_module_the_original_accepted_and_the_page_says_what_is_wrong(client, app):
    """The original stored form posts unchecked: a module with an unknown type (or none at all)
    is stored, and its widget says it cannot be drawn, instead of the save being refused."""
    mod = module(type="piechart", name=1)
    del mod["guid"], mod["family"]
    response = post(
        client, "/charts/create", {"name": "x", "mode": "freeform", "module_a": as_json(mod)}
    )
    assert response.status_code == 302
    doc = stored(app, response.headers["Location"].rsplit("/", 1)[-1])
    (saved,) = doc["modules"]
    uuid.UUID(saved["guid"])  # a module posted without a guid gets one
    page = client.get(response.headers["Location"]).text
    assert "modules[0].type" in page  # shown to the editor as a problem of the stored config


def test_create_keeps_what_the_user_typed_after_an_error(client):
    response = post(client, "/charts/create", {"name": "Keep me", "mode": "pyramid"})
    assert 'value="Keep me"' in response.text


# Update ----------------------------------------------------------------------------------


def test_update_from_the_form_replaces_modules_and_keeps_other_keys(client, app, make_dashboard):
    doc = make_dashboard(category="Reports", created_by="alice", extra="kept")
    new_module = module("u-1-1-1-1", name="Replaced", type="bar")
    response = post(
        client,
        f"/charts/{doc['id']}/update",
        {"name": "Renamed", "module_u-1-1-1-1": json.dumps(new_module)},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/charts/{doc['id']}")
    saved = stored(app, doc["id"])
    assert saved["name"] == "Renamed"
    assert saved["modules"] == [new_module]
    assert saved["category"] == "Reports" and saved["extra"] == "kept"
    assert saved["created_by"] == "alice"
    assert saved["date"] != doc["date"]


def test_update_raw_json_replaces_the_config(client, app, make_dashboard):
    doc = make_dashboard(created_by="alice")
    raw = dashboard(
        id="attempt-to-change-the-id",
        name="Raw",
        layout="grid",
        created_by="mallory",
        modules=[module("r-1-1-1-1", width="col-4", row=1)],
    )
    response = post(
        client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": json.dumps(raw)}
    )
    assert response.status_code == 302
    saved = stored(app, doc["id"])
    assert saved["name"] == "Raw" and saved["layout"] == "grid"
    assert saved["modules"] == raw["modules"]
    assert saved["id"] == doc["id"]
    assert saved["created_by"] == "alice"
    assert stored(app, "attempt-to-change-the-id") is None


@pytest.mark.parametrize(
    "config, shown",
    [
        ("{not json", "is not valid JSON"),
        ("", "is empty"),
        ("[]", "must be a JSON object"),
        (json.dumps({"name": "x"}), "missing required key &#39;modules&#39;"),
        (
            json.dumps(dashboard(modules=[module(width="col-4")])),
            "modules[0].width",
        ),
        (
            json.dumps(dashboard(layout="grid", modules=[module(width="col-4", row=2)])),
            "grid rows must run 1, 2, 3",
        ),
    ],
)
def test_update_raw_with_errors_is_400_and_changes_nothing(
    client, app, make_dashboard, config, shown
):
    doc = make_dashboard()
    response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on", "config": config})
    assert response.status_code == 400
    assert shown in response.text
    assert stored(app, doc["id"]) == doc
    # The submitted text is still there to fix, not lost.
    if config:
        assert "jd-raw-config" in response.text
        textarea = re.search(
            r'<textarea id="jd-raw-config"[^>]*>(.*?)</textarea>', response.text, re.S
        )
        import html as html_lib

        assert html_lib.unescape(textarea.group(1)).strip() == config.strip()


def test_update_raw_without_config_field_is_400(client, app, make_dashboard):
    doc = make_dashboard()
    response = post(client, f"/charts/{doc['id']}/update", {"edit-raw": "on"})
    assert response.status_code == 400
    assert stored(app, doc["id"]) == doc


def test_update_form_with_bad_module_is_400_and_keeps_the_input(client, app, make_dashboard):
    doc = make_dashboard()
    response = post(
        client,
        f"/charts/{doc['id']}/update",
        {"name": "x", "module_z": as_json(module(height="tall"))},
    )
    assert response.status_code == 400
    assert "modules[0].height" in response.text
    assert "tall" in response.text
    assert stored(app, doc["id"]) == doc


def test_update_unknown_id_redirects_with_the_originals_message(client, store):
    response = post(client, "/charts/nope/update", {"name": "x"})
    assert response.status_code == 302
    assert "Could not find view: nope" in client.get("/charts/").text
    json_client = post(
        client, "/charts/nope/update", {"name": "x"}, headers={"Accept": "application/json"}
    )
    assert json_client.status_code == 404
    assert store.count() == 0


# Clone and delete ------------------------------------------------------------------------


def test_clone(client, app, store, make_dashboard):
    doc = make_dashboard(name="Original", layout="freeform", category="Reports")
    response = post(client, f"/charts/{doc['id']}/clone")
    assert response.status_code == 302
    new_id = response.headers["Location"].rsplit("/", 1)[-1]
    assert new_id != doc["id"]
    copy = stored(app, new_id)
    assert copy["name"] == "Clone of Original"
    assert copy["category"] == "Reports"
    # The same widgets, each with a guid of its own (the copy's widgets are not the original's).
    strip = [{k: v for k, v in m.items() if k != "guid"} for m in doc["modules"]]
    assert [{k: v for k, v in m.items() if k != "guid"} for m in copy["modules"]] == strip
    guids = {m["guid"] for m in doc["modules"]}
    assert len({m["guid"] for m in copy["modules"]}) == len(doc["modules"]) > 0
    assert not guids & {m["guid"] for m in copy["modules"]}
    assert stored(app, doc["id"]) == doc
    assert store.count() == 2


def test_clone_unknown_id_redirects_with_the_originals_message(client, store):
    assert post(client, "/charts/nope/clone").status_code == 302
    assert "Could not find view: nope" in client.get("/charts/").text
    assert store.count() == 0


def test_delete(client, app, make_dashboard):
    doc, other = make_dashboard(), make_dashboard()
    response = post(client, f"/charts/{doc['id']}/delete")
    assert response.status_code == 302
    assert response.headers["Location"].rstrip("/").endswith("/charts")
    assert stored(app, doc["id"]) is None
    assert stored(app, other["id"]) == other


def test_delete_unknown_id_redirects_with_the_originals_message(client, make_dashboard, store):
    make_dashboard()
    assert post(client, "/charts/nope/delete").status_code == 302
    assert "Could not find view: nope" in client.get("/charts/").text
    assert store.count() == 1


@pytest.mark.parametrize(
    "url", ["/charts/create", "/charts/x/update", "/charts/x/clone", "/charts/x/delete"]
)
def test_state_changing_routes_refuse_get(client, store, url):
    # /charts/create reads as a dashboard id on GET: "Could not find view: create", as in the
    # original.
    assert client.get(url).status_code in (302, 405)
    assert store.count() == 0


# Static files and schema -----------------------------------------------------------------


def test_static_files_are_served(client):
    response = client.get("/jsondash/css/app.css")
    assert response.status_code == 200 and ".jsondash" in response.text


@pytest.mark.parametrize(
    "path", ["/jsondash/../settings.py", "/jsondash/nope.js", "/jsondash/%2e%2e/db.py"]
)
def test_static_files_outside_the_folder_are_404(client, path):
    assert client.get(path).status_code == 404


def test_schema_is_served_as_json_schema(client):
    response = client.get("/jsondash/api/schema.json")
    assert response.status_code == 200
    assert response.mimetype == "application/schema+json"
    schema = response.get_json()
    assert schema["$schema"].startswith("https://json-schema.org/draft/2020-12")
    assert "plotly-any" in json.dumps(schema)
