"""The blueprint's pages: the index, a dashboard, and the forms that change dashboards.

Each route reads the request, calls the dashboard service (:mod:`flask_jsondash.dashboards`)
and turns its answer into a page or a redirect with the original's flash message (or JSON, for
the editor, which asks with ``Accept: application/json``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from .. import dashboards
from ..assets import (
    get_active_assets,
    guarded_scripts,
    renderer_scripts,
    vendor_root,
)
from ..csrf import generate_csrf_token
from ..dashboards import NotFound, Refused
from ..families import registry
from ..forms import module_fields, submission
from ..limits import displayable, shorten
from ..permissions import allowed, can_edit
from ..schema import (
    LAYOUTS,
    InvalidSchemaError,
    SchemaProblem,
    module_shape_problems,
    normalize,
    original_words,
    problems_of,
)
from ..settings import EDITOR_LIBRARIES, LAYOUT_LIBRARIES, MAX_PER_PAGE
from ..storage import DuplicateDashboard
from ..templating import jsonstring, widget_box
from ..utils import (
    PageOutOfRange,
    categorize_views,
    get_num_rows,
    is_global_dashboard,
    setting,
    sort_modules,
)
from . import PageError, charts, flag, json_problem, wants_json


def _index_url() -> str:
    return url_for("jsondash.dashboard")


def _refused(exc: Refused, c_id: str | None = None) -> BaseResponse:
    """Say no: flash and redirect for a page, the status with the reason for the editor."""
    if wants_json():
        return json_problem(exc.status, exc.message)
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
    status: int = 200, form_errors: list | None = None, form: Any = None
) -> BaseResponse:
    page = _positive_arg("page")
    per_page = _positive_arg("per_page", MAX_PER_PAGE)
    try:
        found = dashboards.listing(page, per_page)
    except PageOutOfRange as exc:
        raise PageError(404, "No such page", str(exc)) from None
    body = render_template(
        "jsondash/pages/charts_index.html",
        views=categorize_views(displayable(found.views)),
        total=len(found.views),
        total_modules=sum(v.get("num_modules", 0) for v in found.views),
        num_views=found.count,
        paginator=found.paginator,
        categories=found.categories,
        creating=True,
        can_create=allowed("create"),
        can_clone=allowed("clone"),
        can_delete=allowed("delete"),
        can_edit_global=allowed("edit_global"),
        form_errors=form_errors or [],
        form=form or {},
        layouts=LAYOUTS,
    )
    return Response(body, status=status)


# "/charts" redirects here, as in the original.
@charts.route("/charts/", methods=["GET"])
def dashboard() -> BaseResponse:
    """The index: dashboards grouped by category, one page at a time."""
    return _render_index()


# A dashboard -----------------------------------------------------------------------------------


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
                "docs": family.get("docs", ""),
                "override": bool(family.get("override")),
                # Loaded when the editor adds the first chart of a family the page lacks.
                "assets": _family_assets(name),
            }
            for name, family in registry().items()
            if family.get("enabled", True)
        },
        "guardedScripts": guarded_scripts(),
        "globalSwitch": bool(setting("JSONDASH_GLOBALDASH")) and allowed("edit_global"),
        "isGlobal": is_global_dashboard(view),
    }


def _editable_copy(view: Mapping[str, Any]) -> dict:
    """The parts of a stored dashboard a user edits as raw JSON."""
    return {k: v for k, v in view.items() if k not in ("_id", "unreadable")}


def _render_view(
    c_id: str,
    view: dict,
    status: int = 200,
    problems: list[SchemaProblem] | None = None,
    raw_config: str | None = None,
) -> BaseResponse:
    view = displayable(view)  # stored before today's rules: no NaN or bad text in the page
    modules = view.get("modules") if isinstance(view.get("modules"), list) else []
    layout = str(view["layout"]) if view.get("layout") in LAYOUTS else "freeform"
    # What the original generated (a family from the type, missing guids) is filled in here.
    shown = normalize({**view, "modules": modules, "layout": layout})
    modules = shown["modules"]
    families = [
        m["family"] for m in modules if isinstance(m, Mapping) and isinstance(m.get("family"), str)
    ]
    may_edit = can_edit(view, c_id)
    editable = may_edit and allowed("update")
    editing = editable and not flag("jsondash_demo_mode") and not flag("embeddable")
    libraries = [*LAYOUT_LIBRARIES[layout], *(EDITOR_LIBRARIES if editing else [])]
    widget_problems = {
        str(module.get("guid")): "; ".join(p.message for p in found)
        for index, module in enumerate(modules)
        if isinstance(module, Mapping) and (found := module_shape_problems(module, index, layout))
    }
    body = render_template(
        "jsondash/pages/chart_detail.html",
        id=c_id,
        view=shown,
        layout=layout,
        modules=sort_modules(shown),
        num_rows=get_num_rows(shown),
        widget_problems=widget_problems,
        widget_box=widget_box,
        assets=get_active_assets([*libraries, *families]),
        # What each family's libraries define, for the runtime's check when the page loads.
        page_families={
            name: {"globals": entry.get("globals", []), "library": entry.get("library", name)}
            for name, entry in registry().items()
            if name in families
        },
        renderers=renderer_scripts(families),
        trusted_html=bool(setting("JSONDASH_TRUSTED_HTML")),
        guarded_scripts=guarded_scripts(),
        vendor_root=vendor_root(),
        can_edit=editable,
        editing=editing,
        editor=_editor_settings(c_id, view) if editing else None,
        can_clone=allowed("clone"),
        can_delete=allowed("delete") and may_edit,
        can_edit_global=allowed("edit_global"),
        is_global=is_global_dashboard(view),
        problems=problems or [],
        # Problems of the stored config are shown to those who can fix them.
        stored_problems=problems_of(normalize(view)) if editable else [],
        raw_config=raw_config if raw_config is not None else jsonstring(_editable_copy(view)),
        # Only the editor's settings dialog offers the categories in use.
        categories=dashboards.categories() if editing else [],
        layouts=LAYOUTS,
    )
    return Response(body, status=status)


@charts.route("/charts/<c_id>", methods=["GET"])
def view(c_id: str) -> BaseResponse:
    """One dashboard."""
    try:
        stored = dashboards.viewable(c_id)
    except Refused as exc:
        return _refused(exc)
    except NotFound as exc:
        return _not_found(exc)
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
    except Refused as exc:
        return _refused(exc, c_id)
    except NotFound as exc:
        return _not_found(exc)
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
    except Refused as exc:
        return _refused(exc)
    except NotFound as exc:
        return _not_found(exc)
    flash(f'Created new dashboard clone "{shorten(copy["name"])}"')
    return redirect(url_for("jsondash.view", c_id=copy["id"]))


@charts.route("/charts/<c_id>/delete", methods=["POST"])
def delete(c_id: str) -> BaseResponse:
    """Delete a dashboard."""
    try:
        dashboards.delete(c_id)
    except Refused as exc:
        return _refused(exc)
    except NotFound as exc:
        return _not_found(exc)
    flash(f'Deleted dashboard "{shorten(c_id)}"')
    return redirect(_index_url())
