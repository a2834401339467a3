"""The Timeline chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Timeline",
    charts=(("timeline", "TimelineJS timeline"),),
    assets=(
        npm("@knight-lab/timelinejs", "dist/js/timeline.js"),
        npm("@knight-lab/timelinejs", "dist/css/timeline.css"),
    ),
    globals=("TL",),
    library="TimelineJS",
    override=False,
    help_link="https://timeline.knightlab.com/docs/",
    samples={
        "timeline": "/timeline",
    },
    docs=(
        "[TimelineJS](https://timeline.knightlab.com/docs/json-format.html) 3. Override: "
        "not supported."
    ),
)
