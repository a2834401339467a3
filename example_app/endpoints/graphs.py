"""Graphs: Graphviz dot sources, Cytoscape options and Sigma node/edge lists."""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from typing import Any

from .common import JSONObject, blueprint, choice_arg, flag, seeded, text_arg

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


@blueprint.get("/digraph")
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


@blueprint.get("/cytoscape")
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


@blueprint.get("/sigma")
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
