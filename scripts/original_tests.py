"""Run the original flask_jsondash's own test suite against this port.

The original's tests (tests/ of christabor/flask_jsondash) are the specification of the
behaviour a user of the original relies on. This script does not ship them: point it at a
checkout of that folder and at the original's example dashboards, and it runs them against the
installed flask_jsondash with only the mechanical changes that are not about behaviour:

- ``@pytest.yield_fixture`` becomes ``@pytest.fixture``, and the custom markers are registered;
- in test_mongo_adapter.py the mocked pymongo 3 methods get their pymongo 4 names
  (insert -> insert_one, count -> count_documents, update -> update_one, remove -> delete_many);
- the test app sets ``JSONDASH_CSRF = False`` (CSRF on by default is a deliberate change).

The original's tests import their conftest both as ``conftest`` and as ``tests.conftest``;
both names are made to refer to one module so they share its fake database, as in the
original's own runs.

Usage::

    python scripts/original_tests.py --tests ORIGINAL/tests \
        --examples ORIGINAL/example_app/examples/config \
        [-- extra pytest arguments]

It needs pyquery and click besides the test extras (``pip install pyquery``). Expected
failures, each a deliberate change, are listed in docs/migrating.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

MARKERS = (
    "auth",
    "metadata",
    "filters",
    "globalflag",
    "schema",
    "examples",
    "validation",
    "utils",
    "update",
    "update_raw",
    "invalid_id_redirect",
    "webdriver",
)
PYMONGO4_NAMES = {
    "insert": "insert_one",
    "count": "count_documents",
    "update": "update_one",
    "remove": "delete_many",
}
# Makes ``from tests.conftest import x`` and ``from conftest import x`` one module.
ALIAS_PLUGIN = """
import sys


def pytest_collectstart(collector):
    module = sys.modules.get("conftest")
    if module is not None:
        sys.modules.setdefault("tests.conftest", module)
"""


def mechanical_changes(name: str, text: str) -> str:
    """The changes that are not about behaviour, applied to one test file."""
    text = text.replace("@pytest.yield_fixture", "@pytest.fixture")
    if name == "test_mongo_adapter.py":
        for old, new in PYMONGO4_NAMES.items():
            text = re.sub(rf"(adapter\.coll, ')({old})(')", rf"\g<1>{new}\g<3>", text)
    if name == "conftest.py":
        text = text.replace("SECRET_KEY='123',", "SECRET_KEY='123',\n    JSONDASH_CSRF=False,", 1)
    return text


def prepare(tests: str, examples: str, workdir: str) -> None:
    """Copy the original's tests into ``workdir/tests`` with the mechanical changes."""
    target = os.path.join(workdir, "tests")
    os.makedirs(target)
    for name in sorted(os.listdir(tests)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(tests, name), encoding="utf-8") as handle:
            text = mechanical_changes(name, handle.read())
        with open(os.path.join(target, name), "w", encoding="utf-8") as handle:
            handle.write(text)
    config = os.path.join(workdir, "example_app", "examples", "config")
    shutil.copytree(examples, config)
    with open(os.path.join(workdir, "pytest.ini"), "w", encoding="utf-8") as handle:
        handle.write("[pytest]\ntestpaths = tests\nmarkers =\n")
        handle.writelines(f"    {marker}: the original's marker\n" for marker in MARKERS)
    with open(os.path.join(workdir, "alias_conftest.py"), "w", encoding="utf-8") as handle:
        handle.write(ALIAS_PLUGIN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tests", required=True, help="the original's tests/ folder")
    parser.add_argument("--examples", required=True, help="the original's example configs")
    parser.add_argument("--keep", help="prepare the run in this folder and keep it")
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest (after --)")
    args = parser.parse_args(argv)
    workdir = args.keep or tempfile.mkdtemp(prefix="jsondash-original-tests-")
    if args.keep and os.path.exists(workdir):
        shutil.rmtree(workdir)
    prepare(os.path.abspath(args.tests), os.path.abspath(args.examples), workdir)
    env = {**os.environ, "PYTHONPATH": workdir}
    command = [sys.executable, "-m", "pytest", "-p", "alias_conftest", "-q", *args.pytest_args]
    try:
        return subprocess.call(command, cwd=workdir, env=env)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
