"""The Basic chart family."""

from __future__ import annotations

from ._family import Family

FAMILY = Family(
    name="Basic",
    charts=(
        ("custom", "Custom HTML loaded directly into the widget"),
        ("iframe", "Embedded page (iframe)"),
        ("image", "Image"),
        ("numbergroup", "Group of numbers, each with a title and description"),
        ("number", "Single number, sized to fit"),
        ("youtube", "YouTube video (embed code)"),
    ),
    globals=(),
    override=False,
    help_link="https://github.com/flask-jsondash/flask_jsondash/blob/main/docs/schemas.md",
    samples={
        "custom": "/custom",
        "iframe": "/custom",
        "image": "/static/img/sample-chart.svg",
        "numbergroup": "/numbergroup",
        "number": "/singlenum",
        "youtube": '<iframe width="560" height="315" src="https://www.youtube.com/embed/aqz-KE-bpKQ"></iframe>',
    },
    samples_elsewhere=("image", "youtube"),
    docs=("One-off displays. Override: not supported."),
)
