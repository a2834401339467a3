"""The error page of a database that cannot be reached, in the browser (issue 13, item 8): it
says what may fix it, SQLite included, and its button tries the page again instead of sending
the user to the index, which fails the same way."""

from __future__ import annotations

import pytest
from helpers import free_port, make_app

from example_app.demo_site import ServerThread

pytestmark = pytest.mark.browser


@pytest.fixture
def unreachable(tmp_path):
    app = make_app("sqlite", tmp_path)
    for key in ("CHARTS_ACTIVE_DB", "CHARTS_DB_PATH"):
        app.config.pop(key)
    app.config.update(
        CHARTS_ACTIVE_DB="mongo",
        CHARTS_DB_HOST="127.0.0.1",
        CHARTS_DB_PORT=free_port(),
        CHARTS_DB_TIMEOUT=0.5,
    )
    server = ServerThread(app)
    yield server
    server.stop()


def test_an_unreachable_mongodb_page_mentions_sqlite_and_tries_again(unreachable, page):
    response = page.goto(f"{unreachable.url}/charts/")
    assert response.status == 503
    assert page.get_by_role("heading", name="The dashboard database is unavailable").is_visible()
    text = page.locator(".jd-error-page").inner_text()
    assert "CHARTS_DB_HOST" in text
    assert "CHARTS_ACTIVE_DB=sqlite" in text
    assert page.get_by_role("link", name="Back to all dashboards").count() == 0
    again = page.get_by_role("link", name="Try again")
    assert again.get_attribute("href") == f"{unreachable.url}/charts/"
    # From a dashboard's page, it tries that page again.
    page.goto(f"{unreachable.url}/charts/some-dashboard?x=1")
    assert page.get_by_role("link", name="Try again").get_attribute("href") == (
        f"{unreachable.url}/charts/some-dashboard?x=1"
    )
