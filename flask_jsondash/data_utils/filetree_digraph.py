"""A directory as a Graphviz dot digraph, for the Graph chart type.

    >>> from flask_jsondash.data_utils.filetree_digraph import filetree_digraph
    >>> {"graph": filetree_digraph("examples")}    # the Graph type's payload

Each folder points at what it contains; nodes are labelled with their names (folders end in
"/"). From the command line it prints the payload, ``{"graph": "digraph {...}"}``, or with
``--dot`` the dot text alone::

    python -m flask_jsondash.data_utils.filetree_digraph examples --max-depth 2

The original project's names are here too, with its behaviour: :func:`path_hierarchy` (the
edges, ``"folder" -> "name"``, between names alone), :func:`make_dotfile` and the click command
:data:`get_dotfile_tree`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import click

from ._walk import FolderIds, base_name, listing, walk


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filetree_digraph(root: str, max_depth: int | None = None, hidden: bool = False) -> str:
    """The dot source of a digraph of the files and folders under ``root``."""
    top = os.path.basename(os.path.abspath(root)) + "/"
    lines = ["digraph {", "    rankdir=LR;", "    node [shape=box];", f"    {_quote('.')} "
             f"[label={_quote(top)}];"]  # fmt: skip
    for entry in walk(root, max_depth, hidden):
        parent = entry.path.rsplit("/", 1)[0] if "/" in entry.path else "."
        label = entry.name + ("/" if entry.is_dir else "")
        lines.append(f"    {_quote(entry.path)} [label={_quote(label)}];")
        lines.append(f"    {_quote(parent)} -> {_quote(entry.path)};")
    lines.append("}")
    return "\n".join(lines)


def path_hierarchy(
    path: str, hierarchy: list[str] | None = None, prev: str | None = None
) -> list[str]:
    """The original's edges under ``path``: ``'"folder" -> "name"'`` for everything it holds.

    Nodes are names, not paths (two files of one name are one node), as in the original. The
    edges are added to ``hierarchy`` (a new list when None) and it is returned. ``prev``, when
    given, is the name of ``path``'s parent: the edge from it to ``path`` comes first, unless it
    is "" or "." (the current folder has no name to show). Everything is listed, hidden names
    too; links to folders are followed, except a link back to a folder above it.

    Raises AssertionError when ``path`` is not a string (None), and OSError when it does not
    exist or a folder cannot be read, as the original did.
    """
    if not isinstance(path, str):
        raise AssertionError(f"Requires a valid path! (a str, not {type(path).__name__})")
    edges = [] if hierarchy is None else hierarchy
    _add_edges(path, prev, edges, frozenset())
    return edges


def _add_edges(path: str, prev: str | None, edges: list[str], above: FolderIds) -> None:
    name = base_name(path)
    if prev is not None and str(prev) not in ("", "."):
        edges.append(f"{_quote(str(prev))} -> {_quote(name)}")
    found = listing(path, above)
    if found is not None:
        names, above = found
        for child in names:
            _add_edges(os.path.join(path, child), name, edges, above)


def make_dotfile(path: str) -> str:
    """The original's dot text of ``path``: ``digraph {`` then a tab-indented edge a line.

    The edges are :func:`path_hierarchy`'s (looked up when called, so it can be replaced);
    anything that is not a string, and empty edges (starting with " ->"), are left out.
    """
    lines = ["digraph {\n"]
    for edge in path_hierarchy(path):
        if isinstance(edge, str) and not edge.startswith(" ->"):
            lines.append(f"\t{edge};\n")
    lines.append("}\n")
    return "".join(lines)


@click.command()
@click.option("--dot", "-d", default=None, help="Write the dot text to this file, not stdout.")
@click.option("--path", "-p", default=".", show_default=True, help="The folder to start from.")
def get_dotfile_tree(path: str, dot: str | None) -> None:
    """Print the original's dot digraph of a folder (make_dotfile), or write it to a file.

    The folder must be named: "." (the default) raises ValueError, as in the original, since
    the edges from a folder without a name are left out.
    """
    if path == ".":
        raise ValueError(
            "Running in the same directory when no folder is named (-p .) gives a graph "
            "without its top folder: pass the folder's path instead."
        )
    text = make_dotfile(path)
    if dot is not None:
        with open(dot, "w", encoding="utf-8") as handle:
            handle.write(text)
        return
    click.echo(text, nl=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flask_jsondash.data_utils.filetree_digraph",
        description='Print a folder as the Graph chart type\'s payload, {"graph": "<dot>"}.',
    )
    parser.add_argument("folder")
    parser.add_argument("--max-depth", type=int, default=None, help="how many levels down")
    parser.add_argument("--hidden", action="store_true", help="include names starting with .")
    parser.add_argument("--dot", action="store_true", help="print the dot text alone")
    args = parser.parse_args(argv)
    try:
        dot = filetree_digraph(args.folder, args.max_depth, args.hidden)
    except NotADirectoryError as exc:
        parser.error(str(exc))
    sys.stdout.write((dot if args.dot else json.dumps({"graph": dot}, indent=2)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
