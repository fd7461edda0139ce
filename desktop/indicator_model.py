"""表3 as a Qt item model: the core's indicator tree and its scores, row for row.

The model shows; it never computes. Every number comes from ``ReportFile.scores``, every
edit goes through ``ops``. Rows are keyed by the nodes' stable ``uid`` (the index's
internal id), so a score change repaints exactly the rows the core reports in its
``ScoreDelta``. The shape of the tree (who is where, by uid) is kept as an index of the
tree as last announced: a structural ``Change`` says which row was inserted, removed or
moved, and the model announces exactly that row (expansion and selection survive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.binding import write, write_text
from perfcore import pointer as ptr
from perfcore.formula_names import to_labels
from perfcore.model import (
    VALUE_RULES,
    ChecklistRule,
    ChoiceRule,
    DeductCountRule,
    Group,
    Leaf,
    ManualRule,
    Node,
    figure_index,
)
from perfcore.money import format_number, format_points, format_wan, round_half_up
from perfcore.rules import Figures, LeafResult, dependencies
from perfcore.scoring import GroupResult, ScoreDelta
from perfcore.store import Change

ROOT = 0
"""Parent id of the top-level nodes (uids start at 1)."""
_TOP = QModelIndex()

COLUMNS = ("指标", "分值", "评价标准", "指标说明", "数据/取值", "计算得分", "得分", "计算过程")
COL_NAME, COL_WEIGHT, COL_CRITERION, COL_EXPLANATION, COL_VALUE, COL_COMPUTED, COL_FINAL, COL_PROCESS = range(
    8
)
RESULT_COLUMNS = (COL_VALUE, COL_COMPUTED, COL_FINAL, COL_PROCESS)

# Where an edited field of a leaf shows; anything under inputs/metric/rule shows as 数据/取值.
FIELD_COLUMN = {
    "name": COL_NAME,
    "weight": COL_WEIGHT,
    "criterion": COL_CRITERION,
    "explanation": COL_EXPLANATION,
    "reason": COL_PROCESS,
    "metric": COL_VALUE,
    "rule": COL_VALUE,
    "score": COL_FINAL,
    "note": COL_PROCESS,
}

UID_ROLE = Qt.ItemDataRole.UserRole + 1
POINTER_ROLE = Qt.ItemDataRole.UserRole + 2
OVERRIDDEN_ROLE = Qt.ItemDataRole.UserRole + 3
"""True on a leaf whose entered score differs from the computed one."""
FINDING_ROLE = Qt.ItemDataRole.UserRole + 4
"""'error' or 'warning' on a row the checks point at."""
MARKED_SEVERITIES = ("error", "warning")

OVERRIDE_BACKGROUND = QColor("#fde3c8")
OVERRIDE_FOREGROUND = QColor("#9a4a00")
UNSCORED_BACKGROUND = QColor("#fff3bf")
MUTED_FOREGROUND = QColor("#7a7a7a")
INCOMPLETE_FOREGROUND = QColor("#b00020")
GROUP_BACKGROUND = QColor("#eef3f9")


@dataclass
class Shape:
    """The tree's shape at one moment: who is where, by uid."""

    nodes: dict[int, Node] = field(default_factory=dict)
    parent: dict[int, int] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, tree: list[Node]) -> Shape:
        shape = cls()
        shape.children[ROOT] = shape._add(tree, ROOT)
        return shape

    def _add(self, nodes: list[Node], parent: int) -> list[int]:
        uids = []
        for node in nodes:
            self.nodes[node.uid] = node
            self.parent[node.uid] = parent
            if isinstance(node, Group):
                self.children[node.uid] = self._add(node.children, node.uid)
            uids.append(node.uid)
        return uids

    def row(self, uid: int) -> int:
        return self.children[self.parent[uid]].index(uid)

    def pointer(self, uid: int) -> str:
        tokens: list[str] = []
        while uid != ROOT:
            parent = self.parent[uid]
            tokens[:0] = (
                ["children", str(self.children[parent].index(uid))]
                if parent != ROOT
                else [str(self.children[ROOT].index(uid))]
            )
            uid = parent
        return "/indicators/tree/" + "/".join(tokens)

    def resolve(self, pointer: str) -> tuple[int, list[str]]:
        """The deepest node a pointer under /indicators/tree names, and the rest of the pointer."""
        tokens = ptr.split(pointer)
        if tokens[:2] != ["indicators", "tree"] or len(tokens) < 3:
            raise KeyError(pointer)
        try:
            uid, used = ptr.walk_tree(tokens[2:], self.children[ROOT], self.children.get, pointer)
        except ptr.PointerError as exc:
            raise KeyError(pointer) from exc
        return uid, tokens[2 + used :]


class IndicatorModel(QAbstractItemModel):
    """The indicator tree of ``ops.report`` with its scores; edits go through ``ops``."""

    edit_refused = Signal(str)
    """Why a value typed into a cell was refused (Chinese, for the status line; "" once one is taken)."""

    def __init__(self, ops: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._shape = Shape.of(ops.report.package.indicators.tree)
        self._marks: dict[int, tuple[str, str]] = {}
        """uid → (worst severity, messages) of the errors and warnings the checks found there."""
        ops.listen("/indicators/tree", self.apply_change, self)
        ops.listen_scores(self.apply_scores, self)
        ops.findings_changed.connect(self.apply_findings)
        self.apply_findings(ops.findings)

    # -- reading the core

    @property
    def report(self) -> Any:
        return self._ops.report

    def _leaf_result(self, uid: int) -> LeafResult | None:
        return self.report.scores.leaves.get(uid)  # type: ignore[no-any-return]

    def _group_result(self, uid: int) -> GroupResult | None:
        return self.report.scores.groups.get(uid)  # type: ignore[no-any-return]

    # -- addressing

    def node(self, index: QModelIndex | QPersistentModelIndex) -> Node | None:
        if not index.isValid():
            return None
        return self._shape.nodes.get(index.internalId())

    def uid(self, index: QModelIndex | QPersistentModelIndex) -> int:
        return index.internalId() if index.isValid() else ROOT

    def index_of(self, uid: int, column: int = 0) -> QModelIndex:
        if uid == ROOT or uid not in self._shape.parent:
            return QModelIndex()
        return self.createIndex(self._shape.row(uid), column, uid)

    def pointer(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return self._shape.pointer(index.internalId())

    def locate(self, pointer: str) -> tuple[QModelIndex, list[str]]:
        """The row a pointer under /indicators/tree names and the rest (e.g. ``['rule', 'selected']``)."""
        try:
            uid, rest = self._shape.resolve(pointer)
        except KeyError:
            return QModelIndex(), []
        return self.index_of(uid), rest

    # -- QAbstractItemModel

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = _TOP) -> QModelIndex:
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        kids = self._shape.children.get(self.uid(parent), [])
        if 0 <= row < len(kids) and 0 <= column < len(COLUMNS):
            return self.createIndex(row, column, kids[row])
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = _TOP) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        return self.index_of(self._shape.parent.get(index.internalId(), ROOT))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._shape.children.get(self.uid(parent), []))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _TOP) -> int:
        return len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._ops.read_only:
            return flags
        node = self.node(index)
        column = index.column()
        if column in (COL_NAME, COL_WEIGHT) or (column == COL_FINAL and isinstance(node, Leaf)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        node = self.node(index)
        if node is None:
            return None
        if role == UID_ROLE:
            return node.uid
        if role == POINTER_ROLE:
            return self.pointer(index)
        if index.column() == COL_NAME and node.uid in self._marks:
            severity, messages = self._marks[node.uid]
            if role == Qt.ItemDataRole.DecorationRole:
                return _severity_icon(severity)
            if role == Qt.ItemDataRole.ToolTipRole:
                return messages
            if role == FINDING_ROLE:
                return severity
        if isinstance(node, Group):
            return self._group_data(node, index.column(), role)
        return self._leaf_data(node, index.column(), role)

    def _group_data(self, group: Group, column: int, role: int) -> Any:
        result = self._group_result(group.uid)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return group.name or "（未命名分组）"
            if column == COL_WEIGHT:
                return format_number(group.weight)
            if column == COL_FINAL and result is not None:
                return f"{format_points(result.subtotal)} / {format_number(group.weight)}"
            return None
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_NAME:
                return group.name
            if column == COL_WEIGHT:
                return format_number(group.weight)
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            font.setItalic(column == COL_NAME and not group.name)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_NAME and not group.name:
                return QBrush(MUTED_FOREGROUND)
            if column == COL_FINAL and result is not None and not result.complete:
                return QBrush(INCOMPLETE_FOREGROUND)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_WEIGHT, COL_FINAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_FINAL and result is not None:
            text = f"小计 {format_points(result.subtotal)} 分，分值 {format_number(group.weight)} 分"
            return text if result.complete else text + "；有指标尚未评分"
        return None

    def _leaf_data(self, leaf: Leaf, column: int, role: int) -> Any:
        result = self._leaf_result(leaf.uid)
        if role == Qt.ItemDataRole.DisplayRole:
            return _leaf_display(leaf, result, column)
        if role == Qt.ItemDataRole.EditRole:
            if column == COL_NAME:
                return leaf.name
            if column == COL_WEIGHT:
                return format_number(leaf.weight)
            if column == COL_FINAL:
                return "" if leaf.score is None else format_number(leaf.score)
            return _leaf_display(leaf, result, column)
        if role == OVERRIDDEN_ROLE:
            return _overridden(leaf, result)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _leaf_tooltip(leaf, result, column, figure_index(self._ops.package))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_WEIGHT, COL_COMPUTED, COL_FINAL):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_FINAL:
            if _overridden(leaf, result):
                return QBrush(OVERRIDE_BACKGROUND)
            if result is None or result.final is None:
                return QBrush(UNSCORED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_FINAL and _overridden(leaf, result):
                return QBrush(OVERRIDE_FOREGROUND)
            if column in (COL_VALUE, COL_COMPUTED) and (result is None or result.computed is None):
                return QBrush(MUTED_FOREGROUND)
        if role == Qt.ItemDataRole.FontRole and column == COL_FINAL and _overridden(leaf, result):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        node = self.node(index)
        if node is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        text = str(value if value is not None else "").strip()
        base = self.pointer(index)
        show = self.edit_refused.emit
        if column == COL_NAME:
            return write(self._ops, f"{base}/name", text, "修改指标名称", show).accepted
        if column not in (COL_WEIGHT, COL_FINAL) or (column == COL_FINAL and not isinstance(node, Leaf)):
            return False
        if column == COL_WEIGHT:
            if not text:
                show("分值不能为空")
                return False
            return write_text(self._ops, f"{base}/weight", "number", text, "修改分值", show).accepted
        label = "修改得分" if text else "采用计算得分"
        return write_text(self._ops, f"{base}/score", "number", text, label, show).accepted

    # -- following the core's changes

    def apply_change(self, change: Change) -> None:
        """Follow one applied change (edit, undo or redo) under /indicators/tree: announce the
        row it inserted, removed or moved, or repaint the cell it set."""
        if change.structural:
            if _touches_table3(change):
                self._apply_structure(change)
            return
        try:
            uid, rest = self._shape.resolve(change.pointer)
        except KeyError:
            return
        if not rest:
            return
        columns = {FIELD_COLUMN.get(rest[0], COL_NAME)}
        if isinstance(self._shape.nodes[uid], Group) and rest[0] == "weight":
            columns.add(COL_FINAL)
        self._emit_cells({uid: columns})

    def apply_scores(self, delta: ScoreDelta) -> None:
        """Repaint the results of exactly the rows whose scores changed."""
        cells: dict[int, set[int]] = {}
        for uid in delta.leaves:
            cells.setdefault(uid, set()).update(RESULT_COLUMNS)
        for uid in delta.groups:
            cells.setdefault(uid, set()).add(COL_FINAL)
        self._emit_cells(cells)

    def apply_findings(self, findings: list[Any]) -> None:
        """Mark the rows the checks' errors and warnings point at (icon and tooltip on the name)."""
        found: dict[int, list[Any]] = {}
        for finding in findings:
            if finding.severity not in MARKED_SEVERITIES:
                continue
            for address in (finding.anchor, finding.path):
                if address.startswith("/indicators/tree/"):
                    try:
                        uid, _ = self._shape.resolve(address)
                    except KeyError:
                        continue
                    found.setdefault(uid, []).append(finding)
                    break
        marks = {
            uid: (
                "error" if any(f.severity == "error" for f in items) else "warning",
                "\n".join(f.message for f in items),
            )
            for uid, items in found.items()
        }
        changed = {uid for uid in marks.keys() | self._marks.keys() if marks.get(uid) != self._marks.get(uid)}
        self._marks = marks
        self._emit_cells({uid: {COL_NAME} for uid in changed})

    def _emit_cells(self, cells: dict[int, set[int]]) -> None:
        for uid, columns in cells.items():
            if uid not in self._shape.parent:
                continue
            row = self._shape.row(uid)
            for first, last in _runs(sorted(columns)):
                self.dataChanged.emit(self.createIndex(row, first, uid), self.createIndex(row, last, uid))

    def reload(self) -> None:
        """Read the tree again: the store reloads its package from the file after a write the
        disk refused, so the nodes shown must be the reloaded ones, not those the failed edit
        touched. Same shape: every cell is repainted and selection and expansion survive."""
        old, new = self._shape, Shape.of(self.report.package.indicators.tree)
        if old.parent != new.parent or old.children != new.children:
            self.beginResetModel()
            self._shape = new
            self.endResetModel()
            return
        self._shape = new
        for kids in new.children.values():
            if kids:
                first, last = kids[0], kids[-1]
                self.dataChanged.emit(
                    self.createIndex(0, 0, first), self.createIndex(len(kids) - 1, len(COLUMNS) - 1, last)
                )

    def _apply_structure(self, change: Change) -> None:
        if not any(_in_tree(list_pointer) for list_pointer in change.lists):
            return
        old, new = self._shape, Shape.of(self.report.package.indicators.tree)
        if change.kind == "insert":
            uid = _entity(new, change.pointer)
            parent, row = new.parent[uid], new.row(uid)
            self.beginInsertRows(self.index_of(parent), row, row)
            self._shape = new
            self.endInsertRows()
        elif change.kind == "remove":
            uid = _entity(old, change.pointer)
            parent, row = old.parent[uid], old.row(uid)
            self.beginRemoveRows(self.index_of(parent), row, row)
            self._shape = new
            self.endRemoveRows()
        else:
            uid = _entity(old, change.pointer)
            src_parent, src_row = old.parent[uid], old.row(uid)
            dest_parent, dest_row = new.parent[uid], new.row(uid)
            # Qt counts the destination in the list as it is before the move.
            if src_parent == dest_parent and dest_row > src_row:
                dest_row += 1
            moving = self.beginMoveRows(self.index_of(src_parent), src_row, src_row, self.index_of(dest_parent), dest_row)
            self._shape = new
            if moving:
                self.endMoveRows()
            # else: a move onto its own place, which Qt declines to announce: nothing moved.


def _in_tree(list_pointer: str) -> bool:
    return list_pointer == "/indicators/tree" or list_pointer.startswith("/indicators/tree/")


def _entity(shape: Shape, pointer: str) -> int:
    """The uid of the node ``pointer`` names in ``shape``."""
    uid, rest = shape.resolve(pointer)
    if rest:
        raise KeyError(pointer)
    return uid


def _severity_icon(severity: str) -> QIcon:
    pixmap = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if severity == "error"
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    return QApplication.style().standardIcon(pixmap)


def _runs(columns: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for column in columns:
        if runs and runs[-1][1] == column - 1:
            runs[-1] = (runs[-1][0], column)
        else:
            runs.append((column, column))
    return runs


def _overridden(leaf: Leaf, result: LeafResult | None) -> bool:
    return (
        leaf.score is not None
        and result is not None
        and result.computed is not None
        and leaf.score != result.computed
    )


def value_text(leaf: Leaf, result: LeafResult | None) -> str:
    """数据/取值: what the rule works from, in a few characters."""
    rule = leaf.rule
    if rule.type in VALUE_RULES:
        if result is not None and result.value is not None:
            unit = leaf.metric.unit if leaf.metric else ""
            return f"{round_half_up(result.value):.2f}{unit}"
        if result is not None and result.missing:
            return "缺数据"
        return "无法计算"
    if isinstance(rule, ChoiceRule):
        return rule.selected if rule.selected is not None else "未选择"
    if isinstance(rule, ChecklistRule):
        open_items = sum(1 for item in rule.items if item.met is None)
        if open_items:
            return f"{open_items} 项未评定"
        met = sum(1 for item in rule.items if item.met)
        return f"符合 {met}/{len(rule.items)} 项"
    if isinstance(rule, DeductCountRule):
        return "未填例数" if rule.count is None else f"不符合 {rule.count} 例"
    return ""


def _leaf_display(leaf: Leaf, result: LeafResult | None, column: int) -> str | None:
    if column == COL_NAME:
        return leaf.name
    if column == COL_WEIGHT:
        return format_number(leaf.weight)
    if column == COL_CRITERION:
        return _one_line(leaf.criterion)
    if column == COL_EXPLANATION:
        return _one_line(leaf.explanation)
    if column == COL_VALUE:
        return value_text(leaf, result)
    if result is None:
        return None
    if column == COL_COMPUTED:
        if isinstance(leaf.rule, ManualRule):
            return "手工"
        return format_points(result.computed, "—")
    if column == COL_FINAL:
        return format_points(result.final)
    if column == COL_PROCESS:
        return result.process
    return None


def _touches_table3(change: Any) -> bool:
    """A structural change of 表3's tree (not of the figures or a project's tree)."""
    moved_from = change.old if isinstance(change.old, str) and change.old.startswith("/") else ""
    return any(p.startswith("/indicators/") for p in (change.pointer, moved_from))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _leaf_tooltip(leaf: Leaf, result: LeafResult | None, column: int, figures: Figures) -> str | None:
    if column == COL_CRITERION:
        return leaf.criterion or None
    if column == COL_EXPLANATION:
        return leaf.explanation or None
    if column == COL_VALUE:
        return _value_tooltip(leaf, result, figures)
    if column == COL_COMPUTED and result is not None and result.computed is None:
        return "手工评分，不计算" if isinstance(leaf.rule, ManualRule) else f"无法计算：{result.reason}"
    if column == COL_FINAL and result is not None:
        if _overridden(leaf, result):
            return (
                f"填报得分 {format_points(leaf.score)} 分与计算得分 {format_points(result.computed)} 分不一致。"
                "右键选择“采用计算得分”可恢复。"
            )
        if result.final is None:
            return "尚未评分：请填写得分"
        if leaf.score is None:
            return "采用计算得分"
        return "填报得分"
    if column == COL_PROCESS and result is not None:
        return result.process + (f"\n填报说明：{leaf.note}" if leaf.note else "")
    return None


def _value_tooltip(leaf: Leaf, result: LeafResult | None, figures: Figures) -> str | None:
    lines = []
    if leaf.metric is not None:
        lines.append(f"计算公式：{to_labels(leaf.metric.formula, figures.values())}")
    for key in dependencies(leaf):
        figure = figures.get(key)
        if figure is not None:
            value = figure.value
            if value is None:
                shown = "（未填）"
            elif figure.kind == "money":
                shown = f"{format_wan(Decimal(value))} 万元"
            else:
                shown = format_number(value)
            lines.append(f"{figure.label}：{shown}")
    if result is not None and result.reason:
        lines.append(f"无法计算：{result.reason}")
    return "\n".join(lines) or None
