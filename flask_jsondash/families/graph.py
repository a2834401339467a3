"""The Graph chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Graph",
    charts=(("graph", "Graph from a Graphviz dot description"),),
    dependencies=("D3",),
    assets=(
        npm("dagre-d3", "dist/dagre-d3.min.js"),
        npm("graphlib-dot", "dist/graphlib-dot.min.js"),
    ),
    globals=("d3", "dagreD3", "graphlibDot"),
    library="dagre-d3",
    override=False,
    help_link="https://github.com/dagrejs/dagre-d3/wiki",
    samples={
        "graph": "/digraph",
    },
    docs=(
        "[dagre-d3](https://github.com/dagrejs/dagre-d3/wiki) with graphlib-dot: a "
        "Graphviz graph. Override: not supported. The data utility "
        "`flask_jsondash.data_utils.filetree_digraph` makes one from a folder."
    ),
)
