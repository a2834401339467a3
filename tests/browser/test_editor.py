"""The in-browser editor, flow by flow, as a user drives it in Chromium."""

from __future__ import annotations

import json
import re
import uuid

import pytest
from widgets import wait_until_settled, widget_states

from flask_jsondash.db import get_db_handler

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    """A page that says yes to every confirmation (the tests that need a no set their own)."""

    def accept(dialog):
        dialog.accept()

    page.on("dialog", accept)
    page.accept_dialogs = accept
    return page


def stored(site, c_id: str) -> dict:
    with site.app.app_context():
        return get_db_handler().get(c_id)


def create_dashboard(page, site, mode: str = "freeform", name: str | None = None) -> str:
    """Create a dashboard through the index page's form; return its id."""
    name = name or f"Test {uuid.uuid4().hex[:8]}"
    page.goto(f"{site.url}/charts/")
    page.get_by_text("New dashboard").click()
    page.get_by_label("Name").fill(name)
    labels = {"grid": "^Grid rows", "freeform": "^Freeform", "gridpos": "^Grid positions"}
    page.get_by_role("radio", name=re.compile(labels[mode])).check()
    page.get_by_label("or a new category").fill("Editor tests")
    page.get_by_role("button", name="Create dashboard").click()
    page.wait_for_url(re.compile(r"/charts/[0-9a-f-]{36}$"))
    assert page.get_by_text(f'Created new dashboard "{name}"', exact=True).is_visible()
    return page.url.rsplit("/", 1)[-1]


def add_widget(page, site, name: str, chart_type: str, route: str, **sizes: str) -> None:
    page.get_by_role("button", name="+ Add widget").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Chart type").select_option(chart_type)
    dialog.get_by_label("Data source").fill(site.data_url + route)
    for label, value in sizes.items():
        field = visible_field(dialog, label.replace("_", " ").capitalize())
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    dialog.get_by_role("button", name="Add widget").click()
    page.wait_for_function(
        """(name) => [...document.querySelectorAll('.widget')].some(w =>
            w.querySelector('.jd-widget-title').textContent === name
            && w.dataset.status === 'ready')""",
        arg=name,
    )


def visible_field(dialog, label: str):
    """The field whose label starts with ``label`` that the dialog shows (each layout shows
    its own width and height fields)."""
    found = dialog.get_by_label(label, exact=False)
    shown = [found.nth(i) for i in range(found.count()) if found.nth(i).is_visible()]
    assert len(shown) == 1, f"{len(shown)} visible fields labelled {label!r}"
    return shown[0]


def settled(page, locator, still_ms: int = 300) -> None:
    """Wait until an element stops moving (no change of its box for ``still_ms``)."""
    box = locator.bounding_box()
    for _ in range(50):
        page.wait_for_timeout(still_ms)
        again = locator.bounding_box()
        if again == box:
            return
        box = again
    raise AssertionError("the element kept moving")


def save(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save dashboard").click()
    wait_until_settled(page)


def widget_box(page, name: str):
    return page.locator(".widget", has=page.locator(".jd-widget-title", has_text=name))


def drag(page, locator, dx: float, dy: float) -> None:
    """Drag by the mouse, in steps, as a person would, and rest at the target before dropping
    (the layout library settles where the dragged item goes on the moves it sees there)."""
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(x + dx * step / 10, y + dy * step / 10)
        page.wait_for_timeout(20)
    page.wait_for_timeout(150)
    page.mouse.move(x + dx + 1, y + dy + 1)
    page.wait_for_timeout(150)
    page.mouse.up()


# Creating and laying out a freeform dashboard ---------------------------------------------


def test_build_a_freeform_dashboard_and_see_it_again_after_reload(site, page):
    c_id = create_dashboard(page, site, "freeform")
    assert page.get_by_text("This dashboard has no charts yet.").is_visible()
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Sales line", "line", "/line", width="360", height="280")
    add_widget(page, site, "Share pie", "pie", "/pie", width="360", height="280")
    add_widget(page, site, "Tree", "treemap", "/treemap", width="360", height="280")
    families = {s["type"] for s in widget_states(page)}
    assert families == {"line", "pie", "treemap"}

    # Move the third widget in front of the second and make the first one larger.
    tree = widget_box(page, "Tree")
    header = tree.locator(".jd-widget-title")  # by its title, as the hint says
    # A new widget slides into place (Packery's 0.2 s transition): grab it once it stands
    # still, as a person would.
    settled(page, header)
    first = widget_box(page, "Share pie").bounding_box()
    here = header.bounding_box()
    drag(page, header, first["x"] - here["x"] + 20, first["y"] - here["y"] + 10)
    # Packery sorts the widgets once the dropped one has slid into place (a person sees it
    # move); wait for that before the next gesture, which lays the dashboard out again.
    page.wait_for_function(
        """() => {
            const names = jsondash.layout.order().map(
                (el) => el.querySelector('.jd-widget-title').textContent);
            return names.indexOf('Tree') < names.indexOf('Share pie');
        }"""
    )
    page.wait_for_timeout(300)
    handle = widget_box(page, "Sales line").locator(".ui-resizable-se")
    drag(page, handle, 140, 60)
    page.wait_for_timeout(500)
    assert "Unsaved changes" in page.locator("#jd-editor-status").inner_text()
    before = {s: widget_box(page, s).bounding_box() for s in ("Sales line", "Share pie", "Tree")}
    save(page)

    doc = stored(site, c_id)
    by_name = {m["name"]: m for m in doc["modules"]}
    order = [m["name"] for m in sorted(doc["modules"], key=lambda m: m["order"])]
    assert order.index("Tree") < order.index("Share pie")
    assert by_name["Sales line"]["width"] >= 480 and by_name["Sales line"]["height"] >= 320
    assert by_name["Share pie"]["width"] == 360
    assert {m["family"] for m in doc["modules"]} == {"C3", "D3"}
    # After the reload the widgets are where they were, at the sizes they were given.
    states = {s["type"]: s["status"] for s in widget_states(page)}
    assert set(states.values()) == {"ready"}
    after = {s: widget_box(page, s).bounding_box() for s in ("Sales line", "Share pie", "Tree")}
    for name in before:
        assert abs(after[name]["width"] - before[name]["width"]) <= 2, name
        assert abs(after[name]["height"] - before[name]["height"]) <= 2, name
    assert (
        after["Tree"]["x"] <= after["Share pie"]["x"]
        or after["Tree"]["y"] < after["Share pie"]["y"]
    )
    assert page.problems == []


def test_edit_a_widget_in_the_same_form_prefilled(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Orders", "bar", "/bar", width="400", height="300")
    page.evaluate(
        "window.loaded = []; document.addEventListener('jsondash.editform.loaded', "
        "e => window.loaded.push(e.detail))"
    )
    widget_box(page, "Orders").get_by_role("button", name="Edit widget Orders").click()
    dialog = page.locator("#jd-widget-dialog")
    assert dialog.get_by_label("Name").input_value() == "Orders"
    assert dialog.get_by_label("Chart type").input_value() == "bar"
    assert dialog.get_by_label("Width (pixels)").input_value() == "400"
    loaded = page.evaluate("window.loaded")
    assert loaded[0]["config"]["name"] == "Orders"
    dialog.get_by_label("Name").fill("Orders by day")
    dialog.get_by_label("Chart type").select_option("area")
    dialog.get_by_role("button", name="Save widget").click()
    page.wait_for_function(
        """() => [...document.querySelectorAll('.widget')].some(w =>
            w.dataset.type === 'area' && w.dataset.status === 'ready')"""
    )
    assert widget_box(page, "Orders by day").count() == 1
    assert page.locator(".widget").count() == 1


def test_the_form_says_what_is_wrong_and_keeps_what_was_typed(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="+ Add widget").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_label("Name").fill("Broken inputs")
    dialog.get_by_label("Chart type").select_option("line")
    dialog.get_by_label("Data source").fill(site.data_url + "/line")
    dialog.get_by_text("More options").click()
    dialog.get_by_label("Inputs (JSON)").fill('{"options": [{"type": "select", "name": "x"}]}')
    dialog.get_by_role("button", name="Add widget").click()
    problems = dialog.locator("[data-role='form-problems']")
    problems.wait_for()
    assert "missing required key 'options'" in problems.inner_text()
    assert dialog.get_by_label("Name").input_value() == "Broken inputs"
    assert page.locator(".widget").count() == 0
    dialog.get_by_label("Inputs (JSON)").fill("{not json")
    dialog.get_by_role("button", name="Add widget").click()
    assert "is not valid JSON" in problems.inner_text()


def test_preview_shows_what_the_data_source_returns(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    page.evaluate(
        "window.previews = []; document.addEventListener('jsondash.preview', "
        "e => window.previews.push(e.detail))"
    )
    page.get_by_role("button", name="+ Add widget").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_label("Chart type").select_option("pie")
    dialog.get_by_label("Data source").fill(site.data_url + "/pie")
    dialog.get_by_role("button", name="Preview data").click()
    page.wait_for_function("() => window.previews.length === 1")
    assert "data a" in dialog.locator("[data-role='preview-body']").inner_text()
    assert page.evaluate("window.previews[0].url").endswith("/pie")
    dialog.get_by_label("Data source").fill(site.data_url + "/deadend?error_code=502")
    dialog.get_by_role("button", name="Preview data").click()
    page.wait_for_function("() => window.previews.length === 2")
    assert "502" in dialog.locator("[data-role='preview-status']").inner_text()


def test_delete_a_widget_and_cancel_restores_the_saved_dashboard(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Keep", "bar", "/bar")
    add_widget(page, site, "Drop", "line", "/line")
    save(page)
    page.get_by_role("button", name="Edit dashboard").click()
    page.evaluate(
        "window.deleted = []; document.addEventListener('jsondash.widget.deleted', "
        "e => window.deleted.push(e.detail.config.name))"
    )
    widget_box(page, "Drop").get_by_role("button", name="Delete widget Drop").click()
    assert widget_box(page, "Drop").count() == 0
    assert page.evaluate("window.deleted") == ["Drop"]
    # Cancel: the unsaved deletion is discarded.
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel").click()
    wait_until_settled(page)
    assert widget_box(page, "Drop").count() == 1
    assert len(stored(site, c_id)["modules"]) == 2
    # Delete again, and save this time.
    page.get_by_role("button", name="Edit dashboard").click()
    widget_box(page, "Drop").get_by_role("button", name="Delete widget Drop").click()
    save(page)
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Keep"]


# Grid layouts ------------------------------------------------------------------------------


def test_grid_rows_are_added_filled_and_deleted(site, page):
    # Tall enough that all four rows fit: the drag below moves the mouse by page coordinates,
    # and the editor's sticky toolbar would cover a header scrolled under it.
    page.set_viewport_size({"width": 1400, "height": 1500})
    c_id = create_dashboard(page, site, "grid")
    page.evaluate(
        "window.rows = []; ['jsondash.row.add', 'jsondash.row.delete'].forEach(n => "
        "document.addEventListener(n, e => window.rows.push([n, e.detail.row])))"
    )
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "One", "bar", "/bar", width="col-6", row="1")
    add_widget(page, site, "Two", "line", "/line", width="col-6", row="1")
    add_widget(page, site, "Three", "pie", "/pie", width="col-4", row="2")
    assert page.locator(".jd-row").count() == 2
    page.get_by_role("button", name="+ Add row").click()
    page.get_by_role("button", name="+ Add row").click()
    assert page.locator(".jd-row").count() == 4
    # Move "Two" into row 3 by dragging it there.
    row3 = page.locator(".jd-row[data-row='3']").bounding_box()
    header = widget_box(page, "Two").locator(".jd-widget-title")
    here = header.bounding_box()
    drag(page, header, row3["x"] + 60 - here["x"], row3["y"] + 40 - here["y"])
    page.wait_for_timeout(300)
    assert widget_box(page, "Two").get_attribute("data-row") == "3"
    # The original's "add a row above" (an .add-new-row-container) puts an empty row first.
    page.get_by_role("button", name="+ Add a row above").click()
    assert page.locator(".jd-row").count() == 5
    assert page.locator(".jd-row").first.locator(".widget").count() == 0
    assert widget_box(page, "Two").get_attribute("data-row") == "4"
    page.get_by_role("button", name="Delete row 1").click()
    assert widget_box(page, "Two").get_attribute("data-row") == "3"
    page.get_by_role("button", name="Delete row 4").click()
    assert page.locator(".jd-row").count() == 3
    # Rows 1 and 2 were added for the widgets placed in them, 3 and 4 with the button.
    assert page.evaluate("window.rows") == [
        ["jsondash.row.add", 1],
        ["jsondash.row.add", 2],
        ["jsondash.row.add", 3],
        ["jsondash.row.add", 4],
        ["jsondash.row.add", 1],
        ["jsondash.row.delete", 1],
        ["jsondash.row.delete", 4],
    ]
    save(page)
    rows = {m["name"]: (m["row"], m["width"]) for m in stored(site, c_id)["modules"]}
    assert rows == {"One": (1, "col-6"), "Three": (2, "col-4"), "Two": (3, "col-6")}
    assert page.locator(".jd-row").count() == 3
    assert [s["status"] for s in widget_states(page)] == ["ready"] * 3


def test_an_empty_row_between_rows_is_closed_on_save(site, page):
    """Issue 13, item 4: an empty row in the middle used to refuse the save."""
    c_id = create_dashboard(page, site, "grid")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Top", "bar", "/bar", width="col-12", row="1")
    page.get_by_role("button", name="+ Add row").click()
    add_widget(page, site, "Bottom", "line", "/line", width="col-12", row="3")
    assert page.locator(".jd-row").count() == 3
    save(page)
    rows = {m["name"]: m["row"] for m in stored(site, c_id)["modules"]}
    assert rows == {"Top": 1, "Bottom": 2}
    assert page.locator(".jd-row").count() == 2


def test_changing_a_widgets_width_and_row_from_the_form(site, page):
    c_id = create_dashboard(page, site, "grid")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Wide", "bar", "/bar", width="col-12", row="1")
    widget_box(page, "Wide").get_by_role("button", name="Edit widget Wide").click()
    dialog = page.locator("#jd-widget-dialog")
    dialog.get_by_label("Width", exact=True).select_option("col-3")
    dialog.get_by_label("Row", exact=True).select_option("2")
    dialog.get_by_role("button", name="Save widget").click()
    page.wait_for_function("() => document.querySelector('.widget').classList.contains('jd-col-3')")
    # Row 1 is now empty, before row 2.
    page.get_by_role("button", name="Delete row 1").click()
    save(page)
    assert [(m["row"], m["width"]) for m in stored(site, c_id)["modules"]] == [(1, "col-3")]


# Raw JSON, settings, and failed saves -------------------------------------------------------


def test_raw_json_shows_each_problem_next_to_the_text_then_saves_when_fixed(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Only", "bar", "/bar")
    save(page)
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Raw JSON").click()
    textarea = page.locator("#jd-raw-config")
    doc = json.loads(textarea.input_value())
    doc["modules"][0]["width"] = "col-4"
    doc["modules"][0]["type"] = "piechart"
    broken = json.dumps(doc, indent=2)
    textarea.fill(broken)
    problems = page.locator(".jd-raw-problems")
    page.wait_for_function(
        "() => document.querySelector('.jd-raw-problems').innerText.includes('2 problems')"
    )
    text = problems.inner_text()
    assert "modules[0].width" in text and "modules[0].type" in text
    assert re.search(r"line \d+", text)
    # Jump to the line of a problem.
    problems.get_by_role("button", name=re.compile(r"line \d+")).first.click()
    selected = textarea.evaluate("el => el.value.slice(el.selectionStart, el.selectionStart + 7)")
    assert selected in ('"col-4"', '"pieche')
    # Saving anyway is refused and points at the text; it stays as typed and nothing is stored.
    page.get_by_role("button", name="Save dashboard").click()
    message = page.locator("#jd-editor-message")
    message.wait_for()
    assert "raw JSON you typed is not applied yet" in message.inner_text()
    page.wait_for_function(
        "() => document.querySelector('.jd-raw-problems').innerText.includes('Not applied')"
    )
    assert textarea.input_value() == broken
    assert stored(site, c_id)["modules"][0]["width"] != "col-4"
    doc["modules"][0]["width"] = 420
    doc["modules"][0]["type"] = "area"
    textarea.fill(json.dumps(doc, indent=2))
    page.wait_for_function(
        "() => document.querySelector('.jd-raw-problems').innerText.includes('Valid')"
    )
    save(page)
    assert stored(site, c_id)["modules"][0]["type"] == "area"
    assert page.locator(".widget[data-type='area'][data-status='ready']").count() == 1


def test_a_rename_typed_in_raw_json_is_what_the_toolbar_save_writes(site, page):
    """Issue 13, item 1: the toolbar's "Save dashboard" used to save the widgets on the page and
    drop a rename typed in the raw JSON (only the panel's own "Save JSON" kept it)."""
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Old name", "bar", "/bar")
    save(page)
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Raw JSON").click()
    assert page.get_by_role("button", name="Save JSON").count() == 0  # one save button
    textarea = page.locator("#jd-raw-config")
    doc = json.loads(textarea.input_value())
    doc["modules"][0]["name"] = "New name"
    textarea.fill(json.dumps(doc, indent=2))
    # Straight from the text to the toolbar's save: the text is applied, then saved.
    save(page)
    assert stored(site, c_id)["modules"][0]["name"] == "New name"
    assert widget_box(page, "New name").count() == 1


def test_raw_json_applied_to_the_page_can_be_undone(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Typed over", "bar", "/bar")
    page.get_by_role("button", name="Raw JSON").click()
    textarea = page.locator("#jd-raw-config")
    doc = json.loads(textarea.input_value())
    doc["modules"][0]["name"] = "Typed name"
    textarea.fill(json.dumps(doc, indent=2))
    page.get_by_role("button", name="Apply to the page").click()
    widget_box(page, "Typed name").wait_for()
    assert widget_box(page, "Typed over").count() == 0
    page.get_by_role("button", name="Undo").click()
    widget_box(page, "Typed over").wait_for()
    assert widget_box(page, "Typed name").count() == 0
    assert json.loads(textarea.input_value())["modules"][0]["name"] == "Typed over"


def test_download_the_config_as_a_file(site, page):
    create_dashboard(page, site, "freeform", name="Download me")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Raw JSON").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    assert download.value.suggested_filename == "download-me.json"
    with open(download.value.path()) as handle:
        assert json.load(handle)["name"] == "Download me"


def test_settings_rename_recategorize_and_make_global(site, page):
    c_id = create_dashboard(page, site, "freeform", name="Before")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    dialog = page.locator("#jd-settings-dialog")
    assert dialog.get_by_label("Name").input_value() == "Before"
    dialog.get_by_label("Name").fill("After")
    dialog.get_by_label("or a new category").fill("Renamed things")
    dialog.get_by_label("Global: shown to every user").check()
    apply_settings(dialog)
    assert page.locator("h1").inner_text().startswith("After")
    save(page)
    doc = stored(site, c_id)
    assert (doc["name"], doc["category"], doc["created_by"]) == (
        "After",
        "Renamed things",
        "global",
    )
    assert page.locator("h1 .jd-badge-global").is_visible()
    # And back: no longer global, owned by whoever switched it off.
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    dialog.get_by_label("Global: shown to every user").uncheck()
    apply_settings(dialog)
    save(page)
    assert stored(site, c_id)["created_by"] == "admin"


def apply_settings(dialog) -> None:
    """Apply the settings dialog (the server checks them first) and wait until it closes."""
    dialog.get_by_role("button", name="Apply").click()
    dialog.wait_for(state="hidden")


def test_settings_set_description_tags_and_links_shown_in_the_header(site, page):
    c_id = create_dashboard(page, site, "freeform", name="Ops")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    dialog = page.locator("#jd-settings-dialog")
    dialog.get_by_label("Description").fill("What the on-call team watches.")
    dialog.get_by_label("Tags", exact=True).fill("ops, production , ops")
    dialog.get_by_role("button", name="Add link").click()
    dialog.get_by_label("Link 1: Title").fill("Runbook")
    dialog.get_by_label("Link 1: Address").fill("javascript:alert(1)")
    dialog.get_by_role("button", name="Add link").click()
    dialog.get_by_label("Link 2: Title").fill("Related")
    dialog.get_by_label("Link 2: To").select_option("tags")
    dialog.get_by_label("Link 2: Tags").fill("ops")
    dialog.get_by_label("Link 2: New tab").check()
    # A hostile address is refused in the dialog, by the server's rule, with its path.
    dialog.get_by_role("button", name="Apply").click()
    problems = dialog.locator('[data-role="form-problems"]')
    problems.wait_for()
    assert "links[0].url" in problems.inner_text()
    assert "http(s) URL" in problems.inner_text()
    dialog.get_by_label("Link 1: Address").fill("https://example.com/runbook")
    apply_settings(dialog)
    assert "Unsaved changes: settings" in page.locator("#jd-editor-status").inner_text()
    save(page)
    doc = stored(site, c_id)
    assert doc["description"] == "What the on-call team watches."
    assert doc["tags"] == ["ops", "production"]
    assert doc["links"] == [
        {"title": "Runbook", "url": "https://example.com/runbook"},
        {"title": "Related", "tags": ["ops"], "targetBlank": True},
    ]
    # The header shows them, and the page says the save happened.
    assert "Saved version 1 of “Ops”." in page.locator(".jd-saved-note").inner_text()
    assert page.locator(".jd-description").inner_text() == "What the on-call team watches."
    assert page.locator(".jd-header .jd-tag").all_inner_texts() == ["ops", "production"]
    runbook = page.get_by_role("link", name="Runbook")
    assert runbook.get_attribute("href") == "https://example.com/runbook"
    page.locator(".jd-header").get_by_text("Related", exact=True).click()
    every = page.get_by_role("link", name="All dashboards tagged ops")
    assert every.get_attribute("href").endswith("?tag=ops")
    # The dialog opens with what is stored; removing a link and the tags saves that.
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    assert dialog.get_by_label("Tags", exact=True).input_value() == "ops, production"
    assert dialog.get_by_label("Link 2: Tags").input_value() == "ops"
    dialog.locator(".jd-link-row").first.get_by_role("button", name="Remove").click()
    dialog.get_by_label("Tags", exact=True).fill("")
    apply_settings(dialog)
    save(page)
    doc = stored(site, c_id)
    assert "tags" not in doc
    assert [link["title"] for link in doc["links"]] == ["Related"]


def test_a_dashboard_made_not_editable_loses_its_editing_controls(site, page):
    c_id = create_dashboard(page, site, "freeform", name="Locked")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    dialog = page.locator("#jd-settings-dialog")
    assert dialog.get_by_label("Editable in the browser").is_checked()
    dialog.get_by_label("Editable in the browser").uncheck()
    apply_settings(dialog)
    save(page)
    assert stored(site, c_id)["editable"] is False
    assert page.get_by_role("button", name="Edit dashboard").count() == 0
    # The server refuses a form save too, and nothing changes.
    before = stored(site, c_id)
    assert page.locator("#jsondash-editor").count() == 0  # no editor on the page at all
    token = page.locator('input[name="csrf_token"]').first.input_value()
    response = page.request.post(
        f"{site.url}/charts/{c_id}/update",
        form={"csrf_token": token, "name": "Changed", "mode": "freeform"},
        headers={"Accept": "application/json"},
    )
    assert response.status == 403
    assert "not editable" in response.json()["message"]
    assert stored(site, c_id) == before


def test_the_editor_saves_through_the_json_api_with_its_version(site, page):
    c_id = create_dashboard(page, site, "freeform", name="Via API")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "First", "line", "/line")
    with page.expect_request(lambda r: r.method == "POST" and "/api/dashboards" in r.url) as sent:
        save(page)
    body = sent.value.post_data_json
    assert sent.value.headers["content-type"] == "application/json"
    assert body["dashboard"]["id"] == c_id and body["dashboard"]["version"] == 0
    assert body["overwrite"] is False
    assert [m["name"] for m in body["dashboard"]["modules"]] == ["First"]
    assert stored(site, c_id)["version"] == 1


def test_a_save_refused_for_permission_keeps_the_edits_with_the_reason(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Unsaved work", "bar", "/bar")
    # Meanwhile the user's session becomes someone who may not edit this dashboard.
    other = page.context.new_page()
    other.goto(f"{site.url}/who/bob")
    other.close()
    page.get_by_role("button", name="Save dashboard").click()
    message = page.locator("#jd-editor-message")
    message.wait_for()
    assert "You do not have access to edit this dashboard." in message.inner_text()
    assert widget_box(page, "Unsaved work").count() == 1
    assert "Unsaved" in page.locator("#jd-editor-status").inner_text() or "Not saved" in (
        page.locator("#jd-editor-status").inner_text()
    )
    assert stored(site, c_id)["modules"] == []
    page.context.new_page().goto(f"{site.url}/who/admin")
    save(page)
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Unsaved work"]


def test_a_save_that_hits_a_database_error_keeps_the_edits(site, page):
    import sqlite3

    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Waiting", "line", "/line")
    path = site.app.config["CHARTS_DB_PATH"]
    lock = sqlite3.connect(path, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        page.get_by_role("button", name="Save dashboard").click()
        message = page.locator("#jd-editor-message")
        message.wait_for(timeout=15_000)
        assert "database is unavailable" in message.inner_text()
        assert widget_box(page, "Waiting").count() == 1
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    save(page)
    assert [m["name"] for m in stored(site, c_id)["modules"]] == ["Waiting"]


def test_leaving_with_unsaved_changes_asks_first(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Pending", "bar", "/bar")
    asked = []
    page.remove_listener("dialog", page.accept_dialogs)
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/charts'")
    page.wait_for_timeout(500)
    assert "beforeunload" in asked


# The index page ----------------------------------------------------------------------------


def test_clone_and_delete_from_the_index(site, page):
    name = f"Index flow {uuid.uuid4().hex[:6]}"
    c_id = create_dashboard(page, site, "freeform", name=name)
    page.goto(f"{site.url}/charts/?per_page=500")
    row = page.locator(f".jd-dashboard-row[data-id='{c_id}']")
    row.get_by_role("button", name="Clone").click()
    page.wait_for_url(re.compile(r"/charts/[0-9a-f-]{36}$"))
    assert page.locator("h1").inner_text().startswith(f"Clone of {name}")
    clone_id = page.url.rsplit("/", 1)[-1]
    page.goto(f"{site.url}/charts/?per_page=500")
    confirmations = []
    page.on("dialog", lambda dialog: confirmations.append(dialog.message))
    page.locator(f".jd-dashboard-row[data-id='{clone_id}']").get_by_role(
        "button", name="Delete"
    ).click()
    page.wait_for_load_state()
    assert any("Delete the dashboard" in m for m in confirmations)
    assert stored(site, clone_id) is None
    assert stored(site, c_id) is not None
    assert page.get_by_text(f'Deleted dashboard "{clone_id}"', exact=True).is_visible()


def test_clone_asks_first_and_the_copy_has_widgets_of_its_own(site, page):
    """Issue 13, item 5: Clone copied in one click, and the copy reused the widgets' guids."""
    c_id = create_dashboard(page, site, "freeform", name="To copy")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Chart", "bar", "/bar")
    save(page)
    before = stored(site, c_id)
    asked = []
    answer = {"yes": False}

    def respond(dialog):
        asked.append(dialog.message)
        dialog.accept() if answer["yes"] else dialog.dismiss()

    page.remove_listener("dialog", page.accept_dialogs)
    page.on("dialog", respond)
    page.locator(".jd-header").get_by_role("button", name="Clone").click()
    page.wait_for_timeout(300)
    assert asked == ["Make a copy of the dashboard “To copy”, named “Clone of To copy”?"]
    assert page.url.endswith(c_id)  # dismissed: nothing was copied
    answer["yes"] = True
    with page.expect_navigation():
        page.locator(".jd-header").get_by_role("button", name="Clone").click()
    copy = stored(site, page.url.rsplit("/", 1)[-1])
    assert copy["name"] == "Clone of To copy"
    assert [m["name"] for m in copy["modules"]] == ["Chart"]
    assert copy["modules"][0]["guid"] != before["modules"][0]["guid"]
    assert stored(site, c_id) == before


def test_a_dismissed_delete_confirmation_deletes_nothing(site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    c_id = create_dashboard(page, site, "freeform")
    page.goto(f"{site.url}/charts/?per_page=500")
    page.locator(f".jd-dashboard-row[data-id='{c_id}']").get_by_role(
        "button", name="Delete"
    ).click()
    page.wait_for_timeout(300)
    assert stored(site, c_id) is not None
    context.close()


def test_permissions_hide_what_a_user_may_not_do(site, page):
    admin_id = create_dashboard(page, site, "freeform")
    page.goto(f"{site.url}/who/bob")
    page.goto(f"{site.url}/charts/")
    page.get_by_text("New dashboard").click()
    assert page.get_by_label("Global: shown to every user").count() == 0
    page.goto(f"{site.url}/charts/{admin_id}")
    assert page.get_by_role("button", name="Edit dashboard").count() == 0
    assert page.get_by_text("Edit raw JSON").count() == 0
    assert page.get_by_role("button", name="Delete").count() == 0
    assert page.get_by_role("button", name="Clone").count() == 1
    # bob edits his own dashboards, without the global switch.
    bob_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    assert (
        page.locator("#jd-settings-dialog").get_by_label("Global: shown to every user").count() == 0
    )
    page.goto(f"{site.url}/who/admin")
    assert stored(site, bob_id)["created_by"] == "bob"


@pytest.mark.parametrize("query", ["?jsondash_demo_mode=1", "?embeddable=1"])
def test_no_editing_in_demo_and_embeddable_modes(site, page, query):
    c_id = create_dashboard(page, site, "freeform")
    page.goto(f"{site.url}/charts/{c_id}{query}")
    assert page.get_by_role("button", name="Edit dashboard").count() == 0
    assert page.locator("#jd-editor-bar").count() == 0


def test_the_widget_form_works_from_the_keyboard(site, page):
    create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").focus()
    page.keyboard.press("Enter")
    # Focus moves to "+ Add widget" once the editor is there (it loads after the charts).
    page.wait_for_function("() => document.activeElement?.dataset.action === 'add-widget'")
    page.keyboard.press("Enter")
    dialog = page.locator("#jd-widget-dialog")
    assert dialog.get_by_label("Name").evaluate("el => el === document.activeElement")
    page.keyboard.type("Typed in")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.locator(".widget").count() == 0


def test_options_menu_opens_the_raw_json_editor(site, page):
    """The original's Options dropdown (.dropdown-toggle) with "Edit raw JSON"."""
    create_dashboard(page, site, "freeform")
    page.locator(".chart-header .dropdown-toggle").click()
    page.get_by_role("link", name="Edit raw JSON").click()
    assert page.locator("#jd-raw-editor").evaluate("el => el.open")
    assert page.locator("#jd-raw-config").evaluate("el => el === document.activeElement")
    assert not page.locator("details.jd-menu").evaluate("el => el.open")
    menu = page.locator(".chart-header .dropdown-toggle")
    menu.click()
    page.keyboard.press("Escape")
    assert not page.locator("details.jd-menu").evaluate("el => el.open")
    menu.click()
    page.locator("h1").click()  # a click elsewhere closes it too
    assert not page.locator("details.jd-menu").evaluate("el => el.open")
    assert page.problems == []
