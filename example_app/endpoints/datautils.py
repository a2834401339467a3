"""The data utilities' output (flask_jsondash.data_utils), on this project's own files."""

from __future__ import annotations

import os

from werkzeug.exceptions import NotFound

from .common import JSONObject, blueprint, int_arg

# The folder that holds example_app/ (and README.md, in a checkout or the Docker image).
PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def package_folder(*parts: str) -> str:
    """A folder of the installed flask_jsondash package (a checkout or a wheel alike)."""
    import flask_jsondash

    return os.path.join(os.path.dirname(os.path.abspath(flask_jsondash.__file__)), *parts)


@blueprint.get("/datautils/filetree")
def datautils_filetree() -> JSONObject:
    """The library's source folder as a D3 hierarchy, made by data_utils.filetree (?depth=)"""
    from flask_jsondash.data_utils.filetree import filetree

    depth = int_arg("depth", 3, 1, 6)
    return filetree(package_folder(), max_depth=depth)


@blueprint.get("/datautils/digraph")
def datautils_digraph() -> JSONObject:
    """The library's templates folder as a dot digraph, made by data_utils.filetree_digraph"""
    from flask_jsondash.data_utils.filetree_digraph import filetree_digraph

    return {"graph": filetree_digraph(package_folder("templates"))}


@blueprint.get("/datautils/wordcloud")
def datautils_wordcloud() -> list[JSONObject]:
    """The README's most frequent words, made by data_utils.wordcloud (?words=)"""
    from flask_jsondash.data_utils.wordcloud import word_sizes

    readme = os.path.join(PROJECT_ROOT, "README.md")
    if not os.path.exists(readme):
        raise NotFound("README.md is not beside example_app/ here.")
    with open(readme, encoding="utf-8") as handle:
        return word_sizes(handle.read(), max_words=int_arg("words", 60, 5, 200))
