"""Build step (named in pyproject.toml's [tool.setuptools.cmdclass]): no package without the
browser libraries.

Before the sdist is made, and before build_py copies the package into a wheel, the libraries in
flask_jsondash/static/vendor/ are checked and, if missing, vendored as ``make vendor`` does
(``npm ci`` when node_modules is missing and npm is installed, then scripts/vendor_assets.py's
copy); when that cannot be done the build fails with a sentence saying what to run.
``JSONDASH_BUILD_WITHOUT_ASSETS=1`` builds without them, with a warning (for packagers whose
users load the libraries from the CDN). Editable installs (``pip install -e .``) skip the check:
they serve the checkout's static folder, which ``make vendor`` fills.

This module is in the sdist (MANIFEST.in) but not in the wheel.
"""

from __future__ import annotations

import importlib.util
import os
import sys

from setuptools.command.build_py import build_py as _build_py
from setuptools.command.sdist import sdist as _sdist
from setuptools.errors import BaseError

HERE = os.path.dirname(os.path.abspath(__file__))


def _vendor_assets():
    path = os.path.join(HERE, "scripts", "vendor_assets.py")
    spec = importlib.util.spec_from_file_location("_jsondash_vendor_assets", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ensure_vendored() -> None:
    vendor_assets = _vendor_assets()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    try:
        vendor_assets.ensure_vendored(log)
    except vendor_assets.VendorError as error:
        # setuptools reports a BaseError (DistutilsError) as "error: <message>", without a
        # traceback.
        raise BaseError(str(error)) from None


class BuildPy(_build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            ensure_vendored()
            # Package data is listed lazily; forget any list made before the files were there.
            self.__dict__.pop("data_files", None)
        super().run()


class Sdist(_sdist):
    def run(self) -> None:
        ensure_vendored()
        super().run()
