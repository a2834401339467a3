"""Fixtures: load dashboards from JSON files into a store, and dump them back out.

Loading is idempotent: a dashboard whose ``id`` is already stored is replaced, never
duplicated. Files that are not valid dashboards are reported by name and skipped; the rest load.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .db import DashboardStore, now_string
from .schema import InvalidSchemaError, validate_raw_json


@dataclass
class LoadReport:
    """What a fixtures load did."""

    created: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def loaded(self) -> int:
        return len(self.created) + len(self.replaced)


def fixture_files(directory: str) -> list[str]:
    """Every ``*.json`` file under ``directory`` (recursively), sorted."""
    found = []
    for root, _dirs, files in os.walk(directory):
        found += [os.path.join(root, name) for name in files if name.endswith(".json")]
    return sorted(found)


def load_fixtures(
    store: DashboardStore,
    paths: Iterable[str],
    progress: Callable[[int, str], None] | None = None,
) -> LoadReport:
    """Validate and store each dashboard file; a bad file is reported and the rest still load."""
    report = LoadReport()
    for number, path in enumerate(paths, start=1):
        if progress is not None:
            progress(number, path)
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            document = json.loads(text)
            uid = document.get("id") if isinstance(document, dict) else None
            data = validate_raw_json(text, uid=str(uid or uuid.uuid4()))
        except (OSError, UnicodeDecodeError, ValueError, InvalidSchemaError) as exc:
            report.failed[path] = str(exc)
            continue
        data.setdefault("date", now_string())
        if store.get(data["id"]) is None:
            store.create(data)
            report.created.append(data["id"])
        else:
            store.update(data["id"], data)
            report.replaced.append(data["id"])
    return report
