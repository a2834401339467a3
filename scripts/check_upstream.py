"""Check that dashboards written for the original flask_jsondash load, open and render here.

Usage: python scripts/check_upstream.py [--browser] DIRECTORY [DIRECTORY ...]

Every ``*.json`` under the directories is validated and loaded into a temporary SQLite store,
and its page is requested. With ``--browser`` each dashboard is also opened in headless
Chromium against the example data server (their ``http://127.0.0.1:5004`` data sources are
pointed at it), and every widget's outcome is printed: ``ready``, or ``error`` with its message.
Widgets whose data lives on hosts this machine cannot reach are expected to end in an error.
Exits non-zero if a dashboard fails to load or open. (The project's own tests never read files
outside the repository; this is for a checkout that has the original's examples at hand.)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from example_app.demo_site import (  # noqa: E402
    CHROMIUM_ARGS,
    EXAMPLE_DATA_URL,
    chromium_path,
    start_demo_site,
)
from flask_jsondash.db import get_db_handler  # noqa: E402
from flask_jsondash.model_factories import fixture_files  # noqa: E402
from flask_jsondash.schema import InvalidSchemaError, validate_raw_json  # noqa: E402

SETTLED = """() => [...document.querySelectorAll('.widget')].every(
    w => w.dataset.status === 'ready' || w.dataset.status === 'error')"""
OUTCOMES = """els => els.map(w => [w.querySelector('.jd-widget-title').textContent,
    w.dataset.type, w.dataset.status, w.dataset.error || ''])"""


def load(site, paths: list[str]) -> tuple[dict[str, str], int]:
    """Validate and store each file; return {path: dashboard id} and the number of failures."""
    loaded, failures = {}, 0
    with site.app.app_context():
        store = get_db_handler()
        for path in paths:
            with open(path, encoding="utf-8") as handle:
                text = handle.read().replace(EXAMPLE_DATA_URL, site.data_url)
            try:
                found = json.loads(text)
                data = validate_raw_json(
                    text, id=found.get("id") or str(uuid.uuid4()), date=found.get("date") or ""
                )
            except (ValueError, InvalidSchemaError) as exc:
                print(f"FAIL {path}: {exc}")
                failures += 1
                continue
            if store.get(data["id"]) is not None:
                print(f"note {path}: its id {data['id']} is also another file's; it replaces it")
                store.replace(data["id"], data)
            else:
                store.insert(data)
            loaded[path] = data["id"]
    return loaded, failures


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browser", action="store_true", help="also render them in Chromium")
    parser.add_argument("directories", nargs="+")
    args = parser.parse_args(argv)
    paths = [p for directory in args.directories for p in fixture_files(directory)]
    with tempfile.TemporaryDirectory() as workdir:
        site = start_demo_site(os.path.join(workdir, "upstream.sqlite3"))
        try:
            loaded, failures = load(site, paths)
            client = site.app.test_client()
            for path, c_id in loaded.items():
                status = client.get(f"/charts/{c_id}").status_code
                if status != 200:
                    failures += 1
                print(f"{'ok  ' if status == 200 else 'FAIL'} {path}: page {status}")
            if args.browser:
                render(site, loaded)
        finally:
            site.stop()
    print(f"{len(paths) - failures} of {len(paths)} dashboards load and open.")
    return 1 if failures else 0


def render(site, loaded: dict[str, str]) -> None:
    executable = chromium_path()
    if executable is None:
        print("Chromium is not installed: skipping --browser")
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        for path, c_id in sorted(set(loaded.items()), key=lambda item: item[0]):
            errors.clear()
            page.goto(f"{site.url}/charts/{c_id}")
            try:
                page.wait_for_function(SETTLED, timeout=90_000)
            except Exception:  # noqa: BLE001 - report and go on with the next dashboard
                print(f"  {path}: some widgets were still loading after 90 s")
            outcomes = page.eval_on_selector_all(".widget", OUTCOMES)
            ready = sum(1 for o in outcomes if o[2] == "ready")
            print(f"  {os.path.basename(path)}: {ready} of {len(outcomes)} widgets ready")
            for name, chart_type, status, error in outcomes:
                if status != "ready":
                    print(f"      {status}: {name} ({chart_type}): {error}")
            for error in errors:
                print(f"      page error: {error}")
        browser.close()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
