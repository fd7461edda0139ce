"""Kill ``crash_worker.py`` at random moments and check what the file kept.

Shared by ``tests/test_reliability_crash.py`` (a few dozen kills in CI) and
``bench/crash_soak.py`` (a thousand). One *round* starts the worker on a file, kills it
with SIGKILL after a random delay, reopens the file for writing and checks:

* it opens at once for writing (a crash leaves no lock that blocks the next open);
* ``PRAGMA integrity_check`` says ``ok``;
* its package equals the package before the round with the acknowledged edits replayed,
  or with those plus the one edit announced but not acknowledged (killed after the commit
  but before the acknowledgement) — nothing acknowledged lost, nothing half-applied;
* every fund and indicator group the worker inserted has its complete item list;
* every backup the worker made on (re)opening is a whole report file.
"""

from __future__ import annotations

import copy
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from perfcore import backup, exchange
from perfcore import pointer as ptr
from perfcore.store import ReportFile, StoreError, export_package, inspect_file

WORKER = Path(__file__).with_name("crash_worker.py")
REPO = Path(__file__).resolve().parent.parent
_SIZED = re.compile(r"(\d+)/(\d+)$")


class CrashCheckFailed(AssertionError):
    pass


@dataclass
class Tally:
    rounds: int = 0
    kills: int = 0
    acknowledged: int = 0
    pending_kept: int = 0
    pending_dropped: int = 0
    killed_before_ready: int = 0
    journals_left: int = 0
    backups: int = 0
    notes: list[str] = field(default_factory=list)


def file_doc(report: ReportFile) -> dict[str, Any]:
    return exchange.package_to_doc(report.package)


def replay(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with one worker operation applied, the way the store should apply it."""
    out = copy.deepcopy(doc)
    kind = op["op"]
    if kind == "set":
        parent, key = _container(out, op["pointer"])
        if isinstance(parent, list):
            parent[int(key)] = op["value"]
        else:
            parent[key] = op["value"]
    elif kind == "insert":
        target = _at(out, op["list"])
        target.insert(op["index"], copy.deepcopy(op["doc"]))
    elif kind == "remove":
        parent, key = _container(out, op["pointer"])
        del parent[int(key)]
    elif kind == "move":
        parent, key = _container(out, op["pointer"])
        entity = parent.pop(int(key))
        _at(out, op["dest"]).insert(op["index"], entity)
    else:
        raise ValueError(kind)
    return out


def _at(doc: Any, pointer: str) -> Any:
    value = doc
    for token in ptr.split(pointer):
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def _container(doc: Any, pointer: str) -> tuple[Any, str]:
    return _at(doc, ptr.parent(pointer)), ptr.last(pointer)


def check_complete(doc: dict[str, Any]) -> None:
    """Each multi-row insert of the worker is whole: items k/n for k = 1..n, in order."""
    for fund in doc["special_funds"]:
        if fund["name"].startswith("压测专项"):
            _check_sized(fund["name"], [i["name"] for i in fund["items"]])
    for node in doc["indicators"]["tree"]:
        if node["name"].startswith("压测指标组"):
            _check_sized(node["name"], [c["name"] for c in node["children"]])


def _check_sized(owner: str, names: list[str]) -> None:
    for k, name in enumerate(names, start=1):
        match = _SIZED.search(name)
        if not (name.startswith(owner + " ") and match and int(match[1]) == k and int(match[2]) == len(names)):
            raise CrashCheckFailed(f"{owner} is incomplete: {names}")


def check_backups(path: Path, folder: Path, tally: Tally) -> None:
    """Every file under a backup name is a whole report file, even if a kill hit the copy."""
    for made in backup.list_backups(path, folder):
        try:
            inspect_file(made.path)
        except StoreError as exc:
            raise CrashCheckFailed(f"backup {made.path.name} is damaged: {exc}") from exc
    tally.backups = max(tally.backups, len(backup.list_backups(path, folder)))


def worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def run_round(path: Path, seed: int, rng: Random, tally: Tally, backups: Path | None = None) -> None:
    """Start the worker on ``path``, kill it at a random moment, check the file."""
    with ReportFile.open(path) as report:
        before = file_doc(report)
    args = [sys.executable, str(WORKER), str(path), str(seed)]
    if backups is not None:
        args.append(str(backups))
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=worker_env())
    lines: list[bytes] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if line.startswith(b'{"ready"'):
                ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    # Where the kill lands is the point of the test, so the delay is random by design: most
    # rounds die while editing, some while the worker is still opening the file.
    if rng.random() < 0.85:
        ready.wait(timeout=30)
        time.sleep(rng.uniform(0.0, 0.25))
    else:
        time.sleep(rng.uniform(0.0, 0.6))
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    assert proc.stdout is not None
    proc.stdout.close()
    if not alive or proc.returncode != -signal.SIGKILL:
        raise CrashCheckFailed(f"worker (seed {seed}) exited on its own, code {proc.returncode}:\n{stderr}")
    tally.rounds += 1
    tally.kills += 1
    if not ready.is_set():
        tally.killed_before_ready += 1
    if Path(str(path) + "-journal").exists():
        tally.journals_left += 1

    acked: list[dict[str, Any]] = []
    pending: dict[str, Any] | None = None
    for raw in lines:
        if not raw.endswith(b"\n"):
            break  # the kill cut this line short; whatever it said is covered by `pending`
        message = json.loads(raw)
        if "begin" in message:
            pending = message["begin"]
        elif "ack" in message:
            if message["ack"] != pending:
                raise CrashCheckFailed(f"ack without begin: {message}")
            acked.append(message["ack"])
            pending = None
    tally.acknowledged += len(acked)

    expected = before
    for op in acked:
        expected = replay(expected, op)
    with ReportFile.open(path) as report:
        integrity = report.connection().execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            raise CrashCheckFailed(f"integrity_check after kill (seed {seed}): {integrity}")
        found = file_doc(report)
        if exchange.package_to_doc(export_package(report)) != found:
            raise CrashCheckFailed("the file reads back differently from the package it loaded")
    check_complete(found)
    if backups is not None:
        check_backups(path, backups, tally)
    if found == expected:
        if pending is not None:
            tally.pending_dropped += 1
        return
    if pending is not None and found == replay(expected, pending):
        tally.pending_kept += 1
        return
    raise CrashCheckFailed(
        f"after kill (seed {seed}, {len(acked)} acknowledged, pending {pending}) the file differs: "
        + _first_difference(expected, found)
    )


def _first_difference(expected: Any, found: Any, at: str = "") -> str:
    if type(expected) is not type(found):
        return f"{at or '/'}: expected {expected!r:.200}, found {found!r:.200}"
    if isinstance(expected, dict):
        for key in sorted(set(expected) | set(found)):
            if expected.get(key) != found.get(key):
                return _first_difference(expected.get(key), found.get(key), f"{at}/{key}")
    if isinstance(expected, list):
        if len(expected) != len(found):
            return f"{at}: expected {len(expected)} entries, found {len(found)}"
        for i, (a, b) in enumerate(zip(expected, found, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{at}/{i}")
    return f"{at or '/'}: expected {expected!r:.200}, found {found!r:.200}"


def new_demo_file(path: Path) -> None:
    from perfcore import assets

    ReportFile.create(path, exchange.load_json(assets.demo_json())).close()
