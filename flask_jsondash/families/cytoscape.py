"""The Cytoscape chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Cytoscape",
    charts=(("cytoscape", "Cytoscape graph (core layouts)"),),
    assets=(npm("cytoscape", "dist/cytoscape.min.js"),),
    globals=("cytoscape",),
    library="Cytoscape",
    override=True,
    help_link="https://js.cytoscape.org/",
    samples={
        "cytoscape": "/cytoscape?name=circle",
    },
    docs=(
        "[Cytoscape.js](https://js.cytoscape.org/) 3.34, core layouts only (grid, circle, "
        "concentric, breadthfirst, cose, random, preset). Override: the same format (it "
        "is already Cytoscape's options)."
    ),
)
