"""The project's example dashboards cover every chart type and every feature they demonstrate."""

from __future__ import annotations

import json
import os

from helpers import EXAMPLES_DIR

from flask_jsondash.schema import get_chart_types


def examples() -> dict[str, dict]:
    out = {}
    for name in sorted(os.listdir(EXAMPLES_DIR)):
        with open(os.path.join(EXAMPLES_DIR, name)) as handle:
            out[name] = json.load(handle)
    return out


def all_modules():
    return [m for doc in examples().values() for m in doc["modules"]]


def test_every_chart_type_appears_at_least_once():
    used = {m["type"] for m in all_modules()}
    assert sorted(set(get_chart_types()) - used) == []


def test_every_layout_appears():
    assert {doc["layout"] for doc in examples().values()} == {"grid", "freeform", "gridpos"}


def test_features_are_demonstrated():
    modules = all_modules()
    assert any(m.get("key") for m in modules), "shared data"
    assert any(m.get("inputs") for m in modules), "inputs"
    assert any(m.get("refresh") and m.get("refreshInterval") for m in modules), "refresh"
    assert any(m.get("override") for m in modules), "override"
    names = {doc["name"] for doc in examples().values()}
    assert any("Stress" in n for n in names) and any("Failing" in n for n in names)


def test_ids_and_guids_are_unique():
    docs = examples().values()
    ids = [doc["id"] for doc in docs]
    guids = [m["guid"] for m in all_modules()]
    assert len(ids) == len(set(ids))
    assert len(guids) == len(set(guids))
