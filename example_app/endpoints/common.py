"""What every module of the data server shares: the blueprint its routes hang on, forgiving
query parameters, seeded random generators and series builders."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, request

# Parameter values that mean "off"; anything else that is present means "on".
FALSY_WORDS = frozenset({"", "0", "false", "no", "off", "n", "f", "none", "null"})

JSONObject = dict[str, Any]

# One blueprint for every module, so that endpoint names stay "endpoints.<view function>".
blueprint = Blueprint("endpoints", __name__)


def seeded(*parts: object) -> random.Random:
    """A random generator of its own, seeded from ``parts``: the same parts give the same data.

    ``random`` hashes string seeds with SHA-512, so payloads stay identical across processes
    (unlike ``hash()``, which is salted per process).
    """
    return random.Random(":".join(str(part) for part in parts))


def flag(name: str, default: bool = False) -> bool:
    """Whether query parameter ``name`` is on: present and not "0", "false", "no", "off"..."""
    raw = request.args.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in FALSY_WORDS


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """Query parameter ``name`` as an int kept within [low, high]; ``default`` if not a number."""
    try:
        value = int(float(request.args.get(name, "").strip()))
    except (ValueError, OverflowError):  # not a number, or nan / inf
        return default
    return min(max(value, low), high)


def float_arg(name: str, default: float, low: float, high: float) -> float:
    """Query parameter ``name`` as a finite float within [low, high]; ``default`` otherwise."""
    try:
        value = float(request.args.get(name, "").strip())
    except ValueError:
        return default
    if not math.isfinite(value):
        return default
    return min(max(value, low), high)


def text_arg(name: str, default: str, max_length: int) -> str:
    """Query parameter ``name`` as text, cut to ``max_length`` characters."""
    return request.args.get(name, default)[:max_length]


def choice_arg(name: str, choices: Iterable[str], default: str) -> str:
    """Query parameter ``name`` if it is one of ``choices``, else ``default``."""
    value = request.args.get(name, default).strip().lower()
    return value if value in set(choices) else default


def letter_label(index: int) -> str:
    """Spreadsheet-style labels: 0 -> "a", 25 -> "z", 26 -> "aa", 27 -> "ab"..."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(ord("a") + remainder) + label
    return label


def linspace(start: float, stop: float, count: int) -> list[float]:
    """``count`` evenly spaced numbers from ``start`` to ``stop`` inclusive, rounded to 4 places."""
    if count == 1:
        return [round(start, 4)]
    step = (stop - start) / (count - 1)
    return [round(start + step * index, 4) for index in range(count)]


def random_walk(rng: random.Random, length: int, low: int, high: int, max_step: int) -> list[int]:
    """A bounded random walk of ints: looks like a metric over time rather than noise."""
    value = rng.randint(low, high)
    points = []
    for _ in range(length):
        value = min(max(value + rng.randint(-max_step, max_step), low), high)
        points.append(value)
    return points


def series_object(rng: random.Random, names: Iterable[str], length: int) -> dict[str, list[int]]:
    """The C3 series object the renderers consume: ``{"name": [values...], ...}``."""
    return {name: random_walk(rng, length, 0, 100, 15) for name in names}
