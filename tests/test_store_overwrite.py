"""Overwriting a report file and taking its writer lock: the edge cases of both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from perfcore import assets, filelock
from perfcore.exchange import load_json
from perfcore.store import ReportFile, journal_path


def _leave_hot_journal(path: Path) -> None:
    """A writer that dies mid-transaction after spilling pages: its journal stays hot."""
    script = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 1')\n"
        "conn.execute('BEGIN IMMEDIATE')\n"
        "for i in range(300):\n"
        "    conn.execute('UPDATE node SET note = ? WHERE 1', ('x' * 2000,))\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True)


def test_overwrite_drops_the_replaced_files_hot_journal(tmp_path: Path) -> None:
    target = tmp_path / "a.jxzp"
    ReportFile.create(target, load_json(assets.demo_json())).close()
    _leave_hot_journal(target)
    assert journal_path(target).stat().st_size > 0
    package = load_json(assets.demo_json())
    package.unit_name = "新单位"
    package.indicators.tree = package.indicators.tree[:1]
    ReportFile.create(target, package, overwrite=True).close()
    with ReportFile.open(target) as report:
        assert report.package.unit_name == "新单位"
        assert len(report.package.indicators.tree) == 1
        assert report.connection().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not journal_path(target).exists()


def test_lock_retries_when_the_side_file_is_replaced_under_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A releasing holder unlinks the side file; whoever locked the orphan must try again."""
    report = tmp_path / "a.jxzp"
    report.write_bytes(b"")
    side = filelock.lock_path(report)
    real_try_lock = filelock._try_lock
    calls = []

    def swap_then_lock(handle):  # type: ignore[no-untyped-def]
        calls.append(handle)
        if len(calls) == 1:
            os.unlink(side)
            side.write_bytes(b"")
        return real_try_lock(handle)

    monkeypatch.setattr(filelock, "_try_lock", swap_then_lock)
    lock = filelock.FileLock(report, "test")
    try:
        assert len(calls) == 2
        assert lock._handle is not None
        assert os.path.samestat(os.fstat(lock._handle.fileno()), os.stat(side))
    finally:
        lock.release()
