"""``JsonDash``: flask_jsondash as a Flask extension.

::

    jsondash = JsonDash(app)                  # or JsonDash() ... jsondash.init_app(app)

    @jsondash.auth_hook("create")
    def may_create(**kwargs):
        return current_user.is_admin

    @jsondash.metadata_hook("created_by")
    def creator():
        return current_user.name

``init_app`` registers the blueprint, fills in the settings' defaults, and checks the
configuration at once: an unknown backend, a malformed setting, or a missing ``SECRET_KEY`` while
CSRF protection is on fails here, with a sentence naming the setting, instead of answering every
request with an error. ``app.register_blueprint(charts)`` alone keeps working as in the original.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from .families import BUILTIN, Family
from .settings import DEFAULT_CONFIG, ConfigurationError
from .state import JsondashState, state_of

Hook = Callable[..., Any]


class JsonDash:
    """flask_jsondash for one app (or, with :meth:`init_app`, for several)."""

    def __init__(self, app: Flask | None = None, store: Any = None) -> None:
        self._apps: list[Flask] = []
        self._auth_hooks: dict[str, Hook] = {}
        self._metadata_hooks: dict[str, Hook] = {}
        self._families: dict[str, Family] = {}
        if app is not None:
            self.init_app(app, store=store)

    def init_app(self, app: Flask, store: Any = None) -> None:
        """Set flask_jsondash up on ``app``; ``store`` replaces the configured database."""
        from . import db, provisioning
        from .views import charts

        for key, value in DEFAULT_CONFIG.items():
            app.config.setdefault(key, value)
        if app.config.get("JSONDASH_CSRF") and not app.secret_key:
            raise ConfigurationError(
                "SECRET_KEY is not set: flask_jsondash keeps its CSRF token in the session, "
                'which needs app.config["SECRET_KEY"] (or set JSONDASH_CSRF = False).'
            )
        provisioning.check_settings(app)  # JSONDASH_PROVISIONING*: a mistake fails here
        state = state_of(app)
        state.auth_hooks.update(self._auth_hooks)
        state.metadata_hooks.update(self._metadata_hooks)
        state.families.update(self._families)
        if store is not None:
            db.set_db_handler(store, app)
        else:
            db.get_db_handler(app)  # builds the adapter now: a bad setting fails at start
        if "jsondash" not in app.blueprints:
            app.register_blueprint(charts)
        self._apps.append(app)

    def _states(self) -> list[JsondashState]:
        return [state_of(app) for app in self._apps]

    def auth_hook(self, authtype: str) -> Callable[[Hook], Hook]:
        """Register the ``auth`` hook for ``authtype`` (``create``, ``view``, ...).

        ``app.config["JSONDASH"]["auth"]`` wins where both name the same hook.
        """

        def register(hook: Hook) -> Hook:
            self._auth_hooks[authtype] = hook
            for state in self._states():
                state.auth_hooks[authtype] = hook
            return hook

        return register

    def register_family(self, family: Family) -> Family:
        """Add a chart family of your own to the apps this object is set up on (and those it
        is set up on later); other apps do not see it.

        ``family`` is a :class:`flask_jsondash.families.Family`: its chart types (names no
        other family uses), its assets (``Asset(url=...)`` for your own files), and the URL of
        its renderer script (``renderer=``), which registers one function per type with
        ``jsondash.renderers.register(name, {...})``. See the README, "Adding a chart family".
        """
        builtin = {f.name for f in BUILTIN}
        if family.name in builtin:
            raise ConfigurationError(
                f"{family.name!r} is a built-in chart family; choose another name."
            )
        taken = {chart[0]: f.name for f in BUILTIN for chart in f.charts}
        for other in self._families.values():
            taken.update(
                {chart[0]: other.name for chart in other.charts if other.name != family.name}
            )
        clashes = sorted(t for t, _ in family.charts if t in taken)
        if clashes:
            owners = ", ".join(sorted({taken[t] for t in clashes}))
            raise ConfigurationError(
                f"Chart types {', '.join(clashes)} of family {family.name!r} are already "
                f"types of {owners}; type names must be unique."
            )
        if not family.renderer:
            raise ConfigurationError(
                f"Family {family.name!r} needs renderer=<the URL of its renderer script>."
            )
        self._families[family.name] = family
        for state in self._states():
            state.families[family.name] = family
        return family

    def metadata_hook(self, key: str) -> Callable[[Hook], Hook]:
        """Register the ``metadata`` hook ``key`` (``created_by``, ``username``, ...)."""

        def register(hook: Hook) -> Hook:
            self._metadata_hooks[key] = hook
            for state in self._states():
                state.metadata_hooks[key] = hook
            return hook

        return register
