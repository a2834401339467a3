"""Two people editing one dashboard: the second save is refused (412) with a dialog that says
who saved and when, keeps the edits, and can overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_editor import add_widget, create_dashboard, save, stored, widget_box

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    """A page that says yes to every confirmation."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_a_stale_save_shows_who_saved_and_overwrite_saves_the_second_edit(site, page):
    c_id = create_dashboard(page, site, "freeform")
    other = page.context.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    other.goto(page.url)
    # The first page adds a widget and saves.
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "First edit", "bar", "/bar")
    save(page)
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["First edit"]
    # The second page, still at the version it loaded, adds its own and saves: refused.
    other.get_by_role("button", name="Edit dashboard").click()
    add_widget(other, site, "Second edit", "line", "/line")
    other.get_by_role("button", name="Save dashboard").click()
    dialog = other.get_by_role("dialog", name="Someone else saved this dashboard")
    dialog.wait_for()
    assert "admin saved this dashboard" in dialog.inner_text()
    assert "version 1" in dialog.inner_text()
    assert other.evaluate("document.activeElement.closest('dialog') !== null")
    for label in ("Download my edits", "Load their version", "Overwrite"):
        assert dialog.get_by_role("button", name=label).is_visible()
    # Nothing was lost: the edit is still on the page, the stored one is the first page's.
    assert widget_box(other, "Second edit").count() == 1
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["First edit"]
    # The download offers the edits as JSON.
    with other.expect_download() as download:
        dialog.get_by_role("button", name="Download my edits").click()
    assert download.value.suggested_filename.endswith(".json")
    # Escape closes it, with the edits kept; saving again asks again.
    other.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert widget_box(other, "Second edit").count() == 1
    other.get_by_role("button", name="Save dashboard").click()
    dialog.wait_for()
    with other.expect_navigation():
        dialog.get_by_role("button", name="Overwrite").click()
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Second edit"]
    assert stored(site, c_id)["version"] == 2
    assert not page.problems


def test_a_stale_raw_json_save_shows_the_same_dialog(site, page):
    c_id = create_dashboard(page, site, "freeform")
    other = page.context.new_page()
    other.on("dialog", lambda dialog: dialog.accept())
    other.goto(page.url)
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "First edit", "bar", "/bar")
    save(page)
    # The other page renames the dashboard in the raw JSON, from the version it loaded.
    other.locator("#jd-raw-editor > summary").click()
    textarea = other.locator("#jd-raw-config")
    document = json.loads(textarea.input_value())
    document["name"] = "Renamed in raw JSON"
    textarea.fill(json.dumps(document))
    other.get_by_role("button", name="Save dashboard").click()
    dialog = other.get_by_role("dialog", name="Someone else saved this dashboard")
    dialog.wait_for()
    assert stored(site, c_id)["name"] != "Renamed in raw JSON"
    with other.expect_download() as download:
        dialog.get_by_role("button", name="Download my edits").click()
    assert "Renamed in raw JSON" in Path(download.value.path()).read_text()
    with other.expect_navigation():
        dialog.get_by_role("button", name="Overwrite").click()
    assert stored(site, c_id)["name"] == "Renamed in raw JSON"
