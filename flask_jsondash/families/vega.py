"""The Vega chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Vega",
    charts=(("vega-lite", "Vega-Lite specification"),),
    assets=(
        npm("vega", "build/vega.min.js"),
        npm("vega-lite", "build/vega-lite.min.js"),
        npm("vega-embed", "build/vega-embed.min.js"),
    ),
    globals=("vega", "vegaLite", "vegaEmbed"),
    library="Vega",
    override=True,
    help_link="https://vega.github.io/vega-lite/docs/",
    samples={
        "vega-lite": "/vegalite?type=bar",
    },
    docs=(
        "[Vega-Lite](https://vega.github.io/vega-lite/docs/) 6 (with vega 6 and "
        'vega-embed 7). Override: the payload may be `{"spec": <spec>, "options": '
        "<vega-embed options>}`."
    ),
)
