"""Browser tests: the example app and the example data server run on free loopback ports in
threads (example_app.demo_site), with the example dashboards loaded, and headless Chromium
drives them through Playwright."""

from __future__ import annotations

import pytest

from example_app.demo_site import CHROMIUM_ARGS, chromium_path, start_demo_site


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    demo = start_demo_site(str(tmp_path_factory.mktemp("browser") / "dashboards.sqlite3"))
    yield demo
    demo.stop()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageProblems(list):
    """Console errors and uncaught exceptions of a page."""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    problems = PageProblems()
    page.on(
        "console",
        lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.problems = problems
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def page_without_csp(browser):
    """A page whose responses' Content-Security-Policy is ignored, whose dialogs are recorded
    (and dismissed), and which fails the test if script ran from a payload."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.dialogs = []

    def dialog(d):
        page.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.set_default_timeout(30_000)
    yield page
    context.close()
