"""MongoDB storage (pymongo 4): the default adapter, and the one to scale out with.

Any MongoDB deployment pymongo reaches works: a single server (``CHARTS_DB_HOST`` and
``CHARTS_DB_PORT``), or a replica set, sharded cluster or Atlas through ``CHARTS_DB_URI``.
Documents are stored as they are, one per dashboard, with a unique index on ``id``.
``CHARTS_DB_URI=mongomock://`` uses the in-process mongomock library instead of a server, for
tests.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from pymongo import ASCENDING, MongoClient
from pymongo.collation import Collation
from pymongo.errors import BulkWriteError, DuplicateKeyError, OperationFailure, PyMongoError

from ..forms import format_charts
from ..settings import ConfigurationError, DatabaseSettings
from .base import (
    SUMMARY_FIELDS,
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    StorageUnavailable,
    json_safe,
    update_fields,
)

log = logging.getLogger(__name__)

MOCK_SCHEME = "mongomock://"
# Case-insensitive ordering of names; the index is built with the same collation so sorted
# pages come from the index.
NAME_COLLATION = {"locale": "en", "strength": 2}


def _is_mock(client: Any) -> bool:
    return type(client).__module__.split(".")[0] == "mongomock"


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
            self._indexed = True
        return self.coll

    @staticmethod
    def _match(query: DashboardQuery | None) -> dict[str, Any]:
        if query is None or query.owners is None:
            return {}
        return {"created_by": {"$in": list(query.owners)}}

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
        return [json_safe(row) for row in rows]

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
            return self._collection().delete_one({"id": c_id}).deleted_count > 0

    def remove_all(self) -> int:
        with self._guard():
            return int(self._collection().delete_many({}).deleted_count)

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
