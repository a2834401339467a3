"""A dashboard's page is rendered once and kept (views/pages.py, "Kept pages"): what a later
request gets must be the very page a render for it would give, for every user, permission,
switch and token, and anything the kept page cannot know must make it render again."""

from __future__ import annotations

import itertools
from contextlib import contextmanager

import pytest
from flask import Flask, g, template_rendered
from helpers import dashboard, make_app, module, post

from flask_jsondash.charts_builder import charts
from flask_jsondash.csrf import SESSION_KEY
from flask_jsondash.db import get_db_handler
from flask_jsondash.views import pages

DASH_ID = "kept-page-0001"


@contextmanager
def rendering_every_time(app):
    """While a template listener is connected, every page is rendered for its request."""

    def listener(*_args, **_kwargs):
        pass

    template_rendered.connect(listener, app)
    try:
        yield
    finally:
        template_rendered.disconnect(listener, app)


def hooked_app(tmp_path, answers, **config):
    """An app whose auth hooks and user name come from ``answers`` (changed by the test)."""
    app = make_app("sqlite", tmp_path, **config)

    def hook(name):
        return lambda **_kwargs: answers[name]

    app.config["JSONDASH"] = {
        "auth": {name: hook(name) for name in ("update", "clone", "delete", "edit_global")}
        | {"edit_others": hook("edit_others")},
        "metadata": {"username": lambda: answers["user"], "created_by": lambda: answers["user"]},
    }
    return app


def store(app, *docs):
    with app.app_context():
        get_db_handler().create_many([dict(doc) for doc in docs])


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def same_response(first, second):
    assert first.text == second.text
    for header in ("Set-Cookie", "Vary", "Content-Type", "Content-Security-Policy"):
        assert first.headers.get(header) == second.headers.get(header)


PERMISSIONS = [
    dict(zip(("update", "clone", "delete", "edit_global", "edit_others"), flags, strict=True))
    for flags in itertools.product([True, False], repeat=5)
]


@pytest.mark.parametrize("layout", ["freeform", "grid"])
def test_a_kept_page_is_the_page_a_render_gives_for_every_permission(tmp_path, layout):
    answers = {"user": "ann"}
    app = hooked_app(tmp_path, answers, JSONDASH_GLOBALDASH=True)
    modules = [module("g-1", width="col-6", row=1) if layout == "grid" else module("g-1")]
    store(
        app,
        dashboard(id=DASH_ID, layout=layout, modules=modules, created_by="bob", category="ops"),
        dashboard(id="kept-page-0002", created_by="ann", category="sales"),
    )
    client = app.test_client()
    for permissions, user, query in itertools.product(
        PERMISSIONS, ["ann", "bob"], ["", "?jsondash_demo_mode=1", "?embeddable=1"]
    ):
        answers.update(permissions, user=user)
        url = f"/charts/{DASH_ID}{query}"
        fetch(client, url)  # kept now, if it was not
        kept = fetch(client, url)
        with rendering_every_time(app):
            rendered = fetch(client, url)
        same_response(kept, rendered)


def test_a_kept_page_gives_each_session_its_own_token(tmp_path):
    app = make_app("sqlite", tmp_path)
    store(app, dashboard(id=DASH_ID))
    first, second = app.test_client(), app.test_client()
    page_one = fetch(first, f"/charts/{DASH_ID}")
    page_two = fetch(second, f"/charts/{DASH_ID}")
    tokens = []
    for client in (first, second):
        with client.session_transaction() as session:
            tokens.append(session[SESSION_KEY])
    assert tokens[0] != tokens[1]
    assert tokens[0] in page_one.text and tokens[1] not in page_one.text
    assert tokens[1] in page_two.text and tokens[0] not in page_two.text
    assert page_one.text.replace(tokens[0], "T") == page_two.text.replace(tokens[1], "T")
    assert "Set-Cookie" in page_one.headers  # the token went into the session
    with rendering_every_time(app):
        rendered = fetch(first, f"/charts/{DASH_ID}")
    same_response(fetch(first, f"/charts/{DASH_ID}"), rendered)


def test_a_page_without_forms_leaves_the_session_alone(tmp_path):
    answers = {"user": "ann", "update": False, "clone": False, "delete": False}
    answers |= {"edit_global": False, "edit_others": False}
    app = hooked_app(tmp_path, answers)
    store(app, dashboard(id=DASH_ID, created_by="bob"))
    for _ in range(2):
        response = fetch(app.test_client(), f"/charts/{DASH_ID}?jsondash_demo_mode=1")
        assert "Set-Cookie" not in response.headers
        assert 'name="csrf_token"' not in response.text


def test_a_token_that_html_would_escape_is_rendered_for_its_request(tmp_path, monkeypatch):
    app = make_app("sqlite", tmp_path)
    store(app, dashboard(id=DASH_ID))
    monkeypatch.setattr(pages, "generate_csrf_token", lambda: 'a<b>&"c')
    client = app.test_client()
    fetch(client, f"/charts/{DASH_ID}")
    page = fetch(client, f"/charts/{DASH_ID}").text
    assert 'a<b>&"c' not in page
    assert '"csrfToken": "a\\u003cb\\u003e\\u0026\\"c"' in page
    with rendering_every_time(app):
        assert fetch(client, f"/charts/{DASH_ID}").text == page


def test_flashed_messages_are_shown_once_then_the_kept_page_again(tmp_path):
    app = make_app("sqlite", tmp_path)
    store(app, dashboard(id=DASH_ID, name="Flashy"))
    client = app.test_client()
    plain = fetch(client, f"/charts/{DASH_ID}").text
    saved = post(client, f"/charts/{DASH_ID}/update", {"name": "Flashy"})
    assert saved.status_code == 302
    after_save = fetch(client, f"/charts/{DASH_ID}").text
    assert "Updated view" in after_save and "jd-flashes" in after_save
    again = fetch(client, f"/charts/{DASH_ID}").text
    assert "Updated view" not in again and "jd-flashes" not in again
    # The saved version is another page (its version); with the same token as before.
    assert again != plain and '"version": 1' in again


def test_a_changed_answer_of_a_hook_changes_the_page_at_once(tmp_path):
    answers = {"user": "ann", "update": True, "clone": True, "delete": True}
    answers |= {"edit_global": True, "edit_others": True}
    app = hooked_app(tmp_path, answers)
    store(app, dashboard(id=DASH_ID, created_by="ann"))
    client = app.test_client()
    assert 'id="jd-edit-toggle"' in fetch(client, f"/charts/{DASH_ID}").text
    answers["update"] = False
    assert 'id="jd-edit-toggle"' not in fetch(client, f"/charts/{DASH_ID}").text
    answers["update"] = True
    assert 'id="jd-edit-toggle"' in fetch(client, f"/charts/{DASH_ID}").text


def test_a_changed_setting_or_category_changes_the_page_at_once(tmp_path):
    app = make_app("sqlite", tmp_path)
    store(app, dashboard(id=DASH_ID, category="ops"))
    client = app.test_client()
    assert '"trustedHtml": false' in fetch(client, f"/charts/{DASH_ID}").text
    app.config["JSONDASH_TRUSTED_HTML"] = True
    assert '"trustedHtml": true' in fetch(client, f"/charts/{DASH_ID}").text
    # The settings dialog offers the categories in use: a new one shows at once.
    assert "brand-new-category" not in fetch(client, f"/charts/{DASH_ID}").text
    store(app, dashboard(id="kept-page-0002", category="brand-new-category"))
    assert "brand-new-category" in fetch(client, f"/charts/{DASH_ID}").text


def test_a_hosts_own_layout_is_rendered_for_every_request(tmp_path):
    layouts = tmp_path / "templates" / "layouts"
    layouts.mkdir(parents=True)
    (layouts / "base.html").write_text(
        "<html><body>visit {{ visit }} of {{ request.args.get('who', 'nobody') }}"
        "{% block jsondash_body %}{% endblock %}</body></html>"
    )
    app = Flask("host", template_folder=str(tmp_path / "templates"))
    app.config.update(
        SECRET_KEY="s", CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=str(tmp_path / "d.sqlite3")
    )
    app.register_blueprint(charts)
    visits = itertools.count(1)

    @app.before_request
    def count_visit():
        g.visit = next(visits)

    @app.context_processor
    def visit():
        return {"visit": g.get("visit")}

    store(app, dashboard(id=DASH_ID))
    client = app.test_client()
    assert "visit 1 of nobody" in fetch(client, f"/charts/{DASH_ID}").text
    assert "visit 2 of ann" in fetch(client, f"/charts/{DASH_ID}?who=ann").text
    assert "visit 3 of ann" in fetch(client, f"/charts/{DASH_ID}?who=ann").text


def page_renders(monkeypatch):
    """The names of the templates pages.py renders, as they are rendered."""
    rendered: list[str] = []
    render = pages.render_template

    def counting(name, **context):
        rendered.append(name)
        return render(name, **context)

    monkeypatch.setattr(pages, "render_template", counting)
    return rendered


def test_a_page_is_rendered_once_then_kept(tmp_path, monkeypatch):
    rendered = page_renders(monkeypatch)
    app = make_app("sqlite", tmp_path)
    store(app, dashboard(id=DASH_ID))
    for client in (app.test_client(), app.test_client(), app.test_client()):
        fetch(client, f"/charts/{DASH_ID}")
    assert rendered.count("jsondash/pages/chart_detail.html") == 1


@pytest.mark.parametrize("config", [{"DEBUG": True}, {"TEMPLATES_AUTO_RELOAD": True}])
def test_pages_are_not_kept_in_debug_mode_or_with_template_auto_reload(
    tmp_path, monkeypatch, config
):
    rendered = page_renders(monkeypatch)
    app = make_app("sqlite", tmp_path, **config)
    store(app, dashboard(id=DASH_ID))
    client = app.test_client()
    for _ in range(3):
        fetch(client, f"/charts/{DASH_ID}")
    assert rendered.count("jsondash/pages/chart_detail.html") == 3


#: What the page's templates read, each covered by the kept page's key (views/pages.py,
#: _page_key): the stored version, the auth hooks' answers (_Access), the categories, the
#: settings and the URL root. A template that reads anything else (the request, the session,
#: the user) would be kept with one request's answer and shown to others.
PAGE_VARIABLES = {
    "assets",
    "assets_problem",
    "can_clone",
    "can_delete",
    "can_edit",
    "config_json",
    "csrf_field",
    "demo_mode",
    "editing",
    "editor",
    "editor_assets",
    "early_sources",  # from the stored version alone
    "editor_html",
    "embeddable",
    "export_url",
    "guarded_scripts",
    "id",
    "is_global",
    "jsondash_static",
    "later",  # the template's own namespace
    "layout",
    "page_families",
    "problems",
    "problems_title",  # shown with problems only, and a page with problems is not kept
    "provisioned",
    "provisioned_editable",
    "raw_config",
    "renderers",
    "stored_problems",
    "trusted_html",
    "vendor_root",
    "view",
    "widgets",
}


def test_the_page_reads_only_what_the_kept_pages_key_covers(tmp_path):
    from jinja2 import meta

    app = make_app("sqlite", tmp_path)
    env = app.jinja_env
    read = set()
    with app.app_context():
        for name in pages.PAGE_TEMPLATES:
            source = env.loader.get_source(env, name)[0]
            read |= meta.find_undeclared_variables(env.parse(source))
    unexpected = read - PAGE_VARIABLES
    assert not unexpected, (
        f"the dashboard page now reads {sorted(unexpected)}: make sure the kept page's key "
        "(views/pages.py, _page_key) covers what they depend on, then add them here"
    )
