"""基础数据: the package's named figures by group, with the indicators that read each one.

The tree (``desktop.figures_model``) shows every figure under its group, its value in its unit
(money in 万元, typed with 表1's parser), its kind, its carry into next year and the indicators
whose formulas read it; 名称 and 数值 are edited in place. The panel beside it edits the chosen
figure's 名称, 数值 and 分组 and lists its readers: a click goes to the indicator (``navigate``,
which the tabs pass to the window's ``focus_pointer``). 添加 asks for the new figure's name,
code, kind and group; 删除 is refused, with the indicators named, while a formula reads it.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import Binding, bind, refusal_text
from desktop.figures_model import (
    COL_LABEL,
    COL_VALUE,
    FIELD_KIND,
    KIND_TEXT,
    UNGROUPED,
    FigureRow,
    FiguresModel,
    carry_text,
)
from desktop.ops import Ops
from desktop.widgets.fields import FigureEdit
from perfcore import pointer as ptr
from perfcore.errors import UserError
from perfcore.model import FIGURE_KINDS
from perfcore.store import Change

UNIT_TEXT = {"money": "万元", "count": "", "number": "", "percent": "%"}
POINTER_ROLE = Qt.ItemDataRole.UserRole + 1
_NOT_IN_KEY = re.compile(r"[^0-9A-Za-z_\u3400-\u9fff]")
PROBLEM_STYLE = "color: #b00020;"


class FiguresTab(QWidget):
    navigate = Signal(str)
    """Go to this pointer (an indicator that reads the figure); the tabs pass it to the window."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = FiguresModel(ops, self)
        self.shown: int | None = None
        """Position of the figure the panel shows."""
        self._chosen_uid: int | None = None
        self.bindings: list[Binding] = []

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 0, 8)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加基础数据…", left)
        self.rename_button = QPushButton("重命名", left)
        self.remove_button = QPushButton("删除", left)
        self.add_button.clicked.connect(self.add_figure)
        self.rename_button.clicked.connect(self.rename_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.rename_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.tree = QTreeView(left)
        self.tree.setAccessibleName("基础数据")
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for i, spec in enumerate(self.model.columns):
            self.tree.setColumnWidth(i, spec.width)
        self.tree.expandAll()
        column.addWidget(self.tree, 1)
        self.status = QLabel(left)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(PROBLEM_STYLE)
        column.addWidget(self.status)

        self.panel = QGroupBox("所选基础数据", splitter)
        self.panel.setMinimumWidth(300)
        self.panel_column = QVBoxLayout(self.panel)
        self.form: QWidget | None = None
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(splitter)

        self.model.edit_refused.connect(self.show_problem)
        self.model.modelReset.connect(self._after_reset)
        self.model.readers_changed.connect(self.refresh_panel)
        selection = self.tree.selectionModel()
        selection.currentRowChanged.connect(lambda current, _previous: self._on_current(current))
        ops.listen("/figures", self._on_figures, self)
        self._update_buttons()
        self._show_panel(None)

    # -- what is chosen

    def selected(self) -> int | None:
        """Position (in ``package.figures``) of the chosen figure, or None."""
        return self.model.figure_position(self.tree.currentIndex())

    def select(self, position: int, column: int = COL_LABEL) -> None:
        index = self.model.index_of(position, column)
        if not index.isValid():
            return
        self.tree.expand(index.parent())
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)

    def _on_current(self, current: QModelIndex) -> None:
        position = self.model.figure_position(current)
        figures = self.ops.package.figures
        self._chosen_uid = figures[position].uid if position is not None else None
        self._update_buttons()
        if position != self.shown:
            self._show_panel(position)

    def _after_reset(self) -> None:
        self.tree.expandAll()
        figures = self.ops.package.figures
        position = next((i for i, f in enumerate(figures) if f.uid == self._chosen_uid), None)
        if position is not None:
            self.select(position)
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = not self.ops.read_only
        chosen = self.selected() is not None
        self.add_button.setEnabled(writable)
        self.rename_button.setEnabled(writable and chosen)
        self.remove_button.setEnabled(writable and chosen)

    def show_problem(self, text: str) -> None:
        self.status.setText(text)

    # -- the panel of the chosen figure

    def _show_panel(self, position: int | None) -> None:
        for binding in self.bindings:
            binding.flush()
        self.bindings = []
        if self.form is not None:
            self.form.hide()
            self.form.deleteLater()
        self.shown = position
        form = self.form = QWidget(self.panel)
        self.panel_column.addWidget(form)
        if position is None:
            column = QVBoxLayout(form)
            hint = QLabel("在左侧选择一项基础数据，可修改其名称、数值和分组，并查看使用它的指标。", form)
            hint.setWordWrap(True)
            column.addWidget(hint)
            column.addStretch(1)
            return
        row = self.model.row_of(position)
        figure = row.figure
        layout = QFormLayout(form)
        base = row.pointer
        label = QLineEdit(form)
        self.bindings.append(bind(self.ops, label, f"{base}/label", "text", "重命名基础数据"))
        layout.addRow("名称", label)
        value = FigureEdit(form, chars=16)
        value.setAccessibleName(figure.label)
        self.bindings.append(bind(self.ops, value, f"{base}/value", FIELD_KIND[figure.kind], f"修改{figure.label}"))
        value_row = QHBoxLayout()
        value_row.addWidget(value)
        value_row.addWidget(QLabel(UNIT_TEXT[figure.kind], form))
        value_row.addStretch(1)
        layout.addRow("数值", value_row)
        group = QLineEdit(form)
        group.setPlaceholderText(UNGROUPED)
        self.bindings.append(bind(self.ops, group, f"{base}/group", "text", "修改基础数据分组"))
        layout.addRow("分组", group)
        key = QLabel(figure.key, form)
        key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key.setToolTip("计算公式中用这个名称引用本数据")
        layout.addRow("代码", key)
        layout.addRow("类型", QLabel(KIND_TEXT[figure.kind], form))
        self.carry_label = QLabel(carry_text(row.package, figure) or "—", form)
        self.carry_label.setWordWrap(True)
        layout.addRow("结转", self.carry_label)
        self.readers = QListWidget(form)
        self.readers.setAccessibleName("使用该数据的指标")
        self.readers.itemClicked.connect(self._go_to_reader)
        self.readers.itemActivated.connect(self._go_to_reader)
        self._fill_readers(row)
        layout.addRow(QLabel("使用该数据的指标（单击转到）：", form))
        layout.addRow(self.readers)
        for widget in (label, value, group):
            widget.setReadOnly(self.ops.read_only)

    def _fill_readers(self, row: FigureRow) -> None:
        self.readers.clear()
        for reader in row.readers:
            item = QListWidgetItem(reader.text, self.readers)
            item.setData(POINTER_ROLE, reader.pointer)
            item.setToolTip("单击转到该指标")
        if not row.readers:
            item = QListWidgetItem("（没有指标的计算公式使用它）", self.readers)
            item.setFlags(Qt.ItemFlag.NoItemFlags)

    def _go_to_reader(self, item: QListWidgetItem) -> None:
        pointer = item.data(POINTER_ROLE)
        if pointer:
            self.navigate.emit(str(pointer))

    def reader_items(self) -> list[QListWidgetItem]:
        """The panel's list of readers (for tests and keyboard users)."""
        return [self.readers.item(i) for i in range(self.readers.count())] if self.shown is not None else []

    def _on_figures(self, change: Change) -> None:
        if change.structural:
            # Positions moved: the panel's fields may address another figure now.
            self._show_panel(self.selected())
        self._update_buttons()

    def refresh_panel(self) -> None:
        """Show the chosen figure's readers and carry again (after a formula changed)."""
        if self.shown is not None and self.form is not None:
            row = self.model.row_of(self.shown)
            self.carry_label.setText(carry_text(row.package, row.figure) or "—")
            self._fill_readers(row)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Formulas may have changed on 表3 meanwhile.
        self.refresh_panel()
        super().showEvent(event)

    # -- commands

    def add_figure(self) -> bool:
        """Ask for a new figure and insert it at the end of its group; True when added."""
        position = self.selected()
        figures = self.ops.package.figures
        group = figures[position].group if position is not None else ""
        dialog = AddFigureDialog(self, [name for name, _ in self.model.groups if name != UNGROUPED], group)
        dialog.accept_with = self._insert
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _insert(self, doc: dict[str, Any]) -> str:
        """Insert ``doc`` after the last figure of its group; "" or the refusal."""
        figures = self.ops.package.figures
        members = [i for i, f in enumerate(figures) if f.group.strip() == doc["group"].strip()]
        at = members[-1] + 1 if members else len(figures)
        try:
            self.ops.insert("/figures", at, doc, f"添加基础数据{doc['label']}")
        except UserError as exc:
            return refusal_text(exc)
        self.select(at)
        self.show_problem("")
        return ""

    def rename_selected(self) -> None:
        position = self.selected()
        if position is None:
            return
        index = self.model.index_of(position, COL_LABEL)
        self.tree.setCurrentIndex(index)
        self.tree.edit(index)

    def remove_selected(self) -> bool:
        """Remove the chosen figure; a refusal (a formula reads it) shows below the list."""
        position = self.selected()
        if position is None:
            return False
        figure = self.ops.package.figures[position]
        try:
            change = self.ops.remove(f"/figures/{position}", f"删除基础数据{figure.label}")
        except UserError as exc:
            self.show_problem(refusal_text(exc))
            return False
        self.show_problem("")
        if change is not None and self.ops.package.figures:
            self.select(min(position, len(self.ops.package.figures) - 1))
        return change is not None

    # -- navigation

    def focus_pointer(self, pointer: str) -> bool:
        """Select the figure of ``pointer`` (/figures/N/...) and focus the field it names."""
        tokens = ptr.split(pointer)
        if tokens == ["figures"]:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        figures = self.ops.package.figures
        if len(tokens) < 2 or tokens[0] != "figures" or not tokens[1].isdigit() or int(tokens[1]) >= len(figures):
            return False
        position = int(tokens[1])
        rest = tokens[2] if len(tokens) > 2 else ""
        self.select(position, COL_VALUE if rest == "value" else COL_LABEL)
        wanted = {"label": 0, "value": 1, "group": 2}.get(rest)
        if wanted is not None and wanted < len(self.bindings):
            widget = self.bindings[wanted].widget
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class AddFigureDialog(QDialog):
    """名称, 代码 (what formulas name it by), 类型 and 分组 of a new figure."""

    def __init__(self, parent: QWidget, groups: list[str], group: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加基础数据")
        self.accept_with: Any = None
        form = QFormLayout(self)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("如：上年度“三公经费”预算数")
        self.key = QLineEdit(self)
        self.key.setPlaceholderText("公式中使用的名称，留空则按名称生成")
        self.kind = QComboBox(self)
        for kind in FIGURE_KINDS:
            self.kind.addItem(KIND_TEXT[kind], kind)
        self.group = QComboBox(self)
        self.group.setEditable(True)
        self.group.addItems(groups)
        self.group.setCurrentText(group)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        form.addRow("名称", self.label)
        form.addRow("代码", self.key)
        form.addRow("类型", self.kind)
        form.addRow("分组", self.group)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("添加")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def document(self) -> dict[str, Any]:
        label = self.label.text().strip()
        key = self.key.text().strip() or _NOT_IN_KEY.sub("", label)
        return {"key": key, "label": label, "kind": self.kind.currentData(), "value": None, "group": self.group.currentText().strip()}

    def accept(self) -> None:
        doc = self.document()
        if not doc["label"]:
            self.problem.setText("请填写名称")
            return
        problem = self.accept_with(doc) if self.accept_with is not None else ""
        if problem:
            self.problem.setText(problem)
            return
        super().accept()
