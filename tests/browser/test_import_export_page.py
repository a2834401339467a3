"""Export and import in Chromium: the index page's Export downloads a dashboard's JSON, its
Import takes a file or pasted JSON, lists the problems with their paths, and, when the id is
taken, asks (focus on the question) before overwriting; all with the keyboard."""

from __future__ import annotations

import json
import os
import re
import uuid

import pytest

from flask_jsondash.db import get_db_handler

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("JSONDASH_SCREENSHOTS")


def stored(site, c_id: str) -> dict | None:
    with site.app.app_context():
        return get_db_handler().get(c_id)


def remove(site, c_id: str) -> None:
    with site.app.app_context():
        get_db_handler().remove(c_id)


def shot(page, name: str) -> None:
    """Screenshots for a person to look at (JSONDASH_SCREENSHOTS=<folder>)."""
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def open_import(page, site) -> None:
    """The index page with the import panel opened from the keyboard."""
    page.goto(f"{site.url}/charts/")
    summary = page.locator("#jd-import > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#jd-import").evaluate("el => el.open") is True


@pytest.fixture
def imported_id(site):
    c_id = f"browser-import-{uuid.uuid4().hex[:12]}"
    yield c_id
    remove(site, c_id)


def test_export_downloads_the_dashboard_as_json(page, site):
    slug = "c3-charts"
    expected = stored(site, site.dashboards[slug]["id"])
    page.goto(f"{site.url}/charts/")
    row = page.locator(f".jd-dashboard-row[data-id='{expected['id']}']")
    with page.expect_download() as download:
        row.get_by_role("link", name=re.compile(r"^Export")).click()
    assert download.value.suggested_filename == "C3_ every chart type.json"  # ":" is not kept
    with open(download.value.path(), encoding="utf-8") as handle:
        exported = json.load(handle)
    assert exported["id"] == expected["id"] and exported["modules"] == expected["modules"]
    assert not page.problems


def test_import_a_file_from_the_keyboard(page, site, imported_id, tmp_path):
    document = dict(stored(site, site.dashboards["c3-charts"]["id"]))
    document.update(id=imported_id, name="Imported in the browser")
    file = tmp_path / "imported.json"
    file.write_text(json.dumps(document, indent=2), encoding="utf-8")
    open_import(page, site)
    page.get_by_label("A dashboard’s JSON file").set_input_files(str(file))
    page.get_by_role("button", name="Import dashboard").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/charts/{imported_id}")
    assert page.get_by_text('Imported dashboard "Imported in the browser"').is_visible()
    saved = stored(site, imported_id)
    assert saved["version"] == 0 and saved["modules"] == document["modules"]


def test_pasted_json_with_problems_lists_them_with_their_paths(page, site, imported_id):
    broken = {"id": imported_id, "name": "Broken", "modules": [{"name": "x", "width": -1}]}
    open_import(page, site)
    page.get_by_label("or its JSON, pasted").fill(json.dumps(broken))
    page.get_by_role("button", name="Import dashboard").click()
    panel = page.locator("#jd-import")
    alert = panel.get_by_role("alert")
    assert "The dashboard was not imported" in alert.inner_text()
    paths = alert.locator("code.jd-path").all_inner_texts()
    assert "modules[0]" in paths
    assert panel.evaluate("el => el.open") is True
    assert json.loads(page.get_by_label("or its JSON, pasted").input_value()) == broken
    shot(page, "import-problems")
    assert stored(site, imported_id) is None


def test_an_existing_id_is_overwritten_only_when_confirmed(page, site, imported_id):
    original = dict(stored(site, site.dashboards["c3-charts"]["id"]))
    original.update(id=imported_id, name="Before the import")
    with site.app.app_context():
        get_db_handler().insert({**original, "version": 0})
    replacement = {**original, "name": "After the import"}
    open_import(page, site)
    page.get_by_label("or its JSON, pasted").fill(json.dumps(replacement))
    page.get_by_role("button", name="Import dashboard").click()
    question = page.locator("#jd-import-confirm")
    assert question.is_visible()
    # The question has the focus, so the keyboard goes on from it.
    assert page.evaluate("document.activeElement.id") == "jd-import-confirm"
    assert "Overwrite the dashboard “Before the import”?" in question.inner_text()
    shot(page, "import-question")
    assert stored(site, imported_id)["name"] == "Before the import"
    overwrite = question.get_by_role("button", name="Overwrite “Before the import”")
    for _ in range(6):  # Tab from the question to the button
        page.keyboard.press("Tab")
        if overwrite.evaluate("el => el === document.activeElement"):
            break
    assert overwrite.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/charts/{imported_id}")
    saved = stored(site, imported_id)
    assert saved["name"] == "After the import" and saved["version"] == 1


def test_cancelling_the_question_changes_nothing(page, site, imported_id):
    original = dict(stored(site, site.dashboards["c3-charts"]["id"]))
    original.update(id=imported_id, name="Stays")
    with site.app.app_context():
        get_db_handler().insert(original)
    open_import(page, site)
    page.get_by_label("or its JSON, pasted").fill(json.dumps({**original, "name": "Never"}))
    page.get_by_role("button", name="Import dashboard").click()
    page.locator("#jd-import-confirm").get_by_role("link", name="Cancel the import").click()
    page.wait_for_url(f"{site.url}/charts/")
    assert page.locator("#jd-import-confirm").count() == 0
    assert stored(site, imported_id)["name"] == "Stays"
