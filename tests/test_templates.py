"""Pages extend a host template, layouts/base.html, through the jsondash_* blocks."""

from __future__ import annotations

from flask import Flask
from helpers import dashboard

from flask_jsondash.charts_builder import charts
from flask_jsondash.db import get_db_handler

BLOCKS = (
    "jsondash_title",
    "jsondash_css",
    "jsondash_body",
    "jsondash_scripts",
    "jsondash_init",
    "jsondash_api_scripts",
)


def bare_app(tmp_path, template_folder=None) -> Flask:
    app = Flask("host", template_folder=template_folder, instance_path=str(tmp_path / "instance"))
    app.config.update(
        SECRET_KEY="s", CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(tmp_path / "d.sqlite3")
    )
    app.register_blueprint(charts)
    return app


def test_a_bare_flask_app_gets_working_pages_from_the_packaged_layout(tmp_path):
    app = bare_app(tmp_path)
    doc = dashboard()
    with app.app_context():
        get_db_handler().create(doc)
    client = app.test_client()
    index = client.get("/charts/")
    assert index.status_code == 200 and "jd-default-layout" in index.text
    page = client.get(f"/charts/{doc['id']}")
    assert page.status_code == 200
    assert "<title>Sales</title>" in page.text
    assert '/css/app.css"' in index.text  # at /jsondash/v/<digest>/css/app.css
    # A dashboard page has app.css with the dark theme's styles, as one file (assets.BUNDLES).
    assert '/css/dashboard.css"' in page.text


def test_the_host_apps_layout_wins_and_receives_every_block(tmp_path):
    templates = tmp_path / "templates" / "layouts"
    templates.mkdir(parents=True)
    marks = "\n".join(
        f"<!--{name}-->{{% block {name} %}}{{% endblock %}}<!--/{name}-->" for name in BLOCKS
    )
    (templates / "base.html").write_text(f"<html><body>HOST LAYOUT\n{marks}\n</body></html>")
    app = bare_app(tmp_path, template_folder=str(tmp_path / "templates"))
    doc = dashboard(name="Quarterly")
    with app.app_context():
        get_db_handler().create(doc)
    html = app.test_client().get(f"/charts/{doc['id']}").text
    assert "HOST LAYOUT" in html and "jd-default-layout" not in html

    def block(name):
        return html[html.index(f"<!--{name}-->") : html.index(f"<!--/{name}-->")]

    assert "Quarterly" in block("jsondash_title")
    assert "dashboard.css" in block("jsondash_css")
    assert 'id="jsondash-dashboard"' in block("jsondash_body")
    assert "<script" in block("jsondash_scripts")


def test_the_packaged_layout_defines_every_block():
    import os

    import flask_jsondash

    path = os.path.join(
        os.path.dirname(flask_jsondash.__file__), "templates", "layouts", "base.html"
    )
    with open(path) as handle:
        text = handle.read()
    for name in BLOCKS:
        assert f"{{% block {name} %}}" in text


def test_a_hosts_own_pages_do_not_replace_the_blueprints(tmp_path):
    """The blueprint's templates live under jsondash/: a host's pages/error.html is its own."""
    folder = tmp_path / "templates"
    (folder / "pages").mkdir(parents=True)
    for name in ("error.html", "chart_detail.html", "charts_index.html"):
        (folder / "pages" / name).write_text("the host's own page")
    app = bare_app(tmp_path, template_folder=str(folder))
    client = app.test_client()
    assert "the host's own page" not in client.get("/charts/").text
    assert "the host's own page" not in client.get("/charts/?page=abc").text  # the error page


def test_missing_chart_libraries_are_said_once_on_the_page_and_in_the_log(
    tmp_path, monkeypatch, caplog
):
    """A package installed without its libraries (pip install -e . without make vendor)."""
    from flask_jsondash import assets

    monkeypatch.setattr(assets, "STATIC_DIR", str(tmp_path / "no-static"))
    assets.missing_vendor_files.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            app = bare_app(tmp_path)
        assert "run `make vendor`" in caplog.text and "JSONDASH_CDN" in caplog.text
        doc = dashboard()
        with app.app_context():
            get_db_handler().create(doc)
        client = app.test_client()
        for url in ("/charts/", f"/charts/{doc['id']}"):
            page = client.get(url).text
            assert page.count('class="jd-alert jd-alert-error jd-assets-problem"') == 1, url
            assert "make vendor" in page
        app.config["JSONDASH_CDN"] = True  # loading them from the CDN needs no local files
        assert "jd-assets-problem" not in client.get("/charts/").text
    finally:
        monkeypatch.undo()
        assets.missing_vendor_files.cache_clear()
    assert "jd-assets-problem" not in bare_app(tmp_path / "ok").test_client().get("/charts/").text
