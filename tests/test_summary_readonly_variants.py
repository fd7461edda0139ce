"""汇总 read-only variants: a report file of an earlier version is read (upgraded in memory, the
file neither upgraded nor backed up), a unit opened to look at creates nothing beside its file
(a WAL-mode file included), and the summary JSON written into a scanned folder is not read
back as an input; an exchange file is read up to the size any input is."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from crash_harness import new_demo_file
from format1_files import write_version1_file

from perfcore import assets, cli
from perfcore.inputs import MAX_INPUT_BYTES
from perfcore.store import ReportFile
from perfcore.summary.rows import Refusal, UnitRow
from perfcore.summary.sources import discover, open_unit, read_source


def listing(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_an_older_report_file_is_read_as_its_upgrade_without_upgrading_it(tmp_path: Path) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    doc = json.loads(assets.demo_json())
    doc["unit_name"] = "旧版单位"
    older = folder / "older.jxzp"
    write_version1_file(older, doc)
    upgraded = tmp_path / "upgraded.jxzp"
    shutil.copy(older, upgraded)
    with ReportFile.open(upgraded, backups=tmp_path / "backups") as report:
        expected = (report.package.unit_name, report.scores.total, report.scores.grade)
    before = listing(folder)

    row = read_source(str(older))
    assert isinstance(row, UnitRow), row
    assert (row.unit, row.total, row.grade) == expected
    report, _row = open_unit(older)
    with report:
        assert (report.package.unit_name, report.scores.total, report.scores.grade) == expected
    assert cli.main(["summary", str(folder), "-o", str(tmp_path / "s.json")]) == 0

    assert listing(folder) == before
    assert user_version(older) == 1


def test_a_unit_opened_to_look_at_creates_nothing_beside_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    wal = folder / "wal.jxzp"
    new_demo_file(wal)
    conn = sqlite3.connect(wal)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone() == ("wal",)
    conn.close()
    assert sorted(os.listdir(folder)) == ["wal.jxzp"]
    before = listing(folder)

    report, _row = open_unit(wal)
    with report:
        assert report.scores.total == 93
        assert sorted(os.listdir(folder)) == ["wal.jxzp"]
    assert listing(folder) == before


def test_the_summary_json_written_into_the_scanned_folder_is_not_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    new_demo_file(folder / "demo.jxzp")
    out = folder / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(out)]) == 0
    # Run again over the same folder, replacing the earlier summary.
    assert cli.main(["summary", str(folder), "-o", str(out), "--force"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [Path(u["path"]).name for u in doc["units"]] == ["demo.jxzp"]
    assert doc["refused"] == []
    # A unit's own exchange file is never replaced by the summary, --force or not.
    export = folder / "export.json"
    export.write_bytes(assets.demo_json())
    assert cli.main(["summary", str(folder), "-o", str(export), "--force"]) == 2
    assert export.read_bytes() == assets.demo_json()


def test_a_huge_json_in_the_folder_is_refused_without_being_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    new_demo_file(folder / "demo.jxzp")
    huge = folder / "数据导出.json"
    with open(huge, "wb") as handle:  # sparse: no disk is used
        handle.truncate(MAX_INPUT_BYTES + 1)
    result = read_source(str(huge))
    assert isinstance(result, Refusal) and "超过 64 MB" in result.reason
    assert cli.main(["summary", str(folder), "-o", str(tmp_path / "s.json")]) == 0


def test_a_folder_of_only_unreadable_files_says_why_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    (folder / "空.jxzp").write_bytes(b"")
    (folder / "半截.json").write_text('{"format": "perf-filing/2", "unit_name": "', encoding="utf-8")
    out = tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "2 个文件无法读取" in captured.err
    assert f"{folder / '空.jxzp'}：无法读取：" in captured.out and f"{folder / '半截.json'}：无法读取：" in captured.out
    assert not out.exists()
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    assert cli.main(["summary", str(empty)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "没有找到报告文件" in captured.err


def test_a_folder_that_cannot_be_listed_is_a_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    new_demo_file(folder / "demo.jxzp")
    locked = folder / "无权限的子文件夹"
    locked.mkdir()
    new_demo_file(locked / "other.jxzp")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # as a share answers a folder this user may not read
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    paths, refused = discover([folder])
    assert [p.name for p in paths] == ["demo.jxzp"]
    assert [(r.path, r.reason.startswith("无法读取文件夹：")) for r in refused] == [(str(locked), True)]
