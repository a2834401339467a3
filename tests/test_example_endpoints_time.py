"""The example data server's routes for template variables and time ranges (example_app/
endpoints/explore.py): metrics per env and host over a range, hosts per region, the regions and
environments, deploy events; each a function of its parameters, and a 400 with a sentence for
a value it cannot use."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import quote, urlencode

import pytest
from test_endpoints import get_json
from test_templating_schema import EXPLORE_EXAMPLE

from example_app.endpoints import create_app, explore

HOUR = 3_600_000
DAY = 24 * HOUR
#: 2024-05-01T12:00:00Z
NOON = 1_714_564_800_000
ALL_HOSTS = [host for region in ("eu", "us", "ap") for host in explore.HOSTS[region]]


@pytest.fixture(scope="module")
def client():
    return create_app({"TESTING": True}).test_client()


def epoch_ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


# Variables' options -----------------------------------------------------------------------


def test_regions_and_envs(client):
    assert get_json(client, "/regions") == ["eu", "us", "ap"]
    assert get_json(client, "/regions?objects=1") == [
        {"text": "Europe", "value": "eu"},
        {"text": "Americas", "value": "us"},
        {"text": "Asia-Pacific", "value": "ap"},
    ]
    assert get_json(client, "/envs") == ["prod", "staging", "dev"]
    assert get_json(client, "/envs?objects=1")[0] == {"text": "prod", "value": "prod"}


def test_hosts_of_a_region(client):
    assert get_json(client, "/hosts?region=eu") == ["eu-web-1", "eu-web-2", "eu-db-1"]
    assert get_json(client, "/hosts?region=ap&objects=1") == [
        {"text": "ap-web-1 (Asia-Pacific)", "value": "ap-web-1"},
        {"text": "ap-db-1 (Asia-Pacific)", "value": "ap-db-1"},
    ]


@pytest.mark.parametrize(
    "query",
    [
        "region=eu&region=ap",
        "region=eu,ap",
        "var-region=eu&var-region=ap",
        "region=eu&region=ap,eu",
    ],
)
def test_hosts_of_several_regions_in_every_way_a_variable_writes_them(client, query):
    assert get_json(client, f"/hosts?{query}") == [*explore.HOSTS["eu"], *explore.HOSTS["ap"]]


@pytest.mark.parametrize("query", ["", "region=*", "region=eu&region=*"])
def test_hosts_of_every_region(client, query):
    assert get_json(client, f"/hosts?{query}") == ALL_HOSTS


# Metrics ----------------------------------------------------------------------------------


def test_metrics_are_a_c3_time_series_per_host(client):
    url = f"/metrics?env=prod&host=eu-web-1&host=us-db-1&from={NOON}&to={NOON + HOUR}&interval=10m"
    data = get_json(client, url)
    assert list(data) == ["dates", "eu-web-1", "us-db-1"]
    assert data["dates"] == [f"2024-05-01T12:{m:02d}:00Z" for m in range(0, 60, 10)] + [
        "2024-05-01T13:00:00Z"
    ]
    for host in ("eu-web-1", "us-db-1"):
        assert len(data[host]) == 7
        assert all(isinstance(v, float) and 0 <= v <= 100 for v in data[host])


def test_metrics_as_a_plotly_figure_and_a_vega_lite_spec_carry_the_same_values(client):
    url = f"/metrics?env=prod&host=eu-web-1&host=us-db-1&from={NOON}&to={NOON + HOUR}&interval=10m"
    c3 = get_json(client, url)
    figure = get_json(client, url + "&format=plotly")
    assert figure["layout"]["xaxis"]["type"] == "date"
    assert [(t["name"], t["x"], t["y"]) for t in figure["data"]] == [
        (host, c3["dates"], c3[host]) for host in ("eu-web-1", "us-db-1")
    ]
    spec = get_json(client, url + "&format=vega-lite")
    assert spec["encoding"]["x"] == {"field": "time", "type": "temporal", "title": None}
    rows = spec["data"]["values"]
    assert rows[:2] == [
        {"time": c3["dates"][0], "host": "eu-web-1", "cpu": c3["eu-web-1"][0]},
        {"time": c3["dates"][1], "host": "eu-web-1", "cpu": c3["eu-web-1"][1]},
    ]
    assert len(rows) == 2 * len(c3["dates"])
    get_json(client, url + "&format=svg", status=400)


def test_metric_values_are_pinned(client):
    """A function of env, host and time alone, the same in every process."""
    url = f"/metrics?env=prod&host=eu-web-1&from={NOON}&to={NOON + 30 * 60_000}&interval=10m"
    assert get_json(client, url)["eu-web-1"] == [39.84, 43.43, 44.0, 38.21]
    assert explore.metric_value("prod", "eu-web-1", NOON) == 39.84


def test_overlapping_ranges_agree_where_they_overlap(client):
    first = get_json(client, f"/metrics?host=eu-db-1&from={NOON}&to={NOON + 2 * HOUR}&interval=5m")
    second = get_json(
        client, f"/metrics?host=eu-db-1&from={NOON + HOUR}&to={NOON + 3 * HOUR}&interval=5m"
    )
    shared = sorted(set(first["dates"]) & set(second["dates"]))
    assert len(shared) == 13
    by_date = [dict(zip(d["dates"], d["eu-db-1"], strict=True)) for d in (first, second)]
    assert [by_date[0][t] for t in shared] == [by_date[1][t] for t in shared]
    assert all(
        value == explore.metric_value("prod", "eu-db-1", epoch_ms(when))
        for when, value in by_date[0].items()
    )


def test_envs_and_hosts_differ(client):
    span = f"from={NOON}&to={NOON + HOUR}&interval=5m"
    prod = get_json(client, f"/metrics?env=prod&host=eu-web-1&host=eu-web-2&{span}")
    dev = get_json(client, f"/metrics?env=dev&host=eu-web-1&{span}")
    assert prod["eu-web-1"] != prod["eu-web-2"]
    assert prod["eu-web-1"] != dev["eu-web-1"]
    # Production works harder.
    assert sum(prod["eu-web-1"]) > sum(dev["eu-web-1"])


def test_iso_and_epoch_times_are_the_same_range(client):
    iso = get_json(client, "/metrics?host=ap-db-1&from=2024-05-01T12:00:00Z&to=2024-05-01T13:00Z")
    naive = get_json(client, "/metrics?host=ap-db-1&from=2024-05-01T12:00&to=2024-05-01T13:00")
    offset = get_json(
        client,
        "/metrics?host=ap-db-1&from=2024-05-01T14:00%2B02:00&to=2024-05-01T15:00:00.000%2B0200",
    )
    epoch = get_json(client, f"/metrics?host=ap-db-1&from={NOON}&to={NOON + HOUR}")
    assert iso == naive == offset == epoch


@pytest.mark.parametrize(
    "hosts, expected",
    [
        ("", ALL_HOSTS),
        ("host=*", ALL_HOSTS),
        ("var-host=eu-web-1&var-host=eu-db-1", ["eu-web-1", "eu-db-1"]),
        ("host=eu-web-1,eu-db-1&host=eu-web-1", ["eu-web-1", "eu-db-1"]),
    ],
)
def test_the_hosts_a_metrics_url_asks_for(client, hosts, expected):
    data = get_json(client, f"/metrics?{hosts}&from={NOON}&to={NOON + HOUR}")
    assert list(data) == ["dates", *expected]


def test_a_fine_interval_is_widened_to_at_most_500_points(client):
    data = get_json(client, f"/metrics?host=eu-web-1&from={NOON}&to={NOON + 30 * DAY}&interval=1s")
    assert 100 < len(data["dates"]) <= explore.MAX_POINTS
    steps = {
        epoch_ms(b) - epoch_ms(a) for a, b in zip(data["dates"], data["dates"][1:], strict=False)
    }
    assert steps == {2 * HOUR}  # the first round step giving at most 500 points


def test_an_interval_coarse_enough_is_kept(client):
    data = get_json(client, f"/metrics?host=eu-web-1&from={NOON}&to={NOON + DAY}&interval=1h")
    assert len(data["dates"]) == 25


@pytest.mark.parametrize("interval", ["", "auto"])
def test_without_an_interval_the_finest_round_one_is_used(client, interval):
    data = get_json(
        client, f"/metrics?host=eu-web-1&from={NOON}&to={NOON + 6 * HOUR}&interval={interval}"
    )
    assert len(data["dates"]) == 361  # a minute apart


def test_a_whole_millennia_range_is_still_500_points(client):
    data = get_json(client, "/metrics?host=eu-web-1&from=0001-01-01&to=9999-12-31")
    assert len(data["dates"]) <= explore.MAX_POINTS


def test_without_a_range_the_last_six_hours(client, monkeypatch):
    monkeypatch.setattr(explore, "now_ms", lambda: NOON + 6 * HOUR)
    data = get_json(client, "/metrics?host=eu-web-1")
    assert data["dates"][0] == "2024-05-01T12:00:00Z"
    assert data["dates"][-1] == "2024-05-01T18:00:00Z"
    only_to = get_json(client, f"/metrics?host=eu-web-1&to={NOON + 6 * HOUR}")
    assert only_to == data


# Deploys ----------------------------------------------------------------------------------


def test_deploys_are_events_inside_the_range(client):
    start, end = NOON - 7 * DAY, NOON
    events = get_json(client, f"/deploys?env=prod&from={start}&to={end}")
    assert 10 < len(events) < 56
    assert [e["time"] for e in events] == sorted(e["time"] for e in events)
    for event in events:
        assert set(event) <= {"time", "timeEnd", "text", "tags"} and event["text"]
        assert event["time"] <= end and event.get("timeEnd", event["time"]) >= start
        assert "prod" in event["tags"]
        if "timeEnd" in event:
            assert event["timeEnd"] > event["time"]
    assert any("timeEnd" in e for e in events) and any("timeEnd" not in e for e in events)


def test_deploys_are_pinned_and_differ_per_env(client):
    span = f"from={NOON - DAY}&to={NOON}"
    prod = get_json(client, f"/deploys?env=prod&{span}")
    assert prod == get_json(client, f"/deploys?var-env=prod&{span}")
    assert prod != get_json(client, f"/deploys?env=staging&{span}")
    assert prod[0] == {
        "time": 1714489860000,
        "text": "Deployed search 3.14.7",
        "tags": ["deploy", "prod", "search"],
    }


def test_a_window_that_starts_before_the_range_and_reaches_into_it_is_listed(client):
    week = get_json(client, f"/deploys?from={NOON - 7 * DAY}&to={NOON}")
    window = next(e for e in week if "timeEnd" in e and e["time"] > NOON - 6 * DAY)
    inside = (window["time"] + window["timeEnd"]) // 2
    events = get_json(client, f"/deploys?from={inside}&to={inside + 60_000}")
    assert window in events


def test_deploys_of_a_huge_range_are_the_latest_500(client):
    events = get_json(client, "/deploys?from=0001-01-01&to=9999-12-31T23:59:59.999Z")
    assert len(events) == explore.MAX_EVENTS
    assert events[-1]["time"] > epoch_ms("9999-12-01T00:00:00Z")


# Refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, words",
    [
        ("/metrics?from=$__from&to=$__to", "must be a time in epoch milliseconds or ISO 8601"),
        ("/metrics?from=yesterday", "from must be a time"),
        ("/metrics?to=", "to must be a time"),
        ("/metrics?from=2024-02-30", "from must be a time"),
        ("/metrics?from=1e12", "from must be a time"),
        ("/metrics?from=99999999999999999999", "between the years 1 and 9999"),
        ("/metrics?to=-99999999999999", "between the years 1 and 9999"),
        (f"/metrics?from={NOON}&to={NOON}", "from must be before to"),
        (f"/metrics?from={NOON + 1}&to={NOON}", "from must be before to"),
        ("/metrics?interval=$__interval", "interval must be a whole number and a unit"),
        ("/metrics?interval=0s", "interval must be"),
        ("/metrics?interval=1y", "interval must be"),
        ("/metrics?interval=-1m", "interval must be"),
        ("/metrics?env=$env", "env must be one of prod, staging, dev"),
        ("/metrics?env=prod&env=dev", "env must be one of"),
        ("/metrics?env=prod,dev", "env must be one of"),
        ("/metrics?host=$host", "unknown host '$host'; the hosts are: eu-web-1"),
        ("/metrics?var-host=eu-web-1&var-host=nope", "unknown host 'nope'"),
        ("/hosts?region=$region", "unknown region '$region'; the regions are: eu, us, ap"),
        ("/hosts?region=EU", "unknown region"),
        ("/deploys?env=qa", "env must be one of"),
        ("/deploys?from=now-6h", "from must be a time"),
        (f"/deploys?from={NOON}&to={NOON - 1}", "from must be before to"),
    ],
)
def test_a_value_that_cannot_be_used_is_a_400_saying_why(client, url, words):
    answer = get_json(client, url, status=400)
    assert answer["error"] == "Bad Request"
    assert words in answer["description"], answer["description"]


HOSTILE = ["", " ", "\x00", "é中🙂", "9" * 5000, "nan", "inf", "-0", "<script>", "${a:" * 500]


@pytest.mark.parametrize("path", ["/metrics", "/hosts", "/regions", "/envs", "/deploys"])
def test_hostile_values_are_never_a_server_error(client, path):
    for value in HOSTILE:
        for name in ("env", "host", "var-host", "region", "from", "to", "interval", "objects"):
            response = client.get(f"{path}?{urlencode({name: value})}")
            assert response.status_code in (200, 400), (name, value)
            assert response.get_json() is not None


def test_the_index_lists_the_routes_with_their_module(client):
    routes = {r["path"]: r for r in get_json(client, "/")["routes"]}
    for path in ("/metrics", "/hosts", "/regions", "/envs", "/deploys"):
        assert routes[path]["module"] == "example_app.endpoints.explore"
        assert routes[path]["description"]


# The example dashboard's URLs, once filled in --------------------------------------------


def filled(url: str, values: dict[str, list[str]]) -> str:
    """``url`` with its variables filled in as the browser runtime will (a stand-in here)."""

    def one(match: re.Match) -> str:
        name, fmt = match.group(1) or match.group(3), match.group(2)
        chosen = values[name]
        if fmt == "queryparam":
            return "&".join(f"var-{name}={quote(v, safe='')}" for v in chosen)
        return ",".join(quote(v, safe="") for v in chosen)

    return re.sub(r"\$\{(\w+)(?::(\w+))?\}|\$(\w+)", one, url)


def test_the_explore_example_answers_once_its_variables_are_filled_in(client):
    with open(EXPLORE_EXAMPLE, encoding="utf-8") as handle:
        doc = json.load(handle)
    base = "http://127.0.0.1:5004"
    start = int(datetime(2024, 5, 1, tzinfo=timezone.utc).timestamp() * 1000)
    values = {
        "env": ["staging"],
        "region": ["eu"],
        "__from": [str(start)],
        "__to": [str(start + 6 * HOUR)],
        "__interval": ["1m"],
    }
    variables = {v["name"]: v for v in doc["templating"]["list"]}
    regions = get_json(client, filled(variables["region"]["query"], values).removeprefix(base))
    assert {"text": "Europe", "value": "eu"} in regions
    hosts = get_json(client, filled(variables["host"]["query"], values).removeprefix(base))
    values["host"] = [option["value"] for option in hosts]  # "All"
    for module in doc["modules"]:
        data = get_json(client, filled(module["dataSource"], values).removeprefix(base))
        if module["family"] == "PlotlyStandard":
            assert [len(trace["x"]) for trace in data["data"]] == [361] * len(ALL_HOSTS)
        elif module["family"] == "Vega":
            hosts_drawn = [row["host"] for row in data["data"]["values"]]
            assert sorted(set(hosts_drawn)) == sorted(explore.HOSTS["eu"])
            assert len(hosts_drawn) == 361 * len(explore.HOSTS["eu"])
        else:
            assert len(data["dates"]) == 361
            if "${host:queryparam}" in module["dataSource"]:
                assert [h for h in data if h != "dates"] == list(explore.HOSTS["eu"])
    annotation = doc["annotations"]["list"][0]["url"]
    events = get_json(client, filled(annotation, values).removeprefix(base))
    assert all("staging" in e["tags"] for e in events)
    # Before the runtime fills them in, each URL is a 400 that names what is missing.
    unfilled = get_json(client, doc["modules"][0]["dataSource"].removeprefix(base), status=400)
    assert "$" in unfilled["description"]
