"""Repeat and summarise (standard library only: runs in either implementation's interpreter)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def summarize(samples: list[float]) -> dict[str, Any]:
    """Median, min and max of millisecond samples (and the samples)."""
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "median": None, "min": None, "max": None, "samples": []}
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 3),
        "min": round(ordered[0], 3),
        "max": round(ordered[-1], 3),
        "samples": [round(s, 3) for s in samples],
    }


def repeat(
    call: Callable[[], dict], reps: int, budget_s: float, warmup: int = 1, min_reps: int = 3
) -> dict[str, Any]:
    """Time ``call`` ``reps`` times after ``warmup`` calls, stopping early (after at least
    ``min_reps``) once ``budget_s`` seconds are spent. ``call`` returns facts about its answer
    (status, bytes) that are merged into the summary, from the last call."""
    info: dict = {}
    for _ in range(warmup):
        info = call()
    samples = []
    deadline = time.monotonic() + budget_s
    for done in range(1, reps + 1):
        started = time.perf_counter()
        info = call()
        samples.append((time.perf_counter() - started) * 1000.0)
        if done >= min_reps and time.monotonic() > deadline:
            break
    return {**summarize(samples), **info}
