"""Settings for flask_jsondash: database defaults from the environment and the chart registry.

The module-level ``DB_*`` and ``ACTIVE_DB`` names are the original's, read once from the
environment at import time. The blueprint itself resolves its database settings per app, at
request time, from ``app.config`` first and these environment variables second (see
:func:`database_settings`), so two apps in one process can use different databases.

``CHARTS_CONFIG`` is the chart registry, as data: every family, its chart types, the assets it
needs and the families or libraries it depends on. The schema, the asset loader, the editor's
type picker and the docs all read it; nothing else lists chart types. A family's keys:

- ``charts``: ``(type, label)`` pairs; the type names must not change, the labels may;
- ``dependencies``: chart families it needs loaded first (as in the original, only names of
  ``CHARTS_CONFIG``);
- ``libraries`` (optional): ``SHARED_LIBRARIES`` it needs loaded first (jQuery);
- ``js_url`` / ``css_url``: its files, as pinned CDN URLs (served from the package by default);
- ``enabled``, ``help_link``, and ``override``: whether ``override: true`` hands the payload to
  the library as its options;
- ``renderer`` (optional): the URL of its renderer script, if not ``js/renderers/<family>.js``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CDN_ROOT = "https://cdn.jsdelivr.net/npm/"


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        # A bad value is reported, with the setting's name, when the database is first used.
        return default


# The original's names, kept for code that imports them.
DB_URI = os.environ.get("CHARTS_DB_HOST", "localhost")
DB_PORT = _env_int("CHARTS_DB_PORT", 27017)
DB_NAME = os.environ.get("CHARTS_DB_NAME", os.environ.get("CHARTS_DB_DB", "charts"))
DB_TABLE = os.environ.get("CHARTS_DB_TABLE", "views")
ACTIVE_DB = os.environ.get("CHARTS_ACTIVE_DB", "mongo").lower()

SUPPORTED_DATABASES = ("mongo", "sqlite")

# Defaults for every app.config key the blueprint reads, in one place.
DEFAULT_CONFIG: dict[str, Any] = {
    "JSONDASH_FILTERUSERS": False,
    "JSONDASH_GLOBALDASH": False,
    "JSONDASH_GLOBAL_USER": "global",
    "JSONDASH_PERPAGE": 25,
    "JSONDASH_CSRF": True,
    "JSONDASH_CDN": False,
}
# Upper bound for ?per_page, so one request cannot ask for the whole database.
MAX_PER_PAGE = 500
DEFAULT_DB_TIMEOUT = 3.0  # seconds before an unreachable database is reported


def _npm(package_at_version: str, *files: str) -> list[str]:
    """CDN URLs of files in a pinned npm package; the same files are vendored locally."""
    return [f"{CDN_ROOT}{package_at_version}/{path}" for path in files]


# Libraries that chart families depend on but that draw no chart themselves.
SHARED_LIBRARIES: dict[str, dict[str, Any]] = {
    "jQuery": {
        "js_url": _npm("jquery@3.7.1", "dist/jquery.min.js"),
        "css_url": [],
        # Loaded only when the host page has no jQuery of its own, so its plugins survive.
        "global": "jQuery",
    },
    # Packs freeform dashboards' widgets into the space they have, filling the gaps.
    "Packery": {
        "js_url": _npm("packery@3.0.0", "dist/packery.pkgd.min.js"),
        "css_url": [],
    },
    # Dragging, resizing and sorting widgets in the editor.
    "jQueryUI": {
        "dependencies": ["jQuery"],
        "js_url": _npm("jquery-ui@1.14.2", "dist/jquery-ui.min.js"),
        "css_url": [],
    },
}
# What a freeform layout needs on every page, and what the editor adds for those who can edit.
LAYOUT_LIBRARIES = {"freeform": ["Packery"], "grid": []}
EDITOR_LIBRARIES = ["jQueryUI"]

CHARTS_CONFIG: dict[str, dict[str, Any]] = {
    "C3": {
        "charts": [
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
        ],
        "dependencies": ["D3"],
        "js_url": _npm("c3@0.7.20", "c3.min.js"),
        "css_url": _npm("c3@0.7.20", "c3.min.css"),
        "enabled": True,
        "override": True,
        "help_link": "https://c3js.org/reference.html",
    },
    "D3": {
        "charts": [
            ("radial-dendrogram", "Radial dendrogram"),
            ("dendrogram", "Dendrogram"),
            ("treemap", "Treemap"),
            ("voronoi", "Voronoi"),
            ("circlepack", "Circle pack"),
        ],
        "dependencies": [],
        "js_url": _npm("d3@5.16.0", "dist/d3.min.js"),
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://github.com/d3/d3/blob/v5.16.0/API.md",
    },
    "FlameGraph": {
        "charts": [("flamegraph", "Flame graph")],
        "dependencies": ["D3"],
        "js_url": _npm(
            "d3-flame-graph@4.1.3",
            "dist/d3-flamegraph.min.js",
            "dist/d3-flamegraph-tooltip.min.js",
        ),
        "css_url": _npm("d3-flame-graph@4.1.3", "dist/d3-flamegraph.css"),
        "enabled": True,
        "override": True,
        "help_link": "https://github.com/spiermar/d3-flame-graph",
    },
    "WordCloud": {
        "charts": [("wordcloud", "Word cloud")],
        "dependencies": ["D3"],
        "js_url": _npm("d3-cloud@1.2.9", "build/d3.layout.cloud.js"),
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://github.com/jasondavies/d3-cloud",
    },
    "Basic": {
        "charts": [
            ("custom", "Custom HTML loaded directly into the widget"),
            ("iframe", "Embedded page (iframe)"),
            ("image", "Image"),
            ("numbergroup", "Group of numbers, each with a title and description"),
            ("number", "Single number, sized to fit"),
            ("youtube", "YouTube video (embed code)"),
        ],
        "dependencies": [],
        "js_url": [],
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://github.com/flask-jsondash/flask_jsondash/blob/main/docs/schemas.md",
    },
    "Vega": {
        "charts": [("vega-lite", "Vega-Lite specification")],
        "dependencies": [],
        "js_url": (
            _npm("vega@6.4.0", "build/vega.min.js")
            + _npm("vega-lite@6.5.0", "build/vega-lite.min.js")
            + _npm("vega-embed@7.3.0", "build/vega-embed.min.js")
        ),
        "css_url": [],
        "enabled": True,
        "override": True,
        "help_link": "https://vega.github.io/vega-lite/docs/",
    },
    "DataTable": {
        "charts": [("datatable", "Table of data with sorting, search and paging")],
        "dependencies": [],
        "libraries": ["jQuery"],
        "js_url": (
            _npm("datatables.net@2.3.8", "js/dataTables.min.js")
            + _npm("datatables.net-dt@2.3.8", "js/dataTables.dataTables.min.js")
        ),
        "css_url": _npm("datatables.net-dt@2.3.8", "css/dataTables.dataTables.min.css"),
        "enabled": True,
        "override": True,
        "help_link": "https://datatables.net/reference/index",
    },
    "Timeline": {
        "charts": [("timeline", "TimelineJS timeline")],
        "dependencies": [],
        "js_url": _npm("@knight-lab/timelinejs@3.9.11", "dist/js/timeline.js"),
        "css_url": _npm("@knight-lab/timelinejs@3.9.11", "dist/css/timeline.css"),
        "enabled": True,
        "override": False,
        "help_link": "https://timeline.knightlab.com/docs/",
    },
    "Venn": {
        "charts": [("venn", "Venn or Euler diagram")],
        "dependencies": ["D3"],
        "js_url": _npm("venn.js@0.2.20", "build/venn.min.js"),
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://github.com/benfred/venn.js/",
    },
    "SigmaJS": {
        "charts": [("sigma", "Sigma graph from nodes and edges")],
        "dependencies": [],
        "js_url": _npm("sigma@1.2.1", "build/sigma.min.js"),
        "css_url": [],
        "enabled": True,
        "override": True,
        "help_link": "https://github.com/jacomyal/sigma.js/wiki",
    },
    "Cytoscape": {
        "charts": [("cytoscape", "Cytoscape graph (core layouts)")],
        "dependencies": [],
        "js_url": _npm("cytoscape@3.34.4", "dist/cytoscape.min.js"),
        "css_url": [],
        "enabled": True,
        "override": True,
        "help_link": "https://js.cytoscape.org/",
    },
    "Graph": {
        "charts": [("graph", "Graph from a Graphviz dot description")],
        "dependencies": ["D3"],
        "js_url": (
            _npm("dagre-d3@0.6.4", "dist/dagre-d3.min.js")
            + _npm("graphlib-dot@0.6.4", "dist/graphlib-dot.min.js")
        ),
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://github.com/dagrejs/dagre-d3/wiki",
    },
    "Sparklines": {
        "charts": [
            ("sparklines-line", "Sparkline: line"),
            ("sparklines-bar", "Sparkline: bar"),
            ("sparklines-tristate", "Sparkline: tristate"),
            ("sparklines-discrete", "Sparkline: discrete"),
            ("sparklines-bullet", "Sparkline: bullet"),
            ("sparklines-pie", "Sparkline: pie"),
            ("sparklines-box", "Sparkline: box plot"),
        ],
        "dependencies": [],
        "libraries": ["jQuery"],
        "js_url": _npm("jquery-sparkline@2.4.0", "jquery.sparkline.min.js"),
        "css_url": [],
        "enabled": True,
        "override": False,
        "help_link": "https://omnipotent.net/jquery.sparkline/#s-docs",
    },
    "PlotlyStandard": {
        "charts": [("plotly-any", "Any Plotly figure ({data, layout})")],
        "dependencies": [],
        "js_url": _npm("plotly.js-dist-min@4.1.2", "plotly.min.js"),
        "css_url": [],
        "enabled": True,
        "override": True,
        "help_link": "https://plotly.com/javascript/",
    },
}


@dataclass(frozen=True)
class DatabaseSettings:
    """Where one app keeps its dashboards, resolved from app.config, then env, then defaults."""

    active: str
    host: str
    port: int
    name: str
    table: str
    uri: str | None
    path: str
    timeout: float


class ConfigurationError(ValueError):
    """A setting has a value the blueprint cannot use; the message names the setting."""


class UnsupportedDatabase(ConfigurationError, NotImplementedError):
    """CHARTS_ACTIVE_DB names no backend of this package (the original raised
    NotImplementedError here, so that is caught too)."""


def _lookup(config: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    """First value found for any of ``names`` in app.config, then in the environment."""
    for name in names:
        if config.get(name) not in (None, ""):
            return config[name]
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    return default


def database_settings(
    config: Mapping[str, Any], instance_path: str, default_active: str = "mongo"
) -> DatabaseSettings:
    """Resolve the database settings of one app, naming the setting at fault on bad values.

    ``default_active`` is the backend used when neither app.config nor the environment sets
    CHARTS_ACTIVE_DB.
    """
    active = str(_lookup(config, "CHARTS_ACTIVE_DB", default=default_active)).strip().lower()
    if active not in SUPPORTED_DATABASES:
        raise UnsupportedDatabase(
            f"CHARTS_ACTIVE_DB={active!r} is not one of: {', '.join(SUPPORTED_DATABASES)}."
        )
    port_value = _lookup(config, "CHARTS_DB_PORT", default=27017)
    try:
        port = int(port_value)
    except (TypeError, ValueError):
        raise ConfigurationError(f"CHARTS_DB_PORT={port_value!r} is not a port number.") from None
    timeout_value = _lookup(config, "CHARTS_DB_TIMEOUT", default=DEFAULT_DB_TIMEOUT)
    try:
        timeout = float(timeout_value)
    except (TypeError, ValueError):
        raise ConfigurationError(
            f"CHARTS_DB_TIMEOUT={timeout_value!r} is not a number of seconds."
        ) from None
    table = str(_lookup(config, "CHARTS_DB_TABLE", default="views"))
    default_path = os.path.join(instance_path, "jsondash.sqlite3")
    return DatabaseSettings(
        active=active,
        host=str(_lookup(config, "CHARTS_DB_HOST", default="localhost")),
        port=port,
        name=str(_lookup(config, "CHARTS_DB_NAME", "CHARTS_DB_DB", default="charts")),
        table=table,
        uri=_lookup(config, "CHARTS_DB_URI"),
        path=str(_lookup(config, "CHARTS_DB_PATH", default=default_path)),
        timeout=timeout,
    )
