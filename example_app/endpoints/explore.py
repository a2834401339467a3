"""Data for dashboards with template variables, a time range and annotations (Grafana's way of
exploring): metrics per environment and host over any time range, the hosts of a region, the
regions and environments to choose from, and deploy events.

Unlike the other routes, these refuse what they cannot use (a 400 with a sentence, as JSON):
a dashboard whose variables were not filled in (``?from=$__from``) must say so, not draw data
for some other time. Every answer is a function of its parameters (and of the clock only when
``from`` or ``to`` is left out): a metric's value at a time depends on its env, host and that
time alone, so two ranges that overlap agree where they do.

Each parameter may also be given as Grafana's ``${name:queryparam}`` writes it: ``var-host=a``
is ``host=a``.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, NoReturn

from flask import abort, request

from flask_jsondash.schema import absolute_time

from .common import JSONObject, blueprint, flag, seeded

ENVS = ("prod", "staging", "dev")
REGIONS = {"eu": "Europe", "us": "Americas", "ap": "Asia-Pacific"}
HOSTS = {
    "eu": ("eu-web-1", "eu-web-2", "eu-db-1"),
    "us": ("us-web-1", "us-web-2", "us-web-3", "us-db-1"),
    "ap": ("ap-web-1", "ap-db-1"),
}
REGION_OF = {host: region for region, hosts in HOSTS.items() for host in hosts}
#: The value of a variable's "All" that stands for every region (or host).
EVERY = "*"
#: The most points of a series; a finer interval is widened to keep within it.
MAX_POINTS = 500
#: The range when ``from`` or ``to`` is left out: the last 6 hours.
DEFAULT_RANGE_MS = 6 * 3_600_000
#: The most deploy events one answer lists (the latest in the range).
MAX_EVENTS = 500
#: Deploys happen at most once per slot of 3 hours; some are maintenance windows (ranges).
SLOT_MS = 3 * 3_600_000

UNIT_MS = {"ms": 1, "s": 1_000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000}
INTERVAL = re.compile(r"([0-9]{1,9})(ms|s|m|h|d|w)")
#: Round steps a too-fine interval is widened to (then whole days).
NICE_STEPS_MS = tuple(
    n * UNIT_MS[unit]
    for n, unit in (
        (1, "s"),
        (5, "s"),
        (10, "s"),
        (15, "s"),
        (30, "s"),
        (1, "m"),
        (2, "m"),
        (5, "m"),
        (10, "m"),
        (15, "m"),
        (30, "m"),
        (1, "h"),
        (2, "h"),
        (3, "h"),
        (6, "h"),
        (12, "h"),
        (1, "d"),
    )
)
# Python's datetimes run from year 1 to 9999.
EARLIEST_MS = int(datetime(1, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
LATEST_MS = int(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone.utc).timestamp() * 1000) + 999
SERVICES = ("api", "web", "worker", "billing", "search")


def bad_request(message: str) -> NoReturn:
    """Answer 400 with ``message`` (as JSON, by the server's error handler)."""
    abort(400, description=message)


def values_of(name: str) -> list[str]:
    """Every value given for ``name`` (repeated, as ``var-<name>``, or separated by commas)."""
    given = request.args.getlist(name) + request.args.getlist(f"var-{name}")
    return [part.strip() for value in given for part in value.split(",") if part.strip()]


def one_of(name: str, choices: tuple[str, ...] | list[str], default: str) -> str:
    """The single value of ``name``, one of ``choices``; ``default`` when not given."""
    given = values_of(name)
    if not given:
        return default
    if len(given) > 1 or given[0] not in choices:
        bad_request(f"{name} must be one of {', '.join(choices)} (got {', '.join(given)!r})")
    return given[0]


def time_ms(name: str, value: str) -> int:
    """A time given as epoch milliseconds or ISO 8601 (timezone.utc when it has no offset)."""
    text = value.strip()
    try:
        if re.fullmatch(r"-?[0-9]{1,16}", text):
            when = int(text)
        else:
            moment = absolute_time(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            when = int(moment.timestamp() * 1000)
    except (ValueError, OverflowError):
        when = None
    if when is None or not EARLIEST_MS <= when <= LATEST_MS:
        bad_request(
            f"{name} must be a time in epoch milliseconds or ISO 8601, e.g. 1714564800000 or "
            f"2024-05-01T12:00:00Z, between the years 1 and 9999 (got {value[:60]!r})"
        )
    return when


def time_range() -> tuple[int, int]:
    """``from`` and ``to`` in epoch milliseconds; the last 6 hours when not given."""
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    end = time_ms("to", raw_to) if raw_to is not None else now_ms()
    start = time_ms("from", raw_from) if raw_from is not None else end - DEFAULT_RANGE_MS
    if start >= end:
        bad_request(f"from must be before to (got from={raw_from}, to={raw_to})")
    return start, end


def now_ms() -> int:
    return int(datetime.now(timezone.utc).timestamp() * 1000)


def step_ms(start: int, end: int) -> int:
    """The interval between points: ``interval`` (e.g. 30s, 1m, 1h; at least a second), widened
    to a round step when the range would have more than :data:`MAX_POINTS` points; without one
    (or ``auto``), the finest round step that keeps within them."""
    raw = request.args.get("interval", "").strip()
    needed = max(math.ceil((end - start) / (MAX_POINTS - 1)), UNIT_MS["s"])
    if raw not in ("", "auto"):
        found = INTERVAL.fullmatch(raw)
        if not found or int(found.group(1)) == 0:
            bad_request(
                "interval must be a whole number and a unit of ms, s, m, h, d or w, e.g. 30s, "
                f"1m, 1h (got {raw[:30]!r})"
            )
        wanted = int(found.group(1)) * UNIT_MS[found.group(2)]
        if wanted >= needed:
            return wanted
    day = UNIT_MS["d"]
    return next((nice for nice in NICE_STEPS_MS if nice >= needed), math.ceil(needed / day) * day)


def iso(when_ms: int) -> str:
    """Epoch milliseconds as ISO 8601 in timezone.utc, to the second (``2024-05-01T12:00:00Z``)."""
    moment = datetime.fromtimestamp(when_ms / 1000, tz=timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def unit_noise(*parts: object) -> float:
    """A number in [0, 1) that depends on ``parts`` alone (the same in every process)."""
    digest = hashlib.blake2b(":".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@lru_cache(maxsize=64)
def host_profile(env: str, host: str) -> tuple[float, float, float]:
    """A host's level, daily swing and phase in an environment."""
    rng = seeded("explore-metrics", env, host)
    load = {"prod": 1.0, "staging": 0.6, "dev": 0.35}[env]
    return load * rng.uniform(35, 60), load * rng.uniform(8, 20), rng.uniform(0, 2 * math.pi)


def metric_value(env: str, host: str, when_ms: int) -> float:
    """A host's CPU use (%) at a time: a daily wave around its level, and some noise."""
    level, swing, phase = host_profile(env, host)
    day = UNIT_MS["d"]
    wave = math.sin(2 * math.pi * (when_ms % day) / day + phase)
    noise = 10 * (unit_noise(env, host, when_ms) - 0.5)
    return round(min(100.0, max(0.0, level + swing * wave + noise)), 2)


def chosen_hosts() -> list[str]:
    """The hosts asked for (``host``, repeated or with commas; ``*``: all); all when none."""
    given = values_of("host")
    if not given or EVERY in given:
        return list(REGION_OF)
    unknown = [host for host in given if host not in REGION_OF]
    if unknown:
        bad_request(
            f"unknown host {unknown[0][:60]!r}; the hosts are: {', '.join(REGION_OF)} (see /hosts)"
        )
    return list(dict.fromkeys(given))


def chosen_regions() -> list[str]:
    """The regions asked for (``region``, repeated or with commas; ``*``: all); all when none."""
    given = values_of("region")
    if not given or EVERY in given:
        return list(REGIONS)
    unknown = [region for region in given if region not in REGIONS]
    if unknown:
        bad_request(f"unknown region {unknown[0][:60]!r}; the regions are: {', '.join(REGIONS)}")
    return list(dict.fromkeys(given))


def choices(values: list[str] | tuple[str, ...], texts: dict[str, str] | None = None) -> Any:
    """A variable's options: a list of values, or of ``{"text", "value"}`` with ?objects=1."""
    if not flag("objects"):
        return list(values)
    return [{"text": (texts or {}).get(value, value), "value": value} for value in values]


#: What /metrics answers in: a C3 time series, a Plotly figure or a Vega-Lite spec.
METRIC_FORMATS = ("c3", "plotly", "vega-lite")


@blueprint.get("/metrics")
def metrics() -> JSONObject:
    """CPU % per host: ?env=&host=a&host=b&from=&to= (epoch ms, ISO)&interval=1m; as a C3 time
    series, or with ?format=plotly a Plotly figure, ?format=vega-lite a Vega-Lite spec"""
    env = one_of("env", ENVS, "prod")
    hosts = chosen_hosts()
    shape = one_of("format", METRIC_FORMATS, "c3")
    start, end = time_range()
    step = step_ms(start, end)
    times = range(-(-start // step) * step, end + 1, step)
    dates = [iso(when) for when in times]
    series = {host: [metric_value(env, host, when) for when in times] for host in hosts}
    if shape == "plotly":
        traces = [
            {"type": "scatter", "mode": "lines", "name": host, "x": dates, "y": values}
            for host, values in series.items()
        ]
        layout = {"xaxis": {"type": "date"}, "yaxis": {"title": {"text": "CPU %"}}}
        return {"data": traces, "layout": layout}
    if shape == "vega-lite":
        rows = [
            {"time": date, "host": host, "cpu": value}
            for host, values in series.items()
            for date, value in zip(dates, values, strict=True)
        ]
        return {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "data": {"values": rows},
            "mark": "line",
            "encoding": {
                "x": {"field": "time", "type": "temporal", "title": None},
                "y": {"field": "cpu", "type": "quantitative", "title": "CPU %"},
                "color": {"field": "host", "type": "nominal"},
                "tooltip": [
                    {"field": "host", "type": "nominal"},
                    {"field": "time", "type": "temporal"},
                    {"field": "cpu", "type": "quantitative"},
                ],
            },
        }
    return {"dates": dates, **series}


@blueprint.get("/hosts")
def hosts() -> Any:
    """The hosts of ?region= (repeated, or eu,us; none or *: all); ?objects=1: [{text, value}]"""
    regions = chosen_regions()
    names = [host for region in regions for host in HOSTS[region]]
    return choices(names, {host: f"{host} ({REGIONS[REGION_OF[host]]})" for host in names})


@blueprint.get("/regions")
def regions() -> Any:
    """The regions (a query variable's options); ?objects=1: [{text, value}]"""
    return choices(list(REGIONS), REGIONS)


@blueprint.get("/envs")
def envs() -> Any:
    """The environments (a query variable's options); ?objects=1: [{text, value}]"""
    return choices(ENVS)


def slot_event(env: str, slot: int) -> JSONObject | None:
    """The deploy (or maintenance window) of one 3-hour slot, if it has one."""
    rng = seeded("explore-deploys", env, slot)
    if rng.random() >= 0.45:
        return None
    service = rng.choice(SERVICES)
    when = slot * SLOT_MS + rng.randrange(0, SLOT_MS, 60_000)
    if rng.random() < 0.3:
        length = rng.randrange(15, 91, 5) * 60_000
        return {
            "time": when,
            "timeEnd": when + length,
            "text": f"Maintenance of {service} ({length // 60_000} min)",
            "tags": ["maintenance", env, service],
        }
    version = f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    return {"time": when, "text": f"Deployed {service} {version}", "tags": ["deploy", env, service]}


@blueprint.get("/deploys")
def deploys() -> list[JSONObject]:
    """Deploys and maintenance windows ({time, timeEnd?, text, tags}) of ?env= within ?from=&to="""
    env = one_of("env", ENVS, "prod")
    start, end = time_range()
    found: list[JSONObject] = []
    # From the last slot back: a window may start a slot before the range and reach into it.
    slot = end // SLOT_MS
    while len(found) < MAX_EVENTS and (slot + 1) * SLOT_MS + SLOT_MS > start:
        event = slot_event(env, slot)
        if event and event["time"] <= end and event.get("timeEnd", event["time"]) >= start:
            found.append(event)
        slot -= 1
    return found[::-1]
