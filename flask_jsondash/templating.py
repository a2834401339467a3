"""Helpers the pages' templates use: a module's size, a value as JSON or as JavaScript writes
it. ``get_dims`` and ``jsonstring`` keep the original's names and call shapes."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from .schema import GRIDPOS_COLUMNS, GRIDPOS_ROW_PIXELS, grid_columns, gridpos_of

_NO_ARGUMENT: Any = object()


def _to_int(value: Any, default: int = 0) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return int(number) if math.isfinite(number) else default


def get_dims(ctx_or_config: Any, config: Any = _NO_ARGUMENT) -> dict[str, Any]:
    """The width and height a module's widget is drawn at, as the original computed them.

    Called as the original's ``get_dims(ctx, config)`` or as ``get_dims(config)``. Raises
    ``ValueError('Invalid config!')`` when the module has no width, height or dataSource. A
    YouTube module takes its size from the embed code, or its column count (``'6'``) in a grid.
    """
    if config is _NO_ARGUMENT:
        config = ctx_or_config
    if not isinstance(config, Mapping) or any(
        config.get(key) in (None, "") for key in ("width", "height", "dataSource")
    ):
        raise ValueError("Invalid config!")
    width, height = config["width"], config["height"]
    grid = str(width).startswith("col-")
    if config.get("type") == "youtube":
        if grid:
            return {"width": str(width).removeprefix("col-"), "height": _to_int(height)}
        source = str(config["dataSource"])
        embed_width = _attribute(source, "width")
        embed_height = _attribute(source, "height")
        if embed_width and embed_height:
            # Room for the title bar and padding around the player.
            return {"width": embed_width + 20, "height": embed_height + 60}
    return {"width": width, "height": height}


def widget_box(module: Any, layout: str) -> dict[str, Any]:
    """How the page lays out one module: ``columns`` (grid), ``gridpos`` (its place in a gridpos
    layout) or ``width`` in pixels, and ``height``.

    Never raises: a module that cannot be laid out gets a default box (its problems are shown
    in the widget instead).
    """
    try:
        dims = get_dims(module)
    except ValueError:
        dims = dict(module) if isinstance(module, Mapping) else {}
    if layout == "gridpos":
        # The page (utils.sort_modules) has given each module the place it is shown at.
        place = gridpos_of(module) or {"x": 0, "y": 0, "w": GRIDPOS_COLUMNS, "h": 8}
        return {"gridpos": place, "height": place["h"] * GRIDPOS_ROW_PIXELS}
    height = min(max(_to_int(dims.get("height"), 400), 1), 20000)
    if layout == "grid":
        return {"columns": grid_columns(dims.get("width")) or 12, "height": height}
    return {"width": min(max(_to_int(dims.get("width"), 400), 1), 20000), "height": height}


def _attribute(html: str, name: str) -> int | None:
    marker = f'{name}="'
    start = html.find(marker)
    if start < 0:
        return None
    value = html[start + len(marker) : html.find('"', start + len(marker))]
    return _to_int(value) or None


def dims_or_default(config: Mapping[str, Any]) -> dict[str, Any]:
    """The ``get_dims`` template filter: the original's dims, or a default box for a module
    that cannot be sized (a page never fails on one module)."""
    try:
        return get_dims(config)
    except ValueError:
        box = widget_box(config, "freeform")
        return {"width": box["width"], "height": box["height"]}


def jsonstring(ctx_or_data: Any, data: Any = _NO_ARGUMENT) -> str:
    """A dashboard or module as JSON text (dates as text), for templates and raw editing.

    Called as the original's ``jsonstring(ctx, data)`` or as ``jsonstring(data)``.
    """
    if data is _NO_ARGUMENT:
        data = ctx_or_data
    return json.dumps(data, indent=2, default=str)


def js_text(value: Any) -> str:
    """A value as JavaScript's String() writes it (true, not True; 10, not 10.0)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
