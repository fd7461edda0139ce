"""Issue 14's "done when": a /2 package with three projects is filled from the empty project
template entirely through the app's tabs, scores as the core says, and prints.

The three projects are typed as a clerk would: 城区道路维修 cell by cell (a row added under
数量指标, a line of funds removed, three 定性 rows rated and scored), 公园绿化 by pasting its
indicator table from a spreadsheet (two rows switched between 定性 and ≥), 信息化建设 with a
全年执行数 left unknown, so that its 执行率 cannot be computed and its budget score is entered.

What was typed is also written down below as an exchange document (``expected``): the file must
hold exactly that package, and every total the window shows must be what ``perfcore.scoring``
gives for it. The hand-derived totals are in the comments of ``PROJECTS``.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_window import open_window
from gui_support import OFFSCREEN_NOISE
from pdf_support import page_texts
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.grid_editing import GridView
from desktop.main_window import MainWindow
from desktop.ops import create_report
from desktop.project_model import (
    B_EXECUTED,
    B_FULL,
    B_INITIAL,
    B_LABEL,
    B_RATE,
    B_SCORE,
    G_ACTUAL,
    G_NAME,
    G_SCORE,
    grid_rows,
)
from desktop.tabs.projects import ProjectForm, ProjectsTab
from perfcore import assets
from perfcore.cli import main as perfcore_main
from perfcore.exchange import load_json
from perfcore.money import format_points
from perfcore.scoring import score_package
from perfcore.store import ReportFile, export_package

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

UNIT = "某某区城市管理局"

# One indicator row: 三级指标, 指标性质, 年度指标值 (定性: its wording), 度量单位, 实际完成值 (定性: the
# rating), 分值, 得分 (entered; "" none), 偏差原因分析及改进措施 — the columns as the grid has them.
Row = tuple[str, str, str, str, str, str, str, str]

PROJECTS: list[dict[str, Any]] = [
    {
        # 执行率 (95 + 15) / (100 + 20) = 91.67 % → 10 × 0.9167 = 9.17. Tree: 9.17 (10 × 11/12)
        # + 10 + 15 + 10 + 4.50 (5 × (1 − 3/30)) + 8 + 8 + 5 + 6 + 10 = 85.67. Total 94.84, 优.
        "name": "城区道路维修",
        "department": UNIT,
        "implementer": "某某区市政工程处",
        "lines": [("本年财政拨款", "100", "100", "95"), ("上年结转资金", "0", "20", "15")],
        "budget_score": None,
        "goals": ("完成12条路段维修", "完成11条路段维修，预算执行率91.67%"),
        "rows": [
            ("完成路段数", "≥", "12", "条", "11", "10", "", "一条路段因管线迁改顺延"),
            ("新增停车位", "≥", "200", "个", "220", "10", "", ""),
            ("验收合格率", "=", "100", "%", "100", "15", "", ""),
            ("平均维修天数", "≤", "5", "天", "4", "10", "", ""),
            ("单公里维修成本", "≤", "30", "万元", "33", "5", "", "材料价格上涨"),
            ("周边商铺营业额增长", "≥", "5", "%", "6", "8", "", ""),
            ("道路通行条件改善", "定性", "明显改善", "", "达成", "8", "8", ""),
            ("扬尘污染减少", "定性", "有所减少", "", "部分达成", "7", "5", "洒水频次不足"),
            ("长效养护机制", "定性", "建立", "", "达成", "7", "6", ""),
            ("群众满意度", "≥", "90", "%", "94", "10", "", ""),
        ],
        "texts": {"conclusion": "项目基本完成，执行率91.67%。", "problems": "个别路段延期。", "filler": "张三"},
        "total": "94.84",
        "grade": "优",
    },
    {
        # 执行率 52 / 50 = 104 % → counted 100 % → 10. Tree: 20 + 14.21 (15 × 90/95) + 10 + 5 + 6
        # + 7.50 + 7 + 7 + 9.78 (10 × 88/90) = 86.49. Total 96.49, 优.
        "name": "公园绿化",
        "department": UNIT,
        "implementer": "某某区园林绿化中心",
        "lines": [("本年财政拨款", "50", "50", "52"), ("上年结转资金", "0", "0", "0"), ("其他资金", "0", "0", "0")],
        "budget_score": None,
        "goals": ("新增绿化5万平方米", "新增绿化5.2万平方米"),
        "rows": [
            ("新增绿化面积", "≥", "5", "万平方米", "5.2", "20", "", ""),
            ("苗木成活率", "≥", "95", "%", "90", "15", "", "夏季干旱"),
            ("完工及时率", "=", "100", "%", "100", "10", "", ""),
            ("单位面积成本", "≤", "40", "元/平方米", "38", "5", "", ""),
            ("带动旅游收入", "定性", "有所增长", "", "部分达成", "8", "6", ""),
            ("市民休闲条件改善", "定性", "明显改善", "", "达成", "8", "7.5", ""),
            ("城区绿化覆盖率提高", "≥", "1", "百分点", "1.2", "7", "", ""),
            ("养护责任落实", "定性", "落实到位", "", "达成", "7", "7", ""),
            ("游客满意度", "≥", "90", "%", "88", "10", "", "部分设施未完工"),
        ],
        "texts": {"conclusion": "绿化目标全面完成。"},
        "total": "96.49",
        "grade": "优",
    },
    {
        # 其他资金's 全年执行数 is unknown: 执行率 undefined, the entered 6 stands. Tree: 16.67
        # (20 × 5/6) + 15 + 0 (= 100 missed) + 5 + 8 + 4 + 5 + 6 + 9.44 (10 × 85/90) = 69.11.
        # Total 75.11, 中.
        "name": "信息化建设",
        "department": UNIT,
        "implementer": "某某区城市管理局信息中心",
        "lines": [("本年财政拨款", "30", "30", "24"), ("上年结转资金", "0", "0", "0"), ("其他资金", "0", "5", "")],
        "budget_score": "6",
        "goals": ("建成数字城管平台", "平台上线，一个模块延期"),
        "rows": [
            ("系统模块上线数", "≥", "6", "个", "5", "20", "", "一个模块延期至次年"),
            ("系统可用率", "≥", "99", "%", "99.5", "15", "", ""),
            ("按期上线率", "=", "100", "%", "80", "10", "", "招标延期"),
            ("建设成本", "≤", "30", "万元", "29", "5", "", ""),
            ("节约纸张费用", "≥", "2", "万元", "2.5", "8", "", ""),
            ("办事效率提升", "定性", "明显提升", "", "未达成", "8", "4", "尚在磨合"),
            ("无纸化办公", "定性", "全面推进", "", "部分达成", "7", "5", ""),
            ("运维机制", "定性", "建立", "", "达成", "7", "6", ""),
            ("使用人员满意度", "≥", "90", "%", "85", "10", "", ""),
        ],
        "texts": {"conclusion": "执行率无法计算：其他资金尚未结算。"},
        "total": "75.11",
        "grade": "中",
    },
]


# ---------------------------------------------------------------- typing as a clerk does


def type_keys(widget: QWidget, text: str) -> None:
    """Type any text, Chinese included (qtbot.keyClicks aborts on non-ASCII)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def fill(qtbot: Any, widget: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Click into a field, replace what it holds, and Tab on (the field writes as it is left)."""
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_keys(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())


def type_cell(qtbot: Any, view: GridView, row: int, column: int, text: str) -> None:
    """Go to a cell and type: the first key opens the editor, Enter writes and moves down."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    if text == "":
        QTest.keyClick(view, Qt.Key.Key_Delete)
        return
    type_keys(view, text[:1])
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and view.isAncestorOf(editor)
    type_keys(editor, text[1:])
    QTest.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert view.currentIndex().row() == min(row + 1, view.model().rowCount() - 1)  # Enter moved down


def choose(qtbot: Any, view: GridView, row: int, column: int, text: str) -> None:
    """Open a choice cell's list (F2) and pick ``text``."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    QTest.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    found = combo.findText(text)
    assert found >= 0, text
    combo.setCurrentIndex(found)
    combo.activated.emit(found)
    QTest.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def paste(qtbot: Any, view: GridView, row: int, column: int, rows: list[tuple[str, ...]]) -> None:
    """Copy a block as Excel puts it on the clipboard and press Ctrl+V on a cell."""
    QGuiApplication.clipboard().setText("\r\n".join("\t".join(cells) for cells in rows) + "\r\n")
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def fill_header_and_texts(qtbot: Any, page: ProjectForm, project: dict[str, Any]) -> None:
    for name in ("name", "department", "implementer"):
        fill(qtbot, page.header[name], project[name])
    for name, text in zip(("expected", "actual"), project["goals"], strict=True):
        fill(qtbot, page.goal_edits[name], text)
    for name, text in project["texts"].items():
        fill(qtbot, next(b.widget for b in page.bindings if b.pointer == f"{page.base}/{name}"), text)


def fill_money(qtbot: Any, page: ProjectForm, project: dict[str, Any]) -> None:
    view = page.budget_view
    while view.model().rowCount() - 1 > len(project["lines"]):
        view.setCurrentIndex(view.model().index(view.model().rowCount() - 1, B_LABEL))
        page.remove_line_button.click()
    for i, (label, initial, full, executed) in enumerate(project["lines"], start=1):
        if view.model().index(i, B_LABEL).data(Qt.ItemDataRole.EditRole) != label:
            type_cell(qtbot, view, i, B_LABEL, label)
        for column, value in ((B_INITIAL, initial), (B_FULL, full), (B_EXECUTED, executed)):
            type_cell(qtbot, view, i, column, value)
    if project["budget_score"] is not None:
        type_cell(qtbot, view, 0, B_SCORE, project["budget_score"])


def expected_doc(template: dict[str, Any]) -> dict[str, Any]:
    """The package the clerk meant: the template with the unit, year and three projects."""
    skeleton = template["projects"][0]
    doc = {**template, "unit_name": UNIT, "year": 2021, "projects": []}
    for project in PROJECTS:
        rows = iter(project["rows"])
        tree = json.loads(json.dumps(skeleton["tree"]))
        quantity = tree[0]["children"][0]["children"]
        if len(project["rows"]) == 10:  # 城区道路维修: a second 数量指标 row
            quantity.append(json.loads(json.dumps(quantity[0])))
        for level1 in tree:
            for level2 in level1["children"]:
                for leaf in level2["children"]:
                    name, nature, target, unit, actual, weight, score, reason = next(rows)
                    leaf.update(name=name, weight=weight, reason=reason, score=score or None)
                    if nature == "定性":
                        leaf["criterion"] = target
                        leaf["rule"] = {"type": "rated", "rating": actual}
                    else:
                        direction = {"≥": ">=", "≤": "<=", "=": "="}[nature]
                        leaf["rule"] = {"type": "target", "direction": direction, "target": target, "actual": actual, "unit": unit}
        doc["projects"].append(
            {
                **skeleton,
                "name": project["name"],
                "department": project["department"],
                "implementer": project["implementer"],
                "budget": {
                    "weight": 10,
                    "score": project["budget_score"],
                    "lines": [
                        {
                            "label": label,
                            **{k: str(Decimal(v) * 10000) if v else None for k, v in zip(("initial", "full", "executed"), money, strict=True)},
                        }
                        for label, *money in project["lines"]
                    ],
                },
                "goals": dict(zip(("expected", "actual"), project["goals"], strict=True)),
                "tree": tree,
                **project["texts"],
            }
        )
    return doc


# ---------------------------------------------------------------- the test


def test_three_projects_are_filled_from_the_empty_template_through_the_tabs_score_as_the_core_says_and_print(
    qtbot: Any, tmp_path: Path, isolated_settings: Path
) -> None:
    path = tmp_path / "2021年度项目支出自评.jxzp"
    create_report(path, "mof-2020-10-project", UNIT, 2021).close()
    window: MainWindow = open_window(qtbot, path)
    ops, tabs = window.ops, window.tabs
    assert ops is not None and tabs is not None
    assert tabs.forms == ["overall", "projects"]  # the template's forms: 表1 and 项目支出
    tab = tabs.show_form("projects")
    assert isinstance(tab, ProjectsTab) and tab.list.count() == 1  # the template's empty project

    # -- 1. 城区道路维修, typed cell by cell
    project = PROJECTS[0]
    page = tab.form
    assert page is not None
    fill_header_and_texts(qtbot, page, project)
    assert tab.list.item(0).text() == "1. 城区道路维修"
    fill_money(qtbot, page, project)
    view, model = page.grid_view, page.grid_model
    view.setCurrentIndex(model.index(0, G_NAME))
    page.add_row_button.click()  # a second row under 数量指标
    assert model.rows[1].level2 is model.rows[0].level2
    for row, cells in enumerate(project["rows"]):
        name, nature, target, unit, actual, weight, score, reason = cells
        type_cell(qtbot, view, row, G_NAME, name)
        choose(qtbot, view, row, G_NAME + 1, nature)
        type_cell(qtbot, view, row, G_NAME + 2, target)
        if nature == "定性":
            choose(qtbot, view, row, G_ACTUAL, actual)
        else:
            type_cell(qtbot, view, row, G_NAME + 3, unit)
            type_cell(qtbot, view, row, G_ACTUAL, actual)
        type_cell(qtbot, view, row, G_NAME + 5, weight)
        if score:
            type_cell(qtbot, view, row, G_SCORE, score)
        if reason:
            type_cell(qtbot, view, row, G_SCORE + 1, reason)
    # The group bar shows the row's groups: 数量指标 keeps its 20 (two rows of 10).
    view.setCurrentIndex(model.index(1, G_NAME))
    assert [w.text() for w in page.group_edits["level2"]] == ["数量指标", "20"]

    # -- 2. 公园绿化, its indicator table pasted from a spreadsheet
    tab.add_button.click()
    assert tab.list.count() == 2 and tab.list.currentRow() == 1
    project = PROJECTS[1]
    page = tab.form
    assert page is not None
    fill_header_and_texts(qtbot, page, project)
    fill_money(qtbot, page, project)
    steps = ops.undo_stack.count()
    paste(qtbot, page.grid_view, 0, G_NAME, project["rows"])
    assert ops.undo_stack.count() == steps + 1  # the whole block is one undo step

    # -- 3. 信息化建设: 执行率 undefined, the budget score entered; rows pasted, one score retyped
    tab.add_button.click()
    project = PROJECTS[2]
    page = tab.form
    assert page is not None
    fill_header_and_texts(qtbot, page, project)
    fill_money(qtbot, page, project)
    assert page.budget_view.model().index(0, B_RATE).data() == "—"  # 执行率
    paste(qtbot, page.grid_view, 0, G_NAME, [cells[:6] for cells in project["rows"]])
    for row, cells in enumerate(project["rows"]):
        if cells[6]:
            type_cell(qtbot, page.grid_view, row, G_SCORE, cells[6])
        if cells[7]:
            type_cell(qtbot, page.grid_view, row, G_SCORE + 1, cells[7])
    ops.flush()

    # -- the file holds exactly the package meant
    template = json.loads(assets.template_json("mof-2020-10-project"))
    expected = load_json(json.dumps(expected_doc(template)))
    report = ReportFile.open(path, read_only=True)
    try:
        stored = export_package(report)
    finally:
        report.close()
    assert stored.projects == expected.projects
    assert (stored.unit_name, stored.year, stored.forms) == (UNIT, 2021, ["overall", "projects"])

    # -- every total shown is the core's, and the hand-derived one
    core = score_package(expected)
    for i, project in enumerate(PROJECTS):
        result = core.projects[expected.projects[i].uid]
        assert (format_points(result.total), result.grade) == (project["total"], project["grade"])
        shown = ops.scores.projects[ops.package.projects[i].uid]
        assert (shown.total, shown.grade) == (result.total, result.grade)
        tab.list.setCurrentRow(i)
        page = tab.form
        assert page is not None
        assert page.total_label.text() == f"总分 {project['total']} 分　等级 {project['grade']}"
        assert window.totals is not None and window.totals.total_label.text() == f"合计 {project['total']} 分"
        for row, entry in enumerate(page.grid_model.rows):
            assert entry.leaf is not None
            final = core.leaves[_leaf_uid(expected, i, row)].final
            assert str(page.grid_model.index(row, G_SCORE).data()).startswith(format_points(final))

    # -- and it prints
    pdf = tmp_path / "自评.pdf"
    assert perfcore_main(["pdf", str(path), "-o", str(pdf)]) == 0
    # Each project's form with its 总分 and grade as the window showed them (the layout of the
    # 项目支出绩效自评表 pages is the PDF's own work, tested there).
    text = "\n".join(page_texts(pdf, layout=True))
    assert text.count("（2021年度）项目支出绩效自评表") == 3
    for project in PROJECTS:
        assert project["name"] in text
        assert re.search(rf"总分\s+100\s+{re.escape(project['total'])}\s+自评等级：{project['grade']}", text), project["name"]


def _leaf_uid(package: Any, project: int, row: int) -> int:
    leaf = grid_rows(package.projects[project].tree, f"/projects/{project}/tree")[row].leaf
    assert leaf is not None
    return int(leaf.uid)
