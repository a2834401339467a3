"""The host app that serves one implementation (the original or this port) to the bench.

It runs in that implementation's own interpreter (standard library and Flask only), registers
the ``charts`` blueprint with the same settings for both, and reaches each one's storage to
seed dashboards:

- the original 6.2.3 keeps dashboards in MongoDB; there is no server here, so
  ``pymongo.MongoClient`` becomes ``mongomock.MongoClient`` before the original is imported
  (it connects at import time), and dashboards go into its module-level collection;
- this port uses its SQLite store (a file in the bench's work folder), reached with
  ``flask_jsondash.db.get_db_handler(app)``: ``create_many``, ``delete_all`` and ``count``.
  If that interface moves, :class:`PortStore` is the one place to follow it.

Harness-only routes: ``GET /__bench/info``, ``POST /__bench/reset`` and ``POST /__bench/seed``
(JSON ``{"docs": [...]}``), never timed; and, served with this port only, ``GET
/__bench/c3-alone/<id>``: the reference the bench times beside the two dashboard pages (see
:func:`c3_alone_page`).

As a server: ``python host_app.py --target port --port 5100 --db /tmp/x.sqlite3``.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ("original", "port")


def bench_user() -> str:
    return "benchuser"


def allow(**_kwargs: Any) -> bool:
    return True


def _use_mongomock() -> None:
    import mongomock
    import pymongo
    import pymongo.mongo_client

    for module in (pymongo, pymongo.mongo_client):
        setattr(module, "MongoClient", mongomock.MongoClient)  # noqa: B010


class OriginalStore:
    """The original's MongoDB collection (on mongomock)."""

    def __init__(self) -> None:
        from flask_jsondash import charts_builder

        # The original's module-level adapter (this checkout's flask_jsondash has none).
        self.coll = getattr(charts_builder, "adapter").coll  # noqa: B009

    def insert(self, docs: list[dict]) -> None:
        if docs:
            self.coll.insert_many([dict(d) for d in docs])

    def clear(self) -> None:
        self.coll.delete_many({})

    def count(self) -> int:
        return int(self.coll.count_documents({}))


class PortStore:
    """This port's configured store (SQLite here)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def _store(self) -> Any:
        from flask_jsondash.db import get_db_handler

        return get_db_handler(self.app)

    def insert(self, docs: list[dict]) -> None:
        if docs:
            self._store().create_many([dict(d) for d in docs])

    def clear(self) -> None:
        self._store().delete_all()

    def count(self) -> int:
        return int(self._store().count())


def create_app(target: str, db_path: str | None = None, static_dir: str | None = None) -> Any:
    """The Flask app serving ``target``'s blueprint, with ``app.config["BENCH_STORE"]``."""
    if target not in TARGETS:
        raise SystemExit(f"--target {target!r} is not one of: {', '.join(TARGETS)}")
    if target == "original":
        _use_mongomock()
    from flask import Flask, jsonify, request

    from flask_jsondash.charts_builder import charts

    if target == "original":
        # The original's templates extend a host layout ("layouts/base.html") that loads
        # jQuery and Bootstrap 3; its chart libraries come from CDN addresses that
        # JSONDASH["static"] rewrites to this static folder (the 2016 versions from npm).
        app = Flask(
            "jsondash_bench",
            root_path=HERE,
            static_folder=static_dir,
            template_folder="original_templates",
        )
    else:
        app = Flask("jsondash_bench", root_path=HERE, static_folder=None, template_folder=None)
        if not db_path:
            raise SystemExit("the port needs --db PATH (its SQLite file)")
        app.config.update(CHARTS_ACTIVE_DB="sqlite", CHARTS_DB_PATH=db_path)
        app.config["JSONDASH_CSRF"] = False  # the bench posts forms without a token
    jsondash: dict[str, Any] = {
        "metadata": {"created_by": bench_user, "username": bench_user},
        "auth": {"edit_global": allow, "clone": allow, "delete": allow},
    }
    if target == "original":
        jsondash["static"] = {"js_path": "js/vendor/", "css_path": "css/vendor/"}
    app.config.update(
        SECRET_KEY="bench-not-secret",
        JSONDASH_FILTERUSERS=False,
        JSONDASH_GLOBALDASH=False,
        JSONDASH_GLOBAL_USER="global",
        JSONDASH=jsondash,
    )
    app.register_blueprint(charts)
    store = OriginalStore() if target == "original" else PortStore(app)
    app.config["BENCH_STORE"] = store

    @app.route("/__bench/info")
    def bench_info() -> Any:
        return jsonify(ok=True, target=target, count=store.count(), versions=versions())

    @app.route("/__bench/reset", methods=["POST"])
    def bench_reset() -> Any:
        store.clear()
        return jsonify(ok=True, count=store.count())

    seeded: dict[str, dict] = {}

    @app.route("/__bench/seed", methods=["POST"])
    def bench_seed() -> Any:
        docs = request.get_json(force=True).get("docs") or []
        store.insert(docs)
        seeded.update((str(doc.get("id")), doc) for doc in docs)
        return jsonify(ok=True, count=store.count())

    if target == "port":

        @app.route("/__bench/c3-alone/<c_id>")
        def bench_c3_alone(c_id: str) -> Any:
            doc = seeded.get(c_id)
            if doc is None:
                return "no such seeded dashboard", 404
            return c3_alone_page(doc), 200, {"Cache-Control": "no-store"}

        @app.route("/__bench/c3-alone.js")
        def bench_c3_alone_js() -> Any:
            return C3_ALONE_JS, 200, {"Content-Type": "text/javascript; charset=utf-8"}

    return app


# What the reference page runs: each widget's data drawn by c3.generate with C3's own defaults,
# as soon as it arrives, without the first draw's fade-in (as the dashboards draw it).
C3_ALONE_JS = """(function () {
  'use strict';
  document.querySelectorAll('.widget[data-url]').forEach(function (el) {
    fetch(el.getAttribute('data-url'), {credentials: 'same-origin'})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        c3.generate({bindto: el, size: {width: +el.dataset.width, height: +el.dataset.height},
          data: {json: data}, transition: {duration: 0}});
      })
      .catch(function () { el.setAttribute('data-status', 'error'); });
  });
}());
"""


def c3_alone_page(doc: dict) -> str:
    """The charts of a seeded C3 dashboard drawn by d3 and C3 alone: no dashboard code at all.

    The same libraries this port serves (its vendored d3 and C3, and C3's style sheet), the
    same data addresses asked for from the page's head, a box of each module's size in a
    wrapping row, and one plain ``c3.generate`` per chart. What the port's own page costs
    beyond this is its own doing; what this costs is C3's and the browser's.
    """
    from html import escape

    modules = [m for m in doc.get("modules") or [] if m.get("family") == "C3"]
    head = "".join(
        f'<link rel="preload" href="{escape(m["dataSource"])}" as="fetch" crossorigin="anonymous">'
        for m in modules
    )
    boxes = "".join(
        f'<div class="widget" data-guid="{escape(str(m.get("guid")))}" '
        f'data-url="{escape(m["dataSource"])}" data-width="{int(m["width"])}" '
        f'data-height="{int(m["height"])}" style="width:{int(m["width"])}px;'
        f'height:{int(m["height"])}px;margin:8px"></div>'
        for m in modules
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(str(doc.get('name')))}: C3 alone</title>"
        '<link rel="stylesheet" href="/jsondash/vendor/c3/c3.min.css">'
        f"{head}</head><body>"
        f'<div style="display:flex;flex-wrap:wrap;font-family:sans-serif">{boxes}</div>'
        '<script src="/jsondash/vendor/d3/dist/d3.min.js"></script>'
        '<script src="/jsondash/vendor/c3/c3.min.js"></script>'
        '<script src="/__bench/c3-alone.js"></script></body></html>'
    )


def versions() -> dict[str, str]:
    """Python and the versions of the packages that matter, in this interpreter."""
    from importlib import metadata

    found = {"python": sys.version.split()[0]}
    for dist in ("flask-jsondash", "Flask", "Werkzeug", "Jinja2", "pymongo", "mongomock"):
        try:
            found[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve one implementation to the bench.")
    parser.add_argument("--target", required=True, choices=TARGETS)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", default=None, help="the port's SQLite file")
    parser.add_argument("--static-dir", default=None, help="the original's vendor libraries")
    args = parser.parse_args()
    app = create_app(args.target, args.db, args.static_dir)
    import logging

    from werkzeug.serving import run_simple

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    run_simple("127.0.0.1", args.port, app, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
