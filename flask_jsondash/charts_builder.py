"""The original's ``flask_jsondash.charts_builder``: the ``charts`` blueprint and its helpers.

Register the blueprint on any Flask app, as with the original::

    from flask_jsondash.charts_builder import charts
    app.register_blueprint(charts)

(or use :class:`flask_jsondash.JsonDash`). The code lives in :mod:`flask_jsondash.views`
(routes), :mod:`flask_jsondash.dashboards` (the rules), :mod:`flask_jsondash.permissions`
(hooks) and :mod:`flask_jsondash.templating`; this module keeps the original's names.
``auth`` and ``metadata`` are looked up here by the routes, so replacing them here (as the
original's tests and some hosts do) changes every route.
"""

from __future__ import annotations

from . import db, settings, utils
from .assets import get_active_assets, get_all_assets, local_static
from .dashboards import categories as get_categories
from .permissions import auth, can_edit, check_global, metadata
from .schema import InvalidSchemaError, validate_raw_json
from .templating import get_dims, js_text, jsonstring, widget_box
from .utils import adapter, setting
from .views import STATIC_DIR, TEMPLATE_DIR, charts, ctx
from .views.api import schema, validate
from .views.pages import clone, create, dashboard, delete, update, view

#: The original's name: libraries every dashboard page loads (labels of CHARTS_CONFIG).
REQUIRED_STATIC_FAMILES: list[str] = []

__all__ = [
    "REQUIRED_STATIC_FAMILES",
    "STATIC_DIR",
    "TEMPLATE_DIR",
    "InvalidSchemaError",
    "adapter",
    "auth",
    "can_edit",
    "charts",
    "check_global",
    "clone",
    "create",
    "ctx",
    "dashboard",
    "db",
    "delete",
    "get_active_assets",
    "get_all_assets",
    "get_categories",
    "get_dims",
    "js_text",
    "jsonstring",
    "local_static",
    "metadata",
    "schema",
    "setting",
    "settings",
    "update",
    "utils",
    "validate",
    "validate_raw_json",
    "view",
    "widget_box",
]
