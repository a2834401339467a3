"""The original's ``flask_jsondash.db``: its names, over the storage package.

``DB_NAME`` (the backend used when neither app.config nor the environment names one),
``get_db_handler``, ``format_charts`` and ``reformat_data`` are the original's; the rest is
:mod:`flask_jsondash.storage`, re-exported for code that imports it from here.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import settings as _settings
from .dashboards import reformat_data
from .forms import MODULE_PREFIX, format_charts
from .settings import ConfigurationError
from .storage import (
    SUMMARY_FIELDS,
    AppAdapter,
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    StorageError,
    StorageUnavailable,
    json_safe,
    make_store,
    now_string,
    store_for,
    update_fields,
    use_store,
)

#: The original's name: the backend used when neither app.config nor the environment names one.
DB_NAME = _settings.ACTIVE_DB


def get_db_handler(app: Flask | None = None) -> Any:
    """The storage adapter of ``app`` (default: the current app), created on first use.

    Outside an app context and without ``app``, the adapter that the environment variables
    choose. An unknown backend raises :class:`flask_jsondash.settings.UnsupportedDatabase`
    (a ``NotImplementedError``, as in the original).
    """
    # DB_NAME is read here, at call time, so that code (and the original's tests) may set it.
    return store_for(app, default_backend=DB_NAME)


def set_db_handler(store: Any, app: Flask | None = None) -> None:
    """Use ``store`` as the adapter of ``app`` (default: the current app) instead of the one
    ``CHARTS_ACTIVE_DB`` chooses.

    ``store`` is a :class:`DashboardStore`, or any object with the original's methods (``read``,
    ``create``, ``update``, ``delete``, ``delete_all``, ``count``, ``filter``): the blueprint then
    pages and counts in Python. None goes back to the configured adapter.
    """
    use_store(store, app)


__all__ = [
    "DB_NAME",
    "MODULE_PREFIX",
    "SUMMARY_FIELDS",
    "AppAdapter",
    "ConfigurationError",
    "DashboardQuery",
    "DashboardStore",
    "DuplicateDashboard",
    "StorageError",
    "StorageUnavailable",
    "format_charts",
    "get_db_handler",
    "json_safe",
    "make_store",
    "now_string",
    "reformat_data",
    "set_db_handler",
    "update_fields",
]
