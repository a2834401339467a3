"""Storage: the adapter interface every database implements, and picking one per app.

An adapter keeps dashboards, which are JSON documents identified by their ``id``. It pages,
counts and filters in the database; nothing here loads every dashboard into Python. The
adapter is chosen per app from ``CHARTS_ACTIVE_DB`` (app.config first, then the environment),
created on first use, and kept in ``app.extensions["jsondash"]``.
"""

from __future__ import annotations

import abc
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import Flask, current_app, has_app_context

from .schema import InvalidSchemaError, SchemaProblem
from .settings import ConfigurationError, DatabaseSettings, database_settings

MODULE_PREFIX = "module_"
SUMMARY_FIELDS = ("id", "name", "category", "created_by", "date", "layout")


class StorageError(RuntimeError):
    """The database could not do what was asked."""


class StorageUnavailable(StorageError):
    """The database cannot be reached or opened; the message names the setting to check."""


class DuplicateDashboard(StorageError):
    """A dashboard with this id already exists."""


@dataclass(frozen=True)
class DashboardQuery:
    """Which dashboards a listing shows.

    ``owners``: only dashboards whose ``created_by`` is one of these (None: everyone's).
    """

    owners: tuple[str | None, ...] | None = None


class DashboardStore(abc.ABC):
    """What every storage adapter provides. Documents go in and come out as plain dicts."""

    #: Short name of the backend, as CHARTS_ACTIVE_DB spells it.
    name = "abstract"

    @abc.abstractmethod
    def get(self, c_id: str) -> dict | None:
        """The whole dashboard with this id, or None."""

    @abc.abstractmethod
    def filter(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        """Summaries of dashboards, sorted by category then name (case-insensitive).

        Each summary has the keys of :data:`SUMMARY_FIELDS` and ``num_modules``.
        """

    @abc.abstractmethod
    def count(self, query: DashboardQuery | None = None) -> int:
        """How many dashboards match."""

    @abc.abstractmethod
    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        """The distinct, non-empty categories in use, sorted."""

    @abc.abstractmethod
    def create(self, data: Mapping[str, Any]) -> str:
        """Store a new dashboard (which must have an ``id``); return its id.

        Raises :class:`DuplicateDashboard` if the id is taken.
        """

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        """Store many new dashboards at once (fixtures, benchmarks); return how many.

        Adapters override this with one bulk write; ids must not be taken.
        """
        for document in documents:
            self.create(document)
        return len(documents)

    @abc.abstractmethod
    def update(self, c_id: str, data: Mapping[str, Any]) -> bool:
        """Replace the stored dashboard ``c_id`` with ``data``; False if there is none."""

    @abc.abstractmethod
    def delete(self, c_id: str) -> bool:
        """Delete one dashboard; False if there was none."""

    @abc.abstractmethod
    def delete_all(self) -> int:
        """Delete every dashboard; return how many there were."""

    def read(self, c_id: str | None = None, **kwargs: Any) -> Any:
        """The original's reader: one dashboard by ``c_id``, or summaries of many.

        Without ``c_id``, keyword arguments are those of :meth:`filter`.
        """
        if c_id is not None:
            return self.get(c_id)
        return self.filter(**kwargs)

    def close(self) -> None:  # noqa: B027 - optional for adapters
        """Release connections; the adapter may be used again afterwards."""


def now_string() -> str:
    """The time stamp saved in a dashboard's ``date`` (UTC, ISO 8601)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def json_safe(document: Mapping[str, Any]) -> dict:
    """A copy of a stored document with only JSON types (dates become strings, no ``_id``)."""
    cleaned = {k: v for k, v in document.items() if k != "_id"}
    if isinstance(cleaned.get("date"), datetime):
        cleaned["date"] = cleaned["date"].isoformat()
    return json.loads(json.dumps(cleaned, default=str))


def format_charts(data: Mapping[str, Any]) -> list[dict]:
    """Decode the ``module_<guid>`` fields of a dashboard form into module dicts, in form order.

    Empty fields are skipped. A field that is not a JSON object raises
    :class:`InvalidSchemaError` naming the field.
    """
    modules = []
    problems = []
    for key in data:
        if not key.startswith(MODULE_PREFIX):
            continue
        raw = data[key]
        if raw is None or not str(raw).strip():
            continue
        try:
            module = json.loads(raw)
        except (TypeError, ValueError) as exc:
            problems.append(SchemaProblem(key, f"is not valid JSON: {exc}"))
            continue
        if not isinstance(module, dict):
            problems.append(SchemaProblem(key, "must be a JSON object describing one module"))
            continue
        modules.append(module)
    if problems:
        raise InvalidSchemaError(problems)
    return modules


def reformat_data(data: dict, c_id: str | None = None) -> dict:
    """Stamp a dashboard for saving: set its ``date`` to now and, when given, its ``id``.

    Updates ``data`` in place and returns it.
    """
    data["date"] = now_string()
    if c_id is not None:
        data["id"] = c_id
    return data


@dataclass
class JsondashState:
    """Per-app state, kept in ``app.extensions["jsondash"]``."""

    store: DashboardStore | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_store(settings: DatabaseSettings) -> DashboardStore:
    """Build the adapter that ``settings.active`` names. Opens no connection."""
    if settings.active == "sqlite":
        from .sqlite_adapter import Db as SqliteDb

        return SqliteDb(settings)
    from .mongo_adapter import Db as MongoDb

    return MongoDb.from_settings(settings)


def get_db_handler(app: Flask | None = None) -> DashboardStore:
    """The storage adapter of ``app`` (default: the current app), created on first use.

    Outside an app context and without ``app``, an adapter is built from the environment
    variables alone.
    """
    if app is None:
        if not has_app_context():
            return make_store(database_settings({}, "instance"))
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    state = app.extensions.setdefault("jsondash", JsondashState())
    if state.store is None:
        with state.lock:
            if state.store is None:
                state.store = make_store(database_settings(app.config, app.instance_path))
    return state.store


__all__ = [
    "ConfigurationError",
    "DashboardQuery",
    "DashboardStore",
    "DuplicateDashboard",
    "StorageError",
    "StorageUnavailable",
    "format_charts",
    "get_db_handler",
    "reformat_data",
]
