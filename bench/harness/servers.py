"""Start and stop the bench's servers: child processes on free 127.0.0.1 ports.

Each server is stopped through the process group of the child this module started, by its
pid, never by name.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from typing import IO, Any

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(url: str, timeout: float = 30) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read().decode() or "null")


def post_json(url: str, body: object, timeout: float = 300) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read().decode())


def wait_for(url: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            return get_json(url, timeout=5)
        except Exception as exc:  # noqa: BLE001 (not up yet)
            error = exc
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not come up: {error}")


class Server:
    """A child process serving on ``base`` (``http://127.0.0.1:<port>``)."""

    def __init__(self, argv: list[str], port: int, log: str, env: dict | None = None) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self._log: IO[bytes] = open(log, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            argv, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self._log.close()


def start_data_server(log: str) -> Server:
    port = free_port()
    argv = [sys.executable, os.path.join(HERE, "data_server.py"), "--port", str(port)]
    server = Server(argv, port, log)
    try:
        wait_for(server.base + "/__stats")
    except Exception:
        server.stop()
        raise
    return server


def start_app(
    target: str, python: str, log: str, db_path: str | None, static_dir: str | None
) -> tuple[Server, dict]:
    """Serve ``target`` with its interpreter ``python``; return the server and its info."""
    port = free_port()
    argv = [python, os.path.join(HERE, "host_app.py"), "--target", target, "--port", str(port)]
    if db_path:
        argv += ["--db", db_path]
    if static_dir:
        argv += ["--static-dir", static_dir]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    server = Server(argv, port, log, env)
    try:
        info = wait_for(server.base + "/__bench/info")
    except Exception:
        server.stop()
        raise
    return server, info
