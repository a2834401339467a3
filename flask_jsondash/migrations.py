"""Upgrades of stored dashboards to the current document format (``schemaVersion``).

A dashboard records the format it was written in as ``schemaVersion``; one written before that
key existed (by the original flask_jsondash, or by this port before format 2) counts as
format 1. Each step of :data:`MIGRATIONS` takes a document of format ``n`` to ``n + 1``, and
does one small thing. Documents are upgraded on their way out of the store
(:class:`flask_jsondash.storage.AppAdapter`, which every page, the service and the API read
through), so the rest of the code sees only the current format; saving writes it.

Adding a format: write ``def _vN_to_vN1(document) -> dict`` (a new dict: never change the
argument), append it to :data:`MIGRATIONS`, and test it on its own (tests/test_migrations.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .schema import CURRENT_SCHEMA_VERSION, normalize

#: The format of a document that does not say (written before ``schemaVersion`` existed).
FIRST_SCHEMA_VERSION = 1

Migration = Callable[[dict], dict]


def _v1_to_v2(document: dict) -> dict:
    """Format 2 brings tags, links, description, editable and version (all optional, and
    absent means what a format-1 dashboard was: untagged, unlinked, editable, version 0).

    Its modules are identified by ``guid`` (versions are compared module by module), so what
    the original filled in when it drew a dashboard is written down: a module without a
    ``family`` gets the one its ``type`` belongs to, and one without a ``guid`` (or with one an
    earlier module already has) gets a guid derived from the dashboard's id and its place,
    the same every time.
    """
    upgraded = normalize(document)
    upgraded["schemaVersion"] = 2
    return upgraded


#: ``MIGRATIONS[n - 1]`` takes a document of format ``n`` to format ``n + 1``.
MIGRATIONS: tuple[Migration, ...] = (_v1_to_v2,)

assert len(MIGRATIONS) == CURRENT_SCHEMA_VERSION - FIRST_SCHEMA_VERSION


def schema_version_of(document: Mapping[str, Any]) -> int:
    """The format a document says it is in; 1 when it does not say (or says nonsense)."""
    found = document.get("schemaVersion")
    if isinstance(found, int) and not isinstance(found, bool) and found >= FIRST_SCHEMA_VERSION:
        return found
    return FIRST_SCHEMA_VERSION


def needs_migration(document: Any) -> bool:
    """Whether a stored document is in an older format than the current one."""
    return isinstance(document, Mapping) and schema_version_of(document) < CURRENT_SCHEMA_VERSION


def migrate(document: Any) -> Any:
    """The document in the current format: each migration from its format on, in order.

    A document already current (or from a newer flask_jsondash, which this one leaves alone),
    and anything that is not a dashboard-shaped object, is returned as it is.
    """
    if not needs_migration(document):
        return document
    upgraded = dict(document)
    for step in MIGRATIONS[schema_version_of(upgraded) - FIRST_SCHEMA_VERSION :]:
        upgraded = step(upgraded)
    return upgraded


__all__ = [
    "CURRENT_SCHEMA_VERSION",
    "FIRST_SCHEMA_VERSION",
    "MIGRATIONS",
    "migrate",
    "needs_migration",
    "schema_version_of",
]
