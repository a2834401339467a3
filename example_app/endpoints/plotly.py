"""Plotly figures {data, layout}, by name (/plotly?chart=...), and one that changes every time.

Written for current Plotly.js: titles are {"text": ...} objects, polar charts use
scatterpolar/barpolar with layout.polar, maps use scattergeo/choropleth with layout.geo.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache

from .common import JSONObject, blueprint, choice_arg, linspace, random_walk, seeded

ISO3_COUNTRIES = (
    "USA", "CAN", "MEX", "GTM", "CUB", "BRA", "ARG", "CHL", "PER", "COL", "VEN", "ECU", "BOL",
    "PRY", "URY", "GBR", "IRL", "FRA", "ESP", "PRT", "DEU", "NLD", "BEL", "CHE", "AUT", "ITA",
    "POL", "CZE", "SVK", "HUN", "ROU", "BGR", "GRC", "SRB", "HRV", "SWE", "NOR", "FIN", "DNK",
    "EST", "LVA", "LTU", "UKR", "BLR", "RUS", "TUR", "KAZ", "UZB", "TKM", "MNG", "CHN", "JPN",
    "KOR", "IND", "PAK", "BGD", "LKA", "NPL", "AFG", "IRN", "IRQ", "SYR", "JOR", "ISR", "SAU",
    "YEM", "OMN", "ARE", "THA", "VNM", "KHM", "LAO", "MMR", "MYS", "IDN", "PHL", "AUS", "NZL",
    "PNG", "EGY", "LBY", "TUN", "DZA", "MAR", "MRT", "MLI", "NER", "TCD", "SDN", "ETH", "SOM",
    "KEN", "TZA", "UGA", "COD", "COG", "CMR", "NGA", "GHA", "CIV", "SEN", "AGO", "ZMB", "ZWE",
    "MOZ", "MDG", "ZAF", "NAM", "BWA",
)  # fmt: skip
COMPASS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)  # fmt: skip
REGIONS = (
    "Northvale", "Eastmarch", "Southport", "Westbury", "Highland", "Lowmere", "Riverton",
    "Seacliff",
)  # fmt: skip


def title(text: str) -> JSONObject:
    """A Plotly title object (plain strings are no longer accepted by Plotly.js 3)."""
    return {"text": text}


def gaussian_points(rng: random.Random, count: int, mean: float, spread: float) -> list[float]:
    """``count`` normal draws rounded to 3 places."""
    return [round(rng.gauss(mean, spread), 3) for _ in range(count)]


def bumpy_surface(rng: random.Random, size: int, bumps: int) -> list[list[float]]:
    """A ``size`` x ``size`` grid of heights: a sum of random gaussian hills."""
    hills = [
        (rng.uniform(0, size), rng.uniform(0, size), rng.uniform(20, 80), rng.uniform(3, 9))
        for _ in range(bumps)
    ]
    return [
        [
            round(
                sum(
                    height * math.exp(-((col - cx) ** 2 + (row - cy) ** 2) / (2 * width**2))
                    for cx, cy, height, width in hills
                ),
                2,
            )
            for col in range(size)
        ]
        for row in range(size)
    ]


def wave_grid(size: int, frequency: float) -> list[list[float]]:
    """A ``size`` x ``size`` grid of interfering sine waves, for contour plots."""
    axis = linspace(-math.pi, math.pi, size)
    return [
        [
            round(math.sin(frequency * x) * math.cos(frequency * y) + 0.3 * math.sin(x * y), 3)
            for x in axis
        ]
        for y in axis
    ]


def random_walk_3d(rng: random.Random, steps: int) -> JSONObject:
    """A 3D random walk as x, y, z lists."""
    x = y = z = 0.0
    xs, ys, zs = [], [], []
    for _ in range(steps):
        x += rng.gauss(0, 1)
        y += rng.gauss(0, 1)
        z += rng.gauss(0, 1)
        xs.append(round(x, 2))
        ys.append(round(y, 2))
        zs.append(round(z, 2))
    return {"x": xs, "y": ys, "z": zs}


def plotly_bar_line_dynamic(rng: random.Random) -> JSONObject:
    """Horizontal bars and a line side by side, sharing the region axis."""
    regions = list(REGIONS)
    savings = [round(rng.uniform(2, 18), 1) for _ in regions]
    wealth = [rng.randint(30, 140) * 1_000 for _ in regions]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": "Savings (% of income)",
                "x": savings,
                "y": regions,
                "xaxis": "x",
                "yaxis": "y",
                "marker": {"color": "rgba(50, 171, 96, 0.6)"},
            },
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "Net worth per household",
                "x": wealth,
                "y": regions,
                "xaxis": "x2",
                "yaxis": "y2",
                "line": {"color": "rgb(128, 0, 128)"},
            },
        ],
        "layout": {
            "title": title("Savings and net worth by region"),
            "xaxis": {"domain": [0, 0.5], "range": [0, 20]},
            "xaxis2": {"domain": [0.52, 1], "anchor": "y2"},
            "yaxis2": {"anchor": "x2", "showticklabels": False},
            "legend": {"orientation": "h", "y": -0.15},
        },
    }


def plotly_boxplot(rng: random.Random) -> JSONObject:
    """Grouped horizontal box plots: three sensors over two days."""
    days = ["day 1"] * 20 + ["day 2"] * 20
    return {
        "data": [
            {
                "type": "box",
                "orientation": "h",
                "name": name,
                "y": days,
                "boxmean": True,
                "x": gaussian_points(rng, 20, centre, 0.15)
                + gaussian_points(rng, 20, centre + 0.2, 0.2),
            }
            for name, centre in (("sensor a", 0.4), ("sensor b", 0.6), ("sensor c", 0.3))
        ],
        "layout": {
            "title": title("Soil moisture per sensor"),
            "xaxis": {"title": title("normalised moisture"), "zeroline": False},
            "boxmode": "group",
        },
    }


def plotly_bubblemap(rng: random.Random) -> JSONObject:
    """Bubbles on a world map: made-up sites sized by their head count."""
    sites = [(round(rng.uniform(-40, 60), 2), round(rng.uniform(-120, 140), 2)) for _ in range(60)]
    people = [rng.randint(50, 5_000) for _ in sites]
    return {
        "data": [
            {
                "type": "scattergeo",
                "lat": [lat for lat, _ in sites],
                "lon": [lon for _, lon in sites],
                "text": [f"Site {index + 1}: {count} people" for index, count in enumerate(people)],
                "hoverinfo": "text",
                "marker": {
                    "size": [max(4, count / 120) for count in people],
                    "color": people,
                    "colorscale": "Viridis",
                    "sizemode": "diameter",
                    "line": {"width": 0.5, "color": "white"},
                },
            },
        ],
        "layout": {
            "title": title("Sites by head count"),
            "showlegend": False,
            "geo": {
                "projection": {"type": "natural earth"},
                "showland": True,
                "landcolor": "rgb(230, 230, 230)",
                "showcountries": True,
                "countrycolor": "rgb(255, 255, 255)",
            },
        },
    }


def plotly_cat_dot_plot(rng: random.Random) -> JSONObject:
    """A categorical dot plot: two measures per region on one value axis."""
    regions = list(REGIONS)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "y": regions,
                "x": [round(rng.uniform(low, low + 30), 1) for _ in regions],
                "marker": {
                    "color": color,
                    "size": 14,
                    "symbol": "circle",
                    "line": {"color": "rgba(0,0,0,0.4)", "width": 1},
                },
            }
            for name, low, color in (
                ("turnout %", 40, "rgba(156, 165, 196, 0.95)"),
                ("registered %", 60, "rgba(204, 204, 204, 0.95)"),
            )
        ],
        "layout": {
            "title": title("Turnout and registration per region"),
            "xaxis": {"showgrid": False, "showline": True, "dtick": 10, "ticks": "outside"},
            "margin": {"l": 100},
            "hovermode": "closest",
            "legend": {"font": {"size": 10}, "yanchor": "middle", "xanchor": "right"},
        },
    }


def plotly_clustering3d(rng: random.Random) -> JSONObject:
    """Three 3D point clusters, each wrapped in a translucent hull."""
    traces: list[JSONObject] = []
    for name, centre, color in (
        ("alpha", (0, 0, 0), "#e63946"),
        ("beta", (4, 4, 1), "#457b9d"),
        ("gamma", (0, 5, 4), "#2a9d8f"),
    ):
        points = {
            axis: gaussian_points(rng, 40, mean, 0.9)
            for axis, mean in zip("xyz", centre, strict=True)
        }
        traces.append(
            {
                "type": "scatter3d",
                "mode": "markers",
                "name": name,
                **points,
                "marker": {"size": 3, "color": color},
            }
        )
        traces.append(
            {
                "type": "mesh3d",
                "alphahull": 7,
                "opacity": 0.1,
                "color": color,
                "showlegend": False,
                **points,
            }
        )
    return {
        "data": traces,
        "layout": {"title": title("Clusters in 3D"), "scene": {"aspectmode": "cube"}},
    }


def plotly_contour_colorscale(rng: random.Random) -> JSONObject:
    """A contour plot with a hand-made colour scale."""
    return {
        "data": [
            {
                "type": "contour",
                "z": wave_grid(25, rng.uniform(1.0, 1.5)),
                "colorscale": [
                    [0, "rgb(166,206,227)"],
                    [0.25, "rgb(31,120,180)"],
                    [0.45, "rgb(178,223,138)"],
                    [0.65, "rgb(51,160,44)"],
                    [0.85, "rgb(251,154,153)"],
                    [1, "rgb(227,26,28)"],
                ],
            },
        ],
        "layout": {"title": title("Custom contour colour scale")},
    }


def plotly_contour_null(rng: random.Random) -> JSONObject:
    """The same grid with holes, four ways: contour/heatmap, with and without connectgaps."""
    z: list[list[float | None]] = [list(row) for row in wave_grid(12, 1.2)]
    for _ in range(18):
        z[rng.randrange(12)][rng.randrange(12)] = None  # holes the traces must cope with
    return {
        "data": [
            {"type": "contour", "z": z, "showscale": False, "xaxis": "x", "yaxis": "y"},
            {
                "type": "contour",
                "z": z,
                "showscale": False,
                "connectgaps": True,
                "xaxis": "x2",
                "yaxis": "y2",
            },
            {
                "type": "heatmap",
                "z": z,
                "showscale": False,
                "zsmooth": "best",
                "xaxis": "x3",
                "yaxis": "y3",
            },
            {
                "type": "heatmap",
                "z": z,
                "showscale": False,
                "zsmooth": "best",
                "connectgaps": True,
                "xaxis": "x4",
                "yaxis": "y4",
            },
        ],
        "layout": {
            "title": title("Gaps in the z matrix, left as is and connected"),
            "xaxis": {"domain": [0, 0.45], "anchor": "y"},
            "yaxis": {"domain": [0.55, 1], "anchor": "x"},
            "xaxis2": {"domain": [0.55, 1], "anchor": "y2"},
            "yaxis2": {"domain": [0.55, 1], "anchor": "x2"},
            "xaxis3": {"domain": [0, 0.45], "anchor": "y3"},
            "yaxis3": {"domain": [0, 0.45], "anchor": "x3"},
            "xaxis4": {"domain": [0.55, 1], "anchor": "y4"},
            "yaxis4": {"domain": [0, 0.45], "anchor": "x4"},
        },
    }


def plotly_contour_plot_crazy(rng: random.Random) -> JSONObject:
    """A busy contour plot of a fast-changing function on an 80 x 80 grid."""
    axis = linspace(-3, 3, 80)
    phase = rng.uniform(0, math.pi)
    z = [
        [
            round(math.sin(3 * x + phase) * math.cos(3 * y) + math.sin(x * y * 2) / 2, 3)
            for x in axis
        ]
        for y in axis
    ]
    return {
        "data": [{"type": "contour", "x": axis, "y": axis, "z": z, "colorscale": "Portland"}],
        "layout": {"title": title("A busy contour plot")},
    }


def plotly_contour_plot_grad(rng: random.Random) -> JSONObject:
    """A contour plot coloured as a smooth gradient (contours.coloring = heatmap)."""
    return {
        "data": [
            {
                "type": "contour",
                "z": bumpy_surface(rng, 20, 4),
                "contours": {"coloring": "heatmap"},
                "colorscale": [
                    [0, "rgb(12,51,131)"],
                    [0.5, "rgb(242,211,56)"],
                    [1, "rgb(217,30,30)"],
                ],
            },
        ],
        "layout": {"title": title("Gradient colour scale")},
    }


def plotly_contour_smooth(rng: random.Random) -> JSONObject:
    """The same contour twice: raw lines on the left, smoothed lines on the right."""
    z = bumpy_surface(rng, 12, 3)
    return {
        "data": [
            {
                "type": "contour",
                "z": z,
                "line": {"smoothing": 0},
                "xaxis": "x",
                "yaxis": "y",
                "showscale": False,
            },
            {"type": "contour", "z": z, "line": {"smoothing": 0.85}, "xaxis": "x2", "yaxis": "y2"},
        ],
        "layout": {
            "title": title("Smoothing contour lines"),
            "xaxis": {"domain": [0, 0.45], "anchor": "y"},
            "xaxis2": {"domain": [0.55, 1], "anchor": "y2"},
            "yaxis2": {"anchor": "x2"},
        },
    }


def plotly_contour(rng: random.Random) -> JSONObject:
    """A contour map with a path drawn over it."""
    axis = linspace(0, 10, 30)
    z = bumpy_surface(rng, 30, 5)
    path_x = linspace(0, 10, 20)
    path_y = [round(5 + 3 * math.sin(x / 2) + rng.gauss(0, 0.3), 2) for x in path_x]
    return {
        "data": [
            {"type": "contour", "x": axis, "y": axis, "z": z, "ncontours": 15, "showscale": False},
            {
                "type": "scatter",
                "mode": "lines",
                "name": "trail",
                "x": path_x,
                "y": path_y,
                "line": {"color": "white", "width": 3},
            },
        ],
        "layout": {"title": title("Trail over a height map")},
    }


def plotly_error_bars(rng: random.Random) -> JSONObject:
    """Three lines with shaded bands for their uncertainty."""
    x = list(range(1, 11))
    traces: list[JSONObject] = []
    for name, color in (("fair", "0,100,80"), ("premium", "0,176,246"), ("ideal", "231,107,243")):
        y = [round(value / 10, 2) for value in random_walk(rng, len(x), 10, 90, 12)]
        upper = [round(value + rng.uniform(0.3, 1.0), 2) for value in y]
        lower = [round(value - rng.uniform(0.3, 1.0), 2) for value in y]
        traces.append(
            {
                "type": "scatter",
                "x": x + x[::-1],
                "y": upper + lower[::-1],
                "fill": "toself",
                "fillcolor": f"rgba({color},0.2)",
                "line": {"color": "transparent"},
                "name": name,
                "showlegend": False,
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": x,
                "y": y,
                "name": name,
                "line": {"color": f"rgb({color})"},
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": title("Continuous error bands"),
            "plot_bgcolor": "rgb(229,229,229)",
            "xaxis": {"gridcolor": "white", "range": [1, 10]},
            "yaxis": {"gridcolor": "white"},
        },
    }


def plotly_fancy_scatter_wind(rng: random.Random) -> JSONObject:
    """Monthly mean wind speed with error bars, on a date axis."""
    months = [f"{2022 + month // 12}-{month % 12 + 1:02d}-01" for month in range(48)]
    speeds = [
        round(6 + 2 * math.cos(2 * math.pi * month / 12) + rng.gauss(0, 0.6), 2)
        for month in range(48)
    ]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "x": months,
                "y": speeds,
                "line": {"color": "#1f77b4"},
                "error_y": {
                    "type": "data",
                    "array": [round(rng.uniform(0.3, 1.2), 2) for _ in months],
                    "thickness": 1,
                    "width": 2,
                },
            },
        ],
        "layout": {
            "yaxis": {"title": title("Wind speed (m/s)")},
            "xaxis": {"showgrid": False, "tickformat": "%b %Y"},
            "margin": {"l": 50, "b": 40, "r": 10, "t": 20},
        },
    }


def plotly_fancy_scatter(rng: random.Random) -> JSONObject:
    """Bubbles per group: life expectancy against income (log axis), sized by population."""
    traces = []
    for group, (years, income) in zip(
        "ABCDE", ((55, 2_000), (65, 6_000), (72, 12_000), (78, 30_000), (81, 45_000)), strict=True
    ):
        count = 15
        populations = [rng.randint(1, 200) for _ in range(count)]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"Group {group}",
                "x": gaussian_points(rng, count, years, 3),
                "y": [round(income * rng.lognormvariate(0, 0.35)) for _ in range(count)],
                "text": [f"Country {group}{index + 1}" for index in range(count)],
                "marker": {
                    "size": [6 + math.sqrt(people) * 2 for people in populations],
                    "sizemode": "diameter",
                    "opacity": 0.7,
                    "line": {"width": 0.5},
                },
            }
        )
    return {
        "data": traces,
        "layout": {
            "xaxis": {"title": title("Life expectancy")},
            "yaxis": {"title": title("Income per person"), "type": "log"},
            "margin": {"t": 20},
            "hovermode": "closest",
        },
    }


def plotly_heatmap(rng: random.Random) -> JSONObject:
    """Activity per weekday and hour as a heatmap."""
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    hours = [f"{hour:02d}h" for hour in range(0, 24, 2)]
    z = [
        [
            rng.randint(20, 100) if day < 5 and 4 <= slot < 10 else rng.randint(0, 40)
            for slot in range(len(hours))
        ]
        for day in range(len(days))
    ]
    return {
        "data": [{"type": "heatmap", "x": hours, "y": days, "z": z, "colorscale": "YlGnBu"}],
        "layout": {"title": title("Activity by weekday and hour")},
    }


def correlated_points(rng: random.Random, count: int) -> tuple[list[float], list[float]]:
    """``count`` (x, y) draws with y correlated to x."""
    xs = gaussian_points(rng, count, 0, 1)
    ys = [round(0.6 * x + rng.gauss(0, 0.8), 3) for x in xs]
    return xs, ys


def plotly_histogram_2d(rng: random.Random) -> JSONObject:
    """A 2D histogram of correlated points."""
    xs, ys = correlated_points(rng, 600)
    return {
        "data": [{"type": "histogram2d", "x": xs, "y": ys, "colorscale": "Blues"}],
        "layout": {"title": title("2D histogram")},
    }


def plotly_histogram_contour(rng: random.Random) -> JSONObject:
    """Points, their density contours, and a histogram along each axis."""
    xs, ys = correlated_points(rng, 400)
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "markers",
                "name": "points",
                "x": xs,
                "y": ys,
                "marker": {"color": "rgb(102,0,0)", "size": 2, "opacity": 0.4},
            },
            {
                "type": "histogram2dcontour",
                "name": "density",
                "x": xs,
                "y": ys,
                "ncontours": 20,
                "colorscale": "Hot",
                "reversescale": True,
                "showscale": False,
            },
            {
                "type": "histogram",
                "name": "x density",
                "x": xs,
                "yaxis": "y2",
                "marker": {"color": "rgb(102,0,0)"},
            },
            {
                "type": "histogram",
                "name": "y density",
                "y": ys,
                "xaxis": "x2",
                "marker": {"color": "rgb(102,0,0)"},
            },
        ],
        "layout": {
            "showlegend": False,
            "bargap": 0,
            "hovermode": "closest",
            "margin": {"t": 30},
            "xaxis": {"domain": [0, 0.85], "showgrid": False, "zeroline": False},
            "yaxis": {"domain": [0, 0.85], "showgrid": False, "zeroline": False},
            "xaxis2": {"domain": [0.85, 1], "showgrid": False, "zeroline": False},
            "yaxis2": {"domain": [0.85, 1], "showgrid": False, "zeroline": False},
        },
    }


def plotly_histogram(rng: random.Random) -> JSONObject:
    """Two overlaid histograms."""
    return {
        "data": [
            {
                "type": "histogram",
                "name": "before",
                "x": gaussian_points(rng, 400, 0, 1),
                "opacity": 0.6,
                "marker": {"color": "green"},
            },
            {
                "type": "histogram",
                "name": "after",
                "x": gaussian_points(rng, 400, 1, 1.2),
                "opacity": 0.6,
                "marker": {"color": "red"},
            },
        ],
        "layout": {"title": title("Overlaid histograms"), "barmode": "overlay"},
    }


def plotly_inset(rng: random.Random) -> JSONObject:
    """A line chart with a small zoomed chart inset in its corner."""
    x = list(range(1, 21))
    return {
        "data": [
            {"type": "scatter", "name": "all", "x": x, "y": random_walk(rng, 20, 0, 100, 15)},
            {
                "type": "scatter",
                "name": "detail",
                "x": x[:5],
                "y": random_walk(rng, 5, 40, 60, 5),
                "xaxis": "x2",
                "yaxis": "y2",
            },
        ],
        "layout": {
            "xaxis2": {"domain": [0.6, 0.95], "anchor": "y2"},
            "yaxis2": {"domain": [0.6, 0.95], "anchor": "x2"},
        },
    }


def plotly_labels_plot(rng: random.Random) -> JSONObject:
    """Lines whose points carry text labels."""
    x = [1, 2, 3, 4, 5]
    traces = []
    for name, color in (("team a", "rgb(31,119,180)"), ("team b", "rgb(255,127,14)")):
        y = [rng.randint(1, 7) for _ in x]
        traces.append(
            {
                "type": "scatter",
                "mode": "lines+markers+text",
                "name": name,
                "x": x,
                "y": y,
                "text": [f"{name[-1].upper()}{value}" for value in y],
                "textposition": "top center",
                "textfont": {"family": "sans-serif"},
                "marker": {"size": 10, "color": color},
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": title("Data labels on the plot"),
            "xaxis": {"range": [0.75, 5.25]},
            "yaxis": {"range": [0, 8]},
        },
    }


def plotly_logplot(rng: random.Random) -> JSONObject:
    """Two growth curves on a logarithmic y axis."""
    x = list(range(9))
    return {
        "data": [
            {
                "type": "scatter",
                "name": f"{rate:.0%} a step",
                "x": x,
                "y": [round(start * (1 + rate) ** step * rng.uniform(0.9, 1.1), 2) for step in x],
            }
            for start, rate in ((2, 1.0), (5, 0.5))
        ],
        "layout": {"title": title("Logarithmic axis"), "yaxis": {"type": "log"}},
    }


def plotly_orthographic(rng: random.Random) -> JSONObject:
    """Flight-like paths drawn on a globe (orthographic projection)."""
    traces = []
    for index in range(8):
        lat, lon = rng.uniform(-30, 60), rng.uniform(-150, 30)
        lats, lons = [], []
        for _ in range(40):
            lat = min(max(lat + rng.gauss(0, 2), -80), 80)
            lon += rng.uniform(0, 4)
            lats.append(round(lat, 2))
            lons.append(round(lon, 2))
        traces.append(
            {
                "type": "scattergeo",
                "mode": "lines",
                "name": f"route {index + 1}",
                "lat": lats,
                "lon": lons,
                "line": {"width": 2},
            }
        )
    return {
        "data": traces,
        "layout": {
            "showlegend": False,
            "geo": {
                "projection": {"type": "orthographic", "rotation": {"lon": -60, "lat": 25}},
                "showocean": True,
                "oceancolor": "rgb(190, 225, 245)",
                "showland": True,
                "landcolor": "rgb(235, 220, 190)",
                "showcountries": True,
                "lonaxis": {"showgrid": True, "gridcolor": "rgb(200, 200, 200)"},
                "lataxis": {"showgrid": True, "gridcolor": "rgb(200, 200, 200)"},
            },
        },
    }


def plotly_polar(rng: random.Random) -> JSONObject:
    """Scatter in polar coordinates (scatterpolar): three trials."""
    return {
        "data": [
            {
                "type": "scatterpolar",
                "mode": "markers",
                "name": f"trial {index + 1}",
                "r": gaussian_points(rng, 30, 5 + 1.5 * index, 1),
                "theta": [round(rng.gauss(60 + 100 * index, 25), 1) for _ in range(30)],
                "marker": {"size": 8, "opacity": 0.7},
            }
            for index in range(3)
        ],
        "layout": {
            "title": title("Trials in polar coordinates"),
            "polar": {"radialaxis": {"visible": True}, "bgcolor": "rgb(245, 245, 245)"},
        },
    }


def plotly_randomwalk3d(rng: random.Random) -> JSONObject:
    """Three random walks in 3D."""
    return {
        "data": [
            {
                "type": "scatter3d",
                "mode": "lines+markers",
                "name": f"walk {index + 1}",
                **random_walk_3d(rng, 300),
                "marker": {"size": 2},
                "line": {"width": 2},
            }
            for index in range(3)
        ],
        "layout": {
            "title": title("Random walks in 3D"),
            "margin": {"l": 0, "r": 0, "b": 0, "t": 40},
        },
    }


def plotly_ribbon3d(rng: random.Random) -> JSONObject:
    """Spectra as ribbons in 3D: one narrow surface per sample."""
    wavelengths = linspace(400, 700, 50)
    traces = []
    for sample in range(1, 7):
        peak, width = rng.uniform(450, 650), rng.uniform(30, 80)
        z = [round(math.exp(-((w - peak) ** 2) / (2 * width**2)), 3) for w in wavelengths]
        traces.append(
            {
                "type": "surface",
                "name": f"sample {sample}",
                "showscale": False,
                "colorscale": "Viridis",
                "x": [[sample, sample + 0.5] for _ in wavelengths],
                "y": [[w, w] for w in wavelengths],
                "z": [[value, value] for value in z],
            }
        )
    return {
        "data": traces,
        "layout": {
            "title": title("Ribbon plot"),
            "showlegend": False,
            "scene": {
                "xaxis": {"title": title("Sample")},
                "yaxis": {"title": title("Wavelength (nm)")},
                "zaxis": {"title": title("Absorbance")},
            },
        },
    }


def plotly_scatter(rng: random.Random) -> JSONObject:
    """Three traces: markers, lines, and both."""
    x = list(range(1, 9))
    return {
        "data": [
            {
                "type": "scatter",
                "mode": mode,
                "name": mode,
                "x": x,
                "y": random_walk(rng, len(x), 0, 30, 6),
            }
            for mode in ("markers", "lines", "lines+markers")
        ],
        "layout": {"title": title("Scatter, lines, both")},
    }


def plotly_scatter3d(rng: random.Random) -> JSONObject:
    """Two clouds of points in 3D."""
    return {
        "data": [
            {
                "type": "scatter3d",
                "mode": "markers",
                "name": name,
                **{axis: gaussian_points(rng, 100, centre, 1) for axis in "xyz"},
                "marker": {"size": 4, "opacity": 0.8, "symbol": symbol},
            }
            for name, centre, symbol in (("near", 0, "circle"), ("far", 3, "diamond"))
        ],
        "layout": {"margin": {"l": 0, "r": 0, "b": 0, "t": 0}},
    }


def plotly_scattermap(rng: random.Random) -> JSONObject:
    """Made-up depots on a US map, coloured by daily traffic."""
    count = 50
    traffic = [rng.randint(100, 10_000) for _ in range(count)]
    return {
        "data": [
            {
                "type": "scattergeo",
                "mode": "markers",
                "lat": [round(rng.uniform(28, 47), 2) for _ in range(count)],
                "lon": [round(rng.uniform(-120, -75), 2) for _ in range(count)],
                "text": [
                    f"Depot {index + 1}: {value} trucks" for index, value in enumerate(traffic)
                ],
                "hoverinfo": "text",
                "marker": {
                    "size": 9,
                    "color": traffic,
                    "colorscale": "Bluered",
                    "cmin": 0,
                    "cmax": 10_000,
                    "colorbar": {"title": title("Trucks / day")},
                    "line": {"width": 0.5, "color": "white"},
                },
            },
        ],
        "layout": {
            "title": title("Busiest depots"),
            "geo": {
                "scope": "usa",
                "projection": {"type": "albers usa"},
                "showland": True,
                "landcolor": "rgb(250, 250, 250)",
                "subunitcolor": "rgb(217, 217, 217)",
            },
        },
    }


def plotly_subplot(rng: random.Random) -> JSONObject:
    """Four small line charts in a 2 x 2 grid."""
    x = list(range(1, 11))
    axes = (("x", "y"), ("x2", "y2"), ("x3", "y3"), ("x4", "y4"))
    return {
        "data": [
            {
                "type": "scatter",
                "name": f"panel {index + 1}",
                "x": x,
                "xaxis": xaxis,
                "yaxis": yaxis,
                "y": random_walk(rng, len(x), 0, 50, 8),
            }
            for index, (xaxis, yaxis) in enumerate(axes)
        ],
        "layout": {
            "title": title("Subplots"),
            "xaxis": {"domain": [0, 0.45], "anchor": "y"},
            "yaxis": {"domain": [0, 0.45], "anchor": "x"},
            "xaxis2": {"domain": [0.55, 1], "anchor": "y2"},
            "yaxis2": {"domain": [0, 0.45], "anchor": "x2"},
            "xaxis3": {"domain": [0, 0.45], "anchor": "y3"},
            "yaxis3": {"domain": [0.55, 1], "anchor": "x3"},
            "xaxis4": {"domain": [0.55, 1], "anchor": "y4"},
            "yaxis4": {"domain": [0.55, 1], "anchor": "x4"},
        },
    }


def plotly_subplot3d(rng: random.Random) -> JSONObject:
    """Three 3D scenes side by side, each with a convex hull of random points."""
    scenes = ("scene", "scene2", "scene3")
    colors = ("#e63946", "#2a9d8f", "#457b9d")
    layout: JSONObject = {
        "margin": {"l": 0, "r": 0, "b": 0, "t": 30},
        "title": title("3D subplots"),
    }
    traces = []
    for index, (scene, color) in enumerate(zip(scenes, colors, strict=True)):
        traces.append(
            {
                "type": "mesh3d",
                "scene": scene,
                "alphahull": 0,
                "opacity": 0.6,
                "color": color,
                **{axis: gaussian_points(rng, 30, 0, 1) for axis in "xyz"},
            }
        )
        layout[scene] = {"domain": {"x": [index / 3, (index + 1) / 3], "y": [0, 1]}}
    return {"data": traces, "layout": layout}


def plotly_surface3d(rng: random.Random) -> JSONObject:
    """A 3D surface of made-up hilly terrain."""
    return {
        "data": [{"type": "surface", "z": bumpy_surface(rng, 35, 6), "colorscale": "Earth"}],
        "layout": {
            "title": title("Hill elevation"),
            "margin": {"l": 20, "r": 20, "b": 20, "t": 50},
        },
    }


TERNARY_LAYOUT = {
    "sum": 100,
    "aaxis": {"title": title("Clay"), "ticksuffix": "%", "min": 0.01, "linewidth": 2},
    "baxis": {"title": title("Sand"), "ticksuffix": "%", "min": 0.01, "linewidth": 2},
    "caxis": {"title": title("Silt"), "ticksuffix": "%", "min": 0.01, "linewidth": 2},
}


def plotly_ternary_lines(rng: random.Random) -> JSONObject:
    """Lines of constant clay share across a ternary diagram."""
    traces = []
    for clay in (10, 25, 40, 55, 70):
        sand = linspace(0, 100 - clay, 12)
        wobble = [round(rng.uniform(-1.5, 1.5), 2) for _ in sand]
        clays = [
            round(min(max(clay + dw, 0), 100 - b), 2) for b, dw in zip(sand, wobble, strict=True)
        ]
        traces.append(
            {
                "type": "scatterternary",
                "mode": "lines",
                "name": f"{clay}% clay",
                "a": clays,
                "b": sand,
                "c": [round(100 - a - b, 2) for a, b in zip(clays, sand, strict=True)],
                "line": {"width": 2},
            }
        )
    return {"data": traces, "layout": {"ternary": TERNARY_LAYOUT, "showlegend": True}}


def plotly_ternary(rng: random.Random) -> JSONObject:
    """Soil classes as filled regions of a ternary diagram, with samples on top."""
    regions = {
        "sandy": [(0, 100, 0), (0, 60, 40), (20, 60, 20), (20, 80, 0), (0, 100, 0)],
        "loamy": [(0, 60, 40), (0, 20, 80), (35, 20, 45), (35, 45, 20), (20, 60, 20), (0, 60, 40)],
        "silty": [(0, 20, 80), (0, 0, 100), (35, 0, 65), (35, 20, 45), (0, 20, 80)],
        "clayey": [(20, 80, 0), (35, 45, 20), (35, 0, 65), (100, 0, 0), (20, 80, 0)],
    }
    traces: list[JSONObject] = [
        {
            "type": "scatterternary",
            "mode": "lines",
            "name": name,
            "fill": "toself",
            "hoveron": "fills",
            "a": [a for a, _, _ in corners],
            "b": [b for _, b, _ in corners],
            "c": [c for _, _, c in corners],
            "line": {"color": "#444"},
        }
        for name, corners in regions.items()
    ]
    samples = []
    for _ in range(25):
        a, b = rng.uniform(0, 100), rng.uniform(0, 100)
        if a + b > 100:  # fold back into the triangle
            a, b = 100 - a, 100 - b
        samples.append((round(a, 1), round(b, 1), round(100 - a - b, 1)))
    traces.append(
        {
            "type": "scatterternary",
            "mode": "markers",
            "name": "samples",
            "a": [a for a, _, _ in samples],
            "b": [b for _, b, _ in samples],
            "c": [c for _, _, c in samples],
            "marker": {"color": "black", "size": 5},
        }
    )
    return {"data": traces, "layout": {"ternary": TERNARY_LAYOUT, "title": title("Soil classes")}}


def plotly_windrose(rng: random.Random) -> JSONObject:
    """A wind rose (barpolar): how often the wind blows from each direction, per speed band."""
    bands = (
        ("< 2 m/s", "rgb(242,240,247)"),
        ("2-5 m/s", "rgb(203,201,226)"),
        ("5-8 m/s", "rgb(158,154,200)"),
        ("> 8 m/s", "rgb(106,81,163)"),
    )
    return {
        "data": [
            {
                "type": "barpolar",
                "name": name,
                "theta": list(COMPASS),
                "r": [round(rng.uniform(0.2, 3.5) / (index + 1) * 2, 2) for _ in COMPASS],
                "marker": {"color": color},
            }
            for index, (name, color) in enumerate(bands)
        ],
        "layout": {
            "title": title("Wind speed distribution"),
            "legend": {"font": {"size": 12}},
            "polar": {
                "barmode": "stack",
                "radialaxis": {"ticksuffix": "%"},
                "angularaxis": {"direction": "clockwise", "rotation": 90},
            },
        },
    }


def plotly_world_chloropleth(rng: random.Random) -> JSONObject:
    """A world choropleth by ISO-3 country code, of a made-up index."""
    values = [round(rng.uniform(0, 15), 1) for _ in ISO3_COUNTRIES]
    return {
        "data": [
            {
                "type": "choropleth",
                "locationmode": "ISO-3",
                "locations": list(ISO3_COUNTRIES),
                "z": values,
                "text": list(ISO3_COUNTRIES),
                "colorscale": "Reds",
                "colorbar": {"title": title("Index")},
            },
        ],
        "layout": {
            "title": title("A made-up index per country"),
            "geo": {"projection": {"type": "robinson"}, "showframe": False},
        },
    }


PLOTLY_CHARTS: dict[str, Callable[[random.Random], JSONObject]] = {
    "bar_line_dynamic": plotly_bar_line_dynamic,
    "boxplot": plotly_boxplot,
    "bubblemap": plotly_bubblemap,
    "cat_dot_plot": plotly_cat_dot_plot,
    "clustering3d": plotly_clustering3d,
    "contour-colorscale": plotly_contour_colorscale,
    "contour-null": plotly_contour_null,
    "contour-plot-crazy": plotly_contour_plot_crazy,
    "contour-plot-grad": plotly_contour_plot_grad,
    "contour-smooth": plotly_contour_smooth,
    "contour": plotly_contour,
    "error_bars": plotly_error_bars,
    "fancy-scatter-wind": plotly_fancy_scatter_wind,
    "fancy-scatter": plotly_fancy_scatter,
    "heatmap": plotly_heatmap,
    "histogram-2d": plotly_histogram_2d,
    "histogram-contour": plotly_histogram_contour,
    "histogram": plotly_histogram,
    "inset": plotly_inset,
    "labels_plot": plotly_labels_plot,
    "logplot": plotly_logplot,
    "orthographic": plotly_orthographic,
    "polar": plotly_polar,
    "randomwalk3d": plotly_randomwalk3d,
    "ribbon3d": plotly_ribbon3d,
    "scatter": plotly_scatter,
    "scatter3d": plotly_scatter3d,
    "scattermap": plotly_scattermap,
    "subplot": plotly_subplot,
    "subplot3d": plotly_subplot3d,
    "surface3d": plotly_surface3d,
    "ternary-lines": plotly_ternary_lines,
    "ternary": plotly_ternary,
    "windrose": plotly_windrose,
    "world-chloropleth": plotly_world_chloropleth,
}


@cache
def plotly_figure(name: str) -> JSONObject:
    """The Plotly figure called ``name``, built once from its own seed."""
    return PLOTLY_CHARTS[name](seeded("plotly", name))


@blueprint.get("/plotly")
def plotly() -> JSONObject:
    """A Plotly figure {data, layout}; ?chart=scatter|polar|... (see "plotly_charts" in /)"""
    return plotly_figure(choice_arg("chart", PLOTLY_CHARTS, "scatter"))


@blueprint.get("/plotly-dynamic")
def plotly_dynamic() -> JSONObject:
    """A Plotly figure (bars and a line) with new random data on every request."""
    rng = random.Random()  # seeded from the OS: this route is meant to change every time
    x = list(range(1, 13))
    stamp = datetime.now(timezone.utc).strftime("%H:%M:%S")
    return {
        "data": [
            {"type": "bar", "name": "orders", "x": x, "y": [rng.randint(5, 50) for _ in x]},
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": "trend",
                "x": x,
                "y": random_walk(rng, len(x), 10, 45, 6),
            },
        ],
        "layout": {"title": title(f"Live orders (generated {stamp} UTC)")},
    }
