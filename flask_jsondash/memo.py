"""A bounded, per-process memo: values computed once under hashable keys.

The dashboard page keeps what it derives from a stored dashboard (and the editor's parts, the
same for every page of an app) and :func:`flask_jsondash.schema.problems_of` keeps its answers,
each in one of these: at most ``size`` values, the oldest forgotten first.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Memo(Generic[V]):
    """At most ``size`` computed values, by key; thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._values: dict[Hashable, V] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        """The value remembered under ``key``, or ``compute()``'s, remembered."""
        try:
            return self._values[key]
        except KeyError:
            pass
        value = compute()
        with self._lock:
            while len(self._values) >= self.size:
                self._values.pop(next(iter(self._values)))
            self._values[key] = value
        return value
