"""Check that dashboards written for the original flask_jsondash load and open in this port.

Usage: python scripts/check_upstream.py DIRECTORY [DIRECTORY ...]

Every ``*.json`` under the directories is validated and loaded into a temporary SQLite store,
and its page is requested. Prints one line per file and exits non-zero if any failed. (The
project's own tests never read files outside the repository; this is for a checkout that has
the original's examples at hand.)
"""

from __future__ import annotations

import sys
import tempfile

from flask import Flask

from flask_jsondash.charts_builder import charts
from flask_jsondash.db import get_db_handler
from flask_jsondash.model_factories import fixture_files, load_fixtures


def main(directories: list[str]) -> int:
    if not directories:
        print(__doc__)
        return 2
    paths = [path for directory in directories for path in fixture_files(directory)]
    with tempfile.TemporaryDirectory() as workdir:
        app = Flask("check_upstream", instance_path=workdir)
        app.config.update(SECRET_KEY="check", CHARTS_ACTIVE_DB="sqlite")
        app.register_blueprint(charts)
        failures = 0
        client = app.test_client()
        for path in paths:
            with app.app_context():
                report = load_fixtures(get_db_handler(), [path])
            if report.failed:
                failures += 1
                print(f"FAIL {path}: {report.failed[path]}")
                continue
            c_id = (report.created or report.replaced)[0]
            status = client.get(f"/charts/{c_id}").status_code
            note = " (replaced a dashboard with the same id)" if report.replaced else ""
            print(f"{'ok  ' if status == 200 else 'FAIL'} {path}: page {status}{note}")
            failures += status != 200
    print(f"{len(paths) - failures} of {len(paths)} dashboards load and open.")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
