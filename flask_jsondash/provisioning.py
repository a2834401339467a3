"""Provisioning: dashboards kept as JSON files in folders, loaded into the database.

Grafana's model, for flask_jsondash. ``JSONDASH_PROVISIONING`` names folders (see
:func:`flask_jsondash.settings.provisioning_folders` and docs/config.md, "Provisioning"); each
``*.json`` file in them (and in their subfolders) is one dashboard, identified by its ``id``.
A round of provisioning reads every file and, for each:

- a file that cannot be read, is not JSON, is not one dashboard with an ``id``, or breaks a
  rule of the schema is reported (its path and its problem) and loads nothing; the rest load;
- a new ``id`` is created, a changed file saves the next version of its dashboard (the history
  keeps the one it replaces), an unchanged one writes nothing;
- each provisioned dashboard says where it comes from (``provisioned``, the file; also in
  :func:`flask_jsondash.dashboards.meta`, so in the API), and is not editable in the browser
  unless its folder says ``allow_ui_updates``;
- a dashboard whose file is gone is deleted if its folder says ``delete_removed``, and only
  then (never when the folder itself cannot be read).

``flask jsondash provision [DIR]`` runs one round. An app whose ``JSONDASH_PROVISIONING`` names
folders runs one when it starts, then every ``JSONDASH_PROVISIONING_INTERVAL`` seconds, from a
daemon thread of its own (:class:`Provisioner`), in every process that serves it. Several
processes (gunicorn's workers, several hosts on one database) do not fight: each write is
conditional on the version it read, so each change is written once and the others find it
done. The thread does not start under tests (``app.testing``; call :func:`start_provisioner`
to have one), in other ``flask`` commands than ``run``, nor in the watching process of the
reloader (``flask run --debug``), and it stops when the process exits.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import random
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import click
from flask import Flask, current_app
from flask.helpers import get_debug_flag

from . import dashboards
from .dashboards import PROVISIONED, PROVISIONED_FROM, Refused
from .limits import JSONRefused, Limits, loads
from .schema import InvalidSchemaError
from .settings import (
    DEFAULT_CONFIG,
    ConfigurationError,
    ProvisioningFolder,
    provisioning_folders,
    provisioning_interval,
)
from .storage import StorageError
from .utils import adapter

#: Where an app keeps its provisioner (:class:`AppProvisioning`) in ``app.extensions``.
EXTENSION_KEY = "jsondash.provisioning"
#: How much larger than the largest dashboard (``JSONDASH_MAX_DOCUMENT_BYTES``) a file may be:
#: files are written for people, indented.
FILE_SIZE_FACTOR = 4
#: Problems of one file shown in the log (the first ones).
PROBLEMS_SHOWN = 10


class BrokenFile(Exception):
    """A file that loads nothing; the message says why, for the log."""


@dataclass
class ProvisioningReport:
    """What one round did: ids created, updated, taken over (they were stored but not
    provisioned), unchanged and deleted; and the files (or folders) that failed, with why."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    taken_over: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    #: Which file each id of this round came from.
    files: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.created or self.updated or self.taken_over or self.deleted)

    def summary(self) -> str:
        """One sentence: how many of each."""
        return (
            f"{len(self.created)} created, {len(self.updated) + len(self.taken_over)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.deleted)} deleted, "
            f"{len(self.failed)} not loaded."
        )


# Files ----------------------------------------------------------------------------------------


def dashboard_files(folder: str) -> list[str]:
    """The ``*.json`` files in ``folder`` and its subfolders, sorted; names starting with a
    dot (``.git``, editors' backups) are skipped. Raises ``OSError`` when the folder cannot be
    read (missing, not a folder, no permission)."""
    if not os.path.isdir(folder):
        raise FileNotFoundError(f"{folder} is not a folder (or cannot be reached)")
    os.listdir(folder)  # raises PermissionError for a folder that cannot be read
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(root, name)
            if name.endswith(".json") and not name.startswith(".") and os.path.isfile(path):
                found.append(path)
    return found


def read_dashboard_file(path: str) -> tuple[dict, str]:
    """The dashboard a file holds, as it would be stored, and a digest of it (the same
    dashboard, however the file is indented or its keys ordered, has the same digest). Raises
    :class:`BrokenFile` saying what is wrong."""
    limit = Limits.current().document_bytes * FILE_SIZE_FACTOR
    try:
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise BrokenFile(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise BrokenFile(f"is larger than {limit:,} bytes; a dashboard file may be that large")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BrokenFile(f"is not UTF-8 text (byte {exc.start})") from None
    try:
        document = loads(text)
    except JSONRefused as exc:
        raise BrokenFile(f"cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BrokenFile(
            f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else type(document).__name__
        raise BrokenFile(f"must hold one dashboard (a JSON object), not {kind}")
    if document.get("id") in (None, ""):
        raise BrokenFile(
            'has no "id": a provisioned dashboard needs one (8 to 40 letters, digits, - or _), '
            "so that each load finds the same dashboard"
        )
    try:
        prepared = dashboards.whole_document(document)
    except InvalidSchemaError as exc:
        shown = "; ".join(str(problem) for problem in exc.problems[:PROBLEMS_SHOWN])
        more = len(exc.problems) - PROBLEMS_SHOWN
        raise BrokenFile(
            f"is not a valid dashboard: {shown}" + (f" (and {more} more)" if more > 0 else "")
        ) from None
    canonical = json.dumps(prepared, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return prepared, f"sha256:{digest}"


# One round ------------------------------------------------------------------------------------


def provision(folders: Iterable[ProvisioningFolder]) -> ProvisioningReport:
    """Provision these folders once (inside an app context); see the module's docstring.

    Folders are read in order, their files in sorted order; when two files give the same id,
    the first loads and the other is reported. Storage errors propagate (the round is tried
    again later); a file's own problem never stops the others.
    """
    folders = list(folders)
    report = ProvisioningReport()
    readable: list[ProvisioningFolder] = []
    for folder in folders:
        try:
            files = dashboard_files(folder.path)
        except OSError as exc:
            report.failed[folder.path] = (
                f"the folder cannot be read ({exc.strerror or exc}); nothing in it was loaded "
                "or deleted"
            )
            continue
        readable.append(folder)
        for file in files:
            _provision_file(folder, file, report)
    for folder in readable:
        if folder.delete_removed:
            _delete_removed(folder, report)
    return report


def _provision_file(folder: ProvisioningFolder, file: str, report: ProvisioningReport) -> None:
    try:
        document, checksum = read_dashboard_file(file)
    except BrokenFile as exc:
        report.failed[file] = str(exc)
        return
    c_id = document["id"]
    first = report.files.get(c_id)
    if first is not None:
        report.failed[file] = f'has the id "{c_id}" of {first}, which is loaded instead'
        return
    report.files[c_id] = file
    try:
        outcome = dashboards.store_provisioned(
            document, file=file, folder=folder.path, checksum=checksum
        )
    except Refused as exc:  # others kept changing it: the next round tries again
        report.failed[file] = exc.message
        return
    {
        "created": report.created,
        "updated": report.updated,
        "taken over": report.taken_over,
        "unchanged": report.unchanged,
    }[outcome].append(c_id)


def _delete_removed(folder: ProvisioningFolder, report: ProvisioningReport) -> None:
    """Delete the dashboards provisioned from ``folder`` that no file of this round gave,
    except those whose file is there but broken (fixing it must not lose the dashboard)."""
    found = adapter.filter(filter={PROVISIONED_FROM: folder.path})
    rows = [(row.get("id"), row.get(PROVISIONED)) for row in list(found)]
    for c_id, file in rows:
        if not isinstance(c_id, str) or c_id in report.files or file in report.failed:
            continue
        if adapter.remove(c_id):
            report.deleted.append(c_id)


def provision_app(app: Flask) -> ProvisioningReport:
    """One round of the folders ``app`` is configured with (``JSONDASH_PROVISIONING``).
    Raises :class:`~flask_jsondash.settings.ConfigurationError` for a bad setting."""
    with app.app_context():
        return provision(provisioning_folders(app.config, app.root_path))


def log_report(
    report: ProvisioningReport, logger: logging.Logger, already: dict[str, str] | None = None
) -> None:
    """Write what a round did to ``logger``: every failed file with its path and problem (an
    error; not again while ``already`` shows the same problem), what changed (info)."""
    for path, problem in report.failed.items():
        if already is None or already.get(path) != problem:
            logger.error("flask_jsondash provisioning: %s %s", path, problem)
    for c_id in report.created:
        logger.info("flask_jsondash provisioning: created %s from %s", c_id, report.files[c_id])
    for c_id in report.updated:
        logger.info("flask_jsondash provisioning: updated %s from %s", c_id, report.files[c_id])
    for c_id in report.taken_over:
        logger.warning(
            "flask_jsondash provisioning: %s was not provisioned; it is now kept from %s "
            "(what it was is its previous version)",
            c_id,
            report.files[c_id],
        )
    for c_id in report.deleted:
        logger.info("flask_jsondash provisioning: deleted %s, whose file was removed", c_id)
    if already is not None:
        already.clear()
        already.update(report.failed)


# The command ----------------------------------------------------------------------------------


def provision_command(directory: str | None, delete_removed: bool | None) -> ProvisioningReport:
    """``flask jsondash provision [DIR]``, in an app context: one round of ``DIR`` (with its
    options when ``JSONDASH_PROVISIONING`` names it), or of every configured folder; each
    outcome echoed. ``delete_removed`` (``--delete-removed``/``--keep-removed``) overrides the
    folders' own option."""
    configured = provisioning_folders(current_app.config, current_app.root_path)
    if directory is not None:
        path = os.path.abspath(directory)
        folders = [next((f for f in configured if f.path == path), ProvisioningFolder(path))]
    elif configured:
        folders = configured
    else:
        raise click.UsageError(
            "Give a folder (flask jsondash provision DIR), or name folders in "
            "JSONDASH_PROVISIONING."
        )
    if delete_removed is not None:
        folders = [ProvisioningFolder(f.path, f.allow_ui_updates, delete_removed) for f in folders]
    for folder in folders:
        click.echo(f"Provisioning dashboards from {folder.path}")
    report = provision(folders)
    for label, ids in (
        ("Created", report.created),
        ("Updated", report.updated),
        ("Took over", report.taken_over),
        ("Unchanged", report.unchanged),
    ):
        for c_id in ids:
            click.echo(f"{label} {c_id} from {report.files[c_id]}")
    for c_id in report.deleted:
        click.echo(f"Deleted {c_id} (its file was removed)")
    for path, problem in report.failed.items():
        click.echo(f"Not loaded: {path} {problem}", err=True)
    click.echo(report.summary())
    return report


# The provisioner thread ---------------------------------------------------------------------


class Provisioner:
    """Provisioning of one app in one process: a round now, then one every
    ``JSONDASH_PROVISIONING_INTERVAL`` seconds (read before each wait, so a changed setting
    applies), from a daemon thread, until :meth:`stop` (or the process exits)."""

    def __init__(self, app: Flask, *, eager: bool = False) -> None:
        self.app = app
        self.pid = os.getpid()
        #: Started when the app was set up (not by its first request): it steps aside if it
        #: turns out to be in the watching process of the reloader (see :meth:`_yields`).
        self.eager = eager
        self.rounds = 0
        self.last_report: ProvisioningReport | None = None
        self._stopping = threading.Event()
        self._round_done = threading.Condition()
        self._logged: dict[str, str] = {}
        self._thread = threading.Thread(
            target=self._run, name=f"jsondash-provisioning-{app.name}", daemon=True
        )

    @property
    def running(self) -> bool:
        """Whether the thread is alive and not stopping (in the process that started it)."""
        return self.active and self._thread.is_alive()

    @property
    def active(self) -> bool:
        """Whether this is the process that started it, and it was not stopped (it may have
        finished: with ``JSONDASH_PROVISIONING_INTERVAL = 0``, after its one round)."""
        return self.pid == os.getpid() and not self._stopping.is_set()

    def start(self) -> Provisioner:
        """Start the thread; return self."""
        atexit.register(self.stop)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10) -> None:
        """Stop after the round in progress, if any, and wait for it (up to ``timeout``
        seconds)."""
        self._stopping.set()
        atexit.unregister(self.stop)
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def wait_for_rounds(self, count: int, timeout: float = 30) -> bool:
        """Wait until ``count`` rounds have run (for tests); whether they did."""
        with self._round_done:
            return self._round_done.wait_for(lambda: self.rounds >= count, timeout)

    def run_once(self) -> ProvisioningReport | None:
        """One round now (in the calling thread), logged; None when the settings or the
        database did not let it run (that is logged too)."""
        logger = self.app.logger
        try:
            report = provision_app(self.app)
        except ConfigurationError as exc:
            logger.error("flask_jsondash provisioning: %s Nothing was provisioned.", exc)
            return None
        except StorageError as exc:
            logger.error(
                "flask_jsondash provisioning: the database is unavailable (%s); "
                "trying again at the next round.",
                exc,
            )
            return None
        log_report(report, logger, self._logged)
        logger.debug(
            "flask_jsondash provisioning: round in process %s: %s", os.getpid(), report.summary()
        )
        self.last_report = report
        return report

    def _interval(self) -> float:
        try:
            return provisioning_interval(self.app.config)
        except ConfigurationError as exc:
            default = float(DEFAULT_CONFIG["JSONDASH_PROVISIONING_INTERVAL"])
            self.app.logger.error("flask_jsondash provisioning: %s Using %gs.", exc, default)
            return default

    def _yields(self) -> bool:
        """Whether this thread, started when the app was set up, is in the process that
        watches files for the reloader (``app.run(debug=True)`` turns debug on after the app
        was set up): its child serves, and provisions."""
        return self.eager and not _serving(self.app) and _reloader_parent(self.app)

    def _run(self) -> None:
        while not self._stopping.is_set():
            if self._yields():
                self.app.logger.debug(
                    "flask_jsondash provisioning: not in the reloader's watching process"
                )
                self._stopping.set()  # the first request, if one comes, starts another
                break
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - a round's failure must not end the thread
                self.app.logger.exception("flask_jsondash provisioning: the round failed")
            with self._round_done:
                self.rounds += 1
                self._round_done.notify_all()
            interval = self._interval()
            if not interval:
                break
            # Processes started together spread their rounds out.
            self._stopping.wait(interval * random.uniform(0.9, 1.1))  # noqa: S311


@dataclass
class AppProvisioning:
    """An app's provisioning in this process: its provisioner, and whether the process has
    served a request (which no watching process of the reloader does)."""

    provisioner: Provisioner | None = None
    serving_pid: int | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _record(app: Flask) -> AppProvisioning:
    found = app.extensions.get(EXTENSION_KEY)
    if not isinstance(found, AppProvisioning):
        found = app.extensions[EXTENSION_KEY] = AppProvisioning()
    return found


def _serving(app: Flask) -> bool:
    return _record(app).serving_pid == os.getpid()


def _reloader_parent(app: Flask) -> bool:
    """Whether this may be the process that watches files for Werkzeug's reloader (debug on,
    and not its child): its child serves the app and provisions instead."""
    if os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        return False
    return bool(app.debug or get_debug_flag())


def _wanted(app: Flask) -> bool:
    return bool(app.config.get("JSONDASH_PROVISIONING")) and not app.testing


def _in_other_command() -> bool:
    """Whether the app was loaded by a ``flask`` command other than ``run`` (``shell``,
    ``jsondash load``, ...): those do not provision in the background."""
    context = click.get_current_context(silent=True)
    return context is not None and context.info_name != "run"


def start_provisioner(app: Flask, *, eager: bool = False) -> Provisioner:
    """Start ``app``'s provisioner in this process, whatever ``app.testing`` says: one at most
    (one started and not stopped is returned, even when it has finished its only round)."""
    record = _record(app)
    with record.lock:
        current = record.provisioner
        if current is not None and current.active:
            return current
        record.provisioner = Provisioner(app, eager=eager).start()
        return record.provisioner


def stop_provisioner(app: Flask, timeout: float = 10) -> None:
    """Stop ``app``'s provisioner in this process, if it runs."""
    provisioner = _record(app).provisioner
    if provisioner is not None:
        provisioner.stop(timeout)


def provisioner_of(app: Flask) -> Provisioner | None:
    """``app``'s provisioner in this process, if one was started."""
    found = _record(app).provisioner
    return found if found is not None and found.pid == os.getpid() else None


def on_app_setup(app: Flask) -> None:
    """When the blueprint is registered: check the settings (a mistake is logged, naming the
    setting) and start provisioning, unless this is a test, another ``flask`` command, or the
    reloader's watching process (then the first request starts it, if one comes)."""
    if not app.config.get("JSONDASH_PROVISIONING"):
        return
    try:
        provisioning_folders(app.config, app.root_path)
        provisioning_interval(app.config)
    except ConfigurationError as exc:
        app.logger.error("flask_jsondash provisioning: %s Nothing will be provisioned.", exc)
        return
    if not _wanted(app) or _in_other_command() or _reloader_parent(app):
        return
    start_provisioner(app, eager=True)


def on_request(app: Flask) -> None:
    """Before each request: the first one in a process that has no provisioner (a worker
    forked after the app was set up, the reloader's child, a host's own server command)
    starts it. Costs a dict lookup afterwards."""
    record = _record(app)
    pid = os.getpid()
    if record.serving_pid == pid:
        return
    record.serving_pid = pid
    if _wanted(app):
        try:
            provisioning_folders(app.config, app.root_path)
        except ConfigurationError:
            return  # said when the app was set up
        start_provisioner(app)


def check_settings(app: Flask) -> None:
    """Raise :class:`~flask_jsondash.settings.ConfigurationError` for a provisioning setting
    ``app`` cannot use (``JsonDash.init_app`` calls this, so a mistake fails at start)."""
    provisioning_folders(app.config, app.root_path)
    provisioning_interval(app.config)


__all__ = [
    "BrokenFile",
    "Provisioner",
    "ProvisioningReport",
    "check_settings",
    "dashboard_files",
    "log_report",
    "provision",
    "provision_app",
    "provision_command",
    "provisioner_of",
    "read_dashboard_file",
    "start_provisioner",
    "stop_provisioner",
]
