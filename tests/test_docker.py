"""Docker: what can be checked without a Docker engine. The compose file's services, ports,
environment and volume; the Dockerfile's stages and user; that neither ships a SECRET_KEY (compose
requires one); and that the image's entry command serves the app when run directly, and refuses
to without a SECRET_KEY."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from helpers import ROOT, fetch_when_up, free_port


def read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load(read("docker-compose.yml"))


def test_compose_runs_mongodb_the_app_and_the_data_server(compose):
    assert set(compose["services"]) == {"mongo", "app", "endpoints"}
    assert compose["services"]["mongo"]["image"].startswith("mongo:")


def test_mongodb_keeps_its_data_on_a_named_volume(compose):
    assert "mongo-data" in compose["volumes"]
    assert "mongo-data:/data/db" in compose["services"]["mongo"]["volumes"]


def test_the_app_uses_mongodb_on_8080(compose):
    app = compose["services"]["app"]
    assert app["build"] == "."
    assert "8080:8080" in app["ports"]
    assert app["environment"]["CHARTS_ACTIVE_DB"] == "mongo"
    assert app["environment"]["CHARTS_DB_URI"].startswith("mongodb://mongo:27017/")
    assert "mongo" in app["depends_on"]


def test_compose_requires_a_secret_key_and_has_no_default(compose):
    value = compose["services"]["app"]["environment"]["SECRET_KEY"]
    required = re.fullmatch(r"\$\{SECRET_KEY:\?(?P<message>[^}]+)\}", value)
    assert required, value  # `:?`: compose stops when it is unset or empty, with the message
    message = required["message"]
    assert "secrets.token_hex" in message and "docker compose up" in message
    assert "$" not in message.replace("$$", ""), "a lone $ is an invalid compose template"
    assert "change-me" not in read("docker-compose.yml")


def test_the_dockerfile_sets_no_secret_key():
    text = read("Dockerfile")
    assert not re.search(r"^\s*(ENV|ARG)\b.*SECRET_KEY", text, re.M)


def test_the_data_server_answers_on_5004(compose):
    endpoints = compose["services"]["endpoints"]
    assert "5004:5004" in endpoints["ports"]
    assert endpoints["image"] == compose["services"]["app"]["image"]
    assert "example_app.endpoints_wsgi:application" in " ".join(endpoints["command"])
    assert "0.0.0.0:5004" in " ".join(endpoints["command"])


def test_dockerfile_builds_assets_with_node_and_runs_slim_python_as_a_user():
    text = read("Dockerfile")
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    assert stages[0].startswith("node:") and "npm ci" in text
    assert stages[-1].startswith("python:") and stages[-1].endswith("-slim")
    users = re.findall(r"^USER (\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    assert "vendor_assets.py" in text


def entry_command() -> list[str]:
    match = re.search(r"^CMD (\[.*\])\s*$", read("Dockerfile"), re.M)
    return json.loads(match.group(1))


def entry_command_on(port: int) -> list[str]:
    """The image's entry command, bound to 127.0.0.1:``port``, with this virtualenv's gunicorn."""
    command = entry_command()
    assert command[0] == "gunicorn"
    bind = command.index("--bind")
    command[bind + 1] = f"127.0.0.1:{port}"
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    return [gunicorn if os.path.exists(gunicorn) else "gunicorn", *command[1:]]


def entry_env(tmp_path, secret_key: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHARTS_")}
    env.update(
        CHARTS_ACTIVE_DB="sqlite",
        CHARTS_DB_PATH=str(tmp_path / "docker.sqlite3"),
        SECRET_KEY=secret_key,  # empty: not set (and no .env file's either)
    )
    return env


def test_the_images_entry_command_serves_the_app(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        entry_command_on(port),
        cwd=ROOT,
        env=entry_env(tmp_path, "docker-test-secret"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        html, _headers = fetch_when_up(f"http://127.0.0.1:{port}/charts", server)
        count = len(os.listdir(os.path.join(ROOT, "examples", "config")))
        assert f'data-count="dashboards">{count}<' in html
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_images_entry_command_refuses_to_start_without_a_secret_key(tmp_path):
    from example_app.app import MISSING_SECRET_KEY

    server = subprocess.run(
        entry_command_on(free_port()),
        cwd=ROOT,
        env=entry_env(tmp_path, ""),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert server.returncode != 0
    assert MISSING_SECRET_KEY in server.stderr


def test_make_dockerize_starts_compose():
    makefile = read("Makefile")
    target = makefile[makefile.index("dockerize:") :].split("\n\n")[0]
    assert "compose up --build" in target
