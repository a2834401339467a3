"""The dashboard service: the rules of listing, showing, creating, saving, cloning and deleting.

Validation, permissions, ownership (``created_by``), the global flag and stamping the date live
here, in plain functions of plain arguments. The HTML routes (and the JSON API) are thin
callers: they read a request into a :class:`~flask_jsondash.forms.Submission`, call one of these,
and turn the answer or the exception into a page, a redirect or JSON.

Refusals are exceptions: :class:`Refused` (not allowed, with the original's message),
:class:`NotFound` (no such dashboard), :class:`~flask_jsondash.schema.InvalidSchemaError` (the
dashboard has problems; nothing was stored).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .forms import KEEP, Submission
from .permissions import allowed, can_edit, global_owner, listing_query, user_metadata
from .schema import MAX_NAME, InvalidSchemaError, normalize, shape_problems, validate_raw_json
from .storage import now_string
from .utils import Paginator, adapter, is_global_dashboard, paginator


class Refused(Exception):
    """Not allowed (or not possible): the message says why, in the original's words.

    ``back_to`` is where a page goes next: ``"index"`` or ``"view"`` (the dashboard).
    """

    def __init__(self, message: str, back_to: str = "index", status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.back_to = back_to
        self.status = status


class NotFound(Exception):
    """There is no dashboard with this id."""

    def __init__(self, c_id: str) -> None:
        super().__init__(f"There is no dashboard with id {c_id!r}.")
        self.c_id = c_id


def reformat_data(data: dict, c_id: str | None = None) -> dict:
    """Stamp a dashboard for saving: set its ``date`` to now and, when given, its ``id``.

    Updates ``data`` in place and returns it (the original's ``db.reformat_data``).
    """
    data["date"] = now_string()
    if c_id is not None:
        data["id"] = c_id
    return data


@dataclass
class Listing:
    """One page of the index."""

    views: list[dict]
    count: int
    paginator: Paginator
    categories: list[str]


def listing(page: int | None = None, per_page: int | None = None) -> Listing:
    """The dashboards this user may list, one page of them. Raises
    :class:`~flask_jsondash.utils.PageOutOfRange` for a page past the last one."""
    query = listing_query()
    count = adapter.count_matching(query)
    pages = paginator(page=page, per_page=per_page, count=count)
    views = adapter.summaries(query, skip=pages.skip, limit=pages.limit)
    for view in views:
        view["is_global"] = is_global_dashboard(view)
    return Listing(views, count, pages, adapter.categories(query))


def categories() -> list[str]:
    """The categories of the dashboards this user can list, sorted."""
    return adapter.categories(listing_query())


def load(c_id: str) -> dict:
    """A stored dashboard, or :class:`NotFound`."""
    stored = adapter.get(c_id)
    if not stored:
        raise NotFound(c_id)
    return stored


def viewable(c_id: str) -> dict:
    """The dashboard to show, if the ``view`` hook allows it and it can be shown."""
    if not allowed("view", view_id=c_id):
        raise Refused("You do not have access to view this dashboard.")
    stored = load(c_id)
    if "modules" not in stored:
        raise Refused("Invalid configuration - missing modules.", status=400)
    return stored


def _check_shape(data: Mapping[str, Any]) -> None:
    problems = shape_problems(data)
    if problems:
        raise InvalidSchemaError(problems)


def create(submitted: Submission) -> dict:
    """Store a new dashboard from a form; return it."""
    if not allowed("create"):
        raise Refused("You do not have access to create dashboards.")
    owner = global_owner(submitted.wants_global)
    if submitted.wants_global and not owner:
        raise Refused("You are not allowed to create global dashboards.")
    data = normalize(
        {
            "id": str(uuid.uuid4()),
            "name": submitted.name or "",
            "layout": submitted.layout or "grid",
            "category": None if submitted.category is KEEP else submitted.category,
            "modules": submitted.modules,
        }
    )
    _check_shape(data)
    data.update(user_metadata())
    data.update(owner)
    adapter.insert(reformat_data(data))
    return data


def _edited(stored: Mapping[str, Any], c_id: str, submitted: Submission) -> dict:
    """The dashboard a save stores, before ownership and stamps."""
    if submitted.raw is not None:
        return validate_raw_json(submitted.raw, date=now_string(), id=c_id)
    data = normalize(
        {
            **stored,
            "id": c_id,
            "name": stored.get("name", "") if submitted.name is None else submitted.name,
            "layout": submitted.layout or stored.get("layout", "freeform"),
            "category": stored.get("category")
            if submitted.category is KEEP
            else submitted.category,
            "modules": submitted.modules,
        }
    )
    _check_shape(data)
    return data


def save(c_id: str, submitted: Submission) -> dict:
    """Save a dashboard from a form or raw JSON; return what was stored.

    Its creator is kept; only the global switch changes it: on, to the global user; off (when
    the settings form showed the switch), back to whoever switched it off.
    """
    if not allowed("update"):
        raise Refused("You do not have access to update dashboards.")
    stored = load(c_id)
    if not can_edit(stored, c_id):
        raise Refused("You do not have access to edit this dashboard.", back_to="view")
    ends_global = (
        submitted.global_toggle and not submitted.wants_global and is_global_dashboard(stored)
    )
    owner = global_owner(submitted.wants_global)
    if (submitted.wants_global and not owner) or (ends_global and not allowed("edit_global")):
        raise Refused("You are not allowed to make dashboards global.", back_to="view")
    data = _edited(stored, c_id, submitted)
    data.pop("created_by", None)
    if ends_global:
        data["created_by"] = user_metadata(key="created_by")
    elif "created_by" in stored:
        data["created_by"] = stored["created_by"]
    if data.get("created_by") is None:
        data.pop("created_by", None)
    data.update(user_metadata(exclude=["created_by"]))
    data.update(owner)
    adapter.replace(c_id, reformat_data(data, c_id))
    return data


def clone(c_id: str) -> dict:
    """Copy a dashboard as "Clone of <name>"; return the copy."""
    if not allowed("clone"):
        raise Refused("You do not have access to clone dashboards.")
    stored = load(c_id)
    data = {k: v for k, v in stored.items() if k not in ("id", "created_by", "date", "name")}
    data["name"] = f"Clone of {stored.get('name', '')}"[:MAX_NAME]
    data.update(user_metadata())
    adapter.insert(reformat_data(data, str(uuid.uuid4())))
    return data


def delete(c_id: str) -> dict:
    """Delete a dashboard; return what it was."""
    if not allowed("delete"):
        raise Refused("You do not have access to delete dashboards.")
    stored = load(c_id)
    if not can_edit(stored, c_id):
        raise Refused("You do not have access to delete this dashboard.")
    adapter.remove(c_id)
    return stored
