"""Basic modules: a single number, groups of number cards, and a fragment of HTML."""

from __future__ import annotations

from flask import Response

from .common import JSONObject, blueprint, choice_arg, flag, seeded


def format_currency(amount: int) -> str:
    """Dollars with thousands separators and the sign in front: -12300 -> "-$12,300"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}${abs(amount):,}"


@blueprint.get("/singlenum")
def singlenum() -> JSONObject:
    """A single number {"data": n}; ?sales=1 gives "$12,300", ?negative=1 makes it negative."""
    amount = seeded("singlenum").randrange(1_000, 100_000, 100)
    if flag("negative"):
        amount = -amount
    return {"data": format_currency(amount) if flag("sales") else amount}


def number_group(dataset: int) -> list[JSONObject]:
    """One of three sets of number cards: plain counts, measurements with units, or widths."""
    rng = seeded("numbergroup", dataset)
    if dataset == 1:
        return [
            {
                "title": "p95 latency",
                "description": "Slowest 5% of requests",
                "data": rng.randint(120, 400),
                "units": "ms",
            },
            {
                "title": "Error rate",
                "description": "Responses with a 5xx status",
                "data": round(rng.uniform(0.1, 2.5), 2),
                "units": "%",
                "color": "red",
            },
            {
                "title": "Uptime",
                "description": "Last 30 days",
                "data": round(rng.uniform(99.5, 99.99), 2),
                "units": "%",
                "color": "green",
            },
        ]
    if dataset == 2:
        return [
            {
                "title": "Orders",
                "description": "Placed this month",
                "data": rng.randint(2_000, 9_000),
                "width": "50%",
            },
            {
                "title": "Returns",
                "description": "Sent back this month",
                "data": rng.randint(20, 200),
                "width": "25%",
                "color": "orange",
            },
            {
                "title": "Warehouses",
                "description": "Shipping today",
                "data": rng.randint(3, 12),
                "width": "25%",
            },
        ]
    return [
        {
            "title": "Signups",
            "description": "New accounts this week",
            "data": rng.randint(500, 3_000),
            "color": "green",
        },
        {"title": "Active users", "description": "Seen today", "data": rng.randint(20_000, 90_000)},
        {
            "title": "Cancellations",
            "description": "This week",
            "data": rng.randint(5, 80),
            "color": "red",
        },
        {"title": "Release", "description": "Current version year", "data": 2026, "noformat": True},
    ]


@blueprint.get("/numbergroup")
def numbergroup() -> list[JSONObject]:
    """Number cards [{title, description, data, color?, noformat?, units?, width?}]; ?dataset=0-2"""
    return number_group(int(choice_arg("dataset", ("0", "1", "2"), "0")))


CUSTOM_HTML = """\
<div style="font-family: sans-serif; padding: 12px; border-left: 4px solid #2a9d8f;
            background: #f4faf9; border-radius: 4px;">
  <h3 style="margin: 0 0 6px; color: #1d6f65;">Release notes</h3>
  <p style="margin: 0 0 8px;">This card is plain HTML served by the example data server.
  Any endpoint that returns an HTML fragment can fill a module.</p>
  <ul style="margin: 0; padding-left: 18px;">
    <li>Dashboards are JSON documents.</li>
    <li>Each module fetches its own data source.</li>
    <li>Charts refresh without reloading the page.</li>
  </ul>
</div>
"""


@blueprint.get("/custom")
def custom() -> Response:
    """An HTML fragment (text/html): a small styled card, no scripts."""
    return Response(CUSTOM_HTML, mimetype="text/html")
