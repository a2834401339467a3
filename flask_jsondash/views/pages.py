"""The blueprint's pages: the index, a dashboard, and the forms that change dashboards.

Each route reads the request, calls the dashboard service (:mod:`flask_jsondash.dashboards`)
and turns its answer into a page or a redirect with the original's flash message (or JSON, for
the editor, which asks with ``Accept: application/json``).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Hashable, Mapping
from typing import Any, NamedTuple
from urllib.parse import quote

from flask import (
    Response,
    before_render_template,
    current_app,
    flash,
    get_flashed_messages,
    jsonify,
    redirect,
    render_template,
    request,
    template_rendered,
    url_for,
)
from jinja2 import TemplateNotFound
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from .. import dashboards
from ..assets import (
    get_active_assets,
    guarded_scripts,
    renderer_scripts,
    vendor_root,
)
from ..csrf import TOKEN_FIELD, generate_csrf_token
from ..dashboards import Conflict, InvalidRequest, NotEditable, NotFound, Refused, is_editable
from ..families import registry
from ..forms import module_fields, submission
from ..limits import JSONRefused, Limits, displayable, loads, shorten
from ..memo import Memo
from ..permissions import allowed, can_edit
from ..schema import (
    LAYOUTS,
    InvalidSchemaError,
    SchemaProblem,
    document_key,
    module_shape_problems,
    normalize,
    original_words,
    problems_of,
    registry_signature,
)
from ..settings import DEFAULT_CONFIG, EDITOR_LIBRARIES, LAYOUT_LIBRARIES, MAX_PER_PAGE
from ..state import state_of
from ..storage import DuplicateDashboard, version_of
from ..templating import jsonstring, widget_box
from ..utils import (
    PageOutOfRange,
    categorize_views,
    is_global_dashboard,
    setting,
    sort_modules,
)
from . import TEMPLATE_DIR, PageError, charts, error_page, flag, json_problem, wants_json


def _index_url() -> str:
    return url_for("jsondash.dashboard")


#: Titles of the error pages of refusals that answer with their own status (not a redirect).
_REFUSAL_TITLES = {
    400: "That cannot be done",
    403: "This dashboard cannot be changed",
    409: "The dashboard is busy",
    412: "The dashboard was changed by someone else",
}


def _refused(exc: Refused, c_id: str | None = None) -> BaseResponse:
    """Say no: flash and redirect for a page (the original's refusals), an error page with the
    status for this port's (a locked dashboard, a conflict, a bad value), the status with the
    reason for the editor."""
    if wants_json():
        extra = exc.as_dict() if isinstance(exc, Conflict) else {}
        return json_problem(exc.status, exc.message, **extra)
    if isinstance(exc, NotEditable | Conflict | InvalidRequest) or exc.status == 409:
        return error_page(exc.status, _REFUSAL_TITLES.get(exc.status, "Refused"), exc.message)
    flash(exc.message, "error")
    if exc.back_to == "view" and c_id is not None:
        return redirect(url_for("jsondash.view", c_id=c_id))
    return redirect(_index_url())


def _not_found(exc: NotFound) -> BaseResponse:
    """An unknown id: the original's flash and redirect to the index; 404 for the editor."""
    if wants_json():
        return json_problem(404, str(exc))
    flash(f"Could not find view: {shorten(exc.c_id)}", "error")
    return redirect(_index_url())


def _refusal(exc: Refused | NotFound, c_id: str | None = None) -> BaseResponse:
    """The answer to a page's request the service refused, or for an unknown dashboard."""
    return _not_found(exc) if isinstance(exc, NotFound) else _refused(exc, c_id)


def _refused_save(
    problems: list[SchemaProblem], render: Callable[[], BaseResponse]
) -> BaseResponse:
    """A refused save: 400 with every problem (the page lists them; the flash says it the
    original's way)."""
    count = len(problems)
    summary = f"The dashboard was not saved: {count} problem{'s' * (count != 1)}."
    if wants_json():
        return json_problem(400, summary, problems)
    # Shortened: flashes travel in the session cookie, which browsers drop beyond 4 KB.
    flash(shorten(original_words(problems) or summary, 400), "error")
    return render()


# The index -------------------------------------------------------------------------------------


def _positive_arg(name: str, upper: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    limit = f" and {upper}" if upper else ""
    if value is None or value < 1 or (upper is not None and value > upper):
        raise PageError(
            400,
            "That page cannot be shown",
            f"'{name}' must be a whole number between 1{limit or ' and up'}; got {raw!r}.",
        )
    return value


def _render_index(
    status: int = 200, form_errors: list | None = None, form: Any = None, **extra: Any
) -> BaseResponse:
    page = _positive_arg("page")
    per_page = _positive_arg("per_page", MAX_PER_PAGE)
    try:
        found = dashboards.listing(
            page, per_page, q=request.args.get("q"), tags=request.args.getlist("tag")
        )
    except PageOutOfRange as exc:
        raise PageError(404, "No such page", str(exc)) from None
    except InvalidRequest as exc:
        raise PageError(400, "That search cannot be made", exc.message) from None
    body = render_template(
        "jsondash/pages/charts_index.html",
        views=categorize_views(displayable(found.views)),
        total=len(found.views),
        total_modules=sum(v.get("num_modules", 0) for v in found.views),
        num_views=found.count,
        paginator=found.paginator,
        categories=found.categories,
        search_text=found.query or "",
        search_tags=list(found.tags),
        searching=found.searching,
        creating=True,
        can_create=allowed("create"),
        can_clone=allowed("clone"),
        can_delete=allowed("delete"),
        can_edit_global=allowed("edit_global"),
        form_errors=form_errors or [],
        form=form or {},
        layouts=LAYOUTS,
        # The import form's state (see import_dashboard): problems, the text, a question.
        **{
            "import_problems": [],
            "import_text": "",
            "import_confirm": None,
            "import_filename": "",
            **extra,
        },
    )
    return Response(body, status=status)


# "/charts" redirects here, as in the original.
@charts.route("/charts/", methods=["GET"])
def dashboard() -> BaseResponse:
    """The index: dashboards grouped by category, one page at a time."""
    return _render_index()


# A dashboard -----------------------------------------------------------------------------------


#: How many prepared dashboards (and editor family lists) each process keeps.
PREPARED_DASHBOARDS = 64
_prepared_views: Memo[_Prepared] = Memo(PREPARED_DASHBOARDS)
_editor_parts: Memo[Any] = Memo(PREPARED_DASHBOARDS)


def _app_key() -> tuple[Any, ...]:
    """What the editor's parts depend on besides their own inputs: the app, where it is
    mounted, and its families."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return (id(app), request.script_root, registry_signature())


def _family_assets(family: str) -> dict[str, list[str]]:
    assets = get_active_assets([family])
    return {"css": assets["css"], "js": [*assets["js"], *renderer_scripts([family])]}


def _editor_families() -> dict:
    """The families the editor offers, with the files each loads: the same for every page of
    an app (at one script root, with the same asset settings), so built once."""
    key = (
        "families",
        *_app_key(),
        repr(setting("JSONDASH")),
        setting("JSONDASH_CDN"),
        setting("JSONDASH_VERSIONED_ASSETS"),
    )
    return _editor_parts.get(
        key,
        lambda: {
            name: {
                "types": [list(chart) for chart in family["charts"]],
                "help": family.get("help_link"),
                "docs": family.get("docs", ""),
                "override": bool(family.get("override")),
                # Loaded when the editor adds the first chart of a family the page lacks.
                "assets": _family_assets(name),
            }
            for name, family in registry().items()
            if family.get("enabled", True)
        },
    )


def _editor_html(layout: str, categories: list[str], global_switch: bool) -> Markup:
    """The editor's toolbar, dialogs and widget template (partials/editor.html): the same for
    every dashboard of an app with this layout and these categories, so rendered once."""
    key = ("editor", *_app_key(), layout, tuple(categories), global_switch)
    return _editor_parts.get(
        key,
        lambda: Markup(
            render_template(
                "jsondash/partials/editor.html",
                layout=layout,
                categories=categories,
                editor={"globalSwitch": global_switch},
                widget_problems={},
                widget_box=widget_box,
            )
        ),
    )


def _editor_settings(
    c_id: str, view: Mapping[str, Any], global_switch: bool, csrf_token: str
) -> dict:
    """What the in-browser editor needs to know, embedded in the page as JSON."""
    return {
        "id": c_id,
        # Saves go through the JSON API, with the version the page shows: a stale one is
        # refused (412).
        "saveUrl": url_for("jsondash.api_save_dashboard"),
        "version": version_of(view),
        "versionsUrl": url_for("jsondash.api_list_versions", c_id=c_id),
        "restoreUrl": url_for("jsondash.api_restore_version", c_id=c_id),
        "validateUrl": url_for("jsondash.validate"),
        "csrfToken": csrf_token,
        "families": _editor_families(),
        "guardedScripts": guarded_scripts(),
        "globalSwitch": global_switch,
        "isGlobal": is_global_dashboard(view),
    }


def _editable_copy(view: Mapping[str, Any]) -> dict:
    """The parts of a stored dashboard a user edits as raw JSON."""
    return {k: v for k, v in view.items() if k not in ("_id", "unreadable")}


#: The types of this package's families whose dataSource is not fetched as data (the page
#: shows it, or it is embed code); js/sources.js has the same list.
NOT_FETCHED = {"Basic": {"iframe", "image", "youtube"}}
#: A page asks for at most this many data sources before its scripts run (js/sources.js
#: starts the rest): enough for what is on the first screen, not a queue that holds back the
#: libraries.
MAX_EARLY_SOURCES = 32


def early_sources(modules: list, widget_problems: Mapping[str, str]) -> list[str]:
    """The distinct http(s) or relative dataSource URLs of the widgets the page shows, in page
    order, that the browser may request as soon as it reads the page's head (``<link
    rel="preload">``): js/sources.js then asks for the same URLs and gets those answers.
    Templated ones ($env) wait for their variables; a URL that could end a tag is left out."""
    found: list[str] = []
    for module in modules:
        if not isinstance(module, Mapping) or str(module.get("guid")) in widget_problems:
            continue
        source, shown = module.get("dataSource"), NOT_FETCHED.get(str(module.get("family")), set())
        if not isinstance(source, str) or module.get("type") in shown:
            continue
        source = source.strip()
        scheme = source.split(":", 1)[0].lower() if ":" in source.split("/", 1)[0] else ""
        if (
            not source
            or scheme not in ("", "http", "https")
            or "$" in source
            or "[[" in source
            or any(c in source for c in '"<>` \t\r\n')
            or source in found
        ):
            continue
        found.append(source)
        if len(found) == MAX_EARLY_SOURCES:
            break
    return found


class _Prepared:
    """What a dashboard page shows of one stored dashboard, whoever looks at it: computed once
    per stored version and process (see :func:`_prepared`), not on every view."""

    def __init__(self, stored: Mapping[str, Any]) -> None:
        view = displayable(stored)  # stored before today's rules: no NaN or bad text in a page
        modules = view.get("modules") if isinstance(view.get("modules"), list) else []
        layout = str(view["layout"]) if view.get("layout") in LAYOUTS else "freeform"
        # What the original generated (a family from the type, missing guids) is filled in here.
        shown = normalize({**view, "modules": modules, "layout": layout})
        modules = shown["modules"]
        self.view = view
        self.shown = shown
        self.layout = layout
        self.families = [
            m["family"]
            for m in modules
            if isinstance(m, Mapping) and isinstance(m.get("family"), str)
        ]
        self.widget_problems = {
            str(module.get("guid")): "; ".join(p.message for p in found)
            for index, module in enumerate(modules)
            if isinstance(module, Mapping)
            and (found := module_shape_problems(module, index, layout))
        }
        self.modules = sort_modules(shown)
        # In page order (a grid's are rows of modules).
        in_order = [m for row in self.modules for m in (row if isinstance(row, list) else [row])]
        self.early_sources = early_sources(in_order, self.widget_problems)
        self.widgets = Markup(
            render_template(
                "jsondash/partials/widgets.html",
                layout=layout,
                modules=self.modules,
                widget_problems=self.widget_problems,
                widget_box=widget_box,
            )
        )
        self.config_json = htmlsafe_json_dumps(shown, dumps=current_app.json.dumps)
        self.raw_config = jsonstring(_editable_copy(view))
        self._stored_problems: list[SchemaProblem] | None = None

    def stored_problems(self) -> list[SchemaProblem]:
        """The stored dashboard's problems (shown to those who can fix them)."""
        if self._stored_problems is None:
            self._stored_problems = problems_of(normalize(self.view))
        return self._stored_problems


def _prepared(stored: Mapping[str, Any]) -> tuple[Hashable | None, _Prepared]:
    """The prepared page parts of a stored dashboard, remembered under a digest of its content
    (with the app and its families), so showing it again renders no widget twice; and that
    key (None for a document that has none: it is prepared every time)."""
    key = document_key(stored)
    if key is None:
        return None, _Prepared(stored)
    key = (*key, id(current_app._get_current_object()))  # type: ignore[attr-defined]
    return key, _prepared_views.get(key, lambda: _Prepared(stored))


class _Access(NamedTuple):
    """What the current user may do on a dashboard's page (the auth hooks' answers), and how
    the page was asked for (``?jsondash_demo_mode=1``, ``?embeddable=1``)."""

    may_edit: bool
    editable: bool
    editing: bool
    can_clone: bool
    can_delete: bool
    can_edit_global: bool
    global_switch: bool
    demo_mode: bool
    embeddable: bool
    provisioned_editable: bool


def _access(view: Mapping[str, Any], c_id: str) -> _Access:
    # "editable": false hides every editing control (and the routes refuse changes).
    may_edit = can_edit(view, c_id) and is_editable(view)
    editable = may_edit and allowed("update")
    demo_mode, embeddable = flag("jsondash_demo_mode"), flag("embeddable")
    can_edit_global = allowed("edit_global")
    return _Access(
        may_edit=may_edit,
        editable=editable,
        editing=editable and not demo_mode and not embeddable,
        can_clone=allowed("clone"),
        can_delete=allowed("delete") and may_edit,
        can_edit_global=can_edit_global,
        global_switch=bool(setting("JSONDASH_GLOBALDASH")) and can_edit_global,
        demo_mode=demo_mode,
        embeddable=embeddable,
        provisioned_editable=dashboards.ui_updates_allowed(view),
    )


def _view_context(
    c_id: str,
    page: _Prepared,
    access: _Access,
    categories: list[str],
    csrf_token: str,
    problems: list[SchemaProblem] | None = None,
    raw_config: str | None = None,
) -> dict[str, Any]:
    """What pages/chart_detail.html is rendered with."""
    view, layout, families, editing = page.view, page.layout, page.families, access.editing
    libraries = LAYOUT_LIBRARIES[layout]
    editor = _editor_settings(c_id, view, access.global_switch, csrf_token) if editing else None
    return {
        "id": c_id,
        "view": page.shown,
        "layout": layout,
        "modules": page.modules,
        "widgets": page.widgets,
        "config_json": page.config_json,
        "early_sources": page.early_sources,
        "widget_problems": page.widget_problems,
        "widget_box": widget_box,
        "assets": get_active_assets([*libraries, *families]),
        # The same with the editor's libraries (jQuery UI): loaded once the charts have started.
        "editor_assets": (
            get_active_assets([*libraries, *families, *EDITOR_LIBRARIES]) if editing else None
        ),
        # What each family's libraries define, for the runtime's check when the page loads.
        "page_families": {
            name: {"globals": entry.get("globals", []), "library": entry.get("library", name)}
            for name, entry in registry().items()
            if name in families
        },
        "renderers": renderer_scripts(families),
        "trusted_html": bool(setting("JSONDASH_TRUSTED_HTML")),
        "guarded_scripts": guarded_scripts(),
        "vendor_root": vendor_root(),
        "can_edit": access.editable,
        "editing": editing,
        "editor": editor,
        "editor_html": (_editor_html(layout, categories, access.global_switch) if editor else None),
        "can_clone": access.can_clone,
        "can_delete": access.can_delete,
        "can_edit_global": access.can_edit_global,
        "is_global": is_global_dashboard(view),
        "problems": problems or [],
        # Problems of the stored config are shown to those who can fix them.
        "stored_problems": page.stored_problems() if editing else [],
        "raw_config": raw_config if raw_config is not None else page.raw_config,
        "categories": categories,
        "layouts": LAYOUTS,
        # Where it comes from, when provisioned (JSONDASH_PROVISIONING): the file, and whether
        # its folder lets the browser change it; and the download of its JSON.
        "provisioned": dashboards.provisioned_file(view),
        "provisioned_editable": access.provisioned_editable,
        "export_url": url_for("jsondash.export", c_id=c_id),
    }


def _render_view(
    c_id: str,
    stored: dict,
    status: int = 200,
    problems: list[SchemaProblem] | None = None,
    raw_config: str | None = None,
) -> BaseResponse:
    key, page = _prepared(stored)
    access = _access(page.view, c_id)
    # Only the editor's settings dialog offers the categories in use.
    categories = dashboards.categories() if access.editing else []
    if problems is None and raw_config is None:
        kept = _kept_page(key, c_id, page, access, categories)
        if kept is not None:
            return Response(kept, status=status)
    token = generate_csrf_token() if access.editing else ""
    context = _view_context(c_id, page, access, categories, token, problems, raw_config)
    return Response(render_template("jsondash/pages/chart_detail.html", **context), status=status)


# Kept pages ------------------------------------------------------------------------------------
#
# A dashboard's page is the same text for every request with the same stored version, answers
# of the auth hooks, query switches, categories, settings and URL root, but for the session's
# CSRF token and the flashed messages. So it is rendered once, with a mark where the token
# goes, and kept: later requests fill in their token. A page is rendered for its request, as
# before, when something else could change it: flashed messages to show, a host's own template
# for the page or its layout (a layouts/base.html may show anything), a listener of Flask's
# template signals, template auto-reload or debug mode, or a token that HTML or JSON escape.

#: How many rendered pages each process keeps (the oldest forgotten first).
KEPT_PAGES = 64
_kept_pages: Memo[list[bytes]] = Memo(KEPT_PAGES)
#: Where the CSRF token goes in a kept page: random per process, so no dashboard holds it.
_TOKEN_MARK = "jsondashtoken" + secrets.token_hex(16)
#: A token of these characters reads the same in HTML text, in attributes and in JSON.
_PLAIN_TOKEN = re.compile(r"[A-Za-z0-9._~+/=-]*\Z")
#: The templates of a dashboard's page: it is kept only when each of them is the package's.
PAGE_TEMPLATES = (
    "jsondash/pages/chart_detail.html",
    "layouts/base.html",
    "jsondash/partials/styles.html",
    "jsondash/partials/assets_problem.html",
    "jsondash/partials/problems.html",
)
#: The settings a kept page was rendered with (every one of the package's, to be safe, and
#: Flask's that its URLs depend on).
_PAGE_SETTINGS = (
    *DEFAULT_CONFIG,
    "JSONDASH",
    "JSONDASH_MAX_PERPAGE",
    "SERVER_NAME",
    "APPLICATION_ROOT",
    "PREFERRED_URL_SCHEME",
)
_KEEPS_PAGES = "_jsondash_keeps_pages"
_app_numbers = itertools.count()


def _keeps_pages(app: Any) -> int | None:
    """A number of ``app``'s own when its dashboard pages may be kept (it renders them with
    the package's templates and Flask's helpers), else None; decided once per app."""
    found = app.extensions.get(_KEEPS_PAGES, False)
    if found is not False:
        return found
    env = app.jinja_env
    ours = (
        env.globals.get("url_for") == app.url_for
        and env.globals.get("get_flashed_messages") is get_flashed_messages
    )
    for name in PAGE_TEMPLATES:
        try:
            filename = env.get_template(name).filename or ""
        except TemplateNotFound:
            filename = ""
        if os.path.commonpath([TEMPLATE_DIR, os.path.abspath(filename or "/")]) != TEMPLATE_DIR:
            ours = False
    number = next(_app_numbers) if ours else None
    app.extensions[_KEEPS_PAGES] = number
    return number


def _page_key(
    prepared_key: Hashable | None, c_id: str, access: _Access, categories: list[str]
) -> Hashable | None:
    """Everything a kept page's text depends on but the token; None when it is not kept."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if prepared_key is None or app.debug or app.jinja_env.auto_reload:
        return None
    if template_rendered.receivers or before_render_template.receivers:
        return None
    number = _keeps_pages(app)
    if number is None:
        return None
    config = app.config
    return (
        prepared_key,
        number,
        c_id,
        request.scheme,
        request.host,
        request.script_root,
        access,
        tuple(categories),
        bool(app.secret_key),
        tuple(repr(config.get(name)) for name in _PAGE_SETTINGS),
        tuple((name, id(family)) for name, family in state_of(app).families.items()),
    )


def _kept_page(
    prepared_key: Hashable | None,
    c_id: str,
    page: _Prepared,
    access: _Access,
    categories: list[str],
) -> bytes | None:
    """The page (UTF-8), from the kept pages (rendered and kept if it is not yet); None when
    it is rendered for this request instead."""
    key = _page_key(prepared_key, c_id, access, categories)
    # Taken from the session here as the template would: it finds them again.
    if key is None or get_flashed_messages(with_categories=True):
        return None

    def render() -> list[bytes]:
        context = _view_context(c_id, page, access, categories, _TOKEN_MARK)
        context["csrf_field"] = _marked_csrf_field
        body = render_template("jsondash/pages/chart_detail.html", **context)
        return body.encode("utf-8").split(_TOKEN_MARK.encode("ascii"))

    parts = _kept_pages.get(key, render)
    if len(parts) == 1:
        return parts[0]
    # The session gets its token when the page has a form, as csrf_field() gives it.
    token = generate_csrf_token()
    return token.encode("ascii").join(parts) if _PLAIN_TOKEN.match(token) else None


def _marked_csrf_field() -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(TOKEN_FIELD, _TOKEN_MARK)


@charts.route("/charts/<c_id>", methods=["GET"])
def view(c_id: str) -> BaseResponse:
    """One dashboard."""
    try:
        stored = dashboards.viewable(c_id)
    except (Refused, NotFound) as exc:
        return _refusal(exc)
    return _render_view(c_id, stored)


# Changing dashboards ---------------------------------------------------------------------------


@charts.route("/charts/create", methods=["POST"])
def create() -> BaseResponse:
    """Create a dashboard from the index page's form (``name``, ``mode``, ``module_<guid>``)."""
    try:
        created = dashboards.create(submission(request.form))
    except Refused as exc:
        return _refused(exc)
    except InvalidSchemaError as exc:
        problems = exc.problems
        return _refused_save(
            problems, lambda: _render_index(400, form_errors=problems, form=request.form)
        )
    except DuplicateDashboard:  # uuid4 collisions do not happen; a clear message if one did
        return _render_index(409, form_errors=[SchemaProblem("", "Please try again.")])
    flash(f'Created new dashboard "{shorten(created["name"])}"')
    return redirect(url_for("jsondash.view", c_id=created["id"]))


def _form_snapshot(stored: Mapping[str, Any]) -> str:
    """The submitted form as a dashboard, so a refused save can be fixed instead of retyped."""
    snapshot = {
        **_editable_copy(stored),
        "name": request.form.get("name", stored.get("name")),
        "modules": module_fields(request.form),
    }
    return jsonstring(snapshot)


@charts.route("/charts/<c_id>/update", methods=["POST"])
def update(c_id: str) -> BaseResponse:
    """Save a dashboard: from the editor's form fields, or as raw JSON (``edit-raw``)."""
    try:
        saved = dashboards.save(c_id, submission(request.form))
    except Conflict as exc:
        if wants_json():
            return _refused(exc, c_id)
        # The page again, with what was typed kept, and why it was not saved.
        stored = dashboards.load(c_id)
        raw = request.form.get("config") if "edit-raw" in request.form else None
        problem = SchemaProblem("", exc.message)
        return _render_view(c_id, stored, 412, [problem], raw or _form_snapshot(stored))
    except (Refused, NotFound) as exc:
        return _refusal(exc, c_id)
    except InvalidSchemaError as exc:
        problems = exc.problems
        raw = request.form.get("config") if "edit-raw" in request.form else None

        def render() -> BaseResponse:
            stored = dashboards.load(c_id)
            return _render_view(c_id, stored, 400, problems, raw or _form_snapshot(stored))

        return _refused_save(problems, render)
    message = f'Updated view "{shorten(c_id)}"'
    flash(message)
    if wants_json():
        return jsonify({"ok": True, "message": message, "id": c_id, "dashboard": saved})
    return redirect(url_for("jsondash.view", c_id=c_id))


@charts.route("/charts/<c_id>/clone", methods=["POST"])
def clone(c_id: str) -> BaseResponse:
    """Copy a dashboard under the name "Clone of <name>"."""
    try:
        copy = dashboards.clone(c_id)
    except (Refused, NotFound) as exc:
        return _refusal(exc)
    flash(f'Created new dashboard clone "{shorten(copy["name"])}"')
    return redirect(url_for("jsondash.view", c_id=copy["id"]))


@charts.route("/charts/<c_id>/delete", methods=["POST"])
def delete(c_id: str) -> BaseResponse:
    """Delete a dashboard."""
    try:
        dashboards.delete(c_id)
    except (Refused, NotFound) as exc:
        return _refusal(exc)
    flash(f'Deleted dashboard "{shorten(c_id)}"')
    return redirect(_index_url())


# Export and import -----------------------------------------------------------------------------

#: How much larger than the largest dashboard (JSONDASH_MAX_DOCUMENT_BYTES) an imported text
#: may be: exported files are indented.
IMPORT_SIZE_FACTOR = 4
#: What a download's file name keeps of a dashboard's name (the rest becomes "_").
_UNSAFE_IN_FILE_NAME = re.compile(r"[^\w .()-]+")


def exported_json(stored: Mapping[str, Any]) -> str:
    """A dashboard as the raw JSON editor shows it: what an export downloads, and what an
    import (or a provisioning folder) takes back."""
    return jsonstring(_editable_copy(displayable(stored))) + "\n"


def download_name(stored: Mapping[str, Any], c_id: str) -> str:
    """The file name of a dashboard's export: its name (letters, digits, spaces and
    ``. ( ) - _``; anything else becomes ``_``), else its id, with ``.json``."""
    name = _UNSAFE_IN_FILE_NAME.sub("_", displayable(str(stored.get("name") or "")))
    name = " ".join(name.split()).strip(" ._")[:100]
    return f"{name or _UNSAFE_IN_FILE_NAME.sub('_', c_id)[:100] or 'dashboard'}.json"


def attachment(filename: str) -> str:
    """A Content-Disposition that downloads as ``filename``: ASCII in ``filename``, and the
    UTF-8 name in ``filename*`` when they differ (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    plain = plain.replace("\\", "_").replace('"', "_")
    if plain.removesuffix(".json").strip(" ._") == "":
        plain = "dashboard.json"
    header = f'attachment; filename="{plain}"'
    if plain != filename:
        header += f"; filename*=UTF-8''{quote(filename, safe='')}"
    return header


@charts.route("/charts/<c_id>/export", methods=["GET"])
def export(c_id: str) -> BaseResponse:
    """Download a dashboard as JSON (``<name>.json``), as the raw editor shows it."""
    try:
        stored = dashboards.viewable(c_id)
    except (Refused, NotFound) as exc:
        return _refusal(exc)
    response = current_app.response_class(exported_json(stored), mimetype="application/json")
    response.headers["Content-Disposition"] = attachment(download_name(stored, c_id))
    response.headers["Cache-Control"] = "private, no-cache"
    return response


class ImportRefused(Exception):
    """An import that stores nothing: the status, a message, and the problems (JSON paths)."""

    def __init__(self, status: int, message: str, problems: list | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems: list[SchemaProblem] = problems or []


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _import_text() -> tuple[str, str]:
    """The JSON text of an import and where it came from (a file's name, or "pasted text"):
    the uploaded file (``file``), else the pasted text (``json``)."""
    limit = Limits.current().document_bytes * IMPORT_SIZE_FACTOR
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.stream.read(limit + 1)
        source = f"the file {shorten(upload.filename, 100)}"
    else:
        text = request.form.get("json", "")
        raw = text.encode("utf-8", "surrogatepass")
        # The second step (overwrite, copy) sends a file's text back with its name.
        named = request.form.get("filename", "")
        source = f"the file {shorten(named, 100)}" if named else "the pasted text"
    if not raw.strip():
        raise ImportRefused(400, "Choose a JSON file of a dashboard, or paste its JSON.")
    if len(raw) > limit:
        raise ImportRefused(
            400,
            f"{_capital(source)} is larger than {limit:,} bytes: it cannot be a dashboard "
            "(JSONDASH_MAX_DOCUMENT_BYTES). Nothing was imported.",
        )
    try:
        return raw.decode("utf-8-sig"), source
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            400,
            f"{_capital(source)} is not UTF-8 text (byte {exc.start}). Nothing was imported.",
        ) from None


def _source_file_name() -> str:
    """The name of the file an import came from, if it came from one (for the second step)."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        return str(upload.filename)[:100]
    return str(request.form.get("filename", ""))[:100]


def _import_document(text: str, source: str) -> dict:
    try:
        document = loads(text)
    except JSONRefused as exc:
        raise ImportRefused(400, f"{_capital(source)} cannot be read: {exc}.") from None
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            400,
            f"{_capital(source)} is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}.",
        ) from None
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else "a single value"
        raise ImportRefused(
            400, f"{_capital(source)} must be one dashboard (a JSON object), not {kind}."
        )
    return document


def _import_message(source: str) -> str:
    # The history's message: no control characters (a file name may hold any).
    return shorten(re.sub(r"[\x00-\x1f\x7f]", "", f"Imported from {source}"), 200)


def _import_answer(
    exc: ImportRefused,
    text: str = "",
    confirm: dict | None = None,
    say_why: bool = True,
    **extra: Any,
) -> BaseResponse:
    """An import that stored nothing: the index page again with the import form open, the
    message and problems, and the text to fix (or the overwrite question); JSON for clients
    that ask for it."""
    if wants_json():
        return json_problem(exc.status, exc.message, exc.problems, **extra)
    problems = [SchemaProblem("", exc.message), *exc.problems] if say_why else []
    filename = _source_file_name()
    return _render_index(
        exc.status,
        import_problems=problems,
        import_text=text,
        import_confirm=confirm,
        import_filename=filename,
    )


def _existing(c_id: str) -> dict:
    """What the overwrite question says of the dashboard an import would replace."""
    try:
        stored = dashboards.viewable(c_id)
        info = dashboards.meta(c_id, stored)
    except (Refused, NotFound):
        return {"id": c_id, "visible": False, "can_overwrite": False}
    return {
        "id": c_id,
        "visible": True,
        "name": stored.get("name") or "(no name)",
        "version": info["version"],
        "updated": info["updated"],
        "updated_by": info["updated_by"],
        "can_overwrite": bool(info["can_edit"]),
        "provisioned": info.get("provisioned"),
    }


@charts.route("/charts/import", methods=["POST"])
def import_dashboard() -> BaseResponse:
    """Create a dashboard from a JSON file (``file``) or pasted JSON (``json``), checked as
    every saved dashboard is; its problems come back with their JSON paths. When its ``id`` is
    taken, nothing is stored: the answer asks (409) whether to overwrite that dashboard, which
    takes a second POST with ``overwrite=<id>`` and the ``version`` shown (412 if it has moved
    on since), or to import a copy with a new id (``as_copy=1``)."""
    text = ""
    try:
        text, source = _import_text()
        document = _import_document(text, source)
        if request.form.get("as_copy") == "1":
            document.pop("id", None)
        overwrite = request.form.get("overwrite", "")
        if overwrite:
            return _overwrite_from_import(overwrite, document, text, source)
        if not allowed("create"):
            raise ImportRefused(403, "You do not have access to create dashboards.")
        try:
            created = dashboards.create_document(document, message=_import_message(source))
        except InvalidSchemaError as exc:
            count = len(exc.problems)
            raise ImportRefused(
                400,
                f"{_capital(source)} is not a dashboard that can be saved: {count} "
                f"problem{'s' * (count != 1)}. Nothing was imported.",
                exc.problems,
            ) from None
        except Refused as exc:
            raise ImportRefused(exc.status, exc.message) from None
        except DuplicateDashboard:
            existing = _existing(str(document.get("id")))
            question = ImportRefused(
                409,
                f'A dashboard with the id "{shorten(document.get("id"))}" exists already. '
                "Nothing was imported yet.",
            )
            # The page's question says it all (the message is for JSON clients).
            return _import_answer(question, text, confirm=existing, say_why=False, exists=existing)
    except ImportRefused as exc:
        return _import_answer(exc, text)
    return _imported(created, f'Imported dashboard "{shorten(created["name"])}"', 201)


def _overwrite_from_import(c_id: str, document: dict, text: str, source: str) -> BaseResponse:
    """The confirmed second step: replace dashboard ``c_id`` by the imported document."""
    if document.get("id") != c_id:
        raise ImportRefused(
            400,
            f'The confirmation was for the dashboard "{shorten(c_id)}", and the JSON has the '
            f'id "{shorten(document.get("id"))}". Nothing was imported.',
        )
    try:
        expected = dashboards.parse_version(request.form.get("version"))
        saved = dashboards.save_document(
            c_id, document, expected_version=expected, message=_import_message(source)
        )
    except InvalidSchemaError as exc:
        raise ImportRefused(
            400, "The imported dashboard cannot be saved. Nothing was changed.", exc.problems
        ) from None
    except NotFound:
        raise ImportRefused(
            404,
            f'The dashboard "{shorten(c_id)}" was deleted in the meantime: import the file '
            "again to create it. Nothing was changed.",
        ) from None
    except Conflict as exc:
        refused = ImportRefused(412, exc.message)
        return _import_answer(refused, text, confirm=_existing(c_id), **exc.as_dict())
    except Refused as exc:
        raise ImportRefused(exc.status, exc.message) from None
    return _imported(saved, f'Replaced dashboard "{shorten(c_id)}" by the imported one', 200)


def _imported(saved: Mapping[str, Any], message: str, status: int) -> BaseResponse:
    url = url_for("jsondash.view", c_id=saved["id"])
    if wants_json():
        answer = {"ok": True, "message": message, "url": url}
        response = jsonify({**answer, "id": saved["id"], "version": saved["version"]})
        response.status_code = status
        return response
    flash(message)
    return redirect(url)
