"""Write flask_jsondash/static/data/shapes.json from docs/schemas.md: for each family and chart
type, the first JSON example under its heading. A widget whose data has the wrong shape quotes
it ("Expected, for example: ..."); the page fetches the file only then.

    python scripts/shape_examples.py          # write the file
    python scripts/shape_examples.py --check  # exit 1 if the file is not what the docs say

tests/test_shape_examples.py runs the check, so the docs and the file cannot drift apart.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "schemas.md"
OUTPUT = ROOT / "flask_jsondash" / "static" / "data" / "shapes.json"
#: The longest example quoted; a longer one is left out (the docs have it).
MAX_EXAMPLE = 400

_HEADING = re.compile(r"^(#{2,3}) (\S.*)$")
_JSON_BLOCK = re.compile(r"^```json\n(.*?)\n```", re.S | re.M)


def examples(markdown: str) -> dict[str, dict[str, str]]:
    """{family: {type: example}} of every "### type" section with a JSON example under a
    "## Family" heading."""
    found: dict[str, dict[str, str]] = {}
    family = None
    sections = re.split(r"^(?=#{2,3} )", markdown, flags=re.M)
    for section in sections:
        heading = _HEADING.match(section.split("\n", 1)[0])
        if not heading:
            continue
        level, title = heading.groups()
        if level == "##":
            family = title.strip()
            continue
        block = _JSON_BLOCK.search(section)
        if family is None or block is None:
            continue
        text = block.group(1).strip()
        example = json.loads(text)  # an example that is not JSON is a mistake in the docs
        if isinstance(example, dict) and "dataSource" in example:
            continue  # a module, for the types that read no data (iframe, image, youtube)
        if len(text) <= MAX_EXAMPLE:
            found.setdefault(family, {})[title.strip()] = text
    return found


def rendered() -> str:
    return json.dumps(examples(DOCS.read_text(encoding="utf-8")), indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    text = rendered()
    if "--check" in argv:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            where = OUTPUT.relative_to(ROOT)
            print(f"{where} is out of date: run python scripts/shape_examples.py")
            return 1
        return 0
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
