"""The example app and the example data server together, in one process.

``make run`` serves them on their usual ports (8080 and 5004); the browser tests and
``make screenshots`` serve them on free ports, with the example dashboards' data sources
pointed at wherever the data server landed.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from flask_jsondash.db import get_db_handler, now_string

try:
    from .app import EXAMPLES_DIR, create_app
    from .endpoints import create_app as create_data_app
except ImportError:  # run from inside example_app/
    from app import EXAMPLES_DIR, create_app
    from endpoints import create_app as create_data_app

EXAMPLE_DATA_URL = "http://127.0.0.1:5004"
# Headless Chromium as the tests and screenshots run it: no GPU, sandbox or network chatter.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's Chromium (or JSONDASH_CHROMIUM), if it is installed."""
    for candidate in (
        os.environ.get("JSONDASH_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


class QuietRequestHandler(WSGIRequestHandler):
    """Serves requests without logging each one."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class ServerThread:
    """A WSGI app served from a background thread (port 0: any free port)."""

    def __init__(
        self, app: Any, host: str = "127.0.0.1", port: int = 0, quiet: bool = True
    ) -> None:
        handler = QuietRequestHandler if quiet else WSGIRequestHandler
        self.server = make_server(host, port, app, threaded=True, request_handler=handler)
        self.url = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@dataclass
class DemoSite:
    """The running example app and data server, and the example dashboards in it."""

    url: str
    data_url: str
    app: Any
    dashboards: dict[str, dict] = field(default_factory=dict)
    servers: list[ServerThread] = field(default_factory=list)

    def dashboard_url(self, slug: str, query: str = "") -> str:
        """The page of an example dashboard, by file name without .json."""
        return f"{self.url}/charts/{self.dashboards[slug]['id']}{query}"

    def stop(self) -> None:
        for server in reversed(self.servers):
            server.stop()


def load_examples(app: Any, data_url: str, directory: str = EXAMPLES_DIR) -> dict[str, dict]:
    """Store the example dashboards, their data sources moved to ``data_url``."""
    dashboards = {}
    with app.app_context():
        store = get_db_handler()
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".json"):
                continue
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                doc = json.loads(handle.read().replace(EXAMPLE_DATA_URL, data_url))
            doc.setdefault("date", now_string())
            if store.get(doc["id"]) is None:
                store.insert(doc)
            else:
                store.replace(doc["id"], doc)
            dashboards[name.removesuffix(".json")] = doc
    return dashboards


def start_demo_site(db_path: str, app_port: int = 0, data_port: int = 0) -> DemoSite:
    """Serve the data server and the example app (with the examples) from threads."""
    data_server = ServerThread(create_data_app(), port=data_port)
    # A throwaway site (tests, screenshots): its sessions need a key, a fresh one each time.
    settings = {
        "CHARTS_DB_PATH": db_path,
        "JSONDASH_LOAD_EXAMPLES": False,
        "SECRET_KEY": secrets.token_hex(32),
    }
    app = create_app(settings, host="127.0.0.1")
    dashboards = load_examples(app, data_server.url)
    app_server = ServerThread(app, port=app_port)
    return DemoSite(
        url=app_server.url,
        data_url=data_server.url,
        app=app,
        dashboards=dashboards,
        servers=[data_server, app_server],
    )
