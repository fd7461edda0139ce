"""另存为: a consistent copy through SQLite's backup API; the original stays open and writable."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import dump_json, load_json
from perfcore.filelock import LockedError
from perfcore.store import ReportFile, StoreError, export_package


@pytest.fixture
def report(tmp_path: Path) -> ReportFile:
    return ReportFile.create(tmp_path / "原件.jxzp", load_json(assets.demo_json()))


def test_copy_holds_every_committed_edit_and_original_goes_on(report: ReportFile, tmp_path: Path) -> None:
    report.set("/overall/staff_actual", 11)
    report.insert("/special_funds", 1, {"name": "第二期", "items": [{"name": "补助", "amount": "10.00"}]})
    copy_path = tmp_path / "副本.jxzp"
    report.save_as(copy_path)
    with ReportFile.open(copy_path) as copy:
        assert dump_json(export_package(copy)) == dump_json(export_package(report))
        assert str(copy.scores.total) == "88.00"
    # The original is still open for editing, and the copy does not follow it.
    report.set("/overall/staff_actual", 7)
    with ReportFile.open(copy_path, read_only=True) as copy:
        assert copy.get("/overall/staff_actual") == 11
    assert not list(tmp_path.glob(".~*"))
    report.close()


def test_replaces_an_existing_file_but_not_one_open_elsewhere(report: ReportFile, tmp_path: Path) -> None:
    other = ReportFile.create(tmp_path / "其他.jxzp", load_json(assets.template_json("standard")))
    with pytest.raises(LockedError):
        report.save_as(other.path)
    other.close()
    report.save_as(other.path)
    with ReportFile.open(other.path, read_only=True) as copy:
        assert copy.package.unit_name == report.package.unit_name
    report.close()


def test_refuses_its_own_path(report: ReportFile) -> None:
    with pytest.raises(StoreError, match="就是当前文件"):
        report.save_as(report.path)
    report.close()
