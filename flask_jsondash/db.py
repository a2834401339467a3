"""Storage: the adapter interface every database implements, and picking one per app.

An adapter keeps dashboards, which are JSON documents identified by their ``id``. It speaks two
languages:

- the original's: ``read(c_id=None, **kwargs)``, ``create(data=None)``,
  ``update(c_id, data=None, fmt_charts=True)``, ``delete(c_id)``, ``delete_all()``,
  ``count(**kwargs)`` and ``filter(*args, **kwargs)``, with the original's arguments and
  results, so code written against the original keeps working;
- the port's own, which pages, counts and filters in the database (nothing loads every
  dashboard into Python): ``get``, ``summaries``, ``count_matching``, ``categories``,
  ``insert``, ``create_many``, ``replace``, ``remove``, ``remove_all`` and ``documents``.

The adapter is chosen per app from ``CHARTS_ACTIVE_DB`` (app.config first, then the
environment, then :data:`DB_NAME`), created on first use and kept in
``app.extensions["jsondash"]``; :func:`set_db_handler` plugs in an adapter of your own.
:data:`flask_jsondash.utils.adapter` (an :class:`AppAdapter`) is the original's module-level way
to reach the current app's adapter; the blueprint reads and writes through it.
"""

from __future__ import annotations

import abc
import json
import threading
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import Flask, current_app, has_app_context

from . import settings as _settings
from .schema import InvalidSchemaError, SchemaProblem
from .settings import ConfigurationError, DatabaseSettings, database_settings

MODULE_PREFIX = "module_"
SUMMARY_FIELDS = ("id", "name", "category", "created_by", "date", "layout")
#: The original's name: the backend used when neither app.config nor the environment names one.
DB_NAME = _settings.ACTIVE_DB
#: How many dashboards :meth:`DashboardStore.documents` reads at a time.
BATCH = 500


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

    def matches(self, document: Mapping[str, Any]) -> bool:
        """Whether one dashboard belongs in this listing."""
        return self.owners is None or document.get("created_by") in self.owners


def update_fields(data: Mapping[str, Any], fmt_charts: bool = True) -> dict[str, Any]:
    """The top-level fields the original's ``update(c_id, data, fmt_charts)`` sets.

    With ``fmt_charts``, ``data`` is a form whose ``module_<guid>`` fields are the modules;
    otherwise its ``modules`` are used as they are. ``layout`` and ``name`` get the original's
    defaults, ``date`` is now, and every key of ``data`` is kept (except the ids, which an
    update never changes).
    """
    modules = format_charts(data) if fmt_charts else data.get("modules")
    fields: dict[str, Any] = {
        "layout": data.get("layout", "freeform"),
        "name": data.get("name", "NONAME"),
        "modules": modules,
        "date": datetime.now(),
    }
    fields.update(dict(data.items()))
    fields.pop("id", None)
    fields.pop("_id", None)
    return fields


class DashboardStore(abc.ABC):
    """What every storage adapter provides. Documents go in and come out as plain dicts."""

    #: Short name of the backend, as CHARTS_ACTIVE_DB spells it.
    name = "abstract"

    # The port's interface ---------------------------------------------------------------

    @abc.abstractmethod
    def get(self, c_id: str) -> dict | None:
        """The whole dashboard with this id, or None."""

    @abc.abstractmethod
    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        """Summaries of dashboards, sorted by category then name (case-insensitive).

        Each summary has the keys of :data:`SUMMARY_FIELDS` and ``num_modules``.
        """

    @abc.abstractmethod
    def count_matching(self, query: DashboardQuery | None = None) -> int:
        """How many dashboards match."""

    @abc.abstractmethod
    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        """The distinct, non-empty categories in use, sorted."""

    @abc.abstractmethod
    def insert(self, document: Mapping[str, Any]) -> str:
        """Store a new dashboard (which must have an ``id``); return its id.

        Raises :class:`DuplicateDashboard` if the id is taken.
        """

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        """Store many new dashboards at once (fixtures, benchmarks); return how many.

        Adapters override this with one bulk write; ids must not be taken.
        """
        for document in documents:
            self.insert(document)
        return len(documents)

    @abc.abstractmethod
    def replace(self, c_id: str, document: Mapping[str, Any]) -> bool:
        """Replace the stored dashboard ``c_id`` with ``document``; False if there is none."""

    @abc.abstractmethod
    def merge(self, c_id: str, fields: Mapping[str, Any]) -> bool:
        """Set these top-level fields of dashboard ``c_id``, keeping the others."""

    @abc.abstractmethod
    def remove(self, c_id: str) -> bool:
        """Delete one dashboard; False if there was none."""

    @abc.abstractmethod
    def remove_all(self) -> int:
        """Delete every dashboard; return how many there were."""

    @abc.abstractmethod
    def find(
        self,
        filter: Mapping[str, Any] | None = None,  # noqa: A002 - the original's (pymongo's) name
        projection: Any = None,
        skip: int = 0,
        limit: int = 0,
        **options: Any,
    ) -> Any:
        """Whole dashboards whose top-level fields equal those of ``filter``."""

    def documents(self, query: DashboardQuery | None = None) -> Iterator[dict]:
        """Every matching dashboard, whole, a page at a time (never all in memory at once)."""
        total = self.count_matching(query)
        for skip in range(0, total, BATCH):
            for summary in self.summaries(query, skip=skip, limit=BATCH):
                document = self.get(summary["id"])
                if document is not None:
                    yield document

    def close(self) -> None:  # noqa: B027 - optional for adapters
        """Release connections; the adapter may be used again afterwards."""

    # The original's interface, on top of the port's ---------------------------------------

    def read(self, c_id: str | None = None, **kwargs: Any) -> Any:
        """One whole dashboard by ``c_id`` (None if there is none), or every dashboard.

        Without ``c_id``, keyword arguments are those of :meth:`find` (``filter``, ``skip``,
        ``limit``), as the original passed them to pymongo's ``find``.
        """
        if c_id is not None:
            return self.get(c_id)
        return self.find(**kwargs)

    def create(self, data: Mapping[str, Any] | None = None) -> None:
        """Add a dashboard (an ``id`` is generated if it has none). Nothing happens for None."""
        if data is None:
            return None
        document = dict(data)
        document.setdefault("id", str(uuid.uuid4()))
        self.insert(document)
        return None

    def update(
        self, c_id: str, data: Mapping[str, Any] | None = None, fmt_charts: bool = True
    ) -> None:
        """Set a dashboard's fields from ``data`` as the original did (see
        :func:`update_fields`); keys ``data`` does not name are kept. Nothing happens for None.
        """
        if data is None:
            return None
        self.merge(c_id, update_fields(data, fmt_charts))
        return None

    def delete(self, c_id: str) -> None:
        """Delete one dashboard."""
        self.remove(c_id)

    def delete_all(self) -> None:
        """Delete every dashboard. Not for production use, as the original said."""
        self.remove_all()

    def count(self, **kwargs: Any) -> int:
        """How many dashboards match ``filter`` (every dashboard without it)."""
        return len(self.find(kwargs.get("filter")))

    def filter(self, *args: Any, **kwargs: Any) -> Any:
        """The original's name for :meth:`find`."""
        return self.find(*args, **kwargs)


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

    store: Any = None
    settings: DatabaseSettings | None = None
    #: An adapter given by :func:`set_db_handler`, used instead of the configured one.
    injected: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def make_store(settings: DatabaseSettings) -> DashboardStore:
    """Build the adapter that ``settings.active`` names. Opens no connection."""
    if settings.active == "sqlite":
        from .sqlite_adapter import Db as SqliteDb

        return SqliteDb(settings)
    from .mongo_adapter import Db as MongoDb

    return MongoDb.from_settings(settings)


_standalone: dict[DatabaseSettings, DashboardStore] = {}
_standalone_lock = threading.Lock()


def _settings_of(config: Mapping[str, Any], instance_path: str) -> DatabaseSettings:
    # DB_NAME is read here, at call time, so that code (and the original's tests) may set it.
    return database_settings(config, instance_path, default_active=DB_NAME)


def get_db_handler(app: Flask | None = None) -> Any:
    """The storage adapter of ``app`` (default: the current app), created on first use.

    Outside an app context and without ``app``, the adapter that the environment variables
    choose. An unknown backend raises :class:`flask_jsondash.settings.UnsupportedDatabase`
    (a ``NotImplementedError``, as in the original).
    """
    if app is None:
        if not has_app_context():
            settings = _settings_of({}, "instance")
            with _standalone_lock:
                if settings not in _standalone:
                    _standalone[settings] = make_store(settings)
                return _standalone[settings]
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    state = app.extensions.setdefault("jsondash", JsondashState())
    if state.injected is not None:
        return state.injected
    settings = _settings_of(app.config, app.instance_path)
    if state.store is None or state.settings != settings:
        with state.lock:
            if state.store is None or state.settings != settings:
                if state.store is not None:
                    state.store.close()
                state.store, state.settings = make_store(settings), settings
    return state.store


def set_db_handler(store: Any, app: Flask | None = None) -> None:
    """Use ``store`` as the adapter of ``app`` (default: the current app) instead of the one
    ``CHARTS_ACTIVE_DB`` chooses.

    ``store`` is a :class:`DashboardStore`, or any object with the original's methods (``read``,
    ``create``, ``update``, ``delete``, ``delete_all``, ``count``, ``filter``): the blueprint then
    pages and counts in Python. None goes back to the configured adapter.
    """
    if app is None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    app.extensions.setdefault("jsondash", JsondashState()).injected = store


class AppAdapter:
    """The current app's adapter, as one module-level object: ``flask_jsondash.utils.adapter``.

    Its methods with the original's names forward to the adapter of the app handling the
    request (:func:`get_db_handler`). The blueprint reads and writes through the port's methods
    below, each of which goes through the original's method instead when that method was
    replaced on this object (``monkeypatch.setattr(utils.adapter, "read", fake)``, as the
    original's tests do) or when the app's adapter has only the original's methods. So
    replacing ``read`` changes what every page reads, and an adapter written for the original
    plugs in unchanged.
    """

    ORIGINAL_METHODS = ("read", "create", "update", "delete", "delete_all", "count", "filter")

    def backend(self) -> Any:
        """The adapter of the current app (or of the environment, outside an app)."""
        return get_db_handler()

    # The original's methods ---------------------------------------------------------------

    def read(self, **kwargs: Any) -> Any:
        """One dashboard (``c_id=``), or all of them: the backend's answer, unchanged."""
        return self.backend().read(**kwargs)

    def create(self, data: Mapping[str, Any] | None = None) -> None:
        """Add a dashboard."""
        return self.backend().create(data=data)

    def update(
        self, c_id: str, data: Mapping[str, Any] | None = None, fmt_charts: bool = True
    ) -> None:
        """Set a dashboard's fields, as the original did."""
        return self.backend().update(c_id, data=data, fmt_charts=fmt_charts)

    def delete(self, c_id: str) -> None:
        """Delete one dashboard."""
        return self.backend().delete(c_id)

    def delete_all(self) -> None:
        """Delete every dashboard."""
        return self.backend().delete_all()

    def count(self, **kwargs: Any) -> Any:
        """How many dashboards there are (matching ``filter=``)."""
        return self.backend().count(**kwargs)

    def filter(self, *args: Any, **kwargs: Any) -> Any:
        """Dashboards matching a filter: the backend's answer, unchanged."""
        return self.backend().filter(*args, **kwargs)

    # The port's methods, used by the blueprint -----------------------------------------------

    def _native(self, *originals: str) -> DashboardStore | None:
        """The backend, if the port's methods may be used instead of these original ones."""
        if any(name in vars(self) for name in originals):
            return None
        backend = self.backend()
        return backend if isinstance(backend, DashboardStore) else None

    def _owned(self, query: DashboardQuery | None) -> list[dict]:
        """Every dashboard of the listing, read with the original's ``read`` (paged in Python)."""
        if query is None or query.owners is None:
            batches = [self.read()]
        else:
            batches = [self.read(filter={"created_by": owner}) for owner in query.owners]
        found: dict[Any, dict] = {}
        for batch in batches:
            # A read that ignores the filter, or answers one dict, must not list too much.
            for document in batch if _iterable(batch) else []:
                if isinstance(document, Mapping) and (query is None or query.matches(document)):
                    found.setdefault(document.get("id", id(document)), dict(document))
        return list(found.values())

    def get(self, c_id: str) -> dict | None:
        """One whole dashboard, JSON-safe, or None."""
        native = self._native("read")
        if native is not None:
            return native.get(c_id)
        found = self.read(c_id=c_id)
        return json_safe(found) if isinstance(found, Mapping) else None

    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        """One page of the listing, as :meth:`DashboardStore.summaries`."""
        native = self._native("read")
        if native is not None:
            return native.summaries(query, skip=skip, limit=limit)
        rows = sorted(self._owned(query), key=_listing_order)
        rows = rows[skip : skip + limit] if limit else rows[skip:]
        return [_summary_of(document) for document in rows]

    def count_matching(self, query: DashboardQuery | None = None) -> int:
        """How many dashboards the listing has."""
        native = self._native("read")
        if native is not None:
            return native.count_matching(query)
        return len(self._owned(query))

    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        """The categories in use, sorted."""
        native = self._native("read")
        if native is not None:
            return native.categories(query)
        found = {str(d["category"]) for d in self._owned(query) if d.get("category")}
        return sorted(found, key=lambda c: (c.lower(), c))

    def documents(self, query: DashboardQuery | None = None) -> Iterator[dict]:
        """Every dashboard, whole."""
        native = self._native("read")
        if native is not None:
            return native.documents(query)
        return iter(self._owned(query))

    def insert(self, document: Mapping[str, Any]) -> str:
        """Store a new dashboard; return its id."""
        native = self._native("create")
        if native is not None:
            return native.insert(document)
        self.create(data=dict(document))
        return str(document.get("id"))

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        """Store many new dashboards; return how many."""
        native = self._native("create")
        if native is not None:
            return native.create_many(documents)
        for document in documents:
            self.create(data=dict(document))
        return len(documents)

    def replace(self, c_id: str, document: Mapping[str, Any]) -> bool:
        """Replace a stored dashboard with ``document`` (keys it lacks are removed)."""
        native = self._native("update")
        if native is not None:
            return native.replace(c_id, document)
        self.update(c_id, data=document, fmt_charts=False)
        return True

    def remove(self, c_id: str) -> bool:
        """Delete one dashboard."""
        native = self._native("delete")
        if native is not None:
            return native.remove(c_id)
        self.delete(c_id)
        return True

    def remove_all(self) -> int | None:
        """Delete every dashboard; how many, where the adapter can say."""
        native = self._native("delete_all")
        if native is not None:
            return native.remove_all()
        self.delete_all()
        return None


def _iterable(value: Any) -> bool:
    return hasattr(value, "__iter__") and not isinstance(value, str | bytes | Mapping)


def _listing_order(document: Mapping[str, Any]) -> tuple[str, str, str]:
    return (
        str(document.get("category") or "").lower(),
        str(document.get("name") or "").lower(),
        str(document.get("id") or ""),
    )


def _summary_of(document: Mapping[str, Any]) -> dict:
    summary = {k: document[k] for k in SUMMARY_FIELDS if document.get(k) is not None}
    modules = document.get("modules")
    summary["num_modules"] = len(modules) if isinstance(modules, list) else 0
    return json_safe(summary)


__all__ = [
    "DB_NAME",
    "AppAdapter",
    "ConfigurationError",
    "DashboardQuery",
    "DashboardStore",
    "DuplicateDashboard",
    "StorageError",
    "StorageUnavailable",
    "format_charts",
    "get_db_handler",
    "reformat_data",
    "set_db_handler",
]
