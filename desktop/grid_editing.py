"""Editable grids as in a spreadsheet: the 项目支出 money block and indicator table.

A grid's model says, per cell, how it is edited (``CellEdit``: the pointer, the binding kind and
the undo label, or a list of choices); this module does the rest the same way for every grid:

* the cell editor is a line edit with a ``desktop.binding`` on it, so a value typed into a cell is
  parsed, written (after the same short pause as every field, and at once on Enter, Tab or
  leaving), refused inline and undone exactly like a form field — scores follow per keystroke;
* a choice cell (≥ ≤ = 定性, 达成 / 部分达成 / 未达成) is a drop-down that writes when chosen;
* Enter moves down a column, Tab across, typing starts editing;
* Ctrl+V pastes a block of tab-separated cells (Excel, WPS) from the current cell, one undo step;
  Delete clears the selected cells, one undo step.

Models implement ``cell_edit(index)`` and may implement ``paste_rows(top, count)`` to make room
for pasted rows (the indicator grid fills an empty 二级 and adds rows under the last row's 二级).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from desktop.binding import Binding, bind, write, write_text
from desktop.ops import Ops
from desktop.wheel_guard import _scroll_around as scroll_around
from desktop.widgets.fields import commit_on_pause, flush_typing

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CellEdit:
    """How one cell is edited: a value of ``kind`` (see ``desktop.binding``) at ``pointer``,
    or, with ``choices``, one of the listed (text shown, value written) pairs."""

    pointer: str
    kind: str
    label: str
    choices: tuple[tuple[str, Any], ...] = ()
    write: Callable[[Any], Any] | None = None
    """For a value that is more than one field (指标性质 switches the whole rule; a 年度指标值
    printed as typed is replaced with its figure): called with the chosen value, or the typed
    text, instead of writing at ``pointer``; returns whether it was taken."""

    def choice_value(self, text: str) -> tuple[bool, Any]:
        """The value a typed or pasted text names among the choices (also by a few aliases)."""
        wanted = _CHOICE_ALIASES.get(text.strip(), text.strip())
        for shown, value in self.choices:
            if shown == wanted:
                return True, value
        return False, None


_CHOICE_ALIASES = {">=": "≥", "≧": "≥", "<=": "≤", "≦": "≤", "＝": "=", "==": "=", "": "（未评定）"}


class EditableGrid(Protocol):
    def cell_edit(self, index: Index) -> CellEdit | None: ...


class CellDelegate(QStyledItemDelegate):
    """Editors bound to the package: see the module's text."""

    refused = Signal(str)
    """Why a typed or chosen value was not taken ("" once one is)."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:  # noqa: N802
        spec = _cell_edit(index)
        if spec is None:
            return QWidget(parent)  # not reached: the model does not flag such a cell editable
        if spec.choices:
            combo = QComboBox(parent)
            combo.setAccessibleName(spec.label)
            for text, value in spec.choices:
                combo.addItem(text, value)
            current = self.ops.get(spec.pointer) if spec.write is None else index.data(Qt.ItemDataRole.EditRole)
            found = next((i for i, (text, value) in enumerate(spec.choices) if current in (value, text)), -1)
            combo.setCurrentIndex(found)
            combo.activated.connect(lambda i, c=combo, s=spec: self._choose(s, c.itemData(i)))
            return combo
        editor = QLineEdit(parent)
        editor.setAccessibleName(spec.label)
        editor.setFrame(False)
        if spec.write is not None:
            # Written whole after each pause in typing and when the cell is left (Enter, Tab),
            # like a bound cell: never only when left, or closing the window lost it.
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.setProperty("cell_write", True)
            # (An editor already closed by Enter or Tab wrote its text then.)
            commit_on_pause(editor, lambda: self.commitData.emit(editor) if editor.isVisible() else None)
            return editor
        binding = bind(self.ops, editor, spec.pointer, spec.kind, spec.label)
        binding.setObjectName("cell_binding")
        return editor

    def _choose(self, spec: CellEdit, value: Any) -> None:
        if spec.write is not None:
            spec.write(value)
            return
        write(self.ops, spec.pointer, value, spec.label, self.refused.emit)

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802 - Qt override
        # The binding filled the editor and follows the file; the view calls this again whenever
        # the cell's data changes (a write of this very editor), which must not retype the text.
        pass

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:  # noqa: N802
        binding = editor.findChild(Binding, "cell_binding")
        if binding is not None:
            binding.flush()
            self.refused.emit(binding.problem)
        elif isinstance(editor, QLineEdit) and editor.property("cell_write"):
            spec = _cell_edit(index)
            if spec is None or not editor.isModified():
                return
            if spec.write is not None:
                spec.write(editor.text())
            else:  # the first pause replaced the wording: the cell is now a plain figure
                write_text(self.ops, spec.pointer, spec.kind, editor.text(), spec.label, self.refused.emit)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        editor.setGeometry(option.rect)


def _cell_edit(index: Index) -> CellEdit | None:
    model = index.model()
    cell_edit = getattr(model, "cell_edit", None)
    return cell_edit(index) if cell_edit is not None else None


class GridView(QTableView):
    """A table that edits like a spreadsheet; see the module's text."""

    refused = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.delegate = CellDelegate(ops, self)
        self.delegate.refused.connect(self.refused)
        self.setItemDelegate(self.delegate)
        ops.flush_requested.connect(self._flush_typing)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.setTabKeyNavigation(True)
        self.setWordWrap(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def _flush_typing(self) -> None:
        """What waits for its typing pause in an open cell editor is written now (close, undo)."""
        flush_typing(self.viewport())

    def fit_columns(self, fit: dict[int, tuple[int, int]]) -> None:
        """Keep the columns within the view's width: each ``column: (least width, share)`` gets its
        least width and a share of what is left; a view narrower than all the least widths
        shrinks them alike (texts elide) rather than scroll sideways."""
        self._fit = fit
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._apply_fit()

    def _apply_fit(self) -> None:
        fit = getattr(self, "_fit", None)
        if not fit:
            return
        width = self.viewport().width()
        least = sum(w for w, _ in fit.values())
        shares = sum(s for _, s in fit.values()) or 1
        spare = width - least
        widths = {
            column: (w + spare * s // shares) if spare >= 0 else max(8, w * width // least)
            for column, (w, s) in fit.items()
        }
        # What integer division left over goes to the column with the largest share.
        widest = max(fit, key=lambda column: fit[column][1])
        widths[widest] += width - sum(widths.values())
        header = self.horizontalHeader()
        for column, size in widths.items():
            header.resizeSection(column, max(8, size))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._apply_fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste(QGuiApplication.clipboard().text())
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self.copy()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.move_down()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                self.clear_selection()
                return
            if self._leaves_by_tab(event.key()):
                return
        super().keyPressEvent(event)

    def _at_edge(self, forward: bool) -> bool:
        current, model = self.currentIndex(), self.model()
        if not current.isValid():
            return True
        if forward:
            return current.row() == model.rowCount() - 1 and current.column() == model.columnCount() - 1
        return current.row() == 0 and current.column() == 0

    def _leaves_by_tab(self, key: int) -> bool:
        """Tab on the last cell (Shift+Tab on the first) goes on to the next field of the form,
        as everywhere else, instead of wrapping round the grid."""
        forward = key == Qt.Key.Key_Tab
        if key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) or not self._at_edge(forward):
            return False
        # QWidget's own step: the item view's would move the cell and wrap round.
        QWidget.focusNextPrevChild(self, forward)
        return True

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        # A grid shown whole inside a scrolling form has nothing to scroll: the form scrolls, as
        # it does over any other field (sent on explicitly, see desktop.wheel_guard).
        if self.verticalScrollBar().maximum() == 0:
            scroll_around(self, event)
            return
        super().wheelEvent(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        hints = QAbstractItemDelegate.EndEditHint
        down = hint == hints.SubmitModelCache
        leave = (hint == hints.EditNextItem and self._at_edge(True)) or (
            hint == hints.EditPreviousItem and self._at_edge(False)
        )
        super().closeEditor(editor, hints.NoHint if leave else hint)
        if down:
            self.move_down()
        elif leave:
            self._leaves_by_tab(Qt.Key.Key_Tab if hint == hints.EditNextItem else Qt.Key.Key_Backtab)

    def move_down(self) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        row = current.row() + max(1, self.rowSpan(current.row(), current.column()))
        below = self.model().index(row, current.column())
        if below.isValid():
            self.setCurrentIndex(below)

    # -- clipboard

    def copy(self) -> None:
        """The selected block as tab-separated text (what Excel and WPS paste)."""
        indexes = self.selectedIndexes()
        if not indexes:
            return
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes})
        model = self.model()
        lines = []
        for row in range(rows[0], rows[-1] + 1):
            cells = []
            for column in range(columns[0], columns[-1] + 1):
                value = model.index(row, column).data(Qt.ItemDataRole.EditRole)
                cells.append("" if value is None else str(value).replace("\t", " ").replace("\n", " "))
            lines.append("\t".join(cells))
        QGuiApplication.clipboard().setText("\n".join(lines))

    def paste(self, text: str) -> int:
        """Fill the grid from the current cell with tab-separated text, as one undo step.
        Returns the number of cells written; what a cell refused goes to ``refused``."""
        block = parse_block(text)
        current = self.currentIndex()
        if not block or not current.isValid() or self.ops.read_only:
            return 0
        self.ops.flush()
        model = self.model()
        top, left = current.row(), current.column()
        problems: list[str] = []
        written = 0
        with self.ops.macro("粘贴"):
            make_room = getattr(model, "paste_rows", None)
            if make_room is not None:
                make_room(top, len(block))
            for r, cells in enumerate(block):
                for c, text_value in enumerate(cells):
                    index = model.index(top + r, left + c)
                    if not index.isValid():
                        continue
                    if write_cell(self.ops, index, text_value, problems.append):
                        written += 1
        # Rows the paste added or filled may have moved the current cell: the block stays selected.
        rows = min(len(block), model.rowCount() - top)
        columns = min(max(len(cells) for cells in block), model.columnCount() - left)
        if rows > 0 and columns > 0:
            self.setCurrentIndex(model.index(top, left))
            selection = QItemSelection(model.index(top, left), model.index(top + rows - 1, left + columns - 1))
            self.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.refused.emit(problems[0] if problems else "")
        return written

    def clear_selection(self) -> None:
        """Delete: blank the selected cells (a score goes back to the computed one), one undo step."""
        indexes = [i for i in self.selectedIndexes() if i.flags() & Qt.ItemFlag.ItemIsEditable]
        if not indexes or self.ops.read_only:
            return
        self.ops.flush()
        problems: list[str] = []
        with self.ops.macro("清除"):
            for index in indexes:
                write_cell(self.ops, index, "", problems.append)
        self.refused.emit(problems[0] if problems else "")


def write_cell(ops: Ops, index: Index, text: str, show: Callable[[str], None]) -> bool:
    """Write text into one cell as typing it would (a choice by its text). True when taken."""
    if not index.flags() & Qt.ItemFlag.ItemIsEditable:
        return False
    spec = _cell_edit(index)
    if spec is None:
        return False
    if spec.choices:
        found, value = spec.choice_value(text)
        if not found:
            options = "、".join(shown for shown, _ in spec.choices)
            show(f"“{text.strip()}”不是可选的值（{options}）")
            return False
        if spec.write is not None:
            spec.write(value)
            return True
        return write(ops, spec.pointer, value, spec.label, show).accepted
    if spec.write is not None:
        return bool(spec.write(text))
    if spec.kind == "text":
        return write(ops, spec.pointer, text, spec.label, show).accepted
    return write_text(ops, spec.pointer, spec.kind, text, spec.label, show).accepted


def parse_block(text: str) -> list[list[str]]:
    """Rows of cells from clipboard text: tab-separated, one row a line; a cell Excel quoted
    because it holds a line break or a tab is read whole."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_cell_start = True
    while i < n:
        ch = text[i]
        if at_cell_start and ch == '"':
            # A quoted cell: up to the closing quote, "" is a quote.
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        cell.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                cell.append(text[i])
                i += 1
            at_cell_start = False
            continue
        if ch == "\t":
            row.append("".join(cell))
            cell, at_cell_start = [], True
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_cell_start = [], [], True
        else:
            cell.append(ch)
            at_cell_start = False
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows
