"""Property-based fuzzing of every route: no request a client can send gets a response >= 500.

Hypothesis generates requests (methods, ids in the URL, query strings, Accept headers, CSRF
tokens, form fields and raw bodies) and dashboard documents: valid ones built from the
dashboard JSON Schema (:func:`flask_jsondash.schema.dashboard_json_schema`) and hostile
mutations of them (keys dropped, types changed, NaN / Infinity / huge numbers in the JSON
text, lone surrogates, deep nesting, ``$``-prefixed and NUL keys, javascript:/data: URLs,
very long strings, non-objects). After every request:

- the status is below 500 (the apps run with TESTING, so an error raises here, with its
  traceback, instead of answering 500);
- a refused request (>= 400) and any request that cannot change anything left the store as
  it was;
- every dashboard a request added or changed opens (200, and the JSON embedded in the page
  parses without NaN or Infinity), and the index still answers 200.

Each test runs on SQLite and mongomock (and a real MongoDB when CHARTS_TEST_MONGO_URI is
set). Profiles: ``ci`` (the default, in ``make test``: few examples, derandomized) and
``fuzz`` (``make fuzz``: thousands), chosen with ``HYPOTHESIS_PROFILE``.

hypothesis-jsonschema cannot be used: its 0.23.1 fails on current Hypothesis
("'many' object has no attribute 'more'"), so :func:`schema_node` below generates from the
schema's structure itself (type, enum, const, anyOf, $ref, properties/required,
if/then/else in allOf, items, lengths, patterns and bounds).

What the fuzzing found is pinned by plain tests at the end of this file.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, quote_from_bytes

import pytest
from helpers import BACKENDS, CSRF_TOKEN, dashboard, make_app, module
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from flask_jsondash.csrf import SESSION_KEY
from flask_jsondash.db import get_db_handler
from flask_jsondash.limits import SAFE_INTEGER
from flask_jsondash.schema import (
    DEFAULT_REFRESH_INTERVALS,
    INTERVAL_PATTERN,
    MAX_VARIABLE_NAME,
    absolute_time,
    dashboard_json_schema,
)

# Profiles ------------------------------------------------------------------------------------

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("HYPOTHESIS_CI_EXAMPLES", "50")),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=_QUIET,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# The apps ------------------------------------------------------------------------------------

SEED_ID = "seed-freeform-0001"
GRID_ID = "seed-grid-0002"
SEED_IDS = (SEED_ID, GRID_ID)


def _seeds() -> list[dict]:
    return [
        dashboard(id=SEED_ID, name="Seed", category="Seeds"),
        dashboard(
            id=GRID_ID,
            name="Grid seed",
            layout="grid",
            category=None,
            modules=[module("g-1", width="col-6", row=1), module("g-2", width=6, row=2)],
        ),
    ]


class Harness:
    """One app on one store, reset to the two seed dashboards before each example."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def store(self) -> Any:
        return get_db_handler(self.app)

    def reset(self, extra: int = 0) -> None:
        with self.app.app_context():
            store = get_db_handler()
            store.remove_all()
            docs = _seeds()
            docs += [dashboard(name=f"Extra {i}", category=f"C{i % 3}") for i in range(extra)]
            store.create_many(docs)

    def snapshot(self) -> dict[str, str]:
        with self.app.app_context():
            return {
                str(doc.get("id")): json.dumps(doc, sort_keys=True, default=str)
                for doc in get_db_handler().documents()
            }

    def client(self, csrf: bool = True) -> Any:
        client = self.app.test_client()
        if csrf:
            with client.session_transaction() as session:
                session[SESSION_KEY] = CSRF_TOKEN
        return client


@dataclass
class Request:
    """A request as sent, for the failure report."""

    method: str
    path: str
    query: str = ""
    headers: dict | None = None
    body: bytes | None = None
    content_type: str | None = None
    #: The route's template, for the statistics (--hypothesis-show-statistics).
    route: str = ""

    def __str__(self) -> str:
        body = self.body if self.body is None or len(self.body) < 600 else self.body[:600] + b"..."
        return (
            f"{self.method} {self.path}{'?' + self.query if self.query else ''}\n"
            f"  headers: {self.headers}\n  content-type: {self.content_type}\n  body: {body!r}"
        )


def send(client: Any, req: Request) -> Any:
    note(f"request: {req}")
    response = client.open(
        req.path,
        method=req.method,
        query_string=req.query,
        headers=req.headers or {},
        data=req.body,
        content_type=req.content_type,
    )
    note(f"status: {response.status_code}")
    route = req.route or req.path.replace(SEED_ID, "{id}").replace(GRID_ID, "{id}")
    event(f"{req.method} {route}: {response.status_code}")
    assert response.status_code < 500, f"{response.status_code} for\n{req}\n{response.text[:500]}"
    return response


CONFIG_SCRIPT = re.compile(
    r'<script type="application/json" id="jsondash-config">(.*?)</script>', re.S
)


def _no_constants(name: str) -> Any:
    raise AssertionError(f"the page's config holds {name}, which JSON does not allow")


def assert_opens(h: Harness, c_id: str) -> None:
    """The dashboard's page answers 200 and its embedded config is strict JSON."""
    response = h.app.test_client().get(f"/charts/{quote(c_id, safe='')}")
    assert response.status_code == 200, f"dashboard {c_id!r} does not open: {response.status}"
    found = CONFIG_SCRIPT.search(response.text)
    assert found, "the page embeds its config"
    config = json.loads(found.group(1), parse_constant=_no_constants)
    assert isinstance(config, dict)


def check_store(h: Harness, before: dict[str, str], response: Any, may_change: bool) -> bool:
    """The store invariants after one request; whether the store changed."""
    after = h.snapshot()
    if response.status_code >= 400 or not may_change:
        assert after == before, f"a {response.status_code} answer changed the store"
    changed = [c_id for c_id, doc in after.items() if before.get(c_id) != doc]
    for c_id in changed:
        assert_opens(h, c_id)
    if after != before:
        assert h.app.test_client().get("/charts/").status_code == 200
    return after != before


#: App settings the tests run under: the defaults, and users with global dashboards (the
#: index lists one user's dashboards and the global ones; saves set created_by).
VARIANTS = {
    "defaults": {},
    "owners": {
        "JSONDASH_GLOBALDASH": True,
        "JSONDASH_FILTERUSERS": True,
        "JSONDASH": {"metadata": {"username": lambda: "fuzzer", "created_by": lambda: "fuzzer"}},
    },
}


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz_backend(request) -> str:
    return request.param


@pytest.fixture(scope="module", params=list(VARIANTS))
def harness(request, fuzz_backend, tmp_path_factory) -> Any:
    backend, variant = fuzz_backend, request.param
    folder = tmp_path_factory.mktemp(f"fuzz-{backend}-{variant}")
    app = make_app(backend, folder, **VARIANTS[variant])
    yield Harness(app)
    if backend == "mongo":
        with app.app_context():
            get_db_handler().coll.drop()


@pytest.fixture(scope="module")
def wtf_harness(tmp_path_factory) -> Any:
    """An app whose host uses Flask-WTF's CSRFProtect (which the blueprint then defers to)."""
    from flask_wtf.csrf import CSRFProtect

    app = make_app("sqlite", tmp_path_factory.mktemp("fuzz-wtf"))
    app.config.update(TESTING=False, PROPAGATE_EXCEPTIONS=True)  # Flask-WTF skips when testing
    CSRFProtect(app)
    return Harness(app)


# Plain values ----------------------------------------------------------------------------------

SAFE_INTS = st.integers(-SAFE_INTEGER, SAFE_INTEGER)
FINITE = st.floats(allow_nan=False, allow_infinity=False)
SAFE_KEYS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True)
SAFE_JSON = st.recursive(
    st.none() | st.booleans() | SAFE_INTS | FINITE | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SAFE_KEYS, inner, max_size=3),
    max_leaves=6,
)
#: Any JSON a client could write, keys included.
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _nested(depth: int) -> list:
    value: list = [1]
    for _ in range(depth):
        value = [value]
    return value


#: Values no dashboard may hold, or that have hurt pages before.
HOSTILE_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    2**53,
    -(2**63),
    2**64,
    10**30,
    1e308,
    -0.0,
    5e-324,
    "\ud800",
    "a\udfffb",
    "a\x00b",
    "javascript:alert(document.domain)",
    " java\tscript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "</script><script>alert(1)</script>",
    "<!--<script>",
    "{{ 7 * 7 }}",
    "{% raw %}",
    "x" * 20_000,
    "é" * 3_000,
    "",
    " ",
    "\u202e\ufeff",
    True,
    False,
    None,
    [],
    {},
    {"$gt": ""},
    {"$where": "sleep(1000)"},
    {"a.b": 1},
    _nested(40),
]
HOSTILE_KEYS = [
    "$where",
    "$set",
    "$",
    "a\x00b",
    "\x00",
    "\ud800",
    "",
    " ",
    "a.b",
    "_id",
    "__proto__",
    "constructor",
    "unreadable",
    "k" * 5_000,
]
#: Tokens put into the JSON text itself (where a marker string stands in the document).
HOSTILE_TOKENS = [
    "NaN",
    "-NaN",
    "Infinity",
    "-Infinity",
    "1e999",
    "-1e999",
    "1E400",
    "1.0e-400",
    "-0",
    "9" * 5_000,
    "1" + "0" * 400,
    "9007199254740993",
    "0x10",
    "01",
    "[" * 40 + "]" * 40,
    "[" * 2_000 + "]" * 2_000,
    '{"a":' * 1_500 + "1" + "}" * 1_500,
    "[" * 50_000,
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\u0000"',
    "undefined",
    "'single'",
    '{"a":1,"a":2}',
]
MARKER = "\x00@@TOKEN@@"


def raw_text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Text as a client may send it: any code point, lone surrogates included."""
    return st.text(st.characters(codec=None, exclude_categories=()), max_size=max_size)


def header_value(text: str) -> str:
    """``text`` as an HTTP header carries it: bytes read as latin-1, no line breaks."""
    return re.sub(r"[\r\n]", "", to_bytes(text).decode("latin-1"))


def to_bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")


def urlencoded(fields: list[tuple[Any, Any]]) -> bytes:
    return "&".join(
        f"{quote_from_bytes(to_bytes(k), safe='')}={quote_from_bytes(to_bytes(v), safe='')}"
        for k, v in fields
    ).encode()


BOUNDARY = "fuzzBoundary7MA4YWxkTrZu0gW"


def multipart(fields: list[tuple[Any, Any]]) -> bytes:
    parts = [
        b'--%s\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (BOUNDARY.encode(), to_bytes(k), to_bytes(v))
        for k, v in fields
    ]
    return b"".join(parts) + b"--%s--\r\n" % BOUNDARY.encode()


FORM_ENCODINGS = {
    "urlencoded": (urlencoded, "application/x-www-form-urlencoded"),
    "multipart": (multipart, f"multipart/form-data; boundary={BOUNDARY}"),
}


# Requests ------------------------------------------------------------------------------------

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND"]
ROUTES = [
    "/charts/",
    "/charts",
    "/charts/{id}",
    "/charts/create",
    "/charts/{id}/update",
    "/charts/{id}/clone",
    "/charts/{id}/delete",
    "/jsondash/api/schema.json",
    "/jsondash/api/validate",
    "/jsondash/{id}",
    "/jsondash/js/{id}",
]
#: Routes whose POSTs change dashboards.
CHANGING = re.compile(r"^/charts/(create|[^/]+/(update|clone|delete))$")

FUZZ_IDS = st.one_of(
    st.sampled_from(SEED_IDS),
    raw_text(40),
    st.sampled_from(
        [
            "..",
            ".",
            "../../../etc/passwd",
            "%00",
            "\x00",
            "a/b",
            "create",
            "null",
            "{}",
            "$where",
            "' OR 1=1 --",
            "\u202e",
            "css/../../../../x",
            "vendor",
            "js/jsondash.js",
        ]
    ),
    st.builds(
        lambda c, n: c * n,
        st.sampled_from(["a", "é", "/", "%", "\U0001f600"]),
        st.integers(200, 5000),
    ),
    st.binary(max_size=30),
)


POSTED = {
    "/charts/create",
    "/charts/{id}/update",
    "/charts/{id}/clone",
    "/charts/{id}/delete",
    "/jsondash/api/validate",
}


@st.composite
def url_paths(draw: Any) -> tuple[str, str]:
    """A route's template and a path for it, with a hostile id where it has one."""
    template = draw(st.sampled_from(ROUTES))
    c_id = draw(FUZZ_IDS)
    if draw(st.booleans()):
        part = quote_from_bytes(to_bytes(c_id), safe="")  # slashes and all encoded
    else:
        part = quote_from_bytes(to_bytes(c_id), safe="/")
    return template, template.replace("{id}", part)


QUERY_KEYS = ["page", "per_page", "embeddable", "jsondash_demo_mode", "csrf_token", "q"]
QUERY_VALUES = st.one_of(
    st.sampled_from(["1", "0", "-1", "2", "500", "501", "true", "on", "", " 1 ", "1.5", "1e3"]),
    st.integers().map(str),
    st.sampled_from(["9" * 30, "9" * 5000, "١٢", "NaN", "inf", "0x10", "1_000"]),
    raw_text(20),
)


@st.composite
def query_strings(draw: Any) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(["%", "%%%&&==", "=&=", "&&&", "a=%ZZ", "page=%FF", "page"]))
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(QUERY_KEYS) | raw_text(8), QUERY_VALUES), max_size=4)
    )
    return urlencoded(pairs).decode()


HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40)
ACCEPTS = st.one_of(
    st.sampled_from(
        [
            "application/json",
            "text/html",
            "*/*",
            "application/json;q=0.9, text/html;q=0.8",
            "text/html;q=0.1, application/json",
            "application/*",
            "",
            ";;;,,,",
            "application/json;q=NaN",
            "application/json;q=1e999, text/html;q=-1",
            "text/html;q=abc",
            "image/png",
        ]
    ),
    HEADER_TEXT,
)
CSRF_MODES = ["field", "header", "none", "wrong-field", "wrong-header", "no-session"]


@st.composite
def form_fields(draw: Any) -> list[tuple[Any, Any]]:
    """Form fields of the dashboard forms, with hostile and well-formed values."""
    names = st.sampled_from(
        [
            "name",
            "mode",
            "category",
            "category_new",
            "is_global",
            "global_toggle",
            "edit-raw",
            "config",
            "module_a1",
            "module_",
            "module_\ud800",
        ]
    )
    values = st.one_of(
        st.sampled_from(
            ["", " ", "on", "grid", "freeform", "true", "1", "{}", "[]", "null", "NaN", "{"]
        ),
        raw_text(40),
        st.sampled_from([v for v in HOSTILE_VALUES if isinstance(v, str)]),
        st.just(json.dumps(module())),
        st.builds(
            lambda m: json.dumps(m, allow_nan=True),
            st.dictionaries(st.text(max_size=8), ANY_JSON, max_size=4),
        ),
        st.binary(max_size=20),
    )
    return draw(st.lists(st.tuples(names | raw_text(10), values), max_size=6))


@st.composite
def bodies(draw: Any, fields: list) -> tuple[bytes | None, str | None]:
    kind = draw(st.sampled_from(["none", "urlencoded", "multipart", "raw"]))
    if kind == "none":
        return None, None
    if kind == "raw":
        content_type = draw(
            st.sampled_from(
                [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "multipart/form-data; boundary=",
                    "multipart/form-data; boundary=zzz",
                    "application/json",
                    "text/plain; charset=utf-16",
                    "application/x-www-form-urlencoded; charset=latin-1",
                    "",
                ]
            )
            | HEADER_TEXT
        )
        body = draw(
            st.binary(max_size=200)
            | st.sampled_from([b"--zzz\r\nContent-Disposition: form-data\r\n\r\n", b"%", b"a=%ZZ"])
        )
        return body, content_type
    encode, content_type = FORM_ENCODINGS[kind]
    return encode(fields), content_type


def csrf_setup(mode: str, fields: list, headers: dict, wrong: str) -> bool:
    """Put the token where ``mode`` says; whether the client's session holds the token."""
    if mode == "field":
        fields.insert(0, ("csrf_token", CSRF_TOKEN))
    elif mode == "header":
        headers["X-CSRFToken"] = CSRF_TOKEN
    elif mode == "wrong-field":
        fields.insert(0, ("csrf_token", wrong))
    elif mode == "wrong-header":
        headers["X-CSRFToken"] = wrong
    elif mode == "no-session":
        fields.insert(0, ("csrf_token", CSRF_TOKEN))
        return False
    return True


# Any request to any route ------------------------------------------------------------------


@given(data=st.data())
def test_any_request_to_any_route_answers_below_500(harness, data):
    harness.reset()
    template, path = data.draw(url_paths(), "path")
    natural = "POST" if template in POSTED else "GET"
    method = data.draw(st.sampled_from([natural, natural, natural, *METHODS]), "method")
    query = data.draw(query_strings(), "query")
    headers: dict[str, str] = {}
    if data.draw(st.booleans(), "send Accept"):
        headers["Accept"] = data.draw(ACCEPTS, "accept")
    fields = data.draw(form_fields(), "fields")
    mode = data.draw(st.sampled_from(["field", "field", "field", *CSRF_MODES]), "csrf")
    wrong = data.draw(HEADER_TEXT, "wrong token")
    in_session = csrf_setup(mode, fields, headers, wrong)
    body, content_type = data.draw(bodies(fields), "body")
    client = harness.client(csrf=in_session)
    if data.draw(st.integers(0, 9), "cookie tampering") == 0:
        client.set_cookie("session", data.draw(HEADER_TEXT.filter(lambda t: ";" not in t)))
    before = harness.snapshot()
    response = send(client, Request(method, path, query, headers, body, content_type, template))
    may_change = method == "POST" and bool(CHANGING.match(path))
    check_store(harness, before, response, may_change)


@given(
    extra=st.sampled_from([0, 1, 30]),
    query=query_strings()
    | st.builds(
        lambda page, per_page: f"page={page}&per_page={per_page}",
        st.integers(-(10**20), 10**20) | st.integers(-3, 40),
        st.integers(-(10**20), 10**20) | st.integers(-3, 600),
    ),
    accept=ACCEPTS,
)
def test_the_index_answers_any_query_string(harness, extra, query, accept):
    harness.reset(extra)
    response = send(
        harness.app.test_client(), Request("GET", "/charts/", query, {"Accept": accept})
    )
    assert response.status_code in (200, 400, 404)


# Dashboards from the JSON Schema -------------------------------------------------------------

SCHEMA = dashboard_json_schema()
SCHEMA_VALIDATOR = Draft202012Validator(SCHEMA)

#: Rules beyond the schema (limits.py, schema.url_problem): a dataSource is an http(s) or
#: relative URL.
URLS = st.one_of(
    st.sampled_from(["http://127.0.0.1:5004/line", "https://example.com/data.json", "/local/data"]),
    st.from_regex(
        r"https?://[a-z0-9]{1,12}(\.[a-z]{2,5})?(:[0-9]{1,5})?(/[A-Za-z0-9._~%-]{0,10}){0,3}",
        fullmatch=True,
    ),
    st.from_regex(
        r"/?[A-Za-z0-9_-]{1,10}(/[A-Za-z0-9._-]{1,10}){0,2}(\?[a-z]=[0-9]{1,3})?", fullmatch=True
    ),
)
HINTS = {"dataSource": URLS}
YOUTUBE_EMBEDS = st.builds(
    '<iframe width="560" height="315" src="https://{}/embed/{}" allowfullscreen></iframe>'.format,
    st.sampled_from(["www.youtube.com", "youtube.com", "www.youtube-nocookie.com"]),
    st.from_regex(r"[A-Za-z0-9_-]{1,11}", fullmatch=True),
)


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        target = SCHEMA["$defs"][node["$ref"].rsplit("/", 1)[1]]
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = merge(target, rest) if rest else target
    return node


_CACHE: dict[tuple, tuple] = {}


def _cached(key: tuple, keep: tuple, make: Callable[[], Any]) -> Any:
    """Memoized by the ids of ``keep`` (kept alive here, so that the ids stay theirs)."""
    if key not in _CACHE:
        _CACHE[key] = (keep, make())
    return _CACHE[key][1]


def merge(base: dict, overlay: dict) -> dict:
    return _cached(("merge", id(base), id(overlay)), (base, overlay), lambda: _merge(base, overlay))


def _merge(base: dict, overlay: dict) -> dict:
    """Both schemas at once (as allOf), for the shapes this schema uses: properties merge key
    by key, required lists join, items merge, and the overlay's other keywords win (they are
    the narrower ones here)."""
    base, overlay = _resolve(base), _resolve(overlay)
    out = dict(base)
    for key, value in overlay.items():
        if key == "properties":
            props = dict(out.get("properties", {}))
            for name, sub in value.items():
                props[name] = merge(props[name], sub) if name in props else sub
            out["properties"] = props
        elif key == "required":
            out["required"] = list(dict.fromkeys([*out.get("required", []), *value]))
        elif key == "items" and "items" in out:
            out["items"] = merge(out["items"], value)
        elif key == "allOf":
            out["allOf"] = [*out.get("allOf", []), *value]
        else:
            out[key] = value
    return out


def schema_node(node: dict, name: str | None = None) -> st.SearchStrategy[Any]:
    """Values valid for one schema node."""
    return _cached(("node", id(node), name), (node,), lambda: _schema_node(node, name))


def _schema_node(node: dict, name: str | None) -> st.SearchStrategy[Any]:
    if name in HINTS:
        return HINTS[name]
    node = _resolve(node)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    if "anyOf" in node:
        return st.one_of(
            [
                schema_node(merge({k: v for k, v in node.items() if k != "anyOf"}, sub))
                for sub in node["anyOf"]
            ]
        )
    types = node.get("type")
    if types is None:
        return SAFE_JSON
    return st.one_of(
        [_typed(kind, node) for kind in ([types] if isinstance(types, str) else types)]
    )


def _typed(kind: str, node: dict) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low = node.get("minimum", -SAFE_INTEGER)
        high = node.get("maximum", SAFE_INTEGER)
        exclusive = "exclusiveMinimum" in node
        if exclusive:
            low = node["exclusiveMinimum"]
        ints = st.integers(int(low) + exclusive, int(high))
        if kind == "integer":
            return ints
        return ints | st.floats(low, high, exclude_min=exclusive, allow_nan=False)
    if kind == "string":
        low, high = node.get("minLength", 0), min(node.get("maxLength", 30), 30)
        if "pattern" in node:
            pattern, most = re.compile(node["pattern"]), node.get("maxLength", 10**9)
            return (
                st.from_regex(pattern, fullmatch=True)
                .map(lambda s: s[:most])
                .filter(lambda s: len(s) >= low and pattern.search(s))
            )
        return st.text(min_size=low, max_size=max(high, low))
    if kind == "array":
        items = schema_node(node["items"]) if "items" in node else SAFE_JSON
        low = node.get("minItems", 0)
        return st.lists(items, min_size=low, max_size=max(min(node.get("maxItems", 3), 3), low))
    if kind == "object":
        return schema_objects(node)
    raise AssertionError(f"the generator does not know JSON Schema type {kind!r}")


_VALIDATORS: dict[int, Draft202012Validator] = {}


def _validator(node: dict) -> Draft202012Validator:
    if id(node) not in _VALIDATORS:
        _VALIDATORS[id(node)] = Draft202012Validator(node)
    return _VALIDATORS[id(node)]


@st.composite
def schema_objects(draw: Any, node: dict) -> dict:
    """An object valid for ``node``: its required keys, some optional ones, and its
    ``allOf`` if/then/else rules applied (the keys a chosen branch narrows are drawn again)."""
    node = _resolve(node)
    props = node.get("properties", {})
    required = set(node.get("required", []))
    out = {
        key: draw(schema_node(sub, key), key)
        for key, sub in props.items()
        if key in required or draw(st.booleans())
    }
    for rule in node.get("allOf", []):
        if "if" not in rule:
            continue
        branch = rule.get("then" if _validator(rule["if"]).is_valid(out) else "else")
        while branch and "if" in branch:  # else-if: the layouts' rules, one after another
            branch = branch.get("then" if _validator(branch["if"]).is_valid(out) else "else")
        if not branch:
            continue
        wrapped = _cached(("props", id(props)), (props,), lambda: {"properties": props})
        narrowed = merge(wrapped, branch)["properties"]
        for key in branch.get("properties", {}):
            if key in out or key in branch.get("required", []):
                out[key] = draw(schema_node(narrowed[key], key), key)
    return out


@st.composite
def schema_dashboards(draw: Any) -> dict:
    """A dashboard valid for the schema and for the rules the schema cannot say (limits.py,
    schema.py): unique guids, grid rows 1, 2, 3... without gaps, http(s) or relative URLs,
    and the rules of templating, time and refresh (:func:`_explorable`)."""
    doc = draw(schema_objects(SCHEMA))
    extra = draw(
        st.dictionaries(
            SAFE_KEYS.filter(lambda k: k not in SCHEMA["properties"]), SAFE_JSON, max_size=2
        )
    )
    doc.update(extra)
    modules = doc["modules"]
    for index, mod in enumerate(modules):
        mod["guid"] = f"m{index}-{mod['guid']}"[:100]
        if mod["type"] == "youtube":  # its dataSource is a YouTube player's embed code
            mod["dataSource"] = draw(YOUTUBE_EMBEDS)
    if doc.get("layout") == "grid" and modules:
        ranks = {row: rank for rank, row in enumerate(sorted({m["row"] for m in modules}), 1)}
        for mod in modules:
            mod["row"] = ranks[mod["row"]]
    if doc.get("layout") == "gridpos":
        for mod in modules:  # inside the 24 columns
            place = mod["gridPos"]
            place["w"] = min(place["w"], 24 - place["x"])
    _explorable(draw, doc)
    return doc


def _explorable(draw: Any, doc: dict) -> None:
    """The rules of templating, time, refresh and annotations the schema cannot say: unique
    variable names not starting with __, query variables' URLs (without variables, so without
    cycles), dates that exist in a range that runs forwards, a refresh the picker offers."""
    for index, variable in enumerate(doc.get("templating", {}).get("list", [])):
        variable["name"] = f"v{index}_{variable['name']}"[:MAX_VARIABLE_NAME]
        if variable["type"] == "query":
            variable["query"] = draw(URLS)
    span = doc.get("time")
    if span:
        ends = {}
        for key, fallback in (("from", "now-6h"), ("to", "now")):
            if not span[key].startswith("now"):
                try:
                    ends[key] = absolute_time(span[key])
                except ValueError:  # a day the month does not have
                    span[key] = fallback
        start, end = ends.get("from"), ends.get("to")
        if start and end and (start.tzinfo is None) == (end.tzinfo is None) and start >= end:
            span["to"] = "now"
    if re.fullmatch(INTERVAL_PATTERN, str(doc.get("refresh"))):
        offered = doc.get("timepicker", {}).get("refresh_intervals") or DEFAULT_REFRESH_INTERVALS
        doc["refresh"] = draw(st.sampled_from(offered))
    for entry in doc.get("annotations", {}).get("list", []):
        if "url" in entry:
            entry["url"] = draw(URLS)


def assert_schema_valid(doc: dict) -> None:
    errors = [e.message for e in SCHEMA_VALIDATOR.iter_errors(doc)]
    assert not errors, f"the generator made a document the schema refuses: {errors[:3]}"


def module_form(doc: dict) -> list[tuple[Any, Any]]:
    """The index page's create form for ``doc``."""
    fields: list[tuple[Any, Any]] = [("csrf_token", CSRF_TOKEN)]
    for key, field in (("name", "name"), ("category", "category_new")):
        if isinstance(doc.get(key), str):
            fields.append((field, doc[key]))
    # The form's own default is grid (as the original's); the schema's is freeform.
    layout = doc.get("layout", "freeform")
    fields.append(("mode", layout if isinstance(layout, str) else json.dumps(layout)))
    modules = doc.get("modules")
    for index, mod in enumerate(modules if isinstance(modules, list) else []):
        fields.append((f"module_{index}", json.dumps(mod, allow_nan=True)))
    return fields


@given(doc=schema_dashboards(), accept_json=st.booleans())
def test_dashboards_from_the_schema_are_valid_saved_and_shown(harness, doc, accept_json):
    harness.reset()
    assert_schema_valid(doc)
    client = harness.client()
    text = json.dumps(doc)
    answer = send(
        client,
        Request(
            "POST", "/jsondash/api/validate", body=text.encode(), content_type="application/json"
        ),
    )
    assert answer.status_code == 200
    assert answer.json == {"valid": True, "problems": []}, answer.json["problems"]

    # The raw editor: the whole document (it also requires the layout the schema defaults).
    raw = {**doc, "layout": doc.get("layout", "freeform")}
    headers = {"Accept": "application/json"} if accept_json else {}
    form = [("csrf_token", CSRF_TOKEN), ("edit-raw", "on"), ("config", json.dumps(raw))]
    before = harness.snapshot()
    response = send(
        client,
        Request(
            "POST",
            f"/charts/{SEED_ID}/update",
            headers=headers,
            body=urlencoded(form),
            content_type=FORM_ENCODINGS["urlencoded"][1],
        ),
    )
    assert response.status_code == (200 if accept_json else 302), response.text[:500]
    assert check_store(harness, before, response, may_change=True)
    with harness.app.app_context():
        saved = get_db_handler().get(SEED_ID)
    assert saved["name"] == doc["name"] and len(saved["modules"]) == len(doc["modules"])

    # The index page's create form, one module_<n> field per module.
    before = harness.snapshot()
    response = send(
        client,
        Request(
            "POST",
            "/charts/create",
            body=urlencoded(module_form(doc)),
            content_type=FORM_ENCODINGS["urlencoded"][1],
        ),
    )
    check_store(harness, before, response, may_change=True)


# Mutated dashboards --------------------------------------------------------------------------


def _locations(value: Any, where: tuple = ()) -> list[tuple]:
    """Every path (keys and indexes) inside ``value``, without recursion."""
    found, stack = [], [(value, where)]
    while stack:
        node, path = stack.pop()
        children = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        for key, child in children:
            found.append((*path, key))
            stack.append((child, (*path, key)))
    return found


def _at(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _containers(doc: Any) -> list[tuple]:
    return [()] + [p for p in _locations(doc) if isinstance(_at(doc, p), dict | list)]


HOSTILE = st.one_of(st.sampled_from(HOSTILE_VALUES), ANY_JSON, st.just(MARKER))


@st.composite
def mutated(draw: Any, doc: Any) -> Any:
    """``doc`` after one to four hostile edits."""
    doc = copy.deepcopy(doc)
    for _ in range(draw(st.integers(1, 4), "edits")):
        op = draw(st.sampled_from(["drop", "retype", "key", "grow", "root", "dup-module"]), "op")
        paths = _locations(doc)
        if op == "drop" and paths:
            path = draw(st.sampled_from(paths))
            del _at(doc, path[:-1])[path[-1]]
        elif op == "retype" and paths:
            path = draw(st.sampled_from(paths))
            _at(doc, path[:-1])[path[-1]] = copy.deepcopy(draw(HOSTILE, "value"))
        elif op == "key":
            dicts = [p for p in _containers(doc) if isinstance(_at(doc, p), dict)]
            if dicts:
                target = _at(doc, draw(st.sampled_from(dicts)))
                key = draw(st.sampled_from(HOSTILE_KEYS) | st.text(max_size=6), "key")
                target[key] = copy.deepcopy(draw(HOSTILE, "value"))
        elif op == "grow" and isinstance(doc, dict):
            # Past JSONDASH_MAX_MODULES (500), in small modules to keep the body small.
            count = draw(st.sampled_from([2, 500, 501]), "modules")
            doc["modules"] = [module(f"g{i}", name="m", dataSource="/d") for i in range(count)]
        elif (
            op == "dup-module"
            and isinstance(doc, dict)
            and isinstance(doc.get("modules"), list)
            and doc["modules"]
        ):
            doc["modules"] = [*doc["modules"], copy.deepcopy(doc["modules"][0])]
        elif op == "root":
            doc = draw(st.sampled_from([[doc], "text", 1, None, True, []]) | ANY_JSON, "root")
    return doc


@st.composite
def json_texts(draw: Any, doc: Any) -> str:
    """``doc`` as JSON text, with hostile tokens where the markers are, sometimes broken."""
    text = json.dumps(doc, allow_nan=True, ensure_ascii=draw(st.booleans(), "ascii"))
    marker = json.dumps(MARKER)
    while marker in text or json.dumps(MARKER, ensure_ascii=False) in text:
        token = draw(st.sampled_from(HOSTILE_TOKENS), "token")
        text = text.replace(marker, token, 1).replace(
            json.dumps(MARKER, ensure_ascii=False), token, 1
        )
    edit = draw(
        st.sampled_from(["none", "none", "none", "truncate", "bom", "append", "wrap"]), "text edit"
    )
    if edit == "truncate" and text:
        text = text[: draw(st.integers(0, len(text) - 1))]
    elif edit == "bom":
        text = "\ufeff" + text
    elif edit == "append":
        text += draw(st.sampled_from([" ", "x", "}", "\x00", "// comment", ",{}"]))
    elif edit == "wrap":
        text = "[" * 200 + text + "]" * 200
    return text


@given(data=st.data())
def test_mutated_dashboards_are_refused_cleanly_or_saved_and_shown(harness, data):
    harness.reset()
    doc = data.draw(mutated(data.draw(schema_dashboards(), "document")), "mutated")
    text = data.draw(json_texts(doc), "text")
    channel = data.draw(st.sampled_from(["validate", "raw", "create", "update"]), "channel")
    client = harness.client()
    headers = {"Accept": data.draw(st.sampled_from(["application/json", "text/html"]), "accept")}
    target = data.draw(st.sampled_from(SEED_IDS), "dashboard")
    encode, content_type = FORM_ENCODINGS[
        data.draw(st.sampled_from(list(FORM_ENCODINGS)), "encoding")
    ]
    if channel == "validate":
        req = Request(
            "POST",
            "/jsondash/api/validate",
            headers=headers,
            body=to_bytes(text),
            content_type="application/json",
        )
    elif channel == "raw":
        form = [("csrf_token", CSRF_TOKEN), ("edit-raw", "on"), ("config", text)]
        req = Request(
            "POST",
            f"/charts/{target}/update",
            headers=headers,
            body=encode(form),
            content_type=content_type,
        )
    else:
        form = module_form(doc if isinstance(doc, dict) else {"modules": [doc]})
        modules = [i for i, (k, _) in enumerate(form) if k.startswith("module_")]
        if modules:  # one module's text carries the text-level edits
            index = data.draw(st.sampled_from(modules), "module field")
            module_doc = json.loads(form[index][1], parse_constant=lambda c: MARKER)
            form[index] = (form[index][0], data.draw(json_texts(module_doc), "module text"))
        if channel == "update" and data.draw(st.booleans(), "global_toggle"):
            form.append(("global_toggle", "on"))
        path = "/charts/create" if channel == "create" else f"/charts/{target}/update"
        req = Request("POST", path, headers=headers, body=encode(form), content_type=content_type)
    before = harness.snapshot()
    response = send(client, req)
    check_store(harness, before, response, may_change=channel != "validate")
    if channel == "validate" and response.status_code != 413:
        assert response.status_code == 200 and set(response.json) == {"valid", "problems"}


@given(
    body=st.one_of(
        st.binary(max_size=300),
        raw_text(200).map(to_bytes),
        ANY_JSON.map(lambda v: json.dumps(v, allow_nan=True).encode()),
        st.sampled_from(HOSTILE_TOKENS).map(str.encode),
    ),
    content_type=st.sampled_from(
        ["application/json", "text/plain", "", "application/x-www-form-urlencoded"]
    ),
)
def test_validate_answers_any_body_with_problems_or_valid(harness, body, content_type):
    response = send(
        harness.app.test_client(),
        Request("POST", "/jsondash/api/validate", body=body, content_type=content_type),
    )
    assert response.status_code == 200
    assert isinstance(response.json["valid"], bool)


# CSRF tokens -------------------------------------------------------------------------------

CSRF_ROUTES = ["/charts/create", "/charts/{id}/update", "/charts/{id}/clone", "/charts/{id}/delete"]


@given(
    route=st.sampled_from(CSRF_ROUTES),
    where=st.sampled_from(["field", "header", "both"]),
    token=st.one_of(
        st.sampled_from(["", " ", CSRF_TOKEN + "x", CSRF_TOKEN.upper(), "null", "undefined"]),
        HEADER_TEXT,
        raw_text(40),
    ),
    session=st.sampled_from(["token", "none", "other"]),
)
def test_posts_without_the_sessions_token_are_400_and_change_nothing(
    harness, route, where, token, session
):
    harness.reset()
    client = harness.app.test_client()
    if session != "none":
        with client.session_transaction() as stored_session:
            stored_session[SESSION_KEY] = CSRF_TOKEN if session == "token" else str(uuid.uuid4())
    headers, fields = {}, [("name", "changed")]
    if where in ("header", "both"):
        headers["X-CSRFToken"] = header_value(token)
    if where in ("field", "both"):
        fields.append(("csrf_token", token))
    path = route.replace("{id}", SEED_ID)
    before = harness.snapshot()
    response = send(
        client,
        Request(
            "POST",
            path,
            headers=headers,
            body=urlencoded(fields),
            content_type=FORM_ENCODINGS["urlencoded"][1],
        ),
    )
    assert response.status_code == 400
    check_store(harness, before, response, may_change=False)


@given(
    route=st.sampled_from(CSRF_ROUTES),
    token=st.one_of(
        st.none(), st.sampled_from(["", "x", "a.b.c", "ImFiYyI.Zz.Zz"]), HEADER_TEXT, raw_text(30)
    ),
    in_header=st.booleans(),
)
def test_flask_wtf_hosts_refuse_bad_tokens_with_400(wtf_harness, route, token, in_header):
    wtf_harness.reset()
    headers: dict[str, str] = {}
    fields: list[tuple[Any, Any]] = [("name", "x")]
    if token is not None and in_header:
        headers["X-CSRFToken"] = header_value(token)
    elif token is not None:
        fields.append(("csrf_token", token))
    before = wtf_harness.snapshot()
    response = send(
        wtf_harness.app.test_client(),
        Request(
            "POST",
            route.replace("{id}", SEED_ID),
            headers=headers,
            body=urlencoded(fields),
            content_type=FORM_ENCODINGS["urlencoded"][1],
        ),
    )
    assert response.status_code == 400
    check_store(wtf_harness, before, response, may_change=False)


# 5xx the fuzzing found, fixed and pinned -------------------------------------------------


@pytest.mark.parametrize("where", ["field", "header"])
def test_a_non_ascii_csrf_token_is_400_not_500(tmp_path, where):
    app = make_app("sqlite", tmp_path)
    client = app.test_client()
    with client.session_transaction() as session:
        session[SESSION_KEY] = CSRF_TOKEN
    if where == "field":
        response = client.post("/charts/create", data={"name": "x", "csrf_token": "é"})
    else:
        response = client.post("/charts/create", data={"name": "x"}, headers={"X-CSRFToken": "é"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/charts/create", f"/charts/{SEED_ID}/update"])
def test_a_multipart_field_without_a_name_is_not_a_500(tmp_path, path):
    app = make_app("sqlite", tmp_path)
    client = app.test_client()
    with client.session_transaction() as session:
        session[SESSION_KEY] = CSRF_TOKEN
    body = (
        b'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n%s\r\n'
        b"--B\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--B--\r\n" % CSRF_TOKEN.encode()
    )
    response = client.post(path, data=body, content_type="multipart/form-data; boundary=B")
    assert response.status_code < 500


@pytest.mark.parametrize(
    "extra",
    ['"\\ud800"', '{"\\ud800": 1}', '{"a\\u0000b": 1}', '{"$set": 1}', "18446744073709551616"],
    ids=["lone-surrogate-value", "lone-surrogate-key", "nul-key", "dollar-key", "int-2^64"],
)
@pytest.mark.parametrize("path", ["/charts/create", f"/charts/{SEED_ID}/update"])
@pytest.mark.parametrize("backend", ["sqlite", "mongomock"])
def test_form_saves_of_what_no_store_can_keep_are_refused(tmp_path, backend, path, extra):
    """Form saves pass the same safety rules as raw JSON: MongoDB's encoder raised on these
    (and mongomock's failed replace dropped the dashboard)."""
    harness = Harness(make_app(backend, tmp_path))
    harness.reset()
    before = harness.snapshot()
    field = json.dumps(module())[:-1] + f', "extra": {extra}}}'
    form = {"csrf_token": CSRF_TOKEN, "name": "x", "mode": "freeform", "module_a": field}
    response = harness.client().post(path, data=form)
    assert response.status_code == 400
    assert "modules[0].extra" in response.text
    assert harness.snapshot() == before
