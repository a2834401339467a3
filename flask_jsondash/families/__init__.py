"""The chart registry, as data: one manifest per chart family (one module each here).

A manifest (:class:`Family`) says which chart types the family draws, what it loads, what its
libraries define, its help link, a sample data source per type and its docs paragraph. The
schema, the editor's type picker, the asset loader, the runtime's check at load, docs/schemas.md
and the fake-data factory all read it; nothing else lists chart types.

A host app adds a family of its own, for itself only, with
:meth:`flask_jsondash.JsonDash.register_family` (see the README, "Adding a chart family").

The manifests need only the standard library (the build reads them to vendor the libraries);
what depends on the current app is imported when it is asked for.
"""

from __future__ import annotations

from typing import Any

from ._family import CDN_ROOT, Asset, Family, locked_versions, npm, pinned_versions
from .basic import FAMILY as BASIC
from .c3 import FAMILY as C3
from .cytoscape import FAMILY as CYTOSCAPE
from .d3 import FAMILY as D3
from .datatable import FAMILY as DATATABLE
from .flamegraph import FAMILY as FLAMEGRAPH
from .graph import FAMILY as GRAPH
from .libraries import LIBRARIES
from .plotlystandard import FAMILY as PLOTLYSTANDARD
from .sigmajs import FAMILY as SIGMAJS
from .sparklines import FAMILY as SPARKLINES
from .timeline import FAMILY as TIMELINE
from .vega import FAMILY as VEGA
from .venn import FAMILY as VENN
from .wordcloud import FAMILY as WORDCLOUD

#: The families every app has, in the order pages list them.
BUILTIN: tuple[Family, ...] = (
    C3,
    D3,
    FLAMEGRAPH,
    WORDCLOUD,
    BASIC,
    VEGA,
    DATATABLE,
    TIMELINE,
    VENN,
    SIGMAJS,
    CYTOSCAPE,
    GRAPH,
    SPARKLINES,
    PLOTLYSTANDARD,
)


def _app_families() -> dict[str, Family]:
    from flask import has_app_context

    if not has_app_context():
        return {}
    from ..state import state_of

    return state_of().families


def manifests() -> dict[str, Family]:
    """The families of the current app: the built-in ones and those it registered."""
    return {**{family.name: family for family in BUILTIN}, **_app_families()}


def registry() -> dict[str, dict[str, Any]]:
    """The current app's families as the original's ``CHARTS_CONFIG`` entries."""
    from ..settings import CHARTS_CONFIG

    extra = _app_families()
    if not extra:
        return CHARTS_CONFIG
    return {**CHARTS_CONFIG, **{name: family.config() for name, family in extra.items()}}


def npm_files() -> list[tuple[str, str, str]]:
    """Every (npm package, pinned version, path) the built-in families and libraries load:
    what the build vendors into the package."""
    found: list[tuple[str, str, str]] = []
    for family in (*BUILTIN, *LIBRARIES):
        for asset in family.assets:
            if asset.package is None or asset.path is None:
                continue
            entry = (asset.package, pinned_versions().get(asset.package, ""), asset.path)
            if entry not in found:
                found.append(entry)
    return found


def sample_sources() -> dict[str, tuple[str, bool]]:
    """{chart type: (sample dataSource, whether it is a path on the example data server)}."""
    return {
        chart_type: (source, chart_type not in family.samples_elsewhere)
        for family in manifests().values()
        for chart_type, source in family.samples.items()
    }


__all__ = [
    "BUILTIN",
    "CDN_ROOT",
    "LIBRARIES",
    "Asset",
    "Family",
    "locked_versions",
    "manifests",
    "npm",
    "npm_files",
    "pinned_versions",
    "registry",
    "sample_sources",
]
