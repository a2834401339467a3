"""flask_jsondash: chart dashboards for Flask apps, from JSON configuration only.

Set it up as an extension::

    from flask_jsondash import JsonDash
    JsonDash(app)

or register the blueprint, as with the original::

    from flask_jsondash.charts_builder import charts
    app.register_blueprint(charts)
"""

__version__ = "7.0.0"

from .extension import JsonDash  # noqa: E402  (after __version__, which the views read)
from .families import Asset, Family, npm  # noqa: E402

__all__ = ["Asset", "Family", "JsonDash", "__version__", "npm"]
