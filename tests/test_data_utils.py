"""The data utilities, from Python and from the command line; their output is what the chart
types read (the browser test of examples/config/data-utils.json draws it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from helpers import ROOT, dashboard, module

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
