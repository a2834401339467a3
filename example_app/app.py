"""The flask_jsondash example app: the blueprint in a small host app, with demo hooks.

Run it with ``make run`` (or ``python example_app/app.py``). Settings come from the environment
and from a ``.env`` file (python-dotenv): HOST and PORT (default 127.0.0.1:8080),
CHARTS_ACTIVE_DB (default here: sqlite) and the other CHARTS_* variables, SECRET_KEY, and
JSONDASH_DEMO_USER (who you are in the demo; default "admin", who may edit everything).
On an empty database it loads the example dashboards from ``examples/config/``.
"""

from __future__ import annotations

import logging
import os
import sys

from dotenv import find_dotenv, load_dotenv
from flask import Flask, abort, redirect, render_template, request, session, url_for

from flask_jsondash.charts_builder import charts
from flask_jsondash.db import StorageError, get_db_handler
from flask_jsondash.model_factories import fixture_files, load_fixture_files
from flask_jsondash.settings import ConfigurationError

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES_DIR = os.path.join(os.path.dirname(HERE), "examples", "config")
DEMO_USERS = ("admin", "alice", "bob")
ADMINS = {"admin"}

log = logging.getLogger("example_app")


def _hexbin_cells() -> dict:
    cells = []
    for row in range(7):
        for column in range(16):
            count = (row * 7 + column * 13) % 23
            x = 20 + column * 24 + (12 if row % 2 else 0)
            cells.append(
                {"x": x, "y": 20 + row * 21, "count": count, "weight": round(count / 23, 2)}
            )
    return {"cells": cells}


# The pages the original's example dashboards show in iframe and custom modules, with data.
EXAMPLE_PAGES = {
    "inline-chart": lambda: {"values": [30, 45, 38, 70, 62, 90, 84, 100, 76, 95]},
    "inline-chart-hexbin": _hexbin_cells,
    "inline-sparklines": lambda: {
        "sparklines": [
            ("Visitors", [20, 35, 30, 60, 45, 80, 95]),
            ("Signups", [5, 9, 7, 12, 20, 18, 25]),
            ("Errors", [40, 30, 35, 20, 10, 12, 8]),
        ]
    },
    "tabbed-widget": dict,
}


def current_user() -> str:
    """Who is using the demo: chosen at /who/<name>, else JSONDASH_DEMO_USER, else admin."""
    return session.get("user") or os.environ.get("JSONDASH_DEMO_USER", "admin")


def is_admin() -> bool:
    return current_user() in ADMINS


def jsondash_config() -> dict:
    """Demo auth and metadata hooks: admins may do anything, others edit their own dashboards."""
    return {
        "auth": {
            "edit_global": is_admin,
            "edit_others": lambda view_id=None: is_admin(),
            "delete": lambda: True,
            "clone": lambda: True,
            "update": lambda: True,
            "create": lambda: True,
            "view": lambda view_id=None: True,
        },
        "metadata": {
            "created_by": current_user,
            "username": current_user,
        },
    }


def load_examples(app: Flask, directory: str = EXAMPLES_DIR) -> int:
    """Load the example dashboards when the database is empty; return how many were loaded."""
    with app.app_context():
        store = get_db_handler()
        if store.count():
            return 0
        report = load_fixture_files(store, fixture_files(directory))
    for path, problem in report.failed.items():
        log.warning("Example %s was not loaded: %s", path, problem)
    return report.loaded


def create_app(config: dict | None = None) -> Flask:
    """Build the example app; ``config`` overrides settings (tests use it)."""
    load_dotenv(os.path.join(HERE, ".env"))
    load_dotenv(find_dotenv(usecwd=True))
    app = Flask(__name__, instance_path=os.path.join(HERE, "instance"))
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY", "example-app-only-not-a-secret"),
        CHARTS_ACTIVE_DB=os.environ.get("CHARTS_ACTIVE_DB", "sqlite"),
        JSONDASH_GLOBALDASH=True,
        JSONDASH_GLOBAL_USER="global",
        JSONDASH=jsondash_config(),
    )
    app.config.update(config or {})
    app.register_blueprint(charts)

    @app.route("/")
    def index():
        return redirect(url_for("jsondash.dashboard"))

    @app.route("/who/<name>")
    def who(name: str):
        """Switch the demo user, to see what the auth hooks hide from non-admins."""
        if name in DEMO_USERS:
            session["user"] = name
        return redirect(request.referrer or url_for("jsondash.dashboard"))

    @app.route("/examples/<name>.html")
    def example_page(name: str):
        """Small pages that iframe and custom modules of the original's dashboards show."""
        if name not in EXAMPLE_PAGES:
            abort(404)
        return render_template(f"examples/{name}.html", **EXAMPLE_PAGES[name]())

    @app.context_processor
    def demo_context() -> dict:
        return {"demo_user": current_user(), "demo_users": DEMO_USERS}

    if app.config.get("JSONDASH_LOAD_EXAMPLES", True):
        try:
            loaded = load_examples(app)
        except (StorageError, ConfigurationError) as exc:
            log.error("Could not load the example dashboards: %s", exc)
        else:
            if loaded:
                log.info("Loaded %d example dashboards into the empty database.", loaded)
    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_app()
    host = os.environ.get("HOST", "127.0.0.1")
    try:
        port = int(os.environ.get("PORT", "8080"))
    except ValueError:
        sys.exit(f"PORT={os.environ['PORT']!r} is not a port number.")
    debug = os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes")
    app.run(host=host, port=port, debug=debug, threaded=True)


if __name__ == "__main__":
    main()
