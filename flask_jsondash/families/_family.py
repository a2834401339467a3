"""What a chart family's manifest says, and where its libraries' versions come from.

A family's assets are npm files named without a version: the version is the one the project
pins in package-lock.json (in a checkout), as copied into the package with the files
(``static/vendor/MANIFEST.json``, in an installed package). Nothing else repeats it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

CDN_ROOT = "https://cdn.jsdelivr.net/npm/"
PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENDOR_MANIFEST = os.path.join(PACKAGE_DIR, "static", "vendor", "MANIFEST.json")
PACKAGE_LOCK = os.path.join(os.path.dirname(PACKAGE_DIR), "package-lock.json")


def locked_versions(path: str = PACKAGE_LOCK) -> dict[str, str]:
    """{npm package: version} that package-lock.json pins ({} without it)."""
    try:
        with open(path, encoding="utf-8") as handle:
            packages = json.load(handle).get("packages", {})
    except (OSError, ValueError):
        return {}
    prefix = "node_modules/"
    return {
        name[len(prefix) :]: info["version"]
        for name, info in packages.items()
        if name.startswith(prefix)
        and "/node_modules/" not in name[len(prefix) :]
        and "version" in info
    }


@lru_cache(maxsize=1)
def pinned_versions() -> dict[str, str]:
    """{npm package: version}: from the vendored files' manifest, else from package-lock.json.

    Empty when neither exists (a package built without its assets; the pages say so).
    """
    try:
        with open(VENDOR_MANIFEST, encoding="utf-8") as handle:
            return dict(json.load(handle))
    except (OSError, ValueError):
        return locked_versions()


@dataclass(frozen=True)
class Asset:
    """One file a family loads: an npm package's file, or any URL (``url``)."""

    package: str | None = None
    path: str | None = None
    url: str | None = None

    @property
    def kind(self) -> str:
        """``"css"`` or ``"js"``."""
        return "css" if (self.url or self.path or "").split("?")[0].endswith(".css") else "js"

    def cdn_url(self) -> str:
        """The pinned CDN URL (``https://cdn.jsdelivr.net/npm/<package>@<version>/<path>``)."""
        if self.url is not None:
            return self.url
        version = pinned_versions().get(str(self.package))
        at = f"@{version}" if version else ""
        return f"{CDN_ROOT}{self.package}{at}/{self.path}"


def npm(package: str, path: str) -> Asset:
    """A file of an npm package the project pins (package.json, package-lock.json)."""
    return Asset(package=package, path=path)


@dataclass(frozen=True)
class Family:
    """One chart family: its chart types, what it loads, and how it is documented and tried.

    - ``charts``: ``(type, label)`` pairs; type names never change, labels may.
    - ``dependencies``: families it needs loaded first; ``libraries``: shared libraries
      (:data:`flask_jsondash.families.LIBRARIES`) it needs first.
    - ``assets``: its files, in load order (CSS and JS).
    - ``globals``: what its libraries define on ``window`` (dotted paths allowed), checked once
      by the runtime when the page loads; ``library`` names them in messages.
    - ``override``: whether ``override: true`` hands the payload to the library as its options.
    - ``samples``: per type, a dataSource on the example data server (a path), or, for types
      in ``samples_elsewhere``, the dataSource itself.
    - ``docs``: the family's paragraph of docs/schemas.md.
    - ``renderer``: the URL of its renderer script, when not the package's
      ``js/renderers/<name lowercased>.js``.
    """

    name: str
    charts: tuple[tuple[str, str], ...] = ()
    dependencies: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    assets: tuple[Asset, ...] = ()
    globals: tuple[str, ...] = ()
    library: str = ""
    override: bool = False
    help_link: str = ""
    samples: Mapping[str, str] = field(default_factory=dict)
    samples_elsewhere: tuple[str, ...] = ()
    docs: str = ""
    renderer: str | None = None
    enabled: bool = True
    #: Shared libraries only: load it only when the page has no such global (jQuery).
    guard_global: str | None = None

    def config(self) -> dict[str, Any]:
        """The family as an entry of the original's ``CHARTS_CONFIG`` (with this port's keys)."""
        entry: dict[str, Any] = {
            "charts": list(self.charts),
            "dependencies": list(self.dependencies),
            "js_url": [a.cdn_url() for a in self.assets if a.kind == "js"],
            "css_url": [a.cdn_url() for a in self.assets if a.kind == "css"],
            "enabled": self.enabled,
            "override": self.override,
            "help_link": self.help_link,
        }
        optional = {
            "libraries": list(self.libraries),
            "globals": list(self.globals),
            "library": self.library,
            "docs": self.docs,
            "renderer": self.renderer,
            "global": self.guard_global,
        }
        entry.update({key: value for key, value in optional.items() if value})
        return entry
