"""A directory as a D3 hierarchy, for the dendrogram, radial dendrogram, treemap and circlepack.

    >>> from flask_jsondash.data_utils.filetree import filetree
    >>> filetree("examples")          # {"name": "examples", "children": [...]}

Folders have ``children``; files have a ``size`` in bytes (at least 1, so empty files still
show). From the command line it prints the JSON::

    python -m flask_jsondash.data_utils.filetree examples --max-depth 3 --output tree.json

The original project's names are here too, with its behaviour: :func:`path_hierarchy` (every
node has ``type``, ``name`` and ``path``) and the click command :data:`get_tree`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

import click

from ._walk import FolderIds, base_name, listing, walk


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


def path_hierarchy(path: str) -> dict[str, Any]:
    """The original's tree of ``path``: ``{"type": "folder", "name", "path", "children"}``.

    Files are ``{"type": "file", "name", "path"}``; ``path`` is the root joined with the names
    down to the node. Unlike :func:`filetree`, nothing is left out (hidden names are listed) and
    links to folders are followed, except a link back to a folder above it, which is given
    without contents. Children are sorted by name.

    Raises AssertionError when ``path`` is not a string (None), and OSError when it does not
    exist ("" included) or a folder cannot be read, as the original did.
    """
    if not isinstance(path, str):
        raise AssertionError(f"Requires a valid path! (a str, not {type(path).__name__})")
    return _hierarchy(path, frozenset())


def _hierarchy(path: str, above: FolderIds) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "folder", "name": base_name(path), "path": path}
    found = listing(path, above)
    if found is None:
        node["type"] = "file"
        return node
    names, above = found
    node["children"] = [_hierarchy(os.path.join(path, name), above) for name in names]
    return node


@click.command()
@click.option("--ppr/--no-ppr", default=False, help="Pretty-print the JSON (indented).")
@click.option(
    "--indent", "-i", default=4, show_default=True, help="Indent of pretty-printed or written JSON."
)
@click.option("--jsonfile", "-j", default=None, help="Write the JSON to this file, not stdout.")
@click.option("--path", "-p", default=".", show_default=True, help="The folder to start from.")
def get_tree(path: str, jsonfile: str | None, ppr: bool, indent: int) -> None:
    """Print the original's tree of a folder (path_hierarchy) as JSON, or write it to a file."""
    tree = path_hierarchy(path)
    if jsonfile is not None:
        with open(jsonfile, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(tree, indent=indent))
        return
    click.echo(json.dumps(tree, indent=indent if ppr else None))


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
