"""The FlameGraph chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="FlameGraph",
    charts=(("flamegraph", "Flame graph"),),
    dependencies=("D3",),
    assets=(
        npm("d3-flame-graph", "dist/d3-flamegraph.min.js"),
        npm("d3-flame-graph", "dist/d3-flamegraph-tooltip.min.js"),
        npm("d3-flame-graph", "dist/d3-flamegraph.css"),
    ),
    globals=("d3", "flamegraph"),
    library="d3-flame-graph",
    override=True,
    help_link="https://github.com/spiermar/d3-flame-graph",
    samples={
        "flamegraph": "/flamegraph",
    },
    docs=(
        "[d3-flame-graph](https://github.com/spiermar/d3-flame-graph) 4.1. A hierarchy of "
        "frames with `name`, `value` (at least the sum of its children's) and `children`. "
        'Override: the payload is `{"data": <hierarchy>, ...settings}` with any of '
        "`title`, `minFrameSize`, `transitionDuration`, `cellHeight`, `selfValue`, "
        "`sort`, `inverted`, `computeDelta`, `colorHue`."
    ),
)
