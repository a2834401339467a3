"""The SQLite store is safe with several worker processes writing to one file at once."""

from __future__ import annotations

import multiprocessing
import uuid

from helpers import dashboard

from flask_jsondash.settings import database_settings
from flask_jsondash.sqlite_adapter import Db

WORKERS = 4
PER_WORKER = 40


def _settings(path: str):
    return database_settings(
        {"CHARTS_ACTIVE_DB": "sqlite", "CHARTS_DB_PATH": path, "CHARTS_DB_TIMEOUT": 20}, "."
    )


def _worker(path: str, shared_id: str, number: int) -> int:
    store = Db(_settings(path))
    for i in range(PER_WORKER):
        store.create(dashboard(id=str(uuid.uuid4()), name=f"w{number}-{i}"))
        current = store.get(shared_id)
        store.update(shared_id, {**current, "name": f"w{number}-{i}"})
    return PER_WORKER


def test_concurrent_writers_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    shared = dashboard(name="shared")
    Db(_settings(path)).create(shared)
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        written = pool.starmap(_worker, [(path, shared["id"], n) for n in range(WORKERS)])
    store = Db(_settings(path))
    assert sum(written) == WORKERS * PER_WORKER
    assert store.count() == WORKERS * PER_WORKER + 1
    names = {row["name"] for row in store.filter()}
    assert {f"w{n}-{i}" for n in range(WORKERS) for i in range(PER_WORKER)} <= names
    assert store.get(shared["id"])["name"].startswith("w")


def test_the_file_is_in_wal_mode(tmp_path):
    import sqlite3

    path = str(tmp_path / "wal.sqlite3")
    Db(_settings(path)).count()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
