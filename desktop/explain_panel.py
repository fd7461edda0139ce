"""失分分析: the lost points by size, why, and what would regain them; a 试算 row that never writes.

The analysis and every trial score come from perfcore (``Ops.explain``, ``Ops.trial``); this
panel only shows them. Choosing a hint opens the sandbox row: a trial value typed there is
scored on a copy of the package — the file is not touched — and the totals bar shows the
trial total beside the real one. 应用为正式修改 makes it an ordinary edit (one undo step);
放弃试算, any real edit, or closing the file discards it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.tree_items import children, top_level_items
from perfcore.errors import UserError
from perfcore.money import format_points, plain

if TYPE_CHECKING:
    from desktop.listeners import Listener
    from desktop.ops import Ops
    from perfcore.explain import Explanation, Hint, Loss

POINTER_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2
TYPED_KINDS = ("money", "count", "number")
INPUT_KINDS = {"money": "money_wan", "count": "count", "number": "number"}
"""How a field of each kind of figure reads typed text (desktop.binding)."""
SANDBOX_STYLE = "#what_if { background: #fff8e1; border: 1px dashed #f9a825; }"


class ExplainPanel(QWidget):
    """``activated(pointer)`` when the user picks a leaf or a figure. Trials are announced by
    ``Ops.trial_scored``, which the totals bar shows."""

    activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops: Ops | None = None
        self.explanation: Explanation | None = None
        self.hint: Hint | None = None
        self._edits: Listener | None = None
        self.loss: Loss | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.summary = QLabel(self)
        self.summary.setObjectName("explain_summary")
        # A long line must not widen (and so re-lay out) the dock; the tooltip holds it whole.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["指标 / 如何得满分", "失分", "原因"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAccessibleName("失分分析")
        self.tree.setColumnWidth(0, 330)
        self.tree.setColumnWidth(1, 60)
        self.tree.itemClicked.connect(self._activate)
        self.tree.itemActivated.connect(self._activate)
        column.addWidget(self.tree, 1)
        column.addWidget(self._build_sandbox())
        self.show_explanation(None)

    def _build_sandbox(self) -> QFrame:
        box = self.sandbox = QFrame(self)
        box.setObjectName("what_if")
        box.setStyleSheet(SANDBOX_STYLE)
        row = QHBoxLayout(box)
        row.setContentsMargins(6, 3, 6, 3)
        tag = QLabel("试算（不保存）", box)
        tag.setStyleSheet("color: #e65100; font-weight: bold;")
        row.addWidget(tag)
        self.trial_label = QLabel(box)
        row.addWidget(self.trial_label)
        self.trial_edit = QLineEdit(box)
        self.trial_edit.setObjectName("trial_value")
        self.trial_edit.setMaximumWidth(140)
        self.trial_edit.setAccessibleName("试算值")
        self.trial_edit.textChanged.connect(self._recompute)
        row.addWidget(self.trial_edit)
        self.unit_label = QLabel(box)
        row.addWidget(self.unit_label)
        self.clear_score = QCheckBox("同时采用计算得分", box)
        self.clear_score.setToolTip("本指标的得分是填报的；试算与应用时一并清除填报得分，采用按评价标准计算的得分")
        self.clear_score.toggled.connect(self._recompute)
        row.addWidget(self.clear_score)
        self.result_label = QLabel(box)
        self.result_label.setObjectName("trial_result")
        row.addWidget(self.result_label, 1)
        self.apply_button = QPushButton("应用为正式修改", box)
        self.apply_button.setToolTip("写入报告文件；可用 编辑 › 撤销 取消")
        self.apply_button.clicked.connect(self.apply)
        row.addWidget(self.apply_button)
        discard = QPushButton("放弃试算", box)
        discard.clicked.connect(self.discard)
        row.addWidget(discard)
        box.hide()
        return box

    # ------------------------------------------------------------ the analysis

    def attach(self, ops: Ops | None) -> None:
        self.discard()
        self.ops = ops
        if ops is None:
            self.show_explanation(None)
            return
        # After the debounced checks: an analysis per keystroke would be wasted work.
        ops.findings_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        self.show_explanation(self.ops.explain() if self.ops is not None else None)

    def show_explanation(self, explanation: Explanation | None) -> None:
        self.explanation = explanation
        self.tree.clear()
        if explanation is None:
            self.summary.setText("")
            return
        state = "" if explanation.complete else "，尚有指标未评分"
        self.summary.setText(
            f"共失分 {format_points(explanation.total_lost)} 分（分值合计 {format_points(explanation.weights)} 分，"
            f"得分 {format_points(explanation.total)} 分{state}）。单击转到指标或数据；单击一条提示可试算。"
        )
        self.summary.setToolTip(self.summary.text())
        if not explanation.lost:
            QTreeWidgetItem(self.tree, ["各指标均得满分", "", ""])
        for loss in explanation.by_size:
            top = self._row(self.tree, loss.name, f"−{format_points(loss.lost)}", loss.why, loss.path)
            top.setData(0, HINT_ROLE, (loss, None))
            for hint in loss.regain:
                child = self._row(top, f"→ {hint.text}", "", "", _place(hint.pointer, loss.path))
                child.setData(0, HINT_ROLE, (loss, hint))
            if loss.reason:
                self._row(top, f"填报说明：{loss.reason}", "", "", loss.path)
            if loss.note:
                self._row(top, f"注：{loss.note}", "", "", loss.path)
        if explanation.at_risk:
            group = QTreeWidgetItem(self.tree, ["临界指标（已得满分，距失分界限不足 5%）", "", ""])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for risk in explanation.at_risk:
                item = self._row(group, risk.name, "", risk.why, risk.path)
                for hint in risk.keep:
                    self._row(item, f"保持 {hint.text}", "", "", _place(hint.pointer, risk.path))
        self.tree.expandAll()

    def _row(self, parent: QTreeWidget | QTreeWidgetItem, text: str, lost: str, why: str, pointer: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text, lost, why])
        item.setData(0, POINTER_ROLE, pointer)
        item.setToolTip(0, f"{text}\n单击转到该项")
        item.setToolTip(2, why)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def item_for(self, pointer: str) -> QTreeWidgetItem | None:
        """The first row pointing at ``pointer``, or whose hint is about it (for tests and keyboard users)."""
        pending = top_level_items(self.tree)
        while pending:
            item = pending.pop(0)
            chosen = item.data(0, HINT_ROLE)
            if item.data(0, POINTER_ROLE) == pointer or (chosen is not None and chosen[1] is not None and chosen[1].pointer == pointer):
                return item
            pending.extend(children(item))
        return None

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        chosen = item.data(0, HINT_ROLE)
        if chosen is not None and chosen[1] is not None:
            self.choose(chosen[0], chosen[1])
        pointer = item.data(0, POINTER_ROLE)
        if pointer:
            self.activated.emit(str(pointer))

    # ------------------------------------------------------------ 试算

    def choose(self, loss: Loss, hint: Hint) -> None:
        """Open the sandbox on ``hint`` (a figure, an item, an option or the entered score)."""
        if not (hint.settable or hint.kind in TYPED_KINDS) or self.ops is None or self.ops.read_only:
            self.discard()
            return
        self.loss, self.hint = loss, hint
        if self._edits is None:
            # Every real edit ends the trial; listened to only while a trial is open, so that
            # a keystroke elsewhere costs nothing here.
            self._edits = self.ops.listen("", self._real_edit, self)
        typed = hint.kind in TYPED_KINDS
        self.trial_label.setText(f"{hint.label}：" if typed else hint.text)
        self.unit_label.setText(hint.unit if typed else "")
        for widget in (self.trial_edit, self.unit_label):
            widget.setVisible(typed)
        clear = self._clear_hint()
        self.clear_score.setVisible(clear is not None and hint.relation != "clear")
        self.clear_score.blockSignals(True)
        self.clear_score.setChecked(clear is not None)
        self.clear_score.blockSignals(False)
        self.sandbox.show()
        if typed:
            self.trial_edit.setText(hint.value or "")  # scores at once (textChanged)
        self._recompute()

    def _clear_hint(self) -> Hint | None:
        if self.loss is None:
            return None
        return next((h for h in self.loss.regain if h.relation == "clear"), None)

    def trial_value(self) -> Any:
        """The typed trial value in exchange-document form; raises ``InputError`` for bad text."""
        assert self.hint is not None
        if self.hint.kind not in TYPED_KINDS:
            return self.hint.target
        # Imported here: the dock is built before any file is open, binding needs the store.
        from desktop.binding import parse_input

        value = parse_input(INPUT_KINDS[self.hint.kind], self.trial_edit.text())
        return plain(value) if isinstance(value, Decimal) else value

    def _changes(self) -> list[tuple[str, Any]]:
        assert self.hint is not None
        changes = [(self.hint.pointer, self.trial_value())]
        clear = self._clear_hint()
        if clear is not None and clear is not self.hint and self.clear_score.isChecked():
            changes.append((clear.pointer, None))
        return changes

    def _recompute(self, *_: object) -> None:
        if self.hint is None or self.ops is None or self.loss is None:
            return
        from perfcore.pointer import PointerError

        try:
            result = self.ops.trial(self._changes())
        except (UserError, PointerError) as exc:
            self.result_label.setText(str(exc))
            self.result_label.setStyleSheet("color: #c62828;")
            self.apply_button.setEnabled(False)
            self.ops.end_trial()
            return
        final = result.final_at(self.loss.path)
        scores = self.ops.scores
        leaf = "未评分" if final is None else f"{format_points(final)}/{format_points(self.loss.weight)}"
        self.result_label.setText(
            f"本指标 {leaf}，合计 {format_points(result.total)} 分，等级 {result.grade}"
            f"（现为 {format_points(scores.total)} 分，{scores.grade}）"
        )
        self.result_label.setStyleSheet("color: #e65100;")
        self.apply_button.setEnabled(True)

    def apply(self) -> None:
        """Make the trial a real edit: one undo step, written to the file."""
        if self.hint is None or self.ops is None:
            return
        try:
            changes = self._changes()
        except UserError as exc:
            self.result_label.setText(str(exc))
            return
        ops, label = self.ops, f"试算应用：{self.hint.label}"
        self.discard()
        with ops.macro(label):
            for pointer, value in changes:
                ops.set(pointer, value, label)

    def discard(self, *_: object) -> None:
        had_trial = self.hint is not None
        self.hint = self.loss = None
        if self._edits is not None and self.ops is not None:
            self.ops.forget(self._edits)
        self._edits = None
        self.sandbox.hide()
        self.result_label.clear()
        if had_trial and self.ops is not None:
            self.ops.end_trial()

    def _real_edit(self, _change: object) -> None:
        # The trial was scored against the package before this edit: it no longer holds.
        if self.hint is not None:
            self.discard()


def _place(pointer: str, leaf: str) -> str:
    """Where a click on a hint about ``pointer`` takes the user: the field itself (a figure on
    the 基础数据 tab, as the checks dock does); ``leaf`` when the hint names no field."""
    return pointer or leaf
