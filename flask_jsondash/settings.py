"""Settings for flask_jsondash: database defaults from the environment and the chart registry.

The module-level ``DB_*`` and ``ACTIVE_DB`` names are the original's, read once from the
environment at import time. The blueprint itself resolves its database settings per app, at
request time, from ``app.config`` first and these environment variables second (see
:func:`database_settings`), so two apps in one process can use different databases.

``CHARTS_CONFIG`` is the original's chart registry: the built-in families' manifests
(:mod:`flask_jsondash.families`, one module per family) as dicts, each with the original's keys
(``charts``, ``dependencies``, ``js_url``, ``css_url``, ``enabled``, ``help_link``) and this port's
(``override``, ``libraries``, ``globals``, ``docs``, ``renderer``). Edit the manifests, not this.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .families import BUILTIN, LIBRARIES


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        # A bad value is reported, with the setting's name, when the database is first used.
        return default


# The original's names, kept for code that imports them.
DB_URI = os.environ.get("CHARTS_DB_HOST", "localhost")
DB_PORT = _env_int("CHARTS_DB_PORT", 27017)
DB_NAME = os.environ.get("CHARTS_DB_NAME", os.environ.get("CHARTS_DB_DB", "charts"))
DB_TABLE = os.environ.get("CHARTS_DB_TABLE", "views")
ACTIVE_DB = os.environ.get("CHARTS_ACTIVE_DB", "mongo").lower()

SUPPORTED_DATABASES = ("mongo", "sqlite")

#: Versions kept per dashboard (its history) when JSONDASH_VERSIONS_TO_KEEP does not say.
VERSIONS_TO_KEEP = 20

# Defaults for every app.config key the blueprint reads, in one place.
DEFAULT_CONFIG: dict[str, Any] = {
    "JSONDASH_FILTERUSERS": False,
    "JSONDASH_GLOBALDASH": False,
    "JSONDASH_GLOBAL_USER": "global",
    "JSONDASH_PERPAGE": 25,
    "JSONDASH_CSRF": True,
    "JSONDASH_CDN": False,
    # Limits of a dashboard, and of a request's body (413 beyond it).
    "JSONDASH_MAX_DOCUMENT_BYTES": 1_000_000,
    "JSONDASH_MAX_DEPTH": 32,
    "JSONDASH_MAX_MODULES": 500,
    "JSONDASH_MAX_REQUEST_BYTES": 4_000_000,
    # HTML in dashboards (the custom type) is shown in a sandboxed frame unless this is True.
    "JSONDASH_TRUSTED_HTML": False,
    # Security headers on the blueprint's responses (see docs/config.md); None: the default.
    "JSONDASH_SECURITY_HEADERS": True,
    "JSONDASH_CONTENT_SECURITY_POLICY": None,
    "JSONDASH_FRAME_ANCESTORS": "'self'",
    "JSONDASH_EMBED_FRAME_ANCESTORS": "'self'",
    # Caching and compression (see docs/config.md): pages link the static files at URLs with
    # their content's digest, kept by browsers for a year; the plain URLs for this many seconds.
    "JSONDASH_VERSIONED_ASSETS": True,
    "JSONDASH_ASSET_MAX_AGE": 3600,
    "JSONDASH_COMPRESS": True,
    # How many versions before the current one each dashboard keeps (its history).
    "JSONDASH_VERSIONS_TO_KEEP": VERSIONS_TO_KEEP,
    # Folders of dashboard files kept in the database (see docs/config.md, "Provisioning"),
    # and how many seconds between two looks at them (0: only when the app starts).
    "JSONDASH_PROVISIONING": None,
    "JSONDASH_PROVISIONING_INTERVAL": 30,
}
# Upper bound for ?per_page, so one request cannot ask for the whole database.
MAX_PER_PAGE = 500
DEFAULT_DB_TIMEOUT = 3.0  # seconds before an unreachable database is reported
MAX_DB_TIMEOUT = 600.0


# Libraries that chart families depend on but that draw no chart themselves.
SHARED_LIBRARIES: dict[str, dict[str, Any]] = {lib.name: lib.config() for lib in LIBRARIES}
# What a freeform layout needs on every page, and what the editor adds for those who can edit.
LAYOUT_LIBRARIES = {"freeform": ["Packery"], "grid": [], "gridpos": []}
# The editor can turn a dashboard into any layout, so it has every layout's library.
EDITOR_LIBRARIES = ["jQueryUI", "Packery", "GridStack"]

#: The original's chart registry: every built-in family's manifest (flask_jsondash.families)
#: as a dict. Families an app registers for itself are added per app (families.registry()).
CHARTS_CONFIG: dict[str, dict[str, Any]] = {family.name: family.config() for family in BUILTIN}


@dataclass(frozen=True)
class DatabaseSettings:
    """Where one app keeps its dashboards, resolved from app.config, then env, then defaults."""

    active: str
    host: str
    port: int
    name: str
    table: str
    uri: str | None
    path: str
    timeout: float
    #: SQLite's ``synchronous`` mode: "normal" (the default) or "full".
    synchronous: str = "normal"


class ConfigurationError(ValueError):
    """A setting has a value the blueprint cannot use; the message names the setting."""


class UnsupportedDatabase(ConfigurationError, NotImplementedError):
    """CHARTS_ACTIVE_DB names no backend of this package (the original raised
    NotImplementedError here, so that is caught too)."""


def _lookup(config: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    """First value found for any of ``names`` in app.config, then in the environment."""
    for name in names:
        if config.get(name) not in (None, ""):
            return config[name]
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return default


def database_settings(
    config: Mapping[str, Any], instance_path: str, default_active: str = "mongo"
) -> DatabaseSettings:
    """Resolve the database settings of one app, naming the setting at fault on bad values.

    ``default_active`` is the backend used when neither app.config nor the environment sets
    CHARTS_ACTIVE_DB.
    """
    active = str(_lookup(config, "CHARTS_ACTIVE_DB", default=default_active)).strip().lower()
    if active not in SUPPORTED_DATABASES:
        raise UnsupportedDatabase(
            f"CHARTS_ACTIVE_DB={active!r} is not one of: {', '.join(SUPPORTED_DATABASES)}."
        )
    port_value = _lookup(config, "CHARTS_DB_PORT", default=27017)
    try:
        port = int(port_value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"CHARTS_DB_PORT={port_value!r} is not a port number.") from None
    timeout_value = _lookup(config, "CHARTS_DB_TIMEOUT", default=DEFAULT_DB_TIMEOUT)
    try:
        timeout = float(timeout_value)
    except (TypeError, ValueError):
        timeout = math.nan
    if not 0 < timeout <= MAX_DB_TIMEOUT:  # also refuses nan and inf
        raise ConfigurationError(
            f"CHARTS_DB_TIMEOUT={timeout_value!r} is not a number of seconds from 0 to "
            f"{MAX_DB_TIMEOUT:g}."
        )
    synchronous = str(_lookup(config, "CHARTS_DB_SYNCHRONOUS", default="normal")).strip().lower()
    if synchronous not in ("normal", "full"):
        raise ConfigurationError(
            f"CHARTS_DB_SYNCHRONOUS={synchronous!r} is not one of: normal, full."
        )
    table = str(_lookup(config, "CHARTS_DB_TABLE", default="views"))
    default_path = os.path.join(instance_path, "jsondash.sqlite3")
    return DatabaseSettings(
        active=active,
        host=str(_lookup(config, "CHARTS_DB_HOST", default="localhost")),
        port=port,
        name=str(_lookup(config, "CHARTS_DB_NAME", "CHARTS_DB_DB", default="charts")),
        table=table,
        uri=_lookup(config, "CHARTS_DB_URI"),
        path=str(_lookup(config, "CHARTS_DB_PATH", default=default_path)),
        timeout=timeout,
        synchronous=synchronous,
    )


# Provisioning ----------------------------------------------------------------------------------

#: The keys of one folder of ``JSONDASH_PROVISIONING`` given as a dict.
PROVISIONING_KEYS = ("path", "allow_ui_updates", "delete_removed")
#: Bounds of ``JSONDASH_PROVISIONING_INTERVAL`` (seconds); 0 looks only when the app starts.
MIN_PROVISIONING_INTERVAL = 1.0
MAX_PROVISIONING_INTERVAL = 7 * 24 * 3600.0


@dataclass(frozen=True)
class ProvisioningFolder:
    """One folder of dashboard files that provisioning keeps in the database.

    ``path`` is absolute. ``allow_ui_updates``: its dashboards may be changed in the browser
    (until their file changes again); otherwise saves are refused. ``delete_removed``: a
    dashboard whose file is gone is deleted; otherwise it stays.
    """

    path: str
    allow_ui_updates: bool = False
    delete_removed: bool = False

    def holds(self, file: str) -> bool:
        """Whether ``file`` (an absolute path) is in this folder or below it."""
        return os.path.commonpath([self.path, file]) == self.path


def _folder_path(value: Any, where: str, root_path: str) -> str:
    if isinstance(value, os.PathLike):
        value = os.fspath(value)
    if not isinstance(value, str) or not value.strip() or "\x00" in value:
        raise ConfigurationError(
            f"{where}={value!r} is not a folder: give its path as text (absolute, or relative "
            "to the app's root_path)."
        )
    path = os.path.expanduser(value.strip())
    return os.path.normpath(os.path.join(root_path, path))


def provisioning_folders(config: Mapping[str, Any], root_path: str) -> list[ProvisioningFolder]:
    """The folders ``JSONDASH_PROVISIONING`` names, checked: a path (text), or a dict
    ``{"path": ..., "allow_ui_updates": bool, "delete_removed": bool}``, or a list of these.
    Relative paths are relative to ``root_path`` (the app's). Raises
    :class:`ConfigurationError` naming the entry at fault."""
    value = config.get("JSONDASH_PROVISIONING")
    if value is None or value == "" or value == [] or value == ():
        return []
    entries = value if isinstance(value, list | tuple) else [value]
    folders: list[ProvisioningFolder] = []
    for index, entry in enumerate(entries):
        where = f"JSONDASH_PROVISIONING[{index}]" if entries is value else "JSONDASH_PROVISIONING"
        if not isinstance(entry, Mapping):
            folders.append(ProvisioningFolder(_folder_path(entry, where, root_path)))
            continue
        unknown = sorted(str(key) for key in entry if key not in PROVISIONING_KEYS)
        if unknown:
            raise ConfigurationError(
                f"{where} has unknown keys {', '.join(unknown)}; a folder's keys are: "
                f"{', '.join(PROVISIONING_KEYS)}."
            )
        flags = {}
        for key in ("allow_ui_updates", "delete_removed"):
            flag = entry.get(key, False)
            if not isinstance(flag, bool):
                raise ConfigurationError(f"{where}[{key!r}]={flag!r} is not True or False.")
            flags[key] = flag
        path = _folder_path(entry.get("path"), f"{where}['path']", root_path)
        folders.append(ProvisioningFolder(path, **flags))
    for index, folder in enumerate(folders):
        for other in folders[index + 1 :]:
            if folder.path == other.path:
                raise ConfigurationError(
                    f"JSONDASH_PROVISIONING names the folder {folder.path} more than once."
                )
            if folder.holds(other.path) or other.holds(folder.path):
                inner, outer = sorted((folder.path, other.path), key=len, reverse=True)
                raise ConfigurationError(
                    f"JSONDASH_PROVISIONING names {inner}, which is inside {outer} (whose "
                    "subfolders are read too): name one of them."
                )
    return folders


def provisioning_interval(config: Mapping[str, Any]) -> float:
    """Seconds between two provisioning rounds (``JSONDASH_PROVISIONING_INTERVAL``); 0 for
    only one, when the app starts. Raises :class:`ConfigurationError` naming the setting."""
    name = "JSONDASH_PROVISIONING_INTERVAL"
    value = config.get(name, DEFAULT_CONFIG[name])
    try:
        seconds = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        seconds = math.nan
    if seconds == 0 or MIN_PROVISIONING_INTERVAL <= seconds <= MAX_PROVISIONING_INTERVAL:
        return seconds
    raise ConfigurationError(
        f"JSONDASH_PROVISIONING_INTERVAL={value!r} is not a number of seconds from "
        f"{MIN_PROVISIONING_INTERVAL:g} to {MAX_PROVISIONING_INTERVAL:g} (or 0: only at start)."
    )
