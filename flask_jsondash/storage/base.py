"""The storage interface every database implements, and what adapters share.

An adapter keeps dashboards, which are JSON documents identified by their ``id``. It speaks two
languages:

- the original's: ``read(c_id=None, **kwargs)``, ``create(data=None)``,
  ``update(c_id, data=None, fmt_charts=True)``, ``delete(c_id)``, ``delete_all()``,
  ``count(**kwargs)`` and ``filter(*args, **kwargs)``, with the original's arguments and
  results, so code written against the original keeps working;
- the port's own, which pages, counts and filters in the database (nothing loads every
  dashboard into Python): ``get``, ``summaries``, ``count_matching``, ``categories``,
  ``tag_counts``, ``insert``, ``create_many``, ``replace``, ``merge``, ``remove``,
  ``remove_all``, ``find`` and ``documents``;
- and the history of each dashboard: ``insert_versioned`` (a new dashboard, with its first
  version), ``replace_versioned`` (a save that succeeds only if the stored dashboard is still at
  the version it was edited from: the check and the write are one step of the database),
  ``history`` and ``history_entry``.

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
from ..settings import VERSIONS_TO_KEEP

SUMMARY_FIELDS = ("id", "name", "category", "created_by", "date", "layout", "tags", "version")
#: How many dashboards :meth:`DashboardStore.documents` reads at a time.
BATCH = 500
#: What separates the name, category and tags in the text a search looks through.
SEARCH_SEPARATOR = "\x1f"


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
    ``text``: only those whose name, category or one of whose tags contains this text, ignoring
    case (None or empty: any). ``tags``: only those carrying every one of these tags (exactly).
    """

    owners: tuple[str | None, ...] | None = None
    text: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def searching(self) -> bool:
        """Whether the listing is narrowed by text or tags (not only by owner)."""
        return bool(self.text) or bool(self.tags)

    def matches(self, document: Mapping[str, Any]) -> bool:
        """Whether one dashboard belongs in this listing."""
        if self.owners is not None and document.get("created_by") not in self.owners:
            return False
        if self.tags and not set(self.tags) <= set(tags_of(document)):
            return False
        return not self.text or self.text.lower() in search_text(document)


def tags_of(document: Mapping[str, Any]) -> list[str]:
    """A dashboard's tags, in order, without repeats; none when ``tags`` is not a list (an
    older or damaged document)."""
    tags = document.get("tags")
    if not isinstance(tags, list):
        return []
    return list(dict.fromkeys(t for t in tags if isinstance(t, str)))


def version_of(document: Mapping[str, Any] | None) -> int:
    """A stored dashboard's version: its ``version`` when that is a whole number from 0,
    otherwise 0 (a dashboard stored before versions existed)."""
    found = document.get("version") if document is not None else None
    if isinstance(found, int) and not isinstance(found, bool) and found >= 0:
        return found
    return 0


def search_text(document: Mapping[str, Any]) -> str:
    """What a text search looks through: the name, category and tags, lowercased."""
    parts = [document.get("name"), document.get("category"), *tags_of(document)]
    return SEARCH_SEPARATOR.join(str(p) for p in parts if p is not None).lower()


@dataclass(frozen=True)
class SavedVersion:
    """One version of a dashboard in its history: who saved it, when, why, and (when asked for
    one version) the document as it was."""

    version: int
    saved_by: str | None = None
    saved_at: str | None = None
    message: str | None = None
    document: dict | None = None

    def as_dict(self, with_document: bool = False) -> dict[str, Any]:
        """As JSON: ``{version, saved_by, saved_at, message}`` (and ``document``)."""
        out: dict[str, Any] = {
            "version": self.version,
            "saved_by": self.saved_by,
            "saved_at": self.saved_at,
            "message": self.message,
        }
        if with_document:
            out["document"] = self.document
        return out


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

    def tag_counts(self, query: DashboardQuery | None = None) -> list[tuple[str, int]]:
        """Every tag of the matching dashboards with how many carry it, the most used first
        (then by tag). Adapters override this with one query of the database."""
        counts: dict[str, int] = {}
        for document in self.documents(query):
            for tag in tags_of(document):
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    # History (adapters without one keep none) ----------------------------------------------

    #: Whether :meth:`summaries`, :meth:`count_matching` and :meth:`categories` apply a
    #: query's ``text`` and ``tags`` (adapters written before they existed do not: the
    #: blueprint then filters in Python).
    searchable = False
    #: Whether :meth:`replace_versioned` checks and writes in one step of the database.
    atomic_versions = False

    def insert_versioned(self, document: Mapping[str, Any], saved: SavedVersion) -> str:
        """Store a new dashboard and start its history with ``saved`` (its first version),
        forgetting any history a dashboard of the same id left. Raises
        :class:`DuplicateDashboard` if the id is taken."""
        return self.insert(document)

    def replace_versioned(
        self,
        c_id: str,
        document: Mapping[str, Any],
        *,
        base_version: int,
        saved: SavedVersion,
        previous: SavedVersion | None = None,
        keep: int = VERSIONS_TO_KEEP,
    ) -> bool:
        """Save a new version of dashboard ``c_id``, if it is still at ``base_version``.

        ``document`` (whose ``version`` is ``saved.version``) replaces the stored one, the
        history gains ``saved`` (and ``previous``, the version replaced, if it has no entry
        for it yet) and keeps only the ``keep`` versions before this one. False, with
        nothing written, when the stored dashboard is gone or at another version (a dashboard
        without a version counts as 0). This default is not atomic and keeps no history;
        adapters do both in the database.
        """
        current = self.get(c_id)
        if current is None or version_of(current) != base_version:
            return False
        return self.replace(c_id, document)

    def history(self, c_id: str) -> list[SavedVersion]:
        """The kept versions of a dashboard, newest first, without their documents."""
        return []

    def history_entry(self, c_id: str, version: int) -> SavedVersion | None:
        """One kept version, with its document; None if it is not kept."""
        return None

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
        # An adapter that cannot search lists by owner; the rest is checked here.
        narrowed = query if query is not None and query.searching and not self.searchable else None
        asked = DashboardQuery(owners=narrowed.owners) if narrowed is not None else query
        total = self.count_matching(asked)
        for skip in range(0, total, BATCH):
            for summary in self.summaries(asked, skip=skip, limit=BATCH):
                document = self.get(summary["id"])
                if document is not None and (narrowed is None or narrowed.matches(document)):
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


def json_text(document: Mapping[str, Any]) -> tuple[dict, str]:
    """:func:`json_safe` of a document about to be stored, and its JSON text (``json.dumps``
    of it), made at once. A document of JSON's own types already (the usual case) is not
    copied: the first is then the document without ``_id``, sharing its values, to be read
    only."""
    cleaned = {k: v for k, v in document.items() if k != "_id"}
    try:
        plain = _json_types_only(cleaned)
    except RecursionError:
        plain = False
    if plain:  # json_safe would give an equal copy, whose text is this one
        return cleaned, json.dumps(cleaned)
    safe = json_safe(document)
    return safe, json.dumps(safe)


def _json_types_only(value: dict | list) -> bool:
    """Whether ``value`` holds only dicts with text keys, lists, text, numbers, booleans and
    None (exactly those types: JSON reads them back the same)."""
    items = value.values() if type(value) is dict else value
    if type(value) is dict and any(type(key) is not str for key in value):
        return False
    for item in items:
        kind = type(item)
        if kind is str or kind is int or kind is float or kind is bool or item is None:
            continue
        if (kind is not dict and kind is not list) or not _json_types_only(item):
            return False
    return True
