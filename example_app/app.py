"""The flask_jsondash example app: the blueprint in a small host app, with demo hooks.

Run it with ``make run`` (or ``python example_app/app.py``). Settings come from the environment
and from a ``.env`` file (python-dotenv): HOST and PORT (default 127.0.0.1:8080),
CHARTS_ACTIVE_DB (default here: sqlite) and the other CHARTS_* variables, SECRET_KEY, and
JSONDASH_DEMO_USER (who you are in the demo; default "admin", who may edit everything).
On an empty database it loads the example dashboards from ``examples/config/``.

SECRET_KEY signs the session cookie, which says who the demo user is, so the app never runs on a
key anyone could know: without one it refuses to start, except when it serves on a loopback host
(127.0.0.1, localhost, ::1: ``make run``'s default), where it makes a random key for the run.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import sys
from urllib.parse import urlsplit

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

MISSING_SECRET_KEY = (
    "SECRET_KEY is not set, and the example app will not start without one: it signs the "
    "session cookie that says who the demo user is. Set the SECRET_KEY environment variable "
    '(e.g. SECRET_KEY=$(python -c "import secrets; print(secrets.token_hex(32))")) or put '
    "a SECRET_KEY=... line in a .env file (beside example_app/app.py or in the directory you "
    "start from). Only app.py (make run) serving on 127.0.0.1/localhost makes a random one."
)
RANDOM_SECRET_KEY = (
    "No SECRET_KEY set: using a random one for this run; sessions end when it stops."
)


class MissingSecretKey(RuntimeError):
    """The app would serve beyond this machine without a SECRET_KEY."""


def is_loopback(host: str | None) -> bool:
    """Whether ``host`` (as HOST gives it) is this machine only: localhost or a loopback IP."""
    if not host:
        return False
    host = host.strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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


def load_dotenv_files() -> None:
    """Settings from .env files (beside this file, then up from the working directory); the
    environment wins over both."""
    load_dotenv(os.path.join(HERE, ".env"))
    load_dotenv(find_dotenv(usecwd=True))


def same_host_path(referrer: str | None, host: str) -> str | None:
    """The path (and query) of ``referrer`` when it is a page of ``host``, else None.

    Only a path is returned, never a URL, and never one a browser could read as another host
    (``//evil.example``, ``/\\evil.example``).
    """
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != host.lower():
        return None
    path = parts.path or "/"
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return f"{path}?{parts.query}" if parts.query else path


def create_app(config: dict | None = None, *, host: str | None = None) -> Flask:
    """Build the example app; ``config`` overrides settings (tests use it).

    ``host`` is where it will serve (``main`` passes HOST). Without a SECRET_KEY (in ``config``,
    the environment or a .env file) it raises MissingSecretKey, unless ``host`` is a loopback
    host: then it uses a random key for this run and logs that it does.
    """
    load_dotenv_files()
    app = Flask(__name__, instance_path=os.path.join(HERE, "instance"))
    app.config.update(
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        CHARTS_ACTIVE_DB=os.environ.get("CHARTS_ACTIVE_DB", "sqlite"),
        JSONDASH_GLOBALDASH=True,
        JSONDASH_GLOBAL_USER="global",
        JSONDASH=jsondash_config(),
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        if not is_loopback(host):
            raise MissingSecretKey(MISSING_SECRET_KEY)
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        log.warning(RANDOM_SECRET_KEY)
    app.register_blueprint(charts)

    @app.route("/")
    def index():
        return redirect(url_for("jsondash.dashboard"))

    @app.route("/who/<name>")
    def who(name: str):
        """Switch the demo user, to see what the auth hooks hide from non-admins."""
        if name in DEMO_USERS:
            session["user"] = name
        back = same_host_path(request.referrer, request.host)
        return redirect(back or url_for("jsondash.dashboard"))

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
    load_dotenv_files()  # HOST and PORT may come from a .env file too
    host = os.environ.get("HOST", "127.0.0.1")
    try:
        port = int(os.environ.get("PORT", "8080"))
    except ValueError:
        sys.exit(f"PORT={os.environ['PORT']!r} is not a port number.")
    try:
        app = create_app(host=host)
    except MissingSecretKey as exc:
        sys.exit(str(exc))
    debug = os.environ.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes")
    if debug and not os.environ.get("SECRET_KEY"):
        # The reloader runs this again in a child process: give it this run's random key, so
        # that it neither makes (and announces) another one nor ends the sessions on a reload.
        os.environ["SECRET_KEY"] = app.config["SECRET_KEY"]
    app.run(host=host, port=port, debug=debug, threaded=True)


if __name__ == "__main__":
    main()
