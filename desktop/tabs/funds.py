"""表2 专项资金绩效自评报告: the list of funds on the left, the chosen fund's form on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ops import Ops
from desktop.tabs.form_page import FormPage, note
from desktop.widgets.fields import DateText, MoneyEdit, TextArea, with_unit
from desktop.widgets.items_editor import ItemsEditor
from perfcore import pointer as ptr
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
            self.rate_label.setText(f"{figures.execution_rate:.2f}%")
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


class FundsTab(QWidget):
    """表2. The list on the left adds, removes and reorders funds; the form edits the chosen one."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.form: FundForm | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 0, 8)
        column.addWidget(QLabel("专项资金", left))
        self.list = QListWidget(left)
        self.list.setAccessibleName("专项资金列表")
        self.list.currentRowChanged.connect(self._show)
        column.addWidget(self.list, 1)
        buttons = QGridLayout()
        self.add_button = QPushButton("添加", left)
        self.remove_button = QPushButton("删除", left)
        self.up_button = QPushButton("上移", left)
        self.down_button = QPushButton("下移", left)
        self.add_button.clicked.connect(self.add_fund)
        self.remove_button.clicked.connect(self.remove_fund)
        self.up_button.clicked.connect(lambda: self.move_fund(-1))
        self.down_button.clicked.connect(lambda: self.move_fund(+1))
        for i, button in enumerate((self.add_button, self.remove_button, self.up_button, self.down_button)):
            buttons.addWidget(button, i // 2, i % 2)
        column.addLayout(buttons)
        self.stack = QStackedWidget(splitter)
        self.empty = QLabel("本单位尚未填报专项资金。点击“添加”新建一项。", self.stack)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 900])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        ops.listen("/special_funds", self._on_change, self)
        self.refresh_list(0)

    # -- list

    def refresh_list(self, select: int) -> None:
        funds = self.ops.package.special_funds
        self.list.blockSignals(True)
        self.list.clear()
        for i, fund in enumerate(funds):
            self.list.addItem(QListWidgetItem(_fund_title(i, fund.name)))
        self.list.blockSignals(False)
        select = min(max(select, 0), len(funds) - 1)
        if select >= 0:
            self.list.setCurrentRow(select)
        self._show(select)

    def _show(self, index: int) -> None:
        self.ops.flush()
        if self.form is not None:
            self.form.retire()
            self.stack.removeWidget(self.form)
            self.form.hide()
            self.form.deleteLater()
            self.form = None
        if index < 0:
            self.stack.setCurrentWidget(self.empty)
        else:
            self.form = FundForm(self.ops, index, self.stack)
            self.stack.addWidget(self.form)
            self.stack.setCurrentWidget(self.form)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        editable = not self.ops.read_only
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)

    def _on_change(self, change: Change) -> None:
        if change.structural:
            if "/special_funds" in change.lists:
                # Undo of a removal or a move: keep the user on a sensible row.
                self.refresh_list(self.list.currentRow())
            return
        tokens = ptr.split(change.pointer)
        if (
            len(tokens) == 3
            and tokens[0] == "special_funds"
            and tokens[2] == "name"
        ):
            index = int(tokens[1])
            item = self.list.item(index)
            if item is not None:
                item.setText(_fund_title(index, str(change.new)))

    # -- editing

    def add_fund(self) -> None:
        self.ops.flush()
        index = len(self.ops.package.special_funds)
        doc = {"name": NEW_FUND_NAME, "items": []}
        if self.ops.insert("/special_funds", index, doc, "添加专项资金") is not None:
            self.refresh_list(index)
            if self.form is not None:
                self.form.reveal(self.form.name_edit)
                self.form.name_edit.selectAll()

    def remove_fund(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.ops.flush()
        if self.ops.remove(f"/special_funds/{row}", "删除专项资金") is not None:
            self.refresh_list(min(row, len(self.ops.package.special_funds) - 1))

    def move_fund(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        self.ops.flush()
        if self.ops.move(f"/special_funds/{row}", "/special_funds", to, "移动专项资金") is not None:
            self.refresh_list(to)

    # -- navigation

    def focus_pointer(self, pointer: str) -> bool:
        tokens = ptr.split(pointer)
        if tokens == ["special_funds"]:
            self.list.setFocus()
            return True
        if len(tokens) < 2 or tokens[0] != "special_funds" or not tokens[1].isdigit():
            return False
        index = int(tokens[1])
        if index >= self.list.count():
            return False
        if self.list.currentRow() != index:
            self.list.setCurrentRow(index)
        return self.form is not None and self.form.focus_pointer(pointer)


def _fund_title(index: int, name: str) -> str:
    return f"{index + 1}. {name or '（未命名）'}"


def _wrapping(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setMaximumWidth(label.fontMetrics().horizontalAdvance("专项资金投入和使用") + 8)
    return label
