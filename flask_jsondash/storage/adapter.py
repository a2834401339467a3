"""``flask_jsondash.utils.adapter``: the original's module-level adapter, for the current app."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from .base import SUMMARY_FIELDS, DashboardQuery, DashboardStore, json_safe


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
