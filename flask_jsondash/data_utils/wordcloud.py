"""Words and their sizes, for the word cloud: from text, an HTML page or a URL.

    >>> from flask_jsondash.data_utils.wordcloud import word_sizes, text_from_html
    >>> word_sizes("the cat sat on the mat with the other cat", max_words=10)
    [{'text': 'cat', 'size': 90}, {'text': 'mat', 'size': 10}, ...]

Common English words ("the", "and", ...) are left out, and so is anything shorter than three
letters or made only of digits. Sizes run from ``min_size`` (the rarest word shown) to
``max_size`` (the most frequent). From the command line::

    python -m flask_jsondash.data_utils.wordcloud README.md --max-words 50
    python -m flask_jsondash.data_utils.wordcloud https://example.com/ --html
    cat notes.txt | python -m flask_jsondash.data_utils.wordcloud -

The original project's names are here too, with its behaviour: :data:`stopwords`,
:func:`get_word_freq_distribution`, :func:`format_4_wordcloud` and :func:`url2wordcloud`
(sizes are counts times a multiplier). :func:`url2wordcloud` fetches with ``requests`` when it
is installed (so its settings and mocks apply) and with urllib.request otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterable
from email.message import Message
from html.parser import HTMLParser
from typing import Any

try:  # optional: url2wordcloud uses it when installed, as the original did
    import requests
except ImportError:  # pragma: no cover - depends on the environment
    requests = None  # type: ignore[assignment]  # the urllib fallback below

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how however i if in
    into is it its itself just let me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up upon
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves one two get got use used using may might must shall like make made
    many much every""".split()
)
WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


class _TextOfPage(HTMLParser):
    """The visible text of an HTML page (no scripts, styles or markup)."""

    SKIP = {"script", "style", "noscript", "template", "svg", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text_from_html(html: str) -> str:
    """The visible text of an HTML document."""
    parser = _TextOfPage()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def text_from_url(url: str, timeout: float = 10.0) -> str:
    """The text at a URL (an HTML page's visible text, or plain text)."""
    request = urllib.request.Request(url, headers={"User-Agent": "flask_jsondash wordcloud"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        charset = response.headers.get_content_charset() or "utf-8"
        body = response.read().decode(charset, errors="replace")
        kind = response.headers.get_content_type()
    return text_from_html(body) if kind in ("text/html", "application/xhtml+xml") else body


def word_sizes(
    text: str,
    max_words: int = 60,
    min_size: int = 10,
    max_size: int = 90,
    stop_words: Iterable[str] = STOP_WORDS,
    min_length: int = 3,
) -> list[dict]:
    """The ``max_words`` most frequent words, as ``[{"text", "size"}]``, most frequent first.

    Sizes scale linearly with frequency between ``min_size`` and ``max_size``.
    """
    if min_size > max_size:
        raise ValueError(f"min_size ({min_size}) is larger than max_size ({max_size})")
    skip = {word.lower() for word in stop_words}
    counts = Counter(
        word.lower()
        for word in WORD.findall(text)
        if len(word) >= min_length and word.lower() not in skip
    )
    common = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:max_words]
    if not common:
        return []
    most, least = common[0][1], common[-1][1]
    spread = max(most - least, 1)
    return [
        {"text": word, "size": round(min_size + (count - least) * (max_size - min_size) / spread)}
        for word, count in common
    ]


# The original's stop words: NLTK's English list.
stopwords: list[str] = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against between
    into through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
""".split()

_FETCH_TIMEOUT = 10.0
_URLLIB_KWARGS = frozenset({"headers", "params", "timeout"})


def get_word_freq_distribution(words: Iterable[str]) -> Counter[str]:
    """How often each word occurs, leaving out the :data:`stopwords` (compared as they are)."""
    skip = set(stopwords)
    return Counter(word for word in words if word not in skip)


def format_4_wordcloud(
    words: Iterable[tuple[str, int]], size_multiplier: int | float = 2
) -> list[dict[str, Any]]:
    """``(word, count)`` pairs as the word cloud's ``[{"text", "size"}]``, size = count times
    ``size_multiplier``, in the same order; empty words are left out."""
    return [{"text": word, "size": count * size_multiplier} for word, count in words if word]


def _charset(content_type: str | None) -> str:
    message = Message()
    message["Content-Type"] = content_type or "text/html"
    return message.get_content_charset() or "utf-8"


def _fetch(url: str, requests_kwargs: dict[str, Any]) -> str | None:
    """The text of the page at ``url``, or None when the answer is not a 2xx one."""
    options = {"timeout": _FETCH_TIMEOUT, **requests_kwargs}
    if requests is not None:
        response = requests.get(url, **options)
        if not 200 <= response.status_code < 300:
            return None
        body, content_type = response.content, response.headers.get("Content-Type")
    else:
        unknown = sorted(set(options) - _URLLIB_KWARGS)
        if unknown:
            raise TypeError(
                f"requests_kwargs {unknown} need the requests library (pip install requests); "
                f"without it only {sorted(_URLLIB_KWARGS)} are understood"
            )
        if options.get("params"):
            query = urllib.parse.urlencode(options["params"], doseq=True)
            url += ("&" if "?" in url else "?") + query
        request = urllib.request.Request(url, headers=dict(options.get("headers") or {}))
        try:
            with urllib.request.urlopen(request, timeout=options["timeout"]) as response:
                if not 200 <= response.status < 300:
                    return None
                body, content_type = response.read(), response.headers.get("Content-Type")
        except urllib.error.HTTPError:  # 4xx and 5xx
            return None
    try:
        return body.decode(_charset(content_type), errors="replace")
    except LookupError:  # a charset Python does not know
        return body.decode("utf-8", errors="replace")


def url2wordcloud(
    url: str,
    requests_kwargs: dict[str, Any] | None = None,
    exclude_punct: bool = True,
    normalized: bool = True,
    limit: int | None = None,
    size: int | float = 1,
    min_len: int | None = None,
) -> list[dict[str, Any]]:
    """The original's word cloud of a page: ``[{"text", "size"}]``, size = count times ``size``.

    The page at ``url`` is fetched with ``requests`` when installed (``requests_kwargs`` are
    passed to ``requests.get``: auth, headers, ...), else with urllib.request (which understands
    only ``headers``, ``params`` and ``timeout``); the timeout is 10 seconds unless given. An
    answer that is not 2xx gives ``[]``. The words are the page's visible text split at white
    space: with ``exclude_punct`` each loses everything but letters and digits (words left
    empty are dropped), words shorter than ``min_len`` are dropped, ``normalized`` lowercases
    them, then the :data:`stopwords` are left out. With ``limit`` only that many most frequent
    words are kept, most frequent first; otherwise all, in the order first seen.
    """
    page = _fetch(url, dict(requests_kwargs or {}))
    if page is None:
        return []
    words = text_from_html(page).split()
    if exclude_punct:
        words = [re.sub(r"[\W_]+", "", word) for word in words]
        words = [word for word in words if word]
    if min_len is not None:
        words = [word for word in words if len(word) >= min_len]
    if normalized:
        words = [word.lower() for word in words]
    counts = get_word_freq_distribution(words)
    pairs = counts.most_common(limit) if limit is not None else list(counts.items())
    return format_4_wordcloud(pairs, size_multiplier=size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flask_jsondash.data_utils.wordcloud",
        description="Print the word cloud payload ([{text, size}]) of a text file, an HTML "
        "page, a URL, or standard input (-).",
    )
    parser.add_argument("source", help="a file, an http(s) URL, or - for standard input")
    parser.add_argument("--html", action="store_true", help="the file is HTML: use its text")
    parser.add_argument("--max-words", type=int, default=60)
    parser.add_argument("--min-size", type=int, default=10)
    parser.add_argument("--max-size", type=int, default=90)
    parser.add_argument("--stop-words", help="a file of extra words to leave out, one a line")
    args = parser.parse_args(argv)
    try:
        if re.match(r"^https?://", args.source):
            text = text_from_url(args.source)
        elif args.source == "-":
            text = sys.stdin.read()
        else:
            with open(args.source, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        if args.html:
            text = text_from_html(text)
        stop = set(STOP_WORDS)
        if args.stop_words:
            with open(args.stop_words, encoding="utf-8") as handle:
                stop |= {line.strip() for line in handle if line.strip()}
        words = word_sizes(text, args.max_words, args.min_size, args.max_size, stop)
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    sys.stdout.write(json.dumps(words, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
