"""基础数据 as a Qt item model: the package's figures under their group headings.

Two levels: a row per group (in the order the groups first appear; figures without a group
under 未分组), the figures of that group below it. The columns are ``COLUMNS``, a list of
``FigureColumn``: what a column shows, and how a typed text is written when it is editable.
Add a column by appending one; nothing else here names a column by position except ``COL_LABEL``
and ``COL_VALUE``. A package carried forward (``previous``) also shows ``YEAR_COLUMNS`` after
数值 — 上年数 and 同比 (``columns_for``; the model's own list is ``model.columns``) — and its
values carried from last year (上年结转) on a blue ground, their tip saying where they came from.

The model shows; it never computes. Values are written through ``desktop.binding.write_text``
(the forms' parser: money typed in 万元, full-width digits, a trailing 元/万元), one undo step
each; a refusal is announced on ``edit_refused`` for the tab's status line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.binding import Show, display_text, write_text
from desktop.ops import Ops
from perfcore import pointer as ptr
from perfcore.figure_use import Reader, readers_by_name
from perfcore.labels import OVERALL_LABELS
from perfcore.model import Figure, Package
from perfcore.store import Change
from perfcore.year_on_year import carried_note, year_on_year

UNGROUPED = "未分组"
KIND_TEXT = {"money": "金额（万元）", "count": "个数", "number": "数值", "percent": "百分比（%）"}
FIELD_KIND = {"money": "money_wan", "count": "count", "number": "number", "percent": "number"}
"""How a figure of each kind is typed and shown (binding kinds): money in 万元 as on 表1."""

POINTER_ROLE = Qt.ItemDataRole.UserRole + 1
"""A figure row's pointer (/figures/N); None on a group row."""

GROUP_BACKGROUND = QColor("#eef3f9")
MUTED = QColor("#6b6b6b")
UNKNOWN_BACKGROUND = QColor("#fff3bf")


@dataclass(frozen=True)
class FigureRow:
    """What a column needs to show one figure."""

    package: Package
    index: int
    figure: Figure
    readers: list[Reader]

    @property
    def pointer(self) -> str:
        return f"/figures/{self.index}"


@dataclass(frozen=True)
class FigureColumn:
    title: str
    text: Callable[[FigureRow], str]
    """The cell's text."""
    width: int
    """Its starting width in pixels (the last column stretches)."""
    write: Callable[[Ops, FigureRow, str, Show], bool] | None = None
    """Write a typed text; None: not editable."""
    edit_text: Callable[[FigureRow], str] | None = None
    """The text an editor starts with (default: the cell's text)."""
    numeric: bool = False
    """Right-aligned."""
    tooltip: Callable[[FigureRow], str] | None = None


def value_text(row: FigureRow) -> str:
    return display_text(FIELD_KIND[row.figure.kind], row.figure.value)


def _value_edit_text(row: FigureRow) -> str:
    # Every digit stored, so that editing a money value does not round it to 0.01 万元.
    return display_text(FIELD_KIND[row.figure.kind], row.figure.value, focused=True)


def _write_value(ops: Ops, row: FigureRow, text: str, show: Show) -> bool:
    kind = FIELD_KIND[row.figure.kind]
    return write_text(ops, f"{row.pointer}/value", kind, text, f"修改{row.figure.label}", show).accepted


def _write_label(ops: Ops, row: FigureRow, text: str, show: Show) -> bool:
    return write_text(ops, f"{row.pointer}/label", "text", text.strip(), "重命名基础数据", show).accepted


def carry_text(package: Package, figure: Figure) -> str:
    """Where the value goes next year, and where it comes from (a carry target is marked)."""
    labels = {f.key: f.label for f in package.figures}
    parts = []
    sources = [labels[f.key] for f in package.figures if f.carry == figure.key]
    sources += [OVERALL_LABELS.get(name, name) for name, target in package.overall_carry.items() if target == figure.key]
    if sources:
        parts.append("由" + "、".join(f"“{s}”" for s in sources) + "结转")
    if figure.carry is not None:
        target = labels.get(figure.carry) or OVERALL_LABELS.get(figure.carry, figure.carry)
        parts.append(f"下年转入“{target}”")
    return "；".join(parts)


def readers_text(row: FigureRow) -> str:
    if not row.readers:
        return "（未被公式使用）"
    return "、".join(reader.text for reader in row.readers)


COLUMNS: list[FigureColumn] = [
    FigureColumn("名称", lambda row: row.figure.label, 260, write=_write_label),
    FigureColumn("数值", value_text, 120, write=_write_value, edit_text=_value_edit_text, numeric=True),
    FigureColumn("类型", lambda row: KIND_TEXT[row.figure.kind], 90),
    FigureColumn("结转", lambda row: carry_text(row.package, row.figure), 170),
    FigureColumn("使用该数据的指标", readers_text, 300, tooltip=lambda row: f"{readers_text(row)}\n（单击右侧列表中的指标可转到该指标）"),
]
COL_LABEL, COL_VALUE = 0, 1


def _last_year(row: FigureRow) -> str:
    shown = year_on_year(row.package, row.figure.key)
    return "" if shown is None else shown.last


def _change(row: FigureRow) -> str:
    shown = year_on_year(row.package, row.figure.key)
    return "" if shown is None else shown.change


def _year_tip(row: FigureRow) -> str:
    shown = year_on_year(row.package, row.figure.key)
    return "" if shown is None else shown.tip


YEAR_COLUMNS: list[FigureColumn] = [
    FigureColumn("上年数", _last_year, 100, numeric=True, tooltip=_year_tip),
    FigureColumn("同比", _change, 80, numeric=True, tooltip=_year_tip),
]
"""Shown after 数值 in a package carried forward (``previous``): last year's value and the change."""
CARRIED_BACKGROUND = QColor("#e3f2fd")
"""A value carried from last year (上年结转), editable like any other."""


def columns_for(package: Package) -> list[FigureColumn]:
    """The columns of a package's 基础数据: with 上年数 and 同比 when it was carried forward."""
    if package.previous is None:
        return list(COLUMNS)
    return [*COLUMNS[: COL_VALUE + 1], *YEAR_COLUMNS, *COLUMNS[COL_VALUE + 1 :]]


class FiguresModel(QAbstractItemModel):
    """The figures of ``ops.package`` by group; edits go through ``ops``."""

    edit_refused = Signal(str)
    """Why a typed value was refused (Chinese; "" once one is taken)."""
    readers_changed = Signal()
    """Who reads which figure, or a carry's wording, may have changed."""

    def __init__(self, ops: Ops, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.groups: list[tuple[str, list[int]]] = []
        """Each group's name and the positions (in ``package.figures``) of its figures."""
        self._readers: dict[str, list[Reader]] | None = None
        self.columns = columns_for(ops.package)
        self._layout()
        ops.listen("/figures", self._on_figures, self)
        # Formulas name figures: a formula edited anywhere may change who reads what.
        for prefix in ("/indicators/tree", "/projects", "/overall_carry"):
            ops.listen(prefix, self._on_readers, self)

    # -- shape

    def _layout(self) -> None:
        groups: dict[str, list[int]] = {}
        for i, figure in enumerate(self.ops.package.figures):
            groups.setdefault(figure.group.strip() or UNGROUPED, []).append(i)
        self.groups = list(groups.items())
        self._readers = None

    def reset(self) -> None:
        self.beginResetModel()
        self.columns = columns_for(self.ops.package)
        self._layout()
        self.endResetModel()

    def row_of(self, i: int) -> FigureRow:
        package = self.ops.package
        if self._readers is None:
            self._readers = readers_by_name(package)
        figure = package.figures[i]
        return FigureRow(package, i, figure, self._readers.get(figure.key, []))

    def figure_position(self, index: QModelIndex | QPersistentModelIndex) -> int | None:
        """The figure's position in ``package.figures`` (None for a group row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.groups[index.internalId() - 1][1][index.row()]

    def index_of(self, position: int, column: int = COL_LABEL) -> QModelIndex:
        """The cell of the figure at ``position`` in ``package.figures``."""
        for g, (_name, members) in enumerate(self.groups):
            if position in members:
                return self.createIndex(members.index(position), column, g + 1)
        return QModelIndex()

    # -- Qt's model interface

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(self.columns) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0 or row >= len(self.groups[parent.row()][1]):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.figure_position(index) is not None and self.columns[index.column()].write is not None and not self.ops.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        position = self.figure_position(index)
        if position is None:
            return self._group_data(index, role)
        column = self.columns[index.column()]
        row = self.row_of(position)
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return (column.edit_text or column.text)(row)
        if role == POINTER_ROLE:
            return row.pointer
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == COL_LABEL:
                return f"公式中的名称：{row.figure.key}"
            if index.column() == COL_VALUE and carried_note(row.package, row.figure.key):
                return f"上年结转：{carried_note(row.package, row.figure.key)}"
            # The whole text: a narrow column cuts long carries and reader lists short.
            return column.tooltip(row) if column.tooltip is not None else column.text(row) or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() not in (COL_LABEL, COL_VALUE):
            return QBrush(MUTED)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == COL_VALUE and row.figure.value is None:
            return QBrush(UNKNOWN_BACKGROUND)
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == COL_VALUE and carried_note(row.package, row.figure.key):
            return QBrush(CARRIED_BACKGROUND)
        return None

    def _group_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        name, members = self.groups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            return f"{name}（{len(members)} 项）"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        position = self.figure_position(index)
        write = self.columns[index.column()].write if index.isValid() else None
        if position is None or write is None or role != Qt.ItemDataRole.EditRole:
            return False
        return write(self.ops, self.row_of(position), str(value if value is not None else ""), self.edit_refused.emit)

    # -- following the core's changes

    def _on_figures(self, change: Change) -> None:
        tokens = ptr.split(change.pointer)
        if change.structural or len(tokens) < 3 or tokens[2] in ("group", "key", "carry"):
            # A figure came, went or moved, or changed group: the grouping is rebuilt; a key
            # or carry changes what other rows show.
            self.reset()
            return
        if not tokens[1].isdigit():
            return
        position = int(tokens[1])
        first, last = self.index_of(position, 0), self.index_of(position, len(self.columns) - 1)
        if first.isValid():
            self.dataChanged.emit(first, last)
        if tokens[2] == "label":
            self._readers_changed()  # another figure's 结转 names this one

    def _on_readers(self, change: Change) -> None:
        tokens = ptr.split(change.pointer)
        if change.structural or "metric" in tokens or "name" in tokens or tokens[:1] == ["overall_carry"]:
            self._readers = None
            self._readers_changed()

    def _readers_changed(self) -> None:
        self.readers_changed.emit()
        for g, (_name, members) in enumerate(self.groups):
            if members:
                self.dataChanged.emit(
                    self.createIndex(0, 0, g + 1), self.createIndex(len(members) - 1, len(self.columns) - 1, g + 1)
                )

