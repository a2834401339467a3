"""The bench's one table: measure | original | port | ratio (port ÷ original)."""

from __future__ import annotations

from typing import Any

EXPECTED_STATUS = {"create_10": 302, "update_10": 302}
INPROC_ROWS = [
    ("index_100", "Index page, 100 dashboards (ms)"),
    ("index_1000", "Index page, 1,000 dashboards (ms)"),
    ("index_10000", "Index page, 10,000 dashboards (ms)"),
    ("view_10", "Dashboard page, 10 modules (ms)"),
    ("view_100", "Dashboard page, 100 modules (ms)"),
    ("create_10", "Create a dashboard, 10 modules (ms)"),
    ("update_10", "Save a dashboard, 10 modules (ms)"),
]
RENDER_ROWS = [
    ("c3_10x50", "Browser: 10 C3 line charts x 50 points, all drawn (ms)"),
    ("c3_10x500", "Browser: 10 C3 line charts x 500 points, all drawn (ms)"),
    ("c3_30x50", "Browser: 30 C3 line charts x 50 points, all drawn (ms)"),
    ("c3_30x500", "Browser: 30 C3 line charts x 500 points, all drawn (ms)"),
]
TARGETS = ("original", "port")
#: The results of the reference page timed beside the port: the same charts drawn by C3 alone.
REFERENCE = "c3_alone"


def _number(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(original: float | None, port: float | None) -> str:
    if original is None or port is None:
        return "—"
    if original == 0:
        return "—" if port else "1.00×"
    ratio = port / original
    if ratio >= 10:
        return f"{ratio:.0f}×"
    return f"{ratio:.2f}×" if ratio >= 0.1 else f"{ratio:.2g}×"


def _incomplete(found: dict[str, Any]) -> str:
    """A render time's cell when some loads did not finish drawing ("" when all did)."""
    if found["complete"] >= found["loads"]:
        return ""
    return f"{_number(found['median_ms'], 0)} ({found['complete']}/{found['loads']} drawn)"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(
        self,
        measure: str,
        values: dict[str, float | None],
        digits: int = 1,
        shown: dict[str, str] | None = None,
    ) -> None:
        """A row of medians; ``shown`` replaces a target's cell (a failure, a note)."""
        shown = {target: cell for target, cell in (shown or {}).items() if cell}
        cells = [shown.get(t) or _number(values.get(t), digits) for t in TARGETS]
        ratio = _ratio(values.get("original"), values.get("port"))
        if shown:
            ratio = "—"
        self.rows.append((measure, cells[0], cells[1], ratio))

    def markdown(self) -> str:
        lines = ["| measure | original | port | ratio |", "|---|---:|---:|---:|"]
        lines += [f"| {' | '.join(row)} |" for row in self.rows]
        return "\n".join(lines)


def build(results: dict[str, Any]) -> Table:
    """The table from the run's results (missing parts show as n/a)."""
    table = Table()
    inproc = results.get("inproc", {})
    for key, measure in INPROC_ROWS:
        values: dict[str, float | None] = {}
        shown = {}
        for target in TARGETS:
            found = (inproc.get(target) or {}).get(key)
            if not found:
                continue
            status = found.get("status")
            if status != EXPECTED_STATUS.get(key, 200):
                shown[target] = f"HTTP {status}"
            values[target] = found.get("median")
        table.add(measure, values, shown=shown)

    browser = results.get("browser") or {}
    scenarios = browser.get("scenarios", {})
    for key, measure in RENDER_ROWS:
        values, shown = {}, {}
        for target in TARGETS:
            found = (scenarios.get(key) or {}).get(target)
            if not found:
                continue
            values[target] = found["median_ms"]
            shown[target] = _incomplete(found)
        table.add(measure, values, digits=0, shown=shown)
    for key, measure in RENDER_ROWS:
        # The reference (C3 alone) in the port's column, its ratio to the original's dashboard.
        found = scenarios.get(key) or {}
        alone = found.get(REFERENCE)
        if not alone:
            continue
        values = {"port": alone["median_ms"]}
        if found.get("original"):
            values["original"] = found["original"]["median_ms"]
        measure = measure.replace("Browser:", "Reference, C3 alone (no dashboard code):")
        table.add(measure, values, digits=0, shown={"port": _incomplete(alone)})
    shared = scenarios.get("c3_shared") or {}
    table.add(
        "Browser: data requests, 10 charts sharing one dataSource",
        {t: shared[t]["data_requests"] for t in TARGETS if t in shared},
        digits=0,
    )
    wire = browser.get("wire") or {}
    for visit in ("first", "second"):
        table.add(
            f"Bytes on the wire, 10-chart dashboard, {visit} visit (KB)",
            {t: wire[t][visit]["total"] / 1024 for t in TARGETS if t in wire},
        )
    heap = browser.get("heap") or {}
    table.add(
        "JS heap in use after drawing 30 x 500 (MB)",
        {t: heap[t]["heap_bytes"] / 2**20 for t in TARGETS if heap.get(t, {}).get("heap_bytes")},
    )
    table.add(
        "Bytes on the wire, 30 x 500 dashboard, first visit (KB)",
        {t: heap[t]["wire_total"] / 1024 for t in TARGETS if heap.get(t, {}).get("wire_total")},
    )
    return table


def wire_details(results: dict[str, Any]) -> list[str]:
    """One line per implementation and visit: where the bytes went."""
    wire = (results.get("browser") or {}).get("wire") or {}
    lines = []
    for target in TARGETS:
        for visit in ("first", "second"):
            found = (wire.get(target) or {}).get(visit)
            if found:
                kinds = ", ".join(
                    f"{kind} {found[kind] / 1024:,.1f} KB"
                    for kind in ("html", "js+css", "data", "other")
                )
                lines.append(
                    f"- {target}, {visit} visit: {kinds}; {found['requests']:.0f} requests, "
                    f"{found['from_cache']:.0f} from the cache, {found['not_modified']:.0f} "
                    "answered 304"
                )
    return lines
