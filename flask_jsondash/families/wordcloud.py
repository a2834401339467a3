"""The WordCloud chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="WordCloud",
    charts=(("wordcloud", "Word cloud"),),
    dependencies=("D3",),
    assets=(npm("d3-cloud", "build/d3.layout.cloud.js"),),
    globals=("d3", "d3.layout.cloud"),
    library="d3-cloud",
    override=False,
    help_link="https://github.com/jasondavies/d3-cloud",
    samples={
        "wordcloud": "/wordcloud",
    },
    docs=(
        "[d3-cloud](https://github.com/jasondavies/d3-cloud) 1.2. Override: not "
        "supported. The data utility `flask_jsondash.data_utils.wordcloud` makes this "
        "from text (see [data_utils.md](data_utils.md))."
    ),
)
