"""Embedded storage in one SQLite file, with nothing beyond the standard library.

For the example app and for anyone without a MongoDB server. The file is ``CHARTS_DB_PATH``
(default: ``<app instance folder>/jsondash.sqlite3``). It runs in WAL mode with a busy timeout
and takes its write lock up front, so several worker processes can share one file. Each
dashboard is stored whole as JSON, beside the few columns the index page sorts and filters on.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from flask import g, has_app_context

from ..settings import ConfigurationError, DatabaseSettings
from .base import (
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    StorageUnavailable,
    json_safe,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _summary_columns(document: Mapping[str, Any]) -> dict[str, Any]:
    modules = document.get("modules")

    def text(key: str) -> str | None:
        value = document.get(key)
        # Columns hold valid text even when a document (from an old version) does not.
        return None if value is None else str(value).encode("utf-8", "replace").decode()

    return {
        "name": text("name") or "",
        "category": text("category"),
        "created_by": text("created_by"),
        "layout": text("layout"),
        "date": text("date"),
        "num_modules": len(modules) if isinstance(modules, list) else 0,
    }


class Db(DashboardStore):
    """Dashboards in a table of a SQLite database file."""

    name = "sqlite"

    def __init__(self, settings: DatabaseSettings) -> None:
        if not _IDENTIFIER.match(settings.table):
            raise ConfigurationError(
                f"CHARTS_DB_TABLE={settings.table!r} is not a usable table name: use letters, "
                "digits and underscores."
            )
        self.path = settings.path
        self.table = settings.table
        self.timeout = settings.timeout
        self._ready = False
        self._ready_lock = threading.Lock()
        self._local_key = f"_jsondash_sqlite_{id(self)}"

    # Connections -------------------------------------------------------------------------

    def _unavailable(self, exc: Exception) -> StorageUnavailable:
        detail = str(exc)
        if "locked" in detail or "busy" in detail:
            hint = f"it stayed locked by another process for more than {self.timeout:g} s"
        elif "readonly" in detail or "read-only" in detail:
            hint = "the file (or its folder) is read-only, so dashboards can be read but not saved"
        elif "malformed" in detail or "not a database" in detail:
            hint = "the file is damaged or is not a SQLite database: restore it from a backup"
        else:
            hint = "check that CHARTS_DB_PATH names a file in a folder this process can write"
        return StorageUnavailable(
            f"Could not use the SQLite database at {self.path!r} (CHARTS_DB_PATH): {detail}; "
            f"{hint}."
        )

    def _open(self) -> sqlite3.Connection:
        try:
            folder = os.path.dirname(os.path.abspath(self.path))
            os.makedirs(folder, exist_ok=True)
            conn = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            conn.execute("PRAGMA synchronous = FULL")
            if not self._ready:
                self._create_schema(conn)
        except (sqlite3.Error, OSError) as exc:
            raise self._unavailable(exc) from None
        return conn

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        with self._ready_lock:
            if self._ready:
                return
            t = self.table
            wanted = (t, f"{t}_count", f"{t}_counted_insert", f"{t}_counted_delete")
            found = conn.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN (?, ?, ?, ?)", wanted
            ).fetchone()[0]
            if found == len(wanted):
                # Made before (WAL mode stays set): nothing to write, so a read-only file works.
                self._ready = True
                return
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(
                f"""
                BEGIN IMMEDIATE;
                CREATE TABLE IF NOT EXISTS "{t}" (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL DEFAULT '',
                    category TEXT,
                    created_by TEXT,
                    layout TEXT,
                    date TEXT,
                    num_modules INTEGER NOT NULL DEFAULT 0,
                    document TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS "{t}_listing"
                    ON "{t}" (category COLLATE NOCASE, name COLLATE NOCASE, id);
                CREATE INDEX IF NOT EXISTS "{t}_owner_listing"
                    ON "{t}" (created_by, category COLLATE NOCASE, name COLLATE NOCASE, id);
                CREATE INDEX IF NOT EXISTS "{t}_categories" ON "{t}" (category);
                CREATE INDEX IF NOT EXISTS "{t}_owner_categories" ON "{t}" (created_by, category);
                -- The number of dashboards, kept by triggers: counting costs the same at any size.
                CREATE TABLE IF NOT EXISTS "{t}_count" (
                    one INTEGER PRIMARY KEY CHECK (one = 1),
                    total INTEGER NOT NULL
                );
                INSERT OR IGNORE INTO "{t}_count" (one, total) SELECT 1, COUNT(*) FROM "{t}";
                CREATE TRIGGER IF NOT EXISTS "{t}_counted_insert" AFTER INSERT ON "{t}"
                    BEGIN UPDATE "{t}_count" SET total = total + 1; END;
                CREATE TRIGGER IF NOT EXISTS "{t}_counted_delete" AFTER DELETE ON "{t}"
                    BEGIN UPDATE "{t}_count" SET total = total - 1; END;
                COMMIT;
                """
            )
            self._ready = True

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection of the current app context (closed at teardown), or a fresh one."""
        if has_app_context():
            conn = getattr(g, self._local_key, None)
            if conn is None:
                conn = self._open()
                setattr(g, self._local_key, conn)
                g.setdefault("_jsondash_closers", []).append(conn.close)
            with self._translating_errors():
                yield conn
            return
        conn = self._open()
        try:
            with self._translating_errors():
                yield conn
        finally:
            conn.close()

    @contextmanager
    def _translating_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError:
            raise  # a constraint, not an outage: the caller says what it means
        except sqlite3.Error as exc:
            raise self._unavailable(exc) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # Queries -----------------------------------------------------------------------------

    @staticmethod
    def _where(query: DashboardQuery | None) -> tuple[str, list[Any]]:
        if query is None or query.owners is None:
            return "", []
        owners = list(query.owners)
        if not owners:
            return " WHERE 0", []
        clauses = []
        named = [o for o in owners if o is not None]
        if named:
            clauses.append(f"created_by IN ({', '.join('?' * len(named))})")
        if None in owners:
            clauses.append("created_by IS NULL")
        return " WHERE " + " OR ".join(clauses), named

    def get(self, c_id: str) -> dict | None:
        with self._connection() as conn:
            row = conn.execute(
                f'SELECT document, id, name FROM "{self.table}" WHERE id = ?', (str(c_id),)
            ).fetchone()
        return self._document(*row) if row else None

    @staticmethod
    def _document(text: str, c_id: str | None = None, name: str | None = None) -> dict:
        """The stored JSON as a dashboard; one that cannot be read (damaged, or not an object)
        comes back as an empty dashboard that says so, so that it can still be seen and
        deleted."""
        try:
            document = json.loads(text)
        except (TypeError, ValueError, RecursionError) as exc:
            reason = f"its stored JSON cannot be read ({str(exc)[:100]})"
        else:
            if isinstance(document, dict):
                return json_safe(document)
            reason = f"its stored JSON is a {type(document).__name__}, not an object"
        return {"id": c_id, "name": name or str(c_id), "modules": [], "unreadable": reason}

    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        where, params = self._where(query)
        sql = (
            f'SELECT id, name, category, created_by, date, layout, num_modules FROM "{self.table}"'
            f"{where} ORDER BY category COLLATE NOCASE, name COLLATE NOCASE, id"
            " LIMIT ? OFFSET ?"
        )
        with self._connection() as conn:
            rows = conn.execute(sql, [*params, int(limit) if limit else -1, int(skip)]).fetchall()
        keys = ("id", "name", "category", "created_by", "date", "layout", "num_modules")
        return [{k: v for k, v in zip(keys, row, strict=True) if v is not None} for row in rows]

    def count_matching(self, query: DashboardQuery | None = None) -> int:
        where, params = self._where(query)
        with self._connection() as conn:
            if not where:
                return int(conn.execute(f'SELECT total FROM "{self.table}_count"').fetchone()[0])
            sql = f'SELECT COUNT(*) FROM "{self.table}"{where}'
            return int(conn.execute(sql, params).fetchone()[0])

    @staticmethod
    def _find_where(filter: Mapping[str, Any] | None) -> tuple[str, list[Any]]:  # noqa: A002
        """SQL for the original's filters: equality (or ``{"$in": [...]}``) on top-level keys."""
        clauses, params = [], []
        for key, wanted in (filter or {}).items():
            path = "$." + json.dumps(str(key))
            if isinstance(wanted, Mapping) and set(wanted) == {"$in"}:
                values = list(wanted["$in"])
                marks = ", ".join("?" * len(values)) or "NULL"
                clauses.append(f"json_extract(document, ?) IN ({marks})")
                params += [path, *values]
            elif isinstance(wanted, Mapping | list):
                raise ValueError(
                    f"filter on {key!r}: the SQLite adapter compares top-level values for "
                    "equality (or {'$in': [...]}), not "
                    f"{json.dumps(wanted, default=str)[:60]}"
                )
            elif wanted is None:
                clauses.append("json_extract(document, ?) IS NULL")
                params.append(path)
            else:
                clauses.append("json_extract(document, ?) = ?")
                params += [path, wanted]
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def find(
        self,
        filter: Mapping[str, Any] | None = None,  # noqa: A002 - the original's (pymongo's) name
        projection: Any = None,
        skip: int = 0,
        limit: int = 0,
        **options: Any,
    ) -> list[dict]:
        where, params = self._find_where(filter)
        sql = (
            f'SELECT document, id, name FROM "{self.table}"{where} ORDER BY rowid LIMIT ? OFFSET ?'
        )
        with self._connection() as conn:
            rows = conn.execute(sql, [*params, int(limit) or -1, int(skip)]).fetchall()
        documents = [self._document(*row) for row in rows]
        if projection:
            chosen = (
                projection.items()
                if isinstance(projection, Mapping)
                else ((name, 1) for name in projection)
            )
            keep = [name for name, wanted in chosen if wanted]
            documents = [{k: d[k] for k in keep if k in d} for d in documents]
        return documents

    def count(self, **kwargs: Any) -> int:
        where, params = self._find_where(kwargs.get("filter"))
        with self._connection() as conn:
            return int(
                conn.execute(f'SELECT COUNT(*) FROM "{self.table}"{where}', params).fetchone()[0]
            )

    def categories(self, query: DashboardQuery | None = None) -> list[str]:
        # A loose index scan: each step jumps to the next distinct category through the
        # index, so the cost follows the number of categories, not of dashboards.
        if query is None or query.owners is None:
            scopes: list[tuple[str, list[Any]]] = [("", [])]
        else:
            scopes = [("created_by IS ? AND ", [owner]) for owner in dict.fromkeys(query.owners)]
        found: set[str] = set()
        with self._connection() as conn:
            for condition, params in scopes:
                first = (
                    f"SELECT category FROM \"{self.table}\" WHERE {condition}category > '' "
                    "ORDER BY category LIMIT 1"
                )
                following = (
                    f'SELECT category FROM "{self.table}" WHERE {condition}'
                    "category > seen.category ORDER BY category LIMIT 1"
                )
                sql = (
                    f"WITH RECURSIVE seen(category) AS (SELECT ({first}) UNION ALL "
                    f"SELECT ({following}) FROM seen WHERE seen.category IS NOT NULL) "
                    "SELECT category FROM seen WHERE category IS NOT NULL"
                )
                rows = conn.execute(sql, [*params, *params]).fetchall()
                found.update(row[0] for row in rows)
        return sorted(found, key=lambda c: (c.lower(), c))

    def _insert(self, conn: sqlite3.Connection, documents: list[Mapping[str, Any]]) -> None:
        rows = []
        for data in documents:
            document = json_safe(data)
            rows.append(
                (str(document["id"]), *_summary_columns(document).values(), json.dumps(document))
            )
        try:
            conn.executemany(
                f'INSERT INTO "{self.table}" (id, name, category, created_by, layout, date, '
                "num_modules, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        except sqlite3.IntegrityError:
            raise DuplicateDashboard(
                "A dashboard with one of these ids already exists: "
                + ", ".join(repr(row[0]) for row in rows[:5])
            ) from None

    def insert(self, document: Mapping[str, Any]) -> str:
        with self._write() as conn:
            self._insert(conn, [document])
        return str(document["id"])

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        with self._write() as conn:
            self._insert(conn, documents)
        return len(documents)

    def _store(self, conn: sqlite3.Connection, c_id: str, data: Mapping[str, Any]) -> bool:
        document = {**json_safe(data), "id": c_id}
        columns = _summary_columns(document)
        cursor = conn.execute(
            f'UPDATE "{self.table}" SET name = ?, category = ?, created_by = ?, layout = ?, '
            "date = ?, num_modules = ?, document = ? WHERE id = ?",
            (*columns.values(), json.dumps(document), str(c_id)),
        )
        return cursor.rowcount > 0

    def replace(self, c_id: str, document: Mapping[str, Any]) -> bool:
        with self._write() as conn:
            return self._store(conn, c_id, document)

    def merge(self, c_id: str, fields: Mapping[str, Any]) -> bool:
        with self._write() as conn:
            row = conn.execute(
                f'SELECT document FROM "{self.table}" WHERE id = ?', (str(c_id),)
            ).fetchone()
            if row is None:
                return False
            stored = self._document(row[0], c_id)
            stored.pop("unreadable", None)
            return self._store(conn, c_id, {**stored, **fields})

    def remove(self, c_id: str) -> bool:
        with self._write() as conn:
            cursor = conn.execute(f'DELETE FROM "{self.table}" WHERE id = ?', (str(c_id),))
        return cursor.rowcount > 0

    def remove_all(self) -> int:
        with self._write() as conn:
            cursor = conn.execute(f'DELETE FROM "{self.table}"')
        return cursor.rowcount
