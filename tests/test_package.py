"""The original's import names keep working, so its users can switch by changing the install."""

from __future__ import annotations

import importlib
import os

import pytest

PUBLIC_NAMES = {
    "flask_jsondash.charts_builder": [
        "charts",
        "auth",
        "metadata",
        "get_dims",
        "get_active_assets",
        "get_all_assets",
        "local_static",
        "get_categories",
        "check_global",
    ],
    "flask_jsondash.db": ["get_db_handler", "format_charts", "reformat_data"],
    "flask_jsondash.mongo_adapter": ["Db"],
    "flask_jsondash.settings": [
        "CHARTS_CONFIG",
        "DB_URI",
        "DB_PORT",
        "DB_NAME",
        "DB_TABLE",
        "ACTIVE_DB",
    ],
    "flask_jsondash.utils": [
        "setting",
        "paginator",
        "Paginator",
        "categorize_views",
        "sort_modules",
        "order_sort",
        "get_num_rows",
        "is_global_dashboard",
    ],
    "flask_jsondash.schema": [
        "validate",
        "validate_raw_json",
        "validate_raw_json_grid",
        "is_consecutive_rows",
        "InvalidSchemaError",
        "get_chart_types",
    ],
}


@pytest.mark.parametrize("module_name", sorted(PUBLIC_NAMES))
def test_public_names_exist(module_name):
    module = importlib.import_module(module_name)
    missing = [name for name in PUBLIC_NAMES[module_name] if not hasattr(module, name)]
    assert missing == []


def test_blueprint_is_named_jsondash():
    from flask_jsondash.charts_builder import charts

    assert charts.name == "jsondash"


def test_endpoint_names_and_urls_are_the_originals():
    from flask import Flask

    from flask_jsondash.charts_builder import charts

    app = Flask(__name__)
    app.register_blueprint(charts)
    rules = {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()}
    assert rules["jsondash.view"] == "/charts/<c_id>"
    assert rules["jsondash.create"] == "/charts/create"
    assert rules["jsondash.update"] == "/charts/<c_id>/update"
    assert rules["jsondash.clone"] == "/charts/<c_id>/clone"
    assert rules["jsondash.delete"] == "/charts/<c_id>/delete"
    assert rules["jsondash._static"] == "/jsondash/<path:filename>"
    dashboard_urls = {
        r.rule for r in app.url_map.iter_rules() if r.endpoint == "jsondash.dashboard"
    }
    assert dashboard_urls == {"/charts/"}  # /charts redirects to it, as in the original


def run_python(code: str, **env: str) -> str:
    """Run code in a fresh interpreter, so module-level state here is left alone."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_opens_no_database_connection():
    names = ", ".join(repr(n) for n in PUBLIC_NAMES)
    code = (
        "import importlib, pymongo\n"
        "def refuse(*a, **k): raise SystemExit('a MongoClient was created at import time')\n"
        "pymongo.MongoClient = refuse\n"
        f"for name in [{names}]: importlib.import_module(name)\n"
        "print('ok')"
    )
    assert run_python(code) == "ok"


def test_settings_read_the_originals_environment_variables():
    code = (
        "from flask_jsondash import settings as s; "
        "print(s.DB_URI, s.DB_PORT, s.DB_NAME, s.DB_TABLE, s.ACTIVE_DB)"
    )
    env = {
        "CHARTS_DB_HOST": "db.example",
        "CHARTS_DB_PORT": "27018",
        "CHARTS_DB_DB": "dashes",
        "CHARTS_DB_TABLE": "boards",
        "CHARTS_ACTIVE_DB": "MONGO",
    }
    assert run_python(code, **env) == "db.example 27018 dashes boards mongo"
    assert run_python(code, CHARTS_DB_NAME="named").split()[2] == "named"


def test_the_registry_has_every_family_of_the_original():
    from flask_jsondash.settings import CHARTS_CONFIG

    expected = {
        "C3": {
            "line",
            "bar",
            "timeseries",
            "step",
            "pie",
            "area",
            "donut",
            "spline",
            "gauge",
            "scatter",
            "area-spline",
        },
        "D3": {"radial-dendrogram", "dendrogram", "treemap", "voronoi", "circlepack"},
        "FlameGraph": {"flamegraph"},
        "WordCloud": {"wordcloud"},
        "Basic": {"custom", "iframe", "image", "numbergroup", "number", "youtube"},
        "Vega": {"vega-lite"},
        "DataTable": {"datatable"},
        "Timeline": {"timeline"},
        "Venn": {"venn"},
        "SigmaJS": {"sigma"},
        "Cytoscape": {"cytoscape"},
        "Graph": {"graph"},
        "Sparklines": {
            f"sparklines-{t}"
            for t in ("line", "bar", "tristate", "discrete", "bullet", "pie", "box")
        },
        "PlotlyStandard": {"plotly-any"},
    }
    assert {
        name: {c[0] for c in conf["charts"]} for name, conf in CHARTS_CONFIG.items()
    } == expected
    for name, conf in CHARTS_CONFIG.items():
        assert {"dependencies", "js_url", "css_url", "help_link", "enabled"} <= set(conf), name
        assert conf["help_link"].startswith("https://"), name


def test_pyproject_has_pep621_metadata_and_setup_py_is_a_shim():
    tomllib = pytest.importorskip("tomllib", reason="tomllib comes with Python 3.11+")

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with open(os.path.join(root, "pyproject.toml"), "rb") as handle:
        project = tomllib.load(handle)["project"]
    assert project["name"] == "flask_jsondash"
    assert any(dep.startswith("Flask>=3") for dep in project["dependencies"])
    assert any(dep.startswith("pymongo>=4") for dep in project["dependencies"])
    assert project["requires-python"] == ">=3.10"
    with open(os.path.join(root, "setup.py")) as handle:
        assert "setup()" in handle.read()
