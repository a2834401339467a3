"""The dashboard service: the rules of listing, finding, showing, creating, saving, cloning,
deleting and keeping versions of dashboards.

Validation, permissions, ownership (``created_by``), the global flag, stamping the date and the
version, and history live here, in plain functions of plain arguments. The HTML routes (and
the JSON API) are thin callers: they read a request into a
:class:`~flask_jsondash.forms.Submission` (or a document), call one of these, and turn the
answer or the exception into a page, a redirect or JSON.

Refusals are exceptions, each with the HTTP status to answer with:

- :class:`Refused` (403, not allowed, with the original's message), and its kinds:
  :class:`NotEditable` (403, the dashboard says ``"editable": false``), :class:`Conflict`
  (412, saved by someone else since it was opened; says who and when), :class:`InvalidRequest`
  (400, a version number, query or message that cannot be used) and :class:`UnknownVersion`
  (400, a version that is not kept);
- :class:`NotFound` (no such dashboard);
- :class:`~flask_jsondash.schema.InvalidSchemaError` (the dashboard has problems; nothing was
  stored);
- :class:`~flask_jsondash.storage.DuplicateDashboard` (creating a dashboard whose id is taken).

Versions: a new dashboard is version 0 and every save adds 1. A save may say which version it
was edited from (``expected_version``); if the stored dashboard has moved on, it is refused
with :class:`Conflict` and nothing is written, unless ``overwrite``. Without it the last save
wins, as in the original. The check and the write are one step of the database
(:meth:`~flask_jsondash.storage.DashboardStore.replace_versioned`), so of two saves of the same
version exactly one wins.
"""

from __future__ import annotations

import dataclasses
import random
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from .forms import KEEP, Submission
from .limits import shorten
from .migrations import migrate
from .permissions import allowed, can_edit, global_owner, listing_query, user_metadata
from .schema import (
    CURRENT_SCHEMA_VERSION,
    MAX_NAME,
    MAX_TAG,
    InvalidSchemaError,
    SchemaProblem,
    id_problem,
    normalize,
    problems_of,
    shape_problems,
    validate_raw_json,
)
from .settings import (
    VERSIONS_TO_KEEP,
    ConfigurationError,
    ProvisioningFolder,
    provisioning_folders,
)
from .storage import DashboardQuery, DuplicateDashboard, SavedVersion, now_string, version_of
from .utils import Paginator, adapter, is_global_dashboard, paginator, setting

#: Longest search text (``?q=``) and most tags (``?tag=``) one listing may ask for.
MAX_QUERY = 200
MAX_TAG_FILTERS = 20
#: Longest message a save may carry into the history.
MAX_MESSAGE = 500
#: The most versions kept per dashboard (VERSIONS_TO_KEEP, from settings, when not said).
MAX_VERSIONS_TO_KEEP = 10_000
#: How often a save without a version is tried again when others save the same dashboard at
#: the same moment (each try re-applies it to the newest version: the last save wins).
SAVE_ATTEMPTS = 50
#: Where a provisioned dashboard comes from (flask_jsondash.provisioning): its file, the
#: folder of JSONDASH_PROVISIONING it was found in, and a digest of what the file said. Stored
#: in the document, set only by provisioning: a save keeps them, an import or a clone drops them.
PROVISIONED = "provisioned"
PROVISIONED_FROM = "provisioned_from"
PROVISIONED_CHECKSUM = "provisioned_checksum"
PROVISIONING_FIELDS = (PROVISIONED, PROVISIONED_FROM, PROVISIONED_CHECKSUM)
#: Who saved the versions that provisioning writes, in the history.
PROVISIONING_USER = "provisioning"
#: Keys of a document that the server sets, never compared between versions.
BOOKKEEPING = ("version", "date", *PROVISIONING_FIELDS)


class Refused(Exception):
    """Not allowed (or not possible): the message says why, in the original's words.

    ``back_to`` is where a page goes next: ``"index"`` or ``"view"`` (the dashboard).
    """

    def __init__(self, message: str, back_to: str = "index", status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.back_to = back_to
        self.status = status


class NotEditable(Refused):
    """The dashboard says ``"editable": false``: it is changed only through the API, with
    ``overwrite``, by someone the ``edit_others`` hook allows (HTTP 403)."""

    def __init__(self, c_id: str) -> None:
        super().__init__(
            f'Dashboard "{shorten(c_id)}" is not editable ("editable": false), so it cannot be '
            "changed here. Nothing was changed.",
            back_to="view",
            status=403,
        )
        self.c_id = c_id


class Conflict(Refused):
    """The dashboard was saved by someone else after this save's version was read (HTTP 412).

    ``expected``: the version the save was edited from; ``current``: the stored one, saved by
    ``saved_by`` at ``saved_at``.
    """

    def __init__(
        self, c_id: str, expected: int, current: int, saved_by: str | None, saved_at: str | None
    ) -> None:
        who = saved_by or "someone else"
        when = f" at {saved_at}" if saved_at else ""
        super().__init__(
            f'Dashboard "{shorten(c_id)}" was saved by {who}{when} after you opened it: you '
            f"edited version {expected}, and it is at version {current} now. Nothing was saved. "
            "Reload it to see their changes (keep a copy of yours first), or save again to "
            "overwrite them.",
            back_to="view",
            status=412,
        )
        self.c_id = c_id
        self.expected = expected
        self.current = current
        self.saved_by = saved_by
        self.saved_at = saved_at

    def as_dict(self) -> dict[str, Any]:
        """What a JSON answer says besides the message."""
        return {
            "expected_version": self.expected,
            "current_version": self.current,
            "saved_by": self.saved_by,
            "saved_at": self.saved_at,
        }


class ProvisionedDashboard(NotEditable):
    """The dashboard is provisioned from a file, and its folder does not allow changes in the
    browser (HTTP 403): the file is where it changes."""

    def __init__(self, c_id: str, file: str) -> None:
        Refused.__init__(
            self,
            f'Dashboard "{shorten(c_id)}" is provisioned from the file {shorten(file, 300)}: '
            "change it there (its folder in JSONDASH_PROVISIONING does not allow_ui_updates). "
            "Nothing was changed.",
            back_to="view",
            status=403,
        )
        self.c_id = c_id
        self.file = file


class InvalidRequest(Refused):
    """A value of the request cannot be used (HTTP 400); nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, status=400)


class UnknownVersion(InvalidRequest):
    """The dashboard has no kept version with this number."""

    def __init__(self, c_id: str, version: int, kept: Iterable[int] = ()) -> None:
        numbers = sorted(kept)
        known = (
            f"its kept versions are {numbers[0]} to {numbers[-1]}"
            if len(numbers) > 1
            else f"its only kept version is {numbers[0]}"
            if numbers
            else "it keeps none"
        )
        super().__init__(f'Dashboard "{shorten(c_id)}" has no version {version}: {known}.')
        self.c_id = c_id
        self.version = version


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
    """One page of the index (or of a search)."""

    views: list[dict]
    count: int
    paginator: Paginator
    categories: list[str]
    #: The search text and tags it was narrowed by (none: every dashboard the user may list).
    query: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def searching(self) -> bool:
        return bool(self.query) or bool(self.tags)


def _usable_text(value: Any, what: str, longest: int) -> str:
    if not isinstance(value, str):
        raise InvalidRequest(f"{what} must be text.")
    text = value.strip()
    if len(text) > longest:
        raise InvalidRequest(f"{what} must be at most {longest} characters (got {len(text):,}).")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise InvalidRequest(f"{what} must not contain control characters.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidRequest(f"{what} must be valid text.") from None
    return text


def search_query(q: str | None = None, tags: Iterable[str] = ()) -> DashboardQuery:
    """The dashboards this user may list, narrowed by a search text (``q``: in the name,
    category or a tag, ignoring case) and tags (each one carried). Raises
    :class:`InvalidRequest` for a text or tag that cannot be searched for."""
    text = _usable_text(q, "The search text (q)", MAX_QUERY) if q is not None else ""
    wanted = [_usable_text(tag, "A tag", MAX_TAG) for tag in tags]
    wanted = list(dict.fromkeys(tag for tag in wanted if tag))
    if len(wanted) > MAX_TAG_FILTERS:
        raise InvalidRequest(
            f"At most {MAX_TAG_FILTERS} tags can be asked for at once (got {len(wanted)})."
        )
    return dataclasses.replace(listing_query(), text=text or None, tags=tuple(wanted))


def listing(
    page: int | None = None,
    per_page: int | None = None,
    q: str | None = None,
    tags: Iterable[str] = (),
) -> Listing:
    """The dashboards this user may list (matching ``q`` and ``tags``, see
    :func:`search_query`), one page of them. Raises
    :class:`~flask_jsondash.utils.PageOutOfRange` for a page past the last one and
    :class:`InvalidRequest` for a search that cannot be made."""
    query = search_query(q, tags)
    count = adapter.count_matching(query)
    pages = paginator(page=page, per_page=per_page, count=count)
    views = adapter.summaries(query, skip=pages.skip, limit=pages.limit)
    for view in views:
        view["is_global"] = is_global_dashboard(view)
        view["tags"] = [t for t in view.get("tags") or [] if isinstance(t, str)]
    # The categories in use (offered by the create form) are those of every dashboard the
    # user may list, whatever the search.
    return Listing(views, count, pages, categories(), query.text, query.tags)


def categories() -> list[str]:
    """The categories of the dashboards this user can list, sorted."""
    return adapter.categories(listing_query())


def tags(q: str | None = None, tags: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Every tag of the dashboards this user can list (narrowed as :func:`search_query`),
    with how many carry it, the most used first: ``[{"tag": "ops", "count": 12}, ...]``."""
    return [
        {"tag": tag, "count": count} for tag, count in adapter.tag_counts(search_query(q, tags))
    ]


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


def _check_document(data: Mapping[str, Any]) -> None:
    problems = problems_of(data)
    if problems:
        raise InvalidSchemaError(problems)


# Versions: who, when, how many ------------------------------------------------------------------


def versions_to_keep() -> int:
    """How many versions before the current one each dashboard keeps
    (``JSONDASH_VERSIONS_TO_KEEP``)."""
    value = setting("JSONDASH_VERSIONS_TO_KEEP")
    if value is None:
        return VERSIONS_TO_KEEP
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not 0 <= value <= MAX_VERSIONS_TO_KEEP
    ):
        raise ConfigurationError(
            f"JSONDASH_VERSIONS_TO_KEEP={value!r} is not a whole number from 0 to "
            f"{MAX_VERSIONS_TO_KEEP:,}."
        )
    return value


def parse_version(value: Any, what: str = "version") -> int | None:
    """A version number given by a client (a form field, a URL, JSON): a whole number from 0,
    as a number or text; None when absent or empty. Raises :class:`InvalidRequest`."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
    else:
        raise InvalidRequest(
            f"The {what} must be a whole number from 0 (got {shorten(repr(value), 40)})."
        )
    if not 0 <= number <= 2**31 - 1:
        raise InvalidRequest(f"The {what} must be a whole number from 0 (got {number}).")
    return number


def _message(message: Any) -> str | None:
    if message is None:
        return None
    text = _usable_text(message, "The message", MAX_MESSAGE) if message != "" else ""
    return text or None


def current_user() -> str | None:
    """Who is saving: the ``username`` metadata hook's value, else the ``created_by`` one."""
    for key in ("username", "created_by"):
        value = user_metadata(key=key)
        if value is not None:
            return str(value)
    return None


def _author(stored: Mapping[str, Any]) -> str | None:
    """Who last saved a dashboard that has no history (stored before versions were kept): the
    user its metadata names."""
    for key in ("username", "created_by"):
        if stored.get(key) is not None:
            return str(stored[key])
    return None


def _entry_of(stored: Mapping[str, Any]) -> SavedVersion:
    """The history entry of a stored dashboard's current version, made from the dashboard."""
    date = stored.get("date")
    return SavedVersion(
        version_of(stored), _author(stored), str(date) if date else None, None, dict(stored)
    )


def _current_entry(c_id: str, stored: Mapping[str, Any]) -> SavedVersion:
    """Who saved the stored version and when: its history entry, or what the dashboard says."""
    history = adapter.history(c_id)
    if history and history[0].version == version_of(stored):
        return history[0]
    return _entry_of(stored)


def _conflict(c_id: str, expected: int) -> Conflict:
    stored = load(c_id)
    entry = _current_entry(c_id, stored)
    return Conflict(c_id, expected, version_of(stored), entry.saved_by, entry.saved_at)


def provisioned_file(view: Mapping[str, Any]) -> str | None:
    """The file a dashboard is provisioned from, or None (not provisioned)."""
    found = view.get(PROVISIONED)
    return found if isinstance(found, str) and found else None


def provisioning_folder(view: Mapping[str, Any]) -> ProvisioningFolder | None:
    """The folder of ``JSONDASH_PROVISIONING`` a provisioned dashboard came from, if it is
    still configured (a broken setting counts as none: the dashboard stays locked)."""
    if provisioned_file(view) is None:
        return None
    try:
        folders = provisioning_folders(current_app.config, current_app.root_path)
    except ConfigurationError:
        return None
    return next((f for f in folders if f.path == view.get(PROVISIONED_FROM)), None)


def ui_updates_allowed(view: Mapping[str, Any]) -> bool:
    """Whether a dashboard may be changed in the browser as far as provisioning goes: it is not
    provisioned, or its folder says ``allow_ui_updates``."""
    if provisioned_file(view) is None:
        return True
    folder = provisioning_folder(view)
    return folder is not None and folder.allow_ui_updates


def is_editable(view: Mapping[str, Any]) -> bool:
    """Whether a dashboard may be changed through the pages: unless it says
    ``"editable": false``, or is provisioned from a folder that does not allow it."""
    return view.get("editable") is not False and ui_updates_allowed(view)


def _check_editable(stored: Mapping[str, Any], c_id: str, overwrite: bool) -> None:
    if not ui_updates_allowed(stored):
        raise ProvisionedDashboard(c_id, provisioned_file(stored) or "")
    if is_editable(stored):
        return
    if overwrite and allowed("edit_others", view_id=c_id):
        return
    raise NotEditable(c_id)


def _stamped(data: dict, version: int) -> dict:
    """The bookkeeping of a document about to be written: now, its version, the format."""
    reformat_data(data)
    data["version"] = version
    data["schemaVersion"] = CURRENT_SCHEMA_VERSION
    return data


def _tidy(data: dict) -> dict:
    """Tags without spaces at either end or repeats (the schema checks the rest)."""
    tags = data.get("tags")
    if isinstance(tags, list):
        cleaned = [t.strip() if isinstance(t, str) else t for t in tags]
        data["tags"] = list({repr(t): t for t in cleaned}.values())
    return data


# Creating -------------------------------------------------------------------------------------


def _create(data: dict, message: Any) -> dict:
    _tidy(data)
    _stamped(data, 0)
    saved = SavedVersion(0, current_user(), data["date"], _message(message), data)
    adapter.insert_versioned(data, saved)
    return data


def create(submitted: Submission, *, message: Any = None) -> dict:
    """Store a new dashboard from a form; return it. It is version 0."""
    if not allowed("create"):
        raise Refused("You do not have access to create dashboards.")
    owner = global_owner(submitted.wants_global)
    if submitted.wants_global and not owner:
        raise Refused("You are not allowed to create global dashboards.")
    fields: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "name": submitted.name or "",
        "layout": submitted.layout or "grid",
        "category": None if submitted.category is KEEP else submitted.category,
        "modules": submitted.modules,
    }
    if submitted.tags is not KEEP:
        fields["tags"] = submitted.tags
    if submitted.description is not KEEP:
        fields["description"] = submitted.description
    data = _tidy(normalize(fields))
    _check_shape(data)
    data.update(user_metadata())
    data.update(owner)
    return _create(data, submitted.message if message is None else message)


def create_document(
    document: Mapping[str, Any], *, message: Any = None, wants_global: bool = False
) -> dict:
    """Store a new dashboard given whole (the API, imports, provisioning); return it.

    Its ``id`` is kept when it has one (8 to 40 letters, digits, ``-`` or ``_``), or made. It
    must pass every rule of the schema. The server sets ``version`` (0), ``date``,
    ``schemaVersion`` and ``created_by`` (the metadata hooks', or the global user's with
    ``wants_global``). Raises :class:`~flask_jsondash.storage.DuplicateDashboard` when the id
    is taken, :class:`~flask_jsondash.schema.InvalidSchemaError`, :class:`Refused`.
    """
    if not allowed("create"):
        raise Refused("You do not have access to create dashboards.")
    owner = global_owner(wants_global)
    if wants_global and not owner:
        raise Refused("You are not allowed to create global dashboards.")
    data = whole_document(document)
    data.update(user_metadata())
    data.update(owner)
    return _create(data, message)


def whole_document(document: Any) -> dict:
    """A dashboard given whole (the API, an import, a provisioned file) as it would be stored:
    in the current format, its ``id`` kept (8 to 40 letters, digits, ``-`` or ``_``) or made,
    without the keys only the server sets (``created_by``, ``version``, ``date``, where it is
    provisioned from), normalized, and passing every rule of the schema. Raises
    :class:`~flask_jsondash.schema.InvalidSchemaError`; stores nothing."""
    if not isinstance(document, Mapping):
        raise InvalidSchemaError([SchemaProblem("", "the dashboard must be a JSON object")])
    data = dict(migrate(dict(document)))
    c_id = data.get("id")
    if c_id is None or c_id == "":
        data["id"] = str(uuid.uuid4())
    elif problem := id_problem(c_id):
        raise InvalidSchemaError([SchemaProblem("id", problem)])
    for key in ("_id", "created_by", "version", "date", *PROVISIONING_FIELDS):
        data.pop(key, None)
    data = _tidy(normalize({"layout": "freeform", **data}))
    _check_document(data)
    return data


# Saving ---------------------------------------------------------------------------------------


def _save(
    c_id: str,
    edit: Callable[[dict], dict],
    *,
    expected_version: int | None,
    message: Any,
    overwrite: bool,
) -> dict:
    """Save the dashboard that ``edit`` makes of the stored one, as its next version.

    Each try reads the stored dashboard, checks the rules and the version, and writes only if
    the stored one is still the version read (one step of the database). A save that said its
    version and lost that race is a :class:`Conflict`; one that did not is tried again on the
    newer version (the last save wins).
    """
    if not allowed("update"):
        raise Refused("You do not have access to update dashboards.")
    keep = versions_to_keep()
    note = _message(message)
    for attempt in range(SAVE_ATTEMPTS):
        stored = load(c_id)
        _check_may_change(stored, c_id, overwrite)
        base = version_of(stored)
        if expected_version is not None and not overwrite and expected_version != base:
            raise _conflict(c_id, expected_version)
        data = _stamped(_tidy(edit(stored)), base + 1)
        data["id"] = c_id
        # Only provisioning says where a dashboard comes from.
        for key in PROVISIONING_FIELDS:
            data.pop(key, None)
            if key in stored:
                data[key] = stored[key]
        saved = SavedVersion(base + 1, current_user(), data["date"], note, data)
        if adapter.replace_versioned(
            c_id, data, base_version=base, saved=saved, previous=_entry_of(stored), keep=keep
        ):
            return data
        if expected_version is not None and not overwrite:
            raise _conflict(c_id, expected_version)
        time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # noqa: S311 - not cryptographic
    raise Refused(
        "The dashboard was being saved by others at the same moment, again and again: try "
        "again. Nothing was saved.",
        back_to="view",
        status=409,
    )


def _check_may_change(stored: Mapping[str, Any], c_id: str, overwrite: bool) -> None:
    if not can_edit(stored, c_id):
        raise Refused("You do not have access to edit this dashboard.", back_to="view")
    _check_editable(stored, c_id, overwrite)


def saveable(c_id: str, *, overwrite: bool = False) -> dict:
    """The stored dashboard, if this user may save over it: the checks of a save before it
    looks at versions (the ``update`` hook, the creator or ``edit_others``, ``editable``).
    Raises :class:`Refused`, :class:`NotEditable`, :class:`NotFound`."""
    if not allowed("update"):
        raise Refused("You do not have access to update dashboards.")
    stored = load(c_id)
    _check_may_change(stored, c_id, overwrite)
    return stored


def _keep_owner(stored: Mapping[str, Any], data: dict, ends_global: bool = False) -> dict:
    """Ownership through a save: the creator is kept; a global dashboard made ordinary again
    belongs to whoever did it. The metadata hooks' other values are refreshed."""
    data.pop("created_by", None)
    if ends_global:
        data["created_by"] = user_metadata(key="created_by")
    elif "created_by" in stored:
        data["created_by"] = stored["created_by"]
    if data.get("created_by") is None:
        data.pop("created_by", None)
    data.update(user_metadata(exclude=["created_by"]))
    return data


def _owned(stored: Mapping[str, Any], data: dict, make_global: bool | None) -> dict:
    """``data`` with the owner a save gives it: the stored one, unless ``make_global`` is true
    (the global user) or false for a global dashboard (whoever makes it ordinary again). Both
    need the ``edit_global`` hook (and ``JSONDASH_GLOBALDASH`` to make one global)."""
    ends_global = make_global is False and is_global_dashboard(stored)
    owner = global_owner(bool(make_global))
    if (make_global and not owner) or (ends_global and not allowed("edit_global")):
        raise Refused("You are not allowed to make dashboards global.", back_to="view")
    data = _keep_owner(stored, data, ends_global)
    data.update(owner)
    return data


def _edited(stored: Mapping[str, Any], c_id: str, submitted: Submission) -> dict:
    """The dashboard a save stores, before ownership and stamps."""
    if submitted.raw is not None:
        data = validate_raw_json(submitted.raw, date=now_string(), id=c_id)
        return _tidy(dict(migrate(data)))
    fields = {
        **stored,
        "id": c_id,
        "name": stored.get("name", "") if submitted.name is None else submitted.name,
        "layout": submitted.layout or stored.get("layout", "freeform"),
        "category": stored.get("category") if submitted.category is KEEP else submitted.category,
        "modules": submitted.modules,
    }
    if submitted.tags is not KEEP:
        fields["tags"] = submitted.tags
    if submitted.description is not KEEP:
        fields["description"] = submitted.description
    data = _tidy(normalize(fields))
    _check_shape(data)
    return data


def save(
    c_id: str,
    submitted: Submission,
    *,
    expected_version: int | None = None,
    message: Any = None,
    overwrite: bool = False,
) -> dict:
    """Save a dashboard from a form or raw JSON; return what was stored (its new version).

    Its creator is kept; only the global switch changes it: on, to the global user; off (when
    the settings form showed the switch), back to whoever switched it off. The version it was
    edited from and the history message come from the keywords, else from the form
    (``version``, ``message``); see :func:`_save` for what happens with them.
    """
    if expected_version is None:
        expected_version = submitted.version
    if message is None:
        message = submitted.message

    make_global = True if submitted.wants_global else False if submitted.global_toggle else None

    def edit(stored: dict) -> dict:
        return _owned(stored, _edited(stored, c_id, submitted), make_global)

    return _save(
        c_id, edit, expected_version=expected_version, message=message, overwrite=overwrite
    )


def save_document(
    c_id: str,
    document: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    message: Any = None,
    overwrite: bool = False,
    make_global: bool | None = None,
) -> dict:
    """Save a dashboard given whole (the API); return what was stored (its new version).

    The document replaces the stored one (a key it lacks is removed) and must pass every rule
    of the schema; its ``id`` is ``c_id``, and the server sets ``version``, ``date``,
    ``schemaVersion`` and keeps ``created_by``. ``expected_version``: the version it was edited
    from (Grafana's API passes the document's own ``version``): if the stored dashboard has
    moved on, :class:`Conflict` (412) and nothing is written, unless ``overwrite``. A dashboard
    with ``"editable": false`` is changed only with ``overwrite`` by someone the
    ``edit_others`` hook allows (:class:`NotEditable` otherwise). ``make_global``: true makes
    it global, false makes a global one ordinary again, None keeps its owner. Also raises
    :class:`NotFound`, :class:`Refused`, :class:`InvalidRequest` (a bad message) and
    :class:`~flask_jsondash.schema.InvalidSchemaError`.
    """
    if not isinstance(document, Mapping):
        raise InvalidSchemaError([SchemaProblem("", "the dashboard must be a JSON object")])

    def edit(stored: dict) -> dict:
        data = dict(migrate(dict(document)))
        data.pop("_id", None)
        data["id"] = c_id
        data = _tidy(normalize({"layout": "freeform", **data}))
        _check_document(data)
        return _owned(stored, data, make_global)

    return _save(
        c_id, edit, expected_version=expected_version, message=message, overwrite=overwrite
    )


# Cloning and deleting -------------------------------------------------------------------------


def clone(c_id: str) -> dict:
    """Copy a dashboard as "Clone of <name>"; return the copy. It is a new dashboard: version
    0, a history of its own, editable (the copy of a locked dashboard is yours to edit), and
    widgets of its own: each module gets a new guid."""
    if not allowed("clone"):
        raise Refused("You do not have access to clone dashboards.")
    stored = load(c_id)
    dropped = ("id", "created_by", "date", "name", "version", "editable", *PROVISIONING_FIELDS)
    data = {k: v for k, v in stored.items() if k not in dropped}
    if isinstance(data.get("modules"), list):
        data["modules"] = [
            {**module, "guid": str(uuid.uuid4())} if isinstance(module, Mapping) else module
            for module in data["modules"]
        ]
    data["name"] = f"Clone of {stored.get('name', '')}"[:MAX_NAME]
    data["id"] = str(uuid.uuid4())
    data.update(user_metadata())
    return _create(data, f"Cloned from {shorten(c_id)} version {version_of(stored)}")


def delete(c_id: str, *, overwrite: bool = False) -> dict:
    """Delete a dashboard and its history; return what it was. A dashboard with
    ``"editable": false`` is deleted only with ``overwrite`` by someone the ``edit_others``
    hook allows."""
    if not allowed("delete"):
        raise Refused("You do not have access to delete dashboards.")
    stored = load(c_id)
    if not can_edit(stored, c_id):
        raise Refused("You do not have access to delete this dashboard.")
    _check_editable(stored, c_id, overwrite)
    adapter.remove(c_id)
    return stored


# History --------------------------------------------------------------------------------------


def _readable(c_id: str) -> dict:
    if not allowed("view", view_id=c_id):
        raise Refused("You do not have access to view this dashboard.")
    return load(c_id)


def readable(c_id: str) -> dict:
    """A stored dashboard as it is (the API's answer, even for one a page cannot show), if the
    ``view`` hook allows it. Raises :class:`Refused`, :class:`NotFound`."""
    return _readable(c_id)


def _entries(c_id: str, stored: Mapping[str, Any]) -> list[SavedVersion]:
    """The kept versions, newest first, the current one always among them."""
    entries = adapter.history(c_id)
    current = version_of(stored)
    if not entries or entries[0].version != current:
        entries = [_entry_of(stored), *[e for e in entries if e.version < current]]
    return entries


def versions(c_id: str) -> list[dict[str, Any]]:
    """A dashboard's kept versions, newest first: ``[{version, saved_by, saved_at, message,
    current}]``. Raises :class:`NotFound`, :class:`Refused` (the ``view`` hook)."""
    stored = _readable(c_id)
    current = version_of(stored)
    return [
        {**entry.as_dict(), "current": entry.version == current} for entry in _entries(c_id, stored)
    ]


def _version_entry(c_id: str, stored: Mapping[str, Any], number: Any) -> SavedVersion:
    wanted = parse_version(number)
    if wanted is None:
        raise InvalidRequest("Say which version: a whole number from 0.")
    if wanted == version_of(stored):
        found = adapter.history_entry(c_id, wanted)
        return found if found is not None and found.document else _entry_of(stored)
    found = adapter.history_entry(c_id, wanted)
    if found is None or found.document is None:
        raise UnknownVersion(c_id, wanted, (e.version for e in _entries(c_id, stored)))
    return found


def version(c_id: str, number: Any) -> dict[str, Any]:
    """One kept version: ``{version, saved_by, saved_at, message, current, document}``.
    Raises :class:`UnknownVersion` (and :class:`InvalidRequest` for a number that is not
    one), :class:`NotFound`, :class:`Refused`."""
    stored = _readable(c_id)
    entry = _version_entry(c_id, stored, number)
    return {**entry.as_dict(with_document=True), "current": entry.version == version_of(stored)}


def restore(
    c_id: str,
    number: Any,
    *,
    expected_version: int | None = None,
    message: Any = None,
    overwrite: bool = False,
) -> dict:
    """Make a kept version the dashboard again, as a new version (message "Restored version
    N" unless given); return what was stored. The same rules as a save apply (editable,
    ``expected_version``, ``overwrite``); the dashboard's creator is kept."""
    stored = _readable(c_id)
    entry = _version_entry(c_id, stored, number)
    restored = dict(entry.document or {})

    def edit(current: dict) -> dict:
        data = _tidy(normalize({**restored, "id": c_id}))
        _check_shape(data)
        return _keep_owner(current, data)

    note = message if message not in (None, "") else f"Restored version {entry.version}"
    return _save(c_id, edit, expected_version=expected_version, message=note, overwrite=overwrite)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _module_key(module: Any, index: int) -> str:
    if isinstance(module, Mapping) and isinstance(module.get("guid"), str):
        return module["guid"]
    return f"#{index}"


def _changes(before: Mapping[str, Any], after: Mapping[str, Any], skip: Iterable[str] = ()):
    skipped = set(skip)
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted({*before, *after} - skipped, key=str)
        if before.get(key) != after.get(key) or (key in before) != (key in after)
    }


def diff_documents(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed from one dashboard document to another: the top-level fields (``{key:
    {from, to}}``, without the modules and the server's bookkeeping), and the modules by
    guid: ``added`` and ``removed`` (whole), ``changed`` (``{guid, name, changes: {key:
    {from, to}}}``), in the order of the newer document."""
    before, after = normalize(dict(before)), normalize(dict(after))
    old = {_module_key(m, i): m for i, m in enumerate(_listed(before.get("modules")))}
    new = {_module_key(m, i): m for i, m in enumerate(_listed(after.get("modules")))}
    changed = []
    for key, module in new.items():
        if key in old and old[key] != module:
            if isinstance(module, Mapping) and isinstance(old[key], Mapping):
                changes = _changes(old[key], module)
            else:
                changes = {"": {"from": old[key], "to": module}}
            name = module.get("name") if isinstance(module, Mapping) else None
            changed.append({"guid": key, "name": name, "changes": changes})
    return {
        "fields": _changes(before, after, skip=("modules", *BOOKKEEPING)),
        "modules": {
            "added": [m for k, m in new.items() if k not in old],
            "removed": [m for k, m in old.items() if k not in new],
            "changed": changed,
        },
    }


def diff(c_id: str, older: Any, newer: Any) -> dict[str, Any]:
    """The differences between two kept versions of a dashboard (see :func:`diff_documents`),
    with ``from`` and ``to``: the two versions' ``{version, saved_by, saved_at, message}``.
    Raises :class:`UnknownVersion`, :class:`InvalidRequest`, :class:`NotFound`,
    :class:`Refused`."""
    stored = _readable(c_id)
    first = _version_entry(c_id, stored, older)
    second = _version_entry(c_id, stored, newer)
    return {
        "from": first.as_dict(),
        "to": second.as_dict(),
        **diff_documents(first.document or {}, second.document or {}),
    }


def meta(c_id: str, stored: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the API says about a dashboard besides the document: ``{version, created,
    created_by, updated, updated_by, can_edit, editable}`` (``created``: when version 0 was
    saved, while it is kept; else None)."""
    stored = stored if stored is not None else load(c_id)
    entries = _entries(c_id, stored)
    current = entries[0]
    first = entries[-1]
    return {
        "version": version_of(stored),
        "created": first.saved_at if first.version == 0 else None,
        "created_by": stored.get("created_by"),
        "updated": stored.get("date"),
        "updated_by": current.saved_by,
        "can_edit": can_edit(stored, c_id) and allowed("update") and is_editable(stored),
        "editable": is_editable(stored),
        # The file it is provisioned from (JSONDASH_PROVISIONING), or None.
        "provisioned": provisioned_file(stored),
    }


# Provisioning ---------------------------------------------------------------------------------


def store_provisioned(
    document: Mapping[str, Any], *, file: str, folder: str, checksum: str, attempts: int = 5
) -> str:
    """Keep a dashboard read from a provisioned file (already through :func:`whole_document`,
    with its id) in the database; say what was done: ``"created"``, ``"updated"``,
    ``"taken over"`` (it was stored, not provisioned: created in the browser, loaded or
    imported) or ``"unchanged"``.

    A file whose checksum, path and folder are those stored is unchanged: nothing is written
    (changes made in the browser, where the folder allows them, stay until the file changes).
    Otherwise the dashboard is created (version 0) or saved as its next version, by
    ``"provisioning"``, with the message "Provisioned from <file>", replacing whatever it was
    (its history keeps that). Each write is conditional on the version read, so processes that
    provision the same folders at once write each change once; one that loses re-reads. No
    auth or metadata hook is asked: provisioning is the host's configuration, not a user; a new
    dashboard belongs to ``JSONDASH_GLOBAL_USER``, a replaced one keeps its creator.
    """
    c_id = str(document["id"])
    note = f"Provisioned from {shorten(file, MAX_MESSAGE - 20)}"
    marks = {PROVISIONED: file, PROVISIONED_FROM: folder, PROVISIONED_CHECKSUM: checksum}
    for _attempt in range(attempts):
        stored = adapter.get(c_id)
        if not stored:
            data = _stamped({**document, "created_by": setting("JSONDASH_GLOBAL_USER"), **marks}, 0)
            saved = SavedVersion(0, PROVISIONING_USER, data["date"], note, data)
            try:
                adapter.insert_versioned(data, saved)
            except DuplicateDashboard:
                continue  # another process provisioned it a moment ago: compare with theirs
            return "created"
        if all(stored.get(key) == value for key, value in marks.items()):
            return "unchanged"
        base = version_of(stored)
        data = {**document, **marks}
        if stored.get("created_by") is not None:
            data["created_by"] = stored["created_by"]
        data = _stamped(data, base + 1)
        saved = SavedVersion(base + 1, PROVISIONING_USER, data["date"], note, data)
        if adapter.replace_versioned(
            c_id,
            data,
            base_version=base,
            saved=saved,
            previous=_entry_of(stored),
            keep=versions_to_keep(),
        ):
            return "updated" if provisioned_file(stored) else "taken over"
    raise Refused(
        f'Dashboard "{shorten(c_id)}" was being changed by others while it was provisioned; '
        "it will be tried again.",
        status=409,
    )
