"""The editor's and the widgets' tools (issue 13): undo and redo over every change, the unsaved
draft kept in the browser, duplicating a widget, inspecting its data request, viewing it full
screen; and the rough edges a newcomer hit: new widgets piling into row 1, an empty dashboard
that said the wrong thing in edit mode, a cramped "More options"."""

from __future__ import annotations

import json
import re

import pytest
from test_editor import add_widget, create_dashboard, save, stored, widget_box

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    """A page that says yes to every confirmation."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def names(page) -> list[str]:
    return page.locator(".widget .jd-widget-title").all_inner_texts()


def test_undo_and_redo_step_through_every_change_with_buttons_and_keys(site, page):
    c_id = create_dashboard(page, site, "grid", name="Undoable")
    page.get_by_role("button", name="Edit dashboard").click()
    undo = page.get_by_role("button", name="Undo")
    redo = page.get_by_role("button", name="Redo")
    assert undo.is_disabled() and redo.is_disabled()
    add_widget(page, site, "One", "bar", "/bar")
    add_widget(page, site, "Two", "line", "/line")
    page.get_by_role("button", name="Settings").click()
    dialog = page.locator("#jd-settings-dialog")
    dialog.get_by_label("Name").fill("Renamed")
    dialog.get_by_role("button", name="Apply").click()
    dialog.wait_for(state="hidden")
    page.once("dialog", lambda d: d.accept())
    widget_box(page, "One").get_by_role("button", name="Delete widget One").click()
    assert names(page) == ["Two"]
    assert page.locator(".jd-title").inner_text().startswith("Renamed")

    # Back through each change: the delete, the rename, the second widget.
    undo.click()
    page.wait_for_function("() => document.querySelectorAll('.widget').length === 2")
    assert "Undone: deleted “One”" in page.locator("#jd-editor-status").inner_text()
    page.keyboard.press("Control+z")
    page.wait_for_function(
        "() => document.querySelector('.jd-title').textContent.trim().startsWith('Undoable')"
    )
    page.keyboard.press("Control+z")
    page.wait_for_function("() => document.querySelectorAll('.widget').length === 1")
    assert names(page) == ["One"]
    assert page.locator("[data-count='modules']").inner_text() == "1"
    # And forward again.
    page.keyboard.press("Control+Shift+z")
    page.wait_for_function("() => document.querySelectorAll('.widget').length === 2")
    redo.click()
    page.wait_for_function(
        "() => document.querySelector('.jd-title').textContent.trim().startsWith('Renamed')"
    )
    # A new change drops what could be redone.
    add_widget(page, site, "Three", "bar", "/bar")
    assert redo.is_disabled()
    save(page)
    doc = stored(site, c_id)
    assert doc["name"] == "Renamed"
    assert sorted(m["name"] for m in doc["modules"]) == ["One", "Three", "Two"]
    assert not page.problems


def test_undo_in_a_text_field_is_the_fields_own(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Kept", "bar", "/bar")
    page.get_by_label("Message").fill("typing")
    page.get_by_label("Message").press("Control+z")
    assert names(page) == ["Kept"]


def test_an_interrupted_session_offers_its_unsaved_draft(site, page):
    c_id = create_dashboard(page, site, "freeform", name="Drafty")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Not saved yet", "bar", "/bar")
    # The tab goes away without saving (a reload that the user confirmed, or a crash).
    page.reload()
    banner = page.get_by_role("alert").filter(has_text="You have unsaved changes")
    banner.wait_for()
    assert names(page) == []
    banner.get_by_role("button", name="Restore my changes").click()
    widget_box(page, "Not saved yet").wait_for()
    assert "restored from your earlier visit" in page.locator("#jd-editor-status").inner_text()
    save(page)
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Not saved yet"]
    # Saved: no draft is offered any more.
    page.reload()
    page.locator("#jd-edit-toggle").wait_for()
    page.wait_for_function("() => window.jsondash && window.jsondash.editor")
    assert page.get_by_text("You have unsaved changes").count() == 0


def test_a_draft_can_be_discarded_and_cancel_forgets_it(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Thrown away", "bar", "/bar")
    page.reload()
    banner = page.get_by_role("alert").filter(has_text="You have unsaved changes")
    banner.get_by_role("button", name="Discard them").click()
    assert banner.count() == 0
    page.reload()
    page.wait_for_function("() => window.jsondash && window.jsondash.editor")
    assert page.get_by_text("You have unsaved changes").count() == 0
    # Cancel discards the edits and their draft.
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Cancelled", "bar", "/bar")
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel", exact=True).click()
    page.wait_for_function("() => window.jsondash && window.jsondash.editor")
    assert page.get_by_text("You have unsaved changes").count() == 0


def test_a_draft_from_an_older_version_saves_only_after_asking(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Mine", "bar", "/bar")
    # Someone else saves meanwhile, in another browser.
    other = page.context.browser.new_context().new_page()
    other.goto(page.url)
    other.get_by_role("button", name="Edit dashboard").click()
    add_widget(other, site, "Theirs", "line", "/line")
    save(other)
    other.context.close()
    page.reload()
    banner = page.get_by_role("alert").filter(has_text="You have unsaved changes")
    assert "edited from version 0" in banner.inner_text()
    banner.get_by_role("button", name="Restore my changes").click()
    widget_box(page, "Mine").wait_for()
    page.get_by_role("button", name="Save dashboard").click()
    page.get_by_role("dialog", name="Someone else saved this dashboard").wait_for()
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Theirs"]


def test_new_grid_widgets_fill_the_last_row_then_start_a_new_one(site, page):
    """Issue 13, item 3: the Row field defaulted to row 1 after the first widget."""
    c_id = create_dashboard(page, site, "grid")
    page.get_by_role("button", name="Edit dashboard").click()
    for name in ("Left", "Right", "Below"):
        page.get_by_role("button", name="+ Add widget").click()
        dialog = page.locator("#jd-widget-dialog")
        dialog.get_by_label("Name").fill(name)
        dialog.get_by_label("Chart type").select_option("bar")
        dialog.get_by_label("Data source").fill(site.data_url + "/bar")
        dialog.get_by_role("button", name="Add widget").click()
        widget_box(page, name).wait_for()
    save(page)
    rows = {m["name"]: m["row"] for m in stored(site, c_id)["modules"]}
    assert rows == {"Left": 1, "Right": 1, "Below": 2}


def test_an_empty_dashboard_in_edit_mode_says_how_to_add_and_counts_widgets(site, page):
    """Issue 13, item 7: edit mode still said "Choose 'Edit dashboard'", and the header's
    module count stayed at 0 until a save."""
    create_dashboard(page, site, "freeform")
    empty = page.locator("#jd-no-widgets")
    assert "Choose “Edit dashboard”" in empty.inner_text()
    page.get_by_role("button", name="Edit dashboard").click()
    page.locator("#jd-editor-bar").wait_for()  # the editor's scripts load after the charts
    assert "Edit dashboard" not in empty.inner_text()
    assert "+ Add widget" in empty.inner_text()
    add_widget(page, site, "First", "bar", "/bar")
    assert page.locator("#jd-no-widgets").count() == 0
    header = page.locator(".jd-header")
    assert "1 module ·" in header.inner_text()
    add_widget(page, site, "Second", "bar", "/bar")
    assert "2 modules ·" in header.inner_text()


def test_more_options_fit_the_dialog_in_line(site, page):
    """Issue 13, item 7: "More options" was four cramped columns, "Every (milliseconds)" wrapped
    under its checkbox, and the dialog scrolled at 900 px."""
    page.set_viewport_size({"width": 1280, "height": 900})
    create_dashboard(page, site, "grid")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="+ Add widget").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_text("More options").click()
    timer = dialog.get_by_label("Refresh on a timer").bounding_box()
    every = dialog.get_by_label("every").bounding_box()
    assert abs((timer["y"] + timer["height"] / 2) - (every["y"] + every["height"] / 2)) < 12
    key = dialog.get_by_label("Shared data key").bounding_box()
    classes = dialog.get_by_label("CSS classes").bounding_box()
    assert key["y"] == classes["y"] and key["height"] == classes["height"]
    scroll = dialog.evaluate("d => d.scrollHeight - d.clientHeight")
    assert scroll <= 0


def test_duplicate_a_widget_with_a_new_guid(site, page):
    c_id = create_dashboard(page, site, "grid")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Original", "line", "/line")
    widget_box(page, "Original").get_by_role("button", name="Duplicate widget Original").click()
    copy = widget_box(page, "Original (copy)")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.widget')].every(w => w.dataset.status === 'ready')"
    )
    assert copy.count() == 1 and copy.locator("svg").count() >= 1
    assert names(page) == ["Original", "Original (copy)"]
    save(page)
    modules = stored(site, c_id)["modules"]
    assert [m["name"] for m in modules] == ["Original", "Original (copy)"]
    assert modules[0]["guid"] != modules[1]["guid"]
    assert {m["dataSource"] for m in modules} == {site.data_url + "/line"}
    assert modules[0]["row"] == modules[1]["row"] == 1


def test_inspect_shows_the_request_its_status_time_and_raw_data(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Looked at", "line", "/line")
    widget_box(page, "Looked at").get_by_role("button", name="Inspect Looked at").click()
    dialog = page.get_by_role("dialog", name="Inspect “Looked at”")
    dialog.wait_for()
    facts = dialog.locator("dl").inner_text()
    assert f"GET {site.data_url}/line" in facts
    assert "200 OK" in facts
    assert re.search(r"Time\s+\d+ ms", facts)
    raw = json.loads(dialog.locator("pre").inner_text())
    assert isinstance(raw, dict) and raw
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")


def test_a_failed_request_is_inspected_with_its_status(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    page.route("**/broken-source", lambda route: route.fulfill(status=502, body="bad gateway"))
    page.get_by_role("button", name="+ Add widget").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_label("Name").fill("Broken")
    dialog.get_by_label("Chart type").select_option("bar")
    dialog.get_by_label("Data source").fill(site.data_url + "/broken-source")
    dialog.get_by_role("button", name="Add widget").click()
    widget_box(page, "Broken").locator(".jd-widget-error").wait_for()
    widget_box(page, "Broken").get_by_role("button", name="Inspect Broken").click()
    inspect = page.get_by_role("dialog", name="Inspect “Broken”")
    assert "502" in inspect.locator("dl").inner_text()
    assert inspect.locator("pre").inner_text() == "bad gateway"


def test_a_widget_viewed_full_screen_fills_the_window_and_escape_restores_it(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Big", "line", "/line", width="400", height="300")
    save(page)
    box = widget_box(page, "Big")
    before = box.bounding_box()
    box.get_by_role("button", name="View Big full screen").click()
    viewport = page.viewport_size
    page.wait_for_function(
        "() => document.querySelector('.jd-widget-fullscreen svg')"
        "?.getBoundingClientRect().width > 800"
    )
    full = box.bounding_box()
    assert full["width"] > viewport["width"] - 40 and full["height"] > viewport["height"] - 40
    assert (
        box.get_by_role("button", name="Leave full screen").get_attribute("aria-pressed") == "true"
    )
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.jd-widget-fullscreen')")
    after = box.bounding_box()
    assert abs(after["width"] - before["width"]) < 2 and abs(after["height"] - before["height"]) < 2
    assert not page.problems
