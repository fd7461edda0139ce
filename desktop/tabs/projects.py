"""项目支出绩效自评表: the projects on the left, the chosen project's form on the right, laid
out like the national table — header, money block, 年度总体目标, indicator grid, closing texts.

Every edit goes through ``ops`` (one undo step each, in the file at once); the grids are
``desktop.grid_editing`` views over ``desktop.project_model``; every figure shown (sums, 执行率,
scores, the project's total and grade) comes from the core.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import bind
from desktop.grid_editing import GridView
from desktop.ops import Ops
from desktop.project_model import (
    B_EXECUTED,
    B_FULL,
    B_INITIAL,
    B_LABEL,
    B_RATE,
    B_SCORE,
    B_WEIGHT,
    G_ACTUAL,
    G_LEVEL1,
    G_LEVEL2,
    G_NAME,
    G_NATURE,
    G_REASON,
    G_SCORE,
    G_TARGET,
    G_UNIT,
    G_WEIGHT,
    BudgetModel,
    ProjectGridModel,
    project_index,
)
from desktop.tabs.form_page import FormPage, note
from desktop.tabs.master_detail import Listing, MasterDetailTab
from desktop.totals_bar import GRADE_COLOURS
from desktop.widgets.fields import DateText, FigureEdit, TextArea
from perfcore import pointer as ptr
from perfcore.money import format_points
from perfcore.scoring import ScoreDelta

NEW_PROJECT_NAME = "新项目"


PROJECT_TEMPLATE = "mof-2020-10-project"
"""The shipped template whose project is the national table's skeleton."""


def new_project(name: str) -> dict[str, Any]:
    """A new project as the national table starts it: the skeleton of the shipped project
    template (预算执行率 10, the three 一级指标 with their usual 二级 and one row each, the three
    usual sources of funds), named ``name``."""
    from perfcore import assets
    from perfcore.exchange import load_json, project_to_doc

    skeleton = load_json(assets.template_json(PROJECT_TEMPLATE)).projects[0]
    skeleton.name = name
    return project_to_doc(skeleton)


HEADER = (("name", "项目名称"), ("department", "主管部门"), ("implementer", "实施单位"))
CLOSING = (
    ("conclusion", "自评结论", 3),
    ("problems", "存在的问题", 3),
    ("improvements", "改进措施", 3),
    ("opinion_unit", "填报单位意见", 2),
)
FILLING = (("filler", "填报人", "text"), ("phone", "联系电话", "text"), ("filled_on", "填报日期", "date"))
# Each column's (least width, share of the width left over): the grid always fits the form's
# width, at 150 % scaling too, so 一级/二级 never scroll out of sight.
GRID_COLUMNS_FIT = {
    G_LEVEL1: (56, 3),
    G_LEVEL2: (70, 3),
    G_NAME: (100, 6),
    G_NATURE: (58, 0),
    G_TARGET: (64, 2),
    G_UNIT: (56, 1),
    G_ACTUAL: (68, 2),
    G_WEIGHT: (40, 0),
    G_SCORE: (96, 1),
    G_REASON: (80, 12),
}
BUDGET_COLUMNS_FIT = {
    B_LABEL: (120, 3),
    B_INITIAL: (70, 3),
    B_FULL: (70, 3),
    B_EXECUTED: (70, 3),
    B_WEIGHT: (40, 0),
    B_RATE: (64, 0),
    B_SCORE: (56, 0),
}


def _fit_height(view: GridView, rows: int) -> None:
    """A grid inside the scrolling page shows all its rows: the page scrolls, not the grid."""
    height = view.horizontalHeader().height() + view.frameWidth() * 2
    height += sum(view.rowHeight(r) for r in range(rows)) if rows else view.verticalHeader().defaultSectionSize()
    view.setFixedHeight(height + 2)


class ProjectForm(FormPage):
    """One project's form, bound under ``/projects/<index>``."""

    def __init__(self, ops: Ops, index: int, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.index = index
        self.base = base = f"/projects/{index}"
        self.uid = ops.package.projects[index].uid

        box = self.section("项目")
        grid = QGridLayout(box)
        self.header: dict[str, QLineEdit] = {}
        for name, label in HEADER:
            edit = QLineEdit(box)
            self.bind(edit, f"{base}/{name}", "text", label)
            self.header[name] = edit
        # One line, as on the form: at 1366×768 the height is for the indicator table.
        for i, (name, label) in enumerate(HEADER):
            grid.addWidget(QLabel(label, box), 0, i * 2)
            grid.addWidget(self.header[name], 0, i * 2 + 1)
            grid.setColumnStretch(i * 2 + 1, 2 if name == "name" else 1)

        box = self.section("项目资金（万元）")
        column = QVBoxLayout(box)
        self.budget_model = BudgetModel(ops, index, self)
        self.budget_view = self._grid(self.budget_model, box, "项目资金")
        self.budget_view.fit_columns(BUDGET_COLUMNS_FIT)
        column.addWidget(self.budget_view)
        row = QHBoxLayout()
        self.add_line_button = QPushButton("添加资金来源", box)
        self.add_line_button.clicked.connect(self.add_line)
        self.remove_line_button = QPushButton("删除资金来源", box)
        self.remove_line_button.clicked.connect(self.remove_line)
        row.addWidget(self.add_line_button)
        row.addWidget(self.remove_line_button)
        row.addWidget(note("金额以万元填写；年度资金总额、执行率由各行自动计算；执行率无法计算时请直接填写得分。", box), 1)
        column.addLayout(row)

        box = self.section("年度总体目标")
        goals = QGridLayout(box)
        self.goal_edits: dict[str, TextArea] = {}
        for i, (name, label) in enumerate((("expected", "预期目标"), ("actual", "实际完成情况"))):
            area = TextArea(box, lines=3)
            self.bind(area, f"{base}/goals/{name}", "text", label)
            self.goal_edits[name] = area
            goals.addWidget(QLabel(label, box), 0, i)
            goals.addWidget(area, 1, i)

        box = self.section("绩效指标")
        column = QVBoxLayout(box)
        column.addLayout(self._group_bar(box))
        self.grid_model = ProjectGridModel(ops, index, self)
        self.grid_view = self._grid(self.grid_model, box, "绩效指标")
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_view.fit_columns(GRID_COLUMNS_FIT)
        self.grid_model.spans_changed.connect(self._grid_reshaped)
        self.grid_view.selectionModel().currentChanged.connect(self._current_changed)
        add = QAction("添加指标", self.grid_view)
        add.setShortcut(QKeySequence("Ctrl+Insert"))
        add.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.triggered.connect(self.add_row)
        self.grid_view.addAction(add)
        self.budget_view.selectionModel().currentChanged.connect(self._update_buttons)
        column.addWidget(self.grid_view)
        # The 总分 row of the national table: the budget's points and the indicators' together.
        self.total_label = QLabel(box)
        self.total_label.setObjectName("project_total")
        font = self.total_label.font()
        font.setBold(True)
        self.total_label.setFont(font)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        column.addWidget(self.total_label)
        column.addLayout(self._grid_buttons(box))
        self.status = QLabel(box)
        self.status.setStyleSheet("color: #b00020;")
        self.status.setWordWrap(True)
        self.status.hide()
        column.addWidget(self.status)

        form = self.form_section("自评结论")
        for name, label, lines in CLOSING:
            area = TextArea(lines=lines)
            self.bind(area, f"{base}/{name}", "text", label)
            form.addRow(label, area)
        box = self.section("填报信息")
        grid = QGridLayout(box)
        for i, (name, label, kind) in enumerate(FILLING):
            widget = DateText(box) if kind == "date" else QLineEdit(box)
            self.bind(widget, f"{base}/{name}", kind, label)
            grid.addWidget(QLabel(label, box), 0, i * 2)
            grid.addWidget(widget, 0, i * 2 + 1)
        self.finish()
        for view in (self.budget_view, self.grid_view):
            view.refused.connect(self._show_refusal)
        for model in (self.budget_model, self.grid_model):
            model.edit_refused.connect(self._show_refusal)
        self._total_listener = ops.listen_scores(self._on_scores, self)
        ops.findings_changed.connect(self._on_findings)
        self._grid_reshaped()
        self._fit_budget()
        self.budget_model.rowsInserted.connect(self._fit_budget)
        self.budget_model.rowsRemoved.connect(self._fit_budget)
        self._show_total()
        self._on_findings(ops.findings)
        if self.grid_model.rowCount():
            self.grid_view.setCurrentIndex(self.grid_model.index(0, G_NAME))
        self._update_buttons()

    # -- building

    def _grid(self, model: Any, parent: QWidget, name: str) -> GridView:
        view = GridView(self.ops, parent)
        view.setModel(model)
        view.setAccessibleName(name)
        view.verticalHeader().hide()
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return view

    def _group_bar(self, parent: QWidget) -> QHBoxLayout:
        """The 一级 and 二级 of the current row, with their 分值 (the national table prints no group
        分值, but they must add up: the checks say so)."""
        row = QHBoxLayout()
        self.group_edits: dict[str, tuple[QLineEdit, FigureEdit]] = {}
        for level, label in (("level1", "一级指标"), ("level2", "二级指标")):
            name, weight = QLineEdit(parent), FigureEdit(parent, chars=4)
            weight.setPlaceholderText("")
            name.setAccessibleName(label)
            weight.setAccessibleName(f"{label}分值")
            # Bound to the current row's groups by ``retarget``; to nothing until a row is chosen.
            name_binding = bind(self.ops, name, f"{self.base}/name", "text", f"修改{label}名称")
            weight_binding = bind(self.ops, weight, f"{self.base}/budget/weight", "number", f"修改{label}分值")
            name_binding.retire()
            weight_binding.retire()
            self.group_edits[level] = (name, weight)
            row.addWidget(QLabel(label, parent))
            row.addWidget(name, 1)
            row.addWidget(QLabel("分值", parent))
            row.addWidget(weight)
        return row

    def _grid_buttons(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_row_button = QPushButton("添加指标", parent)
        self.add_row_button.setToolTip("在当前行所在的二级指标下添加一行三级指标（Ctrl+Insert）")
        self.add_row_button.clicked.connect(self.add_row)
        self.add_level2_button = QPushButton("添加二级指标", parent)
        self.add_level2_button.clicked.connect(self.add_level2)
        self.remove_row_button = QPushButton("删除", parent)
        self.remove_row_button.setToolTip("删除当前行的三级指标（或空的二级指标）")
        self.remove_row_button.clicked.connect(self.remove_row)
        self.up_button = QPushButton("上移", parent)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button = QPushButton("下移", parent)
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        for button in (self.add_row_button, self.add_level2_button, self.remove_row_button, self.up_button, self.down_button):
            row.addWidget(button)
        row.addWidget(
            note("回车向下、Tab 向右，直接输入即可修改；可从 Excel/WPS 复制多行多列后按 Ctrl+V 粘贴。", parent), 1
        )
        return row

    # -- the grids

    def _grid_reshaped(self) -> None:
        view, model = self.grid_view, self.grid_model
        view.clearSpans()
        for column in (G_LEVEL1, G_LEVEL2):
            for first, count in model.spans(column):
                view.setSpan(first, column, count, 1)
        _fit_height(view, model.rowCount())
        self._current_changed(view.currentIndex())

    def _fit_budget(self) -> None:
        _fit_height(self.budget_view, self.budget_model.rowCount())

    def _current_changed(self, current: QModelIndex, *_: object) -> None:
        entry = self.grid_model.row_at(current.row()) if current.isValid() else None
        for level, pointer in (
            ("level1", entry.level1_pointer if entry else None),
            ("level2", entry.level2_pointer if entry else None),
        ):
            for widget, field in zip(self.group_edits[level], ("name", "weight"), strict=True):
                binding = _binding(widget)
                if pointer is None:
                    binding.flush()
                    binding.retire()
                    widget.clear()
                    widget.setEnabled(False)
                else:
                    widget.setEnabled(True)
                    binding.retarget(f"{pointer}/{field}")
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        editable = not self.ops.read_only
        entry = self.grid_model.row_at(self.grid_view.currentIndex().row())
        self.add_row_button.setEnabled(editable and (entry is not None or not self.grid_model.rowCount()))
        self.add_level2_button.setEnabled(editable and entry is not None and entry.level1 is not None)
        self.remove_row_button.setEnabled(editable and entry is not None)
        leaf_row = entry is not None and entry.leaf is not None
        self.up_button.setEnabled(editable and leaf_row)
        self.down_button.setEnabled(editable and leaf_row)
        self.add_line_button.setEnabled(editable)
        self.remove_line_button.setEnabled(editable and self.budget_view.currentIndex().row() > 0)

    def _show_refusal(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))

    # -- editing

    def add_line(self) -> None:
        self.ops.flush()
        lines = len(self.ops.package.projects[self.index].budget.lines)
        doc = {"label": "", "initial": None, "full": None, "executed": None}
        if self.ops.insert(f"{self.base}/budget/lines", lines, doc, "添加资金来源") is not None:
            self.budget_view.setCurrentIndex(self.budget_model.index(lines + 1, B_LABEL))
            self.budget_view.setFocus()

    def remove_line(self) -> None:
        row = self.budget_view.currentIndex().row()
        if row <= 0:
            return
        self.ops.flush()
        self.ops.remove(self.budget_model.line_pointer(row), "删除资金来源")

    def add_row(self) -> None:
        self.ops.flush()
        current = self.grid_view.currentIndex()
        pointer = self.grid_model.add_row(current.row() if current.isValid() else -1)
        if pointer is not None:
            self.select_cell(pointer, G_NAME)

    def add_level2(self) -> None:
        self.ops.flush()
        pointer = self.grid_model.add_level2(self.grid_view.currentIndex().row())
        if pointer is not None:
            self.select_cell(pointer, G_LEVEL2)

    def remove_row(self) -> None:
        current = self.grid_view.currentIndex()
        self.ops.flush()
        if self.grid_model.remove_row(current.row()):
            row = min(current.row(), self.grid_model.rowCount() - 1)
            if row >= 0:
                self.grid_view.setCurrentIndex(self.grid_model.index(row, current.column()))

    def move_row(self, step: int) -> None:
        current = self.grid_view.currentIndex()
        self.ops.flush()
        pointer = self.grid_model.move_row(current.row(), step)
        if pointer is not None:
            self.select_cell(pointer, current.column())

    def select_cell(self, pointer: str, column: int | None = None) -> bool:
        index = self.grid_model.pointer_cell(pointer)
        if not index.isValid():
            return False
        if column is not None:
            index = self.grid_model.index(index.row(), column)
        self.grid_view.setCurrentIndex(index)
        self.grid_view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.grid_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(self.grid_view, 40, 80)
        self.ensure_row_visible(self.grid_view, index.row())
        return True

    def ensure_row_visible(self, view: GridView, row: int) -> None:
        y = view.rowViewportPosition(row) + view.viewport().mapTo(self.page, view.viewport().rect().topLeft()).y()
        self.ensureVisible(0, y, 40, 80)

    # -- following the core

    def _on_scores(self, delta: ScoreDelta) -> None:
        if self.uid in delta.projects:
            self._show_total()

    def _show_total(self) -> None:
        result = self.ops.scores.projects.get(self.uid)
        if result is None:
            return
        state = "" if result.complete else "（含未评分指标）"
        self.total_label.setText(f"总分 {format_points(result.total)} 分　等级 {result.grade}{state}")
        self.total_label.setStyleSheet(f"color: {GRADE_COLOURS.get(result.grade, '#000')};")

    def _on_findings(self, findings: list[Any]) -> None:
        """Mark the grid cells the checks' errors and warnings point at (tinted, with the message)."""
        grid: dict[tuple[int, int], list[str]] = {}
        money: dict[tuple[int, int], list[str]] = {}
        for finding in findings:
            if finding.severity not in ("error", "warning") or project_index(finding.path) != self.index:
                continue
            rest = ptr.split(finding.path)[2:]
            if rest[:1] == ["tree"]:
                index = self.grid_model.pointer_cell(finding.path)
                if index.isValid():
                    grid.setdefault((index.row(), index.column()), []).append(finding.message)
            elif rest[:1] == ["budget"]:
                index = self.budget_model.locate(rest[1:])
                money.setdefault((index.row(), index.column()), []).append(finding.message)
        self.grid_model.set_marks({cell: "\n".join(m) for cell, m in grid.items()})
        self.budget_model.set_marks({cell: "\n".join(m) for cell, m in money.items()})

    def focus_pointer(self, pointer: str) -> bool:
        """Go to the field or grid cell of a pointer under this project."""
        tokens = ptr.split(pointer)[2:]
        if not tokens:
            self.reveal(self.header["name"])
            return True
        if tokens[0] == "tree":
            if len(tokens) == 1:
                return self.select_cell(pointer + "/0") if self.grid_model.rowCount() else False
            index = self.grid_model.pointer_cell(pointer)
            if not index.isValid():
                return False
            entry = self.grid_model.row_at(index.row())
            if entry is not None and index.column() in (G_LEVEL1, G_LEVEL2) and tokens[-1] == "weight":
                self.select_cell(pointer.rsplit("/", 1)[0])
                level = "level1" if index.column() == G_LEVEL1 else "level2"
                self.reveal(self.group_edits[level][1])
                return True
            self.grid_view.setCurrentIndex(index)
            self.grid_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensure_row_visible(self.grid_view, index.row())
            return True
        if tokens[0] == "budget":
            index = self.budget_model.locate(tokens[1:])
            self.budget_view.setCurrentIndex(index)
            self.budget_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(self.budget_view, 40, 80)
            return True
        return self.focus_binding(pointer)

    def retire(self) -> None:
        super().retire()
        self.ops.forget(self._total_listener)
        self.ops.findings_changed.disconnect(self._on_findings)
        self.grid_model.retire()
        self.budget_model.retire()
        for name, weight in self.group_edits.values():
            _binding(name).retire()
            _binding(weight).retire()
        for view in (self.grid_view, self.budget_view):
            editor = view.indexWidget(view.currentIndex())
            if editor is not None:
                view.closePersistentEditor(view.currentIndex())


def _binding(widget: QWidget) -> Any:
    from desktop.binding import bound

    found = bound(widget)
    assert found is not None
    return found


class ProjectsTab(MasterDetailTab[ProjectForm]):
    """项目支出. The list adds, copies, removes, renames and reorders projects; the form edits
    the chosen one. ``project_selected("/projects/N")`` (``""``: none) lets the totals bar show
    that project's total and grade (``desktop.tabs.registry``)."""

    project_selected = Signal(str)

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, LISTING, parent)
        self.copy_button, self.rename_button = self.buttons["copy"], self.buttons["rename"]

    def make_form(self, index: int) -> ProjectForm:
        return ProjectForm(self.ops, index, self.stack)

    def new_entry(self) -> dict[str, Any]:
        return new_project(NEW_PROJECT_NAME)

    def name_field(self, form: ProjectForm) -> QLineEdit:
        return form.header["name"]

    def shown(self) -> None:
        self.project_selected.emit(self.selected_project_pointer())

    def refused(self, message: str) -> None:
        if self.form is not None:
            self.form._show_refusal(message)

    def selected_project_pointer(self) -> str:
        """``/projects/N`` of the project shown, ``""`` for none."""
        return self.form.base if self.form is not None else ""

    # The names the tab's callers use.
    add_project = MasterDetailTab.add_entry
    copy_project = MasterDetailTab.copy_entry
    remove_project = MasterDetailTab.remove_entry
    move_project = MasterDetailTab.move_entry


LISTING = Listing(
    pointer="/projects",
    heading="项目",
    noun="项目",
    empty="本报告尚无项目支出绩效自评表。点击“添加”新建一个项目。",
    buttons=("add", "copy", "remove", "rename", "up", "down"),
    list_width=200,
    form_width=1000,
)
