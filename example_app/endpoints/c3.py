"""C3 charts: series objects (line, bar, pie, scatter, time series, gauge, custom inputs),
whole C3 options objects (combination, stacked bar, area) and the /shared multi-chart payload.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask import request

from .common import (
    JSONObject,
    blueprint,
    flag,
    float_arg,
    int_arg,
    letter_label,
    random_walk,
    seeded,
    series_object,
    text_arg,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def line_series(prefix: str, stress: bool) -> dict[str, list[int]]:
    """3 series x 10 points named prefix1..prefix3; 300 x 300 when ``stress``."""
    count, length = (300, 300) if stress else (3, 10)
    names = [f"{prefix}{number}" for number in range(1, count + 1)]
    return series_object(seeded(prefix, stress), names, length)


def pie_slices(stress: bool) -> dict[str, int]:
    """Pie slices ``{"data a": n, ...}``: 5 of them, 300 when ``stress``."""
    rng = seeded("pie", stress)
    count = 300 if stress else 5
    return {f"data {letter_label(index)}": rng.randint(5, 100) for index in range(count)}


def scatter_clusters() -> dict[str, list[tuple[float, float]]]:
    """Three clusters of (x, y) points around different centres."""
    rng = seeded("scatter")
    centres = {"cluster a": (3.0, 1.2), "cluster b": (5.5, 3.8), "cluster c": (7.5, 2.4)}
    return {
        name: [(round(rng.gauss(cx, 0.6), 2), round(rng.gauss(cy, 0.5), 2)) for _ in range(25)]
        for name, (cx, cy) in centres.items()
    }


def dated_series(seed: str, names: Iterable[str], days: int = 30) -> JSONObject:
    """A series object with a ``dates`` list of ISO dates and one value per date per series."""
    start = date(2026, 1, 1)
    payload: JSONObject = {
        "dates": [(start + timedelta(days=day)).isoformat() for day in range(days)]
    }
    payload.update(series_object(seeded(seed), names, days))
    return payload


def custom_input_series(
    points: int, entries: int, starting_num: float, prefix: str
) -> dict[str, list[float]]:
    """Series named prefix0, prefix1... of ``points`` values, none below ``starting_num``."""
    rng = seeded("custom-inputs", points, entries, starting_num, prefix)
    return {
        f"{prefix}{index}": [starting_num + value for value in random_walk(rng, points, 0, 100, 20)]
        for index in range(entries)
    }


@blueprint.get("/line")
@blueprint.get("/bar")
def c3_series() -> dict[str, list[int]]:
    """C3 line/bar: series object {"line1": [...], ...}, 3 x 10 points (?stress=true: 300 x 300)."""
    prefix = "bar" if request.path == "/bar" else "line"
    return line_series(prefix, flag("stress"))


@blueprint.get("/pie")
def pie() -> dict[str, int]:
    """C3 pie/donut: {"data a": n, ...} with 5 slices (?stress=true: 300 slices)."""
    return pie_slices(flag("stress"))


@blueprint.get("/scatter")
def scatter() -> JSONObject:
    """C3 scatter: series object of 3 clusters (?override=true: a whole C3 options object)."""
    clusters = scatter_clusters()
    if not flag("override"):
        return {name: [y for _, y in points] for name, points in clusters.items()}
    columns = []
    for name, points in clusters.items():
        columns.append([f"{name} x", *(x for x, _ in points)])
        columns.append([name, *(y for _, y in points)])
    return {
        "data": {
            "xs": {name: f"{name} x" for name in clusters},
            "columns": columns,
            "type": "scatter",
        },
        "axis": {
            "x": {"label": "Response time (s)", "tick": {"fit": False}},
            "y": {"label": "Payload (MB)"},
        },
        "point": {"r": 4},
    }


@blueprint.get("/timeseries")
@blueprint.get("/timeseriesc3")
def timeseries() -> JSONObject:
    """C3 time series: {"dates": ["2026-01-01", ...], "visits": [...], ...}, 30 days."""
    if request.path == "/timeseriesc3":
        return dated_series("timeseriesc3", ("cpu", "memory"))
    return dated_series("timeseries", ("visits", "signups", "purchases"))


@blueprint.get("/combination")
def combination() -> JSONObject:
    """C3 options object: bars, a line and an area in one chart (data.types)."""
    rng = seeded("combination")
    revenue = [rng.randint(80, 160) for _ in MONTHS]
    costs = [value - rng.randint(20, 60) for value in revenue]
    return {
        "data": {
            "columns": [
                ["revenue", *revenue],
                ["costs", *costs],
                ["profit", *(r - c for r, c in zip(revenue, costs, strict=True))],
                ["forecast", *random_walk(rng, len(MONTHS), 90, 150, 10)],
            ],
            "types": {
                "revenue": "bar",
                "costs": "bar",
                "profit": "line",
                "forecast": "area-spline",
            },
        },
        "axis": {"x": {"type": "category", "categories": list(MONTHS)}},
    }


@blueprint.get("/stacked-bar")
def stacked_bar() -> JSONObject:
    """C3 options object: a stacked bar chart of four regions (data.groups)."""
    rng = seeded("stacked-bar")
    regions = ("north", "south", "east", "west")
    quarters = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    return {
        "data": {
            "columns": [[region, *(rng.randint(10, 60) for _ in quarters)] for region in regions],
            "type": "bar",
            "groups": [list(regions)],
        },
        "axis": {"x": {"type": "category", "categories": quarters}},
        "grid": {"y": {"lines": [{"value": 0}]}},
    }


@blueprint.get("/area-custom")
def area_custom() -> JSONObject:
    """C3 options object: an area chart with its own colours and axis labels."""
    rng = seeded("area-custom")
    weeks = 12
    return {
        "data": {
            "columns": [
                ["reads", *random_walk(rng, weeks, 200, 400, 40)],
                ["writes", *random_walk(rng, weeks, 50, 180, 30)],
            ],
            "types": {"reads": "area-spline", "writes": "area"},
            "colors": {"reads": "#2a9d8f", "writes": "#e76f51"},
        },
        "axis": {
            "x": {"label": {"text": "Week", "position": "outer-center"}},
            "y": {"label": {"text": "Requests / s", "position": "outer-middle"}},
        },
    }


@blueprint.get("/gauge")
def gauge() -> JSONObject:
    """C3 gauge: {"data": n} with n between 0 and 100."""
    return {"data": seeded("gauge").randint(5, 95)}


@blueprint.get("/custom-inputs")
def custom_inputs() -> JSONObject:
    """Series driven by ?range, entries, starting_num, prefix; ?override=true&show_axes=false."""
    points = int_arg("range", 10, 1, 1000)
    entries = int_arg("entries", 3, 1, 50)
    starting = float_arg("starting_num", 0.0, -1e9, 1e9)
    starting_num: float = int(starting) if starting.is_integer() else starting
    series = custom_input_series(points, entries, starting_num, text_arg("prefix", "", 40))
    if not flag("override"):
        return series
    show_axes = flag("show_axes", default=True)
    return {
        "data": {"columns": [[name, *values] for name, values in series.items()], "type": "line"},
        "axis": {"x": {"show": show_axes}, "y": {"show": show_axes}},
    }


@blueprint.get("/shared")
def shared() -> JSONObject:
    """One payload for several modules: {"multicharts": {"line", "bar", "pie", "singlenum"}}."""
    return {
        "multicharts": {
            "line": line_series("line", stress=False),
            "bar": line_series("bar", stress=False),
            "pie": pie_slices(stress=False),
            "singlenum": {"data": seeded("shared-singlenum").randint(100, 9999)},
        }
    }
