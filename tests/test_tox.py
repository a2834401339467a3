"""tox.ini: an environment per supported Python and a lint environment, which really runs."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def tox():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(ROOT, "tox.ini"))
    return parser


def test_every_supported_python_and_lint(tox):
    envs = [e.strip() for e in tox["tox"]["envlist"].split(",")]
    assert envs == ["py310", "py311", "py312", "py313", "lint"]
    assert "pytest" in tox["testenv"]["commands"]
    assert "ruff check" in tox["testenv:lint"]["commands"]
    assert "ruff format --check" in tox["testenv:lint"]["commands"]


@pytest.mark.slow
def test_the_lint_environment_passes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tox", "-e", "lint", "--workdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "lint: OK" in result.stdout or "congratulations" in result.stdout
