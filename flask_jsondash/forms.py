"""The original's dashboard form: ``name``, ``mode``, ``category`` / ``category_new``,
``is_global``, and one ``module_<guid>`` field of JSON per module; and this port's fields:
``tags`` (repeated, or separated by commas), ``description``, ``version`` (the version the
dashboard was edited from) and ``message`` (for its history)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .limits import JSONRefused, loads
from .schema import InvalidSchemaError, SchemaProblem

MODULE_PREFIX = "module_"
TRUTHY = {"1", "true", "yes", "on"}


def format_charts(data: Mapping[str, Any]) -> list[dict]:
    """Decode the ``module_<guid>`` fields of a dashboard form into module dicts, in form order.

    Empty fields are skipped. A field that is not a JSON object raises
    :class:`InvalidSchemaError` naming the field.
    """
    modules = []
    problems = []
    for key in data:
        if not isinstance(key, str) or not key.startswith(MODULE_PREFIX):
            continue
        raw = data[key]
        if raw is None or not str(raw).strip():
            continue
        try:
            module = loads(str(raw))
        except JSONRefused as exc:
            problems.append(SchemaProblem(key, f"cannot be read: {exc}"))
            continue
        except ValueError as exc:
            problems.append(SchemaProblem(key, f"is not valid JSON: {exc}"))
            continue
        if not isinstance(module, dict):
            problems.append(SchemaProblem(key, "must be a JSON object describing one module"))
            continue
        modules.append(module)
    if problems:
        raise InvalidSchemaError(problems)
    return modules


def text(form: Mapping[str, Any], name: str) -> str:
    """A form field's text, trimmed ("" when absent)."""
    return (form.get(name) or "").strip()


def category(form: Mapping[str, Any], default: Any) -> Any:
    """The category the form chose: a new one typed in, one picked (None for none), or
    ``default`` when the form has no category field."""
    new_category = text(form, "category_new")
    if new_category:
        return new_category
    if "category" in form:
        return text(form, "category") or None
    return default


def wants_global(form: Mapping[str, Any]) -> bool:
    """Whether the form's global switch is on."""
    return str(form.get("is_global", "")).lower() in TRUTHY


def module_fields(form: Mapping[str, Any]) -> list[Any]:
    """The submitted modules as written (JSON where it parses, text where not), so a refused
    save can be shown back instead of retyped."""
    modules = []
    for key in form:
        if isinstance(key, str) and key.startswith(MODULE_PREFIX):
            try:
                modules.append(loads(form[key]))
            except ValueError:
                modules.append(form[key])
    return modules


#: A form without a category field keeps the dashboard's category.
KEEP = object()


@dataclass(frozen=True)
class Submission:
    """What a create or save form asks for."""

    name: str | None = None  # None: keep the stored name
    layout: str | None = None  # None: the default (create) or the stored layout (save)
    category: Any = KEEP
    modules: list[dict] = field(default_factory=list)
    #: The whole dashboard as JSON text (the original's ``edit-raw`` + ``config``), or None.
    raw: str | None = None
    wants_global: bool = False
    #: The settings form showed its global switch, so "off" means "no longer global".
    global_toggle: bool = False
    #: The dashboard's tags (KEEP: the form had no tags field, so they stay as they are).
    tags: Any = KEEP
    #: Its description (KEEP: no description field).
    description: Any = KEEP
    #: The version the dashboard was edited from (None: the last save wins).
    version: int | None = None
    #: Why it was saved, for its history.
    message: str | None = None


def _values(form: Mapping[str, Any], name: str) -> list[Any]:
    getlist = getattr(form, "getlist", None)
    if callable(getlist):
        return list(getlist(name))
    value = form.get(name)
    return list(value) if isinstance(value, list | tuple) else [value]


def tags(form: Mapping[str, Any]) -> Any:
    """The tags a form gives: each ``tags`` field holds one or more, separated by commas.
    KEEP when the form has no ``tags`` field."""
    if "tags" not in form:
        return KEEP
    found: list[str] = []
    for value in _values(form, "tags"):
        if value is None:
            continue
        found += [tag.strip() for tag in str(value).split(",") if tag.strip()]
    return list(dict.fromkeys(found))


def version(form: Mapping[str, Any]) -> int | None:
    """The ``version`` field: the version the dashboard was edited from. None when absent or
    empty; :class:`InvalidSchemaError` when it is not a whole number from 0."""
    raw = form.get("version")
    if raw is None or not str(raw).strip():
        return None
    value = str(raw).strip()
    if not (value.isascii() and value.isdigit()) or int(value) > 2**31 - 1:
        raise InvalidSchemaError(
            [
                SchemaProblem(
                    "version",
                    "must be the whole number of the version you edited "
                    f"(got {value[:40]!r}); leave it out to save over any version",
                )
            ]
        )
    return int(value)


def submission(form: Mapping[str, Any]) -> Submission:
    """Read a dashboard form. Raises :class:`InvalidSchemaError` for module fields that are
    not JSON objects, and for a ``version`` that is not a whole number."""
    raw = "edit-raw" in form
    return Submission(
        name=text(form, "name") if "name" in form else None,
        layout=text(form, "mode") or None,
        category=category(form, KEEP),
        modules=[] if raw else format_charts(form),
        raw=(form.get("config") or "") if raw else None,
        wants_global=wants_global(form),
        global_toggle="global_toggle" in form,
        tags=tags(form),
        description=text(form, "description") if "description" in form else KEEP,
        version=version(form),
        message=text(form, "message") or None,
    )
