"""The charts' data endpoint for the browser bench (standard library only, 127.0.0.1).

``GET /data/line/<key>?points=N`` answers C3 line data, two series of N numbers, with CORS
``*`` and ``Cache-Control: no-store`` (so any saving of requests is the page's doing, not the
HTTP cache's). ``GET /__stats`` counts the data requests since ``POST /__reset``.
"""

from __future__ import annotations

import argparse
import json
import math
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LOCK = threading.Lock()
COUNTS: dict[str, int] = {}


class DataHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        pass

    def _send(self, code: int, payload: object) -> None:
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        if self.path.startswith("/__reset"):
            with LOCK:
                COUNTS.clear()
            self._send(200, {"ok": True})
        else:
            self._send(404, {"error": "not found"})

    def do_GET(self) -> None:
        url = urlparse(self.path)
        if url.path == "/__stats":
            with LOCK:
                self._send(200, {"total": sum(COUNTS.values()), "by_path": dict(COUNTS)})
            return
        with LOCK:
            COUNTS[self.path] = COUNTS.get(self.path, 0) + 1
        if not url.path.startswith("/data/line"):
            self._send(404, {"error": "not found"})
            return
        points = int(parse_qs(url.query).get("points", ["50"])[0])
        phase = sum(map(ord, url.path)) % 17
        self._send(
            200,
            {
                "series1": [round(50 + 40 * math.sin((i + phase) / 7), 3) for i in range(points)],
                "series2": [round(50 + 30 * math.cos((i + phase) / 11), 3) for i in range(points)],
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), DataHandler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
