"""Walking a directory tree the same way for every data utility."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One file or folder under the root; ``path`` is relative to the root, with / separators."""

    path: str
    name: str
    is_dir: bool
    size: int
    depth: int


# Build output that is no one's content.
SKIPPED = frozenset({"__pycache__", "node_modules"})


def walk(root: str, max_depth: int | None = None, hidden: bool = False) -> Iterator[Entry]:
    """Files and folders under ``root`` in sorted order, folders before their contents.

    Folder links are not followed (no loops); hidden names (starting with ".") are skipped
    unless ``hidden``, and so are __pycache__ and node_modules. ``max_depth`` 1 lists only the
    root's own entries.
    """
    if not os.path.isdir(root):
        raise NotADirectoryError(f"{root} is not a folder")

    def visit(folder: str, relative: str, depth: int) -> Iterator[Entry]:
        if max_depth is not None and depth > max_depth:
            return
        try:
            names = sorted(os.listdir(folder), key=str.lower)
        except OSError:
            return  # unreadable folder: shown empty
        for name in names:
            if (not hidden and name.startswith(".")) or name in SKIPPED:
                continue
            full = os.path.join(folder, name)
            path = f"{relative}/{name}" if relative else name
            is_dir = os.path.isdir(full) and not os.path.islink(full)
            try:
                size = 0 if is_dir else os.path.getsize(full)
            except OSError:
                size = 0
            yield Entry(path=path, name=name, is_dir=is_dir, size=size, depth=depth)
            if is_dir:
                yield from visit(full, path, depth + 1)

    yield from visit(root, "", 1)


FolderIds = frozenset[tuple[int, int]]


def listing(path: str, above: FolderIds = frozenset()) -> tuple[list[str], FolderIds] | None:
    """The names in the folder ``path``, sorted, and ``above`` with that folder added; None
    when ``path`` is a file.

    This is the original project's walk: everything is listed (hidden names too) and links are
    followed, but a folder that is one of its own ancestors (``above``, a link back up the tree)
    is given as empty, so a walk always ends. A missing path, or a folder that cannot be read,
    raises the OSError os.listdir raises.
    """
    try:
        names = os.listdir(path)
    except NotADirectoryError:
        return None
    status = os.stat(path)
    folder = (status.st_dev, status.st_ino)
    if folder in above:
        return [], above
    return sorted(names, key=lambda name: (name.lower(), name)), above | {folder}


def base_name(path: str) -> str:
    """The last part of ``path``, also when it ends with a separator ("a/b/" -> "b")."""
    return os.path.basename(os.path.normpath(path)) if path else ""
