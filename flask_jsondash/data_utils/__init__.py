"""Helpers that turn everyday data into the payloads of flask_jsondash chart types.

- :mod:`.filetree`: a directory as a D3 hierarchy (dendrogram, treemap, circlepack);
- :mod:`.filetree_digraph`: a directory as a Graphviz dot digraph (the Graph type);
- :mod:`.wordcloud`: text, an HTML page or a URL as ``{text, size}`` words (the word cloud).

Each is a Python function and a command: ``python -m flask_jsondash.data_utils.<name> --help``.
"""
