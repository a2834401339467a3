"""Validation rules, one by one, with the JSON path each problem is reported at."""

from __future__ import annotations

import collections
import json
import os

import pytest
from helpers import EXAMPLES_DIR, dashboard, module
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flask_jsondash import schema
from flask_jsondash.limits import Limits, safety_problems
from flask_jsondash.settings import CHARTS_CONFIG


def problems(doc) -> list[str]:
    return [str(p) for p in schema.problems_of(schema.normalize(doc))]


def grid(*modules, **overrides):
    return dashboard(layout="grid", modules=list(modules), **overrides)


def gmodule(guid="g-1-1-1-1", **overrides):
    return module(guid, **{"width": "col-6", "row": 1, **overrides})


def assert_one_problem(doc, path, words):
    found = schema.problems_of(schema.normalize(doc))
    matching = [p for p in found if p.path == path and words in p.message]
    assert matching, f"expected a problem at {path!r} mentioning {words!r}; got {found}"


def test_a_valid_dashboard_has_no_problems():
    assert problems(dashboard()) == []
    assert schema.validate(dashboard()) is None


@pytest.mark.parametrize("name", sorted(os.listdir(EXAMPLES_DIR)))
def test_every_project_example_is_valid(name):
    with open(os.path.join(EXAMPLES_DIR, name)) as handle:
        assert problems(json.load(handle)) == []


# Dashboard -------------------------------------------------------------------------------


def test_dashboard_needs_a_name():
    doc = dashboard()
    del doc["name"]
    assert_one_problem(doc, "", "missing required key 'name'")
    assert_one_problem(dashboard(name=""), "name", "must not be empty")
    assert_one_problem(dashboard(name=12), "name", "must be text")


def test_dashboard_needs_a_list_of_modules():
    doc = dashboard()
    del doc["modules"]
    assert_one_problem(doc, "", "missing required key 'modules'")
    assert_one_problem(dashboard(modules={}), "modules", "must be a list")
    assert problems(dashboard(modules=[])) == []


def test_layout_is_freeform_or_grid():
    assert_one_problem(dashboard(layout="masonry"), "layout", "must be one of: freeform, grid")


def test_a_config_that_is_not_an_object_is_one_problem():
    assert [str(p) for p in schema.problems_of([1, 2])] == ["must be an object (got [1, 2])"]


def test_metadata_keys_are_allowed():
    assert problems(dashboard(created_by="x", username="y", anything={"a": 1})) == []


# Module: required keys -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["name", "type", "width", "height", "dataSource"])
def test_module_required_keys(key):
    mod = module()
    del mod[key]
    assert_one_problem(dashboard(modules=[mod]), "modules[0]", f"'{key}'")


def test_module_must_be_an_object():
    assert_one_problem(dashboard(modules=["line"]), "modules[0]", "must be an object")


def test_module_name_and_data_source_must_not_be_empty():
    assert_one_problem(dashboard(modules=[module(name="")]), "modules[0].name", "must not be empty")
    assert_one_problem(
        dashboard(modules=[module(dataSource="")]), "modules[0].dataSource", "must not be empty"
    )


@pytest.mark.parametrize("guid", ["has space", "<script>", 'quote"d'])
def test_guid_is_letters_digits_and_dashes(guid):
    assert_one_problem(dashboard(modules=[module(guid)]), "modules[0].guid", "letters, digits")


def test_a_module_without_a_guid_gets_one_that_stays_the_same():
    """The original's editor gave every module a guid; modules posted without one get one."""
    mod = module()
    del mod["guid"]
    doc = dashboard(modules=[mod, module(guid="")])
    first = schema.normalize(doc)["modules"]
    assert all(m["guid"] for m in first)
    assert first[0]["guid"] != first[1]["guid"]
    assert schema.normalize(doc)["modules"] == first  # derived from the id: the same each time
    assert problems(doc) == []


def test_a_repeated_guid_is_replaced_so_every_widget_has_its_own():
    """The original accepted repeated guids (its examples repeat "a-b-c-d-e"); each widget
    needs its own to be drawn, so later repeats get a new one and the first keeps its own."""
    doc = dashboard(modules=[module("same-1-1-1-1"), module("same-1-1-1-1")])
    guids = [m["guid"] for m in schema.normalize(doc)["modules"]]
    assert guids[0] == "same-1-1-1-1" and guids[1] != "same-1-1-1-1"
    assert problems(doc) == []


# Module: family and type -----------------------------------------------------------------


def test_family_must_be_in_the_registry():
    assert_one_problem(dashboard(modules=[module(family="Excel")]), "modules[0].family", "one of")


def test_type_must_be_known():
    mod = module(type="piechart")
    del mod["family"]
    assert_one_problem(dashboard(modules=[mod]), "modules[0].type", "is not a chart type")


def test_type_must_belong_to_its_family():
    doc = dashboard(modules=[module(family="D3", type="pie")])
    assert_one_problem(doc, "modules[0].type", "is not a chart type of family D3")


def test_family_is_inferred_from_the_type_when_missing():
    mod = module(type="treemap")
    del mod["family"]
    normalized = schema.normalize(dashboard(modules=[mod]))
    assert normalized["modules"][0]["family"] == "D3"
    assert "family" not in mod  # normalize works on a copy


def test_every_registry_type_is_accepted_in_its_family():
    youtube = '<iframe width="560" height="315" src="https://www.youtube.com/embed/x"></iframe>'
    for family, config in CHARTS_CONFIG.items():
        for chart_type, _label in config["charts"]:
            source = youtube if chart_type == "youtube" else "http://127.0.0.1:5004/line"
            doc = dashboard(modules=[module(family=family, type=chart_type, dataSource=source)])
            assert problems(doc) == [], (family, chart_type)


def test_get_chart_types_lists_every_type_once():
    types = schema.get_chart_types()
    assert len(types) == len(set(types))
    assert {"line", "radial-dendrogram", "flamegraph", "wordcloud", "youtube", "vega-lite"} <= set(
        types
    )
    assert {"datatable", "timeline", "venn", "sigma", "cytoscape", "graph", "plotly-any"} <= set(
        types
    )
    assert {
        f"sparklines-{k}" for k in ("line", "bar", "tristate", "discrete", "bullet", "pie", "box")
    } <= set(types)


# Module: sizes ---------------------------------------------------------------------------


@pytest.mark.parametrize("width", [400, 400.5, "400"])
def test_freeform_width_is_pixels(width):
    assert problems(dashboard(modules=[module(width=width)])) == []


@pytest.mark.parametrize("width", ["col-6", "wide", 0, -10, None, True])
def test_freeform_width_rejects_anything_else(width):
    assert_one_problem(dashboard(modules=[module(width=width)]), "modules[0].width", "")


@pytest.mark.parametrize("width", [f"col-{n}" for n in range(1, 13)])
def test_grid_width_is_col_1_to_12(width):
    assert problems(grid(gmodule(width=width))) == []


@pytest.mark.parametrize("width", ["col-0", "col-13", "col-", 400, "400", "COL-4"])
def test_grid_width_rejects_anything_else(width):
    assert_one_problem(grid(gmodule(width=width)), "modules[0].width", "col-1 ... col-12")


@pytest.mark.parametrize("height", [300, "300", 250.5])
def test_height_is_pixels(height):
    assert problems(dashboard(modules=[module(height=height)])) == []


@pytest.mark.parametrize("height", ["tall", 0, -1, None, "300px"])
def test_height_rejects_anything_else(height):
    assert_one_problem(dashboard(modules=[module(height=height)]), "modules[0].height", "pixels")


# Module: optional keys -------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, good, bad, words",
    [
        ("order", 3, "first", "a number"),
        ("refresh", True, "yes", "true or false"),
        ("refreshInterval", 5000, -1, "milliseconds"),
        ("refreshInterval", None, "often", "milliseconds"),
        ("key", "line", 5, "text"),
        ("classes", ["a", "b"], "a b", "a list"),
        ("override", False, "no", "true or false"),
        ("inputs", {}, [], "an object"),
    ],
)
def test_optional_module_keys(key, good, bad, words):
    assert problems(dashboard(modules=[module(**{key: good})])) == []
    assert_one_problem(dashboard(modules=[module(**{key: bad})]), f"modules[0].{key}", words)


def test_classes_must_be_strings():
    assert_one_problem(dashboard(modules=[module(classes=[1])]), "modules[0].classes[0]", "text")


# Inputs ----------------------------------------------------------------------------------


def with_inputs(**inputs):
    return dashboard(modules=[module(inputs=inputs)])


def test_a_full_inputs_block_is_valid():
    doc = with_inputs(
        btn_classes=["btn", "btn-info"],
        submit_text="Go",
        options=[
            {
                "type": "select",
                "name": "range",
                "options": [[5, "Five"], [10, "Ten"]],
                "default": 10,
                "label": "Range",
                "placeholder": "e.g. 10",
                "validator_regex": None,
                "input_classes": ["form-control"],
                "help_text": "How many",
            },
            {"type": "checkbox", "name": "axes", "default": True},
            {"type": "number", "name": "n", "placeholder": 5},
            {"name": "free text defaults to text"},
        ],
    )
    assert problems(doc) == []


def test_input_needs_a_name():
    assert_one_problem(
        with_inputs(options=[{"type": "text"}]), "modules[0].inputs.options[0]", "'name'"
    )


def test_input_type_must_be_known():
    doc = with_inputs(options=[{"type": "slider", "name": "a"}])
    assert_one_problem(doc, "modules[0].inputs.options[0].type", "must be one of")


@pytest.mark.parametrize("input_type", ["select", "radio"])
def test_select_and_radio_need_options(input_type):
    doc = with_inputs(options=[{"type": input_type, "name": "a"}])
    assert_one_problem(doc, "modules[0].inputs.options[0]", "'options'")
    doc = with_inputs(options=[{"type": input_type, "name": "a", "options": []}])
    assert_one_problem(doc, "modules[0].inputs.options[0].options", "at least 1")


def test_input_options_are_value_label_pairs():
    doc = with_inputs(options=[{"type": "select", "name": "a", "options": [[1, "one", "extra"]]}])
    assert_one_problem(doc, "modules[0].inputs.options[0].options[0]", "[value, label] pair")


@pytest.mark.parametrize(
    "key, bad",
    [
        ("btn_classes", "btn"),
        ("submit_text", 5),
    ],
)
def test_inputs_block_keys(key, bad):
    assert_one_problem(with_inputs(**{key: bad}), f"modules[0].inputs.{key}", "must be")


@pytest.mark.parametrize(
    "key, bad",
    [
        ("default", {"a": 1}),
        ("label", 5),
        ("placeholder", True),
        ("validator_regex", 5),
        ("input_classes", "form-control"),
        ("help_text", []),
    ],
)
def test_input_option_keys(key, bad):
    doc = with_inputs(options=[{"name": "a", key: bad}])
    assert_one_problem(doc, f"modules[0].inputs.options[0].{key}", "must be")


# Grid rows -------------------------------------------------------------------------------


def test_grid_modules_need_a_row():
    mod = gmodule()
    del mod["row"]
    assert_one_problem(grid(mod), "modules[0]", "'row'")


@pytest.mark.parametrize("row", [0, -1, "1", 1.5, None])
def test_grid_row_is_a_number_from_1(row):
    assert_one_problem(grid(gmodule(row=row)), "modules[0].row", "")


def test_grid_rows_are_consecutive_from_1():
    assert problems(grid(gmodule("a-1-1-1-1", row=1), gmodule("b-1-1-1-1", row=2))) == []
    assert_one_problem(
        grid(gmodule("a-1-1-1-1", row=1), gmodule("b-1-1-1-1", row=3)),
        "modules",
        "rows used: 1, 3; empty: 2",
    )
    assert_one_problem(grid(gmodule(row=2)), "modules", "empty: 1")


def test_freeform_modules_have_no_row():
    assert_one_problem(dashboard(modules=[module(row=1)]), "modules[0].row", "grid layouts")
    assert problems(dashboard(modules=[module(row=None)])) == []


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([1], True),
        ([1, 2, 3], True),
        ([3, 1, 2, 2], True),
        ([], True),
        ([2, 3], True),  # the original's function checks for gaps, not where rows start
        ([1, 3], False),
        (["a"], False),
    ],
)
def test_is_consecutive_rows(rows, expected):
    assert schema.is_consecutive_rows(rows) is expected


def test_is_consecutive_rows_asserts_on_a_row_0_as_the_original():
    with pytest.raises(AssertionError):
        schema.is_consecutive_rows([1, 0, 2])


def test_grid_rows_start_at_1_and_have_no_gap():
    for rows in ([2, 3], [1, 3]):
        doc = grid(*(gmodule(f"g-{r}-1-1-1", row=r) for r in rows))
        with pytest.raises(schema.InvalidSchemaError) as caught:
            schema.validate_raw_json(json.dumps(doc))
        assert f'Row order is not consecutive: "{rows}"!' in str(caught.value)  # the original
        assert "grid rows must run 1, 2, 3" in str(caught.value)  # ours


def test_validate_raw_json_grid_raises_with_every_problem():
    with pytest.raises(schema.InvalidSchemaError) as caught:
        schema.validate_raw_json_grid(
            grid(gmodule("a-1-1-1-1", width="wide", row=1), gmodule("b-1-1-1-1", row=3))
        )
    paths = [p.path for p in caught.value.problems]
    assert "modules[0].width" in paths and "modules" in paths


# Raw JSON --------------------------------------------------------------------------------


def test_validate_raw_json_returns_the_normalized_dashboard():
    mod = module()
    del mod["family"]
    data = schema.validate_raw_json(json.dumps(dashboard(modules=[mod])), date="now", id="abc")
    assert data["id"] == "abc" and data["date"] == "now"
    assert data["modules"][0]["family"] == "C3"


@pytest.mark.parametrize("key", ["id", "date", "layout", "name", "modules"])
def test_validate_raw_json_requires_the_originals_keys(key):
    """The original: {'<key>': ['required field']}, then our words."""
    doc = dashboard()
    del doc[key]
    with pytest.raises(schema.InvalidSchemaError) as caught:
        schema.validate_raw_json(json.dumps(doc))
    text = str(caught.value)
    assert text.startswith("{'" + key + "': ['required field']}")
    assert f"missing required key '{key}'" in text


@pytest.mark.parametrize(
    "text, words",
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("{", "is not valid JSON"),
        ('{"name": "x",}', "line 1, column 14"),
        ("null", "must be a JSON object"),
        ('"text"', "must be a JSON object"),
    ],
)
def test_validate_raw_json_reports_broken_json(text, words):
    with pytest.raises(schema.InvalidSchemaError) as caught:
        schema.validate_raw_json(text)
    assert words in str(caught.value)


def test_every_problem_is_reported_at_once():
    doc = dashboard(
        name="",
        modules=[
            module("a-1-1-1-1", width="x"),
            module("b b", height=0),
            module("c-1-1-1-1", type="nope"),
        ],
    )
    with pytest.raises(schema.InvalidSchemaError) as caught:
        schema.validate_raw_json(json.dumps(doc))
    paths = {p.path for p in caught.value.problems}
    assert {
        "name",
        "modules[0].width",
        "modules[1].guid",
        "modules[1].height",
        "modules[2].type",
    } <= paths
    # validate() files them as the original's validator did: {field: [errors, {index: ...}]}.
    errors = schema.validate(schema.normalize(doc))
    assert set(errors) == {"name", "modules"}
    assert errors["name"] == ["empty values not allowed"]
    (by_index,) = errors["modules"]
    assert set(by_index) == {0, 1, 2}
    assert by_index[2] == [
        {
            "type": [
                "is not a chart type of family C3 (its types: line, bar, "
                "timeseries, step, pie, area, donut, spline, gauge, scatter, "
                'area-spline) (got "nope")'
            ]
        }
    ]


# The published JSON Schema ---------------------------------------------------------------


def test_json_schema_lists_every_family_and_type():
    text = json.dumps(schema.dashboard_json_schema())
    for family, config in CHARTS_CONFIG.items():
        assert f'"{family}"' in text
        for chart_type, _ in config["charts"]:
            assert f'"{chart_type}"' in text


def test_json_schema_follows_changes_to_the_registry(monkeypatch):
    monkeypatch.setitem(
        CHARTS_CONFIG,
        "Custom",
        {"charts": [("my-chart", "Mine")], "dependencies": [], "js_url": [], "css_url": []},
    )
    assert '"my-chart"' in json.dumps(schema.dashboard_json_schema())
    assert problems(dashboard(modules=[module(family="Custom", type="my-chart")])) == []


def test_json_schema_works_with_a_plain_json_schema_validator():
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema.dashboard_json_schema())
    assert validator.is_valid(dashboard())
    assert not validator.is_valid(grid(gmodule(width=400)))
    assert not validator.is_valid(dashboard(modules=[module(family="D3", type="pie")]))


# The quick proof that a document is safe (schema.surely_safe) --------------------------------

_TEXTS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["$x", "a\x00b", "\ud800", "é\udfff", "\\u0000", '"', "\x1f", "😀"]),
)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.sampled_from([2**53 - 1, 2**53, -(2**53 - 1), -(2**53), 10**15, 10**16]),
    st.floats(allow_nan=True, allow_infinity=True),
    _TEXTS,
)
_KEYS = st.one_of(_TEXTS, st.integers(-5, 5), st.booleans(), st.none(), st.floats())
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner),
        st.dictionaries(_KEYS, inner, max_size=4),
        st.dictionaries(_KEYS, inner, max_size=3).map(collections.OrderedDict),
    ),
    max_leaves=30,
)
_LIMITS = st.builds(
    Limits,
    document_bytes=st.integers(2, 600),
    depth=st.integers(0, 6),
    modules=st.integers(0, 3),
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(_VALUES, _LIMITS, st.booleans())
def test_what_surely_safe_passes_the_full_walk_finds_nothing_in(value, limits, as_dashboard):
    if as_dashboard:
        value = {"name": "x", "modules": value if isinstance(value, list) else [value]}
    try:
        found = safety_problems(value, limits)
    except (TypeError, ValueError, RecursionError):
        found = ["the walk raises"]
    if schema.surely_safe(value, limits):
        assert found == []


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.lists(_VALUES, max_size=4), st.dictionaries(_TEXTS, _VALUES, max_size=4)))
def test_the_size_surely_safe_reckons_with_is_never_below_the_real_one(value):
    most = schema._plain_size(value, 100)
    if most >= 0:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        assert len(text.encode("utf-8")) <= most


def test_surely_safe_proves_an_ordinary_dashboard_and_leaves_the_rest_to_the_walk():
    limits = Limits(document_bytes=1_000_000, depth=32, modules=500)
    ordinary = dashboard(modules=[module(f"m-{n}") for n in range(10)])
    assert schema.surely_safe(ordinary, limits)
    for bad in (
        {**ordinary, "$where": 1},
        {**ordinary, "n": 2**53},
        {**ordinary, "n": float("nan")},
        {**ordinary, "t": "\ud800"},
        {**ordinary, "deep": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]},
    ):
        assert not schema.surely_safe(bad, limits)
        assert safety_problems(bad, limits)
    assert not schema.surely_safe(ordinary, Limits(document_bytes=100, depth=32, modules=500))
    assert not schema.surely_safe(ordinary, Limits(document_bytes=10**6, depth=32, modules=9))
