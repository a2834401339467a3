"""The ``jsondash`` blueprint: the dashboard pages and the routes that change dashboards.

Routes are thin: they check the auth hooks, call the storage adapter and render. Register it
on any Flask app::

    from flask_jsondash.charts_builder import charts
    app.register_blueprint(charts)

Hooks and flags are read from ``app.config`` at request time (see ``docs/config.md``).
"""

from __future__ import annotations

import json
import math
import os
import uuid
from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from markupsafe import Markup

from . import __version__, db, settings, utils
from .assets import (
    get_active_assets,
    get_all_assets,
    guarded_scripts,
    local_static,
    renderer_scripts,
    vendor_root,
)
from .csrf import TOKEN_FIELD, CSRFError, check_csrf_token, csrf_enabled, generate_csrf_token
from .db import (
    DashboardQuery,
    DuplicateDashboard,
    StorageUnavailable,
    format_charts,
    reformat_data,
)
from .model_factories import register_commands
from .schema import (
    LAYOUTS,
    InvalidSchemaError,
    SchemaProblem,
    dashboard_json_schema,
    grid_columns,
    module_shape_problems,
    normalize,
    original_words,
    parse_json,
    problems_of,
    shape_problems,
    validate_raw_json,
)
from .settings import (
    CHARTS_CONFIG,
    EDITOR_LIBRARIES,
    LAYOUT_LIBRARIES,
    MAX_PER_PAGE,
    ConfigurationError,
)
from .utils import (
    PageOutOfRange,
    adapter,
    categorize_views,
    get_num_rows,
    is_global_dashboard,
    paginator,
    setting,
    sort_modules,
)

TEMPLATE_DIR = os.path.join(os.path.dirname(__file__), "templates")
STATIC_DIR = os.path.join(os.path.dirname(__file__), "static")
DOCS_URL = "https://github.com/flask-jsondash/flask_jsondash/blob/main/docs/"
TRUTHY = {"1", "true", "yes", "on"}
#: The original's name: libraries every dashboard page loads (labels of CHARTS_CONFIG).
REQUIRED_STATIC_FAMILES: list[str] = []

charts = Blueprint("jsondash", __name__, template_folder=TEMPLATE_DIR)
# flask jsondash load|dump|fake|delete
register_commands(charts.cli)

# The original's module-level names (modules it imported, which code reached through it).
__all__ = [
    "db",
    "settings",
    "utils",
    "adapter",
    "auth",
    "charts",
    "check_global",
    "get_active_assets",
    "get_all_assets",
    "get_categories",
    "get_dims",
    "jsonstring",
    "local_static",
    "metadata",
    "setting",
]


class PageError(Exception):
    """Stop a request and show the error page with this status and message."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


# Hooks ---------------------------------------------------------------------------------------
# Routes call auth(), metadata() and check_global() through this module, so a host (or a test)
# that replaces one of them here changes what every route does, as in the original.


def _jsondash_config() -> Mapping[str, Any]:
    conf = setting("JSONDASH")
    return conf if isinstance(conf, Mapping) else {}


def auth(authtype: str | None = None, **kwargs: Any) -> bool:
    """Ask the host app's ``JSONDASH['auth'][authtype]`` hook; a missing hook allows.

    Extra keyword arguments (``view_id=``) are passed to the hook.
    """
    hooks = _jsondash_config().get("auth") or {}
    hook = hooks.get(authtype) if authtype else None
    if hook is None:
        return True
    return bool(hook(**kwargs))


def metadata(key: str | None = None, exclude: Any = ()) -> Any:
    """Values of the host app's ``JSONDASH['metadata']`` hooks.

    With ``key``, the one value (None when there is no such hook); otherwise a dict of every
    hook's value except those in ``exclude``.
    """
    hooks = _jsondash_config().get("metadata") or {}
    if key is not None:
        hook = hooks.get(key)
        return hook() if hook is not None else None
    return {name: hook() for name, hook in hooks.items() if name not in exclude}


def _wants_global() -> bool:
    return request.form.get("is_global", "").lower() in TRUTHY


def check_global() -> dict[str, str]:
    """``{'created_by': <global user>}`` when the form asks for a global dashboard and both the
    ``JSONDASH_GLOBALDASH`` flag and the ``edit_global`` hook allow it; otherwise ``{}``."""
    if _wants_global() and setting("JSONDASH_GLOBALDASH") and auth(authtype="edit_global"):
        return {"created_by": setting("JSONDASH_GLOBAL_USER")}
    return {}


def _is_creator(view: Mapping[str, Any]) -> bool:
    return metadata(key="username") == view.get("created_by")


def can_edit(view: Mapping[str, Any], c_id: str) -> bool:
    """A dashboard's creator may always edit it; others need the ``edit_others`` hook."""
    return _is_creator(view) or auth(authtype="edit_others", view_id=c_id)


def _listing_query() -> DashboardQuery:
    """Which dashboards the index shows: everyone's, or the user's (and the global ones)."""
    if not setting("JSONDASH_FILTERUSERS"):
        return DashboardQuery()
    owners: list[str | None] = [metadata(key="username")]
    if setting("JSONDASH_GLOBALDASH"):
        owners.append(setting("JSONDASH_GLOBAL_USER"))
    return DashboardQuery(owners=tuple(owners))


def get_categories() -> list[str]:
    """The categories of the dashboards this user can list, sorted."""
    return adapter.categories(_listing_query())


# Template helpers ----------------------------------------------------------------------------

_NO_ARGUMENT: Any = object()


def _to_int(value: Any, default: int = 0) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return int(number) if math.isfinite(number) else default


def get_dims(ctx_or_config: Any, config: Any = _NO_ARGUMENT) -> dict[str, Any]:
    """The width and height a module's widget is drawn at, as the original computed them.

    Called as the original's ``get_dims(ctx, config)`` or as ``get_dims(config)``. Raises
    ``ValueError('Invalid config!')`` when the module has no width, height or dataSource. A
    YouTube module takes its size from the embed code, or its column count (``'6'``) in a grid.
    """
    if config is _NO_ARGUMENT:
        config = ctx_or_config
    if not isinstance(config, Mapping) or any(
        config.get(key) in (None, "") for key in ("width", "height", "dataSource")
    ):
        raise ValueError("Invalid config!")
    width, height = config["width"], config["height"]
    grid = str(width).startswith("col-")
    if config.get("type") == "youtube":
        if grid:
            return {"width": str(width).removeprefix("col-"), "height": _to_int(height)}
        source = str(config["dataSource"])
        embed_width = _attribute(source, "width")
        embed_height = _attribute(source, "height")
        if embed_width and embed_height:
            # Room for the title bar and padding around the player.
            return {"width": embed_width + 20, "height": embed_height + 60}
    return {"width": width, "height": height}


def widget_box(module: Any, layout: str) -> dict[str, Any]:
    """How the page lays out one module: ``columns`` (grid) or ``width`` in pixels, ``height``.

    Never raises: a module that cannot be laid out gets a default box (its problems are shown
    in the widget instead).
    """
    try:
        dims = get_dims(module)
    except ValueError:
        dims = dict(module) if isinstance(module, Mapping) else {}
    height = min(max(_to_int(dims.get("height"), 400), 1), 20000)
    if layout == "grid":
        return {"columns": grid_columns(dims.get("width")) or 12, "height": height}
    return {"width": min(max(_to_int(dims.get("width"), 400), 1), 20000), "height": height}


def _attribute(html: str, name: str) -> int | None:
    marker = f'{name}="'
    start = html.find(marker)
    if start < 0:
        return None
    value = html[start + len(marker) : html.find('"', start + len(marker))]
    return _to_int(value) or None


@charts.app_template_filter("get_dims")
def _get_dims_filter(config: Mapping[str, Any]) -> dict[str, Any]:
    """The original's filter, for host templates: the dims, or a default box if invalid."""
    try:
        return get_dims(config)
    except ValueError:
        box = widget_box(config, "freeform")
        return {"width": box["width"], "height": box["height"]}


def jsonstring(ctx_or_data: Any, data: Any = _NO_ARGUMENT) -> str:
    """A dashboard or module as JSON text (dates as text), for templates and raw editing.

    Called as the original's ``jsonstring(ctx, data)`` or as ``jsonstring(data)``.
    """
    if data is _NO_ARGUMENT:
        data = ctx_or_data
    return json.dumps(data, indent=2, default=str)


charts.add_app_template_filter(jsonstring, "jsonstring")


def js_text(value: Any) -> str:
    """A value as JavaScript's String() writes it (true, not True; 10, not 10.0)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


charts.add_app_template_filter(js_text, "js_text")


def _flag(name: str) -> bool:
    return request.args.get(name, "").strip().lower() in TRUTHY


@charts.context_processor
def ctx() -> dict[str, Any]:
    """What every page of the blueprint knows (the original's name for this)."""
    static_config = _jsondash_config().get("static")
    filter_users = bool(setting("JSONDASH_FILTERUSERS"))
    return {
        "static_config": static_config,
        "charts_config": local_static(CHARTS_CONFIG, static_config)
        if static_config
        else CHARTS_CONFIG,
        "page_title": "dashboards",
        "docs_url": DOCS_URL,
        "demo_mode": _flag("jsondash_demo_mode"),
        "embeddable": _flag("embeddable"),
        "global_dashuser": setting("JSONDASH_GLOBAL_USER"),
        "global_dashboards": bool(setting("JSONDASH_GLOBALDASH")),
        "username": metadata(key="username") if filter_users else None,
        "filter_dashboards": filter_users,
        "csrf_field": _csrf_field,
        "csrf_token": generate_csrf_token,
        "csrf_on": csrf_enabled(),
        "has_secret_key": bool(current_app.secret_key),
        "jsondash_version": __version__,
        "jsondash_static": lambda filename: url_for("jsondash._static", filename=filename),
    }


def _csrf_field() -> Markup:
    token = generate_csrf_token()
    return Markup('<input type="hidden" name="{}" value="{}">').format(TOKEN_FIELD, token)


# Errors --------------------------------------------------------------------------------------


def wants_json() -> bool:
    """Whether the request asked for JSON (the editor saves with Accept: application/json)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _json_problem(
    status: int, message: str, problems: list | None = None, **extra: Any
) -> Response:
    body = {
        "ok": False,
        "message": message,
        "problems": [p.as_dict() if isinstance(p, SchemaProblem) else p for p in problems or []],
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    return response


def _error_page(status: int, title: str, message: str, problems: list | None = None) -> Response:
    if wants_json():
        return _json_problem(status, f"{title}: {message}", problems)
    body = render_template(
        "pages/error.html", status=status, title=title, message=message, problems=problems or []
    )
    return Response(body, status=status)


@charts.errorhandler(PageError)
def _page_error(exc: PageError) -> Response:
    return _error_page(exc.status, exc.title, exc.message)


@charts.errorhandler(StorageUnavailable)
@charts.errorhandler(ConfigurationError)
def _storage_unavailable(exc: Exception) -> Response:
    current_app.logger.error("flask_jsondash storage problem: %s", exc)
    response = _error_page(503, "The dashboard database is unavailable", str(exc))
    response.headers["Retry-After"] = "30"
    return response


@charts.errorhandler(CSRFError)
def _csrf_failed(exc: CSRFError) -> Response:
    return _error_page(
        400,
        "This form could not be accepted",
        f"{exc} Go back, reload the page and try again. Nothing was changed.",
    )


# POST routes that change nothing, so need no CSRF token.
READ_ONLY_POSTS = {"jsondash.validate"}


@charts.before_request
def _protect_state_changes() -> None:
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint not in READ_ONLY_POSTS:
        check_csrf_token()


@charts.record_once
def _on_register(state: Any) -> None:
    app = state.app

    @app.teardown_appcontext
    def _close_jsondash_connections(_exc: BaseException | None) -> None:
        for close in g.pop("_jsondash_closers", []):
            close()


# Static files and the schema -----------------------------------------------------------------


@charts.route("/jsondash/<path:filename>")
def _static(filename: str) -> Response:
    """The blueprint's own static files (runtime, styles and vendored libraries)."""
    return send_from_directory(STATIC_DIR, filename, max_age=3600)


@charts.route("/jsondash/api/schema.json")
def schema() -> Response:
    """The JSON Schema of a dashboard document, built from the chart registry."""
    response = jsonify(dashboard_json_schema())
    response.mimetype = "application/schema+json"
    return response


@charts.route("/jsondash/api/validate", methods=["POST"])
def validate() -> Response:
    """Check a dashboard (the request body, as JSON) without saving it.

    Answers ``{"valid": bool, "problems": [{"path", "message"}, ...]}``; the editor uses it to
    show problems as the user types.
    """
    try:
        document = parse_json(request.get_data(as_text=True))
        problems = problems_of(normalize(document)) if isinstance(document, dict) else []
        if not isinstance(document, dict):
            problems = [SchemaProblem("", "the config must be a JSON object")]
    except InvalidSchemaError as exc:
        problems = exc.problems
    return jsonify({"valid": not problems, "problems": [p.as_dict() for p in problems]})


# Pages ---------------------------------------------------------------------------------------


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


def _render_index(status: int = 200, form_errors: list | None = None, form: Any = None) -> Response:
    query = _listing_query()
    page = _positive_arg("page")
    per_page = _positive_arg("per_page", MAX_PER_PAGE)
    count = adapter.count_matching(query)
    try:
        pagination = paginator(page=page, per_page=per_page, count=count)
    except PageOutOfRange as exc:
        raise PageError(404, "No such page", str(exc)) from None
    views = adapter.summaries(query, skip=pagination.skip, limit=pagination.limit)
    for view in views:
        view["is_global"] = is_global_dashboard(view)
    body = render_template(
        "pages/charts_index.html",
        views=categorize_views(views),
        total=len(views),
        total_modules=sum(v.get("num_modules", 0) for v in views),
        num_views=count,
        paginator=pagination,
        categories=adapter.categories(query),
        creating=True,
        can_create=auth(authtype="create"),
        can_clone=auth(authtype="clone"),
        can_delete=auth(authtype="delete"),
        can_edit_global=auth(authtype="edit_global"),
        form_errors=form_errors or [],
        form=form or {},
        layouts=LAYOUTS,
    )
    return Response(body, status=status)


# "/charts" redirects here, as in the original.
@charts.route("/charts/", methods=["GET"])
def dashboard() -> Response:
    """The index: dashboards grouped by category, one page at a time."""
    return _render_index()


def _not_found(c_id: str) -> Response:
    """An unknown id: the original's flash and redirect to the index; 404 for the editor."""
    if wants_json():
        return _json_problem(404, f"There is no dashboard with id {c_id!r}.")
    flash(f"Could not find view: {c_id}", "error")
    return redirect(url_for("jsondash.dashboard"))


def _render_view(
    c_id: str,
    view: dict,
    status: int = 200,
    problems: list[SchemaProblem] | None = None,
    raw_config: str | None = None,
) -> Response:
    modules = view.get("modules") if isinstance(view.get("modules"), list) else []
    layout = view.get("layout") if view.get("layout") in LAYOUTS else "freeform"
    # What the original generated (a family from the type, missing guids) is filled in here.
    shown = normalize({**view, "modules": modules, "layout": layout})
    modules = shown["modules"]
    families = [m.get("family") for m in modules if isinstance(m, Mapping)]
    may_edit = can_edit(view, c_id)
    editable = may_edit and auth(authtype="update")
    editing = editable and not _flag("jsondash_demo_mode") and not _flag("embeddable")
    libraries = [*LAYOUT_LIBRARIES[layout], *(EDITOR_LIBRARIES if editing else [])]
    # Problems of the stored config are shown to those who can fix them.
    stored_problems = problems_of(normalize(view)) if editable else []
    widget_problems = {
        str(module.get("guid")): "; ".join(p.message for p in found)
        for index, module in enumerate(modules)
        if isinstance(module, Mapping) and (found := module_shape_problems(module, index, layout))
    }
    body = render_template(
        "pages/chart_detail.html",
        id=c_id,
        view=shown,
        layout=layout,
        modules=sort_modules(shown),
        num_rows=get_num_rows(shown),
        widget_problems=widget_problems,
        widget_box=widget_box,
        assets=get_active_assets([*libraries, *families]),
        renderers=renderer_scripts(families),
        guarded_scripts=guarded_scripts(),
        vendor_root=vendor_root(),
        can_edit=editable,
        editing=editing,
        editor=_editor_settings(c_id, view) if editing else None,
        can_clone=auth(authtype="clone"),
        can_delete=auth(authtype="delete") and may_edit,
        can_edit_global=auth(authtype="edit_global"),
        is_global=is_global_dashboard(view),
        problems=problems or [],
        stored_problems=stored_problems,
        raw_config=raw_config if raw_config is not None else jsonstring(_editable_copy(view)),
        # Only the editor's settings dialog offers the categories in use.
        categories=get_categories() if editing else [],
        layouts=LAYOUTS,
    )
    return Response(body, status=status)


def _family_assets(family: str) -> dict[str, list[str]]:
    assets = get_active_assets([family])
    return {"css": assets["css"], "js": [*assets["js"], *renderer_scripts([family])]}


def _editor_settings(c_id: str, view: Mapping[str, Any]) -> dict:
    """What the in-browser editor needs to know, embedded in the page as JSON."""
    return {
        "updateUrl": url_for("jsondash.update", c_id=c_id),
        "validateUrl": url_for("jsondash.validate"),
        "csrfToken": generate_csrf_token(),
        "families": {
            name: {
                "types": [list(chart) for chart in family["charts"]],
                "help": family.get("help_link"),
                "override": bool(family.get("override")),
                # Loaded when the editor adds the first chart of a family the page lacks.
                "assets": _family_assets(name),
            }
            for name, family in CHARTS_CONFIG.items()
            if family.get("enabled", True)
        },
        "guardedScripts": guarded_scripts(),
        "globalSwitch": bool(setting("JSONDASH_GLOBALDASH")) and auth(authtype="edit_global"),
        "isGlobal": is_global_dashboard(view),
    }


def _editable_copy(view: Mapping[str, Any]) -> dict:
    """The parts of a stored dashboard a user edits as raw JSON."""
    return {k: v for k, v in view.items() if k not in ("_id",)}


@charts.route("/charts/<c_id>", methods=["GET"])
def view(c_id: str) -> Response:
    """One dashboard."""
    if not auth(authtype="view", view_id=c_id):
        flash("You do not have access to view this dashboard.", "error")
        return redirect(url_for("jsondash.dashboard"))
    stored = adapter.get(c_id)
    if not stored:
        return _not_found(c_id)
    if "modules" not in stored:
        flash("Invalid configuration - missing modules.", "error")
        return redirect(url_for("jsondash.dashboard"))
    return _render_view(c_id, stored)


def _refuse(message: str, target: str) -> Response:
    """Say no: flash and redirect for a page, a 403 with the reason for the editor."""
    if wants_json():
        return _json_problem(403, message)
    flash(message, "error")
    return redirect(target)


def _form_text(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _category_from_form(default: str | None) -> str | None:
    new_category = _form_text("category_new")
    if new_category:
        return new_category
    if "category" in request.form:
        return _form_text("category") or None
    return default


def _refused_save(problems: list[SchemaProblem], render: Any) -> Response:
    """A refused save: 400 with every problem (the page lists them; the flash says it the
    original's way)."""
    count = len(problems)
    summary = f"The dashboard was not saved: {count} problem{'s' * (count != 1)}."
    if wants_json():
        return _json_problem(400, summary, problems)
    flash(original_words(problems) or summary, "error")
    return render()


@charts.route("/charts/create", methods=["POST"])
def create() -> Response:
    """Create a dashboard from the index page's form (``name``, ``mode``, ``module_<guid>``)."""
    index_url = url_for("jsondash.dashboard")
    if not auth(authtype="create"):
        return _refuse("You do not have access to create dashboards.", index_url)
    if _wants_global() and not check_global():
        return _refuse("You are not allowed to create global dashboards.", index_url)
    name = _form_text("name")
    try:
        data = {
            "id": str(uuid.uuid4()),
            "name": name,
            "layout": _form_text("mode") or "grid",
            "category": _category_from_form(None),
            "modules": format_charts(request.form),
        }
    except InvalidSchemaError as exc:
        problems = exc.problems
    else:
        data = normalize(data)
        problems = shape_problems(data)
    if problems:
        return _refused_save(
            problems, lambda: _render_index(400, form_errors=problems, form=request.form)
        )
    data.update(metadata())
    data.update(check_global())
    data = reformat_data(data, data["id"])
    try:
        adapter.insert(data)
    except DuplicateDashboard:  # uuid4 collisions do not happen; a clear message if one did
        return _render_index(409, form_errors=[SchemaProblem("", "Please try again.")])
    flash(f'Created new dashboard "{name}"')
    return redirect(url_for("jsondash.view", c_id=data["id"]))


def _saved_document(stored: Mapping[str, Any], c_id: str) -> dict:
    """The dashboard an update stores: from raw JSON (``edit-raw``) or from the form fields.

    Raises :class:`InvalidSchemaError` with every problem.
    """
    if "edit-raw" in request.form:
        data = validate_raw_json(request.form.get("config"), date=db.now_string(), id=c_id)
    else:
        data = normalize(
            {
                **stored,
                "id": c_id,
                "name": _form_text("name") if "name" in request.form else stored.get("name", ""),
                "layout": _form_text("mode") or stored.get("layout", "freeform"),
                "category": _category_from_form(stored.get("category")),
                "modules": format_charts(request.form),
            }
        )
        problems = shape_problems(data)
        if problems:
            raise InvalidSchemaError(problems)
    return data


@charts.route("/charts/<c_id>/update", methods=["POST"])
def update(c_id: str) -> Response:
    """Save a dashboard: from the editor's form fields, or as raw JSON (``edit-raw``)."""
    view_url = url_for("jsondash.view", c_id=c_id)
    if not auth(authtype="update"):
        return _refuse(
            "You do not have access to update dashboards.", url_for("jsondash.dashboard")
        )
    stored = adapter.get(c_id)
    if not stored:
        return _not_found(c_id)
    if not can_edit(stored, c_id):
        return _refuse("You do not have access to edit this dashboard.", view_url)
    wants_global = _wants_global()
    # The settings form says when its global switch was shown; unticked, it ends the global state.
    ends_global = (
        "global_toggle" in request.form and not wants_global and is_global_dashboard(stored)
    )
    if (wants_global and not check_global()) or (ends_global and not auth(authtype="edit_global")):
        return _refuse("You are not allowed to make dashboards global.", view_url)
    try:
        data = _saved_document(stored, c_id)
    except InvalidSchemaError as exc:
        problems = exc.problems
        raw_config = request.form.get("config") if "edit-raw" in request.form else None
        return _refused_save(
            problems,
            lambda: _render_view(c_id, stored, 400, problems, raw_config or _form_snapshot(stored)),
        )
    # The creator is kept: only the global switch below may change it.
    data.pop("created_by", None)
    if ends_global:
        data["created_by"] = metadata(key="created_by")
    elif "created_by" in stored:
        data["created_by"] = stored["created_by"]
    if data.get("created_by") is None:
        data.pop("created_by", None)
    data.update(metadata(exclude=["created_by"]))
    data.update(check_global())
    data = reformat_data(data, c_id)
    adapter.replace(c_id, data)
    message = f'Updated view "{c_id}"'
    flash(message)
    if wants_json():
        return jsonify({"ok": True, "message": message, "id": c_id, "dashboard": data})
    return redirect(view_url)


def _form_snapshot(stored: Mapping[str, Any]) -> str:
    """The submitted form as a dashboard, so a refused save can be fixed instead of retyped."""
    modules = []
    for key in request.form:
        if key.startswith("module_"):
            text = request.form[key]
            try:
                modules.append(json.loads(text))
            except ValueError:
                modules.append(text)
    snapshot = {
        **_editable_copy(stored),
        "name": request.form.get("name", stored.get("name")),
        "modules": modules,
    }
    return jsonstring(snapshot)


@charts.route("/charts/<c_id>/clone", methods=["POST"])
def clone(c_id: str) -> Response:
    """Copy a dashboard under the name "Clone of <name>"."""
    index_url = url_for("jsondash.dashboard")
    if not auth(authtype="clone"):
        return _refuse("You do not have access to clone dashboards.", index_url)
    stored = adapter.get(c_id)
    if not stored:
        return _not_found(c_id)
    data = {
        key: value
        for key, value in stored.items()
        if key not in ("id", "created_by", "date", "name")
    }
    data["name"] = f"Clone of {stored.get('name', '')}"
    data.update(metadata())
    data = reformat_data(data, str(uuid.uuid4()))
    adapter.insert(data)
    flash(f'Created new dashboard clone "{data["name"]}"')
    return redirect(url_for("jsondash.view", c_id=data["id"]))


@charts.route("/charts/<c_id>/delete", methods=["POST"])
def delete(c_id: str) -> Response:
    """Delete a dashboard."""
    index_url = url_for("jsondash.dashboard")
    if not auth(authtype="delete"):
        return _refuse("You do not have access to delete dashboards.", index_url)
    stored = adapter.get(c_id)
    if not stored:
        return _not_found(c_id)
    if not can_edit(stored, c_id):
        return _refuse("You do not have access to delete this dashboard.", index_url)
    adapter.remove(c_id)
    flash(f'Deleted dashboard "{c_id}"')
    return redirect(index_url)
