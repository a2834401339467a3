"""Helpers: settings lookup, paging arithmetic, grouping and sorting of modules, and the
original's module-level storage ``adapter``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from flask import current_app

from .schema import GRIDPOS_COLUMNS, gridpos_of
from .settings import DEFAULT_CONFIG, MAX_PER_PAGE
from .storage import AppAdapter

#: The original's module-level adapter: the storage of the app handling the request. The
#: blueprint reads and writes through it; replacing one of its methods (as the original's tests
#: do) changes what the pages read and write. ``charts_builder.adapter`` and
#: ``model_factories.adapter`` are this same object.
adapter = AppAdapter()
#: The original's smallest page size (it prevented division errors; here it keeps pages useful).
MIN_PER_PAGE = 2

UNCATEGORIZED = "uncategorized"

# Older name of JSONDASH_PERPAGE, used by the original's README; both are read.
_ALIASES = {"JSONDASH_PERPAGE": ("JSONDASH_PERPAGE", "JSONDASH_MAX_PERPAGE")}


def setting(name: str, default: Any = None) -> Any:
    """Read one flask_jsondash setting from the current app's config, with its default.

    ``default`` wins over the built-in default when given.
    """
    for key in _ALIASES.get(name, (name,)):
        if key in current_app.config:
            return current_app.config[key]
    if default is not None:
        return default
    if name == "JSONDASH":
        return {}
    return DEFAULT_CONFIG.get(name)


class Paginator(NamedTuple):
    """Paging arithmetic for one page of dashboards.

    ``curr_page`` is zero-based and ``num_pages`` is the list of page numbers (one-based), as in
    the original; ``page`` and ``last_page`` are one-based numbers for templates.
    """

    count: int  # type: ignore[assignment]  # the original's field name, beside tuple.count
    per_page: int
    curr_page: int
    num_pages: list[int]
    next: int
    limit: int
    skip: int

    @property
    def page(self) -> int:
        """The current page number, counting from 1."""
        return self.curr_page + 1

    @property
    def last_page(self) -> int:
        """The number of the last page (1 when there is nothing to show)."""
        return max(len(self.num_pages), 1)

    @property
    def has_prev(self) -> bool:
        return self.curr_page > 0

    @property
    def has_next(self) -> bool:
        return self.page < self.last_page

    def window(self, around: int = 2) -> list[int | None]:
        """Page numbers to offer as links: the ends and those near the current page.

        ``None`` marks a gap, where a template shows an ellipsis.
        """
        last = self.last_page
        wanted = {1, 2, last - 1, last, *range(self.page - around, self.page + around + 1)}
        shown = sorted(n for n in wanted if 1 <= n <= last)
        out: list[int | None] = []
        for number in shown:
            if out and number - (out[-1] or 0) > 1:
                out.append(None)
            out.append(number)
        return out

    @property
    def first_item(self) -> int:
        """One-based position of the first dashboard on this page (0 when there is none)."""
        return self.skip + 1 if self.count else 0


class PageOutOfRange(ValueError):
    """A page number past the last page."""

    def __init__(self, page: int, last_page: int) -> None:
        super().__init__(f"There is no page {page}: the last page is {last_page}.")
        self.page = page
        self.last_page = last_page


def paginator(
    page: int | None = 0, per_page: int | None = None, count: int | None = None
) -> Paginator:
    """Compute the paging of ``count`` items, ``per_page`` at a time, showing page ``page``.

    As the original: ``page`` counts from 1 (0 and None mean the first page); ``per_page``
    defaults to the ``JSONDASH_PERPAGE`` setting and is at least 2; without ``count``,
    :data:`adapter` is asked how many dashboards there are; ``num_pages`` is empty when there
    is nothing to show. Beyond the original: ``per_page`` is at most ``MAX_PER_PAGE``, and a page
    past the last one raises :class:`PageOutOfRange`.
    """
    if count is None:
        count = adapter.count()
    if per_page is None:
        per_page = setting("JSONDASH_PERPAGE")
    try:
        per_page = int(per_page)
    except (TypeError, ValueError):
        per_page = MIN_PER_PAGE
    per_page = min(max(per_page, MIN_PER_PAGE), MAX_PER_PAGE)
    total_pages = -(-count // per_page)
    page_number = max(int(page or 1), 1)
    last_page = max(total_pages, 1)  # an empty listing still has its (empty) first page
    if page_number > last_page:
        raise PageOutOfRange(page_number, last_page)
    skip = (page_number - 1) * per_page
    return Paginator(
        count=count,
        per_page=per_page,
        curr_page=page_number - 1,
        num_pages=list(range(1, total_pages + 1)),
        next=min(skip + per_page, count),
        limit=per_page,
        skip=skip,
    )


def category_of(view: Mapping[str, Any]) -> str:
    """The category a dashboard is listed under; dashboards without one are 'uncategorized'."""
    category = view.get("category")
    if category is None or not str(category).strip():
        return UNCATEGORIZED
    return str(category)


def categorize_views(views: Iterable[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """Group dashboards by category, each group sorted by name (case-insensitive).

    Groups keep the order in which their first dashboard appears.
    """
    buckets: dict[str, list[Mapping[str, Any]]] = {}
    for view in views:
        if not isinstance(view, Mapping):
            continue
        buckets.setdefault(category_of(view), []).append(view)
    for group in buckets.values():
        group.sort(key=lambda v: str(v.get("name", "")).lower())
    return buckets


#: Where a gridpos module without a usable gridPos goes: full width, 8 rows high, at the end.
GRIDPOS_FALLBACK = {"x": 0, "w": 24, "h": 8}


def gridpos_placed(modules: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Gridpos modules in display order (top to bottom, left to right), each a copy whose
    ``gridPos`` is where it is shown: moved up into any empty space above it, as Grafana (and
    the editor's grid) do, and down when it would overlap a widget placed before it. A module
    without a usable ``gridPos`` goes at the bottom, full width."""
    listed = list(modules)
    given = [gridpos_of(m) for m in listed]

    def reading_order(i: int) -> tuple[bool, int, int, int]:
        place = given[i]
        return (place is None, place["y"] if place else 0, place["x"] if place else 0, i)

    order = sorted(range(len(listed)), key=reading_order)
    columns = [0] * GRIDPOS_COLUMNS  # per column, the first free row below what is placed
    taken: list[tuple[int, int, int, int]] = []
    placed = []
    for index in order:
        place = dict(given[index] or {**GRIDPOS_FALLBACK, "y": max(columns)})
        x, w, h = place["x"], place["w"], place["h"]
        y = 0
        while any(
            x < ox + ow and ox < x + w and y < oy + oh and oy < y + h for ox, oy, ow, oh in taken
        ):
            y = min(
                oy + oh for ox, oy, ow, oh in taken if x < ox + ow and ox < x + w and oy + oh > y
            )
        taken.append((x, y, w, h))
        for column in range(x, x + w):
            columns[column] = max(columns[column], y + h)
        placed.append({**listed[index], "gridPos": {**place, "y": y}})
    return placed


def order_sort(item: Mapping[str, Any] | None) -> int:
    """Sort key for modules: their ``order`` as an integer, or -1 when absent or unusable."""
    if item is None or item.get("order") is None:
        return -1
    try:
        return int(item["order"])
    except (TypeError, ValueError):
        return -1


def _row_of(module: Mapping[str, Any]) -> int | None:
    try:
        return int(module["row"])
    except (KeyError, TypeError, ValueError):
        return None


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def sort_modules(viewjson: Mapping[str, Any]) -> list[Any]:
    """Modules in display order.

    Freeform layouts give a flat list sorted by ``order``. Grid layouts give one list per row,
    rows in ascending order, each sorted by ``order``: ``[[row 1 modules], [row 2 modules]]``.
    Modules without a usable row go into a last row of their own, so nothing disappears.
    """
    items = sorted(
        (m for m in _listed(viewjson.get("modules")) if isinstance(m, Mapping)), key=order_sort
    )
    if viewjson.get("layout") == "gridpos":
        return gridpos_placed(items)
    if viewjson.get("layout", "freeform") != "grid":
        return items
    rows: dict[int, list[Mapping[str, Any]]] = {}
    homeless: list[Mapping[str, Any]] = []
    for module in items:
        row = _row_of(module)
        if row is None:
            homeless.append(module)
        else:
            rows.setdefault(row, []).append(module)
    grouped = [rows[row] for row in sorted(rows)]
    if homeless:
        grouped.append(homeless)
    return grouped


def get_num_rows(viewconf: Mapping[str, Any] | None) -> int | None:
    """Number of distinct rows of a grid dashboard; None for freeform or missing dashboards."""
    if viewconf is None or viewconf.get("layout", "freeform") != "grid":
        return None
    return len(sort_modules(viewconf))


def is_global_dashboard(view: Mapping[str, Any]) -> bool:
    """True when global dashboards are enabled and this one belongs to the global user."""
    return bool(setting("JSONDASH_GLOBALDASH")) and view.get("created_by") == setting(
        "JSONDASH_GLOBAL_USER"
    )
