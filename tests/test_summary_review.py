"""The review file (.jxzh): kept like a report file — recognised, versioned, locked, backed up,
one transaction per edit — and read into the summary's states."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from crash_harness import new_demo_file, worker_env
from summary_support import write_units

from perfcore import backup
from perfcore.filelock import LockedError
from perfcore.store import ReadOnlyError, StoreError
from perfcore.store.schema import FileKind
from perfcore.summary import review as review_module
from perfcore.summary.review import APPLICATION_ID, ReviewFile, parse_score
from perfcore.summary.run import collect
from perfcore.summary.table import CHANGED, REVIEWED, UNREVIEWED, assemble

WORKER = Path(__file__).with_name("review_crash_worker.py")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_new_review_file_is_ours_and_lists_units_relative_to_itself(tmp_path: Path) -> None:
    units = write_units(tmp_path / "units", 2)
    path = tmp_path / "复核.jxzh"
    with ReviewFile.create(path) as review:
        review.add_units([(str(units[0]), "aa", "甲", 2019), (str(units[1]), "bb", "乙", 2019)])
        review.set_entry(units[0], "cc", "甲", 2019, "", "整体", None, "", "总体良好", "李四")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == review_module.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    stored = [r[0] for r in conn.execute("SELECT path FROM unit_file ORDER BY id")]
    conn.close()
    assert stored == ["units/unit-0000.jxzp", "units/unit-0001.jxzp"]
    with ReviewFile.open(path, read_only=True) as review:
        listed = review.units()
    assert [u.path for u in listed] == [units[0].resolve(), units[1].resolve()]
    assert listed[0].fingerprint == "cc"  # the fingerprint follows the last review
    entry = listed[0].entry("")
    assert entry is not None and (entry.opinion, entry.reviewer, entry.score) == ("总体良好", "李四", None)
    assert listed[1].entries == ()


def test_reviewed_unit_changes_state_when_its_file_changes(tmp_path: Path) -> None:
    units = write_units(tmp_path, 2)
    collected = collect([str(p) for p in units])
    row = collected.units[0]
    leaf = row.lost[3]
    with ReviewFile.create(tmp_path / "r.jxzh") as review:
        review.set_entry(row.path, row.fingerprint, row.unit, row.year, leaf.path, leaf.name, Decimal("0.50"), "佐证不足", "核减", "王五")
        summary = assemble(collected, review.by_path())
    first, second = summary.units
    assert first.state == REVIEWED and second.state == UNREVIEWED
    assert first.reviewed_total == row.total - (leaf.final or 0) + Decimal("0.50")
    from perfcore.store import ReportFile

    with ReportFile.open(units[0]) as report:
        report.set("/overall/staff_actual", 99)
    with ReviewFile.open(tmp_path / "r.jxzh", read_only=True) as review:
        again = assemble(collect([str(p) for p in units]), review.by_path())
    assert again.units[0].state == CHANGED == "已变更，需重新复核"


def test_one_writer_read_only_and_refusals(tmp_path: Path) -> None:
    path = tmp_path / "r.jxzh"
    ReviewFile.create(path).close()
    with ReviewFile.open(path):
        with pytest.raises(LockedError):
            ReviewFile.open(path)
        with ReviewFile.open(path, read_only=True) as reader:
            with pytest.raises(ReadOnlyError):
                reader.set_entry("a.jxzp", "f", "u", 2019, "", "", None, "", "", "")
    report = tmp_path / "报告.jxzp"
    new_demo_file(report)
    before = sha256(report)
    with pytest.raises(StoreError, match="不是汇总复核文件"):
        ReviewFile.open(report)
    assert sha256(report) == before
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    before = sha256(path)
    with pytest.raises(StoreError, match="更新版本"):
        ReviewFile.open(path)
    assert sha256(path) == before
    with pytest.raises(StoreError, match="已存在"):
        ReviewFile.create(path)
    with pytest.raises(StoreError, match="不是数字"):
        parse_score("八十")
    assert parse_score(" 7.255 ") == Decimal("7.26") and parse_score("") is None


def test_upgrade_is_preceded_by_a_backup_and_changed_files_are_backed_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.jxzh"
    backups = tmp_path / "backups"
    with ReviewFile.create(path, backups=backups) as review:
        review.set_entry("a.jxzp", "f", "u", 2019, "", "", None, "", "意见", "")
    for _ in range(2):  # changed since the backup made on creating it; then unchanged
        with ReviewFile.open(path, backups=backups):
            pass
    opened = backup.list_backups(path, backups)
    assert [b.reason for b in opened] == ["open", "open"] and opened[0].path.suffix == ".jxzh"
    assert opened[0].fingerprint == backup.fingerprint(path)
    ladder = [*review_module.MIGRATIONS, lambda conn: conn.execute("ALTER TABLE entry ADD COLUMN extra TEXT")]
    monkeypatch.setattr(review_module, "MIGRATIONS", ladder)
    monkeypatch.setattr(review_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(review_module, "KIND", FileKind(APPLICATION_ID, 2, "汇总复核文件", "复核文件", tuple(ladder)))
    with ReviewFile.open(path, backups=backups) as review:
        assert review.units()[0].entries[0].opinion == "意见"
        columns = [r[1] for r in review.connection().execute("PRAGMA table_info(entry)")]
    assert "extra" in columns
    assert "migration" in [b.reason for b in backup.list_backups(path, backups)]


def test_a_review_survives_being_killed_mid_edit(tmp_path: Path) -> None:
    path = tmp_path / "r.jxzh"
    ReviewFile.create(path).close()
    rng = random.Random(17)
    latest: dict[tuple[str, str], int] = {}
    start = 0
    for _round in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), str(path), str(start)], stdout=subprocess.PIPE, env=worker_env()
        )
        assert proc.stdout is not None
        head = []
        while not head or not head[-1].startswith(b"ack"):  # started (however slowly) and editing
            head.append(proc.stdout.readline())
            assert head[-1], "the worker ended before its first edit"
        time.sleep(rng.uniform(0.0, 0.3))
        proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no cleanup either way
        proc.wait()
        lines = (b"".join(head) + proc.stdout.read()).decode().split()
        proc.stdout.close()
        acked = [int(n) for tag, n in zip(lines[::2], lines[1::2], strict=False) if tag == "ack"]
        announced = [int(n) for tag, n in zip(lines[::2], lines[1::2], strict=False) if tag == "do"]
        pending = announced[-1] if announced and (not acked or announced[-1] != acked[-1]) else None
        for i in acked:
            latest[(f"unit-{i % 7}.jxzp", f"/indicators/tree/0/children/0/children/{i % 5}")] = i
        with ReviewFile.open(path) as review:  # opens at once: no lock left behind
            assert review.connection().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            found = {
                (u.path.name, e.target): int(e.opinion.removeprefix("意见")) for u in review.units() for e in u.entries
            }
        for key, i in latest.items():
            allowed = {i}
            if pending is not None and key == (f"unit-{pending % 7}.jxzp", f"/indicators/tree/0/children/0/children/{pending % 5}"):
                allowed.add(pending)
            assert found[key] in allowed, (key, found[key], allowed)
        if pending is not None:
            pending_key = (f"unit-{pending % 7}.jxzp", f"/indicators/tree/0/children/0/children/{pending % 5}")
            if found.get(pending_key) == pending:
                latest[pending_key] = pending
        assert set(found) == set(latest)
        start = (max(announced) + 1) if announced else start
    assert len(latest) >= 10  # the rounds really edited
