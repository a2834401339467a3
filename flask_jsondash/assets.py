"""Which CSS and JS files a page needs, and where the browser gets them.

Assets are listed in the registry as pinned CDN URLs (``https://cdn.jsdelivr.net/npm/
<package>@<version>/<file>``). By default the same files are served from the package's own
``static/vendor/<package>/<file>`` (copied there from npm by the install step), so dashboards
work offline. ``JSONDASH_CDN = True`` loads them from the CDN instead, and
``JSONDASH['static'] = {'js_path': ..., 'css_path': ...}`` loads them from the host app's own
static folder, by file name, as in the original.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from flask import url_for

from .families import CDN_ROOT, npm_files, registry
from .settings import SHARED_LIBRARIES
from .utils import setting

_NPM_URL = re.compile(r"^(?P<package>(@[^/]+/)?[^/@]+)@(?P<version>[^/]+)/(?P<path>.+)$")


def npm_file(url: str) -> tuple[str, str, str] | None:
    """Split a pinned CDN URL into (package, version, path in package); None if it is not one."""
    if not url.startswith(CDN_ROOT):
        return None
    match = _NPM_URL.match(url[len(CDN_ROOT) :])
    if not match:
        return None
    return match["package"], match["version"], match["path"]


def vendor_path(url: str) -> str | None:
    """Where a pinned CDN file lives under the blueprint's static folder, if it is one."""
    parts = npm_file(url)
    if parts is None:
        return None
    package, _version, path = parts
    return f"vendor/{package}/{path}"


def local_static(chart_config: Mapping[str, Any], static_config: Mapping[str, Any]) -> dict:
    """A copy of ``chart_config`` whose asset URLs point into the host app's static folder.

    Each file keeps its name: ``.../c3.min.js`` becomes ``url_for('static',
    filename=js_path + 'c3.min.js')``. Families without assets are left alone.
    """
    js_path = static_config.get("js_path") or ""
    css_path = static_config.get("css_path") or ""
    config = copy.deepcopy(dict(chart_config))
    for family in config.values():
        for key, prefix in (("js_url", js_path), ("css_url", css_path)):
            family[key] = [
                url_for("static", filename=f"{prefix}{url.rsplit('/', 1)[-1]}")
                for url in family.get(key) or []
            ]
    return config


def asset_url(url: str) -> str:
    """The URL the browser should load for one registry asset, following the settings."""
    static_config = (setting("JSONDASH") or {}).get("static")
    if static_config:
        prefix_key = "css_path" if url.endswith(".css") else "js_path"
        return url_for(
            "static", filename=f"{static_config.get(prefix_key) or ''}{url.rsplit('/', 1)[-1]}"
        )
    if setting("JSONDASH_CDN"):
        return url
    local = vendor_path(url)
    if local is None:
        return url
    return url_for("jsondash._static", filename=local)


def _library(name: str) -> Mapping[str, Any] | None:
    return registry().get(name) or SHARED_LIBRARIES.get(name)


def _with_dependencies(families: Iterable[str]) -> list[str]:
    """Families and the libraries they need, dependencies before their users, each once."""
    ordered: list[str] = []

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ordered or name in trail:
            return
        library = _library(name)
        if library is None:
            return
        for dependency in [*(library.get("libraries") or []), *(library.get("dependencies") or [])]:
            visit(dependency, (*trail, name))
        ordered.append(name)

    for family in families:
        visit(family, ())
    return ordered


def get_active_assets(families: Iterable[str | None]) -> dict[str, list[str]]:
    """The CSS and JS URLs for a page showing these chart families, dependencies first."""
    assets: dict[str, list[str]] = {"css": [], "js": []}
    for name in _with_dependencies(f for f in families if f):
        library = _library(name) or {}
        for kind in ("css", "js"):
            for url in library.get(f"{kind}_url") or []:
                resolved = asset_url(url)
                if resolved not in assets[kind]:
                    assets[kind].append(resolved)
    return assets


def renderer_scripts(families: Iterable[str | None]) -> list[str]:
    """The runtime's renderer file of each chart family (``js/renderers/<family>.js``).

    A family in the registry may name its own file with a ``renderer`` URL.
    """
    urls: list[str] = []
    known = registry()
    for family in families:
        if not family or family not in known:
            continue
        custom = known[family].get("renderer")
        url = custom or url_for("jsondash._static", filename=f"js/renderers/{family.lower()}.js")
        if url not in urls:
            urls.append(url)
    return urls


def guarded_scripts() -> dict[str, str]:
    """Script URLs to load only when a global is missing: {url: global name}."""
    return {
        asset_url(url): library["global"]
        for library in SHARED_LIBRARIES.values()
        if library.get("global")
        for url in library.get("js_url") or []
    }


def vendor_root() -> str | None:
    """URL of the package's vendored libraries folder, for files a renderer loads itself (map
    outlines); None when libraries come from the CDN or the host app's static folder."""
    if (setting("JSONDASH") or {}).get("static") or setting("JSONDASH_CDN"):
        return None
    return url_for("jsondash._static", filename="vendor/")


def get_all_assets() -> dict[str, list[str]]:
    """The CSS and JS URLs of every family in the registry (for pages that may show any)."""
    return get_active_assets(registry())


STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")


@lru_cache(maxsize=1)
def missing_vendor_files() -> tuple[str, ...]:
    """The vendored library files this installation lacks (static/vendor/...), if any."""
    missing = []
    for package, _version, path in vendored_files():
        local = os.path.join(STATIC_DIR, "vendor", package, path)
        if not os.path.isfile(local):
            missing.append(f"vendor/{package}/{path}")
    return tuple(missing)


MISSING_ASSETS = (
    "The chart libraries are missing from this installation of flask_jsondash "
    "({count} files in flask_jsondash/static/vendor/), so no chart can be drawn. In a checkout, "
    "run `make vendor`; or set JSONDASH_CDN = True to load them from the CDN."
)


def assets_problem() -> str | None:
    """A sentence for the page and the log when the libraries pages would load are missing."""
    if (setting("JSONDASH") or {}).get("static") or setting("JSONDASH_CDN"):
        return None
    missing = missing_vendor_files()
    return MISSING_ASSETS.format(count=len(missing)) if missing else None


def vendored_files() -> list[tuple[str, str, str]]:
    """Every (package, version, path) that the built-in families and libraries load from npm."""
    return npm_files()
