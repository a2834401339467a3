"""Compressed responses, for clients that accept them (``JSONDASH_COMPRESS``, on by default).

Two kinds of responses, compressed two ways:

- **The blueprint's static files** (the runtime, styles, vendored libraries): each is compressed
  once per process, at the best level, the first time a client asks for it, and the bytes are
  kept (:func:`compressed_file`); no request compresses a file again. gzip always; brotli too
  when the ``brotli`` module is installed (14% smaller than gzip over the static folder), for
  clients that prefer it.
- **Pages and JSON answers** (:func:`compress_response`, after every request of the blueprint):
  gzip at level 6. Pages carry a CSRF token and may repeat what a request sent, so, as in
  Django's GZipMiddleware, the gzip header gets a file name of random length (0-99 bytes):
  the length of a response then says too little to guess a secret with (BREACH).

Neither touches bodies under :data:`MIN_BYTES`, streamed or pass-through responses, ranges,
responses that already have a ``Content-Encoding``, or ``Cache-Control: no-transform``; and a
response that could have been compressed says ``Vary: Accept-Encoding``. Content-Length stays
that of the bytes sent.
"""

from __future__ import annotations

import gzip
import secrets
import threading

from flask import Request, Response

from .assets import StaticFile

try:  # optional: pip install flask_jsondash[brotli]
    import brotli  # type: ignore[import-untyped,import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - depends on the installation
    brotli = None

#: Bodies smaller than this are sent as they are: the headers would cost more than is saved.
MIN_BYTES = 1024
#: Larger static files are sent as they are, not kept compressed in memory.
MAX_STATIC_BYTES = 32 * 1024 * 1024
DYNAMIC_GZIP_LEVEL = 6
STATIC_GZIP_LEVEL = 9
STATIC_BROTLI_QUALITY = 9
#: The random file name in a page's gzip header is shorter than this (see the docstring).
MAX_PADDING = 100

_COMPRESSIBLE_TYPES = {
    "application/javascript",
    "application/json",
    "application/xml",
    "application/vnd.ms-fontobject",
    "font/otf",
    "font/ttf",
    "image/svg+xml",
    "image/x-icon",
}


def compressible(mimetype: str | None) -> bool:
    """Whether a body of this type gets smaller compressed (text, JSON, scripts, SVG...)."""
    if not mimetype:
        return False
    return (
        mimetype.startswith("text/")
        or mimetype in _COMPRESSIBLE_TYPES
        or mimetype.endswith(("+json", "+xml"))
    )


def static_encodings() -> list[str]:
    """The encodings static files are offered in, preferred first."""
    return ["br", "gzip"] if brotli is not None else ["gzip"]


def negotiate(request: Request, offers: list[str]) -> str | None:
    """The encoding of ``offers`` that the client accepts best (ties: the first offer)."""
    if "Accept-Encoding" not in request.headers:
        return None
    return request.accept_encodings.best_match(offers)


# Static files ---------------------------------------------------------------------------------


class _CompressedFiles:
    """Static files' compressed bytes, by (path, encoding), for the digest they were made of.

    The set of files is the package's static folder, so this holds at most one copy of each
    file per encoding (about 4 MB in gzip for every vendored library)."""

    def __init__(self) -> None:
        self._bytes: dict[tuple[str, str], tuple[str, bytes | None]] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    def get(self, found: StaticFile, encoding: str) -> bytes | None:
        key = (found.path, encoding)
        hit = self._bytes.get(key)
        if hit is not None and hit[0] == found.digest:
            return hit[1]
        # One thread compresses a file; others asking for it meanwhile wait for its bytes.
        with self._locks.setdefault(key, threading.Lock()):
            hit = self._bytes.get(key)
            if hit is not None and hit[0] == found.digest:
                return hit[1]
            with open(found.path, "rb") as handle:
                data = handle.read()
            packed: bytes | None = _compress_file(data, encoding)
            if packed is not None and len(packed) >= len(data):
                packed = None  # no smaller: send the file as it is
            self._bytes[key] = (found.digest, packed)
            return packed

    def clear(self) -> None:
        self._bytes.clear()


def _compress_file(data: bytes, encoding: str) -> bytes | None:
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=STATIC_GZIP_LEVEL, mtime=0)
    if encoding == "br" and brotli is not None:
        return bytes(brotli.compress(data, quality=STATIC_BROTLI_QUALITY))
    return None


_compressed_files = _CompressedFiles()


def compressed_file(found: StaticFile, encoding: str) -> bytes | None:
    """The static file ``found`` in ``encoding``, compressed once per process; None when it
    is not worth it (too large, or no smaller compressed)."""
    if found.size > MAX_STATIC_BYTES or found.size < MIN_BYTES:
        return None
    return _compressed_files.get(found, encoding)


def clear_compressed_files() -> None:
    """Forget every compressed static file (they are made again when asked for)."""
    _compressed_files.clear()


# Pages and JSON answers ------------------------------------------------------------------------


def gzip_with_padding(data: bytes, level: int = DYNAMIC_GZIP_LEVEL) -> bytes:
    """``data`` in gzip, with a file name of random length in the header (BREACH)."""
    packed = gzip.compress(data, compresslevel=level, mtime=0)
    header = bytearray(packed[:10])
    header[3] |= 0x08  # FNAME: a zero-terminated file name follows the 10-byte header
    name = b"a" * secrets.randbelow(MAX_PADDING) + b"\x00"
    return bytes(header) + name + packed[10:]


def _may_compress(response: Response) -> bool:
    return (
        200 <= response.status_code < 600
        and response.status_code not in (204, 206, 304)
        and not response.direct_passthrough
        and not response.is_streamed
        and "Content-Encoding" not in response.headers
        and "Content-Range" not in response.headers
        and not response.cache_control.no_transform
        and compressible(response.mimetype)
    )


def compress_response(response: Response, request: Request) -> Response:
    """``response`` in gzip when the client accepts it and it is worth it (see the module's
    docstring); ``Vary: Accept-Encoding`` whenever that could have been the case."""
    if not _may_compress(response):
        return response
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    response.vary.add("Accept-Encoding")
    if negotiate(request, ["gzip"]) != "gzip":
        return response
    response.set_data(gzip_with_padding(body))
    response.headers["Content-Encoding"] = "gzip"
    _retag(response, "gzip")
    return response


def _retag(response: Response, encoding: str) -> None:
    """Give an encoded response an ETag of its own (the same ETag for two different bodies
    would let a cache answer one with the other); weak, as its bytes vary."""
    tag, _weak = response.get_etag()
    if tag:
        response.set_etag(f"{tag}-{encoding}", weak=True)
