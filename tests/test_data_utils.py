"""The data utilities, from Python and from the command line; their output is what the chart
types read (the browser test of examples/config/data-utils.json draws it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner
from helpers import ROOT, dashboard, module

from flask_jsondash.data_utils import filetree as filetree_module
from flask_jsondash.data_utils import filetree_digraph as digraph_module
from flask_jsondash.data_utils import wordcloud
from flask_jsondash.data_utils.filetree import filetree
from flask_jsondash.data_utils.filetree_digraph import filetree_digraph
from flask_jsondash.data_utils.wordcloud import text_from_html, word_sizes
from flask_jsondash.schema import problems_of


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("print('hi')\n")
    (tmp_path / "src" / "empty.txt").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Docs\n" * 10)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    (tmp_path / "src" / "__pycache__").mkdir()
    (tmp_path / "README").write_text("readme")
    return tmp_path


def run(module_name: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", module_name, *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=ROOT,
        timeout=60,
    )


def test_filetree_is_a_d3_hierarchy(tree):
    result = filetree(str(tree))
    assert result["name"] == tree.name
    names = [child["name"] for child in result["children"]]
    assert names == ["docs", "README", "src"]  # sorted, hidden folders left out
    src = result["children"][2]
    assert src["children"] == [{"name": "app.py", "size": 12}, {"name": "empty.txt", "size": 1}]
    assert filetree(str(tree), max_depth=1)["children"][0] == {"name": "docs", "children": []}
    assert ".git" in [c["name"] for c in filetree(str(tree), hidden=True)["children"]]


def test_filetree_of_a_missing_folder_says_so(tmp_path):
    with pytest.raises(NotADirectoryError):
        filetree(str(tmp_path / "nope"))


def test_filetree_does_not_follow_folder_links_in_circles(tree):
    os.symlink(tree, tree / "src" / "loop")
    names = [c["name"] for c in filetree(str(tree))["children"][2]["children"]]
    assert "loop" in names  # listed, as a file-like leaf, not walked into


def test_filetree_digraph_is_dot_the_graph_type_reads(tree):
    dot = filetree_digraph(str(tree))
    assert dot.startswith("digraph {") and dot.endswith("}")
    assert '"src" -> "src/app.py";' in dot
    assert '"src/app.py" [label="app.py"];' in dot
    assert '"docs" [label="docs/"];' in dot
    assert ".git" not in dot
    doc = dashboard(modules=[module(family="Graph", type="graph")])
    assert problems_of(doc) == []


def test_word_sizes():
    words = word_sizes("the cat sat on the mat with the other cat", max_words=10)
    assert words == [
        {"text": "cat", "size": 90},
        {"text": "mat", "size": 10},
        {"text": "sat", "size": 10},
    ]


def test_word_sizes_options():
    text = "alpha alpha alpha beta beta gamma 2024 ab ab ab"
    words = word_sizes(text, max_words=2, min_size=20, max_size=40)
    assert words == [{"text": "alpha", "size": 40}, {"text": "beta", "size": 20}]
    assert [w["text"] for w in word_sizes(text, stop_words={"alpha"})] == ["beta", "gamma"]
    assert word_sizes("") == []
    with pytest.raises(ValueError):
        word_sizes(text, min_size=50, max_size=10)


def test_text_from_html_keeps_only_visible_text():
    html = "<html><head><title>T</title><style>.a{}</style></head><body><p>Hello <b>world</b>"
    html += "</p><script>var hidden = 1;</script></body></html>"
    text = text_from_html(html)
    assert "Hello" in text and "world" in text and "hidden" not in text and ".a" not in text


def test_filetree_command(tree):
    result = run("flask_jsondash.data_utils.filetree", str(tree), "--max-depth", "1")
    assert result.returncode == 0
    assert json.loads(result.stdout)["children"][0]["name"] == "docs"
    bad = run("flask_jsondash.data_utils.filetree", str(tree / "missing"))
    assert bad.returncode == 2 and "is not a folder" in bad.stderr


def test_filetree_digraph_command(tree):
    payload = json.loads(run("flask_jsondash.data_utils.filetree_digraph", str(tree)).stdout)
    assert payload["graph"].startswith("digraph {")
    dot = run("flask_jsondash.data_utils.filetree_digraph", str(tree), "--dot").stdout
    assert dot.startswith("digraph {")


def test_wordcloud_command_from_a_file_stdin_and_html(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<p>dashboards dashboards charts</p><script>secret secret secret</script>")
    from_html = json.loads(run("flask_jsondash.data_utils.wordcloud", str(page), "--html").stdout)
    assert [w["text"] for w in from_html] == ["dashboards", "charts"]
    from_stdin = run("flask_jsondash.data_utils.wordcloud", "-", stdin="zebra zebra lion")
    assert json.loads(from_stdin.stdout)[0] == {"text": "zebra", "size": 90}
    missing = run("flask_jsondash.data_utils.wordcloud", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2


def test_wordcloud_from_a_url(tmp_path):
    import threading
    from http.server import HTTPServer, SimpleHTTPRequestHandler

    (tmp_path / "index.html").write_text("<h1>Rockets rockets launch</h1>")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/index.html"
        words = json.loads(run("flask_jsondash.data_utils.wordcloud", url).stdout)
    finally:
        server.shutdown()
    assert words[0] == {"text": "rockets", "size": 90}


# The original project's names (christabor/flask_jsondash): a user of the original switches by
# changing only the install, so each test below protects one of its documented behaviours.
# Known difference: with click 8 an exception in a command gives exit_code 1 (the original's
# tests, on click 6, saw -1).


def test_original_path_hierarchy_is_a_typed_tree_of_everything(tree):
    """Original: filetree.path_hierarchy(path) gives {type, name, path, children} for folders
    and {type: "file", name, path} for files, listing everything (hidden names too)."""
    root = filetree_module.path_hierarchy(str(tree))
    assert (root["type"], root["name"], root["path"]) == ("folder", tree.name, str(tree))
    names = [child["name"] for child in root["children"]]
    assert names == [".git", "docs", "README", "src"]
    readme = root["children"][2]
    assert readme == {"type": "file", "name": "README", "path": os.path.join(str(tree), "README")}
    src = root["children"][3]
    assert [c["name"] for c in src["children"]] == ["__pycache__", "app.py", "empty.txt"]
    assert src["children"][0] == {
        "type": "folder",
        "name": "__pycache__",
        "path": os.path.join(str(tree), "src", "__pycache__"),
        "children": [],
    }
    assert json.loads(json.dumps(root)) == root
    assert filetree_module.path_hierarchy(str(tree / "README"))["type"] == "file"


def test_original_path_hierarchy_rejects_bad_paths(tmp_path):
    """Original: None raises AssertionError; a missing path and "" raise OSError."""
    with pytest.raises(AssertionError):
        filetree_module.path_hierarchy(None)
    with pytest.raises(OSError):
        filetree_module.path_hierarchy(str(tmp_path / "missing"))
    with pytest.raises(OSError):
        filetree_module.path_hierarchy("")


def test_original_walks_end_on_links_back_up(tree):
    """Original: links to folders are followed; a link to an ancestor is shown empty rather
    than walked forever (the original would fail with ELOOP or recurse without end)."""
    (tree / "elsewhere").mkdir()
    (tree / "elsewhere" / "note.txt").write_text("x")
    os.symlink(tree / "elsewhere", tree / "src" / "shortcut")
    os.symlink(tree, tree / "src" / "loop")
    src = filetree_module.path_hierarchy(str(tree))["children"][-1]
    by_name = {child["name"]: child for child in src["children"]}
    assert [c["name"] for c in by_name["shortcut"]["children"]] == ["note.txt"]
    assert by_name["loop"]["type"] == "folder" and by_name["loop"]["children"] == []
    assert '"shortcut" -> "note.txt"' in digraph_module.path_hierarchy(str(tree))


def test_original_get_tree_command(tree):
    """Original: the click command get_tree (-p/--path, -j/--jsonfile, --ppr, -i/--indent)
    prints the tree of path_hierarchy or writes it to the JSON file."""
    runner = CliRunner()
    printed = runner.invoke(filetree_module.get_tree, ["-p", str(tree / "src")])
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.output) == filetree_module.path_hierarchy(str(tree / "src"))
    assert "\n  " not in printed.output.strip()
    pretty = runner.invoke(filetree_module.get_tree, ["--path", str(tree / "src"), "--ppr"])
    assert pretty.exit_code == 0 and '\n    "type": "folder"' in pretty.output
    target = tree / "tree.json"
    written = runner.invoke(
        filetree_module.get_tree, ["-p", str(tree / "docs"), "-j", str(target), "-i", "2"]
    )
    assert written.exit_code == 0 and written.output == ""
    assert json.loads(target.read_text())["children"][0]["name"] == "index.md"
    assert '\n  "type"' in target.read_text()


def test_original_get_tree_command_on_a_missing_path(tmp_path):
    """Original: get_tree on a missing path fails with the OSError "No such file or
    directory" (exit code 1 with click 8)."""
    result = CliRunner().invoke(filetree_module.get_tree, ["-p", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert isinstance(result.exception, OSError)
    assert "No such file or directory" in str(result.exception)


def test_original_digraph_path_hierarchy_is_edges_between_names(tree):
    """Original: filetree_digraph.path_hierarchy gives '"parent" -> "child"' edges between
    names, appends to the hierarchy list given, and starts with an edge from prev."""
    edges = digraph_module.path_hierarchy(str(tree / "src"))
    assert edges == ['"src" -> "__pycache__"', '"src" -> "app.py"', '"src" -> "empty.txt"']
    # The original's default list was shared, so edges piled up from call to call; not here.
    assert digraph_module.path_hierarchy(str(tree / "src")) == edges
    given = ["kept"]
    returned = digraph_module.path_hierarchy(str(tree / "docs"), given, prev="top")
    assert returned is given and given == ["kept", '"top" -> "docs"', '"docs" -> "index.md"']
    assert digraph_module.path_hierarchy(str(tree / "docs"), prev=".") == ['"docs" -> "index.md"']


def test_original_make_dotfile(tree, monkeypatch):
    """Original: make_dotfile(path) wraps the edges in "digraph {" lines, one a line with a tab
    and ";", skips empty " ->" edges, and fails like path_hierarchy on bad paths."""
    dot = digraph_module.make_dotfile(str(tree / "docs"))
    assert dot == 'digraph {\n\t"docs" -> "index.md";\n}\n'
    with pytest.raises(AssertionError):
        digraph_module.make_dotfile(None)
    with pytest.raises(OSError):
        digraph_module.make_dotfile(str(tree / "missing"))
    monkeypatch.setattr(digraph_module, "path_hierarchy", lambda path: [" ->", " ->", "a -> b"])
    assert digraph_module.make_dotfile(str(tree)) == "digraph {\n\ta -> b;\n}\n"


def test_original_get_dotfile_tree_command(tree):
    """Original: the click command get_dotfile_tree (-p/--path, -d/--dot) prints the dot text
    or writes it to the dotfile; "-p ." raises the ValueError "Running in the same directory
    when no ..." (exit code 1 with click 8)."""
    runner = CliRunner()
    printed = runner.invoke(digraph_module.get_dotfile_tree, ["-p", str(tree / "docs")])
    assert printed.exit_code == 0
    assert printed.output == digraph_module.make_dotfile(str(tree / "docs"))
    target = tree / "tree.dot"
    written = runner.invoke(
        digraph_module.get_dotfile_tree, ["--path", str(tree / "src"), "--dot", str(target)]
    )
    assert written.exit_code == 0 and written.output == ""
    assert target.read_text().startswith('digraph {\n\t"src" -> ')
    here = runner.invoke(digraph_module.get_dotfile_tree, ["-p", "."])
    assert here.exit_code == 1 and isinstance(here.exception, ValueError)
    assert str(here.exception).startswith("Running in the same directory when no")


def test_original_stopwords_and_word_freq_distribution():
    """Original: wordcloud.stopwords is NLTK's English list; get_word_freq_distribution counts
    words (a Counter) without them, using the list as it is when called."""
    assert isinstance(wordcloud.stopwords, list) and len(wordcloud.stopwords) == 127
    assert {"the", "these", "are", "don"} <= set(wordcloud.stopwords)
    counts = wordcloud.get_word_freq_distribution(["foo", "the", "foo", "bar", "are"])
    assert isinstance(counts, Counter) and counts == Counter(foo=2, bar=1)
    assert wordcloud.get_word_freq_distribution([]) == Counter()


def test_original_format_4_wordcloud():
    """Original: format_4_wordcloud turns (word, count) pairs into {text, size} with size =
    count * size_multiplier (2 by default), in order, leaving out empty words."""
    pairs = [("foo", 1), ("", 5), ("bar", 3)]
    assert wordcloud.format_4_wordcloud(pairs) == [
        {"text": "foo", "size": 2},
        {"text": "bar", "size": 6},
    ]
    assert wordcloud.format_4_wordcloud(pairs, size_multiplier=3)[1] == {"text": "bar", "size": 9}
    assert wordcloud.format_4_wordcloud([]) == []


PAGES = {
    "/punct": (
        "text/html",
        "<html><head><title>skip</title></head><body>; Rockets, rockets! "
        "$ &! launch.</body></html>",
    ),  # fmt: skip
    "/counts": ("text/html", "<p>these are are zebra zebra zebra lion lion tiger</p>"),
    "/short": ("text/html", "<p>a a prettylongwordfortest tiny word</p>"),
    "/latin1": ("text/html; charset=iso-8859-1", "<p>Café crème café</p>"),
}


@pytest.fixture
def site():
    """A real HTTP server on 127.0.0.1 with PAGES, 404 for other paths, 500 at /broken, and at
    /echo the X-Word request header as the page."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Pages(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/echo":
                kind, text, status = "text/plain", self.headers.get("X-Word", ""), 200
            elif self.path == "/broken":
                kind, text, status = "text/html", "<p>server error words</p>", 500
            elif self.path in PAGES:
                (kind, text), status = PAGES[self.path], 200
            else:
                kind, text, status = "text/html", "<p>not found words</p>", 404
            charset = "iso-8859-1" if "iso-8859-1" in kind else "utf-8"
            body = text.encode(charset)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["requests", "urllib"])
def fetcher(request, monkeypatch):
    """url2wordcloud fetching with requests (when installed, as the original did) and with the
    urllib.request fallback (requests missing); yields the URLs requests was asked for."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    asked: list[str] = []
    if request.param == "requests":
        real = pytest.importorskip("requests")

        class Spy:
            @staticmethod
            def get(url, **kwargs):
                asked.append(url)
                return real.get(url, **kwargs)

        monkeypatch.setattr(wordcloud, "requests", Spy)
    else:
        monkeypatch.setattr(wordcloud, "requests", None)
    yield asked
    assert bool(asked) == (request.param == "requests")


def texts(words: list[dict]) -> list[str]:
    return [word["text"] for word in words]


def test_original_url2wordcloud_words_of_a_page(site, fetcher):
    """Original: url2wordcloud gives the page's words, lowercased, punctuation excluded (bare
    punctuation dropped), in the order first seen, size = count * size (1 by default)."""
    words = wordcloud.url2wordcloud(site + "/punct")
    assert words == [{"text": "rockets", "size": 2}, {"text": "launch", "size": 1}]
    assert "skip" not in texts(words)  # the head is not the page's text
    assert wordcloud.url2wordcloud(site + "/punct", size=5)[0] == {"text": "rockets", "size": 10}
    raw = texts(wordcloud.url2wordcloud(site + "/punct", exclude_punct=False, normalized=False))
    assert raw == [";", "Rockets,", "rockets!", "$", "&!", "launch."]
    assert texts(wordcloud.url2wordcloud(site + "/latin1")) == ["café", "crème"]


def test_original_url2wordcloud_limit_and_min_len(site, fetcher):
    """Original: limit keeps that many most frequent words (stop words left out first), most
    frequent first; min_len drops shorter words, possibly all."""
    assert wordcloud.url2wordcloud(site + "/counts", limit=2) == [
        {"text": "zebra", "size": 3},
        {"text": "lion", "size": 2},
    ]
    assert texts(wordcloud.url2wordcloud(site + "/short", min_len=10)) == ["prettylongwordfortest"]
    assert wordcloud.url2wordcloud(site + "/short", min_len=30) == []


def test_original_url2wordcloud_non_2xx_is_empty(site, fetcher):
    """Original: an answer that is not a success (404, 500) gives []."""
    assert wordcloud.url2wordcloud(site + "/nowhere") == []
    assert wordcloud.url2wordcloud(site + "/broken", min_len=1) == []


def test_original_url2wordcloud_passes_requests_kwargs(site, fetcher):
    """Original: requests_kwargs go to the fetch (e.g. headers); without requests the fallback
    understands headers, params and timeout and says so for anything else."""
    options = {"headers": {"X-Word": "zeppelin"}, "timeout": 5}
    assert wordcloud.url2wordcloud(site + "/echo", requests_kwargs=options) == [
        {"text": "zeppelin", "size": 1}
    ]
    if wordcloud.requests is None:
        with pytest.raises(TypeError, match="need the requests library"):
            wordcloud.url2wordcloud(site + "/echo", requests_kwargs={"auth": ("u", "p")})
