"""CSRF protection for the blueprint's forms.

Every form the blueprint renders carries a per-session token in a ``csrf_token`` field; every
state-changing request must send it back (as that form field, or in an ``X-CSRFToken`` header).
When the host app uses Flask-WTF's ``CSRFProtect``, its token is used instead, so one token
serves both. ``JSONDASH_CSRF = False`` turns the check off.
"""

from __future__ import annotations

import hmac
import secrets

from flask import current_app, g, request, session

from .utils import setting

TOKEN_FIELD = "csrf_token"
TOKEN_HEADER = "X-CSRFToken"
SESSION_KEY = "_jsondash_csrf_token"


class CSRFError(Exception):
    """A state-changing request without a valid token; answered with HTTP 400."""


class MissingSecretKey(CSRFError):
    """The app has no secret key, so there is no session to keep a token in."""


def csrf_enabled() -> bool:
    """Whether the blueprint checks CSRF tokens (``JSONDASH_CSRF``, on by default)."""
    return bool(setting("JSONDASH_CSRF"))


def _uses_flask_wtf() -> bool:
    return "csrf" in current_app.extensions


def generate_csrf_token() -> str:
    """The token to put in a form; empty when the app has no secret key to keep it with."""
    if not current_app.secret_key:
        return ""
    if _uses_flask_wtf():
        from flask_wtf.csrf import generate_csrf

        return generate_csrf()
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def exempt_this_request() -> None:
    """Let the current request change dashboards without the token.

    For a host app's ``before_request`` that has authenticated the request by something a
    browser never sends on its own, such as an ``Authorization: Bearer`` header (a cross-site
    page cannot forge it, so the request needs no CSRF token). Never call it for a request
    that is authenticated by a cookie. See docs/api.md.
    """
    g._jsondash_csrf_exempt = True


def check_csrf_token() -> None:
    """Raise :class:`CSRFError` unless this request carries the session's token (or was
    exempted by :func:`exempt_this_request`)."""
    if not csrf_enabled() or g.get("_jsondash_csrf_exempt"):
        return
    if not current_app.secret_key:
        raise MissingSecretKey(
            "Saving is disabled because this app has no SECRET_KEY: flask_jsondash keeps its "
            "form security token in the session. Set app.config['SECRET_KEY'] (or turn the "
            "check off with JSONDASH_CSRF = False)."
        )
    sent = request.form.get(TOKEN_FIELD) or request.headers.get(TOKEN_HEADER) or ""
    if _uses_flask_wtf():
        from flask_wtf.csrf import ValidationError, validate_csrf

        try:
            validate_csrf(sent)
        except ValidationError as exc:
            raise CSRFError(f"The form's security token was rejected: {exc}") from None
        return
    if not sent:
        raise CSRFError("The form's security token is missing.")
    expected = session.get(SESSION_KEY)
    # compare bytes: hmac.compare_digest refuses str with non-ASCII characters.
    if not expected or not hmac.compare_digest(
        str(sent).encode("utf-8", "replace"), str(expected).encode("utf-8", "replace")
    ):
        raise CSRFError(
            "The form's security token does not match this session (it may have expired)."
        )
