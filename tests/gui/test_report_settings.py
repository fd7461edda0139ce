"""文件 › 报告设置…: the package's forms and grade bands, each change one undo step; tabs and totals follow."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTableWidgetItem

from desktop.main_window import MainWindow
from desktop.report_settings import ReportSettingsDialog, merged_forms

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def set_grades(dialog: ReportSettingsDialog, rows: list[tuple[str, str]]) -> None:
    table = dialog.grades
    table.setRowCount(0)
    for label, minimum in rows:
        row = table.rowCount()
        table.insertRow(row)
        table.setItem(row, 0, QTableWidgetItem(label))
        table.setItem(row, 1, QTableWidgetItem(minimum))


def test_a_form_added_takes_its_usual_place_and_the_kept_keep_theirs() -> None:
    assert merged_forms(["indicators", "overall"], ["overall", "special_funds", "indicators"]) == [
        "indicators", "overall", "special_funds",
    ]
    assert merged_forms(["overall", "indicators"], ["overall", "indicators", "projects"]) == [
        "overall", "indicators", "projects",
    ]
    assert merged_forms(["projects"], ["overall", "projects"]) == ["overall", "projects"]
    assert merged_forms(["overall", "special_funds"], ["special_funds"]) == ["special_funds"]


def test_the_forms_change_the_tabs_at_once_as_one_undo_step(window: MainWindow) -> None:
    ops, tabs = window.ops, window.tabs
    assert ops is not None and tabs is not None
    dialog = ReportSettingsDialog(ops, window)
    assert [name for name, box in dialog.form_boxes.items() if box.isChecked()] == ["overall", "special_funds", "indicators"]
    dialog.form_boxes["special_funds"].setChecked(False)
    dialog.form_boxes["projects"].setChecked(True)
    dialog.accept()
    assert dialog.result() == ReportSettingsDialog.DialogCode.Accepted
    assert ops.package.forms == ["overall", "indicators", "projects"]
    assert tabs.forms == ["overall", "indicators", "projects", "figures"]
    assert window.funds_tab is None
    assert ops.undo_stack.undoText() == "修改报表组成"
    window.undo()
    assert ops.package.forms == ["overall", "special_funds", "indicators"]
    assert tabs.forms == ["overall", "special_funds", "indicators", "figures"]
    # The funds' data was kept all along.
    assert window.funds_tab is not None and ops.package.special_funds


def test_at_least_one_form_stays(window: MainWindow) -> None:
    assert window.ops is not None
    dialog = ReportSettingsDialog(window.ops, window)
    for box in dialog.form_boxes.values():
        box.setChecked(False)
    assert dialog.problem.text() == "至少选择一张表" and not dialog.ok_button.isEnabled()
    dialog.accept()
    assert window.ops.package.forms == ["overall", "special_funds", "indicators"]


def test_grade_bands_are_checked_by_the_core_and_the_totals_follow(window: MainWindow) -> None:
    ops, totals = window.ops, window.totals
    assert ops is not None and totals is not None
    assert totals.grade_label.text() == "等级 优"  # 93.00 under 90/80/60
    dialog = ReportSettingsDialog(ops, window)
    set_grades(dialog, [("优", "90"), ("良", "95"), ("中", "60"), ("差", "0")])
    dialog._update()
    assert dialog.problem.text() == "等级应从高到低排列，下限逐级降低" and not dialog.ok_button.isEnabled()
    set_grades(dialog, [("优", "95"), ("良", "85"), ("中", "60"), ("差", "10")])
    dialog._update()
    assert dialog.problem.text() == "最低一级的下限应为 0"
    set_grades(dialog, [("优", "95"), ("良", "八十五"), ("差", "0")])
    dialog._update()
    assert dialog.problem.text().startswith("第 2 行的下限")
    set_grades(dialog, [("优", "95"), ("", "85"), ("差", "0")])
    dialog._update()
    assert dialog.problem.text() == "名称不能为空"
    # 95/85/60, full-width digits read as on every form: 93.00 is 良 now.
    set_grades(dialog, [("优", "９５"), ("良", "85"), ("中", "60"), ("差", "0")])
    dialog._update()
    assert dialog.problem.text() == "" and dialog.ok_button.isEnabled()
    dialog.accept()
    assert [(g.label, str(g.min)) for g in ops.package.grades] == [("优", "95"), ("良", "85"), ("中", "60"), ("差", "0")]
    assert ops.scores.grade == "良" and totals.grade_label.text() == "等级 良"
    assert ops.undo_stack.undoText() == "修改等级标准"
    window.undo()
    assert ops.scores.grade == "优" and totals.grade_label.text() == "等级 优"


def test_unchanged_settings_write_nothing(window: MainWindow) -> None:
    assert window.ops is not None
    steps = window.ops.undo_stack.count()
    dialog = ReportSettingsDialog(window.ops, window)
    dialog.accept()
    assert window.ops.undo_stack.count() == steps


def test_the_menu_opens_the_dialog_on_the_open_file(window: MainWindow, qtbot: Any) -> None:
    assert window.action_report_settings.isEnabled()
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReportSettingsDialog)
        seen.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(50, answer)
    window.action_report_settings.trigger()
    assert seen == ["报告设置"]
    window.close_report()
    assert not window.action_report_settings.isEnabled()
