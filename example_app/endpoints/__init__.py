"""The example data server: demo payloads for every chart type that flask_jsondash renders.

The example dashboards point their modules' ``dataSource`` at this server (by default
http://127.0.0.1:5004). Every payload is generated here, in code. Each request seeds its own
``random.Random`` from the route and its query parameters, so the same URL always gives the same
data; only /plotly-dynamic changes on purpose. Query parameters are forgiving: a value that cannot
be used falls back to its default (numbers are also kept within sane bounds), never to an error.

Run it with ``python -m example_app.endpoints``; ENDPOINTS_HOST and ENDPOINTS_PORT choose where it
listens (default 127.0.0.1:5004). ``GET /`` lists every route with its methods, its module and a
one-line description.

One module per chart family or topic, all routes on one blueprint (common.blueprint):

- common: the blueprint, query parameters, seeded random generators, series builders
- c3: line, bar, pie, scatter, time series, gauge, combination, stacked bar, area, custom
  inputs, and the /shared payload for several modules
- basic: single numbers, number groups, the HTML fragment (/custom)
- d3: hierarchies (dendrogram, circle pack, treemap), voronoi, flame graph, word cloud, venn
- graphs: Graphviz digraphs, Cytoscape, Sigma
- tables: DataTables rows and the TimelineJS document
- sparklines: jQuery sparkline values
- vega: Vega-Lite specs; datasets: the data files they load (/data/<name>)
- plotly: Plotly figures, and /plotly-dynamic
- datautils: the output of flask_jsondash.data_utils on this project's own files
- failures: /deadend, and HTTP errors as JSON
- explore: /metrics, /hosts, /regions, /envs and /deploys, which take a time range and
  template variables (and, unlike the rest, answer 400 to a value they cannot use)
- index: ``GET /``, the list of routes, from the app's url_map
- server: the app factory (CORS on every response), the port, ``main``
"""

from .server import DEFAULT_HOST, DEFAULT_PORT, app, create_app, main, port_from_environment

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "app", "create_app", "main", "port_from_environment"]
