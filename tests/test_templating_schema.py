"""Grafana's dashboard-wide fields in the document: template variables, time range, refresh,
annotations, shared crosshair and theme. Each rule, with the JSON path its problem is at; the
rules JSON Schema cannot say (unique names, cycles, dates, refresh intervals, URLs); Grafana's
own shapes; and the example dashboard that uses them all."""

from __future__ import annotations

import copy
import json
import os

import pytest
from helpers import ROOT, dashboard, module, post, stored
from hypothesis import HealthCheck, Phase, find, given, settings
from test_fuzz import schema_dashboards

from flask_jsondash import schema

#: The example that uses every field (the browser runtime fills in its variables).
EXPLORE_EXAMPLE = os.path.join(ROOT, "examples", "config", "explore.json")


def problems(doc) -> list[str]:
    return [str(p) for p in schema.problems_of(schema.normalize(doc))]


def found(doc) -> list[schema.SchemaProblem]:
    return schema.problems_of(schema.normalize(doc))


def assert_problem(doc, path: str, *words: str) -> None:
    """``doc`` has a problem at ``path`` whose message holds every one of ``words``."""
    matching = [p for p in found(doc) if p.path == path and all(w in p.message for w in words)]
    assert matching, f"expected a problem at {path!r} mentioning {words}; got {found(doc)}"


def variable(name: str, kind: str = "custom", **extra) -> dict:
    return {"name": name, "type": kind, **extra}


def query(name: str, url: str, **extra) -> dict:
    return variable(name, "query", query=url, **extra)


def templated(*variables: dict, **overrides) -> dict:
    return dashboard(templating={"list": list(variables)}, **overrides)


# Grafana's JSON model (its "JSON Model" page): the parts this port reads, as Grafana writes them.
GRAFANA_TEMPLATING = {
    "enable": True,
    "list": [
        {
            "allFormat": "wildcard",
            "current": {"tags": [], "text": "prod", "value": "prod"},
            "datasource": None,
            "includeAll": True,
            "name": "env",
            "options": [
                {"selected": False, "text": "All", "value": "*"},
                {"selected": False, "text": "stage", "value": "stage"},
                {"selected": False, "text": "test", "value": "test"},
            ],
            "query": "tag_values(cpu.utilization.average,env)",
            "refresh": False,
            "type": "query",
        },
        {
            "allFormat": "wildcard",
            "current": {"text": "apache", "value": "apache"},
            "datasource": None,
            "includeAll": False,
            "multi": False,
            "multiFormat": "glob",
            "name": "app",
            "options": [
                {"selected": True, "text": "tomcat", "value": "tomcat"},
                {"selected": False, "text": "cassandra", "value": "cassandra"},
            ],
            "query": "tag_values(cpu.utilization.average,app)",
            "refresh": False,
            "regex": "",
            "type": "query",
        },
    ],
}
GRAFANA_TIMEPICKER = {
    "collapse": False,
    "enable": True,
    "notice": False,
    "now": True,
    "refresh_intervals": ["5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d"],
    "status": "Stable",
    "time_options": ["5m", "15m", "1h", "3h", "6h", "12h", "24h", "2d", "3d", "4d", "7d", "30d"],
    "type": "timepicker",
}
GRAFANA_NEW_DASHBOARD = {
    "tags": [],
    "style": "dark",
    "timezone": "browser",
    "editable": True,
    "hideControls": False,
    "graphTooltip": 1,
    "time": {"from": "now-6h", "to": "now"},
    "timepicker": {"time_options": [], "refresh_intervals": []},
    "templating": {"list": []},
    "annotations": {"list": []},
    "refresh": "5s",
    "version": 0,
    "links": [],
}
#: The annotation every Grafana dashboard has (its own store's): kept, not drawn.
GRAFANA_BUILT_IN = {
    "builtIn": 1,
    "datasource": "-- Grafana --",
    "enable": True,
    "hide": True,
    "iconColor": "rgba(0, 211, 255, 1)",
    "name": "Annotations & Alerts",
    "type": "dashboard",
}


# Old dashboards and valid ones -------------------------------------------------------------


def test_a_dashboard_without_the_fields_is_valid_as_before():
    doc = dashboard()
    assert problems(doc) == []
    assert not set(schema.EXPLORE_FIELDS) & set(doc)


def test_the_fields_are_optional_and_served_in_the_schema():
    document = schema.dashboard_json_schema()
    for key in schema.EXPLORE_FIELDS:
        assert key in document["properties"], key
        assert key not in document["required"]
    assert set(schema.EXPLORE_FIELDS) <= set(schema.DOCUMENT_FIELDS)


def test_grafanas_new_dashboard_fields_are_valid():
    assert problems(dashboard(**GRAFANA_NEW_DASHBOARD)) == []


def test_grafanas_templating_and_timepicker_are_valid():
    doc = dashboard(templating=GRAFANA_TEMPLATING, timepicker=GRAFANA_TIMEPICKER, refresh="5s")
    assert problems(doc) == []


def test_grafanas_built_in_annotation_is_accepted_beside_ours():
    ours = {"name": "Deploys", "url": "/deploys?env=$env", "color": "#e8590c"}
    assert problems(dashboard(annotations={"list": [GRAFANA_BUILT_IN, ours]})) == []
    # A datasource's annotation (a query of Grafana's, no url): kept too.
    other = {"name": "Alerts", "datasource": {"type": "prometheus", "uid": "x"}, "expr": "up"}
    assert problems(dashboard(annotations={"list": [other]})) == []


def test_every_field_at_once_is_valid():
    doc = templated(
        variable("env", query="prod,staging", current={"text": "prod", "value": "prod"}),
        query("region", "http://127.0.0.1:5004/regions", label="Region", hide=1),
        query(
            "host",
            "/hosts?region=${region}&e=[[env]]&f=${env:csv}&g=$nobody",
            multi=True,
            includeAll=True,
            allValue=".*",
            current={"text": ["a", "b"], "value": ["a", "b"]},
            options=[{"text": "a", "value": "a", "selected": True}, {"text": "b", "value": "b"}],
            description="The region's hosts",
        ),
        variable("step", "interval", query="1m, 10m,1h"),
        variable("secret", "constant", query="42", hide=2),
        variable("search", "textbox", query="", label=None),
        time={"from": "now-7d/d", "to": "now/d"},
        timepicker={"refresh_intervals": ["1m", "2m"], "time_options": ["1h"], "hidden": False},
        timezone="utc",
        refresh="2m",
        annotations={
            "list": [
                {
                    "name": "Deploys",
                    "url": "http://127.0.0.1:5004/deploys?env=$env&from=$__from&to=$__to",
                    "color": "rgb(230, 89, 12)",
                    "iconColor": "red",
                    "enable": True,
                    "hide": False,
                }
            ]
        },
        graphTooltip=2,
        style="dark",
        hideControls=True,
    )
    assert problems(doc) == []


# Template variables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "var, path, words",
    [
        ({"type": "custom"}, "templating.list[0]", ("missing required key 'name'",)),
        ({"name": "x"}, "templating.list[0]", ("missing required key 'type'",)),
        (variable("x", "datasource"), "templating.list[0].type", ("must be one of: custom",)),
        (variable("1st"), "templating.list[0].name", ("must be a variable name",)),
        (variable("a-b"), "templating.list[0].name", ("letters, digits and _",)),
        (variable("a b"), "templating.list[0].name", ("must be a variable name",)),
        (variable(""), "templating.list[0].name", ("must be a variable name",)),
        (variable("x" * 51), "templating.list[0].name", ("at most 50 characters",)),
        (variable("x\n"), "templating.list[0].name", ("line break",)),
        (variable("__from"), "templating.list[0].name", ("must not start with __", "built-ins")),
        (variable("x", label=3), "templating.list[0].label", ("must be text or null",)),
        (variable("x", label="l" * 201), "templating.list[0].label", ("at most 200 characters",)),
        (variable("x", hide=3), "templating.list[0].hide", ("must be 0, 1 or 2",)),
        (variable("x", hide=True), "templating.list[0].hide", ("must be 0, 1 or 2",)),
        (variable("x", multi="yes"), "templating.list[0].multi", ("must be true or false",)),
        (variable("x", includeAll=1), "templating.list[0].includeAll", ("true or false",)),
        (variable("x", allValue=["*"]), "templating.list[0].allValue", ("text or null",)),
        (variable("x", current="prod"), "templating.list[0].current", ("selected option",)),
        (
            variable("x", current={"text": "a", "value": 1}),
            "templating.list[0].current.value",
            ("must be text or a list of texts",),
        ),
        (
            variable("x", current={"value": ["a", 2]}),
            "templating.list[0].current.value",
            ("must be text or a list of texts",),
        ),
        (
            variable("x", current={"value": "v" * 1001}),
            "templating.list[0].current.value",
            ("at most 1,000 characters",),
        ),
        (variable("x", options={}), "templating.list[0].options", ("must be a list",)),
        (variable("x", options=["a"]), "templating.list[0].options[0]", ("must be an option",)),
        (
            variable("x", options=[{"text": "a"}]),
            "templating.list[0].options[0]",
            ("missing required key 'value'",),
        ),
        (
            variable("x", options=[{"text": "a", "value": "a", "selected": "yes"}]),
            "templating.list[0].options[0].selected",
            ("true or false",),
        ),
        (
            variable("x", options=[{"text": "a", "value": "a"}] * 5001),
            "templating.list[0].options",
            ("at most 5000 items",),
        ),
        (variable("x", "query"), "templating.list[0]", ("missing required key 'query'",)),
        (query("x", ""), "templating.list[0].query", ("must not be empty",)),
        (query("x", "/" * 10_001), "templating.list[0].query", ("at most 10000 characters",)),
        (variable("x", query=5), "templating.list[0].query", ("must be text",)),
        (
            variable("x", "interval", query="1m,ten minutes"),
            "templating.list[0].query",
            ("must be intervals separated by commas", "1m,10m,1h"),
        ),
        (
            variable("x", "interval", query="0m"),
            "templating.list[0].query",
            ("intervals separated by commas",),
        ),
        (
            variable("x", description=["d"]),
            "templating.list[0].description",
            ("text or null",),
        ),
    ],
)
def test_a_variable_that_breaks_a_rule_is_a_problem_at_its_path(var, path, words):
    assert_problem(templated(var), path, *words)


@pytest.mark.parametrize(
    "templating, path, words",
    [
        ([], "templating", ("must be an object",)),
        ({"list": {}}, "templating.list", ("must be a list",)),
        ({"list": ["env"]}, "templating.list[0]", ("must be an object",)),
        ({"list": [variable(f"v{i}") for i in range(51)]}, "templating.list", ("at most 50",)),
        ({"list": [], "enable": "yes"}, "templating.enable", ("true or false",)),
    ],
)
def test_templating_itself(templating, path, words):
    assert_problem(dashboard(templating=templating), path, *words)


def test_a_repeated_name_is_a_problem_at_the_repeat_naming_the_first():
    doc = templated(variable("env"), variable("host"), variable("env", "textbox"))
    assert problems(doc) == [
        'templating.list[2].name: "env" is already the name of templating.list[0]: each '
        "variable needs a name of its own"
    ]


def test_names_differ_by_case():
    assert problems(templated(variable("env"), variable("Env"))) == []


def test_a_query_variables_url_follows_the_datasource_rule():
    for url in ("javascript:alert(1)", " java\tscript:alert(1)", "data:text/html,x", "file:///x"):
        assert_problem(templated(query("x", url)), "templating.list[0].query", "http(s)")
    for url in ("http://h/x", "https://h/x?a=$b", "/hosts?region=$region", "hosts.json"):
        assert problems(templated(query("x", url))) == [], url


def test_other_variables_queries_are_not_urls():
    """A custom variable's query is its values: a colon is no scheme there."""
    assert problems(templated(variable("x", query="javascript:1,b:2"))) == []


def test_variable_references_in_every_syntax():
    text = "/m?a=$env&b=${host:queryparam}&c=[[region]]&d=${__from:date:iso}&e=[[x:csv]]&f=$env"
    assert schema.variable_references(text) == ["env", "host", "region", "__from", "x"]
    assert schema.variable_references("$1 costs $ 5 and ${}") == []
    assert schema.variable_references(None) == []


def test_references_are_found_quickly_in_hostile_text():
    """A long text of openings without closings stays linear (the formats are bounded)."""
    assert schema.variable_references("${a:" * 2_500) == []
    assert schema.variable_references("[[a:" * 2_500) == []


# Chained variables and cycles --------------------------------------------------------------


def test_chained_variables_are_valid():
    doc = templated(
        query("region", "/regions"),
        query("host", "/hosts?region=$region"),
        query("disk", "/disks?host=${host}&region=[[region]]"),
    )
    assert problems(doc) == []


def test_a_reference_to_an_unknown_variable_is_not_a_problem():
    assert problems(templated(query("host", "/hosts?region=$region&t=$__from"))) == []


def test_a_variable_that_uses_itself_is_a_cycle():
    for url in ("/hosts?h=$host", "/hosts?h=${host}", "/hosts?h=[[host]]", "/h?h=${host:csv}"):
        doc = templated(variable("env"), query("host", url))
        assert problems(doc) == [
            "templating.list[1].query: uses $host itself: a variable's options cannot depend "
            "on its own value"
        ], url


def test_two_variables_that_use_each_other_are_one_problem_naming_both():
    doc = templated(
        variable("env"), query("a", "/a?b=$b&env=$env"), query("b", "/b?a=${a}&env=$env")
    )
    assert problems(doc) == [
        "templating.list[1].query: variables depend on each other in a cycle: a → b → a; a "
        "query variable's URL cannot use, directly or through others, its own value"
    ]


def test_a_longer_cycle_names_its_variables_in_order_from_the_first_in_the_list():
    doc = templated(
        query("c", "/c?a=$a"),
        query("b", "/b?c=$c"),
        query("a", "/a?b=$b"),
        query("free", "/free?c=$c"),  # uses the cycle, is not in it
    )
    found_problems = found(doc)
    assert [p.path for p in found_problems] == ["templating.list[0].query"]
    assert "c → a → b → c" in found_problems[0].message
    assert "free" not in found_problems[0].message


def test_two_separate_cycles_are_two_problems():
    doc = templated(
        query("a", "/a?b=$b"),
        query("b", "/b?a=$a"),
        query("c", "/c?c=$c"),
    )
    assert [p.path for p in found(doc)] == ["templating.list[0].query", "templating.list[2].query"]


def test_a_cycle_through_more_paths_names_the_others_too():
    doc = templated(query("a", "/a?b=$b&c=$c"), query("b", "/b?a=$a"), query("c", "/c?a=$a"))
    (problem,) = found(doc)
    assert problem.path == "templating.list[0].query"
    assert "a → b → a" in problem.message and "(also in it: c)" in problem.message


def test_only_query_variables_depend_on_others():
    """A custom or textbox variable's query is never filled in, so it makes no cycle."""
    doc = templated(variable("a", query="$b"), query("b", "/b?a=$a"), variable("c", "textbox"))
    assert problems(doc) == []


def test_a_repeated_name_does_not_hide_a_cycle():
    doc = templated(query("a", "/a?b=$b"), query("b", "/b?a=$a"), variable("a"))
    assert [p.path for p in found(doc)] == ["templating.list[2].name", "templating.list[0].query"]


# Time range and refresh --------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "now",
        "now-6h",
        "now-7d/d",
        "now/d",
        "now+1h",
        "now-1M",
        "now-1y/y",
        "now/w",
        "now-30s",
        "now-15m",
        "now/d+8h",
        "2024-05-01",
        "2024-05-01T12:00",
        "2024-05-01T12:00:00",
        "2024-05-01T12:00:00Z",
        "2024-05-01T12:00:00.000Z",
        "2024-05-01T12:00:00.123456+02:00",
        "2024-02-29T23:59:59-0530",
    ],
)
def test_times_grafana_writes_are_valid(value):
    assert problems(dashboard(time={"from": value, "to": "now+1y"})) == []
    assert problems(dashboard(time={"from": "now-100y", "to": value})) == []


@pytest.mark.parametrize(
    "value, words",
    [
        ("yesterday", "must be a time"),
        ("now-6", "must be a time"),
        ("now-6x", "must be a time"),
        ("now-h", "must be a time"),
        ("now - 6h", "must be a time"),
        ("6h", "must be a time"),
        ("NOW", "must be a time"),
        ("now-1d-1d-1d-1d-1d-1d-1d-1d-1d", "must be a time"),
        ("2024-13-01", "must be a time"),
        ("2024-02-30", "day is out of range for month"),
        ("2023-02-29T00:00:00Z", "day is out of range for month"),
        ("0000-01-01", "must be a time"),
        ("2024-05-01 12:00", "must be a time"),
        ("2024-05-01T25:00", "must be a time"),
        ("1714564800000", "must be a time"),
        ("now\n", "line break"),
        ("", "must be a time"),
        (6, "must be a time"),
        (None, "must be a time"),
    ],
)
def test_an_invalid_time_is_a_problem_at_its_end(value, words):
    assert_problem(dashboard(time={"from": value, "to": "now"}), "time.from", words)
    assert_problem(dashboard(time={"from": "now-1h", "to": value}), "time.to", words)


def test_time_needs_both_ends():
    assert_problem(dashboard(time={"from": "now-6h"}), "time", "missing required key 'to'")
    assert_problem(dashboard(time="now-6h"), "time", "must be an object")


def test_an_absolute_range_runs_forwards():
    doc = dashboard(time={"from": "2024-05-02", "to": "2024-05-01"})
    assert problems(doc) == ["time: from (2024-05-02) must be before to (2024-05-01)"]
    assert_problem(dashboard(time={"from": "2024-05-01", "to": "2024-05-01"}), "time", "before")
    same_instant = {"from": "2024-05-01T12:00:00Z", "to": "2024-05-01T14:00:00+02:00"}
    assert_problem(dashboard(time=same_instant), "time", "must be before")
    # One end relative, or one with an offset and one without: the browser decides.
    assert problems(dashboard(time={"from": "now", "to": "2000-01-01"})) == []
    assert problems(dashboard(time={"from": "2024-05-02T00:00Z", "to": "2024-05-01"})) == []


def test_absolute_time_reads_what_the_pattern_allows():
    assert schema.absolute_time("2024-05-01T12:00:00.5-0130").isoformat() == (
        "2024-05-01T12:00:00.500000-01:30"
    )
    assert schema.absolute_time("2024-05-01").isoformat() == "2024-05-01T00:00:00"
    with pytest.raises(ValueError):
        schema.absolute_time("2024-02-30")


@pytest.mark.parametrize("refresh", [False, "off", "", "5s", "1m", "1h", "2h", "1d"])
def test_refresh_off_or_one_of_grafanas_intervals(refresh):
    assert problems(dashboard(refresh=refresh)) == []


def test_refresh_must_be_one_the_picker_offers():
    assert problems(dashboard(refresh="2m")) == [
        "refresh: must be off or one of 5s, 10s, 30s, 1m, 5m, 15m, 30m, 1h, 2h, 1d (or listed "
        'in timepicker.refresh_intervals) (got "2m")'
    ]
    picker = {"refresh_intervals": ["2m", "10m"]}
    assert problems(dashboard(refresh="2m", timepicker=picker)) == []
    assert problems(dashboard(refresh="1m", timepicker=picker)) == [
        'refresh: must be off or one of timepicker.refresh_intervals (2m, 10m) (got "1m")'
    ]
    # An empty list offers Grafana's own (as a new Grafana dashboard has).
    assert problems(dashboard(refresh="5s", timepicker={"refresh_intervals": []})) == []


@pytest.mark.parametrize(
    "fields, path, words",
    [
        ({"refresh": True}, "refresh", 'must be false, "off" or an interval'),
        ({"refresh": "5 s"}, "refresh", "an interval such as"),
        ({"refresh": "0s"}, "refresh", "an interval such as"),
        ({"refresh": "1m\n"}, "refresh", "line break"),
        ({"refresh": 60}, "refresh", "an interval such as"),
        ({"timepicker": []}, "timepicker", "must be an object"),
        ({"timepicker": {"refresh_intervals": "1m"}}, "timepicker.refresh_intervals", "a list"),
        (
            {"timepicker": {"refresh_intervals": ["1 minute"]}},
            "timepicker.refresh_intervals[0]",
            "must be an interval",
        ),
        (
            {"timepicker": {"time_options": ["1m"] * 51}},
            "timepicker.time_options",
            "at most 50 items",
        ),
        ({"timepicker": {"time_options": ["7days"]}}, "timepicker.time_options[0]", "interval"),
        ({"timepicker": {"hidden": "no"}}, "timepicker.hidden", "true or false"),
        ({"timezone": "Europe/Paris"}, "timezone", 'must be "browser"'),
        ({"graphTooltip": 3}, "graphTooltip", "must be 0, 1 or 2"),
        ({"graphTooltip": "1"}, "graphTooltip", "must be 0, 1 or 2"),
        ({"style": "blue"}, "style", "must be one of: light, dark"),
        ({"hideControls": "true"}, "hideControls", "must be true or false"),
    ],
)
def test_time_refresh_and_theme_rules(fields, path, words):
    assert_problem(dashboard(**fields), path, words)


# Annotations -------------------------------------------------------------------------------


def annotation(**fields) -> dict:
    return {"name": "Deploys", "url": "/deploys?env=$env&from=$__from&to=$__to", **fields}


@pytest.mark.parametrize(
    "color",
    ["#f00", "#E8590C", "rgb(0, 211, 255)", "rgba(0,211,255,1)", "rgba(0, 0, 0, 0.25)", "teal"],
)
def test_annotation_colours(color):
    assert problems(dashboard(annotations={"list": [annotation(color=color)]})) == []


@pytest.mark.parametrize(
    "entry, path, words",
    [
        ("deploys", "annotations.list[0]", ('must be {"name", "url"}',)),
        ({"url": "/d"}, "annotations.list[0]", ("missing required key 'name'",)),
        ({"name": "Deploys"}, "annotations.list[0]", ('must be {"name", "url"}', "builtIn")),
        (annotation(url=""), "annotations.list[0].url", ("must not be empty",)),
        (annotation(url="javascript:alert(1)"), "annotations.list[0].url", ("http(s)",)),
        (annotation(url="data:application/json,[]"), "annotations.list[0].url", ("http(s)",)),
        (annotation(color="#ff00"), "annotations.list[0].color", ("must be a colour",)),
        (annotation(color="rgb(256, 0, 0)"), "annotations.list[0].color", ("colour",)),
        (annotation(color="red;background:url(x)"), "annotations.list[0].color", ("colour",)),
        (annotation(color="Red"), "annotations.list[0].color", ("colour",)),
        (annotation(color="red\n"), "annotations.list[0].color", ("colour",)),
        (annotation(iconColor="rgba(0,0,0,2)"), "annotations.list[0].iconColor", ("colour",)),
        (annotation(enable="on"), "annotations.list[0].enable", ("true or false",)),
        (annotation(hide=0), "annotations.list[0].hide", ("true or false",)),
        (annotation(builtIn=2), "annotations.list[0].builtIn", ("at most 1",)),
        (annotation(name=""), "annotations.list[0].name", ("must not be empty",)),
    ],
)
def test_an_annotation_that_breaks_a_rule_is_a_problem_at_its_path(entry, path, words):
    assert_problem(dashboard(annotations={"list": [entry]}), path, *words)


def test_annotations_are_a_list_of_at_most_20():
    assert_problem(dashboard(annotations=[]), "annotations", "must be an object")
    assert_problem(dashboard(annotations={"list": "x"}), "annotations.list", "must be a list")
    many = {"list": [annotation()] * 21}
    assert_problem(dashboard(annotations=many), "annotations.list", "at most 20 items")


# Every save checks them ---------------------------------------------------------------------


def test_field_problems_checks_them_for_form_saves():
    doc = templated(query("a", "/a?a=$a"), refresh="2m", time={"from": "x", "to": "now"})
    paths = [p.path for p in schema.field_problems(doc)]
    assert paths == ["time.from", "templating.list[0].query", "refresh"]


def test_the_validate_api_reports_them_with_paths(client):
    doc = templated(query("a", "/a?b=$b"), query("b", "/b?a=$a"), variable("a"))
    answer = client.post("/jsondash/api/validate", data=json.dumps(doc)).get_json()
    assert answer["valid"] is False
    assert [p["path"] for p in answer["problems"]] == [
        "templating.list[2].name",
        "templating.list[0].query",
    ]


def test_a_form_save_keeps_the_fields_of_the_stored_dashboard(client, app, make_dashboard):
    fields = {
        "templating": {"list": [query("host", "/hosts?region=$region")]},
        "time": {"from": "now-24h", "to": "now"},
        "refresh": "1m",
        "annotations": {"list": [annotation()]},
        "style": "dark",
    }
    doc = make_dashboard(**fields)
    new_module = module("u-1-1-1-1", name="Replaced")
    response = post(
        client, f"/charts/{doc['id']}/update", {"module_u-1-1-1-1": json.dumps(new_module)}
    )
    assert response.status_code == 302
    saved = stored(app, doc["id"])
    assert {key: saved[key] for key in fields} == fields


def test_a_raw_save_with_a_cycle_is_refused_and_says_where(client, app, make_dashboard):
    doc = make_dashboard()
    raw = copy.deepcopy(doc)
    raw["templating"] = {"list": [query("a", "/a?a=$a")]}
    response = post(
        client,
        f"/charts/{doc['id']}/update",
        {"edit-raw": "on", "config": json.dumps(raw)},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert "templating.list[0].query" in response.text
    assert "templating" not in stored(app, doc["id"])


# The example and the fuzzing generator ------------------------------------------------------


def test_the_explore_example_is_valid_and_uses_every_field():
    with open(EXPLORE_EXAMPLE, encoding="utf-8") as handle:
        doc = json.load(handle)
    assert problems(doc) == []
    assert set(schema.EXPLORE_FIELDS) <= set(doc)
    variables = {v["name"]: v for v in doc["templating"]["list"]}
    assert variables["env"]["type"] == "custom"
    assert variables["region"]["type"] == "query"
    assert "$region" in variables["host"]["query"]  # chained
    assert variables["host"]["multi"] and variables["host"]["includeAll"]
    assert doc["time"] == {"from": "now-6h", "to": "now"}
    assert doc["refresh"] in doc["timepicker"]["refresh_intervals"]
    assert "$__from" in doc["annotations"]["list"][0]["url"]
    sources = [m["dataSource"] for m in doc["modules"]]
    assert any("${host:queryparam}" in s and "$__interval" in s for s in sources)
    # Annotations and the crosshair on each of the three families that draw them.
    assert {m["family"] for m in doc["modules"]} == {"C3", "PlotlyStandard", "Vega"}


SCHEMA_SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)  # fmt: skip


#: The first document found is enough (shrinking it would take a minute).
FIND_SETTINGS = settings(SCHEMA_SETTINGS, max_examples=2_000, phases=[Phase.generate])


@SCHEMA_SETTINGS
@given(doc=schema_dashboards())
def test_the_fuzzing_generator_makes_valid_dashboards(doc):
    assert problems(doc) == []


@pytest.mark.parametrize(
    "feature",
    [
        lambda d: any(v["type"] == "query" for v in d.get("templating", {}).get("list", [])),
        lambda d: len(d.get("templating", {}).get("list", [])) > 1,
        lambda d: "T" in d.get("time", {}).get("from", "") + d.get("time", {}).get("to", ""),
        lambda d: d.get("refresh") not in (None, False, "", "off"),
        lambda d: any("url" in a for a in d.get("annotations", {}).get("list", [])),
    ],
    ids=["query-variable", "several-variables", "absolute-time", "refresh", "annotation-url"],
)
def test_the_fuzzing_generator_reaches_each_rule_and_keeps_it(feature):
    doc = find(schema_dashboards(), feature, settings=FIND_SETTINGS)
    assert problems(doc) == []
