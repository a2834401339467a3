"""The ``jsondash`` blueprint: its pages (:mod:`.pages`), its JSON routes (:mod:`.api`), and what
they share: the template context, error pages, CSRF checks and the static files.

Register it on any Flask app (``app.register_blueprint(charts)``, as with the original), or let
:class:`flask_jsondash.JsonDash` do it.
"""

from __future__ import annotations

import mimetypes
import os
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
    send_file,
)
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from .. import __version__, db, provisioning
from ..assets import (
    IMMUTABLE_MAX_AGE,
    StaticFile,
    assets_problem,
    charts_config,
    static_file,
    static_url,
)
from ..compression import (
    MIN_BYTES,
    compress_response,
    compressed_file,
    compressible,
    negotiate,
    static_encodings,
)
from ..csrf import TOKEN_FIELD, CSRFError, check_csrf_token, csrf_enabled, generate_csrf_token
from ..forms import TRUTHY
from ..model_factories import register_commands
from ..permissions import metadata
from ..schema import SchemaProblem
from ..settings import ConfigurationError, database_settings
from ..storage import StorageUnavailable
from ..templating import dims_or_default, js_text, jsonstring
from ..utils import setting

PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TEMPLATE_DIR = os.path.join(PACKAGE_DIR, "templates")
STATIC_DIR = os.path.join(PACKAGE_DIR, "static")
DOCS_URL = "https://github.com/flask-jsondash/flask_jsondash/blob/main/docs/"

charts = Blueprint("jsondash", __name__, template_folder=TEMPLATE_DIR)
# flask jsondash load|dump|fake|delete|provision
register_commands(charts.cli)
charts.add_app_template_filter(dims_or_default, "get_dims")
charts.add_app_template_filter(jsonstring, "jsonstring")
charts.add_app_template_filter(js_text, "js_text")


class PageError(Exception):
    """Stop a request and show the error page with this status and message."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


def flag(name: str) -> bool:
    """Whether a query-string switch (``?embeddable=1``) is on."""
    if not request.query_string:  # most requests: no need to parse it
        return False
    return request.args.get(name, "").strip().lower() in TRUTHY


def _jsondash_static(filename: str) -> str:
    """The URL of one of the blueprint's static files, for templates (versioned: see
    :mod:`flask_jsondash.assets`)."""
    return static_url(filename)


def _csrf_field() -> Markup:
    token = generate_csrf_token()
    return Markup('<input type="hidden" name="{}" value="{}">').format(TOKEN_FIELD, token)


@charts.context_processor
def ctx() -> dict[str, Any]:
    """What every page of the blueprint knows (the original's name for this)."""
    config = setting("JSONDASH") or {}
    static_config = config.get("static") if isinstance(config, dict) else None
    filter_users = bool(setting("JSONDASH_FILTERUSERS"))
    return {
        "static_config": static_config,
        "charts_config": charts_config(),
        "page_title": "dashboards",
        "docs_url": DOCS_URL,
        "demo_mode": flag("jsondash_demo_mode"),
        "embeddable": flag("embeddable"),
        "global_dashuser": setting("JSONDASH_GLOBAL_USER"),
        "global_dashboards": bool(setting("JSONDASH_GLOBALDASH")),
        "username": metadata(key="username") if filter_users else None,
        "filter_dashboards": filter_users,
        "csrf_field": _csrf_field,
        "csrf_token": generate_csrf_token,
        "csrf_on": csrf_enabled(),
        "has_secret_key": bool(current_app.secret_key),
        "jsondash_version": __version__,
        "jsondash_static": _jsondash_static,
        "assets_problem": assets_problem(),
    }


# Errors --------------------------------------------------------------------------------------


#: Endpoints that answer only JSON (the API's: :mod:`.api` adds them); their errors are JSON too,
#: whatever the client accepts.
JSON_ENDPOINTS: set[str] = set()


def wants_json() -> bool:
    """Whether to answer JSON: always on the API's routes, elsewhere when the request asked for
    it (the editor saves with Accept: application/json)."""
    if request.endpoint in JSON_ENDPOINTS:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def json_problem(status: int, message: str, problems: list | None = None, **extra: Any) -> Response:
    """A JSON answer that something was refused: ``{"ok": false, "message", "problems"}``."""
    body = {
        "ok": False,
        "message": message,
        "problems": [p.as_dict() if isinstance(p, SchemaProblem) else p for p in problems or []],
        **extra,
    }
    response = jsonify(body)
    response.status_code = status
    return response


def error_page(
    status: int,
    title: str,
    message: str,
    problems: list | None = None,
    *,
    hint: str | None = None,
    retry: bool = False,
) -> Response:
    """The error page (JSON for clients that ask for it). ``hint``: what may fix it;
    ``retry``: the way on is this page again ("Try again"), not the index, which fails too."""
    if wants_json():
        return json_problem(status, f"{title}: {message}", problems)
    body = render_template(
        "jsondash/pages/error.html",
        status=status,
        title=title,
        message=message,
        problems=problems or [],
        hint=hint,
        retry_url=request.url if retry and request.method == "GET" else None,
        retry=retry,
    )
    return Response(body, status=status)


#: What the 503 page of an unreachable MongoDB says besides the setting to check.
SQLITE_HINT = (
    "No MongoDB server at hand? flask_jsondash can keep dashboards in a SQLite file instead: "
    "set CHARTS_ACTIVE_DB=sqlite (and CHARTS_DB_PATH to name the file; see docs/config.md)."
)


@charts.errorhandler(PageError)
def _page_error(exc: PageError) -> Response:
    return error_page(exc.status, exc.title, exc.message)


def _on_mongo() -> bool:
    """Whether this app keeps its dashboards in MongoDB (false when the settings are broken)."""
    try:
        found = database_settings(current_app.config, current_app.instance_path, db.DB_NAME)
    except ConfigurationError:
        return False
    return found.active == "mongo"


@charts.errorhandler(StorageUnavailable)
@charts.errorhandler(ConfigurationError)
def _storage_unavailable(exc: Exception) -> Response:
    current_app.logger.error("flask_jsondash storage problem: %s", exc)
    response = error_page(
        503,
        "The dashboard database is unavailable",
        str(exc),
        hint=SQLITE_HINT if _on_mongo() else None,
        retry=True,
    )
    response.headers["Retry-After"] = "30"
    return response


@charts.errorhandler(CSRFError)
def _csrf_failed(exc: CSRFError) -> Response:
    if request.endpoint in JSON_ENDPOINTS:
        return json_problem(
            400, f"{exc} Send it in the X-CSRFToken header (docs/api.md). Nothing was changed."
        )
    return error_page(
        400,
        "This form could not be accepted",
        f"{exc} Go back, reload the page and try again. Nothing was changed.",
    )


# CSRF ----------------------------------------------------------------------------------------

#: POST routes that change nothing, so need no CSRF token.
READ_ONLY_POSTS = {"jsondash.validate"}


@charts.before_request
def _limit_and_protect_state_changes() -> None:
    # Bodies are bounded before anything reads them (the CSRF check reads the form).
    limit = _request_limit()
    host_limit = current_app.config.get("MAX_CONTENT_LENGTH")
    request.max_content_length = min(limit, host_limit) if host_limit else limit
    request.max_form_memory_size = limit
    if request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint not in READ_ONLY_POSTS:
        check_csrf_token()


def _request_limit() -> int:
    try:
        return max(int(setting("JSONDASH_MAX_REQUEST_BYTES")), 1024)
    except (TypeError, ValueError):
        return 4_000_000


@charts.errorhandler(413)
def _too_large(_exc: Exception) -> Response:
    return error_page(
        413,
        "This request is too large",
        f"A request to the dashboards may carry at most {_request_limit():,} bytes "
        "(JSONDASH_MAX_REQUEST_BYTES). Nothing was changed.",
    )


# Security headers ------------------------------------------------------------------------------

CDN_ORIGIN = "https://cdn.jsdelivr.net"


def content_security_policy(frame_ancestors: str) -> str:
    """The default policy of the blueprint's pages: scripts and styles from this site (and the
    CDN with JSONDASH_CDN), data from any http(s) address, and framed only by
    ``frame_ancestors``. 'unsafe-eval' is there for Vega's CSV reader; no inline script runs."""
    cdn = f" {CDN_ORIGIN}" if setting("JSONDASH_CDN") else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'unsafe-eval'{cdn}",
            f"style-src 'self' 'unsafe-inline'{cdn}",
            f"font-src 'self' data:{cdn}",
            "img-src 'self' data: blob: http: https:",
            "connect-src 'self' http: https:",
            "frame-src 'self' http: https:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


@charts.after_request
def _security_headers(response: Response) -> Response:
    """nosniff, a referrer policy, and on pages a Content-Security-Policy and who may frame
    them; a header the response already has (the host's) is kept."""
    if not setting("JSONDASH_SECURITY_HEADERS"):
        return response
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        key = "JSONDASH_EMBED_FRAME_ANCESTORS" if flag("embeddable") else "JSONDASH_FRAME_ANCESTORS"
        ancestors = str(setting(key) or "'self'").strip()
        policy = setting("JSONDASH_CONTENT_SECURITY_POLICY")
        if policy is None:
            policy = content_security_policy(ancestors)
        if policy:
            headers.setdefault("Content-Security-Policy", policy)
        if ancestors == "'self'":
            headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def exempt_read_only_posts(app: Any) -> None:
    """Tell the host's Flask-WTF CSRFProtect, if any, that the read-only POSTs need no token
    (it would otherwise answer them with a 400 page, and the editor's live checks would stop)."""
    protect = app.extensions.get("csrf")
    if protect is None or not hasattr(protect, "exempt"):
        return
    from .api import validate  # a view of the read-only POSTs (READ_ONLY_POSTS)

    protect.exempt(validate)


@charts.record_once
def _on_register(state: Any) -> None:
    app = state.app
    exempt_read_only_posts(app)
    with app.app_context():
        problem = assets_problem()
        try:
            database_settings(app.config, app.instance_path, db.DB_NAME)
        except ConfigurationError as exc:
            # Registered without JsonDash (which raises here): say it now, not only per request.
            app.logger.error(
                "flask_jsondash: %s Every page will answer 503 until it is fixed.", exc
            )
    if problem:
        app.logger.warning("flask_jsondash: %s", problem)
    if app.config.get("JSONDASH_SECURITY_HEADERS", True) and not app.config.get(
        "SESSION_COOKIE_SAMESITE"
    ):
        # Flask's default sends the session cookie on cross-site requests; the CSRF token
        # lives in it.
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"

    @app.teardown_appcontext
    def _close_jsondash_connections(_exc: BaseException | None) -> None:
        for close in g.pop("_jsondash_closers", []):
            close()

    # JSONDASH_PROVISIONING: a round now and one every interval, from a thread of this app.
    provisioning.on_app_setup(app)


@charts.before_app_request
def _provision_in_serving_process() -> None:
    # A process that serves and has no provisioner yet (a forked worker, the reloader's child)
    # starts one; a dict lookup after the first request.
    provisioning.on_request(current_app._get_current_object())  # type: ignore[attr-defined]


@charts.before_app_request
def _exempt_when_flask_wtf_came_later() -> None:
    # CSRFProtect set up after the blueprint was registered: exempt before its first check
    # (this hook runs before CSRFProtect's own, which was added to the app after it).
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.extensions.get("_jsondash_wtf_checked"):
        app.extensions["_jsondash_wtf_checked"] = True
        exempt_read_only_posts(app)


# Compression and static files ----------------------------------------------------------------


@charts.after_request
def _compress(response: Response) -> Response:
    """Pages and JSON answers in gzip for clients that accept it (JSONDASH_COMPRESS)."""
    if setting("JSONDASH_COMPRESS"):
        return compress_response(response, request)
    return response


def _asset_max_age() -> int:
    try:
        return max(int(setting("JSONDASH_ASSET_MAX_AGE")), 0)
    except (TypeError, ValueError):
        return 3600


def send_static(found: StaticFile, immutable: bool) -> BaseResponse:
    """One static file: compressed (from the per-process cache) when the client accepts it,
    with its digest as ETag (so If-None-Match answers 304), cached for a year and
    ``immutable`` when the URL named its digest, else for ``JSONDASH_ASSET_MAX_AGE``."""
    max_age = IMMUTABLE_MAX_AGE if immutable else _asset_max_age()
    mimetype = mimetypes.guess_type(found.filename)[0] or "application/octet-stream"
    varies = bool(setting("JSONDASH_COMPRESS")) and compressible(mimetype)
    varies = varies and found.size >= MIN_BYTES
    encoding = negotiate(request, static_encodings()) if varies else None
    body = compressed_file(found, encoding) if encoding else None
    response: BaseResponse
    if encoding and body is not None:
        response = current_app.response_class(body, mimetype=mimetype)
        response.headers["Content-Encoding"] = encoding
        response.set_etag(f"{found.digest}-{encoding}", weak=True)
        response.last_modified = found.mtime  # type: ignore[assignment]
        response.cache_control.public = True
        response.cache_control.max_age = max_age
        response = response.make_conditional(request)
    else:
        response = send_file(
            found.path,
            mimetype=mimetype,
            etag=found.digest,
            last_modified=found.mtime,
            max_age=max_age,
            conditional=True,
        )
    if immutable:
        response.cache_control.immutable = True
    if varies:
        response.vary.add("Accept-Encoding")
    return response


@charts.route("/jsondash/<path:filename>")
def _static(filename: str) -> BaseResponse:
    """The blueprint's own static files (runtime, styles and vendored libraries), at their
    plain URLs: cached for ``JSONDASH_ASSET_MAX_AGE`` seconds (pages link the versioned ones)."""
    found = static_file(filename)
    if found is None:
        abort(404)
    return send_static(found, immutable=False)


@charts.route("/jsondash/v/<digest>/<path:filename>")
def _versioned_static(digest: str, filename: str) -> BaseResponse:
    """A static file at its versioned URL: kept by browsers for a year when ``digest`` is
    the file's; any other digest (an older release's page, a style sheet's relative
    reference) gets the file as it is now, cached as briefly as the plain URL."""
    found = static_file(filename)
    if found is None:
        abort(404)
    return send_static(found, immutable=digest == found.digest)


from . import api, pages  # noqa: E402,F401  (registers the routes on `charts`)
