"""Which CSS and JS files a page needs, and where the browser gets them.

Assets are listed in the registry as pinned CDN URLs (``https://cdn.jsdelivr.net/npm/
<package>@<version>/<file>``). By default the same files are served from the package's own
``static/vendor/<package>/<file>`` (copied there from npm by the install step), so dashboards
work offline. ``JSONDASH_CDN = True`` loads them from the CDN instead, and
``JSONDASH['static'] = {'js_path': ..., 'css_path': ...}`` loads them from the host app's own
static folder, by file name, as in the original.

Versioned URLs
--------------
The blueprint's own files (the runtime, its styles, the vendored libraries) are linked as
``/jsondash/v/<digest>/<path in static/>``, where ``<digest>`` is the first 12 hex digits of the
SHA-256 of the file's content. They are served with ``Cache-Control: public,
max-age=31536000, immutable``: a browser that has a file never asks for it again, and a new
release that changes a file changes its URL. The hash is a path segment, not a part of the file
name, so a file's relative references (a style sheet's fonts, ``../images/...``) resolve beside
it and are served too; a digest that is not the file's current one (those references, or a page
cached from an older release) gets the file as it is now with the short max-age of the plain
URL. The plain ``/jsondash/<path>`` URLs keep working, with ``JSONDASH_ASSET_MAX_AGE``.

A file's digest is computed the first time a URL or a response needs it and kept for the life
of the process (in debug mode it is checked against the file's size and time on each use).
The URL lists a page needs (:func:`get_active_assets`, :func:`renderer_scripts`, ...) are
computed once per app and *context*: the script root, the JSONDASH static paths, JSONDASH_CDN,
JSONDASH_VERSIONED_ASSETS and the app's own families; they live in
``app.extensions["jsondash_asset_urls"]``, so apps never see each other's.
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from stat import S_ISREG
from typing import Any, TypeVar

from flask import current_app, g, has_app_context, has_request_context, request, url_for
from werkzeug.security import safe_join

from .families import CDN_ROOT, npm_files, registry
from .settings import SHARED_LIBRARIES
from .utils import setting

STATIC_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
#: Hex digits of a file's SHA-256 in its versioned URL.
DIGEST_LENGTH = 12
#: How long browsers keep a versioned file: a year, the most RFC 9111 suggests.
IMMUTABLE_MAX_AGE = 31_536_000

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
    return _memo(("asset", url), lambda: _asset_url(url))


def _asset_url(url: str) -> str:
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
    return static_url(local)


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


def _names(families: Iterable[str | None]) -> tuple[str, ...]:
    """The distinct family names, in order: what the URL lists depend on (a cache key)."""
    return tuple(dict.fromkeys(f for f in families if f))


def get_active_assets(families: Iterable[str | None]) -> dict[str, list[str]]:
    """The CSS and JS URLs for a page showing these chart families, dependencies first."""
    names = _names(families)
    css, js = _memo(("active", names), lambda: _active_assets(names))
    return {"css": list(css), "js": list(js)}


def _active_assets(names: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    assets: dict[str, list[str]] = {"css": [], "js": []}
    for name in _with_dependencies(names):
        library = _library(name) or {}
        for kind in ("css", "js"):
            for url in library.get(f"{kind}_url") or []:
                resolved = asset_url(url)
                if resolved not in assets[kind]:
                    assets[kind].append(resolved)
    return tuple(assets["css"]), tuple(assets["js"])


def renderer_scripts(families: Iterable[str | None]) -> list[str]:
    """The runtime's renderer file of each chart family (``js/renderers/<family>.js``).

    A family in the registry may name its own file with a ``renderer`` URL.
    """
    names = _names(families)
    return list(_memo(("renderers", names), lambda: _renderer_scripts(names)))


def _renderer_scripts(names: tuple[str, ...]) -> tuple[str, ...]:
    urls: list[str] = []
    known = registry()
    for family in names:
        if family not in known:
            continue
        custom = known[family].get("renderer")
        url = custom or static_url(f"js/renderers/{family.lower()}.js")
        if url not in urls:
            urls.append(url)
    return tuple(urls)


def guarded_scripts() -> dict[str, str]:
    """Script URLs to load only when a global is missing: {url: global name}."""
    return dict(_memo(("guarded",), _guarded_scripts))


def _guarded_scripts() -> dict[str, str]:
    return {
        asset_url(url): library["global"]
        for library in SHARED_LIBRARIES.values()
        if library.get("global")
        for url in library.get("js_url") or []
    }


def vendor_root() -> str | None:
    """URL of the package's vendored libraries folder, for files a renderer loads itself (map
    outlines); None when libraries come from the CDN or the host app's static folder.

    The folder's URL is the plain one (short max-age, revalidated by ETag): the files in it
    are named by the renderer, not by the page, so they cannot carry their digest."""
    return _memo(("vendor_root",), _vendor_root)


def _vendor_root() -> str | None:
    if (setting("JSONDASH") or {}).get("static") or setting("JSONDASH_CDN"):
        return None
    return url_for("jsondash._static", filename="vendor/")


def charts_config() -> Mapping[str, Any]:
    """The registry as pages embed it: its asset URLs in the host app's static folder when
    ``JSONDASH["static"]`` says so. Shared between requests: read it, never change it."""
    return _memo(("charts_config",), _charts_config)


def _charts_config() -> Mapping[str, Any]:
    config = setting("JSONDASH") or {}
    static_config = config.get("static") if isinstance(config, dict) else None
    return local_static(registry(), static_config) if static_config else registry()


# The blueprint's static files, their digests and URLs ----------------------------------------


@dataclass(frozen=True)
class StaticFile:
    """One file of the blueprint's static folder, as it was when its digest was taken."""

    filename: str  # its path in static/, with forward slashes
    path: str  # its path on disk
    digest: str  # the first DIGEST_LENGTH hex digits of its content's SHA-256
    size: int
    mtime_ns: int

    @property
    def mtime(self) -> float:
        """Its modification time, in seconds (for Last-Modified)."""
        return self.mtime_ns / 1e9


#: Scripts a dashboard page runs one after the other, each group served as one file (a page's
#: first visit makes fewer requests before its charts draw). A bundle is a static file like the
#: others (plain and versioned URLs, compressed, cached by its digest); it is made, once per
#: process and whenever one of its parts changes, in a folder of this process's own.
BUNDLES: dict[str, tuple[str, ...]] = {
    # Right after the dashboard's JSON: the theme, and the data requests (before any library).
    "js/bundles/early.js": ("js/theme.js", "js/sources.js"),
    # After the libraries: the runtime the renderers register with.
    "js/bundles/runtime.js": ("js/utils.js", "js/util.js", "js/api.js", "js/app.js"),
    # After the renderers: page behaviours, the freeform layout, and the start.
    "js/bundles/start.js": ("js/index.js", "js/layout.js", "js/init.js"),
    # A dashboard page's own styles, the dark theme's with them (in css/, as their url()s are).
    "css/dashboard.css": ("css/app.css", "css/theme-dark.css"),
}


class _StaticFiles:
    """The static files whose digest this process has taken, by file name (bounded: the
    package's static folder has a fixed set of files; names that are no file are not kept)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, str], StaticFile] = {}
        self._lock = threading.Lock()
        self._bundle_dir: str | None = None

    def get(self, filename: str, recheck: bool = False) -> StaticFile | None:
        key = (STATIC_DIR, filename)
        found = self._files.get(key)
        if found is not None and not recheck:
            return found
        if filename in BUNDLES:
            return self._bundle(key, filename, found, recheck)
        path = safe_join(STATIC_DIR, filename)
        if path is None:
            return None
        try:
            stat = os.stat(path)
        except (OSError, ValueError):  # ValueError: a NUL in the name
            return None
        if not S_ISREG(stat.st_mode):
            return None
        if found is not None and (found.size, found.mtime_ns) == (stat.st_size, stat.st_mtime_ns):
            return found
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
        found = StaticFile(
            filename=filename,
            path=path,
            digest=digest.hexdigest()[:DIGEST_LENGTH],
            size=stat.st_size,
            mtime_ns=stat.st_mtime_ns,
        )
        with self._lock:
            self._files[key] = found
        return found

    def _bundle(
        self, key: tuple[str, str], filename: str, found: StaticFile | None, recheck: bool
    ) -> StaticFile | None:
        """The bundle ``filename``: its parts, one after the other, each on lines of its own."""
        parts = [self.get(part, recheck) for part in BUNDLES[filename]]
        if any(part is None for part in parts):
            return None
        listed = [part for part in parts if part is not None]
        digest = hashlib.sha256(" ".join(part.digest for part in listed).encode()).hexdigest()
        digest = digest[:DIGEST_LENGTH]
        if found is not None and found.digest == digest and os.path.exists(found.path):
            return found
        body = b"".join(_bundle_part(part) for part in listed)
        with self._lock:
            if self._bundle_dir is None:
                self._bundle_dir = tempfile.mkdtemp(prefix="jsondash-bundles-")
                atexit.register(shutil.rmtree, self._bundle_dir, ignore_errors=True)
            path = os.path.join(self._bundle_dir, f"{digest}-{os.path.basename(filename)}")
            partial = f"{path}.{threading.get_ident()}.part"
            with open(partial, "wb") as handle:
                handle.write(body)
            os.replace(partial, path)
            found = StaticFile(
                filename=filename,
                path=path,
                digest=digest,
                size=len(body),
                mtime_ns=max(part.mtime_ns for part in listed),
            )
            self._files[key] = found
        return found

    def clear(self) -> None:
        with self._lock:
            self._files.clear()


def _bundle_part(part: StaticFile) -> bytes:
    """One file of a bundle: named in a comment, and a script ended by a semicolon (one that
    ends without one cannot run into the next; in a style sheet it would drop the next rule)."""
    with open(part.path, "rb") as handle:
        body = handle.read().rstrip()
    end = b"\n;\n" if part.filename.endswith(".js") else b"\n"
    return b"/* " + part.filename.encode() + b" */\n" + body + end


_static_files = _StaticFiles()


def static_file(filename: str) -> StaticFile | None:
    """The blueprint's static file ``filename`` (a path in ``static/``) with its digest; None
    if there is no such file (or the name leaves the folder).

    Digests are taken once per process; in debug mode a changed file is noticed."""
    return _static_files.get(filename, recheck=_debug())


def static_url(filename: str) -> str:
    """The URL of one of the blueprint's static files: versioned (``/jsondash/v/<digest>/
    <filename>``) when the file exists and ``JSONDASH_VERSIONED_ASSETS`` is on, else plain."""
    return _memo(("static", filename), lambda: _static_url(filename))


def _static_url(filename: str) -> str:
    if setting("JSONDASH_VERSIONED_ASSETS"):
        found = static_file(filename)
        if found is not None:
            return url_for("jsondash._versioned_static", digest=found.digest, filename=filename)
    return url_for("jsondash._static", filename=filename)


def clear_caches(app: Any = None) -> None:
    """Forget every file digest of this process, and the URLs of ``app`` (default: the current
    app, if any), for files changed while it runs (debug mode notices by itself)."""
    _static_files.clear()
    if app is None and has_app_context():
        app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app is not None:
        app.extensions.pop(_URLS_KEY, None)


# Per-app URL caches ------------------------------------------------------------------------

_URLS_KEY = "jsondash_asset_urls"
#: Bounds, so that odd Host headers or many family combinations cannot grow memory.
MAX_CONTEXTS = 16
MAX_URLS_PER_CONTEXT = 1024

T = TypeVar("T")


class AssetUrls:
    """One app's computed asset URLs, per context (see the module's docstring)."""

    def __init__(self) -> None:
        self.contexts: dict[Hashable, dict[Hashable, Any]] = {}
        self.lock = threading.Lock()

    def for_context(self, context: Hashable) -> dict[Hashable, Any]:
        urls = self.contexts.get(context)
        if urls is None:
            with self.lock:
                urls = self.contexts.get(context)
                if urls is None:
                    while len(self.contexts) >= MAX_CONTEXTS:
                        self.contexts.pop(next(iter(self.contexts)))
                    urls = self.contexts[context] = {}
        return urls

    def store(self, urls: dict[Hashable, Any], key: Hashable, value: Any) -> None:
        with self.lock:
            while len(urls) >= MAX_URLS_PER_CONTEXT:
                urls.pop(next(iter(urls)))
            urls[key] = value


def _debug() -> bool:
    return has_app_context() and bool(current_app.debug)


def _context() -> Hashable | None:
    """What the current request's URLs depend on, or None when they are not to be cached
    (outside a request, where url_for makes external URLs; in debug mode)."""
    if not has_request_context() or current_app.debug:
        return None
    # Once per request: a page asks for a few dozen URLs.
    found = g.get(_CONTEXT_KEY)
    if found is None:
        found = g.setdefault(_CONTEXT_KEY, _context_now())
    return found


_CONTEXT_KEY = "_jsondash_asset_context"


def _context_now() -> Hashable:
    from .state import state_of

    config = setting("JSONDASH") or {}
    static_config = config.get("static") if isinstance(config, Mapping) else None
    families = state_of().families
    return (
        request.script_root,
        request.host,
        repr(static_config),
        bool(setting("JSONDASH_CDN")),
        bool(setting("JSONDASH_VERSIONED_ASSETS")),
        tuple((name, id(family)) for name, family in families.items()),
    )


def _memo(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, once per app and context (see :class:`AssetUrls`)."""
    context = _context()
    if context is None:
        return compute()
    cache = current_app.extensions.get(_URLS_KEY)
    if not isinstance(cache, AssetUrls):
        cache = current_app.extensions.setdefault(_URLS_KEY, AssetUrls())
    urls = cache.for_context(context)
    try:
        return urls[key]
    except KeyError:
        value = compute()
        cache.store(urls, key, value)
        return value


def get_all_assets() -> dict[str, list[str]]:
    """The CSS and JS URLs of every family in the registry (for pages that may show any)."""
    return get_active_assets(registry())


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
