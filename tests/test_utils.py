"""The small pure helpers: settings, paging arithmetic, grouping and sorting."""

from __future__ import annotations

import pytest
from flask import Flask

from flask_jsondash import utils
from flask_jsondash.charts_builder import get_dims, widget_box


@pytest.fixture
def ctx():
    app = Flask(__name__)
    with app.app_context():
        yield app


def test_setting_defaults_follow_the_readme(ctx):
    assert utils.setting("JSONDASH_FILTERUSERS") is False
    assert utils.setting("JSONDASH_GLOBALDASH") is False  # the original's default
    assert utils.setting("JSONDASH_GLOBAL_USER") == "global"
    assert utils.setting("JSONDASH_PERPAGE") == 25
    assert utils.setting("JSONDASH") == {}
    assert utils.setting("UNKNOWN", default=5) == 5


def test_setting_reads_app_config_and_the_perpage_alias(ctx):
    ctx.config["JSONDASH_MAX_PERPAGE"] = 7
    assert utils.setting("JSONDASH_PERPAGE") == 7
    ctx.config["JSONDASH_PERPAGE"] = 9
    assert utils.setting("JSONDASH_PERPAGE") == 9


@pytest.mark.parametrize(
    "page, per_page, count, skip, pages, next_item",
    [
        (1, 10, 0, 0, [], 0),  # the original: no page numbers when there is nothing
        (1, 10, 25, 0, [1, 2, 3], 10),
        (3, 10, 25, 20, [1, 2, 3], 25),
        (2, 5, 10, 5, [1, 2], 10),
        (None, 10, 5, 0, [1], 5),
        (0, 10, 5, 0, [1], 5),
    ],
)
def test_paginator(ctx, page, per_page, count, skip, pages, next_item):
    p = utils.paginator(page=page, per_page=per_page, count=count)
    assert (p.skip, p.limit, p.num_pages, p.next, p.count) == (
        skip,
        per_page,
        pages,
        next_item,
        count,
    )
    assert p.curr_page == p.page - 1


def test_paginator_uses_the_perpage_setting_and_bounds_it(ctx):
    ctx.config["JSONDASH_PERPAGE"] = 3
    assert utils.paginator(count=10).per_page == 3
    assert utils.paginator(per_page=0, count=10).per_page == 2  # the original's minimum
    assert utils.paginator(per_page=1, count=10).per_page == 2
    assert utils.paginator(per_page=10**6, count=10).per_page == utils.MAX_PER_PAGE


def test_paginator_refuses_a_page_past_the_end(ctx):
    with pytest.raises(utils.PageOutOfRange) as caught:
        utils.paginator(page=4, per_page=10, count=25)
    assert "the last page is 3" in str(caught.value)


def test_paginator_window_shows_the_ends_and_the_neighbourhood(ctx):
    p = utils.paginator(page=50, per_page=2, count=200)
    assert p.window() == [1, 2, None, 48, 49, 50, 51, 52, None, 99, 100]
    assert utils.paginator(page=1, per_page=2, count=6).window() == [1, 2, 3]
    assert p.has_prev and p.has_next and p.last_page == 100


def test_paginator_counts_through_the_module_adapter_as_the_original(ctx, monkeypatch):
    """Without count, the original asked utils.adapter.count(); tests replace it."""
    monkeypatch.setattr(utils.adapter, "count", lambda **kwargs: 7)
    p = utils.paginator()
    assert p.count == 7 and p.num_pages == [1]


def test_categorize_views():
    views = [
        {"name": "b", "category": "X"},
        {"name": "A", "category": "X"},
        {"name": "c"},
        {"name": "d", "category": ""},
        "not a dashboard",
    ]
    grouped = utils.categorize_views(views)
    assert list(grouped) == ["X", "uncategorized"]
    assert [v["name"] for v in grouped["X"]] == ["A", "b"]
    assert [v["name"] for v in grouped["uncategorized"]] == ["c", "d"]


@pytest.mark.parametrize(
    "item, expected",
    [
        ({"order": 3}, 3),
        ({"order": "2"}, 2),
        ({"order": None}, -1),
        ({}, -1),
        ({"order": "x"}, -1),
        (None, -1),
    ],
)
def test_order_sort(item, expected):
    assert utils.order_sort(item) == expected


def test_sort_modules_freeform_is_a_flat_list_by_order():
    view = {
        "layout": "freeform",
        "modules": [{"order": 2, "n": "c"}, {"order": 0, "n": "a"}, {"n": "first"}],
    }
    assert [m["n"] for m in utils.sort_modules(view)] == ["first", "a", "c"]


def test_sort_modules_grid_groups_rows_in_order():
    view = {
        "layout": "grid",
        "modules": [
            {"row": 2, "order": 1, "n": "2b"},
            {"row": 1, "n": "1a"},
            {"row": 2, "order": 0, "n": "2a"},
            {"row": "x", "n": "lost"},
        ],
    }
    rows = utils.sort_modules(view)
    assert [[m["n"] for m in row] for row in rows] == [["1a"], ["2a", "2b"], ["lost"]]


def test_get_num_rows():
    assert utils.get_num_rows(None) is None
    assert utils.get_num_rows({"layout": "freeform", "modules": []}) is None
    view = {"layout": "grid", "modules": [{"row": 1}, {"row": 1}, {"row": 2}]}
    assert utils.get_num_rows(view) == 2


def test_is_global_dashboard(ctx):
    ctx.config["JSONDASH_GLOBALDASH"] = True
    assert utils.is_global_dashboard({"created_by": "global"})
    assert not utils.is_global_dashboard({"created_by": "alice"})
    ctx.config["JSONDASH_GLOBALDASH"] = False
    assert not utils.is_global_dashboard({"created_by": "global"})


def test_get_dims():
    assert get_dims({"width": 500, "height": "300", "dataSource": "x"}) == {
        "width": 500,
        "height": "300",
    }
    assert get_dims({"width": "col-6", "height": 200, "dataSource": "x"}) == {
        "width": "col-6",
        "height": 200,
    }
    # The original's call shape: get_dims(ctx, config).
    assert get_dims(None, {"width": "400", "height": 100, "dataSource": "x"}) == {
        "width": "400",
        "height": 100,
    }
    youtube = {
        "type": "youtube",
        "width": 1,
        "height": 1,
        "dataSource": '<iframe width="560" height="315" src="https://www.youtube.com/embed/x"></iframe>',
    }
    assert get_dims(youtube) == {"width": 580, "height": 375}
    # As the original, called directly it raises for a module it cannot size...
    for broken in ({"width": 1, "height": 1}, {"height": 1, "dataSource": "x"}, {}):
        with pytest.raises(ValueError, match="Invalid config!"):
            get_dims(broken)
    # ... while pages never do: they lay such a module out in a default box.
    assert widget_box({"width": "wide", "height": None}, "freeform") == {
        "width": 400,
        "height": 400,
    }
    assert widget_box({"width": 3, "height": 10}, "grid") == {"columns": 3, "height": 10}
