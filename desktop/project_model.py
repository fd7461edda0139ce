"""One project's 项目支出绩效自评表 as two item models: the money block and the indicator grid.

The models show; they never compute. Sums, 执行率 and every score come from ``ops.scores``
(``perfcore.scoring``) and ``perfcore.project_text``; every edit goes through ``ops`` by the
cell's ``CellEdit`` (``desktop.grid_editing``). Both follow the core's ``Change``s: a value set
repaints its cell, a score delta the cells whose results it names, and a list that changed shape
(a budget line or an indicator row added, removed or moved) announces the rows that came or went.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.grid_editing import CellEdit
from desktop.indicator_model import MUTED_FOREGROUND, OVERRIDE_BACKGROUND, UNSCORED_BACKGROUND
from desktop.listeners import Listener
from desktop.ops import Ops
from perfcore import pointer as ptr
from perfcore.model import RATINGS, RULE_LABELS, Group, Leaf, Node, Project, RatedRule, TargetRule
from perfcore.money import format_number, format_points, format_wan, round_half_up
from perfcore.project_text import INDICATOR_COLUMNS, TOTAL_LINE, budget_rows
from perfcore.rules import rating_band, rating_band_text, target_text
from perfcore.scoring import ProjectResult, ScoreDelta
from perfcore.store import Change

Index = QModelIndex | QPersistentModelIndex
_TOP = QModelIndex()
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
FINDING_BACKGROUND = QColor("#fde2e2")
TOTAL_BACKGROUND = QColor("#eef3f9")


def project_index(pointer: str) -> int | None:
    """N of a pointer under ``/projects/N``."""
    tokens = ptr.split(pointer) if pointer.startswith("/") else []
    if len(tokens) >= 2 and tokens[0] == "projects" and tokens[1].isascii() and tokens[1].isdigit():
        return int(tokens[1])
    return None


class _ProjectModel(QAbstractTableModel):
    """What both grids share: the project they show, refusals, marks from the checks."""

    edit_refused = Signal(str)

    def __init__(self, ops: Ops, index: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.position = index
        self.base = f"/projects/{index}"
        self._marks: dict[tuple[int, int], str] = {}
        """(row, column) → the checks' messages about that cell (errors and warnings)."""
        self._listeners: list[Listener] = []

    def follow(self, prefix: str, on_change: Callable[[Change], None], on_scores: Callable[[ScoreDelta], None]) -> None:
        self._listeners = [self.ops.listen(prefix, on_change, self), self.ops.listen_scores(on_scores, self)]

    def retire(self) -> None:
        """Stop following the file: the form is going away and its project may be gone."""
        for listener in self._listeners:
            self.ops.forget(listener)
        self._listeners = []

    @property
    def project(self) -> Project:
        # Read each time: after a write the disk refused, the store reloads its objects.
        return self.ops.package.projects[self.position]

    def result(self) -> ProjectResult | None:
        return self.ops.scores.projects.get(self.project.uid)

    def set_marks(self, marks: dict[tuple[int, int], str]) -> None:
        changed = marks.keys() | self._marks.keys()
        self._marks = marks
        for row, column in changed:
            index = self.index(row, column)
            self.dataChanged.emit(index, index)

    def _mark(self, index: Index, role: int) -> Any:
        message = self._marks.get((index.row(), index.column()))
        if message is None:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(FINDING_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return message
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section] if 0 <= section < len(self.COLUMNS) else None
        return None

    COLUMNS: tuple[str, ...] = ()

    def columnCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.ops.read_only and self.cell_edit(index) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def cell_edit(self, index: Index) -> CellEdit | None:
        raise NotImplementedError

    def _repaint_row(self, row: int, first: int = 0, last: int | None = None) -> None:
        last = len(self.COLUMNS) - 1 if last is None else last
        self.dataChanged.emit(self.index(row, first), self.index(row, last))


# ---------------------------------------------------------------- the money block

BUDGET_COLUMNS = ("资金来源", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")
B_LABEL, B_INITIAL, B_FULL, B_EXECUTED, B_WEIGHT, B_RATE, B_SCORE = range(7)
_MONEY = {B_INITIAL: "initial", B_FULL: "full", B_EXECUTED: "executed"}


class BudgetModel(_ProjectModel):
    """年度资金总额 (row 0, computed) and the lines of funds below it, in 万元."""

    COLUMNS = BUDGET_COLUMNS

    def __init__(self, ops: Ops, index: int, parent: QObject | None = None) -> None:
        super().__init__(ops, index, parent)
        self._lines = len(self.project.budget.lines)
        self.follow(f"{self.base}/budget", self._on_change, self._on_scores)

    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else self._lines + 1

    def line_pointer(self, row: int) -> str:
        return f"{self.base}/budget/lines/{row - 1}"

    def cell_edit(self, index: Index) -> CellEdit | None:
        row, column = index.row(), index.column()
        if row == 0:
            if column == B_WEIGHT:
                return CellEdit(f"{self.base}/budget/weight", "number", "修改预算执行率分值")
            if column == B_SCORE:
                return CellEdit(f"{self.base}/budget/score", "number", "修改预算执行率得分")
            return None
        if column == B_LABEL:
            return CellEdit(f"{self.base}/budget/lines/{row - 1}/label", "text", "修改资金来源")
        name = _MONEY.get(column)
        if name is None:
            return None
        return CellEdit(f"{self.base}/budget/lines/{row - 1}/{name}", "money_wan", f"修改{BUDGET_COLUMNS[column]}")

    def locate(self, rest: list[str]) -> QModelIndex:
        """The cell of a pointer's tokens after ``/projects/N/budget``."""
        if rest[:1] == ["lines"] and len(rest) >= 2 and rest[1].isdigit():
            row = int(rest[1]) + 1
            column = {"label": B_LABEL, "initial": B_INITIAL, "full": B_FULL, "executed": B_EXECUTED}.get(
                rest[2] if len(rest) > 2 else "", B_LABEL
            )
            return self.index(row, column)
        column = {"weight": B_WEIGHT, "score": B_SCORE}.get(rest[0] if rest else "", B_SCORE)
        return self.index(0, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        marked = self._mark(index, role)
        if marked is not None:
            return marked
        result = self.result()
        if result is None:
            return None
        rows = budget_rows(self.project, result.budget)
        row, column = index.row(), index.column()
        # The total row first, as on the form; the lines after it (其中：…).
        money = rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            edit = role == Qt.ItemDataRole.EditRole
            if column == B_LABEL:
                if row == 0:
                    return TOTAL_LINE
                return money.label if edit else f"其中：{money.label}" if money.label else "其中：（未命名）"
            name = _MONEY.get(column)
            if name is not None:
                return format_wan(getattr(money, name))
            if row != 0:
                return None
            budget = self.project.budget
            if column == B_WEIGHT:
                return format_number(budget.weight)
            if column == B_RATE:
                rate = result.budget.rate
                return "" if edit else "—" if rate is None else f"{round_half_up(rate * 100):.2f}%"
            if column == B_SCORE:
                if edit:
                    return "" if budget.score is None else format_number(budget.score)
                return format_points(result.budget.final, "未评分")
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column != B_LABEL else None
        if role == Qt.ItemDataRole.FontRole and row == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if row == 0 and column == B_SCORE:
                budget_result = result.budget
                if budget_result.final is None:
                    return QBrush(UNSCORED_BACKGROUND)
                if self.project.budget.score is not None:
                    return QBrush(OVERRIDE_BACKGROUND)
            if row == 0:
                return QBrush(TOTAL_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row == 0 and column in _MONEY:
            return QBrush(MUTED_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            if row == 0 and column in (B_RATE, B_SCORE):
                tip = result.budget.process
                return tip + ("。可在此填写得分（清空则采用计算得分）" if column == B_SCORE else "")
            if row == 0 and column in _MONEY:
                return "各资金来源之和（自动计算）"
            if column in _MONEY:
                return "单位：万元"
        return None

    # -- following the core

    def _on_change(self, change: Change) -> None:
        if change.structural:
            if f"{self.base}/budget/lines" in change.lists:
                self._apply_structure(change)
            return
        tokens = ptr.split(change.pointer)[3:]  # after projects, N, budget
        if tokens[:1] == ["lines"] and len(tokens) >= 2:
            row = int(tokens[1]) + 1
            self._repaint_row(row)
            self._repaint_row(0)
        else:
            self._repaint_row(0)

    def _apply_structure(self, change: Change) -> None:
        new = len(self.project.budget.lines)
        row = int(ptr.last(change.pointer)) + 1
        if change.kind == "insert":
            self.beginInsertRows(_TOP, row, row)
            self._lines = new
            self.endInsertRows()
        elif change.kind == "remove":
            self.beginRemoveRows(_TOP, row, row)
            self._lines = new
            self.endRemoveRows()
        else:
            assert change.destination is not None
            self._repaint_row(row)
            self._repaint_row(int(ptr.last(change.destination)) + 1)
        self._repaint_row(0)

    def _on_scores(self, delta: ScoreDelta) -> None:
        if self.project.uid in delta.projects:
            self._repaint_row(0)


# ---------------------------------------------------------------- the indicator grid

GRID_COLUMNS = INDICATOR_COLUMNS
"""The national form's ten columns, as the PDF prints them."""
(
    G_LEVEL1,
    G_LEVEL2,
    G_NAME,
    G_NATURE,
    G_TARGET,
    G_UNIT,
    G_ACTUAL,
    G_WEIGHT,
    G_SCORE,
    G_REASON,
) = range(10)
RATED = "rated"
NATURES: tuple[tuple[str, str], ...] = (("≥", ">="), ("≤", "<="), ("=", "="), ("定性", RATED))
NO_RATING = "（未评定）"
RATING_CHOICES: tuple[tuple[str, Any], ...] = (*((r, r) for r in RATINGS), (NO_RATING, None))
_SIGNS = {">=": "≥", "<=": "≤", "=": "="}

NEW_LEAF: dict[str, Any] = {
    "name": "",
    "weight": 0,
    "rule": {"type": "target", "direction": ">=", "target": 0, "actual": None, "unit": ""},
    "score": None,
}
"""A new row: a target to fill (实际完成值 unknown: unscored until typed)."""
NEW_LEVEL2: dict[str, Any] = {"name": "新二级指标", "weight": 0, "children": []}

# Where a set value of a leaf shows (the rest of its pointer's first tokens → column).
_LEAF_FIELDS = {
    "name": G_NAME,
    "weight": G_WEIGHT,
    "score": G_SCORE,
    "reason": G_REASON,
    "criterion": G_TARGET,
}
_RULE_FIELDS = {"direction": G_NATURE, "type": G_NATURE, "target": G_TARGET, "target_text": G_TARGET,
                "unit": G_UNIT, "actual": G_ACTUAL, "rating": G_ACTUAL}


@dataclass(frozen=True)
class GridRow:
    """One row of the national table: a 三级指标 with the groups above it, or the place of an
    empty group (``leaf`` None) where rows are to be added."""

    level1: Group | None
    level2: Group | None
    leaf: Leaf | None
    pointer: str
    """The leaf's pointer, or the empty group's."""
    level1_pointer: str | None
    level2_pointer: str | None

    @property
    def key(self) -> int:
        node = self.leaf or self.level2 or self.level1
        assert node is not None
        return node.uid

    @property
    def group(self) -> Group | None:
        """The group new rows go into: the 二级 (or the 一级 when there is none)."""
        return self.level2 or self.level1

    @property
    def group_pointer(self) -> str | None:
        return self.level2_pointer or self.level1_pointer


def grid_rows(tree: list[Node], base: str) -> list[GridRow]:
    """The rows of a project tree at ``base`` (``/projects/N/tree``): each leaf, depth first;
    a group without leaves is one row of its own."""
    rows: list[GridRow] = []

    def leaves(node: Node, pointer: str, g1: Group | None, p1: str | None, g2: Group | None, p2: str | None) -> None:
        if isinstance(node, Leaf):
            rows.append(GridRow(g1, g2, node, pointer, p1, p2))
            return
        if g1 is None:
            g1, p1 = node, pointer
        elif g2 is None:
            g2, p2 = node, pointer
        before = len(rows)
        for i, child in enumerate(node.children):
            leaves(child, f"{pointer}/children/{i}", g1, p1, g2, p2)
        if len(rows) == before and (node is g1 or node is g2):
            rows.append(GridRow(g1, g2, None, pointer, p1, p2))

    for i, node in enumerate(tree):
        leaves(node, f"{base}/{i}", None, None, None, None)
    return rows


class ProjectGridModel(_ProjectModel):
    """The indicator table of one project: a row per 三级指标, 一级/二级 spanning their rows."""

    COLUMNS = GRID_COLUMNS
    spans_changed = Signal()
    """The rows changed shape: the view sets its 一级/二级 spans again."""

    def __init__(self, ops: Ops, index: int, parent: QObject | None = None) -> None:
        super().__init__(ops, index, parent)
        self.tree_pointer = f"{self.base}/tree"
        self.rows = grid_rows(self.project.tree, self.tree_pointer)
        self._row_of = self._index_rows(self.rows)
        self.follow(self.tree_pointer, self._on_change, self._on_scores)

    @staticmethod
    def _index_rows(rows: list[GridRow]) -> dict[int, int]:
        return {row.key: i for i, row in enumerate(rows)}

    def rowCount(self, parent: Index = _TOP) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def row_at(self, row: int) -> GridRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def spans(self, column: int) -> list[tuple[int, int]]:
        """(first row, row count) of each run of rows under one 一级 (``G_LEVEL1``) or 二级."""
        out: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(self.rows) + 1):
            group = self._group_at(start, column)
            if i == len(self.rows) or self._group_at(i, column) is not group or group is None:
                if group is not None and i - start > 1:
                    out.append((start, i - start))
                start = i
        return out

    def _group_at(self, row: int, column: int) -> Group | None:
        entry = self.rows[row]
        return entry.level1 if column == G_LEVEL1 else entry.level2

    # -- editing

    def cell_edit(self, index: Index) -> CellEdit | None:
        entry = self.row_at(index.row())
        if entry is None:
            return None
        column = index.column()
        if column == G_LEVEL1 and entry.level1_pointer is not None:
            return CellEdit(f"{entry.level1_pointer}/name", "text", "修改一级指标名称")
        if column == G_LEVEL2 and entry.level2_pointer is not None:
            return CellEdit(f"{entry.level2_pointer}/name", "text", "修改二级指标名称")
        leaf = entry.leaf
        if leaf is None:
            return None
        base = entry.pointer
        rule = leaf.rule
        if column == G_NAME:
            return CellEdit(f"{base}/name", "text", "修改三级指标名称")
        if column == G_WEIGHT:
            return CellEdit(f"{base}/weight", "number", "修改分值")
        if column == G_SCORE:
            return CellEdit(f"{base}/score", "number", "修改得分")
        if column == G_REASON:
            return CellEdit(f"{base}/reason", "text", "修改偏差原因分析及改进措施")
        if column == G_NATURE:
            return CellEdit(f"{base}/rule", "choice", "修改指标性质", NATURES, lambda value: self.set_nature(entry, value))
        if isinstance(rule, TargetRule):
            if column == G_TARGET and rule.target_text is not None:
                return CellEdit(f"{base}/rule", "number", "修改年度指标值", write=lambda text: self.set_target(entry, text))
            if column == G_TARGET:
                return CellEdit(f"{base}/rule/target", "number", "修改年度指标值")
            if column == G_UNIT:
                return CellEdit(f"{base}/rule/unit", "text", "修改度量单位")
            if column == G_ACTUAL and leaf.metric is None:
                return CellEdit(f"{base}/rule/actual", "number", "修改实际完成值")
            return None
        if isinstance(rule, RatedRule):
            if column == G_TARGET:
                return CellEdit(f"{base}/criterion", "text", "修改年度指标值")
            if column == G_ACTUAL:
                return CellEdit(f"{base}/rule/rating", "choice", "修改评定结果", RATING_CHOICES)
        return None

    def set_nature(self, entry: GridRow, value: str) -> None:
        """≥ ≤ = change the direction; 定性 makes the row a rated one and back (the rule is one value)."""
        leaf = entry.leaf
        if leaf is None:
            return
        rule = leaf.rule
        show = self.edit_refused.emit
        from desktop.binding import write

        if isinstance(rule, TargetRule) and value != RATED:
            write(self.ops, f"{entry.pointer}/rule/direction", value, "修改指标性质", show)
            return
        if value == RATED:
            if isinstance(rule, RatedRule):
                return
            doc: dict[str, Any] = {"type": "rated", "rating": None}
        else:
            doc = {"type": "target", "direction": value, "target": 0, "actual": None, "unit": ""}
        write(self.ops, f"{entry.pointer}/rule", doc, "修改指标性质", show)

    def set_target(self, entry: GridRow, text: str) -> bool:
        """A new 年度指标值 for a row printed with its own wording (``target_text``, e.g. from a
        converted framework): the figure replaces the wording, in one step, so that what prints
        is what is scored."""
        from desktop.binding import InputError, parse_input, write

        show = self.edit_refused.emit
        try:
            value = parse_input("number", text)
        except InputError as exc:
            show(str(exc))
            return False
        if value is None:
            show("年度指标值不能为空")
            return False
        doc = dict(self.ops.get(f"{entry.pointer}/rule"))
        doc.pop("target_text", None)
        doc["target"] = value
        return write(self.ops, f"{entry.pointer}/rule", doc, "修改年度指标值", show).accepted

    def paste_rows(self, top: int, count: int) -> None:
        """Make room for ``count`` pasted rows from ``top``: an empty group's row becomes a row of
        its own, and rows past the end are added under the last row's group."""
        for row in range(top, min(top + count, len(self.rows))):
            entry = self.rows[row]
            if entry.leaf is None and entry.group is not None:
                self.add_row(row)  # the first row of the empty group takes the group's place
        while len(self.rows) < top + count:
            if not self.rows or self.add_row(len(self.rows) - 1) is None:
                return

    def add_row(self, row: int) -> str | None:
        """A new 三级指标 under the 二级 of ``row``, after it; returns its pointer."""
        entry = self.row_at(row)
        if entry is None:
            if self.rows:
                return None
            # An empty tree: the first row goes to the top of the project's table.
            list_pointer, position = self.tree_pointer, 0
        elif entry.leaf is None:
            list_pointer, position = f"{entry.pointer}/children", 0
        else:
            list_pointer, position = ptr.parent(entry.pointer), int(ptr.last(entry.pointer)) + 1
        if self.ops.insert(list_pointer, position, dict(NEW_LEAF), "添加三级指标") is None:
            return None
        return f"{list_pointer}/{position}"

    def add_level2(self, row: int) -> str | None:
        """A new 二级指标 under the 一级 of ``row`` (after the row's 二级); returns its pointer."""
        entry = self.row_at(row)
        if entry is None or entry.level1_pointer is None:
            return None
        if entry.level2_pointer is not None:
            list_pointer, position = ptr.parent(entry.level2_pointer), int(ptr.last(entry.level2_pointer)) + 1
        else:
            list_pointer, position = f"{entry.level1_pointer}/children", len(entry.level1.children) if entry.level1 else 0
        if self.ops.insert(list_pointer, position, {**NEW_LEVEL2, "children": []}, "添加二级指标") is None:
            return None
        return f"{list_pointer}/{position}"

    def remove_row(self, row: int) -> bool:
        """Remove the row's 三级指标, or the empty group the row stands for."""
        entry = self.row_at(row)
        if entry is None:
            return False
        label = "删除三级指标" if entry.leaf is not None else "删除空的指标分组"
        return self.ops.remove(entry.pointer, label) is not None

    def move_row(self, row: int, step: int) -> str | None:
        """Move the row's 三级指标 up or down among its siblings; returns where it went."""
        entry = self.row_at(row)
        if entry is None or entry.leaf is None:
            return None
        position = int(ptr.last(entry.pointer))
        siblings = entry.group.children if entry.group is not None else self.project.tree
        to = position + step
        if not 0 <= to < len(siblings):
            return None
        list_pointer = ptr.parent(entry.pointer)
        if self.ops.move(entry.pointer, list_pointer, to, "移动三级指标") is None:
            return None
        return f"{list_pointer}/{to}"

    # -- reading

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index.row())
        if entry is None:
            return None
        marked = self._mark(index, role)
        if marked is not None:
            return marked
        column = index.column()
        if column in (G_LEVEL1, G_LEVEL2):
            return self._group_data(entry, column, role)
        leaf = entry.leaf
        if leaf is None:
            if role == Qt.ItemDataRole.DisplayRole and column == G_NAME:
                return "（尚无三级指标，点“添加指标”）"
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(MUTED_FOREGROUND)
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._leaf_text(leaf, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (G_WEIGHT, G_SCORE, G_TARGET, G_ACTUAL):
                return RIGHT
            if column in (G_NATURE, G_UNIT):
                return CENTRE
            return None
        result = self.ops.scores.leaves.get(leaf.uid)
        if role == Qt.ItemDataRole.BackgroundRole and column == G_SCORE:
            if result is None or result.final is None:
                return QBrush(UNSCORED_BACKGROUND)
            if leaf.score is not None and result.computed is not None and leaf.score != result.computed:
                return QBrush(OVERRIDE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == G_ACTUAL and leaf.metric is not None:
            return QBrush(MUTED_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._leaf_tooltip(leaf, column)
        return None

    def _group_data(self, entry: GridRow, column: int, role: int) -> Any:
        group = entry.level1 if column == G_LEVEL1 else entry.level2
        if group is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return group.name
        if role == Qt.ItemDataRole.ToolTipRole:
            result = self.ops.scores.groups.get(group.uid)
            got = f"，得分 {format_points(result.subtotal)}" if result is not None else ""
            return f"{group.name}：分值 {format_number(group.weight)}{got}（分值在表格上方修改）"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRE
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(TOTAL_BACKGROUND)
        return None

    def _leaf_text(self, leaf: Leaf, column: int, edit: bool) -> str | None:
        rule = leaf.rule
        result = self.ops.scores.leaves.get(leaf.uid)
        if column == G_NAME:
            return leaf.name
        if column == G_WEIGHT:
            return format_number(leaf.weight)
        if column == G_REASON:
            return leaf.reason if edit else " ".join(leaf.reason.split())
        if column == G_SCORE:
            if edit:
                return "" if leaf.score is None else format_number(leaf.score)
            final = None if result is None else result.final
            text = format_points(final, "未评分")
            if isinstance(rule, RatedRule) and rule.rating is not None:
                low, high = rating_band(rule.rating, leaf.weight)
                text += f"（{format_number(low)}～{format_number(high)}）"
            return text
        if column == G_NATURE:
            # Shown and copied as printed (≥ ≤ = 定性); the list of choices takes either spelling.
            if isinstance(rule, TargetRule):
                return _SIGNS[rule.direction]
            if isinstance(rule, RatedRule):
                return "定性"
            return RULE_LABELS.get(rule.type, rule.type)
        if isinstance(rule, TargetRule):
            if column == G_TARGET:
                if edit:
                    return format_number(rule.target)
                return target_text(rule) if rule.target_text else format_number(rule.target)
            if column == G_UNIT:
                return rule.unit
            if column == G_ACTUAL:
                value = result.value if result is not None and leaf.metric is not None else rule.actual
                return "" if value is None else format_number(round_half_up(value).normalize()) if leaf.metric else format_number(value)
        if isinstance(rule, RatedRule):
            if column == G_TARGET:
                return leaf.criterion if edit else " ".join(leaf.criterion.split())
            if column == G_ACTUAL:
                return rule.rating or ("" if edit else NO_RATING)
        return None

    def _leaf_tooltip(self, leaf: Leaf, column: int) -> str | None:
        rule = leaf.rule
        result = self.ops.scores.leaves.get(leaf.uid)
        if column == G_SCORE and result is not None:
            text = result.process
            if isinstance(rule, RatedRule):
                bands = "；".join(f"{r} {rating_band_text(r, leaf.weight)}" for r in RATINGS)
                text += f"\n定性指标须填写得分：{bands}"
            return text
        if column == G_ACTUAL and isinstance(rule, RatedRule):
            return "评定：达成 / 部分达成 / 未达成"
        if column == G_ACTUAL and leaf.metric is not None:
            return f"由公式计算：{leaf.metric.formula}"
        if column == G_TARGET and isinstance(rule, TargetRule) and rule.target_text:
            return f"打印为：{rule.target_text}"
        if column == G_REASON and leaf.reason:
            return leaf.reason
        return None

    # -- following the core

    def pointer_cell(self, pointer: str) -> QModelIndex:
        """The cell a pointer under this project's tree names (a group: its 一级/二级 cell)."""
        for i, entry in enumerate(self.rows):
            if entry.leaf is not None and (pointer == entry.pointer or pointer.startswith(entry.pointer + "/")):
                rest = ptr.split(pointer[len(entry.pointer):]) if pointer != entry.pointer else []
                return self.index(i, _column_of(rest))
        # The nearest group: a 二级 before the 一级 that holds it.
        for column in (G_LEVEL2, G_LEVEL1):
            for i, entry in enumerate(self.rows):
                group_pointer = entry.level2_pointer if column == G_LEVEL2 else entry.level1_pointer
                if group_pointer is not None and (pointer == group_pointer or pointer.startswith(group_pointer + "/")):
                    return self.index(i, column)
        return QModelIndex()

    def _on_change(self, change: Change) -> None:
        if change.structural:
            if any(p == self.tree_pointer or p.startswith(self.tree_pointer + "/") for p in change.lists):
                self._apply_structure()
            return
        index = self.pointer_cell(change.pointer)
        if not index.isValid():
            return
        entry = self.rows[index.row()]
        column = index.column()
        if column in (G_LEVEL1, G_LEVEL2):
            group = entry.level1 if column == G_LEVEL1 else entry.level2
            for i, other in enumerate(self.rows):
                if (other.level1 if column == G_LEVEL1 else other.level2) is group:
                    self.dataChanged.emit(self.index(i, column), self.index(i, column))
            return
        if ptr.split(change.pointer)[-1] in ("rule", "type", "weight", "rating"):
            self._repaint_row(index.row(), G_NATURE)  # a new rule or weight redraws the row
        else:
            self.dataChanged.emit(index, index)

    def _apply_structure(self) -> None:
        """Rows came, went or moved: announce the block that differs between the rows as they
        were and as they are (one removal and one insertion, never a reset)."""
        old, new = self.rows, grid_rows(self.project.tree, self.tree_pointer)
        old_keys, new_keys = [r.key for r in old], [r.key for r in new]
        start = 0
        while start < min(len(old), len(new)) and old_keys[start] == new_keys[start]:
            start += 1
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old_keys[end_old - 1] == new_keys[end_new - 1]:
            end_old -= 1
            end_new -= 1
        if end_old > start:
            self.beginRemoveRows(_TOP, start, end_old - 1)
            self.rows = old[:start] + old[end_old:]
            self.endRemoveRows()
        if end_new > start:
            self.beginInsertRows(_TOP, start, end_new - 1)
            self.rows = new
            self.endInsertRows()
        self.rows = new  # same keys elsewhere, but pointers may have moved (a group before them)
        self._row_of = self._index_rows(new)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(GRID_COLUMNS) - 1))
        self.spans_changed.emit()

    def _on_scores(self, delta: ScoreDelta) -> None:
        for uid in delta.leaves:
            row = self._row_of.get(uid)
            if row is not None:
                self.dataChanged.emit(self.index(row, G_ACTUAL), self.index(row, G_SCORE))


def _column_of(rest: list[str]) -> int:
    if not rest:
        return G_NAME
    if rest[0] == "rule" and len(rest) > 1:
        return _RULE_FIELDS.get(rest[1], G_NATURE)
    if rest[0] == "rule":
        return G_NATURE
    if rest[0] == "metric":
        return G_ACTUAL
    return _LEAF_FIELDS.get(rest[0], G_NAME)
