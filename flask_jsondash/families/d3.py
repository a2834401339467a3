"""The D3 chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="D3",
    charts=(
        ("radial-dendrogram", "Radial dendrogram"),
        ("dendrogram", "Dendrogram"),
        ("treemap", "Treemap"),
        ("voronoi", "Voronoi"),
        ("circlepack", "Circle pack"),
    ),
    assets=(npm("d3", "dist/d3.min.js"),),
    globals=("d3",),
    library="D3",
    override=False,
    help_link="https://github.com/d3/d3/blob/v5.16.0/API.md",
    samples={
        "radial-dendrogram": "/dendrogram?radial=1&simple=1",
        "dendrogram": "/dendrogram",
        "treemap": "/treemap",
        "voronoi": "/voronoi",
        "circlepack": "/circlepack",
    },
    docs=(
        "Drawn with [d3](https://github.com/d3/d3/blob/v5.16.0/API.md) 5. Override: not supported."
    ),
)
