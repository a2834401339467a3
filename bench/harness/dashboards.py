"""Synthetic dashboards and forms, the same for the original and this port.

Standard library only: this module is imported by the host app in either implementation's
interpreter (the original's throwaway virtualenv runs Flask 1.1) and by the browser bench.
"""

from __future__ import annotations

import datetime
import json
import uuid

#: A data address that nothing answers: the in-process pages never fetch it.
NOWHERE = "http://127.0.0.1:9/data/line"


def dashboard_id(number: int, salt: int = 0) -> str:
    """A deterministic uuid1-shaped id (the original only accepts ids of that shape)."""
    node = 0xBE4C0000 + number
    return str(uuid.UUID(f"{number & 0xFFFFFFFF:08x}-{salt & 0xFFFF:04x}-1000-8000-{node:012x}"))


def c3_line(position: int, data_url: str) -> dict:
    """One C3 line chart module reading ``data_url``."""
    return {
        "name": f"chart-{position}",
        "guid": str(uuid.uuid4()),
        "type": "line",
        "family": "C3",
        "dataSource": data_url,
        "width": 400,
        "height": 300,
        "order": position,
    }


def dashboard(
    number: int,
    modules: int = 10,
    data_base: str = NOWHERE,
    salt: int = 0,
    name: str | None = None,
    urls: list[str] | None = None,
) -> dict:
    """Dashboard ``number`` with ``modules`` C3 line charts (one data address each by default)."""
    addresses = urls or [f"{data_base}/{number}-{j}" for j in range(modules)]
    return {
        "id": dashboard_id(number, salt),
        "name": name if name is not None else f"Bench dashboard {number}",
        "layout": "freeform",
        "category": "bench",
        "date": str(datetime.datetime(2020, 1, 1) + datetime.timedelta(minutes=number)),
        "created_by": "benchuser",
        "modules": [c3_line(j, url) for j, url in enumerate(addresses)],
    }


def module_form(count: int, data_base: str = NOWHERE) -> dict[str, str]:
    """The editor's form fields for ``count`` modules (``module_<name>``: the module as JSON)."""
    form = {}
    for j in range(count):
        module = c3_line(j, f"{data_base}/form-{j}")
        form[f"module_{module['name']}"] = json.dumps(module)
    return form
