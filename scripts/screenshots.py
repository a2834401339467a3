"""Write PNG screenshots of the example dashboards to docs/img/ (``make screenshots``).

Serves the example app and data server on free ports, opens each example dashboard in headless
Chromium, waits until every widget has loaded, and saves the whole page. The index page is
saved too. Pass dashboard names (file names in examples/config without .json) to take only
those.
"""

from __future__ import annotations

import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from example_app.demo_site import CHROMIUM_ARGS, chromium_path, start_demo_site  # noqa: E402

OUT = os.path.join(ROOT, "docs", "img")
#: Dashboards also saved in the dark theme (``<slug>-dark.png``, opened with ``?theme=dark``).
DARK_TOO = ("explore",)
SETTLED = """() => [...document.querySelectorAll('.widget')].every(
    w => w.dataset.status === 'ready' || w.dataset.status === 'error')"""


def main(names: list[str]) -> int:
    executable = chromium_path()
    if executable is None:
        print("Chromium is not installed: apt-get install chromium", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        site = start_demo_site(os.path.join(workdir, "screens.sqlite3"))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                if not names:
                    page.goto(f"{site.url}/charts")
                    page.screenshot(path=os.path.join(OUT, "index.png"), full_page=True)
                    print("docs/img/index.png")
                shots = [(slug, "") for slug in names or sorted(site.dashboards)]
                shots += [(slug, "dark") for slug, _ in shots if slug in DARK_TOO]
                for slug, theme in shots:
                    page.goto(site.dashboard_url(slug, f"?theme={theme}" if theme else ""))
                    page.wait_for_function(SETTLED, timeout=120_000)
                    page.wait_for_timeout(800)  # let transitions finish
                    path = os.path.join(OUT, f"{slug}-{theme}.png" if theme else f"{slug}.png")
                    page.screenshot(path=path, full_page=True)
                    print(os.path.relpath(path, ROOT))
                browser.close()
        finally:
            site.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
