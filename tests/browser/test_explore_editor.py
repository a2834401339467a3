"""Editing a dashboard's variables, time range, refresh, annotations and theme in the settings
dialog, and the widget form saying which variables a data source uses (issue 14, item 9)."""

from __future__ import annotations

import pytest
from test_controls import Data, ready
from test_editor import create_dashboard, save, stored

pytestmark = pytest.mark.browser


@pytest.fixture
def page(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_variables_time_refresh_annotations_and_theme_from_the_settings(site, page):
    data = Data(page)
    c_id = create_dashboard(page, site, "freeform")
    page.get_by_role("button", name="Edit dashboard").click()
    page.get_by_role("button", name="Settings").click()
    dialog = page.locator("#jd-settings-dialog")
    dialog.get_by_text("Variables, time range, refresh and theme").click()
    dialog.get_by_role("button", name="Add variable").click()
    dialog.get_by_label("Variable 1: Name").fill("env")
    dialog.get_by_label("Variable 1: Values").fill("prod, staging")
    dialog.get_by_role("button", name="Preview values").click()
    assert (
        "2 values: prod, staging" in dialog.locator("[data-role='variable-preview']").inner_text()
    )
    dialog.get_by_role("button", name="Add variable").click()
    dialog.get_by_label("Variable 2: Name").fill("region")
    dialog.get_by_label("Variable 2: Type").select_option("query")
    dialog.get_by_label("Variable 2: URL").fill("/tpl/regions")
    dialog.locator(".jd-variable-row").nth(1).get_by_role("button", name="Preview values").click()
    previews = dialog.locator("[data-role='variable-preview']")
    previews.nth(1).get_by_text("2 values: eu, us").wait_for()
    # Reordered: region first.
    dialog.locator(".jd-variable-row").nth(1).get_by_role("button", name="Move up").click()
    dialog.get_by_label("Time range from").fill("now-24h")
    dialog.get_by_label("Refresh the dashboard").select_option("1m")
    dialog.get_by_label("Theme").select_option("dark")
    dialog.get_by_role("button", name="Add annotation source").click()
    dialog.get_by_label("Annotation 1: Name").fill("Deploys")
    dialog.get_by_label("Annotation 1: URL").fill("/tpl/deploys?env=$env")
    dialog.get_by_role("button", name="Apply").click()
    dialog.wait_for(state="hidden")

    # The widget form says which variables a data source uses.
    page.get_by_role("button", name="+ Add widget").click()
    form = page.locator("#jd-widget-dialog")
    form.get_by_label("Name").fill("Metrics")
    form.get_by_label("Chart type").select_option("line")
    form.get_by_label("Data source").fill("/tpl/metrics?env=$env&from=$__from&x=$nope")
    uses = form.locator("[data-role='source-variables']").inner_text()
    assert "$env" in uses and "$__from (the time range)" in uses
    assert "$nope (not defined: add it in Settings)" in uses
    form.get_by_label("Data source").fill("/tpl/metrics?env=$env&from=$__from")
    form.get_by_role("button", name="Add widget").click()
    form.wait_for(state="hidden")
    save(page)

    doc = stored(site, c_id)
    assert [v["name"] for v in doc["templating"]["list"]] == ["region", "env"]
    env = doc["templating"]["list"][1]
    assert (env["type"], env["query"]) == ("custom", "prod, staging")
    assert doc["time"] == {"from": "now-24h", "to": "now"}
    assert doc["refresh"] == "1m" and doc["style"] == "dark"
    assert doc["annotations"]["list"][0]["name"] == "Deploys"
    # The saved page has the controls bar, and the widget asks with the variable's value.
    ready(page)
    assert page.locator("#jd-controls").is_visible()
    assert page.get_by_label("env", exact=True).input_value() == "prod"
    assert data.metrics()[-1]["env"] == ["prod"]
