"""Which indicators read a figure, and a figure still named by a formula cannot be removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from format2_support import three_projects_doc

from perfcore.exchange import package_from_doc
from perfcore.figure_use import MAX_NAMED, in_use_message, readers
from perfcore.store import FigureInUseError, ReportFile
from perfcore.store.change import Edit


def report(tmp_path: Path) -> ReportFile:
    path = tmp_path / "r.jxzp"
    ReportFile.create(path, package_from_doc(three_projects_doc())).close()
    return ReportFile.open(path)


def test_readers_are_the_leaves_of_table3_and_projects_whose_formula_names_the_key() -> None:
    package = package_from_doc(three_projects_doc())
    found = readers(package, "满意人数")
    assert [r.pointer for r in found] == ["/indicators/tree/0/children/1", "/projects/0/tree/2/children/0"]
    assert [r.text for r in found] == ["表3：服务对象满意度", "项目“城区道路维修”：群众满意度"]
    assert [r.text for r in readers(package, "完工路段")] == ["项目“城区道路维修”：完成路段比例"]
    assert readers(package, "无此数据") == []


def test_the_refusal_names_at_most_a_few_indicators_and_counts_the_rest() -> None:
    package = package_from_doc(three_projects_doc())
    found = readers(package, "满意人数") * 4
    message = in_use_message("满意的受访人数", found)
    assert message.count("服务对象满意度") + message.count("群众满意度") == MAX_NAMED
    assert "共 8 个指标" in message and "\n" not in message


def test_removing_a_figure_a_formula_reads_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    with report(tmp_path) as file:
        before = [f.key for f in file.package.figures]
        with pytest.raises(FigureInUseError) as refused:
            file.remove("/figures/0")
        assert str(refused.value) == (
            "基础数据“满意的受访人数”仍被以下指标的计算公式使用，不能删除："
            "表3：服务对象满意度；项目“城区道路维修”：群众满意度。请先修改这些公式"
        )
        assert [f.key for f in file.package.figures] == before
    with ReportFile.open(tmp_path / "r.jxzp") as again:
        assert [f.key for f in again.package.figures] == before


def test_an_unread_figure_goes_and_undo_puts_it_back(tmp_path: Path) -> None:
    with report(tmp_path) as file:
        # 平均维修天数 is read by 城区道路维修's leaf of that name; take its formula away first.
        timely = readers(file.package, "维修天数")
        assert [r.text for r in timely] == ["项目“城区道路维修”：平均维修天数"]
        file.set(f"{timely[0].pointer}/metric", None)
        change = file.remove("/figures/4")
        assert "维修天数" not in [f.key for f in file.package.figures]
        file.apply(change.edit().inverse())
        assert file.package.figures[4].key == "维修天数"


def test_undoing_the_insert_of_a_figure_a_formula_named_before_it_existed_is_not_refused(tmp_path: Path) -> None:
    with report(tmp_path) as file:
        file.set("/indicators/tree/0/children/0/metric", {"formula": "新数据 / 2", "unit": ""})
        inserted = file.insert("/figures", 5, {"key": "新数据", "label": "新的数据", "kind": "count", "value": 3})
        undo = inserted.edit().inverse()
        assert undo == Edit("remove", "/figures/5", old=inserted.new)
        file.apply(undo)
        assert "新数据" not in [f.key for f in file.package.figures]
