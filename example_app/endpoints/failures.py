"""Failures on purpose (/deadend), and every HTTP error as JSON."""

from __future__ import annotations

import time

from werkzeug.exceptions import HTTPException

from .common import JSONObject, blueprint, flag, float_arg, int_arg

MAX_SLEEP_SECONDS = 30.0


@blueprint.get("/deadend")
def deadend() -> tuple[JSONObject, int]:
    """An error on purpose: ?error_code=400-599 (default 500); ?sleep=1&sleep_for=<s> waits first"""
    status = int_arg("error_code", 500, 0, 999)
    if not 400 <= status <= 599:
        status = 500
    if flag("sleep"):
        time.sleep(float_arg("sleep_for", 0.0, 0.0, MAX_SLEEP_SECONDS))
    return {"error": f"This endpoint always fails (status {status}), on purpose."}, status


def http_error_as_json(error: HTTPException) -> tuple[JSONObject, int]:
    """Errors as JSON, like everything else here (a 404 names what exists)."""
    return {"error": error.name, "description": error.description}, error.code or 500
