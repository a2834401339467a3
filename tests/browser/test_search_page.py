"""Finding dashboards on the index page, as a person does: the search box, tag chips on the
index and dashboard pages, the filters in force and taking one away."""

from __future__ import annotations

import uuid

import pytest
from test_editor import stored

from flask_jsondash.db import get_db_handler

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(site) -> dict[str, str]:
    """Four dashboards with words and tags no other test uses: {name: id}."""
    word = uuid.uuid4().hex[:8]
    made = {
        f"Payments {word}": ["team-" + word, "prod-" + word],
        f"Payments {word} staging": ["team-" + word],
        f"Latency {word}": ["team-" + word, "prod-" + word, "slo"],
        f"Unrelated {word}": [],
    }
    ids = {}
    with site.app.app_context():
        for name, tags in made.items():
            c_id = "search-" + uuid.uuid4().hex[:12]
            document = {"id": c_id, "name": name, "layout": "freeform", "modules": [], "version": 0}
            get_db_handler().insert({**document, **({"tags": tags} if tags else {})})
            ids[name] = c_id
    return {"word": word, **ids}


def test_search_by_words_then_narrow_by_tag_chips_and_remove_filters(site, page, catalogue):
    word = catalogue["word"]
    page.goto(f"{site.url}/charts/")
    box = page.get_by_role("searchbox", name="Find dashboards")
    box.fill(f"PAYMENTS {word}")
    box.press("Enter")
    page.wait_for_url("**q=PAYMENTS*")
    names = page.locator(".jd-dashboard-link").all_inner_texts()
    assert sorted(names) == sorted([f"Payments {word}", f"Payments {word} staging"])

    # A tag chip on a listed dashboard filters by it, keeping the search.
    page.get_by_role("group", name="Filters in force").wait_for()
    page.get_by_role("link", name=f"prod-{word}", exact=True).first.click()
    page.wait_for_url(f"**tag=prod-{word}**")
    assert page.locator(".jd-dashboard-link").all_inner_texts() == [f"Payments {word}"]
    filters = page.get_by_role("group", name="Filters in force")
    assert f"tag: prod-{word}" in filters.inner_text()

    # Taking the words away leaves the tag: every dashboard carrying it.
    filters.get_by_role("link", name=f"Remove the search for “PAYMENTS {word}”").click()
    page.wait_for_url(f"**tag=prod-{word}")
    assert sorted(page.locator(".jd-dashboard-link").all_inner_texts()) == sorted(
        [f"Payments {word}", f"Latency {word}"]
    )
    assert page.get_by_role("searchbox", name="Find dashboards").input_value() == ""

    # A search for the team's tag matches it as a word too; nothing matches says so.
    box = page.get_by_role("searchbox", name="Find dashboards")
    box.fill(f"team-{word}")
    box.press("Enter")
    page.wait_for_url(f"**q=team-{word}**")
    assert sorted(page.locator(".jd-dashboard-link").all_inner_texts()) == sorted(
        [f"Payments {word}", f"Latency {word}"]
    )
    page.get_by_role("link", name="Clear filters").click()
    box = page.get_by_role("searchbox", name="Find dashboards")
    box.fill(f"nothing-{word}")
    box.press("Enter")
    assert page.get_by_text("No dashboards match this search.").is_visible()
    assert not page.problems


def test_a_tag_chip_on_a_dashboard_page_lists_the_dashboards_carrying_it(site, page, catalogue):
    word = catalogue["word"]
    c_id = catalogue[f"Latency {word}"]
    assert stored(site, c_id)["tags"] == [f"team-{word}", f"prod-{word}", "slo"]
    page.goto(f"{site.url}/charts/{c_id}")
    header = page.locator(".jd-header")
    header.get_by_role("link", name=f"team-{word}").click()
    page.wait_for_url(f"**tag=team-{word}")
    assert sorted(page.locator(".jd-dashboard-link").all_inner_texts()) == sorted(
        [f"Payments {word}", f"Payments {word} staging", f"Latency {word}"]
    )
    assert not page.problems


def test_a_header_link_to_tags_is_a_menu_of_the_dashboards_carrying_them(site, page, catalogue):
    word = catalogue["word"]
    c_id = catalogue[f"Unrelated {word}"]
    with site.app.app_context():
        store = get_db_handler()
        document = store.get(c_id)
        document["links"] = [{"title": "Team dashboards", "tags": [f"team-{word}"]}]
        store.update(c_id, data=document, fmt_charts=False)
    page.goto(f"{site.url}/charts/{c_id}")
    header = page.locator(".jd-header")
    header.get_by_text("Team dashboards", exact=True).click()
    menu = header.locator(".jd-link-menu")
    menu.locator("[data-role='link-results'] li a").nth(3).wait_for()
    listed = menu.locator("[data-role='link-results'] li a").all_inner_texts()
    assert sorted(listed[:-1]) == sorted(
        [f"Payments {word}", f"Payments {word} staging", f"Latency {word}"]
    )
    assert listed[-1] == f"All dashboards tagged team-{word}"
    with page.expect_navigation():
        menu.get_by_role("link", name=f"Latency {word}").click()
    assert page.url.endswith(catalogue[f"Latency {word}"])
    assert not page.problems
