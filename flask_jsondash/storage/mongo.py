"""MongoDB storage (pymongo 4): the default adapter, and the one to scale out with.

Any MongoDB deployment pymongo reaches works: a single server (``CHARTS_DB_HOST`` and
``CHARTS_DB_PORT``), or a replica set, sharded cluster or Atlas through ``CHARTS_DB_URI``.
Documents are stored as they are, one per dashboard, with a unique index on ``id`` and one on
``tags``. Each dashboard's kept versions are in a second collection, ``<collection>_versions``,
with a unique index on (``id``, ``version``). ``CHARTS_DB_URI=mongomock://`` uses the
in-process mongomock library instead of a server, for tests.
"""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from pymongo import ASCENDING, MongoClient
from pymongo.collation import Collation
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure, PyMongoError

from ..forms import format_charts
from ..settings import VERSIONS_TO_KEEP, ConfigurationError, DatabaseSettings
from .base import (
    SUMMARY_FIELDS,
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    SavedVersion,
    StorageUnavailable,
    json_safe,
    tags_of,
    update_fields,
    version_of,
)

log = logging.getLogger(__name__)

MOCK_SCHEME = "mongomock://"
# Case-insensitive ordering of names; the index is built with the same collation so sorted
# pages come from the index.
NAME_COLLATION = {"locale": "en", "strength": 2}


def _is_mock(client: Any) -> bool:
    return type(client).__module__.split(".")[0] == "mongomock"


# A MongoDB server applies a write to one document atomically; mongomock (an in-process
# stand-in, for tests) finds a document and then rewrites it in place, so a conditional replace
# could match twice and a read could miss a document being replaced. Its operations are made
# one at a time here, to behave as the server does.
_MOCK_OPERATIONS = threading.RLock()


class Db(DashboardStore):
    """Dashboards in one MongoDB collection."""

    name = "mongo"

    def __init__(
        self,
        client: Any,
        conn: Any,
        coll: Any,
        formatter: Any = format_charts,
        *,
        where: str = "MongoDB",
        timeout: float = 30.0,
    ) -> None:
        """Use collection ``coll`` of database ``conn`` on ``client``.

        ``formatter`` is kept for the original's signature. ``where`` describes the server in
        error messages.
        """
        self.client = client
        self.conn = conn
        self.coll = coll
        self.formatter = formatter
        self.where = where
        self.timeout = timeout
        self._collation = None if _is_mock(client) else Collation(locale="en", strength=2)
        self._indexed = False
        self._versions_indexed = False
        self._mock = _is_mock(client)

    def _one_at_a_time(self) -> AbstractContextManager[Any]:
        return _MOCK_OPERATIONS if self._mock else nullcontext()

    @classmethod
    def from_settings(cls, settings: DatabaseSettings) -> Db:
        """Build the adapter for resolved settings. pymongo connects in the background."""
        timeout_ms = max(int(settings.timeout * 1000), 1)
        uri = settings.uri
        if uri and str(uri).startswith(MOCK_SCHEME):
            import mongomock

            client: Any = mongomock.MongoClient()
            where = "mongomock (CHARTS_DB_URI)"
        else:
            options: dict[str, Any] = {
                "serverSelectionTimeoutMS": timeout_ms,
                "connectTimeoutMS": timeout_ms,
                "appname": "flask_jsondash",
            }
            try:
                if uri:
                    client = MongoClient(uri, **options)
                    where = "the MongoDB deployment in CHARTS_DB_URI"
                else:
                    client = MongoClient(host=settings.host, port=settings.port, **options)
                    where = (
                        f"MongoDB at {settings.host}:{settings.port} "
                        "(CHARTS_DB_HOST, CHARTS_DB_PORT, or CHARTS_DB_URI for a full URI)"
                    )
            except (PyMongoError, ValueError, TypeError) as exc:
                named = "CHARTS_DB_URI" if uri else "CHARTS_DB_HOST / CHARTS_DB_PORT"
                shown = f"={uri!r}" if uri else ""
                raise ConfigurationError(
                    f"{named}{shown} does not name a usable MongoDB deployment: {exc}"
                ) from None
        try:
            database = (
                client.get_default_database(default=settings.name)
                if uri and not str(uri).startswith(MOCK_SCHEME)
                else client[settings.name]
            )
            collection = database[settings.table]
        except (PyMongoError, ValueError, TypeError) as exc:
            raise ConfigurationError(
                f"CHARTS_DB_NAME={settings.name!r} / CHARTS_DB_TABLE={settings.table!r} cannot "
                f"name a MongoDB database and collection: {exc}"
            ) from None
        return cls(client, database, collection, where=where, timeout=settings.timeout)

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            with self._one_at_a_time():
                yield
        except DuplicateKeyError as exc:
            raise DuplicateDashboard(f"A dashboard with this id already exists: {exc}") from None
        except BulkWriteError as exc:
            if any(e.get("code") == 11000 for e in exc.details.get("writeErrors", [])):
                raise DuplicateDashboard(
                    "A dashboard with one of these ids already exists."
                ) from None
            raise StorageUnavailable(f"{self.where} refused a bulk write: {exc}") from None
        except OperationFailure as exc:
            raise StorageUnavailable(
                f"{self.where} refused the operation ({exc.code}: {exc.details or exc}). "
                "Check the credentials and database name in CHARTS_DB_URI / CHARTS_DB_NAME."
            ) from None
        except PyMongoError as exc:
            # pymongo appends its whole topology description; the first clause says enough.
            detail = str(exc).split(" (configured timeouts")[0].split(", Timeout:")[0]
            raise StorageUnavailable(
                f"Could not reach {self.where} within {self.timeout:g} s: {detail[:300]}"
            ) from None

    def _collation_kwargs(self) -> dict[str, Any]:
        return {"collation": self._collation} if self._collation is not None else {}

    def _collection(self) -> Any:
        if not self._indexed:
            with self._guard():
                try:
                    self.coll.create_index([("id", ASCENDING)], unique=True, name="jsondash_id")
                except DuplicateKeyError:
                    log.warning(
                        "Dashboards in %s share an id; the unique index on 'id' was not built.",
                        self.coll.name,
                    )
                listing = [("category", ASCENDING), ("name", ASCENDING), ("id", ASCENDING)]
                self.coll.create_index(listing, name="jsondash_listing", **self._collation_kwargs())
                self.coll.create_index(
                    [("created_by", ASCENDING), *listing],
                    name="jsondash_owner_listing",
                    **self._collation_kwargs(),
                )
                self.coll.create_index([("tags", ASCENDING)], name="jsondash_tags")
            self._indexed = True
        return self.coll

    def _versions(self) -> Any:
        """The collection of kept versions, beside the dashboards' (with its index)."""
        versions = self.conn[f"{self.coll.name}_versions"]
        if not self._versions_indexed:
            with self._guard():
                versions.create_index(
                    [("id", ASCENDING), ("version", ASCENDING)],
                    unique=True,
                    name="jsondash_id_version",
                )
            self._versions_indexed = True
        return versions

    @staticmethod
    def _match(query: DashboardQuery | None) -> dict[str, Any]:
        if query is None:
            return {}
        conditions: list[dict[str, Any]] = []
        if query.owners is not None:
            conditions.append({"created_by": {"$in": list(query.owners)}})
        if query.tags:
            conditions.append({"tags": {"$all": list(query.tags)}})
        if query.text:
            # Escaped: the user's text is matched as it is, never as a pattern.
            pattern = {"$regex": re.escape(query.text), "$options": "i"}
            conditions.append(
                {"$or": [{"name": pattern}, {"category": pattern}, {"tags": pattern}]}
            )
        if not conditions:
            return {}
        return conditions[0] if len(conditions) == 1 else {"$and": conditions}

    def get(self, c_id: str) -> dict | None:
        with self._guard():
            found = self._collection().find_one({"id": c_id}, {"_id": 0})
        return json_safe(found) if found is not None else None

    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        pipeline: list[dict[str, Any]] = [
            {"$match": self._match(query)},
            {"$sort": {"category": 1, "name": 1, "id": 1}},
        ]
        if skip:
            pipeline.append({"$skip": int(skip)})
        if limit:
            pipeline.append({"$limit": int(limit)})
        projection: dict[str, Any] = {"_id": 0, **{f: 1 for f in SUMMARY_FIELDS}}
        projection["num_modules"] = {"$cond": [{"$isArray": "$modules"}, {"$size": "$modules"}, 0]}
        pipeline.append({"$project": projection})
        with self._guard():
            rows = list(self._collection().aggregate(pipeline, **self._collation_kwargs()))
        summaries = []
        for row in rows:
            summary = json_safe(row)
            summary["version"] = version_of(summary)
            summary["tags"] = tags_of(summary)
            summaries.append(summary)
        return summaries

    def count_matching(self, query: DashboardQuery | None = None) -> int:
        match = self._match(query)
        with self._guard():
            collection = self._collection()
            if not match:
                return int(collection.estimated_document_count())
            return int(collection.count_documents(match))

    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        with self._guard():
            values = self._collection().distinct("category", self._match(query))
        return sorted({str(v) for v in values if v not in (None, "")}, key=str.lower)

    def tag_counts(self, query: DashboardQuery | None = None) -> list[tuple[str, int]]:
        pipeline: list[dict[str, Any]] = [
            {"$match": {"$and": [self._match(query), {"tags.0": {"$exists": True}}]}},
            {"$project": {"_id": 0, "id": 1, "tags": 1}},
            {"$unwind": "$tags"},
            {"$match": {"tags": {"$type": "string"}}},
            # Once per dashboard, however often it repeats a tag.
            {"$group": {"_id": {"tag": "$tags", "id": "$id"}}},
            {"$group": {"_id": "$_id.tag", "count": {"$sum": 1}}},
        ]
        with self._guard():
            rows = list(self._collection().aggregate(pipeline))
        counts = [(str(row["_id"]), int(row["count"])) for row in rows]
        return sorted(counts, key=lambda item: (-item[1], item[0]))

    def insert(self, document: Mapping[str, Any]) -> str:
        document = dict(document)
        with self._guard():
            self._collection().insert_one(document)
        return str(document["id"])

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        if not documents:
            return 0
        with self._guard():
            self._collection().insert_many([dict(d) for d in documents], ordered=True)
        return len(documents)

    def replace(self, c_id: str, document: Mapping[str, Any]) -> bool:
        document = {**{k: v for k, v in document.items() if k != "_id"}, "id": c_id}
        with self._guard():
            result = self._collection().replace_one({"id": c_id}, document)
        return result.matched_count > 0

    def merge(self, c_id: str, fields: Mapping[str, Any]) -> bool:
        with self._guard():
            result = self._collection().update_one({"id": c_id}, {"$set": dict(fields)})
        return result.matched_count > 0

    def remove(self, c_id: str) -> bool:
        with self._guard():
            removed = self._collection().delete_one({"id": c_id}).deleted_count > 0
            self._versions().delete_many({"id": c_id})
        return removed

    def remove_all(self) -> int:
        with self._guard():
            removed = int(self._collection().delete_many({}).deleted_count)
            self._versions().delete_many({})
        return removed

    # History -----------------------------------------------------------------------------

    searchable = True
    atomic_versions = True

    @staticmethod
    def _at_version(c_id: str, version: int) -> dict[str, Any]:
        """A filter for dashboard ``c_id`` at ``version``: one whose version is not a whole
        number (stored before versions existed) counts as 0."""
        if version == 0:
            return {
                "id": c_id,
                "$or": [{"version": 0}, {"version": {"$not": {"$type": "int"}}}],
            }
        return {"id": c_id, "version": int(version)}

    @staticmethod
    def _entry(c_id: str, entry: SavedVersion) -> dict[str, Any]:
        return {
            "id": c_id,
            "version": int(entry.version),
            "saved_by": entry.saved_by,
            "saved_at": entry.saved_at,
            "message": entry.message,
            "document": {k: v for k, v in (entry.document or {}).items() if k != "_id"},
        }

    def _record(self, c_id: str, entry: SavedVersion, overwrite: bool) -> None:
        versions = self._versions()
        where = {"id": c_id, "version": int(entry.version)}
        stored = self._entry(c_id, entry)
        for attempt in range(2):
            try:
                if overwrite:
                    versions.replace_one(where, stored, upsert=True)
                else:
                    # The query's fields (id, version) are the new entry's already.
                    rest = {k: v for k, v in stored.items() if k not in where}
                    versions.update_one(where, {"$setOnInsert": rest}, upsert=True)
                return
            except DuplicateKeyError:
                # Two upserts of one entry at once: the other inserted it; now this one updates.
                if attempt:
                    raise

    def insert_versioned(self, document: Mapping[str, Any], saved: SavedVersion) -> str:
        c_id = self.insert(document)
        with self._guard():
            # A dashboard deleted by the original's methods may have left its history.
            self._versions().delete_many({"id": c_id})
            self._record(c_id, saved, overwrite=True)
        return c_id

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
        document = {**{k: v for k, v in document.items() if k != "_id"}, "id": c_id}
        with self._guard():
            # The check and the write are one operation of the server: of several saves of
            # the same version, one matches; the others find it at the next version.
            result = self._collection().replace_one(self._at_version(c_id, base_version), document)
            if result.matched_count == 0:
                return False
            # Only the save that won writes the history of its version.
            if previous is not None:
                self._record(c_id, previous, overwrite=False)
            self._record(c_id, saved, overwrite=True)
            self._versions().delete_many(
                {"id": c_id, "version": {"$lt": int(saved.version) - int(keep)}}
            )
        return True

    def history(self, c_id: str) -> list[SavedVersion]:
        with self._guard():
            rows = list(
                self._versions().find({"id": c_id}, {"_id": 0, "document": 0}).sort("version", -1)
            )
        return [
            SavedVersion(
                int(row["version"]), row.get("saved_by"), row.get("saved_at"), row.get("message")
            )
            for row in rows
        ]

    def history_entry(self, c_id: str, version: int) -> SavedVersion | None:
        with self._guard():
            row = self._versions().find_one({"id": c_id, "version": int(version)}, {"_id": 0})
        if row is None:
            return None
        return SavedVersion(
            int(row["version"]),
            row.get("saved_by"),
            row.get("saved_at"),
            row.get("message"),
            json_safe(row.get("document") or {}),
        )

    def find(
        self,
        filter: Mapping[str, Any] | None = None,  # noqa: A002 - pymongo's name
        projection: Any = None,
        skip: int = 0,
        limit: int = 0,
        **options: Any,
    ) -> Any:
        with self._guard():
            return self.coll.find(filter, projection, skip=skip, limit=limit, **options)

    # The original's methods, on the collection as the original called it (pymongo 4 names).
    # They answer what pymongo answers: documents with their _id, cursors, None.

    def read(self, c_id: str | None = None, **kwargs: Any) -> Any:
        if c_id is None:
            return self.coll.find(**kwargs)
        return self.coll.find_one({"id": c_id})

    def create(self, data: Mapping[str, Any] | None = None) -> None:
        if data is None:
            return None
        document = dict(data)
        document.setdefault("id", str(uuid.uuid4()))
        with self._guard():
            self.coll.insert_one(document)
        return None

    def update(
        self, c_id: str, data: Mapping[str, Any] | None = None, fmt_charts: bool = True
    ) -> None:
        if data is None:
            return None
        with self._guard():
            self.coll.update_one({"id": c_id}, {"$set": update_fields(data, fmt_charts)})
        return None

    def delete(self, c_id: str) -> None:
        with self._guard():
            self.coll.delete_one({"id": c_id})

    def delete_all(self) -> None:
        with self._guard():
            self.coll.delete_many({})

    def count(self, **kwargs: Any) -> Any:
        query = kwargs.pop("filter", None) or {}
        with self._guard():
            return self.coll.count_documents(query, **kwargs)

    def filter(self, *args: Any, **kwargs: Any) -> Any:
        return self.coll.find(*args, **kwargs)

    def close(self) -> None:
        self.client.close()
