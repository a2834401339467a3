"""Packaging: python -m build makes an sdist and a wheel with the templates, the runtime, the
vendored libraries and the licences, and the wheel, installed into a fresh virtualenv, serves a
dashboard whose every asset answers 200. A build without the libraries and without npm fails
saying what to run, unless JSONDASH_BUILD_WITHOUT_ASSETS=1; editable installs need neither.
THIRD_PARTY_NOTICES lists every vendored package at its locked version."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import urllib.request
import zipfile

import pytest
from helpers import ROOT, dashboard, fetch_when_up, free_port, module

from flask_jsondash.assets import vendored_files

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    wheel = next(out.glob("*.whl"))
    sdist = next(out.glob("*.tar.gz"))
    return wheel, sdist


REQUIRED = [
    "flask_jsondash/templates/layouts/base.html",
    "flask_jsondash/templates/jsondash/pages/chart_detail.html",
    "flask_jsondash/templates/jsondash/partials/editor.html",
    "flask_jsondash/static/js/app.js",
    "flask_jsondash/static/js/editor.js",
    "flask_jsondash/static/js/renderers/plotlystandard.js",
    "flask_jsondash/static/css/app.css",
    "flask_jsondash/data_utils/wordcloud.py",
    "flask_jsondash/py.typed",
]
LICENCES = ["LICENSE", "THIRD_PARTY_NOTICES"]


def vendored() -> list[str]:
    return [f"flask_jsondash/static/vendor/{pkg}/{path}" for pkg, _v, path in vendored_files()]


def test_the_wheel_carries_templates_runtime_and_vendored_libraries(built):
    names = set(zipfile.ZipFile(built[0]).namelist())
    missing = [name for name in REQUIRED + vendored() if name not in names]
    assert missing == []
    assert not any(name.startswith(("tests/", "example_app/", "scripts/")) for name in names)
    assert "build_assets.py" not in names


def test_the_wheel_carries_the_licence_and_the_third_party_notices(built):
    wheel = zipfile.ZipFile(built[0])
    for licence in LICENCES:
        found = [
            name for name in wheel.namelist() if name.endswith(f".dist-info/licenses/{licence}")
        ]
        assert len(found) == 1, licence
        with open(os.path.join(ROOT, licence), "rb") as handle:
            assert wheel.read(found[0]) == handle.read(), licence
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")))
    assert b"License-Expression: MIT" in metadata
    assert b"License-File: THIRD_PARTY_NOTICES" in metadata


def test_the_sdist_carries_them_too(built):
    with tarfile.open(built[1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    # With what a build from the sdist needs to check (and, with npm, redo) the vendoring.
    build_files = [
        "build_assets.py",
        "scripts/vendor_assets.py",
        "package.json",
        "package-lock.json",
    ]
    wanted = REQUIRED + vendored() + LICENCES + build_files + ["pyproject.toml", "setup.py"]
    missing = [name for name in wanted if name not in names]
    assert missing == []


SERVER = """
import json, sys
from flask import Flask
from flask_jsondash.charts_builder import charts
from flask_jsondash.db import get_db_handler
app = Flask("installed", instance_path=sys.argv[2])
app.config.update(SECRET_KEY="x", CHARTS_ACTIVE_DB="sqlite")
app.register_blueprint(charts)
with app.app_context():
    get_db_handler().create(json.loads(sys.argv[3]))
app.run(port=int(sys.argv[1]))
"""


def test_the_wheel_installed_in_a_fresh_virtualenv_serves_a_dashboard(built, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    install = subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(built[0])],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    families = [("C3", "line"), ("PlotlyStandard", "plotly-any"), ("DataTable", "datatable")]
    doc = dashboard(
        modules=[
            module(f"m-{i}-1-1-1", family=family, type=kind)
            for i, (family, kind) in enumerate(families)
        ]
    )
    port = free_port()

    server = subprocess.Popen(
        [python, "-c", SERVER, str(port), str(tmp_path / "instance"), json.dumps(doc)],
        cwd=tmp_path,  # not the checkout: the installed package is what is imported
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        html, _headers = fetch_when_up(f"{base}/charts/{doc['id']}", server)
        assets = re.findall(r'<script src="(/[^"]+)"|<link rel="stylesheet" href="(/[^"]+)"', html)
        urls = [script or style for script, style in assets]
        assert len(urls) >= 10
        assert any("plotly.min.js" in url for url in urls)
        for url in urls:
            with urllib.request.urlopen(base + url, timeout=10) as response:
                assert response.status == 200, url
                assert len(response.read()) > 0, url
    finally:
        server.terminate()
        server.wait(timeout=10)
    where = subprocess.run(
        [python, "-c", "import flask_jsondash, sys; sys.stdout.write(flask_jsondash.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert str(venv) in where, textwrap.shorten(where, 200)


# Builds of a copy of the checkout without the vendored libraries, node_modules or npm.

SKIPPED = {".git", ".venv", "node_modules", "build", "dist", ".pytest_cache", ".ruff_cache"}
NO_LIBRARIES = "are not in flask_jsondash/static/vendor/ and npm is not installed"


def copy_without_libraries(target) -> str:
    static = os.path.join(ROOT, "flask_jsondash", "static")

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n.endswith(".egg-info") or n == "__pycache__"}
        if os.path.samefile(folder, ROOT):
            skipped |= SKIPPED & set(names)
        if os.path.samefile(folder, static):
            skipped.add("vendor")
        return skipped

    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    return str(target)


def without_npm(tmp_path, **extra: str) -> dict[str, str]:
    """The environment, with a PATH on which there is no npm (the build runs by absolute paths)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "JSONDASH_BUILD_WITHOUT_ASSETS"}
    return {**env, "PATH": str(empty), **extra}


def run_build(tree: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build", *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def bare_tree(tmp_path_factory):
    return copy_without_libraries(tmp_path_factory.mktemp("bare") / "src")


@pytest.mark.parametrize("kind", ["--sdist", "--wheel"])
def test_a_build_without_the_libraries_and_without_npm_fails_saying_what_to_run(
    bare_tree, tmp_path, kind
):
    result = run_build(bare_tree, without_npm(tmp_path), kind, "--outdir", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert NO_LIBRARIES in output and "run `make vendor`" in output, output[-2000:]
    assert not list((tmp_path / "out").glob("*.whl"))


def test_pip_install_without_the_libraries_and_without_npm_fails_too(bare_tree, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(tmp_path / "out"), bare_tree],
        env=without_npm(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode != 0
    assert NO_LIBRARIES in result.stdout + result.stderr, result.stderr[-2000:]


def test_jsondash_build_without_assets_builds_without_them_with_a_warning(bare_tree, tmp_path):
    env = without_npm(tmp_path, JSONDASH_BUILD_WITHOUT_ASSETS="1")
    result = run_build(bare_tree, env, "--wheel", "--outdir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "WARNING: JSONDASH_BUILD_WITHOUT_ASSETS is set" in result.stdout + result.stderr
    names = zipfile.ZipFile(next((tmp_path / "out").glob("*.whl"))).namelist()
    assert not any("/static/vendor/" in name for name in names)
    assert "flask_jsondash/static/js/app.js" in names
    assert any(name.endswith(".dist-info/licenses/THIRD_PARTY_NOTICES") for name in names)


def test_an_editable_install_needs_neither_the_libraries_nor_npm(bare_tree, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "-e", bare_tree],
        env=without_npm(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert not os.path.exists(os.path.join(bare_tree, "flask_jsondash", "static", "vendor"))


@pytest.mark.skipif(
    not os.path.isdir(os.path.join(ROOT, "node_modules")), reason="needs node_modules (npm ci)"
)
def test_a_build_with_node_modules_but_no_vendored_libraries_vendors_them(tmp_path):
    tree = copy_without_libraries(tmp_path / "src")
    os.symlink(os.path.join(ROOT, "node_modules"), os.path.join(tree, "node_modules"))
    result = run_build(tree, without_npm(tmp_path), "--wheel", "--outdir", str(tmp_path / "out"))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    names = set(zipfile.ZipFile(next((tmp_path / "out").glob("*.whl"))).namelist())
    assert [name for name in vendored() if name not in names] == []
    assert "flask_jsondash/static/vendor/MANIFEST.json" in names


# THIRD_PARTY_NOTICES, generated by scripts/third_party_notices.py.


def load_script(name: str):
    path = os.path.join(ROOT, "scripts", f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"_test_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_notices() -> str:
    with open(os.path.join(ROOT, "THIRD_PARTY_NOTICES"), encoding="utf-8") as handle:
        return handle.read()


def test_third_party_notices_list_every_vendored_package_at_its_locked_version():
    support = load_script("vendor_assets").SUPPORT_FILES
    packages = {package for package, _v, _p in vendored_files()} | set(support)
    with open(os.path.join(ROOT, "package-lock.json"), encoding="utf-8") as handle:
        locked = json.load(handle)["packages"]
    expected = {package: locked[f"node_modules/{package}"]["version"] for package in packages}
    listed = dict(re.findall(r"^Package: (\S+)@(\S+)$", read_notices(), re.M))
    assert listed == expected
    for package, version, _path in vendored_files():
        assert listed[package] == version, package  # the registry pins the locked version


def test_each_notice_has_a_licence_a_homepage_and_the_licence_text():
    entries = read_notices().split("=" * 80 + "\n")[1:]
    assert len(entries) == len(re.findall(r"^Package: ", read_notices(), re.M))
    for entry in entries:
        head, _rule, text = entry.partition("-" * 80 + "\n")
        name = head.splitlines()[0]
        assert re.search(r"^Licence: [\w.-]+( OR [\w.-]+)*$", head, re.M), name
        assert re.search(r"^Homepage: https?://\S+$", head, re.M), name
        assert len(text) > 400, name
        licence = re.search(r"^Licence: (\S+)", head, re.M).group(1)
        if licence == "MPL-2.0":
            assert "source code is available" in head and "unmodified" in head, name
        else:
            assert "Copyright" in text or "copyright" in text, name


@pytest.mark.skipif(
    not os.path.isdir(os.path.join(ROOT, "node_modules")), reason="needs node_modules (npm ci)"
)
def test_third_party_notices_are_up_to_date_with_node_modules():
    notices = load_script("third_party_notices")
    assert notices.render() == read_notices(), "run `python scripts/third_party_notices.py`"


def test_the_build_needs_only_setuptools_to_list_the_libraries():
    # The build lists the files to vendor from flask_jsondash/families, which needs only the
    # standard library: an isolated build environment has setuptools and nothing else.
    tomllib = pytest.importorskip("tomllib", reason="tomllib comes with Python 3.11+")
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as handle:
        config = tomllib.load(handle)
    requires = config["build-system"]["requires"]
    assert [re.split(r"[<>=]", r)[0] for r in requires] == ["setuptools"]
    assert any(re.fullmatch(r"setuptools>=7[7-9].*|setuptools>=[89]\d.*", r) for r in requires)
    vendor_assets = load_script("vendor_assets")
    assert vendor_assets.registry_files() == vendored_files()
    # The same, in a Python without site-packages (no Flask, no jsonschema).
    path = os.path.join(ROOT, "scripts", "vendor_assets.py")
    script = (
        "import importlib.util; "
        f"spec = importlib.util.spec_from_file_location('v', {path!r}); "
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
        "print(len(m.registry_files()))"
    )
    bare = subprocess.run([sys.executable, "-S", "-c", script], capture_output=True, text=True)
    assert bare.returncode == 0, bare.stderr
    assert int(bare.stdout) == len(vendored_files())
