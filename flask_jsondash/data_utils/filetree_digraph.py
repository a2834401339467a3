"""A directory as a Graphviz dot digraph, for the Graph chart type.

    >>> from flask_jsondash.data_utils.filetree_digraph import filetree_digraph
    >>> {"graph": filetree_digraph("examples")}    # the Graph type's payload

Each folder points at what it contains; nodes are labelled with their names (folders end in
"/"). From the command line it prints the payload, ``{"graph": "digraph {...}"}``, or with
``--dot`` the dot text alone::

    python -m flask_jsondash.data_utils.filetree_digraph examples --max-depth 2
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from ._walk import walk


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
