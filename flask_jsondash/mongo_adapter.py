"""The original's ``flask_jsondash.mongo_adapter``: ``Db``, the MongoDB adapter
(:mod:`flask_jsondash.storage.mongo`)."""

from .storage.mongo import Db

__all__ = ["Db"]
