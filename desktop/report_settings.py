"""文件 › 报告设置…: which forms the package has, and its grade bands.

The forms are ticked in their fixed order (表1, 表2, 表3, 项目支出绩效自评表, 基础数据表); at least one
stays ticked. A form kept keeps its place in the package's order, a form added takes its usual
place. The grade bands are a table of 等级 and 下限（分）, highest first, the last from 0: the core
checks them (``perfcore.exchange.read_grades``) before anything is written. 确定 writes each that
changed as one undo step (修改报表组成, 修改等级标准); the tabs and the totals follow at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import refusal_text
from desktop.ops import Ops
from perfcore.errors import UserError
from perfcore.exchange import grades_to_doc, number_out, read_grades
from perfcore.labels import FORM_LABELS
from perfcore.model import FORM_NAMES, default_grades
from perfcore.money import MoneyError, parse_decimal

FORMS_LABEL = "修改报表组成"
GRADES_LABEL = "修改等级标准"
FORM_TIPS = {
    "figures": "勾选后打印基础数据表；报告中有基础数据时，“基础数据”页总是显示",
    "projects": "每个项目一张项目支出绩效自评表",
}
PROBLEM_STYLE = "color: #b00020;"


def merged_forms(current: list[str], ticked: list[str]) -> list[str]:
    """``ticked`` (in the fixed order) in the package's order: the forms kept where they were,
    each added one after the nearest form that precedes it in the fixed order."""
    result = [form for form in current if form in ticked]
    for form in ticked:
        if form in result:
            continue
        before = FORM_NAMES[: FORM_NAMES.index(form)]
        at = max((result.index(f) + 1 for f in before if f in result), default=0)
        result.insert(at, form)
    return result


class ReportSettingsDialog(QDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle("报告设置")
        column = QVBoxLayout(self)

        forms_box = QGroupBox("本报告包含的表（决定显示的页签和打印的表）", self)
        forms_grid = QGridLayout(forms_box)
        self.form_boxes: dict[str, QCheckBox] = {}
        for i, name in enumerate(FORM_NAMES):
            box = QCheckBox(FORM_LABELS[name], forms_box)
            box.setChecked(name in ops.package.forms)
            box.setToolTip(FORM_TIPS.get(name, ""))
            box.toggled.connect(self._update)
            forms_grid.addWidget(box, i // 3, i % 3)
            self.form_boxes[name] = box
        column.addWidget(forms_box)

        grades_box = QGroupBox("等级标准（从高到低，得分不低于下限即为该等级，最低一级下限为 0）", self)
        grades_column = QVBoxLayout(grades_box)
        self.grades = QTableWidget(0, 2, grades_box)
        self.grades.setHorizontalHeaderLabels(["等级", "下限（分）"])
        self.grades.horizontalHeader().setStretchLastSection(True)
        self.grades.verticalHeader().setVisible(False)
        self.grades.itemChanged.connect(self._update)
        grades_column.addWidget(self.grades)
        row = QHBoxLayout()
        self.add_grade = QPushButton("添加等级", grades_box)
        self.remove_grade = QPushButton("删除所选等级", grades_box)
        self.default_grades = QPushButton("恢复默认（90/80/60）", grades_box)
        self.add_grade.clicked.connect(self._add_grade)
        self.remove_grade.clicked.connect(self._remove_grade)
        self.default_grades.clicked.connect(lambda: self._fill_grades(grades_to_doc(default_grades())))
        for button in (self.add_grade, self.remove_grade, self.default_grades):
            row.addWidget(button)
        row.addStretch(1)
        grades_column.addLayout(row)
        column.addWidget(grades_box, 1)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        column.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

        self._fill_grades(grades_to_doc(ops.package.grades))
        if ops.read_only:
            for widget in (*self.form_boxes.values(), self.add_grade, self.remove_grade, self.default_grades):
                widget.setEnabled(False)
            self.grades.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            self.problem.setText("此文件以只读方式打开，不能修改")
        self.resize(560, 420)
        self._update()

    # -- the grade table

    def _fill_grades(self, doc: list[dict[str, Any]]) -> None:
        self.grades.blockSignals(True)
        self.grades.setRowCount(0)
        for grade in doc:
            self._append_grade(str(grade["label"]), str(grade["min"]))
        self.grades.blockSignals(False)
        self._update()

    def _append_grade(self, label: str, minimum: str) -> None:
        row = self.grades.rowCount()
        self.grades.insertRow(row)
        self.grades.setItem(row, 0, QTableWidgetItem(label))
        self.grades.setItem(row, 1, QTableWidgetItem(minimum))

    def _add_grade(self) -> None:
        # Above the lowest band, which must stay last (its 下限 is 0).
        row = max(0, self.grades.rowCount() - 1)
        label = QTableWidgetItem("")
        self.grades.blockSignals(True)
        self.grades.insertRow(row)
        self.grades.setItem(row, 0, label)
        self.grades.setItem(row, 1, QTableWidgetItem(""))
        self.grades.blockSignals(False)
        self.grades.setCurrentCell(row, 0)
        self.grades.editItem(label)
        self._update()

    def _remove_grade(self) -> None:
        row = self.grades.currentRow()
        if row >= 0 and self.grades.rowCount() > 1:
            self.grades.removeRow(row)
        self._update()

    def grades_doc(self) -> list[dict[str, Any]]:
        """The table as the exchange format's ``grades``; raises ``UserError`` for a 下限 that is
        not a number."""
        doc = []
        for row in range(self.grades.rowCount()):
            label_item, min_item = self.grades.item(row, 0), self.grades.item(row, 1)
            label = label_item.text().strip() if label_item is not None else ""
            text = min_item.text() if min_item is not None else ""
            try:
                minimum = parse_decimal(text)
            except MoneyError as exc:
                raise UserError(f"第 {row + 1} 行的下限：{exc}") from exc
            if minimum is None:
                raise UserError(f"请填写第 {row + 1} 行（{label or '未命名'}）的下限")
            doc.append({"label": label, "min": number_out(minimum)})
        return doc

    # -- the forms

    def ticked_forms(self) -> list[str]:
        return [name for name in FORM_NAMES if self.form_boxes[name].isChecked()]

    def chosen_forms(self) -> list[str]:
        return merged_forms(self.ops.package.forms, self.ticked_forms())

    # -- checking and writing

    def problem_text(self) -> str:
        """Why 确定 would be refused now ("" when it would not)."""
        if not self.ticked_forms():
            return "至少选择一张表"
        try:
            read_grades(self.grades_doc(), "/grades")
        except UserError as exc:
            return refusal_text(exc)
        return ""

    def _update(self, *_: object) -> None:
        if self.ops.read_only:
            self.ok_button.setEnabled(False)
            return
        problem = self.problem_text()
        self.problem.setText(problem)
        self.ok_button.setEnabled(not problem)
        self.remove_grade.setEnabled(self.grades.rowCount() > 1)

    def accept(self) -> None:
        if self.ops.read_only or self.problem_text():
            self._update()
            return
        self.ops.flush()
        forms, grades = self.chosen_forms(), self.grades_doc()
        try:
            if forms != self.ops.package.forms:
                self.ops.set("/forms", forms, FORMS_LABEL)
            if read_grades(grades, "/grades") != self.ops.package.grades:
                self.ops.set("/grades", grades, GRADES_LABEL)
        except UserError as exc:
            self.problem.setText(refusal_text(exc))
            return
        super().accept()


def show(ops: Ops, parent: QWidget) -> bool:
    """Run the dialog; True when the user pressed 确定 (and what changed is written)."""
    return ReportSettingsDialog(ops, parent).exec() == QDialog.DialogCode.Accepted
