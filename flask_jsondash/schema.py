"""Validation of dashboard documents.

The rules live in one JSON Schema document, built from the app's chart families
(:func:`flask_jsondash.families.registry`) by :func:`dashboard_json_schema` and served by
the blueprint so editors can check dashboards too. The rules JSON Schema cannot say are checked
here in Python: grid rows run 1, 2, 3... without gaps, module guids are unique, a gridpos
widget fits in 24 columns, URLs are http(s) or relative, template variables have names of
their own and no query variable depends on itself (directly or through others), absolute
times are real dates, and the dashboard's refresh is one its picker offers.

Every problem is reported with the JSON path of the value at fault, e.g.
``modules[2].width: must be col-1 ... col-12 in a grid layout``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, TypeGuard

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .families import registry
from .limits import SAFE_INTEGER, JSONRefused, Limits, loads, safety_problems
from .memo import Memo

LAYOUTS = ("freeform", "grid", "gridpos")
GRID_COLUMNS = 12
INPUT_TYPES = (
    "text",
    "number",
    "select",
    "radio",
    "checkbox",
    "password",
    "color",
    "date",
    "datetime-local",
    "month",
    "week",
    "time",
    "email",
    "range",
    "search",
    "tel",
    "url",
)
GUID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"
GRID_WIDTH_PATTERN = r"^col-(1[0-2]|[1-9])$"
PIXELS_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
#: Bounds of a module's numbers: widths and heights, rows, order, refresh interval (ms).
MAX_PIXELS = 20_000
MAX_ROW = 10_000
MAX_ORDER = 1_000_000_000
MAX_REFRESH_MS = 7 * 24 * 3600 * 1000
#: The "gridpos" layout (Grafana's gridPos): x and w in 24 columns, y and h in rows of 30 px.
GRIDPOS_COLUMNS = 24
GRIDPOS_ROW_PIXELS = 30
MAX_GRIDPOS_Y = 100_000
MAX_GRIDPOS_H = 200
#: Lengths of the texts the index page shows, and of a module's texts.
MAX_NAME = 200
MAX_CATEGORY = 100
MAX_SOURCE = 10_000
#: Bounds of the document's own fields (format 2: Grafana's tags, links, description, version).
MAX_TAG = 50
MAX_TAGS = 50
MAX_LINKS = 50
MAX_URL = 2_000
MAX_DESCRIPTION = 2_000
MAX_VERSION = 2**31 - 1
#: A tag: words of letters, digits and ``. : / + & @ # ( ) - _``, one space between words (so
#: no comma: a form may list tags separated by commas).
TAG_PATTERN = r"^[\w.:/+&@#()-]+( [\w.:/+&@#()-]+)*$"
TAG_RULE = "must be a tag: letters, digits and . : / + & @ # ( ) - _, single spaces between words"
#: A link of the dashboard's header: an http(s) URL or an address on this site, in printable
#: ASCII (anything else percent-encoded).
LINK_URL_PATTERN = r"^(https?://|/|\?|#)[!-~]*$"
#: Grafana's uid: the rule for an ``id`` chosen by whoever creates a dashboard (ids made here are
#: UUIDs, which follow it; dashboards stored before keep whatever id they have).
ID_PATTERN = r"^[A-Za-z0-9_-]{8,40}$"
#: The document format this version writes (see :mod:`flask_jsondash.migrations`).
CURRENT_SCHEMA_VERSION = 2
#: Grafana's dashboard-wide fields (template variables, time range, refresh, annotations,
#: theme); all optional, so adding them needs no new format.
EXPLORE_FIELDS = (
    "templating",
    "time",
    "timepicker",
    "timezone",
    "refresh",
    "annotations",
    "graphTooltip",
    "style",
    "hideControls",
)
#: The top-level fields of the dashboard itself (not its modules), checked on every save (form
#: saves too).
DOCUMENT_FIELDS = (
    "tags",
    "version",
    "schemaVersion",
    "editable",
    "links",
    "description",
    *EXPLORE_FIELDS,
)
#: Template variables (Grafana's ``templating.list``): how many, their names and types.
MAX_VARIABLES = 50
MAX_VARIABLE_NAME = 50
VARIABLE_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
VARIABLE_TYPES = ("custom", "constant", "textbox", "interval", "query")
#: Names starting with this are the built-ins ($__from, $__to, $__interval, $__dashboard).
RESERVED_VARIABLE_PREFIX = "__"
#: The options a variable keeps (a query variable's last answer) and the length of each.
MAX_OPTIONS = 5_000
MAX_OPTION_TEXT = 1_000
MAX_ANNOTATIONS = 20
MAX_INTERVALS = 50
#: An interval: a whole number and a unit of Grafana's (s m h d w M y: M is months).
INTERVAL_PATTERN = r"^[1-9][0-9]{0,3}[smhdwMy]$"
_INTERVAL = INTERVAL_PATTERN[1:-1]
#: An interval variable's query: intervals separated by commas ("1m,10m,1h").
INTERVAL_LIST_PATTERN = rf"^ *{_INTERVAL}( *, *{_INTERVAL})* *$"
#: A dashboard's ``refresh``: "" or "off" (no refresh), or an interval.
REFRESH_PATTERN = rf"^(off)?$|^{_INTERVAL}$"
#: Grafana's refresh intervals, the choices when ``timepicker.refresh_intervals`` gives none.
DEFAULT_REFRESH_INTERVALS = ("5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d")
#: A time of the range: Grafana's relative expressions (``now``, then up to 8 steps, each
#: ``+N<unit>``, ``-N<unit>`` or ``/<unit>`` to round: ``now-6h``, ``now-7d/d``, ``now/d``), or
#: an absolute ISO 8601 date or date-time (``2024-05-01``, ``2024-05-01T12:00:00Z``).
RELATIVE_TIME_PATTERN = r"^now([+-][0-9]{1,5}[smhdwMy]|/[smhdwMy]){0,8}$"
ABSOLUTE_TIME_PATTERN = (
    r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
    r"(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?)?$"
)
TIME_PATTERN = f"{RELATIVE_TIME_PATTERN}|{ABSOLUTE_TIME_PATTERN}"
TIME_RULE = (
    "must be a time: now, or now with steps such as -6h, +1d, /d (units s m h d w M y), "
    "e.g. now-7d/d; or an ISO 8601 time such as 2024-05-01T12:00:00Z"
)
#: Colours of annotations, safe in a style attribute: #rgb, #rrggbb, rgb(), rgba(), or a name.
COLOR_NAMES = (
    "black",
    "blue",
    "brown",
    "cyan",
    "gray",
    "green",
    "grey",
    "magenta",
    "orange",
    "pink",
    "purple",
    "red",
    "teal",
    "white",
    "yellow",
)
_BYTE = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_ALPHA = r"(0|1|0?\.[0-9]{1,4}|1\.0{1,4})"
COLOR_PATTERN = (
    r"^(#[0-9A-Fa-f]{3}|#[0-9A-Fa-f]{6}"
    rf"|rgb\( *{_BYTE} *, *{_BYTE} *, *{_BYTE} *\)"
    rf"|rgba\( *{_BYTE} *, *{_BYTE} *, *{_BYTE} *, *{_ALPHA} *\)"
    rf"|{'|'.join(COLOR_NAMES)})$"
)
COLOR_RULE = (
    "must be a colour: #rgb, #rrggbb, rgb(r, g, b), rgba(r, g, b, a) or one of "
    + ", ".join(COLOR_NAMES)
)
SCHEMA_ID = "https://flask-jsondash.invalid/schemas/dashboard.schema.json"


class InvalidSchemaError(ValueError):
    """A dashboard failed validation; ``problems`` lists every problem with its JSON path.

    Its text starts with the original flask_jsondash's wording of the problems (its own layout
    rules, then its validator's ``{field: [errors]}`` form) and goes on with this port's
    wording, one problem after another with its JSON path.
    """

    def __init__(self, problems: str | Iterable[SchemaProblem]) -> None:
        if isinstance(problems, str):
            problems = [SchemaProblem("", problems)]
        self.problems: list[SchemaProblem] = list(problems)
        super().__init__(describe_problems(self.problems))


@dataclass(frozen=True)
class SchemaProblem:
    """One validation problem: where it is (a JSON path such as ``modules[0].name``) and what."""

    path: str
    message: str
    #: How the original flask_jsondash worded this problem, where it had words for it.
    original: str | None = field(default=None, compare=False)
    #: Where the original's validator filed it (keys and indexes); empty for the original's
    #: own layout rules, which it raised as plain sentences.
    original_at: tuple[Any, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


def original_errors(problems: Iterable[SchemaProblem]) -> dict[Any, list]:
    """The problems filed as the original's validator (cerberus) did:
    ``{'modules': [{0: [{'type': ['required field']}]}]}``."""
    tree: dict[Any, list] = {}
    for problem in problems:
        if problem.original is None or not problem.original_at:
            continue
        node, parts = tree, list(problem.original_at)
        while len(parts) > 1:
            entries = node.setdefault(parts.pop(0), [])
            child = next((e for e in entries if isinstance(e, dict)), None)
            if child is None:
                child = {}
                entries.append(child)
            node = child
        entries = node.setdefault(parts[0], [])
        if problem.original not in entries:
            entries.insert(sum(isinstance(e, str) for e in entries), problem.original)
    return tree


def original_words(problems: Iterable[SchemaProblem]) -> str:
    """The original's words for these problems: its layout rules' sentences, then its
    validator's ``{field: [errors]}``; empty when it had no words for any of them."""
    problems = list(problems)
    said: list[str] = []
    for problem in problems:
        if problem.original and not problem.original_at and problem.original not in said:
            said.append(problem.original)
    filed = original_errors(problems)
    if filed:
        said.append(repr(filed))
    return " ".join(said)


def describe_problems(problems: Iterable[SchemaProblem]) -> str:
    """The original's words for these problems, then this port's."""
    problems = list(problems)
    original = original_words(problems)
    ours = "; ".join(str(p) for p in problems)
    return f"{original} {ours}" if original and original != ours else ours


def get_chart_types() -> list[str]:
    """Every chart type name of every family in the registry, in registry order."""
    return [chart[0] for family in registry().values() for chart in family["charts"]]


def family_of_type() -> dict[str, str]:
    """Map each chart type to the family that draws it."""
    return {chart[0]: name for name, family in registry().items() for chart in family["charts"]}


def _not_in_family(family: str, charts: Iterable[str]) -> str:
    return f"is not a chart type of family {family} (its types: {', '.join(charts)})"


def _pixels(what: str) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_PIXELS},
            {"type": "string", "pattern": PIXELS_PATTERN, "maxLength": 10},
        ],
        "x-message": f"must be a {what} in pixels (a positive number up to {MAX_PIXELS:,})",
    }


def _nullable(*types: str) -> dict[str, Any]:
    return {"type": [*types, "null"]}


def registry_signature() -> tuple[tuple[str, tuple[str, ...]], ...]:
    # Lists, not generators, inside: this runs on every page of a dashboard.
    return tuple(
        [
            (name, tuple([chart[0] for chart in family["charts"]]))
            for name, family in registry().items()
        ]
    )


def dashboard_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dashboard document, for the current registry."""
    return copy.deepcopy(_schema_for(registry_signature(), family_rules=True))


@lru_cache(maxsize=8)
def _schema_for(
    registry: tuple[tuple[str, tuple[str, ...]], ...], family_rules: bool = True
) -> dict[str, Any]:
    """The schema document. Without ``family_rules`` it leaves out the per-family type lists,
    which :func:`problems_of` checks in Python, several times faster and with the same words."""
    families = [name for name, _ in registry]
    all_types = [chart for _, charts in registry for chart in charts]
    type_rules = [
        {
            "if": {"properties": {"family": {"const": name}}, "required": ["family"]},
            "then": {
                "properties": {
                    "type": {
                        "enum": list(charts),
                        "x-message": _not_in_family(name, charts),
                    }
                }
            },
        }
        for name, charts in registry
        if family_rules
    ]
    input_option = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "type": {"enum": list(INPUT_TYPES), "default": "text"},
            "name": {"type": "string", "minLength": 1},
            "default": _nullable("string", "number", "boolean"),
            "label": _nullable("string"),
            "placeholder": _nullable("string", "number"),
            "validator_regex": _nullable("string"),
            "input_classes": {"type": "array", "items": {"type": "string"}},
            "help_text": _nullable("string"),
            "options": {
                "type": "array",
                "items": {
                    "type": "array",
                    "minItems": 2,
                    "maxItems": 2,
                    "x-message": "must be a [value, label] pair",
                },
            },
        },
        "allOf": [
            {
                "if": {
                    "properties": {"type": {"enum": ["select", "radio"]}},
                    "required": ["type"],
                },
                "then": {
                    "required": ["options"],
                    "properties": {"options": {"minItems": 1}},
                },
            }
        ],
    }
    module = {
        "type": "object",
        "required": ["name", "guid", "type", "dataSource"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME},
            "guid": {
                "type": "string",
                "pattern": GUID_PATTERN,
                "maxLength": 100,
                "x-message": "must be letters, digits and dashes, e.g. "
                "a6eb10e7-26fa-7814-818a-3699b24415c5",
            },
            "family": {"enum": families},
            "type": {"type": "string"},
            "width": {"type": ["number", "string"]},
            "height": _pixels("height"),
            "dataSource": {"type": "string", "minLength": 1, "maxLength": MAX_SOURCE},
            "order": {
                "type": ["number", "null"],
                "minimum": -MAX_ORDER,
                "maximum": MAX_ORDER,
                "x-message": f"must be a number from -{MAX_ORDER:,} to {MAX_ORDER:,}, or null",
            },
            "row": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ROW},
            "gridPos": _gridpos_schema(),
            "refresh": _nullable("boolean"),
            "refreshInterval": {
                "type": ["number", "null"],
                "minimum": 0,
                "maximum": MAX_REFRESH_MS,
                "x-message": "must be a number of milliseconds (up to a week), or null",
            },
            "key": _nullable("string"),
            "classes": {"type": "array", "items": {"type": "string"}},
            "override": _nullable("boolean"),
            "inputs": {
                "type": "object",
                "properties": {
                    "btn_classes": {"type": "array", "items": {"type": "string"}},
                    "submit_text": _nullable("string"),
                    "options": {"type": "array", "items": {"$ref": "#/$defs/inputOption"}},
                },
            },
        },
        "allOf": [
            *type_rules,
            {
                # Without a known family, the type alone must be one the registry knows.
                "if": {"properties": {"family": {"enum": families}}, "required": ["family"]},
                "else": {
                    "properties": {
                        "type": {
                            "enum": all_types,
                            "x-message": "is not a chart type; known types: "
                            + ", ".join(all_types),
                        }
                    }
                },
            },
        ],
    }
    # "x-original": how the original flask_jsondash worded a problem ({value}, {name}: the
    # value at fault and its module's name).
    bad_row = 'Invalid row value for module "{name}"'
    grid_module = {
        "required": ["width", "height", "row"],
        "x-original-required": {"row": bad_row},
        "properties": {
            "width": {
                "type": "string",
                "pattern": GRID_WIDTH_PATTERN,
                "x-message": "must be col-1 ... col-12 in a grid layout",
                "x-original": 'Invalid width for grid format: "{value}"',
            },
            "row": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_ROW,
                "x-message": f"must be a row number from 1 to {MAX_ROW:,}",
                "x-original": bad_row,
            },
        },
    }
    freeform_module = {
        "required": ["width", "height"],
        "properties": {
            "width": {
                **_pixels("width"),
                "x-original": "Invalid value for width in `freeform` layout.",
            },
            "row": {
                "type": "null",
                "x-message": "rows belong to grid layouts; remove 'row' or use layout 'grid'",
                "x-original": "Cannot mix `row` with `freeform` layout.",
            },
        },
    }
    gridpos_module = {
        "required": ["gridPos"],
        "properties": {
            "height": _pixels("height"),
            "row": {
                "type": "null",
                "x-message": "rows belong to grid layouts; a gridpos widget's place is its gridPos",
            },
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "flask_jsondash dashboard",
        "description": "A dashboard: its name, layout and chart modules. Keys not listed here "
        "(metadata) are kept as they are.",
        "type": "object",
        "required": ["name", "modules"],
        "properties": {
            "id": {"type": "string", "maxLength": 200},
            "name": {"type": "string", "minLength": 1, "maxLength": MAX_NAME},
            "layout": {"enum": list(LAYOUTS), "default": "freeform"},
            "category": {"type": ["string", "null"], "maxLength": MAX_CATEGORY},
            "date": {"type": ["string", "null"]},
            "created_by": _nullable("string"),
            "modules": {"type": "array", "items": {"$ref": "#/$defs/module"}},
            **document_fields_schema(),
        },
        "allOf": [
            {
                "if": {"properties": {"layout": {"const": "grid"}}, "required": ["layout"]},
                "then": {"properties": {"modules": {"items": {"$ref": "#/$defs/gridModule"}}}},
                "else": {
                    "if": {
                        "properties": {"layout": {"const": "gridpos"}},
                        "required": ["layout"],
                    },
                    "then": {
                        "properties": {"modules": {"items": {"$ref": "#/$defs/gridposModule"}}}
                    },
                    "else": {
                        "properties": {"modules": {"items": {"$ref": "#/$defs/freeformModule"}}}
                    },
                },
            }
        ],
        "$defs": {
            "module": module,
            "gridModule": grid_module,
            "freeformModule": freeform_module,
            "gridposModule": gridpos_module,
            "inputOption": input_option,
            "uid": {
                "type": "string",
                "pattern": ID_PATTERN,
                "x-message": "must be 8 to 40 letters, digits, - or _ (an id of your choice, "
                "or none to have one made)",
            },
        },
    }


def _gridpos_schema() -> dict[str, Any]:
    """A widget's place in the "gridpos" layout, as Grafana's ``gridPos``."""

    def whole(low: int, high: int, what: str) -> dict[str, Any]:
        return {
            "type": "integer",
            "minimum": low,
            "maximum": high,
            "x-message": f"must be a whole number from {low} to {high:,} ({what})",
        }

    return {
        "type": "object",
        "required": ["x", "y", "w", "h"],
        "properties": {
            "x": whole(0, GRIDPOS_COLUMNS - 1, "the first of 24 columns, from 0"),
            "y": whole(0, MAX_GRIDPOS_Y, f"the first row of {GRIDPOS_ROW_PIXELS} px, from 0"),
            "w": whole(1, GRIDPOS_COLUMNS, "columns wide, of 24"),
            "h": whole(1, MAX_GRIDPOS_H, f"rows of {GRIDPOS_ROW_PIXELS} px high"),
        },
        "x-message": 'must be {"x", "y", "w", "h"}: x and w in 24 columns, y and h in rows '
        f"of {GRIDPOS_ROW_PIXELS} px",
    }


def _gridpos_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """A gridpos widget must fit in the 24 columns: x + w at most 24."""
    problems = []
    for index, module in enumerate(_modules(conf)):
        place = module.get("gridPos") if isinstance(module, Mapping) else None
        if not isinstance(place, Mapping):
            continue
        x, w = place.get("x"), place.get("w")
        if _whole(x) and _whole(w) and x + w > GRIDPOS_COLUMNS:
            problems.append(
                SchemaProblem(
                    f"modules[{index}].gridPos",
                    f"x + w must be at most {GRIDPOS_COLUMNS} (got x {x} and w {w}): the widget "
                    "runs past the right edge",
                )
            )
    return problems


def _whole(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _tags_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": MAX_TAGS,
        "items": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TAG,
            "pattern": TAG_PATTERN,
            "x-message": TAG_RULE,
        },
    }


def document_fields_schema() -> dict[str, Any]:
    """The schema of the dashboard's own fields of format 2 (:data:`DOCUMENT_FIELDS`).

    Each is optional, and absent means what a dashboard was before it: no tags, no links, no
    description, editable, version 0, format 1.
    """
    return {
        "tags": _tags_schema(),
        "version": {
            "type": "integer",
            "minimum": 0,
            "maximum": MAX_VERSION,
            "x-message": "must be a whole number from 0 (the server counts the saves)",
        },
        "schemaVersion": {
            "type": "integer",
            "minimum": 1,
            "maximum": CURRENT_SCHEMA_VERSION,
            "x-message": f"must be a document format from 1 to {CURRENT_SCHEMA_VERSION} "
            "(the formats this version of flask_jsondash reads)",
        },
        "editable": {"type": "boolean"},
        "description": {"type": ["string", "null"], "maxLength": MAX_DESCRIPTION},
        "links": {
            "type": "array",
            "maxItems": MAX_LINKS,
            "items": {
                "type": "object",
                "required": ["title"],
                "properties": {
                    "title": {"type": "string", "minLength": 1, "maxLength": MAX_NAME},
                    "url": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": MAX_URL,
                        "pattern": LINK_URL_PATTERN,
                        "x-message": "must be an http(s) URL or an address on this site "
                        "(starting with /, ? or #), in printable ASCII",
                    },
                    "tags": {**_tags_schema(), "minItems": 1},
                    "tooltip": {"type": ["string", "null"], "maxLength": MAX_NAME},
                    "targetBlank": {"type": "boolean"},
                },
                "anyOf": [{"required": ["url"]}, {"required": ["tags"]}],
                "x-message": 'must be {"title", "url"} or {"title", "tags": [...]}',
            },
        },
        **explore_fields_schema(),
    }


def _text(most: int, *, nullable: bool = False, least: int = 0) -> dict[str, Any]:
    node: dict[str, Any] = {"type": ["string", "null"] if nullable else "string"}
    if least:
        node["minLength"] = least
    node["maxLength"] = most
    return node


def _choice(low: int, high: int, meaning: str) -> dict[str, Any]:
    return {
        "type": "integer",
        "minimum": low,
        "maximum": high,
        "x-message": f"must be {', '.join(map(str, range(low, high)))} or {high} ({meaning})",
    }


def _intervals() -> dict[str, Any]:
    return {
        "type": "array",
        "maxItems": MAX_INTERVALS,
        "items": {
            "type": "string",
            "maxLength": 10,
            "pattern": INTERVAL_PATTERN,
            "x-message": "must be an interval: a whole number and a unit of s m h d w M y "
            "(M: months), e.g. 30s, 5m, 1h, 7d",
        },
    }


def _variable_schema() -> dict[str, Any]:
    """One template variable (an entry of ``templating.list``), Grafana's shape."""
    option_text = _text(MAX_OPTION_TEXT)
    text_or_texts = {
        "anyOf": [
            option_text,
            {"type": "array", "maxItems": MAX_OPTIONS, "items": option_text},
        ],
        "x-message": f"must be text or a list of texts (at most {MAX_OPTION_TEXT:,} "
        f"characters each, {MAX_OPTIONS:,} texts)",
    }
    return {
        "type": "object",
        "required": ["name", "type"],
        "properties": {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": MAX_VARIABLE_NAME,
                "pattern": VARIABLE_NAME_PATTERN,
                "x-message": "must be a variable name: letters, digits and _, not starting "
                f"with a digit, at most {MAX_VARIABLE_NAME} characters (used as $name)",
            },
            "label": _text(MAX_NAME, nullable=True),
            "type": {"enum": list(VARIABLE_TYPES)},
            "description": _text(MAX_DESCRIPTION, nullable=True),
            "current": {
                "type": "object",
                "properties": {
                    "text": text_or_texts,
                    "value": text_or_texts,
                    "selected": {"type": "boolean"},
                },
                "x-message": 'must be the selected option: {"text": ..., "value": ...}',
            },
            "options": {
                "type": "array",
                "maxItems": MAX_OPTIONS,
                "items": {
                    "type": "object",
                    "required": ["text", "value"],
                    "properties": {
                        "text": option_text,
                        "value": option_text,
                        "selected": {"type": "boolean"},
                    },
                    "x-message": 'must be an option: {"text": ..., "value": ..., "selected": '
                    "true or false}",
                },
            },
            "query": _text(MAX_SOURCE),
            "multi": {"type": "boolean"},
            "includeAll": {"type": "boolean"},
            "allValue": _text(MAX_OPTION_TEXT, nullable=True),
            "hide": _choice(0, 2, "0: shown, 1: its label hidden, 2: hidden"),
        },
        "allOf": [
            {
                "if": {"properties": {"type": {"const": "query"}}, "required": ["type"]},
                "then": {
                    "required": ["query"],
                    "properties": {"query": {"minLength": 1}},
                },
            },
            {
                "if": {"properties": {"type": {"const": "interval"}}, "required": ["type"]},
                "then": {
                    "properties": {
                        "query": {
                            "pattern": INTERVAL_LIST_PATTERN,
                            "x-message": "must be intervals separated by commas, e.g. "
                            "1m,10m,1h (units s m h d w M y)",
                        }
                    }
                },
            },
        ],
    }


def _annotation_schema() -> dict[str, Any]:
    """One source of annotations (an entry of ``annotations.list``)."""
    color = {
        "type": "string",
        "maxLength": 40,
        "pattern": COLOR_PATTERN,
        "x-message": COLOR_RULE,
    }
    return {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": _text(MAX_NAME, least=1),
            "url": _text(MAX_SOURCE, least=1),
            "color": color,
            "iconColor": color,
            "enable": {"type": "boolean"},
            "hide": {"type": "boolean"},
            # Grafana's own annotations (its "Annotations & Alerts", or a datasource's query):
            # kept, and not drawn here.
            "builtIn": {"type": ["integer", "boolean"], "minimum": 0, "maximum": 1},
            "datasource": {},
        },
        "anyOf": [{"required": ["url"]}, {"required": ["builtIn"]}, {"required": ["datasource"]}],
        "x-message": 'must be {"name", "url"} (or one of Grafana\'s, with "builtIn" or '
        '"datasource", which is kept and not drawn)',
    }


def explore_fields_schema() -> dict[str, Any]:
    """The schema of Grafana's dashboard-wide fields (:data:`EXPLORE_FIELDS`): template
    variables, time range, refresh, annotations, crosshair and theme.

    Each is optional, and absent means a dashboard as before: no variables and no controls
    bar, no time range, no dashboard-wide refresh, no annotations, the light theme.
    """
    time = {
        "type": "string",
        "maxLength": 60,
        "pattern": TIME_PATTERN,
        "x-message": TIME_RULE,
    }
    return {
        "templating": {
            "type": "object",
            "properties": {
                "list": {
                    "type": "array",
                    "maxItems": MAX_VARIABLES,
                    "items": _variable_schema(),
                },
                "enable": {"type": "boolean"},
            },
        },
        "time": {
            "type": "object",
            "required": ["from", "to"],
            "properties": {"from": time, "to": time},
        },
        "timepicker": {
            "type": "object",
            "properties": {
                "refresh_intervals": _intervals(),
                "time_options": _intervals(),
                "hidden": {"type": "boolean"},
            },
        },
        "timezone": {
            "enum": ["browser", "utc", ""],
            "x-message": 'must be "browser" (the viewer\'s), "utc" or "" (the browser\'s too)',
        },
        "refresh": {
            "anyOf": [
                {"const": False},
                {"type": "string", "maxLength": 10, "pattern": REFRESH_PATTERN},
            ],
            "x-message": 'must be false, "off" or an interval such as "5s", "1m", "1h", "1d"',
        },
        "annotations": {
            "type": "object",
            "properties": {
                "list": {
                    "type": "array",
                    "maxItems": MAX_ANNOTATIONS,
                    "items": _annotation_schema(),
                }
            },
        },
        "graphTooltip": _choice(0, 2, "0: none, 1: shared crosshair, 2: crosshair and tooltip"),
        "style": {"enum": ["light", "dark"]},
        "hideControls": {"type": "boolean"},
    }


@lru_cache(maxsize=4)
def _validator_for(registry: tuple[tuple[str, tuple[str, ...]], ...]) -> Draft202012Validator:
    return Draft202012Validator(_schema_for(registry, family_rules=False))


def json_path(parts: Iterable[Any]) -> str:
    """Render a sequence of keys and indexes as ``modules[2].inputs.options[0].name``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_TYPE_WORDS = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


def _describe(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(error: ValidationError) -> str:
    custom = error.schema.get("x-message") if isinstance(error.schema, Mapping) else None
    if custom and error.validator not in ("required",):
        return f"{custom} (got {_describe(error.instance)})"
    kind, expected = error.validator, error.validator_value
    if kind == "type":
        names = [str(n) for n in (expected if isinstance(expected, list) else [expected])]
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return f"must be {words} (got {_describe(error.instance)})"
    if kind == "enum" and isinstance(expected, list):
        return f"must be one of: {', '.join(map(str, expected))} (got {_describe(error.instance)})"
    if kind == "minLength":
        return "must not be empty"
    if kind == "maxLength":
        return f"must be at most {expected} characters (got {len(str(error.instance)):,})"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"must be at least {expected} (got {_describe(error.instance)})"
    if kind == "maximum":
        return f"must be at most {expected} (got {_describe(error.instance)})"
    if kind == "minItems":
        return f"needs at least {expected} item(s)"
    if kind == "maxItems":
        count = len(error.instance) if isinstance(error.instance, list) else 0
        return f"must have at most {expected} items (got {count:,})"
    return error.message


def _path_sort_key(parts: Iterable[Any]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in parts)


# The original's validator (cerberus) named JSON types after Python's.
_CERBERUS_TYPES = {"array": "list", "object": "dict"}


def _value_at(document: Any, parts: Iterable[Any]) -> Any:
    for part in parts:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _original(error: ValidationError, document: Any) -> tuple[str | None, tuple[Any, ...]]:
    """How the original worded one problem, and where its validator filed it."""
    at = tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    rule = schema.get("x-original")
    if rule:
        module = _value_at(document, at[:-1]) if at else None
        name = module.get("name") if isinstance(module, Mapping) else None
        return rule.format(value=error.instance, name=name), ()
    kind, expected = error.validator, error.validator_value
    if kind == "enum":
        return f"unallowed value {error.instance}", at
    if kind == "type":
        names = [str(n) for n in (expected if isinstance(expected, list) else [expected])]
        words = ", ".join(_CERBERUS_TYPES.get(n, n) for n in names if n != "null")
        return f"must be of {words} type", at
    if kind == "minLength":
        return "empty values not allowed", at
    if kind == "pattern":
        return f"value does not match regex '{expected}'", at
    if kind in ("minimum", "exclusiveMinimum"):
        return f"min value is {expected}", at
    if kind in ("minItems", "maxItems"):
        return f"{'min' if kind == 'minItems' else 'max'} length is {expected}", at
    return None, ()


def _errors(document: Any, validator: Draft202012Validator | None = None) -> list[SchemaProblem]:
    validator = validator or _validator_for(registry_signature())
    errors = sorted(validator.iter_errors(document), key=lambda e: _path_sort_key(e.absolute_path))
    problems: list[SchemaProblem] = []
    for error in errors:
        path = json_path(error.absolute_path)
        if error.validator == "required":
            # One problem per missing key: the original filed each under its own name.
            rules = error.schema.get("x-original-required", {})
            for key in error.validator_value:
                if key in error.instance:
                    continue
                rule = rules.get(key)
                problem = SchemaProblem(
                    path,
                    f"missing required key {key!r}",
                    rule.format(name=error.instance.get("name")) if rule else "required field",
                    () if rule else (*error.absolute_path, key),
                )
                if problem not in problems:
                    problems.append(problem)
            continue
        problem = SchemaProblem(path, _message(error), *_original(error, document))
        if problem not in problems:  # alternative branches can say the same thing twice
            problems.append(problem)
    return problems


def is_consecutive_rows(lst: Iterable[Any]) -> bool:
    """True when the row numbers, ignoring repeats and order, have no gap (``[1, 1, 2]``).

    As in the original, a row 0 is a mistake of the caller: it raises ``AssertionError``.
    Values that are not whole numbers make it False.
    """
    try:
        rows = sorted({int(row) for row in lst})
    except (TypeError, ValueError):
        return False
    if 0 in rows:
        raise AssertionError("0th index is invalid!")
    return not rows or rows == list(range(rows[0], rows[-1] + 1))


def _modules(conf: Mapping[str, Any]) -> list[Any]:
    """The dashboard's modules; none when ``modules`` is not a list (reported on its own)."""
    modules = conf.get("modules")
    return modules if isinstance(modules, list) else []


def _grid_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    modules = [m for m in _modules(conf) if isinstance(m, Mapping)]
    found = [m.get("row") for m in modules]
    rows = [r for r in found if isinstance(r, int) and not isinstance(r, bool) and r >= 1]
    if not rows or len(rows) != len(found):
        return []  # missing or malformed rows are reported on each module already
    used = sorted(set(rows))
    if used[0] == 1 and is_consecutive_rows(rows):
        return []
    empty = [r for r in range(1, used[-1] + 1) if r not in used]
    return [
        SchemaProblem(
            "modules",
            "grid rows must run 1, 2, 3... with no gaps; rows used: "
            f"{', '.join(map(str, used))}; empty: {', '.join(map(str, empty))}",
            f'Row order is not consecutive: "{sorted(rows)}"!',
        )
    ]


def _family_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """A module's type must be one of its family's types (the schema's per-family rules)."""
    registry = dict(registry_signature())
    problems = []
    for index, module in enumerate(_modules(conf)):
        if not isinstance(module, Mapping):
            continue
        family = module.get("family")
        charts = registry.get(family) if isinstance(family, str) else None
        chart_type = module.get("type")
        if charts is not None and isinstance(chart_type, str) and chart_type not in charts:
            message = f"{_not_in_family(module['family'], charts)} (got {_describe(chart_type)})"
            problems.append(SchemaProblem(f"modules[{index}].type", message))
    return problems


#: Guids given to modules that have none (or repeat another's) derive from the dashboard's id
#: and the module's place, so the same stored dashboard shows the same guids every time.
GUID_NAMESPACE = uuid.UUID("6f1c55a2-6c11-4c8e-9c5e-3d2f0c7d2b41")


def _new_guid(conf: Mapping[str, Any], index: int) -> str:
    if conf.get("id"):
        return str(uuid.uuid5(GUID_NAMESPACE, f"{conf['id']}/{index}"))
    return str(uuid.uuid4())


def normalize(conf: Any) -> Any:
    """Fill in what the original generated automatically, so that what it accepted renders.

    A module's ``family`` comes from its ``type``; a module without a ``guid``, or with one an
    earlier module already has, gets a new one. Returns a copy; anything that is not a
    dashboard-shaped object is returned unchanged.
    """
    if not isinstance(conf, Mapping):
        return conf
    # Copies of what changes (the dashboard, its list of modules, each module), not a deep
    # copy: a stored document of any depth is normalized without recursion.
    conf = dict(conf)
    modules = conf.get("modules")
    if not isinstance(modules, list):
        return conf
    modules = conf["modules"] = [dict(m) if isinstance(m, Mapping) else m for m in modules]
    families: dict[str, str] | None = None  # made when a module lacks its family
    seen: set[str] = set()
    for index, module in enumerate(modules):
        if not isinstance(module, dict):
            continue
        if not module.get("family"):
            chart_type = module.get("type")
            if families is None:
                families = family_of_type()
            family = families.get(chart_type) if isinstance(chart_type, str) else None
            if family:
                module["family"] = family
        guid = module.get("guid")
        if guid is None or guid == "" or (isinstance(guid, str) and guid in seen):
            module["guid"] = guid = _new_guid(conf, index)
        if isinstance(guid, str):
            seen.add(guid)
    return conf


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_BLANKS = re.compile(r"[\t\n\r]")
_YOUTUBE_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.I)
YOUTUBE_HOSTS = (
    "youtube.com",
    "www.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lowercased), or None for a relative URL.

    Browsers drop tabs and newlines anywhere in a URL and spaces and control characters around
    it, so ``" java\tscript:..."`` is a javascript: URL.
    """
    cleaned = _URL_BLANKS.sub("", url).strip(
        "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
        "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
        "\x19\x1a\x1b\x1c\x1d\x1e\x1f "
    )
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def url_problem(value: Any, chart_type: Any = None) -> str | None:
    """Why a module's dataSource may not be used, or None. It must be an http(s) or relative
    URL; a youtube module's may be the embed code of a YouTube player (https)."""
    if not isinstance(value, str):
        return None  # reported as a type problem
    if chart_type == "youtube":
        found = _YOUTUBE_SRC.search(value)
        src = found.group(1) if found else ""
        host = re.sub(r"^https://([^/:?#]+).*$", r"\1", src).lower() if src else ""
        if not src.lower().startswith("https://") or host not in YOUTUBE_HOSTS:
            return "must be the embed code of a YouTube player (an https youtube.com src)"
        return None
    if value.startswith(("http://", "https://")):  # the usual: no need to look closer
        return None
    scheme = url_scheme(value)
    if scheme is not None and scheme not in ("http", "https"):
        return f"must be an http(s) or relative URL, not a {scheme}: URL"
    return None


def _url_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    problems = []
    modules = conf.get("modules")
    for index, module in enumerate(modules if isinstance(modules, list) else []):
        if isinstance(module, Mapping):
            problem = url_problem(module.get("dataSource"), module.get("type"))
            if problem:
                problems.append(SchemaProblem(f"modules[{index}].dataSource", problem))
    return problems + _document_problems(conf)


def _link_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    links = conf.get("links")
    problems = []
    for index, link in enumerate(links if isinstance(links, list) else []):
        if isinstance(link, Mapping):
            problem = url_problem(link.get("url"))
            if problem:
                problems.append(SchemaProblem(f"links[{index}].url", problem))
    return problems


#: A use of a template variable: ``$name``, ``${name}``, ``${name:format}``, ``[[name]]`` or
#: ``[[name:format]]`` (Grafana's three syntaxes); the name is one of the three groups.
VARIABLE_REFERENCE = re.compile(
    # The lengths are bounded so that a long text without closing brackets stays linear.
    r"\$\{([A-Za-z_][A-Za-z0-9_]{0,99})(?::[^}]{0,100})?\}"
    r"|\[\[([A-Za-z_][A-Za-z0-9_]{0,99})(?::[^\]]{0,100})?\]\]"
    r"|\$([A-Za-z_][A-Za-z0-9_]*)"
)


def variable_references(text: Any) -> list[str]:
    """The names of the variables ``text`` uses (built-ins such as ``__from`` included), in
    the order they first appear, each once; none when ``text`` is not text."""
    if not isinstance(text, str) or len(text) > MAX_SOURCE:
        return []  # too long for a URL: refused by the schema
    found = (
        next(group for group in m.groups() if group) for m in VARIABLE_REFERENCE.finditer(text)
    )
    return list(dict.fromkeys(found))


def _variables(conf: Mapping[str, Any]) -> list[tuple[int, Mapping[str, Any]]]:
    """The template variables that are objects, with their index in ``templating.list``."""
    templating = conf.get("templating")
    found = templating.get("list") if isinstance(templating, Mapping) else None
    if not isinstance(found, list):
        return []
    return [(i, v) for i, v in enumerate(found) if isinstance(v, Mapping)]


def _matches(pattern: str, value: Any) -> TypeGuard[str]:
    """``value`` is text the whole of which matches ``pattern`` (whose ``$`` alone would let a
    final line break through)."""
    return isinstance(value, str) and "\n" not in value and re.search(pattern, value) is not None


def _variable_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """Names unique and not the built-ins', query variables' URLs, and no cycle among them."""
    problems = []
    first_of: dict[str, int] = {}
    for index, variable in _variables(conf):
        name, where = variable.get("name"), f"templating.list[{index}]"
        if isinstance(name, str) and name.endswith("\n"):
            problems.append(SchemaProblem(f"{where}.name", "must not end with a line break"))
        elif isinstance(name, str) and _matches(VARIABLE_NAME_PATTERN, name):
            if name.startswith(RESERVED_VARIABLE_PREFIX):
                problems.append(
                    SchemaProblem(
                        f"{where}.name",
                        f"must not start with {RESERVED_VARIABLE_PREFIX}: those are the "
                        f"built-ins' names ($__from, $__to, $__interval, $__dashboard) "
                        f"(got {_describe(name)})",
                    )
                )
            elif name in first_of:
                problems.append(
                    SchemaProblem(
                        f"{where}.name",
                        f"{_describe(name)} is already the name of templating.list"
                        f"[{first_of[name]}]: each variable needs a name of its own",
                    )
                )
            else:
                first_of[name] = index
        if variable.get("type") == "query" and (problem := url_problem(variable.get("query"))):
            problems.append(SchemaProblem(f"{where}.query", problem))
    return problems + _cycle_problems(conf, first_of)


def _cycle_problems(conf: Mapping[str, Any], first_of: Mapping[str, int]) -> list[SchemaProblem]:
    """A query variable's URL may use other variables (its options then follow theirs), but
    not itself, directly or through others: each such cycle is one problem, at the query of
    the first of its variables in the list."""
    variables = dict(_variables(conf))
    uses: dict[str, list[str]] = {}
    for name, index in first_of.items():
        variable = variables[index]
        if variable.get("type") == "query":
            # Unknown names are left as written when the URL is filled in: no edge.
            uses[name] = [n for n in variable_references(variable.get("query")) if n in first_of]
    problems = []
    for group in _strongly_connected(uses):
        start = min(group, key=first_of.__getitem__)
        if len(group) == 1 and start not in uses.get(start, []):
            continue
        cycle = _shortest_cycle(start, uses, set(group))
        others = sorted(set(group) - set(cycle), key=first_of.__getitem__)
        also = f" (also in it: {', '.join(others)})" if others else ""
        message = (
            f"uses ${start} itself: a variable's options cannot depend on its own value"
            if cycle == [start]
            else "variables depend on each other in a cycle: "
            f"{' → '.join([*cycle, start])}{also}; a query variable's URL cannot use, "
            "directly or through others, its own value"
        )
        problems.append(SchemaProblem(f"templating.list[{first_of[start]}].query", message))
    return sorted(problems, key=lambda p: _path_sort_key(_path_parts(p.path)))


def _strongly_connected(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components of ``graph``, without recursion."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in graph:
        if root in index_of:
            continue
        work = [(root, iter(graph.get(root, [])))]
        index_of[root] = low[root] = len(index_of)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            child = next(edges, None)
            if child is not None:
                if child not in index_of:
                    index_of[child] = low[child] = len(index_of)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph.get(child, []))))
                elif child in on_stack:
                    low[node] = min(low[node], index_of[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _shortest_cycle(start: str, graph: Mapping[str, list[str]], within: set[str]) -> list[str]:
    """The shortest path from ``start`` back to it through ``within`` (without the return)."""
    came_from: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for child in graph.get(node, []):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            if child in within and child not in came_from:
                came_from[child] = node
                queue.append(child)
    return [start]


_ABSOLUTE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,6}))?)?"
    r"(Z|([+-])([0-9]{2}):?([0-9]{2}))?)?"
)


def absolute_time(value: str) -> datetime:
    """An ISO 8601 time of :data:`ABSOLUTE_TIME_PATTERN` as a datetime (aware when it has an
    offset or ``Z``); ValueError when it is not one, or names a day that does not exist.

    (``datetime.fromisoformat`` reads ``Z`` and one to six decimals only from Python 3.11 on.)
    """
    found = _ABSOLUTE_TIME.fullmatch(value)
    if not found:
        raise ValueError("not an ISO 8601 time")
    year, month, day, hour, minute, second, fraction, zone, sign, hours, minutes = found.groups()
    offset = None
    if zone == "Z":
        offset = timezone.utc
    elif zone:
        shift = timedelta(hours=int(hours), minutes=int(minutes))
        offset = timezone(-shift if sign == "-" else shift)
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        int((fraction or "0").ljust(6, "0")),
        tzinfo=offset,
    )


def _absolute_time(value: str) -> datetime | None:
    """An absolute time of the range as a datetime; None when it is relative (``now...``)."""
    return None if value.startswith("now") else absolute_time(value)


def _time_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """Absolute times must be real dates, and an absolute range must run forwards."""
    span = conf.get("time")
    if not isinstance(span, Mapping):
        return []
    problems, ends = [], {}
    for key in ("from", "to"):
        value = span.get(key)
        if not isinstance(value, str) or not re.search(TIME_PATTERN, value):
            continue  # the schema said why
        try:
            if "\n" in value:
                raise ValueError("it ends with a line break")
            ends[key] = _absolute_time(value)
        except ValueError as exc:
            message = f"{TIME_RULE} (got {_describe(value)}: {exc})"
            problems.append(SchemaProblem(f"time.{key}", message))
    start, end = ends.get("from"), ends.get("to")
    if (
        start is not None
        and end is not None
        and (start.tzinfo is None) == (end.tzinfo is None)
        and start >= end
    ):
        message = f"from ({span['from']}) must be before to ({span['to']})"
        problems.append(SchemaProblem("time", message))
    return problems


def _refresh_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """A dashboard's refresh interval must be one the refresh picker offers."""
    refresh = conf.get("refresh")
    if not _matches(INTERVAL_PATTERN, refresh):
        if isinstance(refresh, str) and refresh.endswith("\n"):
            return [SchemaProblem("refresh", "must not end with a line break")]
        return []  # off, or a value the schema refused
    picker = conf.get("timepicker")
    given = picker.get("refresh_intervals") if isinstance(picker, Mapping) else None
    if isinstance(given, list) and given:
        if refresh in given:
            return []
        offered = ", ".join(str(i) for i in given[:MAX_INTERVALS])
        where = f"one of timepicker.refresh_intervals ({offered})"
    elif refresh in DEFAULT_REFRESH_INTERVALS:
        return []
    else:
        where = (
            f"one of {', '.join(DEFAULT_REFRESH_INTERVALS)} (or listed in "
            "timepicker.refresh_intervals)"
        )
    return [SchemaProblem("refresh", f"must be off or {where} (got {_describe(refresh)})")]


def _annotation_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """Annotations' URLs follow a dataSource's rule; colours end where their pattern does."""
    annotations = conf.get("annotations")
    found = annotations.get("list") if isinstance(annotations, Mapping) else None
    problems = []
    for index, entry in enumerate(found if isinstance(found, list) else []):
        if not isinstance(entry, Mapping):
            continue
        if problem := url_problem(entry.get("url")):
            problems.append(SchemaProblem(f"annotations.list[{index}].url", problem))
        for key in ("color", "iconColor"):
            value = entry.get(key)
            if isinstance(value, str) and value.endswith("\n"):
                problems.append(SchemaProblem(f"annotations.list[{index}].{key}", f"{COLOR_RULE}"))
    return problems


def _document_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """The rules of the dashboard's own fields that JSON Schema cannot say."""
    return (
        _link_problems(conf)
        + _variable_problems(conf)
        + _time_problems(conf)
        + _refresh_problems(conf)
        + _annotation_problems(conf)
    )


@lru_cache(maxsize=1)
def _fields_validator() -> Draft202012Validator:
    return Draft202012Validator({"type": "object", "properties": document_fields_schema()})


def field_problems(conf: Any) -> list[SchemaProblem]:
    """Problems of the dashboard's own fields (tags, links, description, editable, version,
    schemaVersion, and Grafana's templating, time, refresh, annotations...), which every save
    checks, form saves included."""
    if not isinstance(conf, Mapping):
        return []
    present = {key: conf[key] for key in DOCUMENT_FIELDS if key in conf}
    if not present:
        return []
    problems = _errors(present, _fields_validator())
    refused = {p.path for p in problems}
    return problems + [p for p in _document_problems(present) if p.path not in refused]


def id_problem(value: Any) -> str | None:
    """Why ``value`` cannot be the id of a new dashboard chosen by its creator, or None.

    Grafana's rule for a uid: 8 to 40 letters, digits, ``-`` or ``_``, so it is safe in a URL.
    """
    if not isinstance(value, str):
        return f"must be text (got {_describe(value)})"
    if not re.fullmatch(ID_PATTERN, value):
        return f"must be 8 to 40 letters, digits, - or _ (got {_describe(value)})"
    return None


def _safety(conf: Any) -> list[SchemaProblem]:
    limits = Limits.current()
    if surely_safe(conf, limits):
        return []
    return [SchemaProblem(path, message) for path, message in safety_problems(conf, limits)]


def surely_safe(conf: Any, limits: Limits) -> bool:
    """True only when :func:`limits.safety_problems` finds nothing in ``conf``, and quicker
    than it; False when unsure (then that walk says what is wrong, if anything)."""
    if not isinstance(conf, dict):
        return False
    modules = conf.get("modules")
    if isinstance(modules, list) and len(modules) > limits.modules:
        return False
    most = _plain_size(conf, limits.depth)
    if most < 0:
        return False
    if most <= limits.document_bytes:
        return True
    try:  # near the limit: its exact size
        size = len(json.dumps(conf, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        return False
    return size <= limits.document_bytes


def _valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _plain_size(container: dict | list | tuple, room: int) -> int:
    """At least the size of ``container`` as JSON (in UTF-8 bytes), when nothing in it is
    nested more than ``room`` levels below it, each key is text that does not start with ``$``
    or hold a NUL, each text is valid Unicode, each whole number is within ±(2**53 - 1) and
    each other number is finite; -1 when not, or for a type this does not know (left to the
    walk)."""
    if room < 1 and container:
        return -1
    size = 2  # the brackets
    if isinstance(container, dict):
        for key in container:
            if (
                type(key) is not str
                or key.startswith("$")
                or "\x00" in key
                or not (key.isascii() or _valid_unicode(key))
            ):
                return -1
            # A character is at most 6 bytes in JSON (\u001f); the quotes, ": " and ", ".
            size += 6 * len(key) + 6
        values: Iterable[Any] = container.values()
    else:
        values = container
    for value in values:
        kind = type(value)
        if kind is str:
            if not (value.isascii() or _valid_unicode(value)):
                return -1
            size += 6 * len(value) + 4  # the quotes and ", "
        elif kind is bool or value is None:
            size += 7
        elif kind is int:
            if not -SAFE_INTEGER <= value <= SAFE_INTEGER:
                return -1
            size += 19  # 16 digits at most, a sign and ", "
        elif kind is float:
            if not math.isfinite(value):
                return -1
            size += 26  # repr() of a float is 24 characters at most
        elif kind is dict or kind is list or kind is tuple:
            inner = _plain_size(value, room - 1)
            if inner < 0:
                return -1
            size += inner + 2
        else:
            return -1
    return size


#: The original's answer to a grid module without a row.
NO_ROW_MESSAGE = (
    "Cannot use grid layout without specifying row(s)! Edit JSON manually to override this."
)
_NUMBER = re.compile(PIXELS_PATTERN)


def _positive(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return math.isfinite(value) and value > 0
    return isinstance(value, str) and bool(_NUMBER.match(value)) and float(value) > 0


def grid_columns(width: Any) -> int | None:
    """The columns (1 to 12) a grid module spans: its width as ``col-N`` or as a number N."""
    text = str(width).removeprefix("col-")
    if isinstance(width, bool) or not text.isdigit():
        return None
    columns = int(text)
    return columns if 1 <= columns <= GRID_COLUMNS else None


def module_shape_problems(module: Any, index: int, layout: str) -> list[SchemaProblem]:
    """What stops one module from being laid out on the page (not whether it draws)."""
    where = f"modules[{index}]"
    if not isinstance(module, Mapping):
        return [SchemaProblem(where, "must be a JSON object describing one module")]
    if layout == "gridpos":
        return _gridpos_shape_problems(module, where)
    missing = [key for key in ("width", "height", "dataSource") if module.get(key) in (None, "")]
    if missing:
        keys = ", ".join(repr(k) for k in missing)
        message = f"missing {keys}: every widget needs a width, a height and a dataSource"
        return [SchemaProblem(where, message, "Invalid config!")]
    problems = []
    if not _positive(module["height"]) or float(module["height"]) > MAX_PIXELS:
        problems.append(
            SchemaProblem(
                f"{where}.height", f"must be a height in pixels (got {_describe(module['height'])})"
            )
        )
    if not isinstance(module["dataSource"], str):
        problems.append(SchemaProblem(f"{where}.dataSource", "must be text (a URL)"))
    elif source_problem := url_problem(module["dataSource"], module.get("type")):
        problems.append(SchemaProblem(f"{where}.dataSource", source_problem))
    if layout == "grid":
        if grid_columns(module["width"]) is None:
            problems.append(
                SchemaProblem(
                    f"{where}.width",
                    f"must be col-1 ... col-12 in a grid layout (got {_describe(module['width'])})",
                    f'Invalid width for grid format: "{module["width"]}"',
                )
            )
        row = module.get("row")
        if isinstance(row, bool) or not isinstance(row, int) or row < 1:
            problems.append(
                SchemaProblem(
                    f"{where}.row", "needs a row number from 1 in a grid layout", NO_ROW_MESSAGE
                )
            )
    elif not _positive(module["width"]) or float(module["width"]) > MAX_PIXELS:
        problems.append(
            SchemaProblem(
                f"{where}.width",
                f"must be a width in pixels (got {_describe(module['width'])})",
                "Invalid value for width in `freeform` layout.",
            )
        )
    return problems


def gridpos_of(module: Any) -> dict[str, int] | None:
    """A module's ``gridPos`` when it is a place on the 24 columns, else None."""
    place = module.get("gridPos") if isinstance(module, Mapping) else None
    if not isinstance(place, Mapping):
        return None
    x, y, w, h = (place.get(k) for k in ("x", "y", "w", "h"))
    if not (_whole(x) and _whole(y) and _whole(w) and _whole(h)):
        return None
    if not (0 <= x and 1 <= w and x + w <= GRIDPOS_COLUMNS and 0 <= y <= MAX_GRIDPOS_Y):
        return None
    if not 1 <= h <= MAX_GRIDPOS_H:
        return None
    return {"x": x, "y": y, "w": w, "h": h}


def _gridpos_shape_problems(module: Mapping[str, Any], where: str) -> list[SchemaProblem]:
    problems = []
    if module.get("dataSource") in (None, ""):
        problems.append(SchemaProblem(where, "missing 'dataSource': every widget needs one"))
    elif not isinstance(module["dataSource"], str):
        problems.append(SchemaProblem(f"{where}.dataSource", "must be text (a URL)"))
    elif source_problem := url_problem(module["dataSource"], module.get("type")):
        problems.append(SchemaProblem(f"{where}.dataSource", source_problem))
    if gridpos_of(module) is None:
        problems.append(
            SchemaProblem(
                f"{where}.gridPos",
                'needs {"x", "y", "w", "h"} in a gridpos layout: x and w in 24 columns '
                f"(x + w at most 24), y and h in rows of {GRIDPOS_ROW_PIXELS} px",
            )
        )
    return problems


def shape_problems(conf: Any) -> list[SchemaProblem]:  # noqa: C901 - one check per key
    """What stops a dashboard from being shown at all, checked on every save from a form.

    The original saved form posts unchecked (and its pages then failed on some of them); this
    port accepts what it accepted as long as the page can be laid out: a name, a layout, and
    modules that are objects with a width, a height and a dataSource (and a row, in a grid),
    and nothing that no store can keep (:func:`limits.safety_problems`). A widget whose type
    or data is wrong still saves, and says so on the page.
    :func:`problems_of` has the full rules, which raw JSON must pass.
    """
    if not isinstance(conf, Mapping):
        return [SchemaProblem("", "the dashboard must be a JSON object")]
    problems = _safety(conf)
    if problems:  # too deep, too big or not storable: the rest is not worth reading
        return problems
    name = conf.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(
            SchemaProblem("name", "give the dashboard a name", "required field", ("name",))
        )
    layout = conf.get("layout", "freeform")
    if layout not in LAYOUTS:
        problems.append(
            SchemaProblem(
                "layout", f"must be one of: {', '.join(LAYOUTS)} (got {_describe(layout)})"
            )
        )
    problems += field_problems(conf)
    modules = conf.get("modules")
    if not isinstance(modules, list):
        problems.append(SchemaProblem("modules", "must be a list of modules"))
        return problems
    for index, module in enumerate(modules):
        problems += module_shape_problems(module, index, layout)
    return problems


#: How many documents' problems :func:`problems_of` remembers (per process).
CHECKED_DOCUMENTS = 256
_checked: Memo[tuple[SchemaProblem, ...]] = Memo(CHECKED_DOCUMENTS)


def document_key(conf: Any) -> tuple[Any, ...] | None:
    """A key for what is computed from a document alone: a digest of its JSON text, with the
    families and limits it is read with. None for a value that is not JSON."""
    try:
        text = json.dumps(conf, ensure_ascii=True, allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None  # not JSON (a value from a custom adapter): checked every time
    digest = hashlib.blake2b(text.encode("ascii"), digest_size=20).digest()
    return (digest, registry_signature(), Limits.current())


def problems_of(conf: Any) -> list[SchemaProblem]:
    """Every problem of a dashboard document, each with its JSON path; empty when valid.

    A document is checked once per process: the answer is remembered under a digest of its
    JSON text (with the families and limits it was checked against), so showing a stored
    dashboard again costs a hash, not a validation. Saving changes the text, so a saved
    dashboard is checked anew.
    """
    key = document_key(conf)
    if key is None:
        return _problems_of(conf)
    return list(_checked.get(key, lambda: tuple(_problems_of(conf))))


def _problems_of(conf: Any) -> list[SchemaProblem]:
    safety = _safety(conf)
    if safety:  # too deep, too big or not storable: the rest is not worth reading
        return safety
    problems = _errors(conf)
    if isinstance(conf, Mapping):
        problems += _family_problems(conf)
        # A URL the schema's pattern already refused is said once (the schema's words).
        refused = {p.path for p in problems}
        problems += [p for p in _url_problems(conf) if p.path not in refused]
        if conf.get("layout") == "grid":
            problems += _grid_problems(conf)
        elif conf.get("layout") == "gridpos":
            problems += _gridpos_problems(conf)
    return problems


def validate(conf: Any) -> dict[Any, list] | None:
    """Validate a dashboard; None when it is valid, otherwise its problems as the original's
    validator filed them: ``{'modules': [{0: [{'type': ['required field']}]}]}``.

    Problems the original had no words for are filed under their path with this port's words.
    """
    problems = problems_of(conf)
    if not problems:
        return None
    filed = [
        p
        if p.original and p.original_at
        else SchemaProblem(p.path, p.message, p.original or p.message, _path_parts(p.path))
        for p in problems
    ]
    return original_errors(filed)


def _path_parts(path: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return tuple(parts) or ("dashboard",)


def validate_raw_json_grid(conf: Mapping[str, Any]) -> None:
    """Validate a dashboard as a grid layout (rows from 1 without gaps, col-N widths).

    Raises :class:`InvalidSchemaError` listing every problem.
    """
    problems = problems_of({**conf, "layout": "grid"})
    if problems:
        raise InvalidSchemaError(problems)


def parse_json(text: str | bytes | None, what: str = "config") -> Any:
    """Parse JSON text, raising :class:`InvalidSchemaError` that says where it broke."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text is None or not text.strip():
        message = "is empty; expected a JSON object"
    else:
        try:
            return loads(text)
        except JSONRefused as exc:
            message = f"cannot be read: {exc}"
        except json.JSONDecodeError as exc:
            message = f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
    raise InvalidSchemaError(
        [SchemaProblem(what, message, f'Invalid JSON config. "{what} {message}"')]
    )


#: Keys a whole dashboard given as JSON text must have (the original's required fields).
RAW_REQUIRED = ("id", "date", "layout", "name", "modules")


def validate_raw_json(jsonstr: str | bytes | None, **overrides: Any) -> dict:
    """Parse and validate a whole dashboard given as JSON text, as the original did.

    ``overrides`` are set on the parsed dashboard before it is checked (the original's way to
    fill in ``id`` and ``date``). It must then have the keys of :data:`RAW_REQUIRED`. Returns
    the normalized dashboard (see :func:`normalize`), or raises :class:`InvalidSchemaError`
    listing every problem, in the original's words and this port's.
    """
    data = parse_json(jsonstr)
    if not isinstance(data, dict):
        message = f"the config must be a JSON object, not {_describe(data)}"
        raise InvalidSchemaError([SchemaProblem("", message, "Invalid JSON config.")])
    safety = _safety(data)
    if safety:
        raise InvalidSchemaError(safety)
    data.update(overrides)
    if data.get("date") is not None and not isinstance(data["date"], str):
        data["date"] = str(data["date"])
    data = normalize(data)
    problems = [
        SchemaProblem("", f"missing required key {key!r}", "required field", (key,))
        for key in RAW_REQUIRED
        if key not in data
    ]
    problems += problems_of(data)
    if problems:
        raise InvalidSchemaError(problems)
    return data


def _module_schema_parts() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    document = dashboard_json_schema()
    module = document["$defs"]["module"]
    return module["properties"]["inputs"], module, document


# The original's names for its schema. They are JSON Schema (draft 2020-12) now: the schema of a
# module's ``inputs``, of one module, and of a whole dashboard, for the registry at import time.
CHART_INPUT_SCHEMA, CHART_SCHEMA, DASHBOARD_SCHEMA = _module_schema_parts()
