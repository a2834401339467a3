"""Validation of dashboard documents.

The rules live in one JSON Schema document, built from the chart registry
(:data:`flask_jsondash.settings.CHARTS_CONFIG`) by :func:`dashboard_json_schema` and served by
the blueprint so editors can check dashboards too. Two rules JSON Schema cannot say are checked
here in Python: grid rows run 1, 2, 3... without gaps, and module guids are unique.

Every problem is reported with the JSON path of the value at fault, e.g.
``modules[2].width: must be col-1 ... col-12 in a grid layout``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .settings import CHARTS_CONFIG

LAYOUTS = ("freeform", "grid")
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
SCHEMA_ID = "https://flask-jsondash.invalid/schemas/dashboard.schema.json"


class InvalidSchemaError(ValueError):
    """A dashboard failed validation; ``problems`` lists every problem with its JSON path."""

    def __init__(self, problems: str | Iterable[SchemaProblem]) -> None:
        if isinstance(problems, str):
            problems = [SchemaProblem("", problems)]
        self.problems: list[SchemaProblem] = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class SchemaProblem:
    """One validation problem: where it is (a JSON path such as ``modules[0].name``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}


def get_chart_types() -> list[str]:
    """Every chart type name of every family in the registry, in registry order."""
    return [chart[0] for family in CHARTS_CONFIG.values() for chart in family["charts"]]


def family_of_type() -> dict[str, str]:
    """Map each chart type to the family that draws it."""
    return {chart[0]: name for name, family in CHARTS_CONFIG.items() for chart in family["charts"]}


def _not_in_family(family: str, charts: Iterable[str]) -> str:
    return f"is not a chart type of family {family} (its types: {', '.join(charts)})"


def _pixels(what: str) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "number", "exclusiveMinimum": 0},
            {"type": "string", "pattern": PIXELS_PATTERN},
        ],
        "x-message": f"must be a {what} in pixels (a positive number)",
    }


def _nullable(*types: str) -> dict[str, Any]:
    return {"type": [*types, "null"]}


def _registry_signature() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (name, tuple(chart[0] for chart in family["charts"]))
        for name, family in CHARTS_CONFIG.items()
    )


def dashboard_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dashboard document, for the current registry."""
    return copy.deepcopy(_schema_for(_registry_signature(), family_rules=True))


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
        "required": ["name", "guid", "type", "width", "height", "dataSource"],
        "properties": {
            "name": {"type": "string", "minLength": 1},
            "guid": {
                "type": "string",
                "pattern": GUID_PATTERN,
                "x-message": "must be letters, digits and dashes, e.g. "
                "a6eb10e7-26fa-7814-818a-3699b24415c5",
            },
            "family": {"enum": families},
            "type": {"type": "string"},
            "width": {"type": ["number", "string"]},
            "height": _pixels("height"),
            "dataSource": {"type": "string", "minLength": 1},
            "order": _nullable("number"),
            "row": _nullable("integer"),
            "refresh": _nullable("boolean"),
            "refreshInterval": {
                "type": ["number", "null"],
                "minimum": 0,
                "x-message": "must be a number of milliseconds, or null",
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
    grid_module = {
        "required": ["row"],
        "properties": {
            "width": {
                "type": "string",
                "pattern": GRID_WIDTH_PATTERN,
                "x-message": "must be col-1 ... col-12 in a grid layout",
            },
            "row": {"type": "integer", "minimum": 1, "x-message": "must be a row number from 1"},
        },
    }
    freeform_module = {
        "properties": {
            "width": _pixels("width"),
            "row": {
                "type": "null",
                "x-message": "rows belong to grid layouts; remove 'row' or use layout 'grid'",
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
            "id": {"type": "string"},
            "name": {"type": "string", "minLength": 1},
            "layout": {"enum": list(LAYOUTS), "default": "freeform"},
            "category": _nullable("string"),
            "date": {"type": ["string", "null"]},
            "created_by": _nullable("string"),
            "modules": {"type": "array", "items": {"$ref": "#/$defs/module"}},
        },
        "allOf": [
            {
                "if": {"properties": {"layout": {"const": "grid"}}, "required": ["layout"]},
                "then": {"properties": {"modules": {"items": {"$ref": "#/$defs/gridModule"}}}},
                "else": {"properties": {"modules": {"items": {"$ref": "#/$defs/freeformModule"}}}},
            }
        ],
        "$defs": {
            "module": module,
            "gridModule": grid_module,
            "freeformModule": freeform_module,
            "inputOption": input_option,
        },
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
    if kind == "required":
        missing = [key for key in expected if key not in error.instance]
        plural = "s" if len(missing) > 1 else ""
        return f"missing required key{plural} " + ", ".join(repr(k) for k in missing)
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        words = " or ".join(_TYPE_WORDS.get(n, n) for n in names)
        return f"must be {words} (got {_describe(error.instance)})"
    if kind == "enum":
        return f"must be one of: {', '.join(map(str, expected))} (got {_describe(error.instance)})"
    if kind == "minLength":
        return "must not be empty"
    if kind in ("minimum", "exclusiveMinimum"):
        return f"must be at least {expected} (got {_describe(error.instance)})"
    if kind == "minItems":
        return f"needs at least {expected} item(s)"
    return error.message


def _path_sort_key(parts: Iterable[Any]) -> tuple[tuple[int, Any], ...]:
    return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in parts)


def _errors(document: Any) -> list[SchemaProblem]:
    validator = _validator_for(_registry_signature())
    errors = sorted(validator.iter_errors(document), key=lambda e: _path_sort_key(e.absolute_path))
    problems: list[SchemaProblem] = []
    for error in errors:
        problem = SchemaProblem(json_path(error.absolute_path), _message(error))
        if problem not in problems:  # one 'required' error per missing key says the same
            problems.append(problem)
    return problems


def is_consecutive_rows(lst: Iterable[Any]) -> bool:
    """True when the row numbers, ignoring repeats and order, run 1, 2, 3... with no gap."""
    try:
        rows = sorted({int(row) for row in lst})
    except (TypeError, ValueError):
        return False
    return rows == list(range(1, len(rows) + 1))


def _grid_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    modules = [m for m in conf.get("modules") or [] if isinstance(m, Mapping)]
    rows = [m.get("row") for m in modules]
    if not rows or not all(isinstance(r, int) and not isinstance(r, bool) for r in rows):
        return []  # missing or malformed rows are reported on each module already
    if is_consecutive_rows(rows):
        return []
    used = sorted(set(rows))
    empty = [r for r in range(1, used[-1] + 1) if r not in used]
    return [
        SchemaProblem(
            "modules",
            "grid rows must run 1, 2, 3... with no gaps; rows used: "
            f"{', '.join(map(str, used))}; empty: {', '.join(map(str, empty))}",
        )
    ]


def _family_problems(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    """A module's type must be one of its family's types (the schema's per-family rules)."""
    registry = dict(_registry_signature())
    problems = []
    for index, module in enumerate(conf.get("modules") or []):
        if not isinstance(module, Mapping):
            continue
        charts = registry.get(module.get("family"))  # type: ignore[arg-type]
        chart_type = module.get("type")
        if charts is not None and isinstance(chart_type, str) and chart_type not in charts:
            message = f"{_not_in_family(module['family'], charts)} (got {_describe(chart_type)})"
            problems.append(SchemaProblem(f"modules[{index}].type", message))
    return problems


def _duplicate_guids(conf: Mapping[str, Any]) -> list[SchemaProblem]:
    seen: dict[str, int] = {}
    problems = []
    for index, module in enumerate(conf.get("modules") or []):
        if not isinstance(module, Mapping) or not isinstance(module.get("guid"), str):
            continue
        guid = module["guid"]
        if guid in seen:
            problems.append(
                SchemaProblem(
                    f"modules[{index}].guid",
                    f"guid {guid!r} is already used by modules[{seen[guid]}]; "
                    "each module needs its own",
                )
            )
        else:
            seen[guid] = index
    return problems


def normalize(conf: Any) -> Any:
    """Fill in what the original generated automatically: a module's family from its type.

    Returns a copy; anything that is not a dashboard-shaped object is returned unchanged.
    """
    if not isinstance(conf, Mapping):
        return conf
    conf = copy.deepcopy(dict(conf))
    families = family_of_type()
    for module in conf.get("modules") or []:
        if isinstance(module, dict) and not module.get("family"):
            family = families.get(module.get("type"))
            if family:
                module["family"] = family
    return conf


def problems_of(conf: Any) -> list[SchemaProblem]:
    """Every problem of a dashboard document, each with its JSON path; empty when valid."""
    problems = _errors(conf)
    if isinstance(conf, Mapping):
        problems += _family_problems(conf)
        problems += _duplicate_guids(conf)
        if conf.get("layout") == "grid":
            problems += _grid_problems(conf)
    return problems


def validate(conf: Any) -> dict[str, list[str]] | None:
    """Validate a dashboard; return ``{json path: [messages]}``, or None when it is valid."""
    problems = problems_of(conf)
    if not problems:
        return None
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.path or "(dashboard)", []).append(problem.message)
    return errors


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
        raise InvalidSchemaError([SchemaProblem(what, "is empty; expected a JSON object")])
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        raise InvalidSchemaError(
            [SchemaProblem(what, f"is not valid JSON: {exc.msg} at {where}")]
        ) from None


def validate_raw_json(jsonconf: str | bytes, date: Any = None, uid: str | None = None) -> dict:
    """Parse and validate a whole dashboard given as JSON text.

    Returns the normalized dashboard (with ``date`` and ``id`` set when given), or raises
    :class:`InvalidSchemaError` listing every problem with its JSON path.
    """
    data = parse_json(jsonconf)
    if not isinstance(data, dict):
        raise InvalidSchemaError(
            [SchemaProblem("", f"the config must be a JSON object, not {_describe(data)}")]
        )
    data = normalize(data)
    data.setdefault("layout", "freeform")
    if uid is not None:
        data["id"] = uid
    if date is not None:
        data["date"] = str(date)
    problems = problems_of(data)
    if problems:
        raise InvalidSchemaError(problems)
    return data
