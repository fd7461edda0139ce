"""The report file at schema version 2: a version-1 file upgraded (backup first, one transaction,
same scores), and the values and lists of format 2 edited one transaction each."""

from __future__ import annotations

import json
import os
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format1_files import write_version1_file
from format2_support import three_projects_doc

from perfcore import store
from perfcore.exchange import ExchangeError, dump_json, load_json
from perfcore.figure_use import readers
from perfcore.pointer import PointerError
from perfcore.scoring import score_package
from perfcore.store import ReadOnlyError, ReportFile, StoreError

D = Decimal


def user_version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture()
def demo_doc(sample_json_path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(sample_json_path.read_text(encoding="utf-8"))
    return doc


def test_a_version1_file_is_upgraded_after_a_backup_and_scores_as_before(
    tmp_path: Path, demo_doc: dict[str, Any]
) -> None:
    path = tmp_path / "2019.jxzp"
    write_version1_file(path, demo_doc)
    assert user_version(path) == 1
    # Read-only (the desktop's 只读打开, every read command): an upgraded copy in memory, the
    # file itself neither upgraded nor backed up, nothing made beside it.
    before, listing = path.read_bytes(), sorted(os.listdir(tmp_path))
    with ReportFile.open(path, read_only=True) as reader:
        assert reader.read_only and (reader.scores.total, reader.scores.grade) == (D("93.00"), "优")
        assert dump_json(reader.package) == dump_json(load_json(json.dumps(demo_doc, ensure_ascii=False)))
        with pytest.raises(ReadOnlyError):
            reader.set("/unit_name", "改")
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == listing
    backups = tmp_path / "backups"
    with ReportFile.open(path, backups=backups) as report:
        assert (report.scores.total, report.scores.grade) == (D("93.00"), "优")
        expected = load_json(json.dumps(demo_doc, ensure_ascii=False))
        assert dump_json(report.package) == dump_json(expected)
        assert [f.key for f in report.package.figures][:2] == ["three_public_budget", "three_public_budget_prior"]
        # The figure is one value now, read by both leaves that typed it.
        assert len(report.scorer.readers_of("three_public_budget")) == 2
        change = report.set("/figures/0/value", "1000.00")
        # 控制率 0/1000 = 0 % ≤ 100 %: 8.00 computed (the filed 8 stands); 变动率 still divides by 0.
        assert [r.computed for r in change.delta.leaves.values()] == [D("8.00")]
    assert user_version(path) == store.SCHEMA_VERSION
    # The copy made before the upgrade holds the file as it was.
    copies = [p for p in backups.rglob("*.jxzp")]
    assert any(user_version(p) == 1 for p in copies)


def test_a_version1_file_whose_inputs_disagree_is_refused_untouched(
    tmp_path: Path, demo_doc: dict[str, Any]
) -> None:
    leaf = demo_doc["indicators"]["tree"][1]["children"][1]["children"][1]
    leaf["inputs"]["three_public_budget"] = "5.00"
    path = tmp_path / "2019.jxzp"
    write_version1_file(path, demo_doc)
    before = path.read_bytes()
    with pytest.raises(StoreError) as info:
        ReportFile.open(path, backups=tmp_path / "backups")
    message = str(info.value)
    assert "无法升级" in message and "/indicators/tree/0/children/0/children/1/inputs/three_public_budget" in message
    assert path.read_bytes() == before
    assert user_version(path) == 1


@pytest.fixture()
def report(tmp_path: Path) -> Any:
    with ReportFile.create(tmp_path / "2021.jxzp", load_json(json.dumps(three_projects_doc(), ensure_ascii=False))) as opened:
        yield opened


def _reopened_doc(report: ReportFile) -> str:
    return dump_json(store.export_package(report))


def test_format2_values_have_addresses_and_are_kept(report: ReportFile) -> None:
    road = report.package.projects[0]
    change = report.set("/projects/0/budget/lines/1/executed", "200000.00")
    # 执行率 1,150,000/1,200,000 = 95.83 %: 9.58; total 93.67 − 9.17 + 9.58 = 94.08.
    assert change.delta.projects[road.uid].total == D("94.08")
    change = report.set("/projects/0/tree/0/children/0/children/0/rule/actual", 50)
    assert change.delta.leaves == {}  # a formula gives this actual: the entered one is not used
    change = report.set("/figures/0/value", 200)
    # 满意人数 200/200: 表3 full 10 (total 94.00), 群众满意度 unchanged at full.
    assert change.delta.total == D("94.00")
    report.set("/projects/1/goals/actual", "新增绿化5.2万平方米")
    report.set("/projects/2/budget/score", None)
    report.set("/grades/0/min", 94)
    assert report.scores.grade == "优"
    report.set("/forms", ["overall", "projects"])
    report.set("/template/name", "自定义框架")
    report.set("/projects/1/tree/1/children/0/rule/rating", "达成")
    assert _reopened_doc(report) == dump_json(report.package)


def test_format2_refusals_leave_everything_as_it_was(report: ReportFile) -> None:
    before = _reopened_doc(report)
    for pointer, value in [
        ("/figures/1/key", "满意人数"),
        ("/figures/0/key", "staff_actual"),
        ("/figures/0/value", "x"),
        ("/grades/1/min", 99),
        ("/forms/0", "summary"),
        ("/projects/0/budget/lines/0/full", 5),
        ("/projects/0/tree/1/children/0/rule/rating", "良好"),
        ("/overall_carry/balance_year_end", "nothing"),
    ]:
        with pytest.raises(ExchangeError):
            report.set(pointer, value)
    with pytest.raises(PointerError):
        report.set("/projects/0/budget/lines", [])
    with pytest.raises(ExchangeError):
        report.insert("/figures", 0, {"key": "调查人数", "label": "重复", "value": 1})
    assert _reopened_doc(report) == before == dump_json(report.package)


def test_structural_edits_of_format2_lists(report: ReportFile) -> None:
    pkg = report.package
    report.insert("/projects/0/budget/lines", 2, {"label": "其他资金", "initial": None, "full": "0.00", "executed": "0.00"})
    assert len(pkg.projects[0].budget.lines) == 3
    report.move("/projects/2", "/projects", 0)
    assert [p.name for p in pkg.projects] == ["信息化建设", "城区道路维修", "公园绿化"]
    report.move("/projects/1/tree/2", "/indicators/tree", 1)  # 满意度指标 moves into 表3
    assert pkg.indicators.tree[1].name == "满意度指标"
    report.insert("/figures", 5, {"key": "新数据", "label": "新数据", "kind": "percent", "value": 95})
    report.remove("/figures/5")
    report.remove("/projects/0")
    assert [p.name for p in pkg.projects] == ["城区道路维修", "公园绿化"]
    fresh = score_package(load_json(dump_json(pkg)))
    assert [r.total for r in fresh.projects.values()] == [report.scores.of_project(p).total for p in pkg.projects]
    assert _reopened_doc(report) == dump_json(pkg)


def test_a_carry_target_cannot_be_removed(tmp_path: Path, sample_json_path: Path) -> None:
    with ReportFile.create(tmp_path / "demo.jxzp", load_json(sample_json_path.read_bytes())) as report:
        # three_public_budget carries into three_public_budget_prior (figure 1).
        with pytest.raises(ExchangeError, match="结转目标"):
            report.remove("/figures/1")
        with pytest.raises(ExchangeError, match="结转目标"):
            report.set("/figures/1/key", "renamed")
        report.set("/figures/0/carry", None)
        # It is also named by a formula (refused for that, tests/test_figure_use.py): take it out.
        for reader in readers(report.package, "three_public_budget_prior"):
            report.set(f"{reader.pointer}/metric", None)
        report.remove("/figures/1")
        assert [f.key for f in report.package.figures][:1] == ["three_public_budget"]
