"""flask_jsondash: chart dashboards for Flask apps, from JSON configuration only.

Register the blueprint::

    from flask_jsondash.charts_builder import charts
    app.register_blueprint(charts)
"""

__version__ = "7.0.0"
