"""A directory as a D3 hierarchy, for the dendrogram, radial dendrogram, treemap and circlepack.

    >>> from flask_jsondash.data_utils.filetree import filetree
    >>> filetree("examples")          # {"name": "examples", "children": [...]}

Folders have ``children``; files have a ``size`` in bytes (at least 1, so empty files still
show). From the command line it prints the JSON::

    python -m flask_jsondash.data_utils.filetree examples --max-depth 3 --output tree.json
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ._walk import walk


def filetree(root: str, max_depth: int | None = None, hidden: bool = False) -> dict[str, Any]:
    """The tree under ``root``: ``{"name", "children": [{"name", "size"} | folder, ...]}``."""
    top: dict[str, Any] = {"name": os.path.basename(os.path.abspath(root)), "children": []}
    folders = {"": top}
    for entry in walk(root, max_depth, hidden):
        parent = folders[entry.path.rsplit("/", 1)[0] if "/" in entry.path else ""]
        if entry.is_dir:
            node: dict[str, Any] = {"name": entry.name, "children": []}
            folders[entry.path] = node
        else:
            node = {"name": entry.name, "size": max(entry.size, 1)}
        parent["children"].append(node)
    return top


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flask_jsondash.data_utils.filetree",
        description="Print a folder as a D3 hierarchy (JSON) for dendrograms, treemaps and "
        "circle packs.",
    )
    parser.add_argument("folder")
    parser.add_argument("--max-depth", type=int, default=None, help="how many levels down")
    parser.add_argument("--hidden", action="store_true", help="include names starting with .")
    parser.add_argument("--output", "-o", help="write to this file instead of printing")
    parser.add_argument("--indent", type=int, default=2)
    args = parser.parse_args(argv)
    try:
        tree = filetree(args.folder, args.max_depth, args.hidden)
    except NotADirectoryError as exc:
        parser.error(str(exc))
    text = json.dumps(tree, indent=args.indent)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
