"""计分规则 as forms, one per rule type: what a finance officer fills instead of raw JSON.

``RuleEditor`` shows the rule of one leaf and asks for edits through ``edit_requested(path,
value, label)``: ``path`` is relative to the leaf (``rule/selected``, ``rule/items/2/met``,
``rule`` for the whole rule) and ``value`` is in exchange-document form. The owner applies it
through ``ops`` and calls ``load`` again with the stored rule; loading fills the widgets under
signal blockers, so it never writes back.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.fields import FigureEdit, commit_on_pause, with_unit
from desktop.widgets.message_slot import MessageSlot
from perfcore.errors import UserError
from perfcore.exchange import number_out, rule_to_doc
from perfcore.model import (
    RATINGS,
    RULE_LABELS,
    BandsRule,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    DeductDeviationRule,
    DeductOverRule,
    DeductUnderRule,
    ManualRule,
    ProportionalRule,
    RatedRule,
    Rule,
    TargetRule,
)
from perfcore.money import MoneyError, format_number, parse_count, parse_decimal
from perfcore.rules import CIRCLED

ROUNDING_LABELS = {"exact": "不取整", "ceil": "进一（每开始一档计）", "floor": "舍去（满一档才计）"}
ON_UNDEFINED_LABELS = {"manual": "不计算，采用填报得分", "full": "计满分", "zero": "计0分"}
RULE_HINTS = {
    "manual": "不按规则计算，直接在“得分”中填写。",
    "choice": "按评定结果取对应档次的分数。",
    "checklist": "逐项评定，符合的项目计分；点击“评定”列切换符合/不符合，右键可设为未评定。",
    "deduct_count": "满分减去每例扣分×不符合要求的例数，扣完为止。",
    "bands": "按计算值落入的档次计分，从上到下取第一个符合的档次；下限、上限留空表示不限。",
    "deduct_over": "计算值不超过上限计满分；超出部分每一档扣分，扣完为止。",
    "deduct_under": "计算值不低于目标值计满分；不足部分每一档扣分，扣完为止。",
    "deduct_deviation": "计算值偏离目标值（高于或低于）每一档扣分，扣完为止。",
    "proportional": "得分 = 分值 × 计算值 ÷ 满分对应值，不超过分值。",
    "target": "实际完成值达到年度指标值计满分；不低于型未达到按比例计分，不高于型超出按超出比例扣分，等于型不等即为0分。"
    "有计算公式时，实际完成值由公式算出。",
    "rated": "评定达成情况后在“得分”中填写：达成为分值的80%～100%，部分达成60%～80%，未达成60%以下。",
}

MET_TEXT = {True: "符合", False: "不符合", None: "未评定"}
MET_STATE = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked, None: Qt.CheckState.PartiallyChecked}


def default_rule(kind: str, weight: Decimal, on_undefined: str = "manual") -> dict[str, Any]:
    """A starting rule of ``kind`` for a leaf of ``weight`` (what switching the type writes)."""
    full = number_out(weight)
    docs: dict[str, dict[str, Any]] = {
        "manual": {},
        "choice": {"options": [{"label": "好", "points": full}, {"label": "差", "points": 0}], "selected": None},
        "checklist": {"items": [{"text": "", "points": full, "met": None}]},
        "deduct_count": {"points": 1, "count": None},
        "bands": {"bands": [{"min": 90, "points": full}, {"points": 0}]},
        "deduct_over": {"limit": 100, "step": 1, "points": 1, "rounding": "exact"},
        "deduct_under": {"target": 100, "step": 1, "points": 1, "rounding": "exact"},
        "deduct_deviation": {"target": 100, "step": 1, "points": 1, "rounding": "exact"},
        "proportional": {"full": 1},
        "target": {"direction": ">=", "target": 100, "actual": None, "unit": "%"},
        "rated": {"rating": None},
    }
    doc: dict[str, Any] = {"type": kind, **docs[kind]}
    if on_undefined != "manual" and kind != "manual":
        doc["on_undefined"] = on_undefined
    return doc


class RuleProblem(UserError):
    """A cell that does not read as a figure; the message is Chinese."""


def _figure(text: str, what: str, required: bool = True) -> Decimal | None:
    try:
        value = parse_decimal(text)
    except MoneyError as exc:
        raise RuleProblem(f"{what}：{exc}") from exc
    if value is None and required:
        raise RuleProblem(f"{what}不能为空")
    return value


def _doc_number(value: Decimal | None) -> int | str | None:
    return None if value is None else number_out(value)


class NumberField(FigureEdit):
    """A figure that commits after a pause in typing, when the user leaves it or presses Enter,
    and only if it changed. ``parse`` reads the text (``perfcore.money``: a plain decimal, or a
    count); what it refuses is said through ``refused``."""

    committed = Signal(object)
    """The parsed value (or None when blank)."""
    refused = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        chars: int = 8,
        placeholder: str = "",
        parse: Callable[[str], Decimal | int | None] = parse_decimal,
    ) -> None:
        super().__init__(parent, chars=chars)
        self.setPlaceholderText(placeholder)
        self._parse = parse
        self._loaded = ""
        self.editingFinished.connect(self._commit)
        commit_on_pause(self, self._commit)

    def show_value(self, value: Decimal | int | None) -> None:
        text = "" if value is None else format_number(value)
        if self.hasFocus() and self._reads_as(value):
            # Being typed into and already meaning the value (``1.`` written as 1): retyping it
            # as ``1`` would make the next digit 15 instead of 1.5.
            self._loaded = self.text()
            return
        self._loaded = text
        if self.text() != text:
            with QSignalBlocker(self):
                self.setText(text)

    def _reads_as(self, value: Decimal | int | None) -> bool:
        try:
            return self._parse(self.text()) == value
        except MoneyError:
            return False

    def _commit(self) -> None:
        if self.text() == self._loaded or self.isReadOnly():
            return
        try:
            value = self._parse(self.text())
        except MoneyError as exc:
            self.refused.emit(str(exc))
            return
        self._loaded = self.text()
        self.committed.emit(value)


class _Form(QWidget):
    """One rule type's form. Subclasses fill from a rule and emit edits through ``request``."""

    kind = ""

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__()
        self.request = request
        self.problem = problem
        self.rule: Any = None

    def load(self, rule: Any) -> None:
        self.rule = rule

    def set_read_only(self, read_only: bool) -> None:
        for line in self.findChildren(QLineEdit):
            line.setReadOnly(read_only)
        for kind in (QPushButton, QComboBox):
            for control in self.findChildren(kind):
                control.setEnabled(not read_only)
        for table in self.findChildren(QTableWidget):
            table.setEditTriggers(
                QAbstractItemView.EditTrigger.NoEditTriggers
                if read_only
                else QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.AnyKeyPressed
            )

    def focus(self, rest: list[str]) -> bool:
        """Focus the field of ``rest`` (the pointer below ``rule``); False if there is none."""
        return False

    def whole(self) -> dict[str, Any]:
        return rule_to_doc(self.rule)


class TypedCellDelegate(QStyledItemDelegate):
    """A rule table's cell editor writes after each pause in typing, like every field (see
    ``fields.PausedCommit``), and keeps its text while it is open: the rule reloaded after such a
    write must not retype ``1.`` as ``1`` under the cursor."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # noqa: N802
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            # (An editor already closed by Enter or Tab wrote its text then.)
            commit_on_pause(editor, lambda: self.commitData.emit(editor) if editor.isVisible() else None)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and editor.isModified():
            return  # typed into: the text is the user's, written on the pause
        super().setEditorData(editor, index)


def _table(headers: list[str], parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setItemDelegate(TypedCellDelegate(table))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)
    table.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    return table


def _cell(text: str, editable: bool = True, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _fit_rows(table: QTableWidget, least: int = 2, most: int = 10) -> None:
    """As tall as its rows (within reason), so the form has no empty box below a short list."""
    rows = min(max(table.rowCount(), least), most)
    height = table.horizontalHeader().height() + rows * table.verticalHeader().defaultSectionSize()
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


def _focus_cell(table: QTableWidget, row: int, column: int) -> bool:
    if not 0 <= row < table.rowCount():
        return False
    table.setCurrentCell(row, column)
    table.setFocus(Qt.FocusReason.OtherFocusReason)
    table.scrollTo(table.model().index(row, column))
    return True


def _row_buttons(parent: QWidget, add: str, remove: str) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    bar = QHBoxLayout()
    add_button = QPushButton(add, parent)
    remove_button = QPushButton(remove, parent)
    bar.addWidget(add_button)
    bar.addWidget(remove_button)
    bar.addStretch(1)
    return bar, add_button, remove_button


class ManualForm(_Form):
    kind = "manual"


class ChoiceForm(_Form):
    """评定结果 from a list of 档次 with their points."""

    kind = "choice"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.selected = QComboBox(self)
        self.selected.setAccessibleName("评定结果")
        self.selected.activated.connect(self._select)
        form.addRow("评定结果", self.selected)
        layout.addLayout(form)
        self.table = _table(["档次", "分数"], self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._cell_edited)
        layout.addWidget(self.table)
        bar, self.add_button, self.remove_button = _row_buttons(self, "添加档次", "删除档次")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        layout.addLayout(bar)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, ChoiceRule)
        with QSignalBlocker(self.selected):
            self.selected.clear()
            self.selected.addItem("（未选择）", None)
            for option in rule.options:
                self.selected.addItem(f"{option.label}（{format_number(option.points)}分）", option.label)
            found = self.selected.findData(rule.selected)
            self.selected.setCurrentIndex(found if found >= 0 else 0)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(rule.options))
            for row, option in enumerate(rule.options):
                self.table.setItem(row, 0, _cell(option.label))
                self.table.setItem(row, 1, _cell(format_number(option.points), align_right=True))
        _fit_rows(self.table)

    def _select(self, position: int) -> None:
        self.request("rule/selected", self.selected.itemData(position), "修改评定结果")

    def _options(self) -> list[dict[str, Any]]:
        options = []
        for row in range(self.table.rowCount()):
            label = (self.table.item(row, 0) or _cell("")).text().strip()
            points = _figure((self.table.item(row, 1) or _cell("")).text(), f"第{row + 1}档的分数")
            options.append({"label": label, "points": _doc_number(points)})
        return options

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        try:
            options = self._options()
        except RuleProblem as exc:
            self.problem(str(exc))
            return
        doc = self.whole()
        old_label = self.rule.options[item.row()].label if item.row() < len(self.rule.options) else None
        if item.column() == 0 and doc["selected"] is not None and doc["selected"] == old_label:
            doc["selected"] = options[item.row()]["label"]  # renaming the chosen 档次 keeps it chosen
        doc["options"] = options
        self.request("rule", doc, "修改评定档次")

    def _add(self) -> None:
        doc = self.whole()
        doc["options"].append({"label": f"档次{len(doc['options']) + 1}", "points": 0})
        self.request("rule", doc, "添加评定档次")
        _focus_cell(self.table, len(doc["options"]) - 1, 0)

    def _remove(self) -> None:
        row = self.table.currentRow()
        doc = self.whole()
        if not 0 <= row < len(doc["options"]):
            return
        removed = doc["options"].pop(row)
        if doc["selected"] == removed["label"]:
            doc["selected"] = None
        self.request("rule", doc, "删除评定档次")

    def focus(self, rest: list[str]) -> bool:
        if rest[:1] == ["options"] and len(rest) >= 2 and rest[1].isdigit():
            return _focus_cell(self.table, int(rest[1]), 1 if rest[2:] == ["points"] else 0)
        self.selected.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class WholeCellCheck(QStyledItemDelegate):
    """A check cell whose whole area is the check box: a click on its text toggles it too,
    as do Space and Enter (the item's flags still decide whether it may be toggled)."""

    def editorEvent(  # noqa: N802 - Qt override
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> bool:
        if not (index.flags() & Qt.ItemFlag.ItemIsUserCheckable and index.flags() & Qt.ItemFlag.ItemIsEnabled):
            return False
        kind = event.type()
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            # Taken here, so that the release alone toggles (and a double click not twice over).
            return isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonRelease:
            if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
                return False
            if not option.rect.contains(event.position().toPoint()):
                return False
        elif kind == QEvent.Type.KeyPress:
            if not isinstance(event, QKeyEvent) or event.key() not in (Qt.Key.Key_Space, Qt.Key.Key_Select):
                return False
        else:
            return False
        # 未评定 → 符合, then 符合 ⇄ 不符合 (未评定 only on purpose: button or context menu).
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        checked = Qt.CheckState(state) == Qt.CheckState.Checked if state is not None else False
        new = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        return model.setData(index, new, Qt.ItemDataRole.CheckStateRole)


class ChecklistForm(_Form):
    """逐项评定: one row per item, 符合 / 不符合 / 未评定, its text and points."""

    kind = "checklist"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = _table(["评定", "评分内容", "分数"], self)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # The whole 评定 cell ("① 未评定", not only its small box) toggles the item.
        self.table.setItemDelegateForColumn(0, WholeCellCheck(self.table))
        self.table.itemChanged.connect(self._cell_edited)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        # The buttons above the list, away from the items a clerk clicks one after another
        # (a click below the last item used to land on 添加评分项).
        bar, self.add_button, self.remove_button = _row_buttons(self, "添加评分项", "删除评分项")
        self.unanswered_button = QPushButton("设为未评定", self)
        self.unanswered_button.clicked.connect(lambda: self._set_met(self.table.currentRow(), None))
        bar.insertWidget(2, self.unanswered_button)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, ChecklistRule)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(rule.items))
            for row, item in enumerate(rule.items):
                mark = CIRCLED[row] if row < len(CIRCLED) else f"({row + 1})"
                met = QTableWidgetItem(f"{mark} {MET_TEXT[item.met]}")
                # Not user-tristate: a click goes 未评定 → 符合 and then toggles 符合 ⇄ 不符合;
                # 未评定 is set back on purpose (button or context menu), never by a stray click.
                met.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
                met.setCheckState(MET_STATE[item.met])
                self.table.setItem(row, 0, met)
                self.table.setItem(row, 1, _cell(item.text))
                self.table.setItem(row, 2, _cell(format_number(item.points), align_right=True))
        _fit_rows(self.table)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.unanswered_button.setEnabled(not read_only)
        with QSignalBlocker(self.table):
            for row in range(self.table.rowCount()):
                item = self.table.item(row, 0)
                if item is not None:
                    flags = item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable
                    item.setFlags(flags if read_only else flags | Qt.ItemFlag.ItemIsUserCheckable)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if row >= len(self.rule.items):
            return
        if item.column() == 0:
            met = item.checkState() == Qt.CheckState.Checked
            self._set_met(row, met)
            return
        if item.column() == 1:
            self.request(f"rule/items/{row}/text", item.text().strip(), "修改评分内容")
            return
        try:
            points = _figure(item.text(), f"第{row + 1}项的分数")
        except RuleProblem as exc:
            self.problem(str(exc))
            return
        self.request(f"rule/items/{row}/points", _doc_number(points), "修改评分项分数")

    def _set_met(self, row: int, met: bool | None) -> None:
        if 0 <= row < len(self.rule.items):
            label = {True: "评定为符合", False: "评定为不符合", None: "设为未评定"}[met]
            self.request(f"rule/items/{row}/met", met, label)

    def _menu(self, position: Any) -> None:
        row = self.table.rowAt(position.y())
        if row < 0:
            return
        menu = QMenu(self.table)
        for met in (True, False, None):
            action = QAction(MET_TEXT[met], menu)
            action.triggered.connect(lambda _=False, m=met: self._set_met(row, m))
            menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(position))

    def _add(self) -> None:
        doc = self.whole()
        doc["items"].append({"text": "", "points": 0, "met": None})
        self.request("rule", doc, "添加评分项")
        _focus_cell(self.table, len(doc["items"]) - 1, 1)

    def _remove(self) -> None:
        row = self.table.currentRow()
        doc = self.whole()
        if 0 <= row < len(doc["items"]):
            doc["items"].pop(row)
            self.request("rule", doc, "删除评分项")

    def focus(self, rest: list[str]) -> bool:
        if rest[:1] == ["items"] and len(rest) >= 2 and rest[1].isdigit():
            column = {"met": 0, "text": 1, "points": 2}.get(rest[2] if len(rest) > 2 else "met", 0)
            return _focus_cell(self.table, int(rest[1]), column)
        return _focus_cell(self.table, 0, 0)


def _case_count(text: str) -> int | None:
    """不符合要求的例数 as typed (``3``, ``３``, ``3例``); blank is unknown."""
    return parse_count(text.strip().removesuffix("例"), "例数")


class CountField(NumberField):
    """A count of cases: typed, or stepped with ↑ and ↓ as in a spin box (↓ from 0 is 未填写)."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = "") -> None:
        super().__init__(parent, chars=6, placeholder=placeholder, parse=_case_count)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        step = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1}.get(Qt.Key(event.key()))
        if step is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        try:
            current = _case_count(self.text())
        except MoneyError:
            return  # the refusal already says why; stepping from it would guess
        stepped = (current if current is not None else -1) + step
        self.setText("" if stepped < 0 else str(stepped))
        self._commit()


class DeductCountForm(_Form):
    """按次扣分: count of cases found and points per case."""

    kind = "deduct_count"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        # Read as every count (perfcore.money): a spin box's validator dropped keys without a
        # word and read 1,2 as 12. Blank is 未填写: an unknown count is not zero cases.
        self.count = CountField(self, placeholder="未填写")
        self.count.setAccessibleName("不符合要求的例数")
        self.count.committed.connect(self._count_changed)
        self.count.refused.connect(self.problem)
        form.addRow("不符合要求的例数", with_unit(self.count, "例"))
        self.points = NumberField(self, placeholder="必填")
        self.points.setAccessibleName("每例扣分")
        self.points.committed.connect(lambda v: self._number("rule/points", v, "每例扣分"))
        self.points.refused.connect(self.problem)
        form.addRow("每例扣分", self.points)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, DeductCountRule)
        self.count.show_value(rule.count)
        self.points.show_value(rule.points)

    def _count_changed(self, value: int | None) -> None:
        self.request("rule/count", value, "修改不符合要求的例数")

    def _number(self, path: str, value: Decimal | None, what: str) -> None:
        if value is None:
            self.problem(f"{what}不能为空")
            return
        self.request(path, _doc_number(value), f"修改{what}")

    def focus(self, rest: list[str]) -> bool:
        widget = self.points if rest[:1] == ["points"] else self.count
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class BandsForm(_Form):
    """分档计分: rows of 下限 / 上限 / 分数, the first matching band counts."""

    kind = "bands"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = _table(["下限（≥）", "上限（≤）", "分数"], self)
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._cell_edited)
        layout.addWidget(self.table)
        bar, self.add_button, self.remove_button = _row_buttons(self, "添加分档", "删除分档")
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        layout.addLayout(bar)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, BandsRule)
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(rule.bands))
            for row, band in enumerate(rule.bands):
                for column, value in enumerate((band.min, band.max, band.points)):
                    self.table.setItem(row, column, _cell("" if value is None else format_number(value), align_right=True))
        _fit_rows(self.table)

    def _bands(self) -> list[dict[str, Any]]:
        bands = []
        for row in range(self.table.rowCount()):
            texts = [(self.table.item(row, c) or _cell("")).text() for c in range(3)]
            low = _figure(texts[0], f"第{row + 1}档的下限", required=False)
            high = _figure(texts[1], f"第{row + 1}档的上限", required=False)
            points = _figure(texts[2], f"第{row + 1}档的分数")
            band: dict[str, Any] = {}
            if low is not None:
                band["min"] = _doc_number(low)
            if high is not None:
                band["max"] = _doc_number(high)
            band["points"] = _doc_number(points)
            bands.append(band)
        return bands

    def _cell_edited(self, _item: QTableWidgetItem) -> None:
        try:
            bands = self._bands()
        except RuleProblem as exc:
            self.problem(str(exc))
            return
        self.request("rule/bands", bands, "修改分档")

    def _add(self) -> None:
        doc = self.whole()
        doc["bands"].append({"points": 0})
        self.request("rule/bands", doc["bands"], "添加分档")
        _focus_cell(self.table, len(doc["bands"]) - 1, 0)

    def _remove(self) -> None:
        row = self.table.currentRow()
        doc = self.whole()
        if 0 <= row < len(doc["bands"]):
            doc["bands"].pop(row)
            self.request("rule/bands", doc["bands"], "删除分档")

    def focus(self, rest: list[str]) -> bool:
        if rest[:1] == ["bands"] and len(rest) >= 2 and rest[1].isdigit():
            column = {"min": 0, "max": 1, "points": 2}.get(rest[2] if len(rest) > 2 else "min", 0)
            return _focus_cell(self.table, int(rest[1]), column)
        return _focus_cell(self.table, 0, 0)


class DeductForm(_Form):
    """超出 / 不足 / 偏离扣分: the bound, the step, points per step and how steps round."""

    def __init__(
        self, kind: str, request: Callable[[str, Any, str], None], problem: Callable[[str], None]
    ) -> None:
        super().__init__(request, problem)
        self.kind = kind
        self.bound_key = "limit" if kind == "deduct_over" else "target"
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        bound_label = "上限" if kind == "deduct_over" else "目标值"
        self.fields: dict[str, NumberField] = {}
        for key, label in ((self.bound_key, bound_label), ("step", "每档幅度"), ("points", "每档扣分")):
            field = NumberField(self, placeholder="必填")
            field.setAccessibleName(label)
            field.committed.connect(lambda v, k=key, t=label: self._number(k, v, t))
            field.refused.connect(self.problem)
            form.addRow(label, field)
            self.fields[key] = field
        self.rounding = QComboBox(self)
        self.rounding.setAccessibleName("档数取整")
        for key, label in ROUNDING_LABELS.items():
            self.rounding.addItem(label, key)
        self.rounding.activated.connect(
            lambda i: self.request("rule/rounding", self.rounding.itemData(i), "修改档数取整方式")
        )
        form.addRow("档数取整", self.rounding)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, (DeductOverRule, DeductUnderRule, DeductDeviationRule))
        bound = rule.limit if isinstance(rule, DeductOverRule) else rule.target
        self.fields[self.bound_key].show_value(bound)
        self.fields["step"].show_value(rule.step)
        self.fields["points"].show_value(rule.points)
        with QSignalBlocker(self.rounding):
            self.rounding.setCurrentIndex(self.rounding.findData(rule.rounding))

    def _number(self, key: str, value: Decimal | None, what: str) -> None:
        if value is None:
            self.problem(f"{what}不能为空")
            return
        self.request(f"rule/{key}", _doc_number(value), f"修改{what}")

    def focus(self, rest: list[str]) -> bool:
        key = rest[0] if rest else self.bound_key
        widget: QWidget = self.rounding if key == "rounding" else self.fields.get(key, self.fields[self.bound_key])
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class ProportionalForm(_Form):
    kind = "proportional"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.full = NumberField(self, placeholder="必填")
        self.full.setAccessibleName("满分对应值")
        self.full.committed.connect(self._full)
        self.full.refused.connect(self.problem)
        form.addRow("满分对应值", self.full)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, ProportionalRule)
        self.full.show_value(rule.full)

    def _full(self, value: Decimal | None) -> None:
        if value is None:
            self.problem("满分对应值不能为空")
            return
        self.request("rule/full", _doc_number(value), "修改满分对应值")

    def focus(self, rest: list[str]) -> bool:
        self.full.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class TargetForm(_Form):
    """年度指标值 against 实际完成值: direction, target, actual (or the formula's value), unit."""

    kind = "target"
    DIRECTION_LABELS = {">=": "≥ 不低于", "<=": "≤ 不高于", "=": "= 等于"}

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.direction = QComboBox(self)
        self.direction.setAccessibleName("指标方向")
        for key, label in self.DIRECTION_LABELS.items():
            self.direction.addItem(label, key)
        self.direction.activated.connect(
            lambda i: self.request("rule/direction", self.direction.itemData(i), "修改指标方向")
        )
        form.addRow("指标方向", self.direction)
        self.target = NumberField(self, placeholder="必填")
        self.target.setAccessibleName("年度指标值")
        self.target.committed.connect(self._target)
        self.target.refused.connect(self.problem)
        form.addRow("年度指标值", self.target)
        self.actual = NumberField(self, placeholder="未填写")
        self.actual.setAccessibleName("实际完成值")
        self.actual.committed.connect(
            lambda v: self.request("rule/actual", None if v is None else _doc_number(v), "修改实际完成值")
        )
        self.actual.refused.connect(self.problem)
        form.addRow("实际完成值", self.actual)
        self.unit = QLineEdit(self)
        self.unit.setAccessibleName("度量单位")
        self.unit.setMaximumWidth(80)
        self.unit.editingFinished.connect(self._unit)
        commit_on_pause(self.unit, self._unit)
        form.addRow("度量单位", self.unit)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, TargetRule)
        with QSignalBlocker(self.direction):
            self.direction.setCurrentIndex(self.direction.findData(rule.direction))
        self.target.show_value(rule.target)
        self.actual.show_value(rule.actual)
        if not self.unit.hasFocus():
            self.unit.setText(rule.unit)

    def _target(self, value: Decimal | None) -> None:
        if value is None:
            self.problem("年度指标值不能为空")
            return
        self.request("rule/target", _doc_number(value), "修改年度指标值")

    def _unit(self) -> None:
        if self.rule is not None and self.unit.text().strip() != self.rule.unit:
            self.request("rule/unit", self.unit.text().strip(), "修改度量单位")

    def focus(self, rest: list[str]) -> bool:
        widget = {"direction": self.direction, "target": self.target, "unit": self.unit}.get(rest[0] if rest else "", self.actual)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class RatedForm(_Form):
    """达成 / 部分达成 / 未达成; the score is entered beside it, inside the rating's band."""

    kind = "rated"

    def __init__(self, request: Callable[[str, Any, str], None], problem: Callable[[str], None]) -> None:
        super().__init__(request, problem)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.rating = QComboBox(self)
        self.rating.setAccessibleName("评定等级")
        self.rating.addItem("未评定", None)
        for rating in RATINGS:
            self.rating.addItem(rating, rating)
        self.rating.activated.connect(lambda i: self.request("rule/rating", self.rating.itemData(i), "修改评定等级"))
        form.addRow("评定等级", self.rating)

    def load(self, rule: Any) -> None:
        super().load(rule)
        assert isinstance(rule, RatedRule)
        with QSignalBlocker(self.rating):
            self.rating.setCurrentIndex(self.rating.findData(rule.rating) if rule.rating else 0)

    def focus(self, rest: list[str]) -> bool:
        self.rating.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class RuleEditor(QWidget):
    """The rule of one leaf: its type, the form of that type, and what to do when undefined."""

    edit_requested = Signal(str, object, str)
    """(path below the leaf, value in document form, undo label)."""
    problem_shown = Signal(str)
    """Why what was typed is not taken ("" once it is, or the form was reloaded)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rule: Rule = ManualRule()
        self.weight = Decimal(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QFormLayout()
        self.type_combo = QComboBox(self)
        self.type_combo.setAccessibleName("计分规则")
        for kind, label in RULE_LABELS.items():
            self.type_combo.addItem(label, kind)
        self.type_combo.activated.connect(self._type_chosen)
        head.addRow("计分规则", self.type_combo)
        self.on_undefined = QComboBox(self)
        self.on_undefined.setAccessibleName("无法计算时")
        for key, label in ON_UNDEFINED_LABELS.items():
            self.on_undefined.addItem(label, key)
        self.on_undefined.activated.connect(self._on_undefined_chosen)
        self.on_undefined_label = QLabel("无法计算时", self)
        head.addRow(self.on_undefined_label, self.on_undefined)
        layout.addLayout(head)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        self.stack = QStackedWidget(self)
        self.forms: dict[str, _Form] = {}
        for kind in RULE_LABELS:
            form: _Form
            if kind in ("deduct_over", "deduct_under", "deduct_deviation"):
                form = DeductForm(kind, self._request, self.show_problem)
            else:
                form = FORM_TYPES[kind](self._request, self.show_problem)
            self.forms[kind] = form
            self.stack.addWidget(form)
        layout.addWidget(self.stack)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.hide()
        layout.addWidget(MessageSlot(self.problem, self, lines=1))

    def load(self, rule: Rule, weight: Decimal, read_only: bool = False) -> None:
        """Show ``rule`` (never writes back)."""
        self.rule, self.weight = rule, weight
        with QSignalBlocker(self.type_combo):
            self.type_combo.setCurrentIndex(self.type_combo.findData(rule.type))
        with QSignalBlocker(self.on_undefined):
            self.on_undefined.setCurrentIndex(self.on_undefined.findData(rule.on_undefined))
        manual = isinstance(rule, ManualRule)
        self.on_undefined.setVisible(not manual)
        self.on_undefined_label.setVisible(not manual)
        self.hint.setText(RULE_HINTS[rule.type])
        form = self.forms[rule.type]
        form.load(rule)
        form.set_read_only(read_only)
        self.type_combo.setEnabled(not read_only)
        self.on_undefined.setEnabled(not read_only)
        # A stacked widget is as tall as its tallest page unless the hidden pages stop counting.
        for page in self.forms.values():
            policy = QSizePolicy.Policy.Preferred if page is form else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(form)
        self.stack.adjustSize()

    @property
    def form(self) -> _Form:
        return self.forms[self.rule.type]

    def show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        self.problem_shown.emit(message)

    def focus(self, rest: list[str]) -> bool:
        """Focus the field of a pointer below the leaf's ``rule`` (``['items', '2', 'met']``)."""
        if rest[:1] == ["type"]:
            self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if rest[:1] == ["on_undefined"]:
            self.on_undefined.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if not rest:
            self.type_combo.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return self.form.focus(rest)

    def _request(self, path: str, value: Any, label: str) -> None:
        self.show_problem("")
        self.edit_requested.emit(path, value, label)

    def _type_chosen(self, position: int) -> None:
        kind = self.type_combo.itemData(position)
        if kind == self.rule.type:
            return
        self._request("rule", default_rule(kind, self.weight, self.rule.on_undefined), f"计分规则改为{RULE_LABELS[kind]}")

    def _on_undefined_chosen(self, position: int) -> None:
        doc = rule_to_doc(self.rule)
        doc.pop("on_undefined", None)
        key = self.on_undefined.itemData(position)
        if key != "manual":
            doc["on_undefined"] = key
        self._request("rule", doc, "修改无法计算时的处理")


FORM_TYPES: dict[str, Callable[[Callable[[str, Any, str], None], Callable[[str], None]], _Form]] = {
    "manual": ManualForm,
    "choice": ChoiceForm,
    "checklist": ChecklistForm,
    "deduct_count": DeductCountForm,
    "bands": BandsForm,
    "proportional": ProportionalForm,
    "target": TargetForm,
    "rated": RatedForm,
}
