"""D3 charts: hierarchies (dendrogram, circle pack, treemap), voronoi points, the flame graph,
the word cloud and the venn diagram.
"""

from __future__ import annotations

import random

from flask import request

from .common import JSONObject, blueprint, flag, seeded

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


@blueprint.get("/dendrogram")
@blueprint.get("/circlepack")
@blueprint.get("/treemap")
def hierarchy() -> JSONObject:
    """D3 hierarchy {name, children: [{name, size?, children?}]}; ?simple=1, ?stress=1, ?radial"""
    if flag("stress"):
        return build_hierarchy(seeded(request.path, "stress"), 10, 10, (20, 20))
    if flag("simple"):
        return build_hierarchy(seeded(request.path, "simple"), 2, 2, (2, 2))
    return build_hierarchy(seeded(request.path), 5, 3, (2, 4))


@blueprint.get("/voronoi")
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


@blueprint.get("/flamegraph")
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


@blueprint.get("/wordcloud")
def wordcloud() -> list[JSONObject]:
    """Word cloud [{"text": word, "size": 10..90}], 60 words."""
    rng = seeded("wordcloud")
    # Squaring a uniform draw gives many small words and a few big ones, like real text.
    return [
        {"text": word, "size": 10 + round(80 * rng.random() ** 2)} for word in rng.sample(WORDS, 60)
    ]


@blueprint.get("/venn")
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
