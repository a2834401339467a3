"""What flask_jsondash keeps per app, in ``app.extensions["jsondash"]``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from .settings import DatabaseSettings


@dataclass
class JsondashState:
    """One app's storage adapter, hooks and chart families."""

    #: The adapter built from the app's settings, and the settings it was built from.
    store: Any = None
    settings: DatabaseSettings | None = None
    #: An adapter given by the host (``JsonDash(app, store=...)``, ``db.set_db_handler``).
    injected: Any = None
    #: Hooks given by decorator (``@jsondash.auth_hook("create")``); JSONDASH's dict wins.
    auth_hooks: dict[str, Callable[..., Any]] = field(default_factory=dict)
    metadata_hooks: dict[str, Callable[[], Any]] = field(default_factory=dict)
    #: Chart families this app registered (``jsondash.register_family``), by name.
    families: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def state_of(app: Flask | None = None) -> JsondashState:
    """The state of ``app`` (default: the current app), created on first use."""
    if app is None:
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    state = app.extensions.get("jsondash")
    if not isinstance(state, JsondashState):
        state = app.extensions["jsondash"] = JsondashState()
    return state
