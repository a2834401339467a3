"""``flask_jsondash.utils.adapter``: the original's module-level adapter, for the current app.

It is also the one way out of the store for the blueprint, the service and the API: whole
dashboards read through it are upgraded to the current document format
(:func:`flask_jsondash.migrations.migrate`) here, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..migrations import migrate
from ..settings import VERSIONS_TO_KEEP
from .base import (
    SUMMARY_FIELDS,
    DashboardQuery,
    DashboardStore,
    SavedVersion,
    json_safe,
    tags_of,
    version_of,
)


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
        """The adapter of the current app (or of the environment, outside an app), found as
        the original found it: through ``flask_jsondash.db.get_db_handler``."""
        from .. import db

        return db.get_db_handler()

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

    def _searching(self, query: DashboardQuery | None) -> DashboardStore | None:
        """The backend, if it can answer this listing itself (it filters by text and tags,
        or the listing does not ask it to)."""
        native = self._native("read")
        if native is None or (query is not None and query.searching and not native.searchable):
            return None
        return native

    def _owned(self, query: DashboardQuery | None) -> list[dict]:
        """Every dashboard of the listing, filtered in Python: read with the original's
        ``read``, or, for an adapter of the port's that cannot search, with its documents."""
        native = self._native("read")
        if native is not None:
            owners = DashboardQuery(owners=query.owners) if query is not None else None
            return [d for d in native.documents(owners) if query is None or query.matches(d)]
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
        """One whole dashboard, JSON-safe and in the current format, or None."""
        native = self._native("read")
        if native is not None:
            return migrate(native.get(c_id))
        found = self.read(c_id=c_id)
        return migrate(json_safe(found)) if isinstance(found, Mapping) else None

    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        """One page of the listing, as :meth:`DashboardStore.summaries`."""
        native = self._searching(query)
        if native is not None:
            return native.summaries(query, skip=skip, limit=limit)
        rows = sorted(self._owned(query), key=_listing_order)
        rows = rows[skip : skip + limit] if limit else rows[skip:]
        return [_summary_of(document) for document in rows]

    def count_matching(self, query: DashboardQuery | None = None) -> int:
        """How many dashboards the listing has."""
        native = self._searching(query)
        if native is not None:
            return native.count_matching(query)
        return len(self._owned(query))

    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        """The categories in use, sorted."""
        native = self._searching(query)
        if native is not None:
            return native.categories(query)
        found = {str(d["category"]) for d in self._owned(query) if d.get("category")}
        return sorted(found, key=lambda c: (c.lower(), c))

    def tag_counts(self, query: DashboardQuery | None = None) -> list[tuple[str, int]]:
        """Every tag in use with how many dashboards carry it, the most used first."""
        native = self._searching(query)
        if native is not None:
            return native.tag_counts(query)
        counts: dict[str, int] = {}
        for document in self._owned(query):
            for tag in tags_of(document):
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def documents(self, query: DashboardQuery | None = None) -> Iterator[dict]:
        """Every dashboard, whole, in the current format."""
        native = self._searching(query)
        if native is not None:
            return (migrate(document) for document in native.documents(query))
        return (migrate(document) for document in self._owned(query))

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

    # Versions ------------------------------------------------------------------------------

    def insert_versioned(self, document: Mapping[str, Any], saved: SavedVersion) -> str:
        """Store a new dashboard and start its history (see
        :meth:`DashboardStore.insert_versioned`)."""
        native = self._native("create")
        if native is not None:
            return native.insert_versioned(document, saved)
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
        """Save a new version if the stored one is still ``base_version`` (see
        :meth:`DashboardStore.replace_versioned`). With the original's methods only, the
        check and the write are two steps, and no history is kept."""
        native = self._native("read", "update")
        if native is not None:
            return native.replace_versioned(
                c_id,
                document,
                base_version=base_version,
                saved=saved,
                previous=previous,
                keep=keep,
            )
        current = self.get(c_id)
        if current is None or version_of(current) != base_version:
            return False
        return self.replace(c_id, document)

    def history(self, c_id: str) -> list[SavedVersion]:
        """The kept versions of a dashboard, newest first (none for an adapter without)."""
        native = self._native("read")
        return native.history(c_id) if native is not None else []

    def history_entry(self, c_id: str, version: int) -> SavedVersion | None:
        """One kept version with its document (in the current format), or None."""
        native = self._native("read")
        entry = native.history_entry(c_id, version) if native is not None else None
        if entry is None or entry.document is None:
            return entry
        return SavedVersion(
            entry.version, entry.saved_by, entry.saved_at, entry.message, migrate(entry.document)
        )

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
    summary["tags"] = tags_of(document)
    summary["version"] = version_of(document)
    return json_safe(summary)
