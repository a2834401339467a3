"""What every dashboard must be, whatever way it comes in: within limits, and storable and
showable by every backend and browser.

- JSON is read strictly: no ``NaN`` or ``Infinity``, no number too large to be a finite float,
  no integer of thousands of digits; nesting and size are bounded.
- Every string is valid Unicode (no lone surrogate), every number finite and, for whole
  numbers, within what JavaScript and MongoDB both hold exactly (2^53).
- No key begins with ``$`` or holds a NUL character (MongoDB refuses them).
- A dashboard has at most ``JSONDASH_MAX_MODULES`` modules, ``JSONDASH_MAX_DEPTH`` levels of
  nesting and ``JSONDASH_MAX_DOCUMENT_BYTES`` bytes as JSON.

:func:`displayable` makes a document that was stored before these rules safe to put in a page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context

from .settings import DEFAULT_CONFIG

#: Whole numbers beyond this lose precision in JavaScript (and 2^63 overflows MongoDB's int64).
SAFE_INTEGER = 2**53 - 1


@dataclass(frozen=True)
class Limits:
    """How big a dashboard may be (settings ``JSONDASH_MAX_*``)."""

    document_bytes: int
    depth: int
    modules: int

    @classmethod
    def current(cls) -> Limits:
        """The current app's limits (the defaults outside an app)."""
        config: Mapping[str, Any] = current_app.config if has_app_context() else {}

        def read(name: str) -> int:
            value = config.get(name, DEFAULT_CONFIG[name])
            try:
                return max(int(value), 1)
            except (TypeError, ValueError):
                return int(DEFAULT_CONFIG[name])

        return cls(
            read("JSONDASH_MAX_DOCUMENT_BYTES"),
            read("JSONDASH_MAX_DEPTH"),
            read("JSONDASH_MAX_MODULES"),
        )


class JSONRefused(ValueError):
    """JSON text that is not read: the message says why, in words for the user."""


def _no_constant(name: str) -> Any:
    raise JSONRefused(f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise JSONRefused(f"the number {text[:20]}{'...' if len(text) > 20 else ''} is too large")
    return number


def loads(text: str) -> Any:
    """``json.loads``, refusing what a dashboard may not hold (:class:`JSONRefused`).

    Other syntax errors raise ``json.JSONDecodeError`` as usual.
    """
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except RecursionError:
        raise JSONRefused("it is nested too deeply to read") from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError | JSONRefused):
            raise
        # int() of more digits than Python reads (about 4,300).
        raise JSONRefused("it has a number with too many digits") from None


def _path(parts: tuple[Any, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _valid_text(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safety_problems(document: Any, limits: Limits | None = None) -> list[tuple[str, str]]:
    """``(json path, message)`` for what no dashboard may hold (see the module's docstring).

    Walks the document without recursion, so any depth is safe to check.
    """
    limits = limits or Limits.current()
    problems: list[tuple[str, str]] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(document, ())]
    deepest = 0
    while stack:
        value, where = stack.pop()
        deepest = max(deepest, len(where))
        if len(where) > limits.depth:
            problems.append(
                (_path(where[: limits.depth]), f"is nested more than {limits.depth} levels deep")
            )
            break
        if isinstance(value, str):
            if not _valid_text(value):
                problems.append((_path(where), "is not valid Unicode text (a lone surrogate)"))
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > SAFE_INTEGER:
                problems.append(
                    (_path(where), f"is a whole number beyond ±{SAFE_INTEGER:,} (2^53 - 1)")
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                problems.append((_path(where), "must be a finite number"))
        elif isinstance(value, Mapping):
            for key, item in value.items():
                text = str(key)
                if text.startswith("$") or "\x00" in text or not _valid_text(text):
                    problems.append(
                        (
                            _path((*where, text.encode("utf-8", "replace").decode())),
                            "is not a usable key: keys may not start with $ or hold NUL "
                            "characters or invalid Unicode",
                        )
                    )
                    continue
                stack.append((item, (*where, text)))
        elif isinstance(value, list | tuple):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))
    if problems:
        return problems[:20]
    modules = document.get("modules") if isinstance(document, Mapping) else None
    if isinstance(modules, list) and len(modules) > limits.modules:
        problems.append(
            ("modules", f"has {len(modules):,} modules; a dashboard may have {limits.modules:,}")
        )
    size = len(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    if size > limits.document_bytes:
        problems.append(
            ("", f"is {size:,} bytes as JSON; a dashboard may be {limits.document_bytes:,}")
        )
    return problems


def displayable(value: Any) -> Any:
    """A copy of a stored value that any page can hold: numbers that are not finite become
    null, invalid Unicode is replaced (old rows saved before the rules)."""
    if isinstance(value, str):
        return value if _valid_text(value) else value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {displayable(str(k)): displayable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [displayable(v) for v in value]
    return value


def shorten(text: Any, length: int = 80) -> str:
    """Text for a message: at most ``length`` characters, with an ellipsis when cut."""
    text = displayable(str(text))
    return text if len(text) <= length else text[: length - 1] + "…"
