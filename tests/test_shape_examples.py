"""The examples a widget quotes when its data has the wrong shape are docs/schemas.md's, as
scripts/shape_examples.py writes them into flask_jsondash/static/data/shapes.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import shape_examples  # noqa: E402


def test_the_file_is_what_the_docs_say():
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "shape_examples.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout


def test_every_example_is_json_of_a_type_the_families_draw():
    from flask_jsondash.families import registry

    shapes = json.loads(shape_examples.OUTPUT.read_text(encoding="utf-8"))
    known = {name: {t for t, _ in family["charts"]} for name, family in registry().items()}
    assert {"C3", "D3", "DataTable", "PlotlyStandard"} <= set(shapes)
    for family, examples in shapes.items():
        assert set(examples) <= known[family], family
        for text in examples.values():
            json.loads(text)
    assert json.loads(shapes["C3"]["line"]) == {"line1": [1, 2, 10, 15], "line2": [2, 30, 40, 55]}


def test_a_changed_docs_example_changes_the_file(tmp_path):
    markdown = '## C3\n\n### line\n\nSeries.\n\n```json\n{"a": [1]}\n```\n\n### iframe\n\n'
    markdown += '```json\n{"type": "iframe", "dataSource": "/x"}\n```\n'
    assert shape_examples.examples(markdown) == {"C3": {"line": '{"a": [1]}'}}
