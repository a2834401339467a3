"""The OpenAPI 3.1 document of the JSON API (served at ``/jsondash/api/openapi.json``).

Written by hand, next to the routes it describes (:mod:`flask_jsondash.views.api`); a test
checks that every route of the API is here and every path here is a route, and that the
answers of the routes match the schemas. The dashboard document's own schema is the one the
server validates with (:func:`flask_jsondash.schema.dashboard_json_schema`), built from the
chart registry.
"""

from __future__ import annotations

from typing import Any

from . import __version__
from .schema import dashboard_json_schema
from .settings import MAX_PER_PAGE

OPENAPI_VERSION = "3.1.0"
API = "/jsondash/api"


def _ref(name: str, kind: str = "schemas") -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _object(properties: dict[str, Any], required: tuple[str, ...] = (), **more: Any) -> dict:
    return {"type": "object", "properties": properties, "required": list(required), **more}


#: What each dashboard of a listing says (null when it does not), besides its page's url.
SUMMARY_KEYS = (
    "id",
    "name",
    "category",
    "created_by",
    "date",
    "layout",
    "num_modules",
    "tags",
    "version",
    "is_global",
)

TEXT_OR_NULL = {"type": ["string", "null"]}
WHOLE = {"type": "integer", "minimum": 0}


DASHBOARD_DEFS = "Dashboard."


def _rehomed(value: Any) -> Any:
    """A copy of part of the dashboard schema with its ``#/$defs/x`` references pointing at
    the components they became (``#/components/schemas/Dashboard.x``)."""
    if isinstance(value, dict):
        return {
            key: (
                item.replace("#/$defs/", f"#/components/schemas/{DASHBOARD_DEFS}")
                if key == "$ref" and isinstance(item, str)
                else _rehomed(item)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_rehomed(item) for item in value]
    return value


def dashboard_schemas() -> dict[str, Any]:
    """The dashboard JSON Schema as components: ``Dashboard`` and one ``Dashboard.<name>`` per
    definition (so every reference resolves from the root of the OpenAPI document)."""
    schema = dashboard_json_schema()
    definitions = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    found = {"Dashboard": _rehomed(schema)}
    found.update({f"{DASHBOARD_DEFS}{name}": _rehomed(d) for name, d in definitions.items()})
    return found


def _schemas() -> dict[str, Any]:
    problem = _object(
        {
            "path": {
                "type": "string",
                "description": "Where, as a JSON path in the dashboard (modules[0].width); "
                "empty for the whole dashboard.",
            },
            "message": {"type": "string"},
        },
        ("path", "message"),
    )
    error = _object(
        {
            "ok": {"const": False},
            "message": {"type": "string", "description": "What went wrong, in a sentence."},
            "problems": {"type": "array", "items": _ref("Problem")},
        },
        ("ok", "message", "problems"),
    )
    conflict = {
        "allOf": [
            _ref("Error"),
            _object(
                {
                    "expected_version": {
                        "type": ["integer", "null"],
                        "description": "The version the save was edited from (null: it did "
                        "not say).",
                    },
                    "current_version": WHOLE,
                    "saved_by": TEXT_OR_NULL,
                    "saved_at": TEXT_OR_NULL,
                },
                ("expected_version", "current_version", "saved_by", "saved_at"),
            ),
        ]
    }
    tags = {"type": "array", "items": {"type": "string"}}
    summary = _object(
        {
            "id": {"type": "string"},
            "name": {"type": ["string", "null"]},
            "category": TEXT_OR_NULL,
            "created_by": {},
            "date": {},
            "layout": {},
            "num_modules": {"type": ["integer", "null"], "minimum": 0},
            "tags": tags,
            "version": {"type": ["integer", "null"], "minimum": 0},
            "is_global": {"type": "boolean"},
            "url": {"type": "string", "description": "The dashboard's page."},
        },
        (*SUMMARY_KEYS, "url"),
    )
    meta = _object(
        {
            "version": WHOLE,
            "created": {**TEXT_OR_NULL, "description": "When version 0 was saved, while kept."},
            "created_by": {},
            "updated": {**TEXT_OR_NULL, "description": "When the current version was saved."},
            "updated_by": TEXT_OR_NULL,
            "can_edit": {
                "type": "boolean",
                "description": "Whether this user may save it (the hooks and editable).",
            },
            "editable": {"type": "boolean"},
            "provisioned": {
                **TEXT_OR_NULL,
                "description": "The file it is provisioned from (JSONDASH_PROVISIONING).",
            },
            "url": {"type": "string"},
        },
        ("version", "created", "updated", "created_by", "can_edit", "editable", "url"),
    )
    entry = _object(
        {
            "version": WHOLE,
            "saved_by": TEXT_OR_NULL,
            "saved_at": TEXT_OR_NULL,
            "message": TEXT_OR_NULL,
        },
        ("version", "saved_by", "saved_at", "message"),
    )
    listed_entry = {
        "allOf": [
            _ref("VersionEntry"),
            _object({"current": {"type": "boolean"}}, ("current",)),
        ]
    }
    change = _object({"from": {}, "to": {}}, ("from", "to"))
    changes = {"type": "object", "additionalProperties": change}
    return {
        **dashboard_schemas(),
        "Problem": problem,
        "Error": error,
        "Conflict": conflict,
        "DashboardSummary": summary,
        "DashboardPage": _object(
            {
                "dashboards": {"type": "array", "items": _ref("DashboardSummary")},
                "total": {**WHOLE, "description": "How many match, on every page."},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "pages": WHOLE,
                "q": TEXT_OR_NULL,
                "tags": tags,
            },
            ("dashboards", "total", "page", "per_page", "pages", "q", "tags"),
        ),
        "Meta": meta,
        "DashboardWithMeta": _object(
            {
                "dashboard": {
                    "type": "object",
                    "description": "The stored document (one stored before today's rules "
                    "may not pass the Dashboard schema).",
                },
                "meta": _ref("Meta"),
            },
            ("dashboard", "meta"),
        ),
        "SaveRequest": _object(
            {
                "dashboard": {
                    **_ref("Dashboard"),
                    "description": "The whole dashboard. With an id that exists, it replaces "
                    "that dashboard, and its version is the version it was edited from; "
                    "without (or with a new id of 8 to 40 letters, digits, - or _), it is "
                    "created. The server sets version, date and schemaVersion.",
                },
                "overwrite": {
                    "type": "boolean",
                    "default": False,
                    "description": "Save whatever the stored version (and over editable: "
                    "false, for those the edit_others hook allows).",
                },
                "message": {
                    **TEXT_OR_NULL,
                    "maxLength": 500,
                    "description": "Kept in the history with this version.",
                },
                "global": {
                    "type": ["boolean", "null"],
                    "default": None,
                    "description": "true: create it, or make it, a global dashboard "
                    "(JSONDASH_GLOBALDASH and the edit_global hook); false: make a global one "
                    "ordinary again (edit_global); absent or null: a save keeps its owner.",
                },
            },
            ("dashboard",),
            additionalProperties=False,
        ),
        "Saved": _object(
            {
                "ok": {"const": True},
                "id": {"type": "string"},
                "version": WHOLE,
                "url": {"type": "string"},
                "created": {"type": "boolean"},
            },
            ("ok", "id", "version", "url", "created"),
        ),
        "Deleted": _object(
            {"ok": {"const": True}, "id": {"type": "string"}, "message": {"type": "string"}},
            ("ok", "id", "message"),
        ),
        "VersionEntry": entry,
        "VersionList": _object(
            {"id": {"type": "string"}, "versions": {"type": "array", "items": listed_entry}},
            ("id", "versions"),
        ),
        "Version": {
            "allOf": [
                _ref("VersionEntry"),
                _object(
                    {
                        "id": {"type": "string"},
                        "current": {"type": "boolean"},
                        "document": {"type": "object"},
                    },
                    ("id", "current", "document"),
                ),
            ]
        },
        "Diff": _object(
            {
                "id": {"type": "string"},
                "from": _ref("VersionEntry"),
                "to": _ref("VersionEntry"),
                "fields": {
                    **changes,
                    "description": "The top-level keys that changed (not modules, version, date).",
                },
                "modules": _object(
                    {
                        "added": {"type": "array"},
                        "removed": {"type": "array"},
                        "changed": {
                            "type": "array",
                            "items": _object(
                                {
                                    "guid": {"type": "string"},
                                    "name": {},
                                    "changes": changes,
                                },
                                ("guid", "name", "changes"),
                            ),
                        },
                    },
                    ("added", "removed", "changed"),
                ),
            },
            ("id", "from", "to", "fields", "modules"),
        ),
        "RestoreRequest": _object(
            {
                "version": {
                    "type": ["integer", "string"],
                    "description": "The kept version to restore (a whole number from 0).",
                },
                "expected_version": {
                    "type": ["integer", "string", "null"],
                    "description": "The version the client is looking at; 412 if the "
                    "dashboard has moved on (unless overwrite).",
                },
                "message": {**TEXT_OR_NULL, "maxLength": 500},
                "overwrite": {"type": "boolean", "default": False},
            },
            ("version",),
            additionalProperties=False,
        ),
        "Restored": _object(
            {
                "ok": {"const": True},
                "id": {"type": "string"},
                "version": WHOLE,
                "restored": WHOLE,
                "url": {"type": "string"},
            },
            ("ok", "id", "version", "restored", "url"),
        ),
        "SearchResults": _object(
            {
                "results": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "string"},
                            "name": {},
                            "category": {},
                            "tags": tags,
                            "version": {},
                            "is_global": {"type": "boolean"},
                            "url": {"type": "string"},
                        },
                        ("id", "name", "category", "tags", "version", "is_global", "url"),
                    ),
                },
                "total": WHOLE,
                "limit": {"type": "integer", "minimum": 1},
                "q": TEXT_OR_NULL,
                "tags": tags,
            },
            ("results", "total", "limit", "q", "tags"),
        ),
        "TagCounts": _object(
            {
                "tags": {
                    "type": "array",
                    "items": _object(
                        {"tag": {"type": "string"}, "count": {"type": "integer", "minimum": 1}},
                        ("tag", "count"),
                    ),
                }
            },
            ("tags",),
        ),
        "Validation": _object(
            {
                "valid": {"type": "boolean"},
                "problems": {"type": "array", "items": _ref("Problem")},
            },
            ("valid", "problems"),
        ),
    }


def _parameters() -> dict[str, Any]:
    def query(name: str, schema: dict, description: str, **more: Any) -> dict[str, Any]:
        return {"name": name, "in": "query", "schema": schema, "description": description, **more}

    def path(name: str, description: str) -> dict[str, Any]:
        return {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string"},
            "description": description,
        }

    return {
        "id": path("id", "The dashboard's id."),
        "version": path("version", "A kept version: a whole number from 0."),
        "older": path("older", "The version to compare from."),
        "newer": path("newer", "The version to compare to."),
        "q": query(
            "q",
            {"type": "string", "maxLength": 200},
            "Text to find in the name, category or a tag, ignoring case.",
        ),
        "tag": query(
            "tag",
            {"type": "array", "items": {"type": "string"}, "maxItems": 20},
            "Only dashboards carrying this tag; repeat it for several (all of them).",
            style="form",
            explode=True,
        ),
        "page": query(
            "page", {"type": "integer", "minimum": 1, "default": 1}, "Which page, from 1."
        ),
        "per_page": query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "Dashboards per page (default JSONDASH_PERPAGE; at least 2).",
        ),
        "limit": query(
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 100},
            "How many results at most.",
        ),
        "overwrite": query(
            "overwrite",
            {"type": "boolean", "default": False},
            "Delete a dashboard that says editable: false (those the edit_others hook allows).",
        ),
    }


ERRORS = {
    "400": "The request cannot be used (a bad value, body or dashboard; a missing or wrong "
    "CSRF token); problems lists the dashboard's, with their paths. Nothing was changed.",
    "403": "An auth hook refused, or the dashboard says editable: false. Nothing was changed.",
    "404": "No such dashboard (or version).",
    "409": "Others saved the dashboard again and again at the same moment: try again. "
    "Nothing was saved.",
    "412": "The dashboard was saved by someone else since the version this request was made "
    "from (or exists, and the save said no version): who saved it and when. Nothing was saved.",
    "413": "The body is larger than JSONDASH_MAX_REQUEST_BYTES. Nothing was changed.",
    "415": "The body is not sent as application/json. Nothing was changed.",
    "503": "The dashboard database is unavailable (Retry-After says when to try again).",
}


def _responses() -> dict[str, Any]:
    found = {
        code: _json(_ref("Conflict" if code == "412" else "Error"), text)
        for code, text in ERRORS.items()
    }
    return {f"Error{code}": response for code, response in found.items()}


def _errors(*codes: str) -> dict[str, Any]:
    return {code: _ref(f"Error{code}", "responses") for code in (*codes, "503")}


def _body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


CHANGES: list[dict[str, list[str]]] = [{"session": [], "csrfToken": []}, {"host": []}]


def _paths() -> dict[str, Any]:
    def params(*names: str) -> list[dict[str, str]]:
        return [_ref(name, "parameters") for name in names]

    dashboard = f"{API}/dashboards/{{id}}"
    return {
        f"{API}/dashboards": {
            "get": {
                "operationId": "listDashboards",
                "summary": "One page of the dashboards this user may list",
                "parameters": params("q", "tag", "page", "per_page"),
                "responses": {
                    "200": _json(_ref("DashboardPage"), "The page (empty past the last one)."),
                    **_errors("400"),
                },
            },
            "post": {
                "operationId": "saveDashboard",
                "summary": "Create a dashboard, or save one whose id exists",
                "description": "Grafana's semantics: the dashboard's version is the version "
                "it was edited from and must still be the stored one, unless overwrite.",
                "security": CHANGES,
                "requestBody": _body("SaveRequest"),
                "responses": {
                    "200": _json(_ref("Saved"), "Saved: its id, new version and page."),
                    **_errors("400", "403", "409", "412", "413", "415"),
                },
            },
        },
        dashboard: {
            "parameters": params("id"),
            "get": {
                "operationId": "getDashboard",
                "summary": "A dashboard and what the server knows about it",
                "responses": {
                    "200": _json(_ref("DashboardWithMeta"), "The dashboard."),
                    **_errors("403", "404"),
                },
            },
            "delete": {
                "operationId": "deleteDashboard",
                "summary": "Delete a dashboard and its history",
                "security": CHANGES,
                "parameters": params("overwrite"),
                "responses": {
                    "200": _json(_ref("Deleted"), "Deleted."),
                    **_errors("400", "403", "404"),
                },
            },
        },
        f"{dashboard}/versions": {
            "parameters": params("id"),
            "get": {
                "operationId": "listVersions",
                "summary": "The kept versions of a dashboard, newest first",
                "responses": {
                    "200": _json(_ref("VersionList"), "The versions."),
                    **_errors("403", "404"),
                },
            },
        },
        f"{dashboard}/versions/{{version}}": {
            "parameters": params("id", "version"),
            "get": {
                "operationId": "getVersion",
                "summary": "One kept version, with the document as it was",
                "responses": {
                    "200": _json(_ref("Version"), "The version."),
                    **_errors("400", "403", "404"),
                },
            },
        },
        f"{dashboard}/versions/{{older}}/diff/{{newer}}": {
            "parameters": params("id", "older", "newer"),
            "get": {
                "operationId": "diffVersions",
                "summary": "What changed from one kept version to another",
                "responses": {
                    "200": _json(_ref("Diff"), "The differences."),
                    **_errors("400", "403", "404"),
                },
            },
        },
        f"{dashboard}/restore": {
            "parameters": params("id"),
            "post": {
                "operationId": "restoreVersion",
                "summary": "Make a kept version the dashboard again, as a new version",
                "security": CHANGES,
                "requestBody": _body("RestoreRequest"),
                "responses": {
                    "200": _json(_ref("Restored"), "Restored as a new version."),
                    **_errors("400", "403", "404", "409", "412", "413", "415"),
                },
            },
        },
        f"{API}/search": {
            "get": {
                "operationId": "search",
                "summary": "Dashboards matching a text and tags, in short",
                "parameters": params("q", "tag", "limit"),
                "responses": {
                    "200": _json(_ref("SearchResults"), "The first results."),
                    **_errors("400"),
                },
            },
        },
        f"{API}/tags": {
            "get": {
                "operationId": "listTags",
                "summary": "Every tag, with how many dashboards carry it",
                "parameters": params("q", "tag"),
                "responses": {
                    "200": _json(_ref("TagCounts"), "The tags, the most used first."),
                    **_errors("400"),
                },
            },
        },
        f"{API}/schema.json": {
            "get": {
                "operationId": "getDashboardSchema",
                "summary": "The JSON Schema of a dashboard document",
                "responses": {
                    "200": {
                        "description": "The schema (JSON Schema 2020-12).",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    }
                },
            },
        },
        f"{API}/validate": {
            "post": {
                "operationId": "validateDashboard",
                "summary": "Check a dashboard without saving it (needs no CSRF token)",
                "requestBody": _body("Dashboard"),
                "responses": {
                    "200": _json(_ref("Validation"), "Whether it is valid, and its problems."),
                    "413": _ref("Error413", "responses"),
                },
            },
        },
        f"{API}/openapi.json": {
            "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
            },
        },
    }


DESCRIPTION = """\
The dashboards of flask_jsondash as JSON, with the same auth and metadata hooks as its pages
(docs/api.md). Errors are JSON too: `{"ok": false, "message", "problems"}`.

Requests that change something (POST, DELETE) are made with the user's session and the CSRF
token in the `X-CSRFToken` header, or with whatever the host app authenticates and exempts
(for example a bearer token of its own: see docs/api.md)."""


def openapi_document(server_url: str = "/", session_cookie: str = "session") -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API mounted at ``server_url`` (the script root and the
    blueprint's prefix; its paths start with ``/jsondash/api``)."""
    return {
        "openapi": OPENAPI_VERSION,
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {
            "title": "flask_jsondash dashboards API",
            "version": __version__,
            "description": DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "servers": [{"url": server_url}],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": _responses(),
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": session_cookie,
                    "description": "The host app's session (its login).",
                },
                "csrfToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-CSRFToken",
                    "description": "The session's CSRF token (the pages carry it).",
                },
                "host": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Whatever the host app authenticates itself and exempts "
                    "from the CSRF check (flask_jsondash.csrf.exempt_this_request).",
                },
            },
        },
        "security": [{}, {"session": []}, {"host": []}],
    }
