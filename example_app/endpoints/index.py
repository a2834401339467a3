"""``GET /``: every route of the data server with its methods, the module that serves it and what
it returns, read from the app's url_map; an HTML page when the client prefers HTML (a browser),
JSON otherwise."""

from __future__ import annotations

from flask import Response, current_app, request
from markupsafe import Markup, escape

from .common import JSONObject, blueprint
from .datasets import DATA_FILES
from .graphs import CYTOSCAPE_GRAPHS
from .plotly import PLOTLY_CHARTS
from .sparklines import SPARKLINE_TYPES
from .vega import vega_lite_specs

# The index's lists of the names that some routes choose between, as (key, title).
CHOICES = (
    ("cytoscape_names", "/cytoscape?name="),
    ("data_files", "Data files"),
    ("plotly_charts", "/plotly?chart="),
    ("sparkline_types", "/sparklines?type="),
    ("vegalite_types", "/vegalite?type="),
)


def route_list() -> list[JSONObject]:
    """Each rule of the url_map (but Flask's own /static): path, methods, the module of its view
    function and the first line of that function's docstring."""
    routes = []
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if rule.endpoint == "static":
            continue
        view = current_app.view_functions[rule.endpoint]
        routes.append(
            {
                "path": rule.rule,
                "methods": sorted(rule.methods or ()),
                "module": view.__module__,
                "description": (view.__doc__ or "").strip().partition("\n")[0].rstrip("."),
            }
        )
    return routes


def index_payload() -> JSONObject:
    """The routes, and the choices of the routes that take a name."""
    return {
        "name": "flask_jsondash example data server",
        "routes": route_list(),
        "cytoscape_names": list(CYTOSCAPE_GRAPHS),
        "data_files": [f"/data/{name}" for name in DATA_FILES],
        "plotly_charts": list(PLOTLY_CHARTS),
        "sparkline_types": list(SPARKLINE_TYPES),
        "vegalite_types": list(vega_lite_specs()),
    }


def index_html(payload: JSONObject) -> str:
    """``payload`` as a small HTML page: a table of the routes, then the lists of choices."""
    rows = []
    for route in payload["routes"]:
        path = escape(route["path"])
        link = path if "<" in route["path"] else Markup('<a href="{0}">{0}</a>').format(path)
        cells = (link, ", ".join(route["methods"]), route["module"], route["description"])
        rows.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
    choices = [
        f"<h2>{escape(heading)}</h2>\n<p>{escape(', '.join(payload[key]))}</p>"
        for key, heading in CHOICES
    ]
    name = escape(payload["name"])
    return "\n".join(
        [
            "<!doctype html>",
            f'<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head><body>',
            f"<h1>{name}</h1>",
            "<table>",
            "<tr><th>Path</th><th>Methods</th><th>Module</th><th>Returns</th></tr>",
            *rows,
            "</table>",
            *choices,
            "</body></html>",
            "",
        ]
    )


def prefers_html() -> bool:
    """Whether the Accept header ranks HTML above JSON (browsers do; curl and fetch do not)."""
    best = request.accept_mimetypes.best_match(("application/json", "text/html"))
    return best == "text/html"


@blueprint.get("/")
def index() -> Response:
    """This list of routes and the choices of the routes that take a name (HTML for browsers)."""
    payload = index_payload()
    if prefers_html():
        response = Response(index_html(payload), mimetype="text/html")
    else:
        response = current_app.json.response(payload)
    response.vary.add("Accept")
    return response
