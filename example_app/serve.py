"""``make run``: the example data server and the example app, together.

The data server (example_app/endpoints/) answers on ENDPOINTS_HOST:ENDPOINTS_PORT (default
127.0.0.1:5004), where the example dashboards look for their data; the app on HOST:PORT
(default 127.0.0.1:8080). Ctrl-C stops both.
"""

from __future__ import annotations

import logging
import os
import sys

try:
    from .app import main as run_app
    from .demo_site import ServerThread
    from .endpoints import create_app as create_data_app
except ImportError:  # run as a script from the repository root
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from app import main as run_app
    from demo_site import ServerThread
    from endpoints import create_app as create_data_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    host = os.environ.get("ENDPOINTS_HOST", "127.0.0.1")
    port = int(os.environ.get("ENDPOINTS_PORT", "5004"))
    try:
        data_server = ServerThread(create_data_app(), host=host, port=port, quiet=False)
    except OSError as exc:
        sys.exit(
            f"Could not start the example data server on {host}:{port} ({exc.strerror}). "
            "Is another copy running? Stop it, or set ENDPOINTS_PORT."
        )
    print(f" * Example data server on {data_server.url}/ (routes listed there)")
    try:
        run_app()
    finally:
        data_server.stop()


if __name__ == "__main__":
    main()
