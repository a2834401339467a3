"""The example data server: demo payloads for every chart type that flask_jsondash renders.

The example dashboards point their modules' ``dataSource`` at this server (by default
http://127.0.0.1:5004). Every payload is generated here, in code. Each request seeds its own
``random.Random`` from the route and its query parameters, so the same URL always gives the same
data; only /plotly-dynamic changes on purpose. Query parameters are forgiving: a value that cannot
be used falls back to its default (numbers are also kept within sane bounds), never to an error.

Run it with ``python example_app/endpoints.py``; ENDPOINTS_HOST and ENDPOINTS_PORT choose where it
listens (default 127.0.0.1:5004). ``GET /`` lists every route with a one-line description.
"""

from __future__ import annotations

import csv
import io
import math
import os
import random
import time
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, NotFound

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5004
MAX_SLEEP_SECONDS = 30.0
# Parameter values that mean "off"; anything else that is present means "on".
FALSY_WORDS = frozenset({"", "0", "false", "no", "off", "n", "f", "none", "null"})

JSONObject = dict[str, Any]

endpoints = Blueprint("endpoints", __name__)


# --------------------------------------------------------------------------------------------
# Query parameters and shared helpers
# --------------------------------------------------------------------------------------------


def seeded(*parts: object) -> random.Random:
    """A random generator of its own, seeded from ``parts``: the same parts give the same data.

    ``random`` hashes string seeds with SHA-512, so payloads stay identical across processes
    (unlike ``hash()``, which is salted per process).
    """
    return random.Random(":".join(str(part) for part in parts))


def flag(name: str, default: bool = False) -> bool:
    """Whether query parameter ``name`` is on: present and not "0", "false", "no", "off"..."""
    raw = request.args.get(name)
    if raw is None:
        return default
    return raw.strip().lower() not in FALSY_WORDS


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """Query parameter ``name`` as an int kept within [low, high]; ``default`` if not a number."""
    try:
        value = int(float(request.args.get(name, "").strip()))
    except (ValueError, OverflowError):  # not a number, or nan / inf
        return default
    return min(max(value, low), high)


def float_arg(name: str, default: float, low: float, high: float) -> float:
    """Query parameter ``name`` as a finite float within [low, high]; ``default`` otherwise."""
    try:
        value = float(request.args.get(name, "").strip())
    except ValueError:
        return default
    if not math.isfinite(value):
        return default
    return min(max(value, low), high)


def text_arg(name: str, default: str, max_length: int) -> str:
    """Query parameter ``name`` as text, cut to ``max_length`` characters."""
    return request.args.get(name, default)[:max_length]


def choice_arg(name: str, choices: Iterable[str], default: str) -> str:
    """Query parameter ``name`` if it is one of ``choices``, else ``default``."""
    value = request.args.get(name, default).strip().lower()
    return value if value in set(choices) else default


def letter_label(index: int) -> str:
    """Spreadsheet-style labels: 0 -> "a", 25 -> "z", 26 -> "aa", 27 -> "ab"..."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(ord("a") + remainder) + label
    return label


def linspace(start: float, stop: float, count: int) -> list[float]:
    """``count`` evenly spaced numbers from ``start`` to ``stop`` inclusive, rounded to 4 places."""
    if count == 1:
        return [round(start, 4)]
    step = (stop - start) / (count - 1)
    return [round(start + step * index, 4) for index in range(count)]


def random_walk(rng: random.Random, length: int, low: int, high: int, max_step: int) -> list[int]:
    """A bounded random walk of ints: looks like a metric over time rather than noise."""
    value = rng.randint(low, high)
    points = []
    for _ in range(length):
        value = min(max(value + rng.randint(-max_step, max_step), low), high)
        points.append(value)
    return points


def series_object(rng: random.Random, names: Iterable[str], length: int) -> dict[str, list[int]]:
    """The C3 series object the renderers consume: ``{"name": [values...], ...}``."""
    return {name: random_walk(rng, length, 0, 100, 15) for name in names}


def format_currency(amount: int) -> str:
    """Dollars with thousands separators and the sign in front: -12300 -> "-$12,300"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,}"


# --------------------------------------------------------------------------------------------
# C3: series objects and whole options objects
# --------------------------------------------------------------------------------------------

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


@endpoints.get("/line")
@endpoints.get("/bar")
def c3_series() -> dict[str, list[int]]:
    """C3 line/bar: series object {"line1": [...], ...}, 3 x 10 points (?stress=true: 300 x 300)."""
    prefix = "bar" if request.path == "/bar" else "line"
    return line_series(prefix, flag("stress"))


@endpoints.get("/pie")
def pie() -> dict[str, int]:
    """C3 pie/donut: {"data a": n, ...} with 5 slices (?stress=true: 300 slices)."""
    return pie_slices(flag("stress"))


@endpoints.get("/scatter")
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


@endpoints.get("/timeseries")
@endpoints.get("/timeseriesc3")
def timeseries() -> JSONObject:
    """C3 time series: {"dates": ["2026-01-01", ...], "visits": [...], ...}, 30 days."""
    if request.path == "/timeseriesc3":
        return dated_series("timeseriesc3", ("cpu", "memory"))
    return dated_series("timeseries", ("visits", "signups", "purchases"))


@endpoints.get("/combination")
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


@endpoints.get("/stacked-bar")
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


@endpoints.get("/area-custom")
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


@endpoints.get("/gauge")
def gauge() -> JSONObject:
    """C3 gauge: {"data": n} with n between 0 and 100."""
    return {"data": seeded("gauge").randint(5, 95)}


@endpoints.get("/custom-inputs")
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


@endpoints.get("/shared")
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


# --------------------------------------------------------------------------------------------
# Basic: single numbers, number groups, HTML
# --------------------------------------------------------------------------------------------


@endpoints.get("/singlenum")
def singlenum() -> JSONObject:
    """A single number {"data": n}; ?sales=1 gives "$12,300", ?negative=1 makes it negative."""
    amount = seeded("singlenum").randrange(1_000, 100_000, 100)
    if flag("negative"):
        amount = -amount
    return {"data": format_currency(amount) if flag("sales") else amount}


def number_group(dataset: int) -> list[JSONObject]:
    """One of three sets of number cards: plain counts, measurements with units, or widths."""
    rng = seeded("numbergroup", dataset)
    if dataset == 1:
        return [
            {
                "title": "p95 latency",
                "description": "Slowest 5% of requests",
                "data": rng.randint(120, 400),
                "units": "ms",
            },
            {
                "title": "Error rate",
                "description": "Responses with a 5xx status",
                "data": round(rng.uniform(0.1, 2.5), 2),
                "units": "%",
                "color": "red",
            },
            {
                "title": "Uptime",
                "description": "Last 30 days",
                "data": round(rng.uniform(99.5, 99.99), 2),
                "units": "%",
                "color": "green",
            },
        ]
    if dataset == 2:
        return [
            {
                "title": "Orders",
                "description": "Placed this month",
                "data": rng.randint(2_000, 9_000),
                "width": "50%",
            },
            {
                "title": "Returns",
                "description": "Sent back this month",
                "data": rng.randint(20, 200),
                "width": "25%",
                "color": "orange",
            },
            {
                "title": "Warehouses",
                "description": "Shipping today",
                "data": rng.randint(3, 12),
                "width": "25%",
            },
        ]
    return [
        {
            "title": "Signups",
            "description": "New accounts this week",
            "data": rng.randint(500, 3_000),
            "color": "green",
        },
        {"title": "Active users", "description": "Seen today", "data": rng.randint(20_000, 90_000)},
        {
            "title": "Cancellations",
            "description": "This week",
            "data": rng.randint(5, 80),
            "color": "red",
        },
        {"title": "Release", "description": "Current version year", "data": 2026, "noformat": True},
    ]


@endpoints.get("/numbergroup")
def numbergroup() -> list[JSONObject]:
    """Number cards [{title, description, data, color?, noformat?, units?, width?}]; ?dataset=0-2"""
    return number_group(int(choice_arg("dataset", ("0", "1", "2"), "0")))


CUSTOM_HTML = """\
<div style="font-family: sans-serif; padding: 12px; border-left: 4px solid #2a9d8f;
            background: #f4faf9; border-radius: 4px;">
  <h3 style="margin: 0 0 6px; color: #1d6f65;">Release notes</h3>
  <p style="margin: 0 0 8px;">This card is plain HTML served by the example data server.
  Any endpoint that returns an HTML fragment can fill a module.</p>
  <ul style="margin: 0; padding-left: 18px;">
    <li>Dashboards are JSON documents.</li>
    <li>Each module fetches its own data source.</li>
    <li>Charts refresh without reloading the page.</li>
  </ul>
</div>
"""


@endpoints.get("/custom")
def custom() -> Response:
    """An HTML fragment (text/html): a small styled card, no scripts."""
    return Response(CUSTOM_HTML, mimetype="text/html")


# --------------------------------------------------------------------------------------------
# D3: hierarchies and point sets; flame graph, word cloud, venn
# --------------------------------------------------------------------------------------------

HIERARCHY_GROUPS = (
    "ingest", "storage", "compute", "network", "frontend",
    "analytics", "security", "billing", "search", "mobile",
)  # fmt: skip
HIERARCHY_SUBGROUPS = (
    "core", "api", "workers", "cache", "queue", "auth", "jobs", "views", "models", "utils",
)  # fmt: skip
HIERARCHY_LEAVES = (
    "parser", "loader", "router", "scheduler", "encoder", "decoder", "indexer", "planner",
    "session", "store", "client", "server", "logger", "metrics", "config", "mailer",
    "renderer", "tokenizer", "validator", "exporter",
)  # fmt: skip


def build_hierarchy(
    rng: random.Random, groups: int, subgroups: int, leaves: tuple[int, int]
) -> JSONObject:
    """A 3-level D3 hierarchy: groups -> subgroups -> leaves with a numeric ``size``."""
    return {
        "name": "services",
        "children": [
            {
                "name": group,
                "children": [
                    {
                        "name": f"{group}.{subgroup}",
                        "children": [
                            {"name": leaf, "size": rng.randint(200, 9_000)}
                            for leaf in rng.sample(HIERARCHY_LEAVES, rng.randint(*leaves))
                        ],
                    }
                    for subgroup in HIERARCHY_SUBGROUPS[:subgroups]
                ],
            }
            for group in HIERARCHY_GROUPS[:groups]
        ],
    }


@endpoints.get("/dendrogram")
@endpoints.get("/circlepack")
@endpoints.get("/treemap")
def hierarchy() -> JSONObject:
    """D3 hierarchy {name, children: [{name, size?, children?}]}; ?simple=1, ?stress=1, ?radial"""
    if flag("stress"):
        return build_hierarchy(seeded(request.path, "stress"), 10, 10, (20, 20))
    if flag("simple"):
        return build_hierarchy(seeded(request.path, "simple"), 2, 2, (2, 2))
    return build_hierarchy(seeded(request.path), 5, 3, (2, 4))


@endpoints.get("/voronoi")
def voronoi() -> list[list[float]]:
    """Voronoi points [[x, y], ...]: 60 in 1000 x 600 (?stress=true: 2,000)."""
    stress = flag("stress")
    rng = seeded("voronoi", stress)
    return [
        [round(rng.uniform(0, 1000), 1), round(rng.uniform(0, 600), 1)]
        for _ in range(2_000 if stress else 60)
    ]


# Who calls whom in a made-up web service: the shape of the flame graph.
CALL_GRAPH: dict[str, tuple[str, ...]] = {
    "root": ("main", "gc.collect"),
    "main": ("serve_forever", "load_config", "setup_logging"),
    "serve_forever": ("handle_request", "selectors.select", "accept_connection"),
    "handle_request": ("parse_request", "dispatch", "write_response"),
    "parse_request": ("parse_headers", "json.loads"),
    "dispatch": ("auth.check_token", "views.dashboard", "views.chart_data"),
    "views.dashboard": ("db.fetch_dashboard", "render_template"),
    "views.chart_data": ("db.query", "json.dumps", "cache.get"),
    "db.fetch_dashboard": ("sqlite3.execute", "row_to_dict"),
    "db.query": ("sqlite3.execute", "sqlite3.fetchall", "row_to_dict"),
    "render_template": ("jinja2.get_template", "jinja2.render"),
    "jinja2.render": ("markupsafe.escape", "str.join"),
    "write_response": ("gzip.compress", "socket.sendall"),
    "load_config": ("open", "json.loads"),
    "setup_logging": ("logging.basicConfig",),
    "auth.check_token": ("base64.b64decode", "hmac.compare_digest"),
    "json.loads": ("json.decoder.raw_decode",),
    "json.dumps": ("json.encoder.iterencode",),
}
MAX_STACK_DEPTH = 10


def flame_frame(rng: random.Random, name: str, depth: int = 0) -> JSONObject:
    """A stack frame: its value is its own samples plus its callees' (never less than theirs)."""
    callees = CALL_GRAPH.get(name, ()) if depth < MAX_STACK_DEPTH else ()
    children = [flame_frame(rng, callee, depth + 1) for callee in callees]
    own_samples = rng.randint(1, 25) if children else rng.randint(5, 120)
    frame: JSONObject = {
        "name": name,
        "value": own_samples + sum(child["value"] for child in children),
    }
    if children:
        frame["children"] = children
    return frame


@endpoints.get("/flamegraph")
def flamegraph() -> JSONObject:
    """Flame graph {name, value, children}: a CPU profile of a made-up web service."""
    return flame_frame(seeded("flamegraph"), "root")


WORDS = (
    "dashboard", "chart", "metric", "latency", "throughput", "query", "cache", "index",
    "cluster", "deploy", "release", "pipeline", "stream", "batch", "schema", "widget",
    "layout", "grid", "module", "refresh", "filter", "series", "axis", "legend", "tooltip",
    "gauge", "histogram", "scatter", "heatmap", "treemap", "sparkline", "timeline", "graph",
    "node", "edge", "vertex", "sample", "trace", "span", "alert", "threshold", "uptime",
    "error", "warning", "request", "response", "payload", "endpoint", "server", "client",
    "browser", "render", "canvas", "pixel", "color", "palette", "theme", "export", "import",
    "report", "insight", "trend", "forecast", "anomaly", "baseline", "quantile", "median",
)  # fmt: skip


@endpoints.get("/wordcloud")
def wordcloud() -> list[JSONObject]:
    """Word cloud [{"text": word, "size": 10..90}], 60 words."""
    rng = seeded("wordcloud")
    # Squaring a uniform draw gives many small words and a few big ones, like real text.
    return [
        {"text": word, "size": 10 + round(80 * rng.random() ** 2)} for word in rng.sample(WORDS, 60)
    ]


@endpoints.get("/venn")
def venn() -> list[JSONObject]:
    """Venn diagram [{"sets": [...], "size": n, "label"?}] for 3 sets and their overlaps."""
    rng = seeded("venn")
    names = {"A": "Python", "B": "SQL", "C": "JavaScript"}
    sizes = {name: rng.randint(80, 160) for name in names}
    triple = rng.randint(4, 10)
    entries: list[JSONObject] = [
        {"sets": [name], "size": sizes[name], "label": label} for name, label in names.items()
    ]
    for first, second in (("A", "B"), ("A", "C"), ("B", "C")):
        # An overlap holds the triple overlap and stays well inside both of its sets.
        upper = min(sizes[first], sizes[second]) // 3
        entries.append({"sets": [first, second], "size": rng.randint(triple + 5, upper)})
    entries.append({"sets": ["A", "B", "C"], "size": triple})
    return entries


# --------------------------------------------------------------------------------------------
# Graphs: graphviz, cytoscape, sigma
# --------------------------------------------------------------------------------------------

PIPELINE_STEPS = {
    "ingest": "Ingest events",
    "parse": "Parse",
    "validate": "Validate",
    "enrich": "Enrich",
    "dedupe": "Deduplicate",
    "store": "Store",
    "aggregate": "Aggregate",
    "alert": "Alert rules",
    "report": "Daily report",
    "dashboard": "Dashboard",
}
PIPELINE_EDGES = (
    ("ingest", "parse", ""),
    ("parse", "validate", ""),
    ("validate", "enrich", "valid"),
    ("validate", "report", "rejected"),
    ("enrich", "dedupe", ""),
    ("dedupe", "store", ""),
    ("store", "aggregate", ""),
    ("aggregate", "alert", ""),
    ("aggregate", "report", ""),
    ("aggregate", "dashboard", ""),
    ("alert", "dashboard", ""),
)
FILE_TREE = {
    "project": ("src", "docs", "tests", "README.md"),
    "src": ("app.py", "models.py", "views.py", "static"),
    "static": ("style.css", "charts.js"),
    "docs": ("index.md", "setup.md"),
    "tests": ("test_app.py", "test_views.py"),
}


def dot_quote(text: str) -> str:
    """``text`` as a quoted DOT identifier or label."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot_digraph(nodes: dict[str, str], edges: Iterable[tuple[str, str, str]]) -> str:
    """DOT source of a left-to-right digraph: nodes map id -> label; edges are (from, to, label)"""
    lines = ["digraph {", '  rankdir="LR";']
    lines += [f"  {dot_quote(node)} [label={dot_quote(label)}];" for node, label in nodes.items()]
    for source, target, label in edges:
        attributes = f" [label={dot_quote(label)}]" if label else ""
        lines.append(f"  {dot_quote(source)} -> {dot_quote(target)}{attributes};")
    lines.append("}")
    return "\n".join(lines)


def file_tree_digraph() -> str:
    """DOT source of a made-up project's directory tree: directories point at what they hold."""
    edges = [
        (directory, child, "") for directory, children in FILE_TREE.items() for child in children
    ]
    names = {name for edge in edges for name in edge[:2]}
    labels = {name: name + "/" if name in FILE_TREE else name for name in sorted(names)}
    return dot_digraph(labels, edges)


@endpoints.get("/digraph")
def digraph() -> JSONObject:
    """Graphviz {"graph": "<dot source>"}: a data pipeline; ?simple=true, ?filetree=1."""
    if flag("filetree"):
        return {"graph": file_tree_digraph()}
    if flag("simple"):
        steps = ("ingest", "store", "dashboard")
        return {
            "graph": dot_digraph(
                {step: PIPELINE_STEPS[step] for step in steps},
                [("ingest", "store", ""), ("store", "dashboard", "")],
            )
        }
    return {"graph": dot_digraph(PIPELINE_STEPS, PIPELINE_EDGES)}


CYTOSCAPE_NODE_STYLE = {
    "background-color": "#457b9d",
    "label": "data(id)",
    "color": "#1d3557",
    "font-size": 10,
}
CYTOSCAPE_EDGE_STYLE = {
    "width": 2,
    "line-color": "#a8dadc",
    "target-arrow-color": "#a8dadc",
    "target-arrow-shape": "triangle",
    "curve-style": "bezier",  # arrows are only drawn on bezier-like edges
}


def cytoscape_edge(source: str, target: str, **data: Any) -> JSONObject:
    """A cytoscape edge element with a readable id."""
    return {"data": {"id": f"{source}-{target}", "source": source, "target": target, **data}}


def cytoscape_basic() -> JSONObject:
    """Five nodes as a flat element list, laid out as a tree."""
    nodes = ["a", "b", "c", "d", "e"]
    links = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("c", "e")]
    return {
        "elements": [{"data": {"id": node}} for node in nodes]
        + [cytoscape_edge(source, target) for source, target in links],
        "style": [
            {"selector": "node", "style": CYTOSCAPE_NODE_STYLE},
            {"selector": "edge", "style": CYTOSCAPE_EDGE_STYLE},
        ],
        "layout": {"name": "breadthfirst", "directed": True, "padding": 10},
    }


def cytoscape_circle() -> JSONObject:
    """A ring of twelve nodes with a few chords, on a circle layout."""
    nodes = [f"n{index}" for index in range(12)]
    ring = [(nodes[index], nodes[(index + 1) % len(nodes)]) for index in range(len(nodes))]
    chords = [(nodes[0], nodes[6]), (nodes[3], nodes[9]), (nodes[2], nodes[7])]
    return {
        "elements": {
            "nodes": [{"data": {"id": node}} for node in nodes],
            "edges": [cytoscape_edge(source, target) for source, target in ring + chords],
        },
        "style": [
            {"selector": "node", "style": {**CYTOSCAPE_NODE_STYLE, "background-color": "#e63946"}},
            {"selector": "edge", "style": CYTOSCAPE_EDGE_STYLE},
        ],
        "layout": {"name": "circle", "padding": 10},
    }


def cytoscape_compound() -> JSONObject:
    """Nodes inside parent nodes (``parent`` in node data), placed with a preset layout."""
    members = {"web": ("nginx", "app1", "app2"), "data": ("postgres", "redis"), "ops": ("metrics",)}
    positions = {
        "nginx": (60, 60),
        "app1": (160, 30),
        "app2": (160, 110),
        "postgres": (320, 40),
        "redis": (320, 120),
        "metrics": (240, 220),
    }
    nodes: list[JSONObject] = [{"data": {"id": parent}} for parent in members]
    for parent, children in members.items():
        for child in children:
            x, y = positions[child]
            nodes.append({"data": {"id": child, "parent": parent}, "position": {"x": x, "y": y}})
    links = [
        ("nginx", "app1"),
        ("nginx", "app2"),
        ("app1", "postgres"),
        ("app2", "postgres"),
        ("app1", "redis"),
        ("metrics", "nginx"),
    ]
    return {
        "elements": {
            "nodes": nodes,
            "edges": [cytoscape_edge(source, target) for source, target in links],
        },
        "style": [
            {"selector": "node", "style": CYTOSCAPE_NODE_STYLE},
            {
                "selector": ":parent",
                "style": {
                    "background-color": "#f1faee",
                    "border-color": "#457b9d",
                    "text-valign": "top",
                    "padding": 12,
                },
            },
            {"selector": "edge", "style": CYTOSCAPE_EDGE_STYLE},
        ],
        "layout": {"name": "preset", "padding": 10},
    }


def cytoscape_grid() -> JSONObject:
    """Sixteen nodes wired as a lattice, on a 4-column grid layout."""
    size = 4
    nodes = [f"r{row}c{col}" for row in range(size) for col in range(size)]
    links = []
    for row in range(size):
        for col in range(size):
            if col + 1 < size:
                links.append((f"r{row}c{col}", f"r{row}c{col + 1}"))
            if row + 1 < size:
                links.append((f"r{row}c{col}", f"r{row + 1}c{col}"))
    return {
        "elements": {
            "nodes": [{"data": {"id": node}} for node in nodes],
            "edges": [cytoscape_edge(source, target) for source, target in links],
        },
        "style": [
            {"selector": "node", "style": {**CYTOSCAPE_NODE_STYLE, "shape": "round-rectangle"}},
            {"selector": "edge", "style": {**CYTOSCAPE_EDGE_STYLE, "target-arrow-shape": "none"}},
        ],
        "layout": {"name": "grid", "cols": size, "padding": 10},
    }


def cytoscape_labels() -> JSONObject:
    """Nodes and edges showing their ``label`` data, on a concentric layout."""
    roles = {"hub": "Message hub", "api": "Public API", "web": "Web app", "jobs": "Job runner"}
    roles.update({"mail": "Mailer", "db": "Database", "cache": "Cache"})
    links = [
        ("web", "api", "HTTPS"),
        ("api", "hub", "publish"),
        ("hub", "jobs", "consume"),
        ("jobs", "mail", "SMTP"),
        ("api", "db", "SQL"),
        ("api", "cache", "get/set"),
        ("jobs", "db", "SQL"),
    ]
    return {
        "elements": {
            "nodes": [{"data": {"id": node, "label": label}} for node, label in roles.items()],
            "edges": [
                cytoscape_edge(source, target, label=label) for source, target, label in links
            ],
        },
        "style": [
            {
                "selector": "node",
                "style": {**CYTOSCAPE_NODE_STYLE, "label": "data(label)", "text-valign": "bottom"},
            },
            {
                "selector": "edge",
                "style": {
                    **CYTOSCAPE_EDGE_STYLE,
                    "label": "data(label)",
                    "font-size": 8,
                    "text-rotation": "autorotate",
                },
            },
        ],
        "layout": {"name": "concentric", "padding": 10, "minNodeSpacing": 30},
    }


CYTOSCAPE_GRAPHS: dict[str, Callable[[], JSONObject]] = {
    "basic": cytoscape_basic,
    "circle": cytoscape_circle,
    "compound": cytoscape_compound,
    "grid": cytoscape_grid,
    "labels": cytoscape_labels,
}


@endpoints.get("/cytoscape")
def cytoscape() -> JSONObject:
    """Cytoscape options {elements, style, layout}; ?name=basic|circle|compound|grid|labels."""
    return CYTOSCAPE_GRAPHS[choice_arg("name", CYTOSCAPE_GRAPHS, "basic")]()


SIGMA_COLORS = ("#e63946", "#457b9d", "#2a9d8f", "#f4a261", "#6a4c93", "#8ab17d")
MAX_SIGMA_NODES = 200


def sigma_nodes(labels: list[str], rng: random.Random, on_circle: bool) -> list[JSONObject]:
    """Sigma nodes with ids n0, n1...: on a circle, or scattered at random."""
    nodes = []
    for index, label in enumerate(labels):
        if on_circle:
            angle = 2 * math.pi * index / len(labels)
            x, y = round(math.cos(angle), 4), round(math.sin(angle), 4)
        else:
            x, y = round(rng.uniform(0, 1), 4), round(rng.uniform(0, 1), 4)
        nodes.append(
            {
                "id": f"n{index}",
                "label": label,
                "x": x,
                "y": y,
                "size": rng.randint(2, 8),
                "color": SIGMA_COLORS[index % len(SIGMA_COLORS)],
            }
        )
    return nodes


def sigma_edges(pairs: Iterable[tuple[int, int]]) -> list[JSONObject]:
    """Sigma edges between nodes n<source> and n<target>."""
    return [
        {"id": f"e{index}", "source": f"n{source}", "target": f"n{target}", "color": "#bbbbbb"}
        for index, (source, target) in enumerate(pairs)
    ]


def random_pairs(rng: random.Random, node_count: int, edge_count: int) -> list[tuple[int, int]]:
    """Up to ``edge_count`` distinct node pairs, no self-loops."""
    possible = node_count * (node_count - 1) // 2
    wanted = min(edge_count, possible)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < wanted:
        source, target = sorted(rng.sample(range(node_count), 2))
        pairs.add((source, target))
    return sorted(pairs)


@endpoints.get("/sigma")
def sigma() -> JSONObject:
    """Sigma graph {nodes, edges}; ?name=basic|random, &nodes=<text>: one node per character."""
    name = choice_arg("name", ("basic", "random"), "basic")
    characters = list(text_arg("nodes", "", MAX_SIGMA_NODES))
    rng = seeded("sigma", name, "".join(characters))
    if name == "random":
        labels = characters or [f"Node {index}" for index in range(30)]
        count = len(labels)
        nodes = sigma_nodes(labels, rng, on_circle=False)
        return {"nodes": nodes, "edges": sigma_edges(random_pairs(rng, count, count * 5 // 3))}
    labels = characters or ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"]
    count = len(labels)
    # A ring, plus spokes from the first node so the basic graph is not just a circle.
    ring = [(index, (index + 1) % count) for index in range(count)] if count > 1 else []
    spokes = [(0, index) for index in range(2, count - 1)] if not characters else []
    nodes = sigma_nodes(labels, rng, on_circle=True)
    return {"nodes": nodes, "edges": sigma_edges(sorted(set(ring + spokes)))}


# --------------------------------------------------------------------------------------------
# Tables, timelines, sparklines
# --------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Kaori", "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara",
)  # fmt: skip
LAST_NAMES = (
    "Abbot", "Brandt", "Castillo", "Dumont", "Eriksen", "Fontaine", "Garcia", "Horvat",
    "Ibsen", "Jansen", "Kowalski", "Laurent", "Moreau", "Novak", "Okafor", "Petrov",
)  # fmt: skip
CITIES = (
    "Lisbon", "Oslo", "Lyon", "Porto", "Turin", "Ghent", "Bergen", "Graz", "Krakow", "Malmo",
)  # fmt: skip
TABLE_COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("email", "Email"),
    ("city", "City"),
    ("amount", "Amount ($)"),
    ("date", "Date"),
)


def table_rows(count: int) -> list[JSONObject]:
    """``count`` made-up customer orders, all with the keys of TABLE_COLUMNS."""
    rng = seeded("dtable", count)
    start = date(2025, 1, 1)
    rows = []
    for row_id in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            {
                "id": row_id,
                "name": f"{first} {last}",
                "email": f"{first}.{last}{row_id}@example.com".lower(),
                "city": rng.choice(CITIES),
                "amount": round(rng.uniform(5, 2_500), 2),
                "date": (start + timedelta(days=rng.randint(0, 364))).isoformat(),
            }
        )
    return rows


@endpoints.get("/dtable")
def dtable() -> Any:
    """DataTable rows [{id, name, email, city, amount, date}] x 40; ?override=1, ?stress=true."""
    rows = table_rows(10_000 if flag("stress") else 40)
    if not flag("override"):
        return rows
    return {
        "data": rows,
        "columns": [{"data": key, "title": title} for key, title in TABLE_COLUMNS],
        "pageLength": 5,
        "lengthMenu": [5, 10, 25, 50],
        "order": [[1, "asc"]],
    }


TIMELINE_EVENTS = (
    (
        (2024, 3, 4),
        "Kick-off",
        "Four people, one whiteboard and a list of charts to build.",
        "Team",
    ),
    ((2024, 5, 20), "First prototype", "Line and bar charts from a JSON file on disk.", "Product"),
    ((2024, 9, 2), "Storage backends", "Dashboards saved in SQLite and MongoDB.", "Engineering"),
    ((2024, 11, 15), "Beta", "Twenty teams try it; feedback pours in.", "Product"),
    ((2025, 2, 10), "Grid layouts", "Rows and columns replace pixel positions.", "Engineering"),
    ((2025, 6, 30), "1.0 release", "Stable configuration format, documented.", "Product"),
    ((2025, 10, 8), "New maintainers", "Two more people join the project.", "Team"),
    ((2026, 1, 12), "Plotly and Vega", "Two more chart families.", "Engineering"),
)


@endpoints.get("/timeline")
def timeline() -> JSONObject:
    """TimelineJS 3 document {title, events: [{start_date, text, group}]}: 8 events, no media."""
    return {
        "title": {
            "text": {
                "headline": "A dashboard project",
                "text": "<p>Milestones of a made-up open-source dashboard tool.</p>",
            }
        },
        "events": [
            {
                "start_date": {"year": str(year), "month": str(month), "day": str(day)},
                "text": {"headline": headline, "text": f"<p>{text}</p>"},
                "group": group,
            }
            for (year, month, day), headline, text, group in TIMELINE_EVENTS
        ],
    }


SPARKLINE_TYPES = ("line", "bar", "tristate", "discrete", "bullet", "pie", "box")


def sparkline_values(kind: str, pairs: bool) -> list[Any]:
    """Data shaped for a jQuery sparkline of type ``kind`` (see SPARKLINE_TYPES)."""
    rng = seeded("sparklines", kind, pairs)
    if kind == "tristate":
        return [rng.choice((-1, 0, 1)) for _ in range(30)]
    if kind == "discrete":
        return [rng.randint(1, 9) for _ in range(30)]
    if kind == "pie":
        return [rng.randint(5, 50) for _ in range(rng.randint(3, 5))]
    if kind == "bullet":
        # [target, performance, range1, range2, range3]: ranges drawn largest first.
        high = rng.randint(80, 100)
        middle = rng.randint(50, high - 10)
        low = rng.randint(20, middle - 10)
        return [rng.randint(middle, high), rng.randint(low, high), high, middle, low]
    if kind == "box":
        values = [round(rng.gauss(50, 10), 1) for _ in range(28)]
        return values + [round(rng.uniform(90, 110), 1), round(rng.uniform(-10, 5), 1)]
    if kind == "bar":
        return random_walk(rng, 30, -20, 80, 25)
    values = random_walk(rng, 30, 0, 100, 12)
    if not pairs:
        return values
    x = 0
    points = []
    for value in values:
        x += rng.randint(1, 4)  # uneven x steps: the reason to send pairs at all
        points.append([x, value])
    return points


@endpoints.get("/sparklines")
def sparklines() -> list[Any]:
    """Sparkline values (30 numbers); ?type=line|bar|tristate|discrete|bullet|pie|box, ?pairs=1."""
    return sparkline_values(choice_arg("type", SPARKLINE_TYPES, "line"), flag("pairs"))


# --------------------------------------------------------------------------------------------
# Vega-Lite specs and the data files they load
# --------------------------------------------------------------------------------------------

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
YEAR_2000 = {"filter": "datum.year == 2000"}
GENDER = {"calculate": "datum.sex == 2 ? 'Female' : 'Male'", "as": "gender"}


def anscombe_rows() -> list[JSONObject]:
    """Four series (I..IV) of 11 points with different shapes, in the spirit of Anscombe."""
    rng = seeded("anscombe")
    rows = []
    for x in range(4, 15):
        rows.append({"Series": "I", "X": x, "Y": round(3 + 0.5 * x + rng.gauss(0, 1.1), 2)})
        bend = -0.13 * x * x + 2.8 * x - 6
        rows.append({"Series": "II", "X": x, "Y": round(bend + rng.gauss(0, 0.05), 2)})
        outlier = 4.0 if x == 13 else 0.0
        rows.append({"Series": "III", "X": x, "Y": round(4 + 0.35 * x + outlier, 2)})
        lone_x = 19 if x == 8 else 8
        lone_y = 12.5 if x == 8 else rng.uniform(5.5, 9)
        rows.append({"Series": "IV", "X": lone_x, "Y": round(lone_y, 2)})
    return rows


def barley_rows() -> list[JSONObject]:
    """Yields of 10 made-up barley varieties at 6 sites over 2 years."""
    rng = seeded("barley")
    varieties = (
        "Amberlight",
        "Bristlecone",
        "Copperhead",
        "Dunmore",
        "Eastwind",
        "Fairhaven",
        "Goldcrest",
        "Highmoor",
        "Ironside",
        "Juniper",
    )
    sites = ("Northfield", "Riverbend", "Stonebridge", "Westmoor", "Elmhurst", "Lakeview")
    site_effect = {site: rng.uniform(-12, 12) for site in sites}
    variety_effect = {variety: rng.uniform(-6, 6) for variety in varieties}
    return [
        {
            "yield": round(
                34
                + site_effect[site]
                + variety_effect[variety]
                + (year - 2024) * 3
                + rng.gauss(0, 3),
                2,
            ),
            "variety": variety,
            "year": year,
            "site": site,
        }
        for year in (2024, 2025)
        for site in sites
        for variety in varieties
    ]


def car_rows() -> list[JSONObject]:
    """150 made-up car models with engine, weight and economy figures (a few unknown: null)."""
    rng = seeded("cars")
    makers = {
        "arden": "USA",
        "bexley": "USA",
        "corvan": "USA",
        "dalton": "USA",
        "everly": "Europe",
        "fennick": "Europe",
        "galway": "Europe",
        "hoshi": "Japan",
        "isamu": "Japan",
        "kenta": "Japan",
    }
    models = ("comet", "ranger", "breeze", "falcon", "harbor", "summit", "vista", "meadow")
    rows = []
    for _ in range(150):
        maker = rng.choice(list(makers))
        cylinders = rng.choices((3, 4, 5, 6, 8), weights=(1, 20, 1, 9, 8))[0]
        displacement = round(cylinders * rng.uniform(30, 50))
        horsepower: int | None = round(displacement * rng.uniform(0.35, 0.55) + 20)
        weight = round(1_400 + displacement * rng.uniform(7, 10))
        mpg: float | None = round(max(9.0, 52 - horsepower * 0.18 - weight / 400), 1)
        acceleration = round(max(8.0, 24 - horsepower / 18 + rng.gauss(0, 1)), 1)
        if rng.random() < 0.05:
            mpg = None
        if rng.random() < 0.03:
            horsepower = None
        rows.append(
            {
                "Name": f"{maker} {rng.choice(models)} {rng.randint(100, 990)}",
                "Miles_per_Gallon": mpg,
                "Cylinders": cylinders,
                "Displacement": displacement,
                "Horsepower": horsepower,
                "Weight_in_lbs": weight,
                "Acceleration": acceleration,
                "Year": f"{rng.randint(1970, 1982)}-01-01",
                "Origin": makers[maker],
            }
        )
    return rows


def github_csv() -> str:
    """Commits per hour over two weeks as CSV (time,count): busy on weekday afternoons."""
    rng = seeded("github")
    start = datetime(2026, 1, 5)  # a Monday
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["time", "count"])
    for hour in range(14 * 24):
        moment = start + timedelta(hours=hour)
        workday = moment.weekday() < 5
        office_hours = 9 <= moment.hour < 19
        mean = (12 if office_hours else 2) * (1 if workday else 0.3)
        # No timezone suffix: browsers read the time as local, so hours stay where they were.
        writer.writerow([moment.strftime("%Y-%m-%dT%H:%M:%S"), max(0, round(rng.gauss(mean, 2)))])
    return out.getvalue()


def movie_rows() -> list[JSONObject]:
    """300 made-up films with ratings, genre, budget and gross (some ratings null)."""
    rng = seeded("movies")
    adjectives = ("Silent", "Crimson", "Last", "Hidden", "Broken", "Golden", "Endless", "Wild")
    nouns = ("Harbor", "Signal", "Orchard", "Frontier", "Echo", "Lantern", "Meridian", "Tide")
    genres = ("Drama", "Comedy", "Action", "Thriller", "Adventure", "Horror", "Documentary")
    rows = []
    for index in range(300):
        quality = rng.gauss(0, 1)
        imdb: float | None = round(min(9.6, max(1.5, 6.4 + 1.1 * quality)), 1)
        tomatoes: int | None = round(min(100, max(0, 60 + 22 * quality + rng.gauss(0, 12))))
        budget = rng.randint(1, 200) * 1_000_000
        gross = round(budget * max(0.05, rng.lognormvariate(0.6 + 0.3 * quality, 0.8)))
        if rng.random() < 0.05:
            imdb = None
        if rng.random() < 0.15:
            tomatoes = None
        rows.append(
            {
                "Title": f"The {rng.choice(adjectives)} {rng.choice(nouns)} {index + 1}",
                "Major_Genre": rng.choice(genres),
                "IMDB_Rating": imdb,
                "Rotten_Tomatoes_Rating": tomatoes,
                "Production_Budget": budget,
                "Worldwide_Gross": gross,
                "US_Gross": round(gross * rng.uniform(0.3, 0.7)),
                "Running_Time_min": rng.randint(80, 170),
                "MPAA_Rating": rng.choice(("G", "PG", "PG-13", "R")),
                "Release_Date": (
                    date(1990, 1, 1) + timedelta(days=rng.randint(0, 12_000))
                ).isoformat(),
            }
        )
    return rows


def population_rows() -> list[JSONObject]:
    """People per 5-year age group and sex (1 male, 2 female), every 10 years 1900-2000."""
    rng = seeded("population")
    rows = []
    for year in range(1900, 2001, 10):
        cohort = 1_500_000 * (1 + (year - 1900) / 60)  # a growing population
        for age in range(0, 91, 5):
            for sex in (1, 2):
                survival = math.exp(-age / (40 if sex == 1 else 46))
                people = cohort * survival * rng.uniform(0.92, 1.08)
                rows.append({"year": year, "age": age, "sex": sex, "people": round(people)})
    return rows


def unemployment_rows() -> list[JSONObject]:
    """Monthly unemployed counts and rates for 10 industries, 2000-2009 (a slump in 2008-09)."""
    rng = seeded("unemployment")
    industries = {
        "Construction": 900,
        "Manufacturing": 1_100,
        "Retail": 1_000,
        "Finance": 300,
        "Education and Health": 600,
        "Leisure and hospitality": 900,
        "Transportation": 350,
        "Information": 150,
        "Agriculture": 150,
        "Government": 500,
    }
    rows = []
    for series, base in industries.items():
        labour_force = base * rng.uniform(12, 20)
        for year in range(2000, 2010):
            for month in range(1, 13):
                months_since_2008 = (year - 2008) * 12 + month
                slump = 1 + 0.8 * max(0, min(months_since_2008, 24)) / 24
                seasonal = 1 + 0.12 * math.cos(2 * math.pi * (month - 1) / 12)
                count = round(base * slump * seasonal * rng.uniform(0.9, 1.1))
                rows.append(
                    {
                        "series": series,
                        "year": year,
                        "month": month,
                        "count": count,
                        "rate": round(100 * count / labour_force, 1),
                        # Midday local time: the month is right whatever the viewer's timezone.
                        "date": f"{year}-{month:02d}-01T12:00:00",
                    }
                )
    return rows


# name -> (builder, mimetype); builders are cached: the files never change while running.
DATA_FILES: dict[str, tuple[Callable[[], Any], str]] = {
    "anscombe.json": (cache(anscombe_rows), "application/json"),
    "barley.json": (cache(barley_rows), "application/json"),
    "cars.json": (cache(car_rows), "application/json"),
    "github.csv": (cache(github_csv), "text/csv"),
    "movies.json": (cache(movie_rows), "application/json"),
    "population.json": (cache(population_rows), "application/json"),
    "unemployment-across-industries.json": (cache(unemployment_rows), "application/json"),
}


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


@endpoints.get("/vegalite")
def vegalite() -> JSONObject:
    """A Vega-Lite v5 spec; ?type=bar|scatterplot|punchcard|... (see "vegalite_types" in /)."""
    specs = vega_lite_specs()
    return specs[choice_arg("type", specs, "bar")]


@endpoints.get("/data/<path:filename>")
def data_file(filename: str) -> Response:
    """A generated data set that Vega-Lite specs load by relative url (see "data_files" in /)."""
    if filename not in DATA_FILES:
        raise NotFound(f"No data file {filename!r}; there are: {', '.join(DATA_FILES)}.")
    build, mimetype = DATA_FILES[filename]
    if mimetype == "text/csv":
        return Response(build(), mimetype=mimetype)
    return current_app.json.response(build())


# --------------------------------------------------------------------------------------------
# Plotly figures
# --------------------------------------------------------------------------------------------
# Written for current Plotly.js: titles are {"text": ...} objects, polar charts use
# scatterpolar/barpolar with layout.polar, maps use scattergeo/choropleth with layout.geo.

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


@endpoints.get("/plotly")
def plotly() -> JSONObject:
    """A Plotly figure {data, layout}; ?chart=scatter|polar|... (see "plotly_charts" in /)"""
    return plotly_figure(choice_arg("chart", PLOTLY_CHARTS, "scatter"))


@endpoints.get("/plotly-dynamic")
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


# --------------------------------------------------------------------------------------------
# Errors, index, app
# --------------------------------------------------------------------------------------------


@endpoints.get("/deadend")
def deadend() -> tuple[JSONObject, int]:
    """An error on purpose: ?error_code=400-599 (default 500); ?sleep=1&sleep_for=<s> waits first"""
    status = int_arg("error_code", 500, 0, 999)
    if not 400 <= status <= 599:
        status = 500
    if flag("sleep"):
        time.sleep(float_arg("sleep_for", 0.0, 0.0, MAX_SLEEP_SECONDS))
    return {"error": f"This endpoint always fails (status {status}), on purpose."}, status


# --------------------------------------------------------------------------------------------
# The data utilities' output (flask_jsondash.data_utils), on this project's own files
# --------------------------------------------------------------------------------------------

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def package_folder(*parts: str) -> str:
    """A folder of the installed flask_jsondash package (a checkout or a wheel alike)."""
    import flask_jsondash

    return os.path.join(os.path.dirname(os.path.abspath(flask_jsondash.__file__)), *parts)


@endpoints.get("/datautils/filetree")
def datautils_filetree() -> JSONObject:
    """The library's source folder as a D3 hierarchy, made by data_utils.filetree (?depth=)"""
    from flask_jsondash.data_utils.filetree import filetree

    depth = int_arg("depth", 3, 1, 6)
    return filetree(package_folder(), max_depth=depth)


@endpoints.get("/datautils/digraph")
def datautils_digraph() -> JSONObject:
    """The library's templates folder as a dot digraph, made by data_utils.filetree_digraph"""
    from flask_jsondash.data_utils.filetree_digraph import filetree_digraph

    return {"graph": filetree_digraph(package_folder("templates"))}


@endpoints.get("/datautils/wordcloud")
def datautils_wordcloud() -> list[JSONObject]:
    """The README's most frequent words, made by data_utils.wordcloud (?words=)"""
    from flask_jsondash.data_utils.wordcloud import word_sizes

    readme = os.path.join(PROJECT_ROOT, "README.md")
    if not os.path.exists(readme):
        raise NotFound("README.md is not beside example_app/ here.")
    with open(readme, encoding="utf-8") as handle:
        return word_sizes(handle.read(), max_words=int_arg("words", 60, 5, 200))


@endpoints.get("/")
def index() -> JSONObject:
    """This list of routes, with the choices of the routes that take a name."""
    routes = sorted(
        (
            (rule.rule, current_app.view_functions[rule.endpoint])
            for rule in current_app.url_map.iter_rules()
            if rule.endpoint != "static"
        ),
        key=lambda route: route[0],
    )
    return {
        "name": "flask_jsondash example data server",
        "routes": [
            {
                "path": path,
                "description": (view.__doc__ or "").strip().partition("\n")[0].rstrip("."),
            }
            for path, view in routes
        ],
        "cytoscape_names": list(CYTOSCAPE_GRAPHS),
        "data_files": [f"/data/{name}" for name in DATA_FILES],
        "plotly_charts": list(PLOTLY_CHARTS),
        "sparkline_types": list(SPARKLINE_TYPES),
        "vegalite_types": list(vega_lite_specs()),
    }


def allow_cross_origin(response: Response) -> Response:
    """CORS for every response: dashboards on any origin may fetch this data."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    # Preflights ask for the headers they will send; allowing exactly those keeps it simple.
    requested = request.headers.get("Access-Control-Request-Headers")
    response.headers["Access-Control-Allow-Headers"] = requested or "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def http_error_as_json(error: HTTPException) -> tuple[JSONObject, int]:
    """Errors as JSON, like everything else here (a 404 names what exists)."""
    return {"error": error.name, "description": error.description}, error.code or 500


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the data server; ``config`` overrides Flask settings (tests pass TESTING)."""
    app = Flask(__name__)
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep series in the order built
    app.register_blueprint(endpoints)
    app.after_request(allow_cross_origin)
    app.register_error_handler(HTTPException, http_error_as_json)
    return app


app = create_app()


def port_from_environment() -> int:
    """ENDPOINTS_PORT as a port number (default 5004); exits with a message if it is not one."""
    raw = os.environ.get("ENDPOINTS_PORT", "").strip()
    if not raw:
        return DEFAULT_PORT
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise SystemExit(f"ENDPOINTS_PORT must be a port number (1-65535), not {raw!r}")
    return int(raw)


def main() -> None:
    """Serve on ENDPOINTS_HOST:ENDPOINTS_PORT (default 127.0.0.1:5004), one thread per request."""
    host = os.environ.get("ENDPOINTS_HOST", "").strip() or DEFAULT_HOST
    app.run(host=host, port=port_from_environment(), threaded=True)


if __name__ == "__main__":
    main()
