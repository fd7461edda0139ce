"""An editable list of spending lines (name + amount): 基建维修项目 in 表1, 支出明细 in 表2."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import enter_keys
from desktop.binding import Binding, bind
from desktop.ops import Ops
from desktop.widgets.fields import MoneyEdit
from perfcore import pointer as ptr
from perfcore.store import Change


class ItemsEditor(QWidget):
    """Rows bound to ``list_pointer``/i/name and /amount; add, remove and reorder are undoable."""

    def __init__(
        self, ops: Ops, list_pointer: str, money_kind: str, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.list_pointer = list_pointer
        self.money_kind = money_kind
        self.title = title
        self.unit = "万元" if money_kind == "money_wan" else "元"
        self.bindings: list[Binding] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.rows = QWidget(self)
        self.grid = QGridLayout(self.rows)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        outer.addWidget(self.rows)
        bar = QHBoxLayout()
        self.add_button = QPushButton(f"添加{title}", self)
        self.add_button.clicked.connect(self.add_row)
        self.add_button.setEnabled(not ops.read_only)
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        outer.addLayout(bar)
        self._listener = ops.listen(list_pointer, self._on_change, self, structure_only=True)
        self.rebuild()

    def set_list_pointer(self, list_pointer: str) -> None:
        self.ops.forget(self._listener)
        self.list_pointer = list_pointer
        self._listener = self.ops.listen(list_pointer, self._on_change, self, structure_only=True)
        self.rebuild()

    def _on_change(self, change: Change) -> None:
        if self.list_pointer in change.lists:
            self.rebuild()

    def rebuild(self) -> None:
        focused = self._focused_pointer()
        for binding in self.bindings:
            binding.retire()
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.bindings = []
        items = self.ops.get(self.list_pointer)
        if items:
            for column, text in enumerate(("序号", "名称", f"金额（{self.unit}）")):
                header = QLabel(text, self.rows)
                self.grid.addWidget(header, 0, column)
        editable = not self.ops.read_only
        for i, _ in enumerate(items):
            row = i + 1
            base = f"{self.list_pointer}/{i}"
            number = QLabel(f"{i + 1}.", self.rows)
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name = QLineEdit(self.rows)
            name.setAccessibleName(f"{self.title}{i + 1} 名称")
            amount = MoneyEdit(self.rows)
            amount.setAccessibleName(f"{self.title}{i + 1} 金额")
            enter_keys.install(name)
            enter_keys.install(amount)
            self.bindings.append(bind(self.ops, name, f"{base}/name", "text", f"修改{self.title}名称"))
            self.bindings.append(
                bind(self.ops, amount, f"{base}/amount", self.money_kind, f"修改{self.title}金额")
            )
            self.grid.addWidget(number, row, 0)
            self.grid.addWidget(name, row, 1)
            self.grid.addWidget(amount, row, 2)
            for column, (glyph, tip, slot, enabled) in enumerate(
                (
                    ("↑", "上移", lambda _=False, i=i: self.move_row(i, i - 1), i > 0),
                    ("↓", "下移", lambda _=False, i=i: self.move_row(i, i + 1), i < len(items) - 1),
                    ("✕", "删除此行", lambda _=False, i=i: self.remove_row(i), True),
                ),
                start=3,
            ):
                button = QToolButton(self.rows)
                button.setText(glyph)
                button.setToolTip(tip)
                button.setAccessibleName(f"{tip}（第{i + 1}行）")
                button.setEnabled(editable and enabled)
                # Not a tab stop: Tab and Enter go from one figure to the next, as on paper.
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(slot)
                self.grid.addWidget(button, row, column)
        self.grid.setColumnStretch(1, 1)
        self._chain_rows()
        # A layout shows new children of a visible parent only on the next event loop pass;
        # show them now so that the new row can take the focus at once.
        if self.rows.isVisible():
            for index in range(self.grid.count()):
                item = self.grid.itemAt(index)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.show()
        if focused is not None:
            self.focus_pointer(focused)

    def _chain_rows(self) -> None:
        """Put the new rows where the old ones were in the focus chain (before the add button),
        in reading order: new widgets join the chain at its end, after 审核意见."""
        before: QWidget = self
        while True:  # the last focusable widget before this editor
            previous = before.previousInFocusChain()
            if previous is None:
                break
            before = previous
            if before is self.window() or (
                before.focusPolicy() != Qt.FocusPolicy.NoFocus and not self.isAncestorOf(before)
            ):
                break
        for binding in self.bindings:
            QWidget.setTabOrder(before, binding.widget)
            before = binding.widget

    def _focused_pointer(self) -> str | None:
        for binding in self.bindings:
            if binding.widget.hasFocus():
                return binding.pointer
        return None

    def add_row(self) -> None:
        self.ops.flush()
        index = len(self.ops.get(self.list_pointer))
        if (
            self.ops.insert(self.list_pointer, index, {"name": "", "amount": None}, f"添加{self.title}")
            is not None
        ):
            self.focus_pointer(f"{self.list_pointer}/{index}/name")

    def remove_row(self, index: int) -> None:
        self.ops.flush()
        self.ops.remove(f"{self.list_pointer}/{index}", f"删除{self.title}")

    def move_row(self, index: int, to: int) -> None:
        self.ops.flush()
        if (
            self.ops.move(f"{self.list_pointer}/{index}", self.list_pointer, to, f"移动{self.title}")
            is not None
        ):
            self.focus_pointer(f"{self.list_pointer}/{to}/name")

    def focus_pointer(self, pointer: str) -> bool:
        """Focus the field at ``pointer`` (a row's pointer focuses its name)."""
        if pointer == self.list_pointer:
            target = self.bindings[0].widget if self.bindings else self.add_button
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        for binding in self.bindings:
            if binding.pointer == pointer or ptr.parent(binding.pointer) == pointer:
                binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False
