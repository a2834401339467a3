"""The dashboard page's "Versions" panel: the kept versions, what differs from the current
one, and restoring an older one (as a new version)."""

from __future__ import annotations

import pytest
from test_editor import add_widget, create_dashboard, save, stored

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    """A page that says yes to every confirmation."""
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_restore_an_older_version_from_the_versions_panel(site, page):
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Kept", "bar", "/bar")
    save(page)
    page.get_by_role("button", name="Edit dashboard").click()
    add_widget(page, site, "Added later", "line", "/line")
    page.get_by_label("Message").fill("Added <b>the later</b> one")
    save(page)
    assert stored(site, c_id)["version"] == 2

    page.locator("#jd-versions > summary").click()
    panel = page.locator("#jd-versions")
    versions = panel.locator(".jd-version")
    versions.nth(2).wait_for()
    assert versions.count() == 3
    assert [versions.nth(i).get_attribute("data-version") for i in range(3)] == ["2", "1", "0"]
    assert "current" in versions.nth(0).inner_text()
    assert "admin" in versions.nth(1).inner_text()
    message = versions.nth(0).locator(".jd-version-message")
    assert message.inner_text() == "Added <b>the later</b> one"

    panel.get_by_role("button", name="Compare version 1 with the current version").click()
    diff = panel.locator("[data-role='versions-diff']")
    diff.get_by_text("Version 1 compared with the current version (2)").wait_for()
    assert "Widget “Added later” added since" in diff.inner_text()
    with page.expect_navigation():
        diff.get_by_role("button", name="Restore version 1").click()
    document = stored(site, c_id)
    assert [m["name"] for m in document["modules"]] == ["Kept"]
    assert document["version"] == 3
    # The page is the restored version, and the list says so.
    page.locator("#jd-versions > summary").click()
    panel.locator(".jd-version").nth(3).wait_for()
    assert "Restored version 1" in panel.locator(".jd-version").nth(0).inner_text()
    assert not page.problems


def test_the_header_shows_tags_description_and_links_as_text(site, page):
    c_id = create_dashboard(page, site, "freeform")
    hostile = "<img src=x onerror=\"document.title='pwned'\">"
    document = {
        **stored(site, c_id),
        "description": "About " + hostile,
        "tags": ["ops", "r&d #1"],
        "links": [
            {
                "title": "Runbook " + hostile,
                "url": "https://example.org/runbook",
                "targetBlank": True,
            },
            {"title": "Related", "tags": ["ops"]},
        ],
    }
    document.pop("_id", None)
    answer = page.evaluate(
        """async (doc) => {
            const settings = document.getElementById('jsondash-editor').textContent;
            const token = JSON.parse(settings).csrfToken;
            const response = await fetch('/jsondash/api/dashboards', {method: 'POST',
                headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
                body: JSON.stringify({dashboard: doc})});
            return [response.status, await response.json()];
        }""",
        document,
    )
    assert answer[0] == 200, answer
    page.reload()
    header = page.locator(".jd-header")
    assert header.locator(".jd-description").inner_text() == "About " + hostile
    tags = header.locator(".jd-tag")
    assert [tags.nth(i).inner_text() for i in range(tags.count())] == ["ops", "r&d #1"]
    assert tags.nth(0).get_attribute("href").endswith("?tag=ops")
    assert tags.nth(1).get_attribute("href").endswith("?tag=r%26d+%231")
    runbook = header.get_by_role("link", name="Runbook " + hostile)
    assert runbook.get_attribute("href") == "https://example.org/runbook"
    assert runbook.get_attribute("target") == "_blank"
    # A link to tags is a menu of the dashboards carrying them, and of them all on the index.
    header.get_by_text("Related", exact=True).click()
    every = header.get_by_role("link", name="All dashboards tagged ops")
    assert every.get_attribute("href").endswith("?tag=ops")
    assert header.locator("img").count() == 0
    assert page.title() != "pwned"
