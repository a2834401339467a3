"""Packaging: python -m build makes an sdist and a wheel with the templates, the runtime and the
vendored libraries, and the wheel, installed into a fresh virtualenv, serves a dashboard whose
every asset answers 200."""

from __future__ import annotations

import json
import re
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
    "flask_jsondash/templates/pages/chart_detail.html",
    "flask_jsondash/templates/partials/editor.html",
    "flask_jsondash/static/js/app.js",
    "flask_jsondash/static/js/editor.js",
    "flask_jsondash/static/js/renderers/plotlystandard.js",
    "flask_jsondash/static/css/app.css",
    "flask_jsondash/data_utils/wordcloud.py",
]


def vendored() -> list[str]:
    return [f"flask_jsondash/static/vendor/{pkg}/{path}" for pkg, _v, path in vendored_files()]


def test_the_wheel_carries_templates_runtime_and_vendored_libraries(built):
    names = set(zipfile.ZipFile(built[0]).namelist())
    missing = [name for name in REQUIRED + vendored() if name not in names]
    assert missing == []
    assert not any(name.startswith(("tests/", "example_app/")) for name in names)


def test_the_sdist_carries_them_too(built):
    with tarfile.open(built[1]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = [
        name for name in REQUIRED + vendored() + ["pyproject.toml", "setup.py"] if name not in names
    ]
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
