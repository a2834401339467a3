"""A second visit costs almost nothing: versioned static URLs kept for a year, the plain ones
still working, ETags and 304s, compression for clients that accept it, and asset URLs computed
once per app and context, not on every page."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re

import pytest
from flask import Flask, Response
from helpers import ROOT, dashboard, make_app, module, post

from flask_jsondash import JsonDash, assets, compression
from flask_jsondash.assets import clear_caches, static_url
from flask_jsondash.db import get_db_handler

STATIC = os.path.join(ROOT, "flask_jsondash", "static")
YEAR = "max-age=31536000"
GZIP = {"Accept-Encoding": "gzip, deflate"}
VERSIONED = re.compile(r'(?:src|href)="((?:/\w+)?/jsondash/v/([0-9a-f]{12})/([^"]+))"')


@pytest.fixture(autouse=True)
def fresh_digests():
    """Each test takes the digests of the files as they are when it runs."""
    clear_caches()
    yield


@pytest.fixture
def app(tmp_path):
    return make_app("sqlite", tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def page_url(app) -> str:
    doc = dashboard(modules=[module()])
    with app.app_context():
        get_db_handler().create(doc)
    return f"/charts/{doc['id']}"


def digest_of(filename: str) -> str:
    with open(os.path.join(STATIC, filename), "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:12]


def linked(html: str) -> dict[str, str]:
    """{file in static/: its URL} of every versioned URL a page links."""
    return {path: url for url, _digest, path in VERSIONED.findall(html)}


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}


# Versioned URLs ------------------------------------------------------------------------------


def test_pages_link_static_files_at_urls_with_their_contents_digest(client, page_url):
    html = client.get(page_url).text
    urls = linked(html)
    for filename in ("vendor/c3/c3.min.js", "js/renderers/c3.js"):
        assert urls[filename] == f"/jsondash/v/{digest_of(filename)}/{filename}"
    # The runtime and the page's styles come in bundles (assets.BUNDLES), named by the digests
    # of their parts.
    for bundle, parts in assets.BUNDLES.items():
        combined = hashlib.sha256(" ".join(digest_of(part) for part in parts).encode())
        assert urls[bundle] == f"/jsondash/v/{combined.hexdigest()[:12]}/{bundle}"
    # Nothing the page loads is at a plain URL of the blueprint.
    assert not re.findall(r'(?:src|href)="/jsondash/(?!v/)[^"]+\.(?:js|css)"', html)
    index = client.get("/charts/").text
    assert linked(index)["css/app.css"] == f"/jsondash/v/{digest_of('css/app.css')}/css/app.css"


def test_a_bundle_is_its_parts_in_order_kept_for_a_year_and_compressed(client):
    url = static_url_for(client, "js/bundles/runtime.js")
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert {"public", YEAR, "immutable"} <= cache_control(response)
    body = response.data.decode()
    at = -1
    for part in assets.BUNDLES["js/bundles/runtime.js"]:
        with open(os.path.join(STATIC, part), encoding="utf-8") as handle:
            text = handle.read().rstrip()
        found = body.find(text)
        assert found > at, part
        at = found
    packed = client.get(url, headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.data) == response.data
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304


def test_a_style_sheet_bundle_keeps_every_rule_of_its_parts(client):
    """No semicolon between style sheets: a stray one would swallow the next rule."""
    body = client.get(static_url_for(client, "css/dashboard.css")).data.decode()
    for part in assets.BUNDLES["css/dashboard.css"]:
        with open(os.path.join(STATIC, part), encoding="utf-8") as handle:
            assert handle.read().rstrip() in body
    assert "\n;" not in body


def test_a_bundle_follows_a_change_of_its_parts(tmp_path, monkeypatch):
    (tmp_path / "js").mkdir()
    first, second = tmp_path / "js" / "a.js", tmp_path / "js" / "b.js"
    first.write_text("window.a = 1")  # no semicolon: the bundle ends each part with one
    second.write_text("window.b = 2;\n")
    monkeypatch.setattr(assets, "STATIC_DIR", str(tmp_path))
    monkeypatch.setitem(assets.BUNDLES, "js/bundles/test.js", ("js/a.js", "js/b.js"))
    found = assets.static_file("js/bundles/test.js")
    with open(found.path, encoding="utf-8") as handle:
        text = handle.read()
    assert text.index("window.a = 1\n;") < text.index("window.b = 2;")
    second.write_text("window.b = 3;\n")
    os.utime(second, ns=(1, 1))
    changed = assets._static_files.get("js/bundles/test.js", recheck=True)
    assert changed.digest != found.digest
    with open(changed.path, encoding="utf-8") as handle:
        assert "window.b = 3;" in handle.read()
    # A part that is gone: no bundle (404), not half of one.
    second.unlink()
    assert assets._static_files.get("js/bundles/test.js", recheck=True) is None


def test_the_editors_family_assets_are_versioned_too(client, page_url):
    # The editor's settings list what adding a chart of another family loads.
    html = client.get(page_url).text
    digest = digest_of("js/renderers/plotlystandard.js")
    assert f"/jsondash/v/{digest}/js/renderers/plotlystandard.js" in html
    assert "/jsondash/vendor/plotly.js-dist-min/" not in html


def test_a_versioned_file_is_kept_for_a_year(client):
    url = static_url_for(client, "vendor/c3/c3.min.js")
    response = client.get(url)
    assert response.status_code == 200
    assert {"public", YEAR, "immutable"} <= cache_control(response)
    assert response.headers["ETag"] == f'"{digest_of("vendor/c3/c3.min.js")}"'
    with open(os.path.join(STATIC, "vendor/c3/c3.min.js"), "rb") as handle:
        assert response.data == handle.read()
    response.close()


def static_url_for(client, filename: str) -> str:
    with client.application.test_request_context():
        return static_url(filename)


def test_the_plain_url_still_works_with_the_short_max_age(client, app):
    response = client.get("/jsondash/vendor/c3/c3.min.js")
    assert response.status_code == 200 and len(response.data) > 100_000
    assert "max-age=3600" in cache_control(response)
    assert "immutable" not in cache_control(response)
    response.close()
    app.config["JSONDASH_ASSET_MAX_AGE"] = 60
    response = client.get("/jsondash/css/app.css")
    assert "max-age=60" in cache_control(response)
    response.close()


def test_another_digest_gets_the_file_as_it_is_now_briefly_cached(client):
    # A page of an older release, or a style sheet's relative reference (fonts, images).
    response = client.get("/jsondash/v/000000000000/css/app.css")
    assert response.status_code == 200 and ".jsondash" in response.text
    assert "immutable" not in cache_control(response)
    assert "max-age=3600" in cache_control(response)
    response.close()


@pytest.mark.parametrize(
    "path",
    [
        "/jsondash/v/abc/../settings.py",
        "/jsondash/v/abc/%2e%2e/db.py",
        "/jsondash/v/abc/nope.js",
        "/jsondash/v/abc/vendor/",
        "/jsondash/v/abc/a%00b.js",
        "/jsondash/a%00b.js",
        "/jsondash/v/abc/" + "x" * 5000 + ".js",
    ],
)
def test_versioned_urls_outside_the_folder_or_of_no_file_are_404(client, path):
    assert client.get(path).status_code == 404


def test_versioned_urls_off_links_the_plain_ones(client, app, page_url):
    app.config["JSONDASH_VERSIONED_ASSETS"] = False
    html = client.get(page_url).text
    assert "/jsondash/v/" not in html
    assert 'src="/jsondash/vendor/c3/c3.min.js"' in html


@pytest.fixture
def own_static(tmp_path, monkeypatch):
    """A static folder of the test's own, with js/thing.js in it."""
    folder = tmp_path / "static"
    (folder / "js").mkdir(parents=True)
    (folder / "js" / "thing.js").write_text("console.log('one');\n" * 100)
    monkeypatch.setattr(assets, "STATIC_DIR", str(folder))
    yield folder / "js" / "thing.js"
    clear_caches()


def test_changing_a_files_content_changes_its_url(app, own_static):
    client = app.test_client()
    with app.test_request_context():
        first = static_url("js/thing.js")
    assert client.get(first).status_code == 200
    own_static.write_text("console.log('two, longer');\n" * 100)
    with app.test_request_context():
        assert static_url("js/thing.js") == first  # digests are taken once per process
    clear_caches(app)
    with app.test_request_context():
        second = static_url("js/thing.js")
    assert second != first
    digest = hashlib.sha256(own_static.read_bytes()).hexdigest()[:12]
    assert second == f"/jsondash/v/{digest}/js/thing.js"
    response = client.get(second)
    assert "immutable" in cache_control(response) and b"two, longer" in response.data
    response.close()
    # The old URL still answers, with the file as it is now, cached briefly.
    response = client.get(first)
    assert "immutable" not in cache_control(response) and b"two, longer" in response.data
    response.close()


def test_in_debug_mode_a_changed_file_gets_a_new_url_at_once(app, own_static):
    app.debug = True
    with app.test_request_context():
        first = static_url("js/thing.js")
    own_static.write_text("console.log('changed');\n" * 50)
    os.utime(own_static, ns=(1, 1))  # a different time, whatever the clock's resolution
    with app.test_request_context():
        assert static_url("js/thing.js") != first


# ETags and 304 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", [{}, GZIP])
@pytest.mark.parametrize("versioned", [True, False])
def test_if_none_match_answers_304(client, encoding, versioned):
    url = static_url_for(client, "js/app.js") if versioned else "/jsondash/js/app.js"
    first = client.get(url, headers=encoding)
    etag = first.headers["ETag"]
    first.close()
    again = client.get(url, headers={**encoding, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Vary"] == "Accept-Encoding"
    other = client.get(url, headers={**encoding, "If-None-Match": '"something-else"'})
    assert other.status_code == 200
    other.close()


def test_the_compressed_and_plain_files_have_different_etags(client):
    plain = client.get("/jsondash/js/app.js")
    packed = client.get("/jsondash/js/app.js", headers=GZIP)
    assert plain.headers["ETag"] != packed.headers["ETag"]
    plain.close()
    packed.close()


# Compression ---------------------------------------------------------------------------------


def test_static_files_are_gzipped_when_accepted_and_not_otherwise(client):
    url = static_url_for(client, "vendor/c3/c3.min.js")
    plain = client.get(url)
    packed = client.get(url, headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert plain.headers["Vary"] == packed.headers["Vary"] == "Accept-Encoding"
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 3
    assert gzip.decompress(packed.data) == plain.data
    assert {"public", YEAR, "immutable"} <= cache_control(packed)
    assert packed.mimetype == plain.mimetype
    plain.close()
    packed.close()


def test_a_static_file_is_compressed_once_per_process(client, monkeypatch):
    made = []
    compress = compression._compress_file

    def counting(data: bytes, encoding: str):
        made.append(encoding)
        return compress(data, encoding)

    monkeypatch.setattr(compression, "_compress_file", counting)
    compression.clear_compressed_files()
    for _ in range(3):
        client.get("/jsondash/js/api.js", headers=GZIP).close()
        client.get(static_url_for(client, "js/api.js"), headers=GZIP).close()
    assert made == ["gzip"]


def test_no_encoding_the_client_refuses(client):
    response = client.get("/jsondash/js/app.js", headers={"Accept-Encoding": "gzip;q=0, br;q=0"})
    assert "Content-Encoding" not in response.headers
    response.close()


def test_pages_are_gzipped_when_accepted(client, page_url):
    plain = client.get(page_url)
    packed = client.get(page_url, headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert (
        "Accept-Encoding" in plain.headers["Vary"] and "Accept-Encoding" in packed.headers["Vary"]
    )
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data) / 2
    # The same page (its CSRF token is the session's; a new session may make one).
    assert gzip.decompress(packed.data).decode() == client.get(page_url).text


def test_compressed_pages_keep_their_security_headers(client, page_url):
    plain = client.get(page_url)
    packed = client.get(page_url, headers=GZIP)
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert packed.headers[name] == plain.headers[name]


def test_json_answers_are_gzipped_when_accepted(client):
    plain = client.get("/jsondash/api/schema.json")
    packed = client.get("/jsondash/api/schema.json", headers=GZIP)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed.data)) == plain.get_json()
    assert packed.mimetype == plain.mimetype


def test_the_gzip_header_pads_pages_by_a_random_length(client, page_url):
    # BREACH: the size of a page carrying a secret must not tell how well a guess compressed.
    sizes = {len(client.get(page_url, headers=GZIP).data) for _ in range(8)}
    assert len(sizes) > 1


def test_small_bodies_are_not_compressed(client):
    response = client.post(
        "/jsondash/api/validate", json={"name": "x", "modules": []}, headers=GZIP
    )
    assert response.status_code == 200 and len(response.data) < compression.MIN_BYTES
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" not in response.headers.get("Vary", "")


def test_compression_off(client, app, page_url):
    app.config["JSONDASH_COMPRESS"] = False
    for url in (page_url, "/jsondash/js/app.js", static_url_for(client, "js/app.js")):
        response = client.get(url, headers=GZIP)
        assert "Content-Encoding" not in response.headers
        assert "Accept-Encoding" not in response.headers.get("Vary", "")
        response.close()


def test_streamed_encoded_and_no_transform_responses_are_left_alone(app):
    body = b"x" * 5000
    with app.test_request_context(headers=GZIP):
        from flask import request

        streamed = Response(iter([body]), mimetype="text/html")
        assert compression.compress_response(streamed, request) is streamed
        assert "Content-Encoding" not in streamed.headers
        encoded = Response(gzip.compress(body), mimetype="text/html")
        encoded.headers["Content-Encoding"] = "gzip"
        assert compression.compress_response(encoded, request).data == gzip.compress(body)
        kept = Response(body, mimetype="text/html")
        kept.cache_control.no_transform = True
        assert compression.compress_response(kept, request).data == body
        image = Response(body, mimetype="image/png")
        assert compression.compress_response(image, request).data == body
        page = Response(body, mimetype="text/html")
        page.set_etag("abc")
        page = compression.compress_response(page, request)
        assert gzip.decompress(page.data) == body
        assert page.headers["ETag"] == 'W/"abc-gzip"'


def text_of(response) -> str:
    if response.headers.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.data).decode()
    return response.text


def test_a_too_large_request_is_still_413_and_readable(client, app):
    app.config["JSONDASH_MAX_REQUEST_BYTES"] = 2048
    response = post(client, "/charts/create", {"name": "x" * 5000}, headers=GZIP)
    assert response.status_code == 413
    assert "This request is too large" in text_of(response)
    assert int(response.headers["Content-Length"]) == len(response.data)


def test_a_missing_csrf_token_is_still_refused(client):
    response = client.post("/charts/create", data={"name": "x"}, headers=GZIP)
    assert response.status_code == 400
    assert "security token" in text_of(response)


@pytest.mark.skipif(compression.brotli is None, reason="the brotli module is not installed")
def test_brotli_for_static_files_when_installed(client):
    response = client.get("/jsondash/js/app.js", headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    assert compression.brotli.decompress(response.data) == client.get("/jsondash/js/app.js").data


# Asset URLs computed once per app and context ---------------------------------------------------


def test_a_second_view_builds_no_asset_url(client, page_url, monkeypatch):
    calls = []
    real = assets.url_for

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(assets, "url_for", counting)
    first = client.get(page_url).text
    assert len(calls) > 20
    calls.clear()
    second = client.get(page_url).text
    assert calls == []
    assert linked(first) == linked(second)


def test_url_caches_follow_the_script_root(client, page_url):
    plain = linked(client.get(page_url).text)
    mounted = client.get(page_url, environ_overrides={"SCRIPT_NAME": "/tools"})
    prefixed = linked(mounted.text)
    assert prefixed
    assert all(url == "/tools" + plain[path] for path, url in prefixed.items())
    assert linked(client.get(page_url).text) == plain


def test_url_caches_follow_the_settings(client, app, page_url):
    local = client.get(page_url).text
    assert "/jsondash/v/" in local and "cdn.jsdelivr.net" not in local
    app.config["JSONDASH_CDN"] = True
    cdn = client.get(page_url).text
    assert "https://cdn.jsdelivr.net/npm/c3@" in cdn
    app.config["JSONDASH_CDN"] = False
    app.config["JSONDASH"] = {"static": {"js_path": "js/vendor/", "css_path": "css/vendor/"}}
    assert 'src="/static/js/vendor/c3.min.js"' in client.get(page_url).text
    app.config["JSONDASH"] = {}
    assert client.get(page_url).text.count("/jsondash/v/") == local.count("/jsondash/v/")


def test_two_apps_keep_their_own_urls(tmp_path, page_url, app):
    other = make_app("sqlite", tmp_path / "other", JSONDASH_CDN=True)
    doc = dashboard(modules=[module()])
    with other.app_context():
        get_db_handler().create(doc)
    ours = app.test_client().get(page_url).text
    theirs = other.test_client().get(f"/charts/{doc['id']}").text
    assert "cdn.jsdelivr.net/npm/c3@" in theirs and "cdn.jsdelivr.net/npm/c3@" not in ours
    assert "cdn.jsdelivr.net/npm/c3@" not in app.test_client().get(page_url).text


def test_a_family_registered_later_is_on_the_next_page(tmp_path):
    from flask_jsondash import Asset, Family

    app = Flask("caching_families", instance_path=str(tmp_path / "instance"))
    app.config.update(
        TESTING=True,
        SECRET_KEY="x",
        CHARTS_ACTIVE_DB="sqlite",
        CHARTS_DB_PATH=str(tmp_path / "d.sqlite3"),
    )
    jsondash = JsonDash(app)
    doc = dashboard(modules=[module(family="Numbers", type="big-number")])
    with app.app_context():
        get_db_handler().create(doc)
    client = app.test_client()
    assert "/static/js/bignumbers.js" not in client.get(f"/charts/{doc['id']}").text
    jsondash.register_family(
        Family(
            name="Numbers",
            charts=(("big-number", "A big number"),),
            assets=(Asset(url="/static/js/bignumbers-lib.js"),),
            renderer="/static/js/bignumbers.js",
        )
    )
    assert "/static/js/bignumbers.js" in client.get(f"/charts/{doc['id']}").text
