"""The original flask_jsondash 6.2.3, installed into a throwaway virtualenv for the bench.

The original's setup.py pins pymongo 3.3 and click 6.6 and leaves Flask open (Flask 3 no longer
has what it imports), so it is installed with ``--no-deps`` beside the Flask 1.1 stack of its
time, pinned to versions that install on Python 3.11, and mongomock in place of a MongoDB
server. Its chart libraries were CDN addresses (jQuery 3.1, Bootstrap 3.3, D3 3.5, C3 0.4);
the same versions are fetched with ``npm pack`` into a static folder served by the host app.

Both steps are idempotent and only use pip and npm. :func:`prepare` says why when either
cannot be done, and the bench then goes on with this port alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass

PACKAGES = [
    "flask-jsondash==6.2.3",
    "Flask==1.1.4",
    "Werkzeug==1.0.1",
    "Jinja2==2.11.3",
    "MarkupSafe==2.0.1",
    "itsdangerous==1.1.0",
    "click==7.1.2",
    "pymongo==3.13.0",
    "cerberus==1.3.5",
    "mongomock==4.1.2",
    "sentinels",
    "packaging",
    "pytz",
]
# npm package, file inside it, destination in the static folder (the original's CDN file names).
LIBRARIES = [
    ("jquery@3.1.1", "dist/jquery.min.js", "js/vendor/jquery.min.js"),
    ("bootstrap@3.3.7", "dist/js/bootstrap.min.js", "js/vendor/bootstrap.min.js"),
    ("bootstrap@3.3.7", "dist/css/bootstrap.min.css", "css/vendor/bootstrap.min.css"),
    ("d3@3.5.16", "d3.min.js", "js/vendor/d3.min.js"),
    ("c3@0.4.11", "c3.min.js", "js/vendor/c3.min.js"),
    ("c3@0.4.11", "c3.min.css", "css/vendor/c3.min.css"),
]
CHECK = (
    "import warnings; warnings.simplefilter('ignore');"
    "import mongomock, pymongo; pymongo.MongoClient = mongomock.MongoClient;"
    "from importlib.metadata import version; import flask_jsondash.charts_builder;"
    "assert version('flask-jsondash') == '6.2.3', version('flask-jsondash')"
)


@dataclass
class Original:
    """Where the original runs from; ``problem`` says why it cannot (None when it can)."""

    python: str | None
    static_dir: str | None
    problem: str | None = None


def _run(argv: list[str], cwd: str | None = None) -> tuple[bool, str]:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    output = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, "\n".join(output[-5:])


def install(venv: str) -> tuple[str | None, str | None]:
    """The original's interpreter in ``venv`` (created if need be), or None and why not."""
    python = os.path.join(venv, "bin", "python")
    # -I: the check must not import this checkout's flask_jsondash from the working directory.
    if os.path.exists(python) and _run([python, "-I", "-c", CHECK])[0]:
        return python, None
    base = os.environ.get("BENCH_ORIGINAL_BASE_PYTHON") or shutil.which("python3") or sys.executable
    print(f"Installing the original flask_jsondash 6.2.3 into {venv} ...", file=sys.stderr)
    ok, output = _run([base, "-m", "venv", venv])
    if not ok:
        return None, f"could not create a virtualenv at {venv}: {output}"
    pip = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    ok, output = _run([*pip, "--no-deps", *PACKAGES])
    if not ok:
        return None, f"pip could not install the original: {output}"
    ok, output = _run([python, "-I", "-c", CHECK])
    if not ok:
        return None, f"the original was installed but does not import: {output}"
    return python, None


def fetch_libraries(static_dir: str, cache: str) -> str | None:
    """Put the original's chart libraries into ``static_dir``; None, or what went wrong."""
    missing = [row for row in LIBRARIES if not os.path.isfile(os.path.join(static_dir, row[2]))]
    if not missing:
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm is not installed, so the original's chart libraries cannot be fetched"
    for spec, inside, destination in missing:
        unpacked = os.path.join(cache, spec.replace("/", "_"))
        if not os.path.isdir(os.path.join(unpacked, "package")):
            os.makedirs(unpacked, exist_ok=True)
            with tempfile.TemporaryDirectory() as work:
                ok, output = _run([npm, "pack", "--silent", spec], cwd=work)
                tarballs = [f for f in os.listdir(work) if f.endswith(".tgz")]
                if not ok or not tarballs:
                    return f"npm pack {spec} failed: {output}"
                with tarfile.open(os.path.join(work, tarballs[0])) as tar:
                    if hasattr(tarfile, "data_filter"):  # Python 3.10.12 and later
                        tar.extractall(unpacked, filter="data")
                    else:  # pragma: no cover (npm's own tarballs)
                        tar.extractall(unpacked)  # noqa: S202
        target = os.path.join(static_dir, destination)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(unpacked, "package", inside), target)
    return None


def prepare(workdir: str) -> Original:
    """Install (or find) the original and its libraries under ``workdir``."""
    venv = os.environ.get("BENCH_ORIGINAL_VENV") or os.path.join(workdir, "original-venv")
    static_dir = os.path.join(workdir, "original-static")
    python, problem = install(venv)
    if python is None:
        return Original(None, None, problem)
    problem = fetch_libraries(static_dir, os.path.join(workdir, "npm-cache"))
    if problem:
        # The in-process pages need no libraries; the browser part does.
        return Original(python, None, problem)
    return Original(python, static_dir)
