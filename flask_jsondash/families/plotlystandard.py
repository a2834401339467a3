"""The PlotlyStandard chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="PlotlyStandard",
    charts=(("plotly-any", "Any Plotly figure ({data, layout})"),),
    assets=(npm("plotly.js-dist-min", "plotly.min.js"),),
    globals=("Plotly",),
    library="Plotly",
    override=True,
    help_link="https://plotly.com/javascript/",
    samples={
        "plotly-any": "/plotly?chart=scatter",
    },
    docs=(
        "[Plotly.js](https://plotly.com/javascript/) 4. Override: the same format (it is "
        "already Plotly's figure)."
    ),
)
