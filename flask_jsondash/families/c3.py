"""The C3 chart family."""

from __future__ import annotations

from ._family import Family, npm

FAMILY = Family(
    name="C3",
    charts=(
        ("line", "Line chart"),
        ("bar", "Bar chart"),
        ("timeseries", "Timeseries chart"),
        ("step", "Step chart"),
        ("pie", "Pie chart"),
        ("area", "Area chart"),
        ("donut", "Donut chart"),
        ("spline", "Spline chart"),
        ("gauge", "Gauge chart"),
        ("scatter", "Scatter chart"),
        ("area-spline", "Area spline chart"),
    ),
    dependencies=("D3",),
    assets=(
        npm("c3", "c3.min.js"),
        npm("c3", "c3.min.css"),
    ),
    globals=("d3", "c3"),
    library="C3",
    override=True,
    help_link="https://c3js.org/reference.html",
    samples={
        "line": "/line",
        "bar": "/bar",
        "timeseries": "/timeseries",
        "step": "/line",
        "pie": "/pie",
        "area": "/line",
        "donut": "/pie",
        "spline": "/bar",
        "gauge": "/gauge",
        "scatter": "/scatter",
        "area-spline": "/line",
    },
    docs=(
        "[C3](https://c3js.org/reference.html) 0.7 on d3 5. Override: the payload is a C3 "
        'options object (`{"data": {...}, "axis": {...}, ...}`, without `bindto`), as for '
        "`c3.generate`."
    ),
)
