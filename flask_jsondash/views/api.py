"""The blueprint's JSON API (docs/api.md): dashboards (list, read, create or save, delete),
their versions (list, read, compare, restore), search and tags, the dashboard JSON Schema,
checking a dashboard, and the OpenAPI document that describes it all.

The routes are thin callers of :mod:`flask_jsondash.dashboards`, with the same auth and
metadata hooks as the pages. Every answer is JSON, errors included (``{"ok": false, "message",
"problems"}``): a refusal of the service, a bad request, an unknown route or method under the
API, a body too large, a missing CSRF token, an unavailable database. Requests that change
something (POST, DELETE) need the CSRF token in the ``X-CSRFToken`` header, unless the host
app exempted the request (:func:`flask_jsondash.csrf.exempt_this_request`).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge
from werkzeug.exceptions import NotFound as RouteNotFound
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response as BaseResponse

from .. import dashboards
from ..dashboards import Conflict, InvalidRequest, NotFound, Refused, UnknownVersion
from ..limits import shorten
from ..openapi import SUMMARY_KEYS, openapi_document
from ..schema import (
    InvalidSchemaError,
    SchemaProblem,
    dashboard_json_schema,
    id_problem,
    normalize,
    parse_json,
    problems_of,
)
from ..settings import MAX_PER_PAGE, ConfigurationError
from ..storage import DuplicateDashboard, StorageUnavailable, version_of
from ..utils import PageOutOfRange
from . import JSON_ENDPOINTS, READ_ONLY_POSTS, charts, json_problem

#: Where the API lives, below the blueprint's own prefix.
API_ROOT = "/jsondash/api"
#: How many results a search answers unless asked (``limit``).
SEARCH_LIMIT = 100
#: Words a query-string switch (``?overwrite=``) may be.
YES = {"1", "true", "yes", "on"}
NO = {"", "0", "false", "no", "off"}
#: The keys of the bodies of POST /dashboards and POST .../restore.
SAVE_KEYS = ("dashboard", "overwrite", "message", "global")
RESTORE_KEYS = ("version", "expected_version", "message", "overwrite")

#: The API's views (the Flask-WTF exemption needs the functions).
API_VIEWS: list[Callable[..., Any]] = []
#: The endpoints of the routes that answer every other path under the API.
UNKNOWN_ENDPOINTS = {f"{charts.name}.{name}" for name in ("api_unknown", "api_root", "api_root_")}


# Answers -------------------------------------------------------------------------------------


def _invalid(problems: list[SchemaProblem]) -> Response:
    count = len(problems)
    listed = "; ".join(str(p) for p in problems[:3]) + ("; ..." if count > 3 else "")
    message = f"The dashboard was not saved: {count} problem{'s' * (count != 1)} ({listed})."
    return json_problem(400, message, problems)


def _answer_refusal(exc: Exception, *, unknown_version_status: int = 400) -> Response:
    """The JSON answer to one of the service's refusals."""
    if isinstance(exc, Conflict):
        return json_problem(412, exc.message, **exc.as_dict())
    if isinstance(exc, UnknownVersion):
        return json_problem(unknown_version_status, exc.message)
    if isinstance(exc, Refused):
        return json_problem(exc.status, exc.message)
    if isinstance(exc, NotFound):
        return json_problem(404, str(exc))
    if isinstance(exc, InvalidSchemaError):
        return _invalid(exc.problems)
    raise exc


def _propagates() -> bool:
    """Whether Flask lets an error through (testing, debugging) instead of answering 500."""
    propagate = current_app.config.get("PROPAGATE_EXCEPTIONS")
    if propagate is None:
        return bool(current_app.testing or current_app.debug)
    return bool(propagate)


def api_route(rule: str, methods: tuple[str, ...] = ("GET",), reads: bool = True) -> Callable:
    """Register a view of the API at ``API_ROOT + rule``: its endpoint is ``api_<name>``, its
    errors are JSON, and the service's refusals become their JSON answers (an unknown version
    is a 404 for a view that ``reads``, a 400 for one that changes something)."""

    def register(view: Callable[..., BaseResponse]) -> Callable[..., BaseResponse]:
        @functools.wraps(view)
        def answer(**kwargs: Any) -> BaseResponse:
            try:
                return view(**kwargs)
            except BodyRefused as exc:
                return json_problem(exc.status, exc.message)
            except (Refused, NotFound, InvalidSchemaError) as exc:
                return _answer_refusal(exc, unknown_version_status=404 if reads else 400)
            except (RequestEntityTooLarge, StorageUnavailable, ConfigurationError):
                raise  # the blueprint's handlers answer these (in JSON on the API's routes)
            except HTTPException as exc:
                return json_problem(exc.code or 500, exc.description or exc.name)
            except Exception:
                if _propagates():
                    raise
                current_app.log_exception(sys.exc_info())
                return json_problem(500, "The request failed on the server; it was logged.")

        endpoint = f"api_{view.__name__}"
        charts.add_url_rule(API_ROOT + rule, endpoint, answer, methods=list(methods))
        JSON_ENDPOINTS.add(f"{charts.name}.{endpoint}")
        API_VIEWS.append(answer)
        return answer

    return register


def _dashboard_url(c_id: str) -> str:
    return url_for("jsondash.view", c_id=c_id)


# Reading the request ------------------------------------------------------------------------


def _whole_arg(name: str, upper: int, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= upper:
        raise InvalidRequest(
            f"{name} must be a whole number from 1 to {upper:,} (got {shorten(repr(raw), 40)})."
        )
    return int(text)


def _switch_arg(name: str) -> bool:
    raw = request.args.get(name, "")
    if raw.strip().lower() in YES:
        return True
    if raw.strip().lower() in NO:
        return False
    raise InvalidRequest(f"{name} must be true or false (got {shorten(repr(raw), 40)}).")


def _search_args() -> tuple[str | None, list[str]]:
    return request.args.get("q"), request.args.getlist("tag")


class BodyRefused(Exception):
    """A request body that cannot be read; ``status``: 400, or 415 for one that is not JSON."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def _json_body(keys: tuple[str, ...]) -> dict[str, Any]:
    """The request's body: a JSON object with no keys but ``keys``. Raises
    :class:`BodyRefused`."""
    if not request.is_json:
        raise BodyRefused(
            "Send the body as JSON, with the header Content-Type: application/json "
            f"(got {shorten(repr(request.content_type or 'none'), 60)}). Nothing was changed.",
            415,
        )
    raw = request.get_data(cache=True)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyRefused("The request body is not UTF-8 text. Nothing was changed.") from None
    try:
        body = parse_json(text, what="The request body")
    except InvalidSchemaError as exc:
        problem = exc.problems[0]
        raise BodyRefused(f"{problem.path} {problem.message}. Nothing was changed.") from None
    if not isinstance(body, dict):
        raise BodyRefused("The request body must be a JSON object. Nothing was changed.")
    unknown = [str(key) for key in body if key not in keys]
    if unknown:
        raise BodyRefused(
            f"Unknown key{'s' * (len(unknown) > 1)} in the request body: "
            f"{', '.join(shorten(repr(k), 40) for k in unknown[:5])}; it takes "
            f"{', '.join(keys)}. Nothing was changed."
        )
    return body


def _switch(body: Mapping[str, Any], key: str) -> bool:
    value = body.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise BodyRefused(f'"{key}" must be true or false (got {shorten(repr(value), 40)}).')
    return value


# Dashboards ----------------------------------------------------------------------------------


def _summary(view: Mapping[str, Any]) -> dict[str, Any]:
    return {
        **{key: view.get(key) for key in SUMMARY_KEYS},
        "url": _dashboard_url(str(view["id"])),
    }


@api_route("/dashboards")
def list_dashboards() -> Response:
    """One page of the dashboards this user may list, narrowed by ``q`` (name, category or a
    tag) and ``tag`` (each one carried): ``{dashboards, total, page, per_page, pages, q,
    tags}``. A page past the last one is empty."""
    page = _whole_arg("page", 10**9, default=1)
    per_page = _whole_arg("per_page", MAX_PER_PAGE)
    q, tags = _search_args()
    try:
        found = dashboards.listing(page, per_page, q=q, tags=tags)
        views, paging = found.views, found.paginator
    except PageOutOfRange:
        found = dashboards.listing(1, per_page, q=q, tags=tags)
        views, paging = [], found.paginator
    return jsonify(
        {
            "dashboards": [_summary(view) for view in views],
            "total": found.count,
            "page": page,
            "per_page": paging.per_page,
            "pages": len(paging.num_pages),
            "q": found.query,
            "tags": list(found.tags),
        }
    )


@api_route("/dashboards/<c_id>")
def get_dashboard(c_id: str) -> Response:
    """A dashboard and what the server knows about it: ``{dashboard, meta}``."""
    stored = dashboards.readable(c_id)
    meta = dashboards.meta(c_id, stored)
    return jsonify({"dashboard": stored, "meta": {**meta, "url": _dashboard_url(c_id)}})


def _exists(c_id: str, stored: Mapping[str, Any]) -> Response:
    """412: a dashboard with this id exists, and the save did not say which version of it it
    edited, nor that it overwrites it."""
    meta = dashboards.meta(c_id, stored)
    current = version_of(stored)
    who = meta["updated_by"] or "someone"
    when = f" at {meta['updated']}" if meta["updated"] else ""
    return json_problem(
        412,
        f'A dashboard with id "{shorten(c_id)}" exists (version {current}, saved by {who}'
        f'{when}). To save over it, send the version you edited as the dashboard\'s "version", '
        'or "overwrite": true to replace it. Nothing was saved.',
        expected_version=None,
        current_version=current,
        saved_by=meta["updated_by"],
        saved_at=meta["updated"],
    )


@api_route("/dashboards", methods=("POST",), reads=False)
def save_dashboard() -> Response:
    """Create a dashboard, or save one whose ``id`` exists (as Grafana's API does): the body is
    ``{dashboard, overwrite, message, global}``; the dashboard's ``version`` is the version it
    was edited from, checked unless ``overwrite``. ``global``: true makes it global, false (on a
    save) makes a global one ordinary again; absent, a save keeps its owner."""
    body = _json_body(SAVE_KEYS)
    document = body.get("dashboard")
    if not isinstance(document, dict):
        raise BodyRefused('"dashboard" must be the dashboard: a JSON object. Nothing was saved.')
    overwrite = _switch(body, "overwrite")
    make_global = None if body.get("global") is None else _switch(body, "global")
    message = body.get("message")
    c_id = document.get("id")
    if c_id is not None and c_id != "":
        if not isinstance(c_id, str):
            raise InvalidSchemaError([SchemaProblem("id", id_problem(c_id) or "must be text")])
        try:
            dashboards.load(c_id)
        except NotFound:
            pass
        else:
            return _save_existing(c_id, document, message, overwrite, make_global)
    try:
        created = dashboards.create_document(
            document, message=message, wants_global=bool(make_global)
        )
    except DuplicateDashboard:  # created by someone else since it was looked for
        if not c_id:  # a made id that was taken: never seen, but not a 500 if it were
            return json_problem(409, "Please try again. Nothing was saved.")
        return _exists(c_id, dashboards.load(c_id))
    return _saved(created, created=True)


def _save_existing(
    c_id: str, document: dict, message: Any, overwrite: bool, make_global: bool | None
) -> Response:
    expected = dashboards.parse_version(document.get("version"), "dashboard's version")
    if expected is None and not overwrite:
        return _exists(c_id, dashboards.saveable(c_id))
    saved = dashboards.save_document(
        c_id,
        document,
        expected_version=expected,
        message=message,
        overwrite=overwrite,
        make_global=make_global,
    )
    return _saved(saved, created=False)


def _saved(document: Mapping[str, Any], created: bool) -> Response:
    c_id = str(document["id"])
    return jsonify(
        {
            "ok": True,
            "id": c_id,
            "version": version_of(document),
            "url": _dashboard_url(c_id),
            "created": created,
        }
    )


@api_route("/dashboards/<c_id>", methods=("DELETE",), reads=False)
def delete_dashboard(c_id: str) -> Response:
    """Delete a dashboard and its history (``?overwrite=true`` for one that is not
    editable, by someone the ``edit_others`` hook allows)."""
    dashboards.delete(c_id, overwrite=_switch_arg("overwrite"))
    return jsonify({"ok": True, "id": c_id, "message": f'Deleted dashboard "{shorten(c_id)}"'})


# Versions ------------------------------------------------------------------------------------


@api_route("/dashboards/<c_id>/versions")
def list_versions(c_id: str) -> Response:
    """The kept versions of a dashboard, newest first."""
    return jsonify({"id": c_id, "versions": dashboards.versions(c_id)})


@api_route("/dashboards/<c_id>/versions/<number>")
def get_version(c_id: str, number: str) -> Response:
    """One kept version, with the document as it was."""
    return jsonify({"id": c_id, **dashboards.version(c_id, number)})


@api_route("/dashboards/<c_id>/versions/<older>/diff/<newer>")
def diff_versions(c_id: str, older: str, newer: str) -> Response:
    """What changed from one kept version to another."""
    return jsonify({"id": c_id, **dashboards.diff(c_id, older, newer)})


@api_route("/dashboards/<c_id>/restore", methods=("POST",), reads=False)
def restore_version(c_id: str) -> Response:
    """Make a kept version the dashboard again, as a new version: ``{version,
    expected_version, message, overwrite}``."""
    body = _json_body(RESTORE_KEYS)
    if body.get("version") is None:
        raise BodyRefused('Say which version to restore: "version", a whole number from 0.')
    expected = dashboards.parse_version(body.get("expected_version"), "expected_version")
    saved = dashboards.restore(
        c_id,
        body["version"],
        expected_version=expected,
        message=body.get("message"),
        overwrite=_switch(body, "overwrite"),
    )
    return jsonify(
        {
            "ok": True,
            "id": c_id,
            "version": version_of(saved),
            "restored": dashboards.parse_version(body["version"]),
            "url": _dashboard_url(c_id),
        }
    )


# Search and tags -----------------------------------------------------------------------------


@api_route("/search")
def search() -> Response:
    """The first ``limit`` dashboards matching ``q`` and ``tag``, in short (for pickers and
    menus): ``{results: [{id, name, category, tags, version, is_global, url}], total, ...}``."""
    limit = _whole_arg("limit", MAX_PER_PAGE, default=SEARCH_LIMIT) or SEARCH_LIMIT
    q, tags = _search_args()
    found = dashboards.listing(1, max(limit, 2), q=q, tags=tags)
    keys = ("id", "name", "category", "tags", "version", "is_global")
    results = [
        {**{key: view.get(key) for key in keys}, "url": _dashboard_url(view["id"])}
        for view in found.views[:limit]
    ]
    return jsonify(
        {
            "results": results,
            "total": found.count,
            "limit": limit,
            "q": found.query,
            "tags": list(found.tags),
        }
    )


@api_route("/tags")
def list_tags() -> Response:
    """Every tag of the dashboards this user may list (narrowed by ``q`` and ``tag``), with how
    many carry it, the most used first."""
    q, tags = _search_args()
    return jsonify({"tags": dashboards.tags(q, tags)})


# The schema, checking, and the description of it all ------------------------------------------


@charts.route(f"{API_ROOT}/schema.json")
def schema() -> Response:
    """The JSON Schema of a dashboard document, built from the chart registry."""
    response = jsonify(dashboard_json_schema())
    response.mimetype = "application/schema+json"
    return response


@charts.route(f"{API_ROOT}/validate", methods=["POST"])
def validate() -> Response:
    """Check a dashboard (the request body, as JSON) without saving it.

    Answers ``{"valid": bool, "problems": [{"path", "message"}, ...]}``; the editor uses it to
    show problems as the user types.
    """
    try:
        document = parse_json(request.get_data(as_text=True))
    except InvalidSchemaError as exc:
        problems = exc.problems
    else:
        if isinstance(document, dict):
            problems = problems_of(normalize(document))
        else:
            problems = [SchemaProblem("", "the config must be a JSON object")]
    return jsonify({"valid": not problems, "problems": [p.as_dict() for p in problems]})


JSON_ENDPOINTS.update({f"{charts.name}.schema", f"{charts.name}.validate"})


def api_base_url() -> str:
    """Where the API's paths start for this request: the script root and the blueprint's
    prefix (``""`` when mounted at the root)."""
    here = url_for(f"{charts.name}.api_openapi")
    return here[: -len(f"{API_ROOT}/openapi.json")]


@api_route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    cookie = str(current_app.config.get("SESSION_COOKIE_NAME") or "session")
    return jsonify(openapi_document(api_base_url() or "/", session_cookie=cookie))


# Unknown routes and methods --------------------------------------------------------------------

#: The methods some route of the API takes (HEAD and OPTIONS come with them).
API_METHODS = ("GET", "POST", "DELETE")


def _unmatched() -> Response:
    """404 for a path of no route of the API; 405 (with Allow) for a method the path's route
    does not take."""
    adapter = current_app.create_url_adapter(request)
    allowed = []
    for method in API_METHODS:
        try:
            endpoint, _args = adapter.match(method=method)  # type: ignore[union-attr]
        except (HTTPException, RequestRedirect):
            continue
        if endpoint in JSON_ENDPOINTS and endpoint not in UNKNOWN_ENDPOINTS:
            allowed.append(method)
    docs = f"{api_base_url()}{API_ROOT}/openapi.json"
    if allowed:
        response = json_problem(
            405,
            f"{request.method} is not a method of {shorten(request.path, 200)}; it takes "
            f"{', '.join(allowed)}. The API is described at {docs}.",
        )
        response.headers["Allow"] = ", ".join([*allowed, "HEAD", "OPTIONS"])
        return response
    return json_problem(
        404,
        f"There is no route {shorten(request.path, 200)} in the dashboards' API; it is "
        f"described at {docs}.",
    )


ANY_METHOD = ("GET", "POST", "PUT", "PATCH", "DELETE")


@api_route("/<path:rest>", methods=ANY_METHOD)
def unknown(rest: str) -> Response:
    """Every other path under the API (and other methods of its paths): JSON, not a page."""
    return _unmatched()


for _rule, _endpoint in ((API_ROOT, "api_root"), (f"{API_ROOT}/", "api_root_")):
    charts.add_url_rule(_rule, _endpoint, unknown, defaults={"rest": ""}, methods=ANY_METHOD)
JSON_ENDPOINTS.update(UNKNOWN_ENDPOINTS)
# Asking for a route that does not exist changes nothing, so it needs no CSRF token (the answer
# is the 404, not a complaint about the token).
READ_ONLY_POSTS.update(UNKNOWN_ENDPOINTS)


def _under_api(path: str) -> bool:
    base = api_base_url()[len(request.script_root) :]
    return path == f"{base}{API_ROOT}" or path.startswith(f"{base}{API_ROOT}/")


@charts.before_request
def _no_static_files_under_the_api() -> Response | None:
    """A path under the API that the static files' route took (``/jsondash/api//x``: a path
    converter takes no leading slash, so the API's catch-all does not): JSON, as for any other
    path of no route (there are no static files under ``api/``)."""
    if request.endpoint == f"{charts.name}._static":
        filename = str((request.view_args or {}).get("filename", ""))
        if filename == "api" or filename.startswith("api/"):
            return _unmatched()
    return None


@charts.before_app_request
def _json_routing_errors() -> Response | None:
    """A request under the API that matched no route at all (a method no route knows): JSON."""
    failed = request.routing_exception
    if failed is None or isinstance(failed, RequestRedirect):
        return None
    if isinstance(failed, MethodNotAllowed | RouteNotFound) and _under_api(request.path):
        return _unmatched()
    return None


# Flask-WTF -------------------------------------------------------------------------------------


def exempt_api_from_flask_wtf(app: Any) -> None:
    """Tell the host's Flask-WTF CSRFProtect, if any, to leave the API's views to
    flask_jsondash: it checks the same token itself (so its refusals are JSON), and honours
    :func:`flask_jsondash.csrf.exempt_this_request`. Not when JSONDASH_CSRF is off: then
    CSRFProtect keeps checking them, as it checks the pages."""
    protect = app.extensions.get("csrf")
    if protect is None or not hasattr(protect, "exempt"):
        return
    if not app.config.get("JSONDASH_CSRF", True):
        return
    for view in API_VIEWS:
        protect.exempt(view)


@charts.record_once
def _exempt_on_register(state: Any) -> None:
    exempt_api_from_flask_wtf(state.app)


@charts.before_app_request
def _exempt_when_flask_wtf_came_later() -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.extensions.get("_jsondash_api_wtf_checked"):
        app.extensions["_jsondash_api_wtf_checked"] = True
        exempt_api_from_flask_wtf(app)
