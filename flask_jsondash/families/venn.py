"""The Venn chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Venn",
    charts=(("venn", "Venn or Euler diagram"),),
    dependencies=("D3",),
    assets=(npm("venn.js", "build/venn.min.js"),),
    globals=("d3", "venn"),
    library="venn.js",
    override=False,
    help_link="https://github.com/benfred/venn.js/",
    samples={
        "venn": "/venn",
    },
    docs=("[venn.js](https://github.com/benfred/venn.js/) 0.2. Override: not supported."),
)
