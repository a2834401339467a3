"""Who may do what: the host app's auth and metadata hooks, the global flag and ownership.

Hooks come from ``app.config["JSONDASH"]`` (the original's ``auth`` and ``metadata`` dicts) and
from the extension's decorators (``@jsondash.auth_hook("create")``); the dict wins where both
name a hook. The routes and the dashboard service ask through :func:`allowed` and
:func:`user_metadata`, which call ``charts_builder.auth`` and ``charts_builder.metadata``: the
names the original's code used, so a host (or test) that replaces them there changes what every
route does, as it did with the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request

from .forms import wants_global
from .state import state_of
from .storage import DashboardQuery
from .utils import is_global_dashboard, setting


def _jsondash_config() -> Mapping[str, Any]:
    conf = setting("JSONDASH")
    return conf if isinstance(conf, Mapping) else {}


def _hooks(kind: str) -> dict[str, Any]:
    state = state_of()
    registered = state.auth_hooks if kind == "auth" else state.metadata_hooks
    return {**registered, **(_jsondash_config().get(kind) or {})}


def auth(authtype: str | None = None, **kwargs: Any) -> bool:
    """Ask the host app's ``auth`` hook for ``authtype``; a missing hook allows.

    Extra keyword arguments (``view_id=``) are passed to the hook.
    """
    hook = _hooks("auth").get(authtype) if authtype else None
    if hook is None:
        return True
    return bool(hook(**kwargs))


def metadata(key: str | None = None, exclude: Any = ()) -> Any:
    """Values of the host app's ``metadata`` hooks.

    With ``key``, the one value (None when there is no such hook); otherwise a dict of every
    hook's value except those in ``exclude``.
    """
    hooks = _hooks("metadata")
    if key is not None:
        hook = hooks.get(key)
        return hook() if hook is not None else None
    return {name: hook() for name, hook in hooks.items() if name not in exclude}


def _face() -> Any:
    from . import charts_builder  # the original's module, where hooks may be replaced

    return charts_builder


def allowed(authtype: str, **kwargs: Any) -> bool:
    """Whether the auth hook allows ``authtype`` (through ``charts_builder.auth``)."""
    return bool(_face().auth(authtype=authtype, **kwargs))


def user_metadata(key: str | None = None, exclude: Any = ()) -> Any:
    """The metadata hooks' values (through ``charts_builder.metadata``)."""
    return _face().metadata(key=key, exclude=exclude)


def global_owner(wanted: bool) -> dict[str, str]:
    """``{'created_by': <global user>}`` when a global dashboard is ``wanted`` and both the
    ``JSONDASH_GLOBALDASH`` flag and the ``edit_global`` hook allow it; otherwise ``{}``."""
    if wanted and setting("JSONDASH_GLOBALDASH") and allowed("edit_global"):
        return {"created_by": setting("JSONDASH_GLOBAL_USER")}
    return {}


def check_global() -> dict[str, str]:
    """The original's name: :func:`global_owner` for the request's form."""
    return global_owner(wants_global(request.form))


def is_creator(view: Mapping[str, Any]) -> bool:
    """Whether the current user (the ``username`` hook) created this dashboard."""
    return user_metadata(key="username") == view.get("created_by")


def can_edit(view: Mapping[str, Any], c_id: str) -> bool:
    """A dashboard's creator may always edit it; others need the ``edit_others`` hook."""
    return is_creator(view) or allowed("edit_others", view_id=c_id)


def listing_query() -> DashboardQuery:
    """Which dashboards the index shows: everyone's, or the user's (and the global ones)."""
    if not setting("JSONDASH_FILTERUSERS"):
        return DashboardQuery()
    owners: list[str | None] = [user_metadata(key="username")]
    if setting("JSONDASH_GLOBALDASH"):
        owners.append(setting("JSONDASH_GLOBAL_USER"))
    return DashboardQuery(owners=tuple(owners))


__all__ = [
    "allowed",
    "auth",
    "can_edit",
    "check_global",
    "global_owner",
    "is_creator",
    "is_global_dashboard",
    "listing_query",
    "metadata",
    "user_metadata",
]
