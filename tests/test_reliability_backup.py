"""Backups: made on opening a changed file and before a migration, thinned, restorable."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from crash_harness import new_demo_file, worker_env

from perfcore import backup, exchange, store
from perfcore.backup import Backup, BackupError, Policy
from perfcore.filelock import LockedError
from perfcore.store import ReportFile, StoreError, inspect_file


@pytest.fixture
def report_path(tmp_path: Path) -> Path:
    path = tmp_path / "石峰2019.jxzp"
    new_demo_file(path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "用户数据" / "backups"


def doc_of(path: Path) -> dict[str, object]:
    with ReportFile.open(path, read_only=True) as report:
        return exchange.package_to_doc(report.package)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_opening_a_changed_file_backs_it_up_and_an_unchanged_one_not(report_path: Path, folder: Path) -> None:
    first_state = doc_of(report_path)
    with ReportFile.open(report_path, backups=folder) as report:
        assert report.backup_problem is None
        report.set("/overall/staff_actual", 11)
    made = backup.list_backups(report_path, folder)
    assert [b.reason for b in made] == ["open"]
    assert made[0].total == 93  # the total when opened, before the edit
    # The copy holds the file as it was opened, before the session's edits.
    assert doc_of(made[0].path) == first_state

    with ReportFile.open(report_path, backups=folder) as report:
        second_state = exchange.package_to_doc(report.package)
    after_change = backup.list_backups(report_path, folder)
    assert len(after_change) == 2
    assert doc_of(after_change[0].path) == second_state
    assert second_state["overall"]["staff_actual"] == 11  # type: ignore[index]

    ReportFile.open(report_path, backups=folder).close()
    ReportFile.open(report_path, backups=folder).close()
    assert backup.list_backups(report_path, folder) == after_change


def test_a_file_changed_elsewhere_is_backed_up_on_the_next_open(report_path: Path, folder: Path) -> None:
    ReportFile.open(report_path, backups=folder).close()
    with ReportFile.open(report_path) as report:  # no folder: e.g. another tool
        report.set("/unit_name", "另一个单位")
    ReportFile.open(report_path, backups=folder).close()
    made = backup.list_backups(report_path, folder)
    assert len(made) == 2
    assert doc_of(made[0].path)["unit_name"] == "另一个单位"


def test_a_backup_is_a_complete_report_file_with_its_total(report_path: Path, folder: Path) -> None:
    with ReportFile.open(report_path, backups=folder) as report:
        total = report.scores.total
    (made,) = backup.list_backups(report_path, folder)
    assert inspect_file(made.path) == store.SCHEMA_VERSION
    with sqlite3.connect(made.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    assert made.total == total == 93
    assert made.size == made.path.stat().st_size
    assert made.path.parent.parent == folder


def test_backups_of_different_files_with_the_same_name_stay_apart(tmp_path: Path, folder: Path) -> None:
    a, b = tmp_path / "a" / "报告.jxzp", tmp_path / "b" / "报告.jxzp"
    for path in (a, b):
        path.parent.mkdir()
        new_demo_file(path)
        ReportFile.open(path, backups=folder).close()
    assert len(backup.list_backups(a, folder)) == len(backup.list_backups(b, folder)) == 1
    assert backup.folder_for(a, folder) != backup.folder_for(b, folder)


def test_a_failed_backup_does_not_stop_the_file_opening(
    report_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    with caplog.at_level(logging.WARNING, logger="perfcore"), ReportFile.open(report_path, backups=blocked) as report:
        assert report.backup_problem is not None
        assert report.backup_problem.startswith("无法备份“石峰2019.jxzp”")
        report.set("/overall/staff_actual", 12)
    # Logged, not only shown for a while (the desktop's log file takes perfcore's warnings).
    assert [r.getMessage() for r in caplog.records] == [f"backup on opening failed: {report.backup_problem}"]


def test_a_killed_backup_leaves_no_half_copy_under_a_backup_name(report_path: Path, folder: Path) -> None:
    place = backup.folder_for(report_path, folder)
    place.mkdir(parents=True)
    leftover = place / ".~20260101-000000-000000_open_na_0123456789abcdef.jxzp.tmp"
    leftover.write_bytes(b"SQLite format 3\x00 half")
    ReportFile.open(report_path, backups=folder).close()
    assert not leftover.exists()
    assert len(backup.list_backups(report_path, folder)) == 1


# ---------------------------------------------------------------- thinning

TODAY = datetime(2026, 6, 15, 20, 0)


def fake(made: datetime, reason: backup.Reason = "open") -> Backup:
    return Backup(Path(f"/x/{made.isoformat()}"), made, reason, None, "0" * 16, 1)


def at(days_ago: int, hour: int) -> datetime:
    return (TODAY - timedelta(days=days_ago)).replace(hour=hour)


def test_thinning_keeps_today_then_one_a_day_then_one_a_week() -> None:
    names = {
        "today 10h": at(0, 10),
        "today 9h": at(0, 9),
        "1 day 18h": at(1, 18),
        "1 day 8h": at(1, 8),
        "3 days": at(3, 12),
        "7 days": at(7, 12),
        "8 days": at(8, 12),
        "10 days": at(10, 12),
        "15 days": at(15, 12),
        "63 days": at(63, 12),
        "64 days": at(64, 12),
        "200 days": at(200, 12),
    }
    backups = sorted((fake(m) for m in names.values()), key=lambda b: b.made, reverse=True)
    kept = {name for name, made in names.items() if fake(made) in backup.kept(backups, TODAY.date(), Policy())}
    assert kept == {"today 10h", "today 9h", "1 day 18h", "3 days", "7 days", "8 days", "15 days", "63 days"}


def test_thinning_keeps_the_newest_whatever_their_age_and_every_migration_backup() -> None:
    backups = [fake(at(d, 12)) for d in (200, 300, 400, 500)] + [fake(at(900, 12), "migration")]
    kept = backup.kept(backups, TODAY.date(), Policy(newest=3))
    assert kept == {backups[0], backups[1], backups[2], backups[4]}


def test_thinning_caps_the_backups_of_one_day() -> None:
    backups = [fake(TODAY - timedelta(minutes=m)) for m in range(10)]
    assert backup.kept(backups, TODAY.date(), Policy(today=4, newest=1)) == set(backups[:4])


def test_thin_deletes_the_files_the_policy_drops(report_path: Path, folder: Path) -> None:
    with ReportFile.open(report_path) as report:
        for days_ago in (0, 1, 2, 30, 31, 40, 400):
            backup.make(report.connection(), report_path, folder, "open", now=at(days_ago, 12))
    removed = backup.thin(report_path, folder, TODAY, Policy(newest=1))
    assert sorted(TODAY.date() - b.made.date() for b in removed) == [timedelta(days=31), timedelta(days=400)]
    remaining = backup.list_backups(report_path, folder)
    assert [(TODAY.date() - b.made.date()).days for b in remaining] == [0, 1, 2, 30, 40]
    assert all(b.path.exists() for b in remaining)


# ---------------------------------------------------------------- restoring


def test_restore_brings_back_the_old_content_and_backs_up_the_current(report_path: Path, folder: Path) -> None:
    original = doc_of(report_path)
    with ReportFile.open(report_path, backups=folder) as report:
        report.set("/overall/staff_actual", 11)
        report.remove("/special_funds/0")
    edited = doc_of(report_path)
    assert edited != original
    (chosen,) = backup.list_backups(report_path, folder)

    saved = store.restore_backup(report_path, chosen, folder)

    assert doc_of(report_path) == original
    assert saved.reason == "restore"
    assert doc_of(saved.path) == edited
    assert saved in backup.list_backups(report_path, folder)
    with ReportFile.open(report_path) as report:
        assert report.connection().execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert report.scores.total == 93
        report.set("/overall/staff_actual", 9)  # still an ordinary, editable report file
    # And the restore itself can be undone from the backup it made.
    store.restore_backup(report_path, saved, folder)
    assert doc_of(report_path) == edited


HOLDER = """
import sys
from perfcore.store import ReportFile
report = ReportFile.open(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_restore_waits_for_the_file_to_be_free(report_path: Path, folder: Path) -> None:
    with ReportFile.open(report_path, backups=folder) as report:
        report.set("/overall/staff_actual", 11)
    (chosen,) = backup.list_backups(report_path, folder)
    before = sha256(report_path)
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(report_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=worker_env()
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"holding\n"
        with pytest.raises(LockedError):
            store.restore_backup(report_path, chosen, folder)
        proc.kill()
    assert sha256(report_path) == before


def test_a_damaged_backup_is_refused_and_the_file_left_alone(report_path: Path, folder: Path) -> None:
    ReportFile.open(report_path, backups=folder).close()
    (chosen,) = backup.list_backups(report_path, folder)
    chosen.path.write_bytes(chosen.path.read_bytes()[:3000])
    before = sha256(report_path)
    with pytest.raises(BackupError, match="无法使用"):
        store.restore_backup(report_path, chosen, folder)
    assert sha256(report_path) == before


# ---------------------------------------------------------------- migrations


@pytest.fixture
def next_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the program is one schema version ahead of the files it has made."""

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE fund ADD COLUMN remark TEXT")

    monkeypatch.setattr(store.schema, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    monkeypatch.setattr(store.schema, "MIGRATIONS", [*store.MIGRATIONS, add_column])


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_a_migration_is_preceded_by_a_backup(report_path: Path, folder: Path, next_version: None) -> None:
    old_version = user_version(report_path)
    original = doc_of_any_version(report_path)
    with ReportFile.open(report_path, backups=folder):
        pass
    assert user_version(report_path) == old_version + 1
    migration = [b for b in backup.list_backups(report_path, folder) if b.reason == "migration"]
    assert len(migration) == 1
    assert user_version(migration[0].path) == old_version
    assert doc_of_any_version(migration[0].path) == original


def test_a_migration_without_a_folder_backs_up_into_the_user_data_folder(
    report_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, next_version: None
) -> None:
    # The command line opens files without a folder of its own: the one user data folder it is.
    monkeypatch.setenv("PERF_FILING_DATA", str(tmp_path / "portable"))
    with ReportFile.open(report_path):
        pass
    migration = backup.list_backups(report_path, tmp_path / "portable" / "backups")
    assert [b.reason for b in migration] == ["migration"]


def doc_of_any_version(path: Path) -> object:
    conn = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        return exchange.package_to_doc(store.rows.load(conn))
    finally:
        conn.close()


def test_no_migration_without_its_backup(report_path: Path, tmp_path: Path, next_version: None) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    before = sha256(report_path)
    with pytest.raises(StoreError, match="文件未升级"):
        ReportFile.open(report_path, backups=blocked)
    assert sha256(report_path) == before
