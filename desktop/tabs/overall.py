"""表1 整体支出绩效自评报告: the form's fields grouped as on paper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from desktop.ops import Ops
from desktop.tabs.form_page import FormPage, note
from desktop.widgets.fields import CountEdit, DateText, MoneyEdit, TextArea, with_unit
from desktop.widgets.indicator_editors import SEVERITY_RANK, SEVERITY_STYLE, SEVERITY_TEXT
from desktop.widgets.items_editor import ItemsEditor
from desktop.widgets.message_slot import MessageSlot
from desktop.widgets.year_on_year import beside
from perfcore.labels import OVERALL_LABELS
from perfcore.money import format_wan
from perfcore.store import Change
from perfcore.sums import OVERALL_SUMS, overall_sums

STAFF_POINTERS = ("/overall/staff_actual", "/overall/staff_quota")
SUM_SAME_STYLE = "color: #6b6b6b;"
SUM_DIFFERS_STYLE = "color: #c62828; font-weight: bold;"

# 年度预算收支情况 as the paper lists it: (field, indent) per cell, two cells a row.
BUDGET_ROWS: tuple[tuple[tuple[str, bool] | None, ...], ...] = (
    (("budget_initial", False), ("budget_added", False)),
    (("carryover_prior", False), ("balance_year_end", False)),
    (("income_total", False), None),
    (("income_fiscal", True), ("income_other", True)),
    (("expense_total", False), None),
    (("expense_project", True), ("expense_basic", True)),
    (("expense_personnel", True), ("expense_public", True)),
    (("three_public_total", False), None),
    (("three_public_vehicle", True), ("three_public_reception", True)),
    (("three_public_abroad", True), None),
    (("capital_repair_total", False), None),
)

# How the paper introduces the parts of a sum.
ROW_PREFIXES = {
    "income_fiscal": "其中：",
    "expense_project": "其中：",
    "expense_personnel": "基本支出中：",
    "three_public_vehicle": "其中：",
}

TEXTS = (
    ("（一）基本支出", "analysis_basic", 5),
    ("（二）项目支出", "analysis_project", 5),
    ("（三）存在的主要问题", "problems", 4),
    ("（四）改进措施和有关建议", "improvements", 4),
)


class OverallTab(FormPage):
    """表1. ``focus_pointer`` focuses any field under ``/overall`` (and the unit name and year)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.sum_labels: dict[str, QLabel] = {}
        self._build_unit()
        self._build_budget()
        self._build_texts()
        self._build_signature()
        self.finish()
        # Each sum beside a stated total follows the total and its parts, and nothing else.
        for name, parts in OVERALL_SUMS.items():
            follow = self._sum_follower(name)
            for field in (name, *parts):
                ops.listen(f"/overall/{field}", follow, self.sum_labels[name])
        self.refresh_sums()
        ops.findings_changed.connect(self.show_staff_findings)
        self.show_staff_findings(ops.findings)

    def show_staff_findings(self, findings: list[Any]) -> None:
        """The checks' findings on 年末职工人数 and 人员编制, beside the two fields."""
        own = [f for f in findings if f.path in STAFF_POINTERS]
        own.sort(key=lambda f: SEVERITY_RANK.get(f.severity, 0), reverse=True)
        text = "\n".join(f"{SEVERITY_TEXT.get(f.severity, '')}：{f.message}" for f in own)
        self.staff_findings.setText(text)
        self.staff_findings.setStyleSheet(SEVERITY_STYLE.get(own[0].severity, "") if own else "")
        self.staff_findings.setVisible(bool(own))

    def _sum_follower(self, name: str) -> Callable[[Change], None]:
        return lambda _change: self.refresh_sums(name)

    # -- sections

    def _build_unit(self) -> None:
        box = self.section("单位基本情况")
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        name = QLineEdit(box)
        year = CountEdit(box)
        self.bind(name, "/unit_name", "text", "单位名称")
        self.bind(year, "/year", "year", "评价年度")
        head = QLineEdit(box)
        self.bind(head, "/overall/head", "text", OVERALL_LABELS["head"])
        staff = CountEdit(box)
        quota = CountEdit(box)
        self.bind(staff, "/overall/staff_actual", "count", OVERALL_LABELS["staff_actual"])
        self.bind(quota, "/overall/staff_quota", "count", OVERALL_LABELS["staff_quota"])
        assets = MoneyEdit(box)
        liabilities = MoneyEdit(box)
        self.bind(assets, "/overall/assets_total", "money_wan", OVERALL_LABELS["assets_total"])
        self.bind(liabilities, "/overall/liabilities_total", "money_wan", OVERALL_LABELS["liabilities_total"])
        cells = (
            ("部门（单位）名称", name, "", ""),
            ("评价年度", year, "年", ""),
            (OVERALL_LABELS["head"], head, "", ""),
            (OVERALL_LABELS["staff_actual"], staff, "人", "staff_actual"),
            (OVERALL_LABELS["staff_quota"], quota, "人", "staff_quota"),
            (OVERALL_LABELS["assets_total"], assets, "万元", "assets_total"),
            (OVERALL_LABELS["liabilities_total"], liabilities, "万元", "liabilities_total"),
        )
        # Name spans the row; the rest go two to a row, like the paper's four-cell rows.
        grid.addWidget(_label(cells[0][0], box, name), 0, 0)
        grid.addWidget(name, 0, 1, 1, 3)
        # What the checks say about the staff counts, right under them (row 3).
        self.staff_findings = QLabel(box)
        self.staff_findings.setWordWrap(True)
        self.staff_findings.hide()
        grid.addWidget(MessageSlot(self.staff_findings, box), 3, 1, 1, 3)
        for i, (text, widget, unit, figure) in enumerate(cells[1:]):
            row, column = 1 + i // 2 + (1 if i >= 4 else 0), (i % 2) * 2
            grid.addWidget(_label(text, box, widget), row, column)
            cell = with_unit(widget, unit) if unit else widget
            if figure:  # a package carried forward shows last year's value and 同比 after the unit
                cell = beside(self.ops, cell, figure, f"/overall/{figure}")
            grid.addWidget(cell, row, column + 1)

    def _build_budget(self) -> None:
        box = self.section("年度预算收支情况（单位：万元）")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        for column in (3, 7):
            grid.setColumnMinimumWidth(column, 24)
        grid.setColumnStretch(8, 1)
        row = 0
        for cells in BUDGET_ROWS:
            for position, cell in enumerate(cells):
                if cell is None:
                    continue
                name, indented = cell
                column = position * 4
                edit = MoneyEdit(box)
                self.bind(edit, f"/overall/{name}", "money_wan", OVERALL_LABELS[name])
                text = ROW_PREFIXES.get(name, "") + OVERALL_LABELS[name]
                label = _label(text, box, edit)
                if not indented:
                    font = label.font()
                    font.setBold(True)
                    label.setFont(font)
                grid.addWidget(label, row, column)
                grid.addWidget(beside(self.ops, edit, name, f"/overall/{name}"), row, column + 1)
                if name in OVERALL_SUMS:
                    computed = QLabel(box)
                    computed.setMinimumWidth(computed.fontMetrics().horizontalAdvance("= 000000.00 "))
                    self.sum_labels[name] = computed
                    grid.addWidget(computed, row, column + 2)
            row += 1
        self.repair_items = ItemsEditor(
            self.ops, "/overall/capital_repair_items", "money_wan", "基建维修项目", box
        )
        grid.addWidget(
            _label("基建维修项目", box), row, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight
        )
        grid.addWidget(self.repair_items, row, 1, 1, 8)
        row += 1
        budget_note = QLineEdit(box)
        self.bind(budget_note, "/overall/budget_note", "text", OVERALL_LABELS["budget_note"])
        grid.addWidget(_label(OVERALL_LABELS["budget_note"], box, budget_note), row, 0)
        grid.addWidget(budget_note, row, 1, 1, 8)
        row += 1
        grid.addWidget(
            note(
                "金额以万元填写，可输入 1,234.50 或全角数字；留空表示未知（不按 0 计）。“= …”为按明细计算的合计，与填报数不一致时标红。",
                box,
            ),
            row,
            0,
            1,
            9,
        )

    def _build_texts(self) -> None:
        form = self.form_section("支出情况分析")
        for label, name, lines in TEXTS:
            area = TextArea(lines=lines)
            self.bind(area, f"/overall/{name}", "text", OVERALL_LABELS[name])
            form.addRow(label, area)
        form = self.form_section("整体绩效目标完成情况")
        area = TextArea(lines=12)
        self.bind(area, "/overall/goal_completion", "text", OVERALL_LABELS["goal_completion"])
        form.addRow(area)

    def _build_signature(self) -> None:
        form = self.form_section("审核意见")
        for name in ("opinion_unit", "opinion_office"):
            area = TextArea(lines=2)
            self.bind(area, f"/overall/{name}", "text", OVERALL_LABELS[name])
            form.addRow(OVERALL_LABELS[name], area)
        box = self.section("填报信息")
        grid = QGridLayout(box)
        filler, phone, filled_on = QLineEdit(box), QLineEdit(box), DateText(box)
        self.bind(filler, "/overall/filler", "text", OVERALL_LABELS["filler"])
        self.bind(phone, "/overall/phone", "text", OVERALL_LABELS["phone"])
        self.bind(filled_on, "/overall/filled_on", "date", OVERALL_LABELS["filled_on"])
        for i, (name, widget) in enumerate((("filler", filler), ("phone", phone), ("filled_on", filled_on))):
            grid.addWidget(_label(OVERALL_LABELS[name], box, widget), 0, i * 2)
            grid.addWidget(widget, 0, i * 2 + 1)

    # -- live figures

    def refresh_sums(self, only: str | None = None) -> None:
        for name, result in overall_sums(self.ops.package.overall).items():
            if only is not None and name != only:
                continue
            parts = "、".join(OVERALL_LABELS[p] for p in OVERALL_SUMS[name])
            if result.computed is None:
                shown = ("= ？", "明细中有未填的数字，无法计算合计", SUM_SAME_STYLE)
            elif result.differs:
                computed, entered = format_wan(result.computed), format_wan(result.entered)
                tip = f"{parts}合计 {computed} 万元，与填报的 {entered} 万元不一致"
                shown = (f"= {computed}", tip, SUM_DIFFERS_STYLE)
            else:
                shown = (f"= {format_wan(result.computed)}", f"{parts}合计", SUM_SAME_STYLE)
            _show(self.sum_labels[name], *shown)

    # -- navigation

    def focus_pointer(self, pointer: str) -> bool:
        """Focus the field at ``pointer``; True when this tab has it."""
        if pointer.startswith("/overall/capital_repair_items"):
            if self.repair_items.focus_pointer(pointer):
                self.reveal_focus()
                return True
            return False
        return self.focus_binding(pointer)


def _show(label: QLabel, text: str, tip: str, style: str) -> None:
    # Restyling a widget costs a style recomputation; most edits leave a sum as it was.
    if label.text() != text:
        label.setText(text)
    if label.toolTip() != tip:
        label.setToolTip(tip)
    if label.styleSheet() != style:
        label.setStyleSheet(style)


def _label(text: str, parent: QWidget, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if buddy is not None:
        label.setBuddy(buddy)
    return label
