"""The "gridpos" layout (issue 13): each widget carries Grafana's gridPos on 24 columns; in the
editor GridStack drags and resizes them on that grid, and what is saved is exactly what was on
screen; the page shows each where it was saved. The settings convert between layouts."""

from __future__ import annotations

import pytest
from test_editor import add_widget, create_dashboard, save, stored, widget_box

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size({"width": 1400, "height": 1000})
    return page


def places(page) -> dict[str, dict[str, float]]:
    """Each widget's box, relative to the widgets' container."""
    return page.evaluate(
        """() => {
            const area = document.getElementById('jsondash-widgets').getBoundingClientRect();
            const out = {};
            document.querySelectorAll('.widget').forEach((el) => {
                const box = el.getBoundingClientRect();
                out[el.querySelector('.jd-widget-title').textContent] = {
                    left: box.left - area.left, top: box.top - area.top,
                    width: box.width, height: box.height, area: area.width};
            });
            return out;
        }"""
    )


def drag_by_header(page, name: str, dx: float, dy: float) -> None:
    header = widget_box(page, name).locator(".jd-widget-header")
    box = header.bounding_box()
    x, y = box["x"] + 30, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    steps = 12
    for i in range(1, steps + 1):
        page.mouse.move(x + dx * i / steps, y + dy * i / steps)
        page.wait_for_timeout(20)
    page.wait_for_timeout(150)
    page.mouse.up()
    page.wait_for_timeout(200)


def test_a_widget_moved_on_the_grid_is_saved_and_shown_exactly_there(site, page):
    c_id = create_dashboard(page, site, "gridpos")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Left", "line", "/line")
    add_widget(page, site, "Moved", "bar", "/bar")
    before = places(page)
    assert before["Moved"]["top"] > before["Left"]["top"]  # a new widget goes below
    # Drag "Moved" up beside "Left", into the right half.
    column = before["Moved"]["area"] / 24
    drag_by_header(
        page,
        "Moved",
        14 * column,  # past the middle: it stops at the right edge
        before["Left"]["top"] - before["Moved"]["top"],
    )
    on_screen = places(page)
    assert abs(on_screen["Moved"]["top"] - on_screen["Left"]["top"]) < 2
    assert "moved “Moved”" in page.locator("#jd-editor-status").inner_text()
    save(page)
    modules = {m["name"]: m for m in stored(site, c_id)["modules"]}
    assert modules["Left"]["gridPos"] == {"x": 0, "y": 0, "w": 12, "h": 8}
    assert modules["Moved"]["gridPos"] == {"x": 12, "y": 0, "w": 12, "h": 8}
    assert "width" not in modules["Moved"] and "row" not in modules["Moved"]
    # The saved page shows them where they were dropped.
    shown = places(page)
    for name in ("Left", "Moved"):
        assert abs(shown[name]["left"] - on_screen[name]["left"]) < 3, name
        assert abs(shown[name]["top"] - on_screen[name]["top"]) < 3, name
        assert abs(shown[name]["width"] - on_screen[name]["width"]) < 3, name
    assert not page.problems


def wait_until_ready(page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget')].every(w => w.dataset.status === 'ready')"
    )


def reading_order(page) -> list[str]:
    shown = places(page)
    return sorted(shown, key=lambda name: (round(shown[name]["top"] / 20), shown[name]["left"]))


def test_the_settings_convert_between_the_three_layouts_keeping_the_order(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    for name in ("One", "Two", "Three"):
        add_widget(page, site, name, "bar", "/bar", width="600", height="300")
    save(page)
    order = reading_order(page)
    for layout, label in (
        ("gridpos", "Grid positions"),
        ("grid", "Grid: rows"),
        ("freeform", "Freeform"),
    ):
        page.get_by_role("button", name="Edit dashboard").click()
        page.get_by_role("button", name="Settings").click()
        dialog = page.locator("#jd-settings-dialog")
        dialog.get_by_label("Layout").select_option(layout)
        assert (
            dialog.get_by_label("Layout")
            .evaluate("s => s.selectedOptions[0].text")
            .startswith(label)
        )
        dialog.get_by_role("button", name="Apply").click()
        dialog.wait_for(state="hidden")
        wait_until_ready(page)
        assert reading_order(page) == order, layout
        assert f"layout changed to {layout}" in page.locator("#jd-editor-status").inner_text()
        save(page)
        doc = stored(site, c_id)
        assert doc["layout"] == layout
        assert reading_order(page) == order, layout
        if layout == "gridpos":
            assert all(set(m["gridPos"]) == {"x", "y", "w", "h"} for m in doc["modules"])
        if layout == "grid":
            assert all(m["row"] >= 1 and m["width"].startswith("col-") for m in doc["modules"])
        if layout == "freeform":
            assert all(isinstance(m["width"], int) and "row" not in m for m in doc["modules"])
    assert not page.problems


def test_undo_puts_a_gridpos_widget_back_where_it_was(site, page):
    create_dashboard(page, site, "gridpos")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Left", "line", "/line")
    add_widget(page, site, "Moved", "bar", "/bar")
    before = places(page)
    drag_by_header(page, "Moved", 14 * before["Moved"]["area"] / 24, -before["Moved"]["top"])
    assert places(page)["Moved"]["top"] < 10
    page.get_by_role("button", name="Undo").click()
    wait_until_ready(page)
    after = places(page)
    for name in ("Left", "Moved"):
        assert abs(after[name]["top"] - before[name]["top"]) < 3, name
        assert abs(after[name]["left"] - before[name]["left"]) < 3, name
