"""表2 专项资金绩效自评报告: the list of funds on the left, the chosen fund's form on the right."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.ops import Ops
from desktop.tabs.form_page import FormPage, note
from desktop.tabs.master_detail import Listing, MasterDetailTab
from desktop.widgets.fields import DateText, MoneyEdit, TextArea, with_unit
from desktop.widgets.items_editor import ItemsEditor
from perfcore.labels import FUND_LABELS
from perfcore.money import format_wan, format_yuan
from perfcore.store import Change
from perfcore.sums import fund_figures

NEW_FUND_NAME = "新专项资金"

TEXTS = (
    ("overview", "项目概况（包括项目基本性质、用途和主要内容、涉及范围、绩效目标）", 5),
    ("funding_text", "专项资金投入和使用情况", 3),
    ("implementation", "项目组织实施情况", 4),
)


class FundForm(FormPage):
    """One fund's form, bound under ``/special_funds/<index>``."""

    def __init__(self, ops: Ops, index: int, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.index = index
        base = f"/special_funds/{index}"
        form = self.form_section("专项资金")
        self.name_edit = QLineEdit()
        self.bind(self.name_edit, f"{base}/name", "text", FUND_LABELS["name"])
        form.addRow(FUND_LABELS["name"], self.name_edit)
        for name, label, lines in TEXTS[:1]:
            area = TextArea(lines=lines)
            self.bind(area, f"{base}/{name}", "text", FUND_LABELS[name])
            form.addRow(_wrapping(label), area)

        box = self.section("资金情况")
        grid = QGridLayout(box)
        allocated, spent = MoneyEdit(box), MoneyEdit(box)
        self.bind(allocated, f"{base}/allocated", "money_wan", FUND_LABELS["allocated"])
        self.bind(spent, f"{base}/spent", "money_wan", FUND_LABELS["spent"])
        grid.addWidget(QLabel(FUND_LABELS["allocated"], box), 0, 0)
        grid.addWidget(with_unit(allocated, "万元"), 0, 1)
        grid.addWidget(QLabel(FUND_LABELS["spent"], box), 0, 2)
        grid.addWidget(with_unit(spent, "万元"), 0, 3)
        grid.addWidget(QLabel("执行率", box), 0, 4)
        self.rate_label = QLabel(box)
        self.rate_label.setObjectName("execution_rate")
        grid.addWidget(self.rate_label, 0, 5)
        grid.setColumnStretch(6, 1)
        for offset, (name, label, lines) in enumerate(TEXTS[1:], start=1):
            area = TextArea(box, lines=lines)
            self.bind(area, f"{base}/{name}", "text", FUND_LABELS[name])
            grid.addWidget(_wrapping(label, box), offset, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(area, offset, 1, 1, 6)

        box = self.section("支出明细（单位：元）")
        column = QVBoxLayout(box)
        self.items = ItemsEditor(ops, f"{base}/items", "money_yuan", "支出明细", box)
        column.addWidget(self.items)
        self.items_total = note("", box)
        column.addWidget(self.items_total)

        form = self.form_section("项目绩效情况")
        area = TextArea(lines=8)
        self.bind(area, f"{base}/performance", "text", FUND_LABELS["performance"])
        area.setToolTip(
            "项目成本控制、节约情况、项目完成进度和质量情况、经济效益和社会效果情况、受益群众和服务对象满意度情况等"
        )
        form.addRow(area)

        form = self.form_section("审核意见")
        for name in ("opinion_unit", "opinion_office"):
            area = TextArea(lines=2)
            self.bind(area, f"{base}/{name}", "text", FUND_LABELS[name])
            form.addRow(FUND_LABELS[name], area)
        box = self.section("填报信息")
        grid = QGridLayout(box)
        for i, (name, widget, kind) in enumerate(
            (
                ("filler", QLineEdit(box), "text"),
                ("phone", QLineEdit(box), "text"),
                ("filled_on", DateText(box), "date"),
            )
        ):
            self.bind(widget, f"{base}/{name}", kind, FUND_LABELS[name])
            grid.addWidget(QLabel(FUND_LABELS[name], box), 0, i * 2)
            grid.addWidget(widget, 0, i * 2 + 1)
        self.finish()
        # Its figures (total of the items, 执行率) follow the fund's values and its items list.
        ops.listen(f"/special_funds/{self.index}", self._on_change, self)
        self.refresh_figures()

    def _on_change(self, change: Change) -> None:
        if not change.structural or f"/special_funds/{self.index}/items" in change.lists:
            self.refresh_figures()

    def refresh_figures(self) -> None:
        funds = self.ops.package.special_funds
        if self.index >= len(funds):
            return
        fund = funds[self.index]
        figures = fund_figures(fund)
        if figures.execution_rate is None:
            self.rate_label.setText("—")
            self.rate_label.setToolTip("下达金额或实际支出未填，无法计算执行率")
        else:
            self.rate_label.setText(f"{figures.execution_rate:z.2f}%")
            self.rate_label.setToolTip("执行率 = 实际支出 ÷ 下达金额")
        if not fund.items:
            self.items_total.setText("尚无支出明细。")
        elif figures.items_total is None:
            self.items_total.setText("明细合计：有未填的金额，无法合计。")
        else:
            total = figures.items_total
            text = f"明细合计 {format_yuan(total, grouping=True)} 元（{format_wan(total)} 万元）"
            if fund.spent is not None and fund.spent != total:
                text += f"，与实际支出 {format_wan(fund.spent)} 万元不一致"
                self.items_total.setStyleSheet("color: #c62828;")
            else:
                self.items_total.setStyleSheet("color: #666;")
            self.items_total.setText(text)

    def retire(self) -> None:
        super().retire()
        for binding in self.items.bindings:
            binding.retire()

    def focus_pointer(self, pointer: str) -> bool:
        if pointer.startswith(f"/special_funds/{self.index}/items"):
            if self.items.focus_pointer(pointer):
                self.reveal_focus()
                return True
            return False
        if pointer == f"/special_funds/{self.index}":
            self.reveal(self.name_edit)
            return True
        return self.focus_binding(pointer)


class FundsTab(MasterDetailTab[FundForm]):
    """表2. The list on the left adds, removes and reorders funds; the form edits the chosen one."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, LISTING, parent)

    def make_form(self, index: int) -> FundForm:
        return FundForm(self.ops, index, self.stack)

    def new_entry(self) -> dict[str, Any]:
        return {"name": NEW_FUND_NAME, "items": []}

    def name_field(self, form: FundForm) -> QLineEdit:
        return form.name_edit

    # The names the tab's callers use.
    add_fund = MasterDetailTab.add_entry
    remove_fund = MasterDetailTab.remove_entry
    move_fund = MasterDetailTab.move_entry


LISTING = Listing(
    pointer="/special_funds",
    heading="专项资金",
    noun="专项资金",
    empty="本单位尚未填报专项资金。点击“添加”新建一项。",
    buttons=("add", "remove", "up", "down"),
    list_width=220,
    form_width=900,
)


def _wrapping(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setMaximumWidth(label.fontMetrics().horizontalAdvance("专项资金投入和使用") + 8)
    return label
