"""The blueprint's JSON routes: the dashboard JSON Schema, and checking a dashboard."""

from __future__ import annotations

from flask import Response, jsonify, request

from ..schema import (
    InvalidSchemaError,
    SchemaProblem,
    dashboard_json_schema,
    normalize,
    parse_json,
    problems_of,
)
from . import charts


@charts.route("/jsondash/api/schema.json")
def schema() -> Response:
    """The JSON Schema of a dashboard document, built from the chart registry."""
    response = jsonify(dashboard_json_schema())
    response.mimetype = "application/schema+json"
    return response


@charts.route("/jsondash/api/validate", methods=["POST"])
def validate() -> Response:
    """Check a dashboard (the request body, as JSON) without saving it.

    Answers ``{"valid": bool, "problems": [{"path", "message"}, ...]}``; the editor uses it to
    show problems as the user types.
    """
    try:
        document = parse_json(request.get_data(as_text=True))
    except InvalidSchemaError as exc:
        problems = exc.problems
    else:
        if isinstance(document, dict):
            problems = problems_of(normalize(document))
        else:
            problems = [SchemaProblem("", "the config must be a JSON object")]
    return jsonify({"valid": not problems, "problems": [p.as_dict() for p in problems]})
