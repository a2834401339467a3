"""The example data server (the package example_app/endpoints/): what each route serves, how its
query parameters change it, the index of routes, CORS, deliberate errors, and the real server over
HTTP."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from html import escape
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from helpers import fetch_when_up, free_port

from example_app import endpoints
from example_app.endpoints import create_app, failures

EXAMPLE_APP_DIR = os.path.dirname(os.path.dirname(os.path.abspath(endpoints.__file__)))
REPOSITORY_DIR = os.path.dirname(EXAMPLE_APP_DIR)

# The query parameters each route reads (the hostile-values test sets every one of them).
ROUTE_PARAMS: dict[str, tuple[str, ...]] = {
    "/": (),
    "/line": ("stress",),
    "/bar": ("stress",),
    "/pie": ("stress",),
    "/scatter": ("override",),
    "/timeseries": (),
    "/timeseriesc3": (),
    "/combination": (),
    "/stacked-bar": (),
    "/area-custom": (),
    "/gauge": (),
    "/custom-inputs": ("range", "entries", "starting_num", "prefix", "show_axes", "override"),
    "/shared": (),
    "/singlenum": ("sales", "negative"),
    "/numbergroup": ("dataset",),
    "/custom": (),
    "/dendrogram": ("simple", "radial", "stress"),
    "/circlepack": ("simple", "radial", "stress"),
    "/treemap": ("simple", "radial", "stress"),
    "/voronoi": ("stress",),
    "/flamegraph": (),
    "/wordcloud": (),
    "/venn": (),
    "/digraph": ("simple", "filetree"),
    "/cytoscape": ("name",),
    "/sigma": ("name", "nodes"),
    "/dtable": ("override", "stress"),
    "/timeline": (),
    "/sparklines": ("type", "pairs"),
    "/vegalite": ("type",),
    "/plotly": ("chart",),
    "/plotly-dynamic": (),
    "/deadend": ("sleep", "sleep_for", "error_code"),
    "/data/cars.json": (),
    "/data/github.csv": (),
}
# The module of example_app/endpoints/ that serves each route (every rule of the url_map).
ROUTE_MODULES: dict[str, str] = {
    "/": "index",
    **dict.fromkeys(
        ("/line", "/bar", "/pie", "/scatter", "/timeseries", "/timeseriesc3", "/combination",
         "/stacked-bar", "/area-custom", "/gauge", "/custom-inputs", "/shared"),
        "c3",
    ),
    **dict.fromkeys(("/singlenum", "/numbergroup", "/custom"), "basic"),
    **dict.fromkeys(
        ("/dendrogram", "/circlepack", "/treemap", "/voronoi", "/flamegraph", "/wordcloud",
         "/venn"),
        "d3",
    ),
    **dict.fromkeys(("/digraph", "/cytoscape", "/sigma"), "graphs"),
    **dict.fromkeys(("/dtable", "/timeline"), "tables"),
    "/sparklines": "sparklines",
    "/vegalite": "vega",
    "/data/<path:filename>": "datasets",
    **dict.fromkeys(("/plotly", "/plotly-dynamic"), "plotly"),
    "/deadend": "failures",
    # Tested in test_example_endpoints_time.py: they answer 400 to values they cannot use.
    **dict.fromkeys(("/metrics", "/hosts", "/regions", "/envs", "/deploys"), "explore"),
    **dict.fromkeys(
        ("/datautils/filetree", "/datautils/digraph", "/datautils/wordcloud"), "datautils"
    ),
}  # fmt: skip
NOT_JSON = {"/custom": "text/html", "/data/github.csv": "text/csv"}
JSON_ROUTES = [path for path in ROUTE_PARAMS if path not in NOT_JSON and path != "/deadend"]

VEGA_LITE_TYPES = (
    "bar", "bar_aggregate", "bar_grouped", "becker_barley_trellis", "binned_scatterplot",
    "horizontal_error_bars", "lifelines", "normalized_stacked_area", "punchcard", "rect_heatmap",
    "scatterplot", "stacked_area", "stacked_area_stream", "stacked_bar_h", "stacked_normalized",
    "tick_strip", "trellis_anscombe",
)  # fmt: skip
VEGA_LITE_COMPOSITIONS = ("layer", "facet", "repeat", "hconcat", "vconcat", "concat")
PLOTLY_CHARTS = (
    "bar_line_dynamic", "boxplot", "bubblemap", "cat_dot_plot", "clustering3d",
    "contour-colorscale", "contour-null", "contour-plot-crazy", "contour-plot-grad",
    "contour-smooth", "contour", "error_bars", "fancy-scatter-wind", "fancy-scatter", "heatmap",
    "histogram-2d", "histogram-contour", "histogram", "inset", "labels_plot", "logplot",
    "orthographic", "polar", "randomwalk3d", "ribbon3d", "scatter", "scatter3d", "scattermap",
    "subplot", "subplot3d", "surface3d", "ternary-lines", "ternary", "windrose",
    "world-chloropleth",
)  # fmt: skip
POLAR_TRACE_TYPES = {"scatterpolar", "scatterpolargl", "barpolar"}
CYTOSCAPE_CORE_LAYOUTS = {
    "grid",
    "circle",
    "concentric",
    "breadthfirst",
    "cose",
    "random",
    "preset",
}
SPARKLINE_TYPES = ("line", "bar", "tristate", "discrete", "bullet", "pie", "box")
HOSTILE_VALUES = [
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "-0.0",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "99999999999999999999",
    "9" * 5000,
    "true",
    "null",
    "[]",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "\x00",
    "é中🙂",
    "' OR 1=1 --",
    "\r\nX-Injected: 1",
]
# Same URL, same payload: every route except the one that is meant to change.
DETERMINISTIC_URLS = [path for path in JSON_ROUTES if path not in ("/", "/plotly-dynamic")] + [
    "/line?stress=true",
    "/scatter?override=true",
    "/custom-inputs?range=7&entries=4&prefix=p&starting_num=3",
    "/treemap?stress=true",
    "/sigma?name=random",
    "/sigma?nodes=dashboard",
    "/dtable?override=1",
    "/sparklines?type=box",
    "/vegalite?type=lifelines",
    "/plotly?chart=surface3d",
    "/data/movies.json",
    "/data/github.csv",
]


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


def get_json(client, url: str, status: int = 200) -> Any:
    """GET ``url`` and return its JSON body, checking the status, the content type and that
    dashboards on any origin may read it (CORS)."""
    response = client.get(url)
    assert response.status_code == status, (url, response.data[:300])
    assert response.mimetype == "application/json", url
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    return response.get_json()


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key, item
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def leaves(node: dict) -> list[dict]:
    if not node.get("children"):
        return [node]
    return [leaf for child in node["children"] for leaf in leaves(child)]


def depth(node: dict) -> int:
    return 1 + max((depth(child) for child in node.get("children", [])), default=0)


def assert_series_object(payload: dict, series: int, points: int) -> None:
    assert len(payload) == series
    for values in payload.values():
        assert len(values) == points
        assert all(is_number(value) for value in values)


# --- index, CORS ---------------------------------------------------------------------------


def test_index_lists_every_route_with_a_description(client):
    index = get_json(client, "/")
    listed = {route["path"]: route["description"] for route in index["routes"]}
    expected = {path for path in ROUTE_PARAMS if not path.startswith("/data/")} | {
        "/data/<path:filename>"
    }
    assert expected <= set(listed)
    assert all(description.strip() for description in listed.values())
    assert set(index["plotly_charts"]) == set(PLOTLY_CHARTS)
    assert set(index["vegalite_types"]) == set(VEGA_LITE_TYPES)


def test_index_lists_every_rule_of_the_url_map_with_its_methods_and_module(client):
    app = client.application
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]
    listed = {route["path"]: route for route in get_json(client, "/")["routes"]}
    assert sorted(listed) == sorted(rule.rule for rule in rules) == sorted(ROUTE_MODULES)
    for rule in rules:
        route = listed[rule.rule]
        assert route["methods"] == sorted(rule.methods) and "GET" in route["methods"]
        assert route["module"] == app.view_functions[rule.endpoint].__module__
        assert route["module"] == f"{endpoints.__name__}.{ROUTE_MODULES[rule.rule]}", rule.rule


def test_index_is_built_from_the_url_map():
    app = create_app({"TESTING": True})
    app.add_url_rule("/extra", "extra", lambda: {"ok": True}, methods=["GET", "POST"])
    listed = {route["path"]: route for route in get_json(app.test_client(), "/")["routes"]}
    assert listed["/extra"]["methods"] == ["GET", "HEAD", "OPTIONS", "POST"]
    assert listed["/extra"]["module"] == __name__


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(
    "accept, mimetype",
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        ("application/json, text/javascript, */*; q=0.01", "application/json"),
        ("text/html", "text/html"),
        (BROWSER_ACCEPT, "text/html"),
    ],
)
def test_index_is_html_when_the_client_prefers_it(client, accept, mimetype):
    response = client.get("/", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    assert "accept" in {header.lower() for header in response.vary}
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_index_html_has_a_row_per_route(client):
    html = client.get("/", headers={"Accept": BROWSER_ACCEPT}).get_data(as_text=True)
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", html)
    shown = [(re.sub("<[^>]+>", "", path), methods, module) for path, methods, module, _ in rows]
    assert shown == [
        (escape(route["path"]), ", ".join(route["methods"]), route["module"])
        for route in get_json(client, "/")["routes"]
    ]
    assert '<a href="/line">/line</a>' in html
    assert "<script" not in html.lower()
    for name in get_json(client, "/")["plotly_charts"]:
        assert name in html


@pytest.mark.parametrize("path", ROUTE_PARAMS)
def test_every_route_answers_with_its_content_type_and_cors(client, path):
    response = client.get(path)
    assert response.status_code == (500 if path == "/deadend" else 200)
    assert response.mimetype == NOT_JSON.get(path, "application/json")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    if path not in NOT_JSON:
        assert response.get_json() is not None


def test_preflight_requests_are_allowed(client):
    response = client.options(
        "/line",
        headers={
            "Origin": "http://dashboards.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-Requested-With",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]
    assert "x-requested-with" in response.headers["Access-Control-Allow-Headers"].lower()


def test_errors_are_json_with_cors(client):
    body = get_json(client, "/no-such-route", status=404)
    assert body["error"] == "Not Found"
    assert client.get("/no-such-route").headers["Access-Control-Allow-Origin"] == "*"


# --- C3 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path, prefix", [("/line", "line"), ("/bar", "bar")])
def test_line_and_bar_are_three_series_of_ten(client, path, prefix):
    payload = get_json(client, path)
    assert_series_object(payload, series=3, points=10)
    assert all(name.startswith(prefix) for name in payload)


@pytest.mark.parametrize("path", ["/line", "/bar"])
def test_stress_line_and_bar_are_300_by_300(client, path):
    assert_series_object(get_json(client, f"{path}?stress=true"), series=300, points=300)


def test_pie_has_five_slices_and_300_under_stress(client):
    slices = get_json(client, "/pie")
    assert len(slices) == 5
    assert all(name.startswith("data ") and is_number(value) for name, value in slices.items())
    assert len(get_json(client, "/pie?stress=1")) == 300


def test_scatter_series_and_override(client):
    series = get_json(client, "/scatter")
    assert 2 <= len(series) <= 3
    assert all(all(is_number(value) for value in values) for values in series.values())

    options = get_json(client, "/scatter?override=true")
    assert options["data"]["type"] == "scatter"
    columns = {column[0]: column[1:] for column in options["data"]["columns"]}
    for name, x_name in options["data"]["xs"].items():
        assert len(columns[name]) == len(columns[x_name]) > 0
    assert "axis" in options


@pytest.mark.parametrize("path", ["/timeseries", "/timeseriesc3"])
def test_timeseries_have_iso_dates_and_matching_series(client, path):
    payload = get_json(client, path)
    dates = payload.pop("dates")
    assert [date.fromisoformat(day).isoformat() for day in dates] == dates
    assert 2 <= len(payload) <= 3
    assert_series_object(payload, series=len(payload), points=len(dates))


def test_combination_mixes_chart_types(client):
    options = get_json(client, "/combination")
    assert "bindto" not in options
    types = set(options["data"]["types"].values())
    assert "bar" in types and "line" in types and any(kind.startswith("area") for kind in types)
    named = {column[0] for column in options["data"]["columns"]}
    assert set(options["data"]["types"]) <= named


def test_stacked_bar_groups_its_series(client):
    options = get_json(client, "/stacked-bar")
    assert options["data"]["type"] == "bar"
    named = {column[0] for column in options["data"]["columns"]}
    assert set(options["data"]["groups"][0]) == named


def test_area_custom_has_colours_and_axis_labels(client):
    options = get_json(client, "/area-custom")
    named = {column[0] for column in options["data"]["columns"]}
    assert set(options["data"]["colors"]) == named
    assert options["axis"]["x"]["label"] and options["axis"]["y"]["label"]


def test_gauge_is_a_percentage(client):
    assert 0 <= get_json(client, "/gauge")["data"] <= 100


def test_custom_inputs_defaults(client):
    payload = get_json(client, "/custom-inputs")
    assert list(payload) == ["0", "1", "2"]
    assert_series_object(payload, series=3, points=10)


def test_custom_inputs_follow_their_parameters(client):
    assert_series_object(get_json(client, "/custom-inputs?range=25"), series=3, points=25)
    assert_series_object(get_json(client, "/custom-inputs?entries=5"), series=5, points=10)
    payload = get_json(client, "/custom-inputs?starting_num=1000&prefix=cpu-")
    assert list(payload) == ["cpu-0", "cpu-1", "cpu-2"]
    assert all(value >= 1000 for values in payload.values() for value in values)
    assert get_json(client, "/custom-inputs?range=4") != get_json(client, "/custom-inputs?range=5")


@pytest.mark.parametrize("show_axes, shown", [("true", True), ("false", False)])
def test_custom_inputs_override_is_a_c3_options_object(client, show_axes, shown):
    options = get_json(client, f"/custom-inputs?override=true&show_axes={show_axes}&range=6")
    assert options["data"]["type"] == "line"
    assert [len(column) for column in options["data"]["columns"]] == [7, 7, 7]  # name + 6
    assert options["axis"] == {"x": {"show": shown}, "y": {"show": shown}}


def test_shared_payload_has_a_key_per_module(client):
    shared = get_json(client, "/shared")["multicharts"]
    assert set(shared) == {"line", "bar", "pie", "singlenum"}
    assert_series_object(shared["line"], series=3, points=10)
    assert is_number(shared["singlenum"]["data"])


# --- Basic ---------------------------------------------------------------------------------


def test_singlenum_plain_sales_and_negative(client):
    plain = get_json(client, "/singlenum")["data"]
    assert is_number(plain) and plain > 0
    sales = get_json(client, "/singlenum?sales=1")["data"]
    assert re.fullmatch(r"\$\d{1,3}(,\d{3})*", sales)
    assert get_json(client, "/singlenum?negative=1")["data"] == -plain
    assert get_json(client, "/singlenum?sales=1&negative=1")["data"] == "-" + sales


def test_numbergroup_datasets(client):
    groups = [get_json(client, f"/numbergroup?dataset={dataset}") for dataset in (0, 1, 2)]
    for group in groups:
        assert 3 <= len(group) <= 4
        for card in group:
            assert {"title", "description", "data"} <= set(card)
    assert groups[0] != groups[1] != groups[2] != groups[0]
    assert any(card.get("units") for card in groups[1])
    assert all(card.get("width", "").endswith("%") for card in groups[2])
    assert get_json(client, "/numbergroup?dataset=7") == groups[0]


def test_custom_is_an_html_fragment_without_scripts(client):
    response = client.get("/custom")
    html = response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert "<h3" in html and "<p" in html and "<li" in html
    assert "<script" not in html.lower()


# --- D3, flame graph, word cloud, venn -------------------------------------------------------


@pytest.mark.parametrize("path", ["/dendrogram", "/circlepack", "/treemap"])
def test_hierarchies_have_sized_leaves_three_levels_down(client, path):
    tree = get_json(client, path)
    assert depth(tree) == 4  # root, three levels
    tree_leaves = leaves(tree)
    assert 30 <= len(tree_leaves) <= 60
    assert all(is_number(leaf["size"]) and leaf["name"] for leaf in tree_leaves)
    assert get_json(client, f"{path}?radial=1") == tree
    assert len(leaves(get_json(client, f"{path}?simple=1"))) <= 10
    assert len(leaves(get_json(client, f"{path}?stress=true"))) >= 1500


def test_voronoi_points(client):
    points = get_json(client, "/voronoi")
    assert len(points) == 60
    assert all(0 <= x <= 1000 and 0 <= y <= 600 for x, y in points)
    assert len(get_json(client, "/voronoi?stress=true")) == 2000


def test_flamegraph_values_cover_their_children(client):
    root = get_json(client, "/flamegraph")
    assert root["name"] == "root"
    names = set()

    def check(frame: dict) -> None:
        names.add(frame["name"])
        children = frame.get("children", [])
        assert frame["value"] >= sum(child["value"] for child in children) > -1
        for child in children:
            check(child)

    check(root)
    assert depth(root) >= 6
    assert {"main", "handle_request", "json.loads"} <= names


def test_wordcloud_words_and_sizes(client):
    words = get_json(client, "/wordcloud")
    assert 50 <= len(words) <= 70
    assert len({word["text"] for word in words}) == len(words)
    assert all(10 <= word["size"] <= 90 for word in words)


def test_venn_overlaps_fit_inside_their_sets(client):
    entries = get_json(client, "/venn")
    size = {tuple(entry["sets"]): entry["size"] for entry in entries}
    singles = [key for key in size if len(key) == 1]
    pairs = [key for key in size if len(key) == 2]
    triples = [key for key in size if len(key) == 3]
    assert (len(singles), len(pairs), len(triples)) == (3, 3, 1)
    for pair in pairs:
        assert size[triples[0]] <= size[pair] < min(size[(name,)] for name in pair)


# --- Graphs --------------------------------------------------------------------------------


def dot_nodes(source: str) -> set[str]:
    return set(re.findall(r'^\s*"([^"]+)" \[label=', source, flags=re.MULTILINE))


def test_digraph_variants(client):
    default = get_json(client, "/digraph")["graph"]
    assert default.startswith("digraph") and "->" in default
    assert 8 <= len(dot_nodes(default)) <= 12
    simple = get_json(client, "/digraph?simple=true")["graph"]
    assert 3 <= len(dot_nodes(simple)) <= 4
    filetree = get_json(client, "/digraph?filetree=1")["graph"]
    assert any(node.endswith(".py") for node in dot_nodes(filetree))
    assert len({default, simple, filetree}) == 3


def cytoscape_elements(options: dict) -> tuple[list[dict], list[dict]]:
    elements = options["elements"]
    if isinstance(elements, dict):
        return elements["nodes"], elements["edges"]
    edges = [element for element in elements if "source" in element["data"]]
    return [element for element in elements if element not in edges], edges


@pytest.mark.parametrize("name", ["basic", "circle", "compound", "grid", "labels"])
def test_cytoscape_graphs_are_consistent(client, name):
    options = get_json(client, f"/cytoscape?name={name}")
    assert options["layout"]["name"] in CYTOSCAPE_CORE_LAYOUTS
    assert options["style"]
    nodes, edges = cytoscape_elements(options)
    ids = [node["data"]["id"] for node in nodes]
    assert len(ids) == len(set(ids))
    assert all({edge["data"]["source"], edge["data"]["target"]} <= set(ids) for edge in edges)


def test_cytoscape_compound_labels_and_fallback(client):
    nodes, _ = cytoscape_elements(get_json(client, "/cytoscape?name=compound"))
    assert any("parent" in node["data"] for node in nodes)
    labels = get_json(client, "/cytoscape?name=labels")
    styled = {rule["selector"]: rule["style"].get("label") for rule in labels["style"]}
    assert styled["node"] == styled["edge"] == "data(label)"
    names = {get_json(client, f"/cytoscape?name={name}")["layout"]["name"] for name in
             ("basic", "circle", "compound", "grid", "labels")}  # fmt: skip
    assert len(names) == 5
    assert get_json(client, "/cytoscape?name=nope") == get_json(client, "/cytoscape")


def assert_sigma_graph(graph: dict) -> None:
    ids = [node["id"] for node in graph["nodes"]]
    assert len(ids) == len(set(ids))
    for node in graph["nodes"]:
        assert is_number(node["x"]) and is_number(node["y"]) and is_number(node["size"])
    assert all({edge["source"], edge["target"]} <= set(ids) for edge in graph["edges"])


def test_sigma_basic_random_and_nodes(client):
    basic = get_json(client, "/sigma")
    assert_sigma_graph(basic)
    random_graph = get_json(client, "/sigma?name=random")
    assert_sigma_graph(random_graph)
    assert (len(random_graph["nodes"]), len(random_graph["edges"])) == (30, 50)
    spelled = get_json(client, "/sigma?nodes=hello")
    assert_sigma_graph(spelled)
    assert [node["label"] for node in spelled["nodes"]] == list("hello")
    assert len(get_json(client, "/sigma?name=random&nodes=abcdefgh")["nodes"]) == 8


# --- Tables, timeline, sparklines ----------------------------------------------------------


def test_dtable_rows_share_their_keys(client):
    rows = get_json(client, "/dtable")
    assert 30 <= len(rows) <= 50
    keys = set(rows[0])
    assert {"id", "name"} <= keys
    assert all(set(row) == keys for row in rows)
    assert all(not isinstance(value, dict | list) for row in rows for value in row.values())


def test_dtable_override_is_a_datatables_options_object(client):
    options = get_json(client, "/dtable?override=1")
    assert options["pageLength"] == 5
    assert options["order"] == [[1, "asc"]]
    assert [column["data"] for column in options["columns"]] == list(options["data"][0])
    assert all(column["title"] for column in options["columns"])


def test_dtable_stress_has_ten_thousand_rows_in_both_forms(client):
    assert len(get_json(client, "/dtable?stress=true")) == 10_000
    assert len(get_json(client, "/dtable?stress=true&override=1")["data"]) == 10_000


def test_timeline_document(client):
    document = get_json(client, "/timeline")
    assert document["title"]["text"]["headline"]
    assert 6 <= len(document["events"]) <= 10
    for event in document["events"]:
        assert event["start_date"]["year"] and event["text"]["headline"]
    assert "media" not in {key for key, _ in walk(document)}
    assert "http" not in json.dumps(document)


@pytest.mark.parametrize("kind", SPARKLINE_TYPES)
def test_sparklines_are_numbers(client, kind):
    values = get_json(client, f"/sparklines?type={kind}")
    assert values and all(is_number(value) for value in values)


def test_sparklines_shapes_per_type(client):
    assert 25 <= len(get_json(client, "/sparklines")) <= 35
    assert set(get_json(client, "/sparklines?type=tristate")) <= {-1, 0, 1}
    pie = get_json(client, "/sparklines?type=pie")
    assert 3 <= len(pie) <= 5 and all(value > 0 for value in pie)
    target, performance, range1, range2, range3 = get_json(client, "/sparklines?type=bullet")
    assert range1 > range2 > range3
    pairs = get_json(client, "/sparklines?pairs=1")
    xs = [x for x, _ in pairs]
    assert all(len(pair) == 2 for pair in pairs) and xs == sorted(xs)
    assert get_json(client, "/sparklines?type=nope") == get_json(client, "/sparklines")


# --- Vega-Lite -----------------------------------------------------------------------------


def data_urls(spec: dict) -> list[str]:
    return [value["url"] for key, value in walk(spec) if key == "data" and "url" in value]


@pytest.mark.parametrize("name", VEGA_LITE_TYPES)
def test_vegalite_specs_and_the_data_they_load(client, name):
    spec = get_json(client, f"/vegalite?type={name}")
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert "mark" in spec or any(key in spec for key in VEGA_LITE_COMPOSITIONS)
    for size, limit in (("width", 400), ("height", 300)):
        assert not is_number(spec.get(size)) or spec[size] <= limit
    assert "data" in spec
    for url in data_urls(spec):
        assert not urlsplit(url).scheme, "data must be served here, by a relative url"
        # The browser resolves the url against the dataSource's url, as urljoin does.
        path = urlsplit(urljoin(f"http://localhost/vegalite?type={name}", url)).path
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.data.strip() not in (b"", b"[]")


def test_vegalite_unknown_type_is_the_bar_chart(client):
    assert get_json(client, "/vegalite?type=nope") == get_json(client, "/vegalite?type=bar")


def test_data_files_have_the_expected_fields(client):
    anscombe = get_json(client, "/data/anscombe.json")
    assert {row["Series"] for row in anscombe} == {"I", "II", "III", "IV"}
    cars = get_json(client, "/data/cars.json")
    assert any(car["Miles_per_Gallon"] is None for car in cars)
    assert {"Name", "Horsepower", "Cylinders", "Origin", "Year"} <= set(cars[0])
    assert len(get_json(client, "/data/movies.json")) >= 200
    assert {"year", "age", "sex", "people"} == set(get_json(client, "/data/population.json")[0])
    unemployment = get_json(client, "/data/unemployment-across-industries.json")[0]
    assert {"series", "year", "month", "count", "rate", "date"} == set(unemployment)
    assert {"yield", "variety", "year", "site"} == set(get_json(client, "/data/barley.json")[0])
    lines = client.get("/data/github.csv").get_data(as_text=True).splitlines()
    assert lines[0] == "time,count" and len(lines) > 24


@pytest.mark.parametrize(
    "path", ["/data/nope.json", "/data/../endpoints.py", "/data/cars.json/more", "/data/%00"]
)
def test_unknown_data_files_are_json_404s(client, path):
    assert "error" in get_json(client, path, status=404)


# --- Plotly --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PLOTLY_CHARTS)
def test_plotly_figures_use_current_trace_types(client, name):
    response = client.get(f"/plotly?chart={name}")
    assert len(response.data) < 300_000
    figure = response.get_json()
    assert figure["data"] and all(trace["type"] for trace in figure["data"])
    for trace in figure["data"]:
        assert "t" not in trace, "legacy polar field"
        assert "r" not in trace or trace["type"] in POLAR_TRACE_TYPES
        assert trace["type"] != "area"
    layout = figure["layout"]
    assert not {"radialaxis", "angularaxis", "width", "height"} & set(layout)
    assert "mapbox" not in json.dumps(figure)
    # Plotly.js 3 dropped plain-string titles.
    assert all(isinstance(value, dict) for key, value in walk(figure) if key == "title")


def test_plotly_polar_and_maps_use_their_modern_forms(client):
    def figure(name: str) -> dict:
        return get_json(client, f"/plotly?chart={name}")

    assert {trace["type"] for trace in figure("polar")["data"]} == {"scatterpolar"}
    assert {trace["type"] for trace in figure("windrose")["data"]} == {"barpolar"}
    assert "polar" in figure("polar")["layout"] and "polar" in figure("windrose")["layout"]
    for name in ("bubblemap", "scattermap", "orthographic"):
        assert {trace["type"] for trace in figure(name)["data"]} == {"scattergeo"}
        assert "geo" in figure(name)["layout"]
    choropleth = figure("world-chloropleth")["data"][0]
    assert choropleth["locationmode"] == "ISO-3"
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in choropleth["locations"])


def test_plotly_unknown_chart_is_the_scatter(client):
    assert get_json(client, "/plotly?chart=nope") == get_json(client, "/plotly?chart=scatter")


def test_plotly_dynamic_changes_on_every_request(client):
    first, second = get_json(client, "/plotly-dynamic"), get_json(client, "/plotly-dynamic")
    assert first["data"] and second["data"]
    assert first["data"] != second["data"]


# --- Determinism and forgiving parameters ---------------------------------------------------


@pytest.mark.parametrize("url", DETERMINISTIC_URLS)
def test_same_url_same_payload(client, url):
    assert client.get(url).data == client.get(url).data


def test_routes_leave_the_global_random_generator_alone(client):
    state = random.getstate()
    for url in ("/line", "/sigma?name=random", "/plotly-dynamic", "/plotly?chart=histogram"):
        client.get(url)
    assert random.getstate() == state


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda value: repr(value)[:20])
def test_bad_parameter_values_never_break_a_route(client, monkeypatch, value):
    monkeypatch.setattr(failures.time, "sleep", lambda seconds: None)
    for path, params in ROUTE_PARAMS.items():
        query = urlencode({**dict.fromkeys(params, value), "unexpected": value})
        response = client.get(f"{path}?{query}")
        if path == "/deadend":
            assert 400 <= response.status_code <= 599
            assert response.get_json()["error"]
        else:
            assert response.status_code == 200, (path, value)


# --- /deadend ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, status",
    [("", 500), ("?error_code=404", 404), ("?error_code=503", 503), ("?error_code=599", 599),
     ("?error_code=200", 500), ("?error_code=302", 500), ("?error_code=600", 500),
     ("?error_code=teapot", 500)],
)  # fmt: skip
def test_deadend_answers_with_the_chosen_error(client, query, status):
    assert "error" in get_json(client, f"/deadend{query}", status=status)


def test_deadend_waits_when_asked(client):
    started = time.monotonic()
    get_json(client, "/deadend?sleep=1&sleep_for=0.2&error_code=504", status=504)
    assert time.monotonic() - started >= 0.2


def test_deadend_sleeps_only_when_asked_and_at_most_30_seconds(client, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(failures.time, "sleep", waits.append)
    client.get("/deadend?sleep_for=5")
    client.get("/deadend?sleep=true&sleep_for=3600")
    client.get("/deadend?sleep=true&sleep_for=-4")
    client.get("/deadend?sleep=true&sleep_for=nan")
    assert waits == [30.0, 0.0, 0.0]


# --- Running it ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "module, folder",
    [("example_app.endpoints", REPOSITORY_DIR), ("endpoints", EXAMPLE_APP_DIR)],
    ids=["from-the-repository", "from-inside-example_app"],
)
def test_the_server_runs_on_endpoints_port(client, module, folder):
    port = free_port()
    env = {**os.environ, "ENDPOINTS_PORT": str(port), "ENDPOINTS_HOST": "127.0.0.1"}
    server = subprocess.Popen(
        [sys.executable, "-m", module],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body, headers = fetch_when_up(f"http://127.0.0.1:{port}/line", server, timeout=15)
        payload = json.loads(body)
        assert headers["Access-Control-Allow-Origin"] == "*"
    finally:
        server.terminate()
        server.wait(timeout=10)
    # Another process, the same data: seeds do not depend on the process.
    assert payload == get_json(client, "/line")


def test_wsgi_entry_point_works_as_a_module_and_from_inside_example_app():
    from example_app.endpoints_wsgi import application

    assert application.test_client().get("/gauge").status_code == 200
    inside = subprocess.run(
        [sys.executable, "-c", "import endpoints_wsgi; print(endpoints_wsgi.application.name)"],
        cwd=EXAMPLE_APP_DIR,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.strip() == "endpoints"


@pytest.mark.parametrize("raw", ["http", "0", "70000", "-1"])
def test_a_bad_endpoints_port_stops_with_a_message(monkeypatch, raw):
    monkeypatch.setenv("ENDPOINTS_PORT", raw)
    with pytest.raises(SystemExit, match="ENDPOINTS_PORT"):
        endpoints.port_from_environment()
