"""Where dashboards are kept: the adapter interface (:mod:`.base`), one module per backend
(:mod:`.sqlite`, :mod:`.mongo`), the original's module-level adapter (:mod:`.adapter`), and the
choice of backend per app.

The adapter is chosen per app from ``CHARTS_ACTIVE_DB`` (app.config first, then the environment,
then the default backend), built on first use (no connection is opened then) and kept in the
app's state. A host may give its own adapter instead.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app, g, has_app_context

from ..settings import DatabaseSettings, database_settings
from ..state import state_of
from .adapter import AppAdapter
from .base import (
    SUMMARY_FIELDS,
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    SavedVersion,
    StorageError,
    StorageUnavailable,
    json_safe,
    now_string,
    search_text,
    tags_of,
    update_fields,
    version_of,
)


def make_store(settings: DatabaseSettings) -> DashboardStore:
    """Build the adapter that ``settings.active`` names. Opens no connection."""
    if settings.active == "sqlite":
        from .sqlite import Db as SqliteDb

        return SqliteDb(settings)
    from .mongo import Db as MongoDb

    return MongoDb.from_settings(settings)


_standalone: dict[DatabaseSettings, DashboardStore] = {}
_standalone_lock = threading.Lock()


def store_for(app: Flask | None = None, default_backend: str = "mongo") -> Any:
    """The storage adapter of ``app`` (default: the current app), built on first use.

    Outside an app context and without ``app``, the adapter that the environment variables
    choose. Settings are resolved on every call, so a changed app.config takes effect (the
    environment is read once per app context: a request asks for its adapter several times);
    an unusable one raises :class:`flask_jsondash.settings.ConfigurationError` naming it.
    """
    if app is None:
        if not has_app_context():
            settings = database_settings({}, "instance", default_backend)
            with _standalone_lock:
                if settings not in _standalone:
                    _standalone[settings] = make_store(settings)
                return _standalone[settings]
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    state = state_of(app)
    if state.injected is not None:
        return state.injected
    in_context = has_app_context()
    if in_context:
        config = app.config
        inputs = (
            app,
            default_backend,
            app.instance_path,
            *((value.__class__, value) for value in map(config.get, DATABASE_SETTINGS)),
        )
        found = g.get(_RESOLVED_KEY)
        if found is not None and found[0] == inputs and found[1] is state.store:
            return state.store
    settings = database_settings(app.config, app.instance_path, default_backend)
    if state.store is None or state.settings != settings:
        with state.lock:
            if state.store is None or state.settings != settings:
                if state.store is not None:
                    state.store.close()
                state.store, state.settings = make_store(settings), settings
    if in_context:
        setattr(g, _RESOLVED_KEY, (inputs, state.store))
    return state.store


#: Every setting :func:`database_settings` reads (from app.config, then the environment).
DATABASE_SETTINGS = (
    "CHARTS_ACTIVE_DB",
    "CHARTS_DB_PORT",
    "CHARTS_DB_TIMEOUT",
    "CHARTS_DB_SYNCHRONOUS",
    "CHARTS_DB_TABLE",
    "CHARTS_DB_HOST",
    "CHARTS_DB_NAME",
    "CHARTS_DB_DB",
    "CHARTS_DB_URI",
    "CHARTS_DB_PATH",
)
#: Where the app context keeps what its adapter was resolved from (with the adapter).
_RESOLVED_KEY = "_jsondash_store_resolved"


def use_store(store: Any, app: Flask | None = None) -> None:
    """Use ``store`` as the adapter of ``app`` (default: the current app) instead of the one
    ``CHARTS_ACTIVE_DB`` chooses; None goes back to that one."""
    state_of(app).injected = store


__all__ = [
    "SUMMARY_FIELDS",
    "AppAdapter",
    "DashboardQuery",
    "DashboardStore",
    "DuplicateDashboard",
    "SavedVersion",
    "StorageError",
    "StorageUnavailable",
    "json_safe",
    "make_store",
    "now_string",
    "search_text",
    "store_for",
    "tags_of",
    "update_fields",
    "use_store",
    "version_of",
]
