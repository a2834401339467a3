"""Tables and timelines: DataTables rows (or options) and a TimelineJS document."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .common import JSONObject, blueprint, flag, seeded

FIRST_NAMES = (
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas",
    "Kaori", "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sami", "Tara",
)  # fmt: skip
LAST_NAMES = (
    "Abbot", "Brandt", "Castillo", "Dumont", "Eriksen", "Fontaine", "Garcia", "Horvat",
    "Ibsen", "Jansen", "Kowalski", "Laurent", "Moreau", "Novak", "Okafor", "Petrov",
)  # fmt: skip
CITIES = (
    "Lisbon", "Oslo", "Lyon", "Porto", "Turin", "Ghent", "Bergen", "Graz", "Krakow", "Malmo",
)  # fmt: skip
TABLE_COLUMNS = (
    ("id", "ID"),
    ("name", "Name"),
    ("email", "Email"),
    ("city", "City"),
    ("amount", "Amount ($)"),
    ("date", "Date"),
)


def table_rows(count: int) -> list[JSONObject]:
    """``count`` made-up customer orders, all with the keys of TABLE_COLUMNS."""
    rng = seeded("dtable", count)
    start = date(2025, 1, 1)
    rows = []
    for row_id in range(1, count + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        rows.append(
            {
                "id": row_id,
                "name": f"{first} {last}",
                "email": f"{first}.{last}{row_id}@example.com".lower(),
                "city": rng.choice(CITIES),
                "amount": round(rng.uniform(5, 2_500), 2),
                "date": (start + timedelta(days=rng.randint(0, 364))).isoformat(),
            }
        )
    return rows


@blueprint.get("/dtable")
def dtable() -> Any:
    """DataTable rows [{id, name, email, city, amount, date}] x 40; ?override=1, ?stress=true."""
    rows = table_rows(10_000 if flag("stress") else 40)
    if not flag("override"):
        return rows
    return {
        "data": rows,
        "columns": [{"data": key, "title": title} for key, title in TABLE_COLUMNS],
        "pageLength": 5,
        "lengthMenu": [5, 10, 25, 50],
        "order": [[1, "asc"]],
    }


TIMELINE_EVENTS = (
    (
        (2024, 3, 4),
        "Kick-off",
        "Four people, one whiteboard and a list of charts to build.",
        "Team",
    ),
    ((2024, 5, 20), "First prototype", "Line and bar charts from a JSON file on disk.", "Product"),
    ((2024, 9, 2), "Storage backends", "Dashboards saved in SQLite and MongoDB.", "Engineering"),
    ((2024, 11, 15), "Beta", "Twenty teams try it; feedback pours in.", "Product"),
    ((2025, 2, 10), "Grid layouts", "Rows and columns replace pixel positions.", "Engineering"),
    ((2025, 6, 30), "1.0 release", "Stable configuration format, documented.", "Product"),
    ((2025, 10, 8), "New maintainers", "Two more people join the project.", "Team"),
    ((2026, 1, 12), "Plotly and Vega", "Two more chart families.", "Engineering"),
)


@blueprint.get("/timeline")
def timeline() -> JSONObject:
    """TimelineJS 3 document {title, events: [{start_date, text, group}]}: 8 events, no media."""
    return {
        "title": {
            "text": {
                "headline": "A dashboard project",
                "text": "Milestones of a made-up open-source dashboard tool.",
            }
        },
        "events": [
            {
                "start_date": {"year": str(year), "month": str(month), "day": str(day)},
                "text": {"headline": headline, "text": text},
                "group": group,
            }
            for (year, month, day), headline, text, group in TIMELINE_EVENTS
        ],
    }
