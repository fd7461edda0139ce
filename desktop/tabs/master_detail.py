"""A list of the package's entries on the left, the chosen entry's form on the right: what 表2
(专项资金, ``desktop.tabs.funds``) and 项目支出 (``desktop.tabs.projects``) share.

The list shows ``N. name``. The buttons under it add, remove and reorder entries (and copy and
rename them, where the tab offers that), each one undo step named after the entry (删除项目);
they are off in a read-only file and where they have no row to act on. The form on the right
is built for the chosen entry and retired when another is chosen. An undo that adds, removes or
moves entries keeps the user on a sensible row; a new name, typed in the form or in the list,
retitles its row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desktop.tabs.form_page import FormPage
from perfcore import pointer as ptr
from perfcore.store import Change

BUTTON_TEXT = {"add": "添加", "copy": "复制", "remove": "删除", "rename": "重命名", "up": "上移", "down": "下移"}
"""The list's buttons by name (``buttons["copy"]``)."""
_NEED_A_ROW = ("copy", "remove", "rename")
"""Buttons that act on the chosen entry."""
COPY_SUFFIX = "（副本）"


@dataclass(frozen=True)
class Listing:
    """What a master-detail tab lists and how it names it."""

    pointer: str
    """The package's list (``/special_funds``)."""
    heading: str
    """Above the list (专项资金)."""
    noun: str
    """The entry in undo labels: 添加/复制/删除/移动/重命名 + noun."""
    empty: str
    """Shown on the right while there is no entry."""
    buttons: Sequence[str]
    """Which of :data:`BUTTON_TEXT`, in order (two to a row); add, remove, up and down always."""
    list_width: int
    """The list's starting width (px); the form takes the rest."""
    form_width: int

    @property
    def key(self) -> str:
        return ptr.split(self.pointer)[0]


FormT = TypeVar("FormT", bound=FormPage)


class MasterDetailTab(QWidget, Generic[FormT]):
    """The list, its buttons and the stack that shows the chosen entry's form.

    A tab says what it lists (:class:`Listing`) and builds the pieces only it knows:
    :meth:`make_form`, :meth:`new_entry` and :meth:`name_field`; :meth:`shown` runs after the
    form changed and :meth:`refused` shows why a name typed in the list was refused.
    """

    def __init__(self, ops: Ops, listing: Listing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.listing = listing
        self.form: FormT | None = None
        renamable = "rename" in listing.buttons
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 0, 8)
        column.addWidget(QLabel(listing.heading, left))
        self.list = QListWidget(left)
        self.list.setAccessibleName(f"{listing.heading}列表")
        if renamable:
            self.list.setEditTriggers(
                QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            )
            self.list.itemChanged.connect(self._renamed)
        self.list.currentRowChanged.connect(self._show)
        column.addWidget(self.list, 1)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, name in enumerate(listing.buttons):
            button = QPushButton(BUTTON_TEXT[name], left)
            self.buttons[name] = button
            grid.addWidget(button, i // 2, i % 2)
        column.addLayout(grid)
        # Every tab has these four; a tab names its others itself.
        self.add_button, self.remove_button = self.buttons["add"], self.buttons["remove"]
        self.up_button, self.down_button = self.buttons["up"], self.buttons["down"]
        actions = {
            "add": self.add_entry,
            "copy": self.copy_entry,
            "remove": self.remove_entry,
            "rename": self.start_rename,
            "up": lambda: self.move_entry(-1),
            "down": lambda: self.move_entry(+1),
        }
        for name, button in self.buttons.items():
            button.clicked.connect(actions[name])
        self.stack = QStackedWidget(splitter)
        self.empty = QLabel(listing.empty, self.stack)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([listing.list_width, listing.form_width])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        ops.listen(listing.pointer, self._on_change, self)
        self.refresh_list(0)

    # -- what a tab says

    def make_form(self, index: int) -> FormT:
        """The form of entry ``index``, a child of ``self.stack``."""
        raise NotImplementedError

    def new_entry(self) -> dict[str, Any]:
        """The exchange document of an entry 添加 appends."""
        raise NotImplementedError

    def name_field(self, form: FormT) -> QLineEdit:
        """The field of the entry's name, chosen after 添加 to be typed over."""
        raise NotImplementedError

    def shown(self) -> None:
        """After the form on the right changed (another entry, or none)."""

    def refused(self, message: str) -> None:
        """Why a name typed in the list was refused (``""`` once one is taken)."""

    # -- list

    def _entries(self) -> list[Any]:
        entries: list[Any] = getattr(self.ops.package, self.listing.key)
        return entries

    def refresh_list(self, select: int) -> None:
        entries = self._entries()
        editable = "rename" in self.listing.buttons and not self.ops.read_only
        self.list.blockSignals(True)
        self.list.clear()
        for i, entry in enumerate(entries):
            item = QListWidgetItem(_title(i, entry.name))
            if editable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        select = min(max(select, 0), len(entries) - 1)
        if select >= 0:
            self.list.setCurrentRow(select)
        self.list.blockSignals(False)
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
            self.form = self.make_form(index)
            self.stack.addWidget(self.form)
            self.stack.setCurrentWidget(self.form)
        self._update_buttons()
        self.shown()

    def _update_buttons(self) -> None:
        row, count = self.list.currentRow(), self.list.count()
        editable = not self.ops.read_only
        enabled = {
            "add": editable,
            "up": editable and row > 0,
            "down": editable and 0 <= row < count - 1,
            **{name: editable and row >= 0 for name in _NEED_A_ROW},
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])

    def _on_change(self, change: Change) -> None:
        if change.structural:
            if self.listing.pointer in change.lists:
                # Undo of a removal or a move: keep the user on a sensible row.
                self.refresh_list(self.list.currentRow())
            return
        tokens = ptr.split(change.pointer)
        if len(tokens) == 3 and tokens[0] == self.listing.key and tokens[2] == "name":
            index = int(tokens[1])
            item = self.list.item(index)
            if item is not None:
                self.list.blockSignals(True)
                item.setText(_title(index, str(change.new)))
                self.list.blockSignals(False)

    def _renamed(self, item: QListWidgetItem) -> None:
        """A name typed in the list (the number in front is not part of it)."""
        from desktop.binding import write

        index = self.list.row(item)
        text = item.text().strip()
        prefix = f"{index + 1}. "
        name = text[len(prefix) :] if text.startswith(prefix) else text
        write(self.ops, f"{self.listing.pointer}/{index}/name", name.strip(), f"重命名{self.listing.noun}", self.refused)
        self.list.blockSignals(True)
        item.setText(_title(index, self._entries()[index].name))
        self.list.blockSignals(False)

    # -- editing

    def add_entry(self) -> None:
        self.ops.flush()
        index = len(self._entries())
        if self.ops.insert(self.listing.pointer, index, self.new_entry(), f"添加{self.listing.noun}") is not None:
            self.refresh_list(index)
            if self.form is not None:
                field = self.name_field(self.form)
                self.form.reveal(field)
                field.selectAll()

    def copy_entry(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.ops.flush()
        doc = self.ops.get(f"{self.listing.pointer}/{row}")
        doc["name"] = f"{doc['name']}{COPY_SUFFIX}"
        if self.ops.insert(self.listing.pointer, row + 1, doc, f"复制{self.listing.noun}") is not None:
            self.refresh_list(row + 1)

    def remove_entry(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.ops.flush()
        if self.ops.remove(f"{self.listing.pointer}/{row}", f"删除{self.listing.noun}") is not None:
            self.refresh_list(min(row, len(self._entries()) - 1))

    def start_rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def move_entry(self, step: int) -> None:
        row = self.list.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.list.count():
            return
        self.ops.flush()
        if self.ops.move(f"{self.listing.pointer}/{row}", self.listing.pointer, to, f"移动{self.listing.noun}") is not None:
            self.refresh_list(to)

    # -- navigation

    def focus_pointer(self, pointer: str) -> bool:
        """Choose the entry of a pointer under the list, and its field (or the list itself)."""
        if pointer == self.listing.pointer:
            self.list.setFocus()
            return True
        tokens = ptr.split(pointer) if pointer.startswith("/") else []
        if len(tokens) < 2 or tokens[0] != self.listing.key or not (tokens[1].isascii() and tokens[1].isdigit()):
            return False
        index = int(tokens[1])
        if index >= self.list.count():
            return False
        if self.list.currentRow() != index:
            self.list.setCurrentRow(index)
        return self.form is not None and self.form.focus_pointer(pointer)


def _title(index: int, name: str) -> str:
    return f"{index + 1}. {name or '（未命名）'}"
