"""Embedded storage in one SQLite file, with nothing beyond the standard library.

For the example app and for anyone without a MongoDB server. The file is ``CHARTS_DB_PATH``
(default: ``<app instance folder>/jsondash.sqlite3``). It runs in WAL mode with a busy timeout
and takes its write lock up front, so several worker processes can share one file. Each
dashboard is stored whole as JSON, beside the few columns the index page sorts and filters on.

Beside the table ``<CHARTS_DB_TABLE>`` (the dashboards) are ``<table>_tags`` (one row per tag
of a dashboard, kept by triggers, for tag filters and counts), ``<table>_versions`` (each
dashboard's kept versions) and ``<table>_count``. A file made by an older version gets the new
columns and tables the first time it is opened, in one transaction.
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

from ..settings import VERSIONS_TO_KEEP, ConfigurationError, DatabaseSettings
from .base import (
    DashboardQuery,
    DashboardStore,
    DuplicateDashboard,
    SavedVersion,
    StorageUnavailable,
    json_text,
    search_text,
    tags_of,
    version_of,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Connections a store keeps open between requests (one per concurrent request at most).
IDLE_CONNECTIONS = 8


#: The columns beside ``id`` and ``document``, computed from the document on every write.
COLUMNS = (
    "name",
    "category",
    "created_by",
    "layout",
    "date",
    "num_modules",
    "version",
    "search",
    "tags",
)
#: Columns that files made by older versions lack, with their declarations.
ADDED_COLUMNS = {
    "version": "INTEGER NOT NULL DEFAULT 0",
    "search": "TEXT NOT NULL DEFAULT ''",
    "tags": "TEXT",
}


def _valid_text(value: str) -> str:
    # Columns hold valid text even when a document (from an old version) does not.
    return value.encode("utf-8", "replace").decode()


def _summary_columns(document: Mapping[str, Any]) -> dict[str, Any]:
    modules = document.get("modules")

    def text(key: str) -> str | None:
        value = document.get(key)
        return None if value is None else _valid_text(str(value))

    tags = tags_of(document)
    return {
        "name": text("name") or "",
        "category": text("category"),
        "created_by": text("created_by"),
        "layout": text("layout"),
        "date": text("date"),
        "num_modules": len(modules) if isinstance(modules, list) else 0,
        "version": version_of(document),
        "search": _valid_text(search_text(document)),
        "tags": json.dumps([_valid_text(t) for t in tags]) if tags else None,
    }


def like_pattern(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching text that contains ``text``: its
    ``%``, ``_`` and ``\\`` match only themselves."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


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
        self.synchronous = settings.synchronous
        self._ready = False
        self._ready_lock = threading.Lock()
        self._local_key = f"_jsondash_sqlite_{id(self)}"
        self._broken_key = f"{self._local_key}_broken"
        self._idle: list[sqlite3.Connection] = []
        self._idle_lock = threading.Lock()
        self._idle_pid = os.getpid()

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
            conn.execute(f"PRAGMA synchronous = {self.synchronous.upper()}")
            if not self._ready:
                self._create_schema(conn)
        except (sqlite3.Error, OSError) as exc:
            raise self._unavailable(exc) from None
        return conn

    def _schema_objects(self) -> tuple[str, ...]:
        t = self.table
        return (
            t,
            f"{t}_count",
            f"{t}_counted_insert",
            f"{t}_counted_delete",
            f"{t}_tags",
            f"{t}_versions",
            f"{t}_tags_insert",
            f"{t}_tags_update",
            f"{t}_forget",
            f"{t}_listing_search",
            f"{t}_owner_listing_search",
            f"{t}_search",
        )

    def _missing_columns(self, conn: sqlite3.Connection) -> list[str]:
        present = {row[1] for row in conn.execute(f'PRAGMA table_info("{self.table}")')}
        return [name for name in ADDED_COLUMNS if name not in present]

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        with self._ready_lock:
            if self._ready:
                return
            wanted = self._schema_objects()
            marks = ", ".join("?" * len(wanted))
            found = conn.execute(
                f"SELECT COUNT(*) FROM sqlite_master WHERE name IN ({marks})", wanted
            ).fetchone()[0]
            if found == len(wanted) and not self._missing_columns(conn):
                # Made before (WAL mode stays set): nothing to write, so a read-only file works.
                self._ready = True
                return
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._build_schema(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            self._ready = True

    def _build_schema(self, conn: sqlite3.Connection) -> None:
        """Make the tables, indexes and triggers, or add what a file of an older version lacks
        (inside the caller's transaction, so another process doing the same waits)."""
        t = self.table
        conn.execute(
            f"""CREATE TABLE IF NOT EXISTS "{t}" (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL DEFAULT '',
                category TEXT,
                created_by TEXT,
                layout TEXT,
                date TEXT,
                num_modules INTEGER NOT NULL DEFAULT 0,
                document TEXT NOT NULL,
                version INTEGER NOT NULL DEFAULT 0,
                search TEXT NOT NULL DEFAULT '',
                tags TEXT
            )"""
        )
        added = self._missing_columns(conn)
        for name in added:
            conn.execute(f'ALTER TABLE "{t}" ADD COLUMN {name} {ADDED_COLUMNS[name]}')
        statements = [
            # Pages of the index come from these in order; with the search text in them, a
            # search reads them alone (never the documents) until a page is full.
            f'DROP INDEX IF EXISTS "{t}_listing"',
            f'DROP INDEX IF EXISTS "{t}_owner_listing"',
            f'CREATE INDEX IF NOT EXISTS "{t}_listing_search" '
            f'ON "{t}" (category COLLATE NOCASE, name COLLATE NOCASE, id, search)',
            f'CREATE INDEX IF NOT EXISTS "{t}_owner_listing_search" '
            f'ON "{t}" (created_by, category COLLATE NOCASE, name COLLATE NOCASE, id, search)',
            # Counting the matches of a search reads only this.
            f'CREATE INDEX IF NOT EXISTS "{t}_search" ON "{t}" (search)',
            f'CREATE INDEX IF NOT EXISTS "{t}_categories" ON "{t}" (category)',
            f'CREATE INDEX IF NOT EXISTS "{t}_owner_categories" ON "{t}" (created_by, category)',
            # The number of dashboards, kept by triggers: counting costs the same at any size.
            f'CREATE TABLE IF NOT EXISTS "{t}_count" '
            "(one INTEGER PRIMARY KEY CHECK (one = 1), total INTEGER NOT NULL)",
            f'INSERT OR IGNORE INTO "{t}_count" (one, total) SELECT 1, COUNT(*) FROM "{t}"',
            f'CREATE TRIGGER IF NOT EXISTS "{t}_counted_insert" AFTER INSERT ON "{t}" '
            f'BEGIN UPDATE "{t}_count" SET total = total + 1; END',
            f'CREATE TRIGGER IF NOT EXISTS "{t}_counted_delete" AFTER DELETE ON "{t}" '
            f'BEGIN UPDATE "{t}_count" SET total = total - 1; END',
            # One row per tag of a dashboard, kept from the tags column by triggers.
            f'CREATE TABLE IF NOT EXISTS "{t}_tags" '
            "(tag TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (tag, id)) WITHOUT ROWID",
            f'CREATE INDEX IF NOT EXISTS "{t}_tags_by_id" ON "{t}_tags" (id)',
            f'CREATE TRIGGER IF NOT EXISTS "{t}_tags_insert" AFTER INSERT ON "{t}" BEGIN '
            f'INSERT OR IGNORE INTO "{t}_tags" (tag, id) '
            "SELECT value, NEW.id FROM json_each(NEW.tags) WHERE type = 'text'; END",
            f'CREATE TRIGGER IF NOT EXISTS "{t}_tags_update" AFTER UPDATE OF tags ON "{t}" '
            f'BEGIN DELETE FROM "{t}_tags" WHERE id = OLD.id; '
            f'INSERT OR IGNORE INTO "{t}_tags" (tag, id) '
            "SELECT value, NEW.id FROM json_each(NEW.tags) WHERE type = 'text'; END",
            # Each dashboard's kept versions, newest last.
            f'CREATE TABLE IF NOT EXISTS "{t}_versions" ('
            "id TEXT NOT NULL, version INTEGER NOT NULL, saved_by TEXT, saved_at TEXT, "
            "message TEXT, document TEXT NOT NULL, PRIMARY KEY (id, version))",
            # Deleting a dashboard, in any way, deletes its tags and its history.
            f'CREATE TRIGGER IF NOT EXISTS "{t}_forget" AFTER DELETE ON "{t}" '
            f'BEGIN DELETE FROM "{t}_tags" WHERE id = OLD.id; '
            f'DELETE FROM "{t}_versions" WHERE id = OLD.id; END',
        ]
        for statement in statements:
            conn.execute(statement)
        if added:
            self._fill_added_columns(conn)

    def _fill_added_columns(self, conn: sqlite3.Connection) -> None:
        """Compute the new columns of every dashboard of a file made by an older version (the
        tags trigger fills the tags table as they are set)."""
        last = 0
        while True:
            rows = conn.execute(
                f'SELECT rowid, document, id, name FROM "{self.table}" WHERE rowid > ? '
                "ORDER BY rowid LIMIT 500",
                (last,),
            ).fetchall()
            if not rows:
                return
            updates = []
            for rowid, text, c_id, name in rows:
                columns = _summary_columns(self._document(text, c_id, name))
                updates.append((columns["version"], columns["search"], columns["tags"], rowid))
            conn.executemany(
                f'UPDATE "{self.table}" SET version = ?, search = ?, tags = ? WHERE rowid = ?',
                updates,
            )
            last = rows[-1][0]

    def _take(self) -> sqlite3.Connection:
        """An idle connection of this store, or a new one."""
        with self._idle_lock:
            if self._idle_pid != os.getpid():
                # Forked (a pre-forking server): a connection must not cross into a child, so
                # the parent's are left alone, never used or closed here.
                self._idle, self._idle_pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give_back(self, conn: sqlite3.Connection, usable: bool) -> None:
        """Keep a connection for the next request (opening one, and closing the last one,
        which checkpoints the WAL file, cost more than most requests), or close it."""
        if usable and not conn.in_transaction:
            with self._idle_lock:
                if self._idle_pid == os.getpid() and len(self._idle) < IDLE_CONNECTIONS:
                    self._idle.append(conn)
                    return
        conn.close()

    def close(self) -> None:
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The connection of the current app context (given back at teardown), or one for
        this call only."""
        if has_app_context():
            conn = getattr(g, self._local_key, None)
            if conn is None:
                conn = self._take()
                setattr(g, self._local_key, conn)
                g.setdefault("_jsondash_closers", []).append(
                    lambda: self._give_back(conn, not g.get(self._broken_key))
                )
            try:
                with self._translating_errors():
                    yield conn
            except StorageUnavailable:
                setattr(g, self._broken_key, True)  # not kept after an error of the database
                raise
            return
        conn = self._take()
        usable = False
        try:
            with self._translating_errors():
                yield conn
            usable = True
        finally:
            self._give_back(conn, usable)

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

    def _where(
        self, query: DashboardQuery | None, in_listing_order: bool = False
    ) -> tuple[str, list[Any]]:
        """The WHERE clause of a listing (its columns named with the table's name, so that it
        also serves in a join), and its parameters.

        ``in_listing_order``: for a page, read in the listing's order from its index (which
        holds the id and the search text) until the page is full, the dashboards with the
        tags being a set looked up per row; otherwise (counts) the dashboards with the tags
        are looked up by id.
        """
        if query is None:
            return "", []
        t = self.table
        clauses: list[str] = []
        params: list[Any] = []
        if query.owners is not None:
            owners = list(query.owners)
            named = [o for o in owners if o is not None]
            alternatives = []
            if named:
                alternatives.append(f'"{t}".created_by IN ({", ".join("?" * len(named))})')
                params += named
            if None in owners:
                alternatives.append(f'"{t}".created_by IS NULL')
            clauses.append("(" + " OR ".join(alternatives) + ")" if alternatives else "0")
        if query.text:
            clauses.append(f"\"{t}\".search LIKE ? ESCAPE '\\'")
            params.append(like_pattern(_valid_text(query.text.lower())))
        if query.tags:
            tagged = " INTERSECT ".join(
                f'SELECT id FROM "{t}_tags" WHERE tag = ?' for _ in query.tags
            )
            # The unary + keeps SQLite from driving the query by id (then sorting them all).
            clauses.append(f'{"+" if in_listing_order else ""}"{t}".id IN ({tagged})')
            params += [_valid_text(tag) for tag in query.tags]
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

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
                # What json.loads makes is JSON-safe already (json_safe would copy it as it is).
                return {k: v for k, v in document.items() if k != "_id"}
            reason = f"its stored JSON is a {type(document).__name__}, not an object"
        return {"id": c_id, "name": name or str(c_id), "modules": [], "unreadable": reason}

    def summaries(
        self, query: DashboardQuery | None = None, skip: int = 0, limit: int | None = None
    ) -> list[dict]:
        where, params = self._where(query, in_listing_order=True)
        keys = ("id", "name", "category", "created_by", "date", "layout", "num_modules")
        sql = (
            f'SELECT {", ".join(keys)}, version, tags FROM "{self.table}"'
            f"{where} ORDER BY category COLLATE NOCASE, name COLLATE NOCASE, id"
            " LIMIT ? OFFSET ?"
        )
        with self._connection() as conn:
            rows = conn.execute(sql, [*params, int(limit) if limit else -1, int(skip)]).fetchall()
        found = []
        for row in rows:
            summary = {k: v for k, v in zip(keys, row, strict=False) if v is not None}
            summary["version"] = row[-2]
            summary["tags"] = json.loads(row[-1]) if row[-1] else []
            found.append(summary)
        return found

    def count_matching(self, query: DashboardQuery | None = None) -> int:
        # With a search text, every row's text is read anyway: from an index that has the id
        # too, rather than looking up each row of a tag.
        where, params = self._where(query, in_listing_order=bool(query and query.text))
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
        if query is not None and query.searching:
            where, params = self._where(query)
            sql = f"SELECT DISTINCT category FROM \"{self.table}\"{where} AND category > ''"
            with self._connection() as conn:
                rows = conn.execute(sql, params).fetchall()
            return sorted({row[0] for row in rows}, key=lambda c: (c.lower(), c))
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

    def tag_counts(self, query: DashboardQuery | None = None) -> list[tuple[str, int]]:
        t = self.table
        where, params = self._where(query)
        if where:
            sql = (
                f'SELECT "{t}_tags".tag, COUNT(*) FROM "{t}_tags" JOIN "{t}" '
                f'ON "{t}".id = "{t}_tags".id{where} GROUP BY "{t}_tags".tag'
            )
        else:
            sql = f'SELECT tag, COUNT(*) FROM "{t}_tags" GROUP BY tag'
        with self._connection() as conn:
            rows = conn.execute(f"{sql} ORDER BY 2 DESC, 1", params).fetchall()
        return [(str(tag), int(count)) for tag, count in rows]

    def _insert(self, conn: sqlite3.Connection, documents: list[Mapping[str, Any]]) -> list[str]:
        """Insert new dashboards; the JSON text stored of each."""
        rows = []
        for data in documents:
            document, text = json_text(data)
            rows.append((str(document["id"]), *_summary_columns(document).values(), text))
        try:
            conn.executemany(
                f'INSERT INTO "{self.table}" (id, {", ".join(COLUMNS)}, document) '
                f"VALUES ({', '.join('?' * (len(COLUMNS) + 2))})",
                rows,
            )
        except sqlite3.IntegrityError:
            raise DuplicateDashboard(
                "A dashboard with one of these ids already exists: "
                + ", ".join(repr(row[0]) for row in rows[:5])
            ) from None
        return [row[-1] for row in rows]

    def insert(self, document: Mapping[str, Any]) -> str:
        with self._write() as conn:
            self._insert(conn, [document])
        return str(document["id"])

    def create_many(self, documents: list[Mapping[str, Any]]) -> int:
        with self._write() as conn:
            self._insert(conn, documents)
        return len(documents)

    def _store(
        self,
        conn: sqlite3.Connection,
        c_id: str,
        data: Mapping[str, Any],
        only_at: int | None = None,
    ) -> str | None:
        """Write one dashboard over the stored one (only if that is at version ``only_at``,
        when given); the JSON text stored, or None when no row was written."""
        document, text = json_text({**data, "id": c_id})
        columns = _summary_columns(document)
        sql = (
            f'UPDATE "{self.table}" SET {", ".join(f"{name} = ?" for name in COLUMNS)}, '
            "document = ? WHERE id = ?"
        )
        params: list[Any] = [*columns.values(), text, str(c_id)]
        if only_at is not None:
            sql += " AND version = ?"
            params.append(int(only_at))
        return text if conn.execute(sql, params).rowcount > 0 else None

    def replace(self, c_id: str, document: Mapping[str, Any]) -> bool:
        with self._write() as conn:
            return self._store(conn, c_id, document) is not None

    def merge(self, c_id: str, fields: Mapping[str, Any]) -> bool:
        with self._write() as conn:
            row = conn.execute(
                f'SELECT document FROM "{self.table}" WHERE id = ?', (str(c_id),)
            ).fetchone()
            if row is None:
                return False
            stored = self._document(row[0], c_id)
            stored.pop("unreadable", None)
            return self._store(conn, c_id, {**stored, **fields}) is not None

    # History -----------------------------------------------------------------------------

    searchable = True
    atomic_versions = True

    def _record(
        self,
        conn: sqlite3.Connection,
        c_id: str,
        entry: SavedVersion,
        overwrite: bool,
        text: str | None = None,
    ) -> None:
        """Keep one version in the history (over a kept one of the same number only with
        ``overwrite``). ``text``: the JSON of ``entry.document`` as the dashboard was stored,
        when it was just written (so it is not made twice)."""
        if not overwrite:
            kept = conn.execute(
                f'SELECT 1 FROM "{self.table}_versions" WHERE id = ? AND version = ?',
                (str(c_id), int(entry.version)),
            ).fetchone()
            if kept:  # INSERT OR IGNORE would leave it: no need to make its JSON
                return
        conn.execute(
            f'INSERT OR {"REPLACE" if overwrite else "IGNORE"} INTO "{self.table}_versions" '
            "(id, version, saved_by, saved_at, message, document) VALUES (?, ?, ?, ?, ?, ?)",
            (
                str(c_id),
                int(entry.version),
                entry.saved_by,
                entry.saved_at,
                entry.message,
                text if text is not None else json_text(entry.document or {})[1],
            ),
        )

    def insert_versioned(self, document: Mapping[str, Any], saved: SavedVersion) -> str:
        c_id = str(document["id"])
        with self._write() as conn:
            (text,) = self._insert(conn, [document])
            # No history of an earlier dashboard of this id stays (deleting one deletes its
            # history too, so there is seldom any to delete: looking is cheaper).
            versions = f'"{self.table}_versions"'
            if conn.execute(f"SELECT 1 FROM {versions} WHERE id = ? LIMIT 1", (c_id,)).fetchone():
                conn.execute(f"DELETE FROM {versions} WHERE id = ?", (c_id,))
            # The version is the dashboard just stored, most often: its JSON is that text.
            same = saved.document is document
            self._record(conn, c_id, saved, overwrite=True, text=text if same else None)
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
        # BEGIN IMMEDIATE, then UPDATE ... WHERE version = base: another process's save of
        # the same version either committed before (no row matches) or waits for this one.
        with self._write() as conn:
            text = self._store(conn, c_id, document, only_at=base_version)
            if text is None:
                return False
            if previous is not None:
                self._record(conn, c_id, previous, overwrite=False)
            # The new version is the dashboard just stored, most often: its JSON is that text
            # (which _store wrote with ``"id": c_id``).
            same = saved.document is document and document.get("id") == c_id
            self._record(conn, c_id, saved, overwrite=True, text=text if same else None)
            conn.execute(
                f'DELETE FROM "{self.table}_versions" WHERE id = ? AND version < ?',
                (str(c_id), int(saved.version) - int(keep)),
            )
        return True

    def history(self, c_id: str) -> list[SavedVersion]:
        with self._connection() as conn:
            rows = conn.execute(
                f'SELECT version, saved_by, saved_at, message FROM "{self.table}_versions" '
                "WHERE id = ? ORDER BY version DESC",
                (str(c_id),),
            ).fetchall()
        return [SavedVersion(*row) for row in rows]

    def history_entry(self, c_id: str, version: int) -> SavedVersion | None:
        with self._connection() as conn:
            row = conn.execute(
                "SELECT version, saved_by, saved_at, message, document "
                f'FROM "{self.table}_versions" WHERE id = ? AND version = ?',
                (str(c_id), int(version)),
            ).fetchone()
        if row is None:
            return None
        number, saved_by, saved_at, message, text = row
        return SavedVersion(number, saved_by, saved_at, message, self._document(text, c_id))

    def remove(self, c_id: str) -> bool:
        with self._write() as conn:
            cursor = conn.execute(f'DELETE FROM "{self.table}" WHERE id = ?', (str(c_id),))
        return cursor.rowcount > 0

    def remove_all(self) -> int:
        with self._write() as conn:
            cursor = conn.execute(f'DELETE FROM "{self.table}"')
        return cursor.rowcount
