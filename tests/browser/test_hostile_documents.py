"""Hostile strings in every field of a dashboard document never run, on any page: the index,
the dashboard, its demo and embeddable forms, and the editor with its dialogs open.

The document is stored as it is (no checks), and the pages are loaded without their
Content-Security-Policy, so only the templates' and the runtime's escaping stand between the
payloads and the page. Payloads count in window.__pwned and call alert() where they run.
"""

from __future__ import annotations

import uuid

import pytest
from test_hostile_data import HOSTILE, IMG, PWN, assert_nothing_ran
from widgets import wait_until_settled

from flask_jsondash.db import get_db_handler, now_string

pytestmark = pytest.mark.browser

# Ways out of an attribute, a script element, a template or a URL, beside the markup payloads.
BREAKOUTS = [
    HOSTILE,
    f'" onmouseover="{PWN}" x="',
    f"' autofocus onfocus='{PWN}' x='",
    f"</script><script>{PWN}</script>",
    "{{ 7 * 7 }}{% raw %}",
    f"javascript:{PWN}",
]


@pytest.fixture
def page(page_without_csp):
    return page_without_csp


def hostile(index: int) -> str:
    return BREAKOUTS[index % len(BREAKOUTS)]


def hostile_document(site) -> dict:
    """Every string field of a dashboard and its modules, hostile."""
    inputs = {
        "submit_text": hostile(0),
        "btn_classes": [hostile(1), "jd-button"],
        "options": [
            {
                "type": "text",
                "name": hostile(2),
                "label": hostile(3),
                "default": hostile(4),
                "placeholder": hostile(5),
                "help_text": hostile(0),
                "input_classes": [hostile(1)],
                "validator_regex": hostile(2),
            },
            {
                "type": "select",
                "name": "pick",
                "label": hostile(0),
                "options": [[hostile(3), hostile(0)], ["b", hostile(1)]],
                "default": hostile(3),
            },
            {
                "type": "radio",
                "name": "r",
                "label": hostile(4),
                "options": [[hostile(1), hostile(0)]],
            },
            {"type": "checkbox", "name": "c", "label": hostile(0), "default": hostile(2)},
        ],
    }
    modules = [
        {
            "name": hostile(i),
            "family": "C3",
            "type": "line",
            "dataSource": f"{site.data_url}/line",
            "width": 420,
            "height": 300,
            "guid": f"hostile-{i}",
            "classes": [hostile(i + 1)],
            "key": hostile(i + 2) if i == 5 else None,
            "inputs": inputs if i == 0 else None,
        }
        for i in range(len(BREAKOUTS))
    ]
    return {
        "id": str(uuid.uuid4()),
        "name": HOSTILE,
        "category": hostile(1),
        "layout": "freeform",
        "date": now_string(),
        "created_by": hostile(3),
        "username": hostile(4),
        "description": hostile(5),
        hostile(0): hostile(2),
        "modules": modules,
    }


@pytest.fixture
def hostile_id(site):
    doc = hostile_document(site)
    with site.app.app_context():
        get_db_handler().insert(doc)
    yield doc["id"]
    with site.app.app_context():
        get_db_handler().remove(doc["id"])


def test_the_index_shows_hostile_names_as_text(site, page, hostile_id):
    page.goto(f"{site.url}/charts/?per_page=500")
    row = page.locator(f".jd-dashboard-row[data-id='{hostile_id}']")
    assert IMG in row.inner_text()
    assert_nothing_ran(page)


@pytest.mark.parametrize("mode", ["", "?jsondash_demo_mode=1", "?embeddable=1"])
def test_the_dashboard_shows_hostile_fields_as_text(site, page, hostile_id, mode):
    page.goto(f"{site.url}/charts/{hostile_id}{mode}")
    wait_until_settled(page)
    if not mode:
        assert IMG in page.locator(".dashboard-title").inner_text()
    assert (
        BREAKOUTS[1] in page.locator(".widget[data-guid='hostile-1'] .jd-widget-title").inner_text()
    )
    # Every widget still drew: nothing in the document broke the page. The last one asks
    # for a hostile key of shared data, which its payload does not have: it says so, as text.
    statuses = page.eval_on_selector_all(".widget", "els => els.map(e => e.dataset.status)")
    assert statuses == ["ready"] * (len(BREAKOUTS) - 1) + ["error"]
    assert BREAKOUTS[1] in page.locator(".widget[data-guid='hostile-5']").get_attribute(
        "data-error"
    )
    if mode != "?embeddable=1":  # an embedded dashboard has no widget controls
        page.locator(".widget[data-guid='hostile-0'] .jd-inputs-toggle").click()
        form = page.locator("#jd-inputs-hostile-0 form")
        assert BREAKOUTS[3] in form.inner_text()
        page.hover(".widget[data-guid='hostile-1']")
    assert_nothing_ran(page)


def test_the_editor_shows_hostile_fields_as_text(site, page, hostile_id):
    page.goto(f"{site.url}/charts/{hostile_id}")
    wait_until_settled(page)
    page.get_by_role("button", name="Edit dashboard").click()
    page.locator(".widget[data-guid='hostile-0'] [data-action='edit-widget']").click()
    dialog = page.locator("#jd-widget-dialog")
    assert dialog.is_visible()
    assert page.locator("#jd-w-name").input_value() == BREAKOUTS[0]
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Settings").click()
    assert page.locator("#jd-settings-dialog").is_visible()
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Raw JSON").click()
    assert "onerror" in page.locator("#jd-raw-config").input_value()
    assert_nothing_ran(page)
