"""The Sparklines chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="Sparklines",
    charts=(
        ("sparklines-line", "Sparkline: line"),
        ("sparklines-bar", "Sparkline: bar"),
        ("sparklines-tristate", "Sparkline: tristate"),
        ("sparklines-discrete", "Sparkline: discrete"),
        ("sparklines-bullet", "Sparkline: bullet"),
        ("sparklines-pie", "Sparkline: pie"),
        ("sparklines-box", "Sparkline: box plot"),
    ),
    libraries=("jQuery",),
    assets=(npm("jquery-sparkline", "jquery.sparkline.min.js"),),
    globals=("jQuery", "jQuery.fn.sparkline"),
    library="jquery-sparkline",
    override=False,
    help_link="https://omnipotent.net/jquery.sparkline/#s-docs",
    samples={
        "sparklines-line": "/sparklines?type=line",
        "sparklines-bar": "/sparklines?type=bar",
        "sparklines-tristate": "/sparklines?type=tristate",
        "sparklines-discrete": "/sparklines?type=discrete",
        "sparklines-bullet": "/sparklines?type=bullet",
        "sparklines-pie": "/sparklines?type=pie",
        "sparklines-box": "/sparklines?type=box",
    },
    docs=(
        "[jQuery Sparklines](https://omnipotent.net/jquery.sparkline/#s-docs) 2.4. "
        "Override: not supported. Every type also accepts `[[a, b, c, ...]]` (one list in "
        "a list) and, for the line, `[[x, y], ...]` pairs."
    ),
)
