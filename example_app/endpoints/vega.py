"""Vega-Lite v5 specs, by name (/vegalite?type=...).

Their data comes from /data/<name> (datasets.py), by urls relative to the spec's own url.
"""

from __future__ import annotations

from functools import cache

from .common import JSONObject, blueprint, choice_arg, letter_label, random_walk, seeded

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
YEAR_2000 = {"filter": "datum.year == 2000"}
GENDER = {"calculate": "datum.sex == 2 ? 'Female' : 'Male'", "as": "gender"}


def lifelines_values() -> list[JSONObject]:
    """Lives and terms in office of the made-up chairs of a made-up society."""
    rng = seeded("lifelines")
    names = ("Ada Fenwick", "Bram Okoro", "Clea Marsh", "Dario Vent", "Edith Lund", "Fen Aubert")
    values = []
    enter = 1902
    for name in names:
        born = enter - rng.randint(35, 55)
        leave = enter + rng.randint(4, 14)
        values.append(
            {
                "label": name,
                "born": born,
                "died": leave + rng.randint(5, 30),
                "enter": enter,
                "leave": leave,
            }
        )
        enter = leave
    return values


def unemployment_area(stack: bool | str = True, show_y_axis: bool = True) -> JSONObject:
    """Areas of unemployment per industry over time; ``stack`` as Vega-Lite's ``stack`` takes it."""
    y: JSONObject = {"aggregate": "sum", "field": "count", "type": "quantitative", "stack": stack}
    if not show_y_axis:
        y["axis"] = None  # shares and a centred stream have no meaningful absolute scale
    return {
        "data": {"url": "data/unemployment-across-industries.json"},
        "mark": "area",
        "encoding": {
            "x": {
                "timeUnit": "yearmonth",
                "field": "date",
                "type": "temporal",
                "axis": {"domain": False, "format": "%Y", "tickSize": 0},
            },
            "y": y,
            "color": {"field": "series", "type": "nominal", "scale": {"scheme": "category20b"}},
        },
    }


@cache
def vega_lite_specs() -> dict[str, JSONObject]:
    """Every Vega-Lite v5 spec by name; built once, as they never change."""
    cars = {"url": "data/cars.json"}
    population = {"url": "data/population.json"}
    specs: dict[str, JSONObject] = {
        "bar": {
            "description": "A simple bar chart with inline data.",
            "data": {
                "values": [
                    {"a": letter_label(index).upper(), "b": value}
                    for index, value in enumerate(random_walk(seeded("vl-bar"), 9, 5, 95, 40))
                ]
            },
            "mark": "bar",
            "encoding": {
                "x": {"field": "a", "type": "ordinal", "axis": {"labelAngle": 0}},
                "y": {"field": "b", "type": "quantitative"},
            },
        },
        "bar_aggregate": {
            "description": "Population per age group in 2000.",
            "data": population,
            "transform": [YEAR_2000],
            "height": {"step": 14},
            "mark": "bar",
            "encoding": {
                "y": {"field": "age", "type": "ordinal"},
                "x": {
                    "aggregate": "sum",
                    "field": "people",
                    "type": "quantitative",
                    "title": "population",
                },
            },
        },
        "bar_grouped": {
            "description": "Population per age group and gender in 2000, grouped bars.",
            "data": population,
            "transform": [YEAR_2000, GENDER],
            "width": {"step": 8},
            "mark": "bar",
            "encoding": {
                "x": {"field": "age", "type": "ordinal"},
                "xOffset": {"field": "gender"},
                "y": {
                    "aggregate": "sum",
                    "field": "people",
                    "type": "quantitative",
                    "title": "population",
                },
                "color": {
                    "field": "gender",
                    "type": "nominal",
                    "scale": {"range": ["#675193", "#ca8861"]},
                },
            },
        },
        "becker_barley_trellis": {
            "description": "Median barley yield per variety, one panel per site, both years.",
            "data": {"url": "data/barley.json"},
            "mark": "point",
            "height": {"step": 10},
            "encoding": {
                "facet": {
                    "field": "site",
                    "type": "ordinal",
                    "columns": 2,
                    "sort": {"op": "median", "field": "yield"},
                },
                "x": {
                    "aggregate": "median",
                    "field": "yield",
                    "type": "quantitative",
                    "scale": {"zero": False},
                },
                "y": {"field": "variety", "type": "ordinal", "sort": "-x"},
                "color": {"field": "year", "type": "nominal"},
            },
        },
        "binned_scatterplot": {
            "data": {"url": "data/movies.json"},
            "mark": "circle",
            "encoding": {
                "x": {"bin": {"maxbins": 10}, "field": "IMDB_Rating", "type": "quantitative"},
                "y": {
                    "bin": {"maxbins": 10},
                    "field": "Rotten_Tomatoes_Rating",
                    "type": "quantitative",
                },
                "size": {"aggregate": "count", "type": "quantitative"},
            },
        },
        "horizontal_error_bars": {
            "description": "Smallest and largest of the two sexes per age group in 2000.",
            "data": population,
            "transform": [YEAR_2000],
            "height": {"step": 14},
            "encoding": {"y": {"field": "age", "type": "ordinal"}},
            "layer": [
                {
                    "mark": "rule",
                    "encoding": {
                        "x": {
                            "aggregate": "min",
                            "field": "people",
                            "type": "quantitative",
                            "title": "population",
                        },
                        "x2": {"aggregate": "max", "field": "people"},
                    },
                },
                {
                    "mark": "tick",
                    "encoding": {
                        "x": {"aggregate": "min", "field": "people", "type": "quantitative"}
                    },
                },
                {
                    "mark": "tick",
                    "encoding": {
                        "x": {"aggregate": "max", "field": "people", "type": "quantitative"}
                    },
                },
            ],
        },
        "lifelines": {
            "description": "Lives (grey) and terms in office (colour) of a society's chairs.",
            "data": {"values": lifelines_values()},
            "encoding": {"y": {"field": "label", "type": "nominal", "sort": None, "title": None}},
            "layer": [
                {
                    "mark": {"type": "bar", "color": "#ddd", "height": 10},
                    "encoding": {
                        "x": {
                            "field": "born",
                            "type": "quantitative",
                            "title": "year",
                            "scale": {"zero": False},
                            "axis": {"format": "d"},
                        },
                        "x2": {"field": "died"},
                    },
                },
                {
                    "mark": {"type": "bar", "height": 10},
                    "encoding": {
                        "x": {"field": "enter", "type": "quantitative"},
                        "x2": {"field": "leave"},
                        "color": {"field": "label", "type": "nominal", "legend": None},
                    },
                },
            ],
        },
        "normalized_stacked_area": unemployment_area("normalize", show_y_axis=False),
        "punchcard": {
            "description": "Commits per weekday and hour.",
            "data": {"url": "data/github.csv"},
            "width": {"step": 14},
            "mark": "circle",
            "encoding": {
                "y": {"field": "time", "type": "ordinal", "timeUnit": "day"},
                "x": {"field": "time", "type": "ordinal", "timeUnit": "hours"},
                "size": {"field": "count", "type": "quantitative", "aggregate": "sum"},
            },
        },
        "rect_heatmap": {
            "data": cars,
            "mark": "rect",
            "encoding": {
                "y": {"field": "Origin", "type": "nominal"},
                "x": {"field": "Cylinders", "type": "ordinal"},
                "color": {"aggregate": "mean", "field": "Horsepower", "type": "quantitative"},
            },
        },
        "scatterplot": {
            "description": "Horsepower against miles per gallon.",
            "data": cars,
            "mark": "point",
            "encoding": {
                "x": {"field": "Horsepower", "type": "quantitative"},
                "y": {"field": "Miles_per_Gallon", "type": "quantitative"},
                "color": {"field": "Origin", "type": "nominal"},
            },
        },
        "stacked_area": unemployment_area(),
        "stacked_area_stream": unemployment_area("center", show_y_axis=False),
        "stacked_bar_h": {
            "data": {"url": "data/barley.json"},
            "mark": "bar",
            "encoding": {
                "x": {"aggregate": "sum", "field": "yield", "type": "quantitative"},
                "y": {"field": "variety", "type": "nominal"},
                "color": {"field": "site", "type": "nominal"},
            },
        },
        "stacked_normalized": {
            "data": population,
            "transform": [YEAR_2000, GENDER],
            "mark": "bar",
            "encoding": {
                "x": {"field": "age", "type": "ordinal"},
                "y": {
                    "aggregate": "sum",
                    "field": "people",
                    "type": "quantitative",
                    "stack": "normalize",
                    "title": "population share",
                },
                "color": {
                    "field": "gender",
                    "type": "nominal",
                    "scale": {"range": ["#ea98d2", "#659cca"]},
                },
            },
        },
        "tick_strip": {
            "description": "Horsepower per number of cylinders, one tick per car.",
            "data": cars,
            "mark": "tick",
            "encoding": {
                "x": {"field": "Horsepower", "type": "quantitative"},
                "y": {"field": "Cylinders", "type": "ordinal"},
            },
        },
        "trellis_anscombe": {
            "description": "Four series, four shapes: a quartet in the spirit of Anscombe's.",
            "data": {"url": "data/anscombe.json"},
            "mark": "circle",
            "width": 120,
            "height": 120,
            "encoding": {
                "column": {"field": "Series", "type": "nominal"},
                "x": {"field": "X", "type": "quantitative", "scale": {"zero": False}},
                "y": {"field": "Y", "type": "quantitative", "scale": {"zero": False}},
            },
        },
    }
    return {name: {"$schema": VEGA_LITE_SCHEMA, **spec} for name, spec in specs.items()}


@blueprint.get("/vegalite")
def vegalite() -> JSONObject:
    """A Vega-Lite v5 spec; ?type=bar|scatterplot|punchcard|... (see "vegalite_types" in /)."""
    specs = vega_lite_specs()
    return specs[choice_arg("type", specs, "bar")]
