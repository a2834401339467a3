"""The storage interface every database implements, and what adapters share.

An adapter keeps dashboards, which are JSON documents identified by their ``id``. It speaks two
languages:

- the original's: ``read(c_id=None, **kwargs)``, ``create(data=None)``,
  ``update(c_id, data=None, fmt_charts=True)``, ``delete(c_id)``, ``delete_all()``,
  ``count(**kwargs)`` and ``filter(*args, **kwargs)``, with the original's arguments and
  results, so code written against the original keeps working;
- the port's own, which pages, counts and filters in the database (nothing loads every
  dashboard into Python): ``get``, ``summaries``, ``count_matching``, ``categories``,
  ``insert``, ``create_many``, ``replace``, ``merge``, ``remove``, ``remove_all``, ``find`` and
  ``documents``.

:class:`DashboardStore` declares the port's methods and builds the original's on them.
"""

from __future__ import annotations

import abc
import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..forms import format_charts

SUMMARY_FIELDS = ("id", "name", "category", "created_by", "date", "layout")
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
