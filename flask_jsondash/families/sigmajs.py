"""The SigmaJS chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="SigmaJS",
    charts=(("sigma", "Sigma graph from nodes and edges"),),
    assets=(npm("sigma", "build/sigma.min.js"),),
    globals=("sigma",),
    library="sigma",
    override=True,
    help_link="https://github.com/jacomyal/sigma.js/wiki",
    samples={
        "sigma": "/sigma?name=random",
    },
    docs=(
        "[sigma](https://github.com/jacomyal/sigma.js/wiki) 1.2. Override: the payload is "
        '`{"graph": {...}, "settings": {...}}` with sigma\'s settings.'
    ),
)
