"""Overwriting a report file and taking its writer lock: the edge cases of both."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from perfcore import assets, filelock
from perfcore.exchange import load_json
from perfcore.store import ReportFile, journal_path


def test_overwrite_removes_a_crashed_writers_journal(tmp_path: Path) -> None:
    target = tmp_path / "a.jxzp"
    ReportFile.create(target, load_json(assets.demo_json())).close()
    journal_path(target).write_bytes(b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7" + b"\0" * 504)
    package = load_json(assets.demo_json())
    package.unit_name = "新单位"
    with ReportFile.create(target, package, overwrite=True) as report:
        assert report.package.unit_name == "新单位"
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
