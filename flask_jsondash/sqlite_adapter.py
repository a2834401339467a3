"""``flask_jsondash.sqlite_adapter``: ``Db``, the SQLite adapter
(:mod:`flask_jsondash.storage.sqlite`)."""

from .storage.sqlite import Db

__all__ = ["Db"]
