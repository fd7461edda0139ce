"""表3 部门整体支出绩效评价指标表: the indicator tree with its scores and an editor for the selected row.

The tree shows what the core computed; the panel below it edits the selected indicator
(texts, 分值, 得分, data, formula and 计分规则) or group (name, 分值). Every edit goes through
``ops`` (one undo step, written to the file at once) and comes back as a ``Change`` that
repaints exactly the rows it altered.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import Binding, bind
from desktop.indicator_model import (
    COL_COMPUTED,
    COL_CRITERION,
    COL_EXPLANATION,
    COL_FINAL,
    COL_NAME,
    COL_PROCESS,
    COL_VALUE,
    COL_WEIGHT,
    FIELD_COLUMN,
    IndicatorModel,
    value_text,
)
from desktop.ops import Ops
from desktop.widgets.fields import FigureEdit, TextArea
from desktop.widgets.rule_editors import RuleEditor
from perfcore import pointer as ptr
from perfcore.exchange import ExchangeError
from perfcore.labels import INPUT_LABELS, OVERALL_LABELS, name_label
from perfcore.model import OVERALL_NUMERIC_FIELDS, VALUE_RULES, Group, Leaf, Node
from perfcore.money import format_points

NEW_LEAF: dict[str, Any] = {
    "name": "新指标",
    "weight": 0,
    "criterion": "",
    "explanation": "",
    "rule": {"type": "manual"},
    "score": None,
    "note": "",
}
NEW_GROUP: dict[str, Any] = {"name": "新分组", "weight": 0, "children": []}

PANEL_WIDTH = 440
FIXED_WIDTHS = {COL_NAME: 190, COL_WEIGHT: 44, COL_VALUE: 84, COL_COMPUTED: 64, COL_FINAL: 84}
SHARED_WIDTHS = {COL_CRITERION: 3, COL_EXPLANATION: 2, COL_PROCESS: 5}
"""How the width left by the fixed columns is shared among the long texts."""
MIN_TEXT_WIDTH = 90
MIN_NAME_WIDTH = 130
LEAF_TEXT_FIELDS = ("name", "criterion", "explanation", "note")
FORMULA_NAMES_HINT = "可用名称：" + "、".join(f"{n}（{OVERALL_LABELS[n]}）" for n in OVERALL_NUMERIC_FIELDS)


def problem_text(exc: Exception) -> str:
    """The Chinese sentence of a refused value, without the pointer prefix."""
    return exc.message if isinstance(exc, ExchangeError) else str(exc)


def _subject(node: Node) -> str:
    return f"“{node.name}”" if node.name else ""


def _buddy(text: str, field: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(field)
    return label


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class _Panel(QWidget):
    """What edits one node; its fields follow the node's pointer as rows move."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.base = ""
        self.bindings: dict[str, Binding] = {}
        self._fields: dict[str, tuple[QLineEdit | QPlainTextEdit, str, str]] = {}

    def _bind(self, widget: QLineEdit | QPlainTextEdit, field: str, kind: str, label: str) -> None:
        """Declare a field; its binding is made when the first node is shown (it needs a pointer)."""
        widget.setAccessibleName(label)
        self._fields[field] = (widget, kind, label)

    def retarget(self, base: str, subject: str = "") -> None:
        """Show the node at ``base``; values still being typed for the previous one are written first.

        Also after a structural edit at the same address: the bindings retired themselves when
        their list changed shape, and the node shown may now sit elsewhere. ``subject`` names
        the node in the undo labels (编辑 › 撤销 修改“在职人员控制率”的分值)."""
        self.flush()
        self.base = base
        for field, (widget, kind, label) in self._fields.items():
            text = f"修改{subject}的{label}" if subject else f"修改{label}"
            binding = self.bindings.get(field)
            if binding is None:
                self.bindings[field] = bind(self.ops, widget, f"{base}/{field}", kind, text)
            else:
                binding.retarget(f"{base}/{field}")
                binding.label = text

    def flush(self) -> None:
        for binding in self.bindings.values():
            binding.flush()

    def focus_field(self, rest: list[str]) -> bool:
        binding = self.bindings.get(rest[0]) if rest else None
        if binding is None:
            return False
        binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class SheetPanel(_Panel):
    """The table as a whole: its title and the 填报单位意见 printed under it."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        box = QGroupBox("指标表", self)
        form = QFormLayout(box)
        self.title = QLineEdit(box)
        self._bind(self.title, "title", "text", "指标表标题")
        form.addRow("标题", self.title)
        self.opinion = TextArea(box, lines=4)
        self._bind(self.opinion, "opinion_unit", "text", "填报单位意见")
        form.addRow("填报单位意见", self.opinion)
        hint = QLabel("在上方选择一个指标或分组进行编辑；“新增指标”“新增分组”可添加。", box)
        hint.setStyleSheet("color: #666;")
        form.addRow(hint)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        box.setMaximumWidth(760)
        self.retarget("/indicators")


class GroupPanel(_Panel):
    """一级/二级指标: its name and 分值, and the subtotal the core computed."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        box = QGroupBox("分组", self)
        form = QFormLayout(box)
        self.name = QLineEdit(box)
        self.name.setPlaceholderText("（未命名）")
        self._bind(self.name, "name", "text", "分组名称")
        form.addRow("分组名称", self.name)
        self.weight = FigureEdit(box, chars=6)
        self._bind(self.weight, "weight", "number", "分组分值")
        form.addRow("分值", self.weight)
        self.subtotal = QLabel(box)
        form.addRow("得分小计", self.subtotal)
        self.children_sum = QLabel(box)
        self.children_sum.setWordWrap(True)
        form.addRow("下级分值合计", self.children_sum)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)
        box.setMaximumWidth(520)

    def show_group(self, base: str, group: Group, moved: bool = False) -> None:
        if moved or base != self.base:
            self.retarget(base, _subject(group))
        self.refresh(group)

    def refresh(self, group: Group) -> None:
        result = self.ops.scores.groups.get(group.uid)
        if result is None:
            self.subtotal.setText("")
        else:
            note = "" if result.complete else "（有指标尚未评分）"
            self.subtotal.setText(f"{format_points(result.subtotal)} 分{note}")
        total = sum((child.weight for child in group.children), start=group.weight * 0)
        text = f"{format_points(total)} 分"
        if total != group.weight:
            text += f"，与分组分值 {format_points(group.weight)} 分不一致"
            self.children_sum.setStyleSheet("color: #b00020;")
        else:
            self.children_sum.setStyleSheet("")
        self.children_sum.setText(text)


class LeafPanel(_Panel):
    """三级指标: texts, 分值 and 得分; the data and formula; the 计分规则 form."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(ops, parent)
        self.leaf: Leaf | None = None
        self.input_bindings: dict[str, Binding] = {}
        self.input_keys: list[str] | None = None
        # One column beside the tree, most used first: the score, the rule, the data, the texts.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._build_basic())
        layout.addWidget(self._build_rule())
        layout.addWidget(self._build_data())
        layout.addWidget(self._build_texts())
        layout.addStretch(1)

    # -- building

    def _build_basic(self) -> QGroupBox:
        box = QGroupBox("指标", self)
        grid = QGridLayout(box)
        grid.setColumnStretch(3, 1)
        self.name = QLineEdit(box)
        self._bind(self.name, "name", "text", "指标名称")
        grid.addWidget(_buddy("三级指标", self.name, box), 0, 0)
        grid.addWidget(self.name, 0, 1, 1, 3)
        self.weight = FigureEdit(box, chars=6)
        self._bind(self.weight, "weight", "number", "分值")
        grid.addWidget(_buddy("分值", self.weight, box), 1, 0)
        grid.addWidget(self.weight, 1, 1)
        grid.addWidget(QLabel("计算得分", box), 1, 2, Qt.AlignmentFlag.AlignRight)
        self.computed = QLabel(box)
        grid.addWidget(self.computed, 1, 3)
        self.score = FigureEdit(box, chars=6)
        self.score.setPlaceholderText("同计算得分")
        self._bind(self.score, "score", "number", "得分")
        grid.addWidget(_buddy("得分", self.score, box), 2, 0)
        grid.addWidget(self.score, 2, 1)
        self.reset_button = QPushButton("采用计算得分", box)
        self.reset_button.setToolTip("清除填报的得分，采用按计分规则计算的得分")
        self.reset_button.clicked.connect(self.use_computed)
        grid.addWidget(self.reset_button, 2, 2, 1, 2, Qt.AlignmentFlag.AlignLeft)
        self.override = QLabel(box)
        self.override.setWordWrap(True)
        self.override.setStyleSheet("color: #9a4a00;")
        grid.addWidget(self.override, 3, 0, 1, 4)
        self.process = QLabel(box)
        self.process.setWordWrap(True)
        self.process.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.process.setStyleSheet("color: #444;")
        grid.addWidget(self.process, 4, 0, 1, 4)
        return box

    def _build_texts(self) -> QGroupBox:
        box = QGroupBox("评价标准与说明", self)
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.criterion = TextArea(box, lines=4)
        self._bind(self.criterion, "criterion", "text", "评价标准")
        form.addRow("评价标准", self.criterion)
        self.explanation = TextArea(box, lines=3)
        self._bind(self.explanation, "explanation", "text", "指标说明")
        form.addRow("指标说明", self.explanation)
        self.note = TextArea(box, lines=2)
        self.note.setPlaceholderText("留空则打印程序生成的计算过程")
        self._bind(self.note, "note", "text", "计算过程说明")
        form.addRow("计算过程说明", self.note)
        return box

    def _build_data(self) -> QGroupBox:
        box = QGroupBox("数据与公式", self)
        self.data_box = box
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.formula = QLineEdit(box)
        self.formula.setAccessibleName("计算公式")
        self.formula.setPlaceholderText("如 staff_actual / staff_quota * 100")
        self.formula.setToolTip(FORMULA_NAMES_HINT)
        self.formula.editingFinished.connect(self._commit_metric)
        form.addRow("计算公式", self.formula)
        self.unit = QLineEdit(box)
        self.unit.setAccessibleName("单位")
        self.unit.setMaximumWidth(80)
        self.unit.setPlaceholderText("如 %")
        self.unit.editingFinished.connect(self._commit_metric)
        form.addRow("单位", self.unit)
        column.addLayout(form)
        self.metric_problem = _error_label(box)
        column.addWidget(self.metric_problem)
        self.inputs_box = QWidget(box)
        self.inputs_grid = QGridLayout(self.inputs_box)
        self.inputs_grid.setContentsMargins(0, 0, 0, 0)
        self.inputs_grid.setColumnStretch(0, 1)
        column.addWidget(self.inputs_box)
        self.inputs_note = QLabel("指标数据：金额以元为单位填写，留空表示未知。", box)
        self.inputs_note.setWordWrap(True)
        self.inputs_note.setStyleSheet("color: #666;")
        column.addWidget(self.inputs_note)
        add_row = QHBoxLayout()
        self.new_key = QLineEdit(box)
        self.new_key.setAccessibleName("新数据项名称")
        self.new_key.setPlaceholderText("新数据项名称（英文）")
        self.new_key.returnPressed.connect(self._add_input)
        self.add_input_button = QPushButton("添加数据项", box)
        self.add_input_button.clicked.connect(self._add_input)
        add_row.addWidget(self.new_key, 1)
        add_row.addWidget(self.add_input_button)
        column.addLayout(add_row)
        self.inputs_problem = _error_label(box)
        column.addWidget(self.inputs_problem)
        self.value = QLabel(box)
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.value)
        column.addStretch(1)
        return box

    def _build_rule(self) -> QGroupBox:
        box = QGroupBox("计分规则", self)
        column = QVBoxLayout(box)
        self.rule_editor = RuleEditor(box)
        self.rule_editor.edit_requested.connect(self._rule_edit)
        column.addWidget(self.rule_editor)
        return box

    # -- showing

    def show_leaf(self, base: str, leaf: Leaf, moved: bool = False) -> None:
        if moved or base != self.base or leaf is not self.leaf:
            self.retarget(base, _subject(leaf))
        self.leaf = leaf
        self.refresh()

    def retarget(self, base: str, subject: str = "") -> None:
        for binding in self.input_bindings.values():
            binding.flush()
        super().retarget(base, subject)
        self.input_keys = None  # the next refresh() builds the new leaf's data fields
        self.metric_problem.hide()
        self.inputs_problem.hide()
        self.rule_editor.show_problem("")

    def refresh(self) -> None:
        """Show the leaf's stored values and results (fields being typed into keep their text)."""
        leaf = self.leaf
        if leaf is None:
            return
        read_only = self.ops.read_only
        metric = leaf.metric
        for widget, text in ((self.formula, metric.formula if metric else ""), (self.unit, metric.unit if metric else "")):
            if widget.text() != text and not (widget.hasFocus() and widget.isModified()):
                with QSignalBlocker(widget):
                    widget.setText(text)
                    widget.setModified(False)
            widget.setReadOnly(read_only)
        keys = list((leaf.inputs or {}).keys())
        if keys != self.input_keys:
            self._rebuild_inputs(keys)
        self.new_key.setReadOnly(read_only)
        self.add_input_button.setEnabled(not read_only)
        # Formula and data matter to the rules that measure a value; others hide them unless set.
        self.data_box.setVisible(leaf.rule.type in VALUE_RULES or leaf.metric is not None or bool(keys))
        self.value.setVisible(leaf.metric is not None)
        self.inputs_note.setVisible(bool(keys))
        self.rule_editor.load(leaf.rule, leaf.weight, read_only)
        self.refresh_results()

    def refresh_results(self) -> None:
        """Show what the core computed for the leaf (after an edit elsewhere, e.g. in 表1)."""
        leaf = self.leaf
        if leaf is None:
            return
        result = self.ops.scores.leaves.get(leaf.uid)
        computed = result.computed if result is not None else None
        self.computed.setText("手工评分，不计算" if leaf.rule.type == "manual" else format_points(computed, "无法计算"))
        overridden = leaf.score is not None and computed is not None and leaf.score != computed
        self.reset_button.setEnabled(leaf.score is not None and not self.ops.read_only)
        self.override.setText(f"填报得分与计算得分 {format_points(computed)} 分不一致" if overridden else "")
        self.override.setVisible(overridden)
        if not self.bindings["score"].problem:
            self.score.setStyleSheet("background: #fde3c8;" if overridden else "")
        self.process.setText(f"计算过程：{result.process}" if result is not None else "")
        self.value.setText(self._value_sentence(leaf))

    def _value_sentence(self, leaf: Leaf) -> str:
        result = self.ops.scores.leaves.get(leaf.uid)
        if result is None:
            return ""
        if result.value is not None or not result.reason:
            return f"计算值：{value_text(leaf, result)}"
        return f"计算值：无法计算（{result.reason}）"

    def _rebuild_inputs(self, keys: list[str]) -> None:
        for binding in self.input_bindings.values():
            binding.flush()
        while self.inputs_grid.count():
            item = self.inputs_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.input_bindings = {}
        self.input_keys = keys
        for row, key in enumerate(keys):
            label = QLabel(INPUT_LABELS.get(key, key), self.inputs_box)
            label.setToolTip(f"公式中的名称：{key}")
            label.setWordWrap(True)
            field = FigureEdit(self.inputs_box, chars=10)
            field.setAccessibleName(name_label(key))
            label.setBuddy(field)
            binding = bind(self.ops, field, f"{self.base}/inputs/{key}", "number", f"修改{name_label(key)}")
            self.input_bindings[key] = binding
            remove = QToolButton(self.inputs_box)
            remove.setText("×")
            remove.setToolTip(f"删除数据项“{name_label(key)}”")
            remove.setEnabled(not self.ops.read_only)
            remove.clicked.connect(lambda _=False, k=key: self._remove_input(k))
            self.inputs_grid.addWidget(label, row, 0)
            self.inputs_grid.addWidget(field, row, 1)
            self.inputs_grid.addWidget(remove, row, 2)

    # -- editing

    def _set(self, path: str, value: Any, label: str, problem: QLabel | None = None) -> bool:
        try:
            self.ops.set(f"{self.base}/{path}", value, label)
        except ValueError as exc:
            if problem is not None:
                _show(problem, problem_text(exc))
            else:
                self.rule_editor.show_problem(problem_text(exc))
            return False
        if problem is not None:
            _show(problem, "")
        return True

    def use_computed(self) -> None:
        self.bindings["score"].flush()
        self._set("score", None, "采用计算得分")

    def _commit_metric(self) -> None:
        if self.leaf is None or not (self.formula.isModified() or self.unit.isModified()):
            return
        formula = self.formula.text().strip()
        doc = None if not formula else {"formula": formula, "unit": self.unit.text().strip()}
        if self._set("metric", doc, "修改计算公式", self.metric_problem):
            self.formula.setModified(False)
            self.unit.setModified(False)

    def _inputs_doc(self) -> dict[str, Any]:
        doc = self.ops.get(f"{self.base}/inputs") if self.leaf is not None and self.leaf.inputs is not None else {}
        return dict(doc)

    def _add_input(self) -> None:
        key = self.new_key.text().strip()
        if self.leaf is None or not key:
            return
        inputs = self._inputs_doc()
        if key in inputs:
            _show(self.inputs_problem, f"数据项“{key}”已存在")
            return
        inputs[key] = None
        if self._set("inputs", inputs, f"添加数据项{name_label(key)}", self.inputs_problem):
            self.new_key.clear()
            field = self.input_bindings.get(key)
            if field is not None:
                field.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _remove_input(self, key: str) -> None:
        inputs = self._inputs_doc()
        inputs.pop(key, None)
        self._set("inputs", inputs or None, f"删除数据项{name_label(key)}", self.inputs_problem)

    def _rule_edit(self, path: str, value: Any, label: str) -> None:
        self._set(path, value, f"{label}（{self.leaf.name}）" if self.leaf is not None and self.leaf.name else label)

    def focus_field(self, rest: list[str]) -> bool:
        if not rest:
            return False
        head = rest[0]
        if head == "inputs":
            binding = self.input_bindings.get(rest[1]) if len(rest) > 1 else None
            widget: QWidget = binding.widget if binding is not None else self.new_key
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if head == "metric":
            (self.unit if rest[1:] == ["unit"] else self.formula).setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if head == "rule":
            return self.rule_editor.focus(rest[1:])
        return super().focus_field(rest)

    def flush(self) -> None:
        super().flush()
        for binding in self.input_bindings.values():
            binding.flush()
        self._commit_metric()


class IndicatorTree(QTreeView):
    """The tree whose columns fit its width until the user sizes one: the scores always show,
    and 评价标准/指标说明 step aside on a narrow window (the editor beside shows them in full)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_sized = False
        self._fitting = False
        self.header().setStretchLastSection(False)
        self.header().sectionResized.connect(self._section_resized)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self.user_sized:
            self.fit_columns()

    def fit_columns(self) -> None:
        header = self.header()
        fixed = dict(FIXED_WIDTHS)
        rest = self.viewport().width() - sum(fixed.values())
        if rest < MIN_TEXT_WIDTH:
            # Narrow (150 % scaling): the names give way before the scores leave the screen.
            squeeze = min(MIN_TEXT_WIDTH - rest, fixed[COL_NAME] - MIN_NAME_WIDTH)
            fixed[COL_NAME] -= squeeze
            rest += squeeze
        shared = SHARED_WIDTHS if rest >= MIN_TEXT_WIDTH * len(SHARED_WIDTHS) else {COL_PROCESS: 1}
        parts = sum(shared.values())
        self._fitting = True
        try:
            for column, width in fixed.items():
                header.resizeSection(column, width)
            for column in SHARED_WIDTHS:
                header.setSectionHidden(column, column not in shared)
            for column, part in shared.items():
                header.resizeSection(column, max(MIN_TEXT_WIDTH, rest * part // parts))
        finally:
            self._fitting = False

    def _section_resized(self, *_: object) -> None:
        if not self._fitting:
            self.user_sized = True


class IndicatorsTab(QWidget):
    """表3. ``focus_pointer`` selects the row (and field) of any pointer under /indicators."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._sized = False
        self.model = IndicatorModel(ops, self)
        self._build()
        ops.changed.connect(self._on_change)
        ops.error.connect(self._on_refused_write)
        ops.flush_requested.connect(self.flush)
        self.model.edit_refused.connect(self._refused)
        self.tree.expandAll()
        first = self._first_leaf(QModelIndex())
        if first.isValid():
            self.select(first)
        self._update_actions()

    # -- building

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = QToolBar("表3", self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        layout.addWidget(self.toolbar)
        self.tree = IndicatorTree(self)
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setAccessibleName("指标")
        self.tree.header().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.leaf_panel = LeafPanel(self.ops)
        self.group_panel = GroupPanel(self.ops)
        self.sheet_panel = SheetPanel(self.ops)
        self.panels = QStackedWidget()
        for panel in (self.sheet_panel, self.leaf_panel, self.group_panel):
            self.panels.addWidget(panel)
        self.editor_area = QScrollArea(self)
        self.editor_area.setWidgetResizable(True)
        self.editor_area.setFrameShape(QFrame.Shape.NoFrame)
        self.editor_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the tree straight to the fields
        self.editor_area.setWidget(self.panels)
        # Editor beside the tree, not below it: at 1366×768 with the checks panel open, height is
        # what is short, and the whole tree with its scores should stay in view.
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.editor_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([PANEL_WIDTH * 2, PANEL_WIDTH])
        self.editor_area.setMinimumWidth(PANEL_WIDTH * 3 // 5)
        self.editor_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        self.status = QLabel(self)
        self.status.setStyleSheet("color: #b00020; padding: 2px 6px;")
        self.status.hide()
        layout.addWidget(self.status)
        self._build_actions()

    def _action(self, text: str, slot: Any, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip or text}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）"
        action.setToolTip(tip or text)
        return action

    def _build_actions(self) -> None:
        self.add_leaf_action = self._action("新增指标", self.add_leaf, "Ctrl+Shift+N", "在当前位置之后新增三级指标")
        self.add_group_action = self._action("新增分组", self.add_group, "Ctrl+Shift+G", "在当前分组之后新增分组")
        self.remove_action = self._action("删除", self.remove_current, "Ctrl+Del", "删除选中的指标或分组")
        self.up_action = self._action("上移", lambda: self.move_current(-1), "Alt+Up")
        self.down_action = self._action("下移", lambda: self.move_current(+1), "Alt+Down")
        self.reset_action = self._action("采用计算得分", self.use_computed, None, "清除填报的得分，采用计算得分")
        self.expand_action = self._action("全部展开", self.tree.expandAll)
        self.sheet_action = self._action("标题与意见", self.show_sheet, None, "编辑指标表标题和填报单位意见")
        for action in (self.add_leaf_action, self.add_group_action, self.remove_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.up_action)
        self.toolbar.addAction(self.down_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.reset_action)
        self.toolbar.addAction(self.expand_action)
        self.toolbar.addAction(self.sheet_action)
        for action in (self.add_leaf_action, self.add_group_action, self.remove_action, self.up_action, self.down_action):
            self.addAction(action)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._sized:
            # Sized once the real width is known: the editor takes at most 40 % of a narrow window.
            self._sized = True
            width = self.splitter.width()
            panel = min(PANEL_WIDTH, max(self.editor_area.minimumWidth(), width * 2 // 5))
            self.splitter.setSizes([width - panel, panel])

    # -- selection and focus

    def _first_leaf(self, parent: QModelIndex) -> QModelIndex:
        for row in range(self.model.rowCount(parent)):
            index = self.model.index(row, 0, parent)
            if isinstance(self.model.node(index), Leaf):
                return index
            found = self._first_leaf(index)
            if found.isValid():
                return found
        return QModelIndex()

    def current_index(self) -> QModelIndex:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0) if index.isValid() else index

    def current_node(self) -> Node | None:
        return self.model.node(self.current_index())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()
        self._update_actions()

    def _show_current(self, moved: bool = False) -> None:
        """Show the current node in the panel; ``moved`` after a structural edit (addresses changed)."""
        index = self.current_index()
        node = self.model.node(index)
        if node is None:
            self._show_panel(self.sheet_panel)
            return
        base = self.model.pointer(index)
        if isinstance(node, Leaf):
            self.leaf_panel.show_leaf(base, node, moved)
            self._show_panel(self.leaf_panel)
        else:
            self.group_panel.show_group(base, node, moved)
            self._show_panel(self.group_panel)

    def select(self, index: QModelIndex, column: int = COL_NAME) -> None:
        target = index.siblingAtColumn(column)
        self.tree.scrollTo(target)
        self.tree.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def focus_pointer(self, pointer: str) -> bool:
        """Select the row of ``pointer`` (under /indicators/tree) and focus the field it names."""
        if pointer in ("/indicators", "/indicators/title", "/indicators/opinion_unit"):
            self.show_sheet()
            self.sheet_panel.focus_field([ptr.last(pointer)])
            return True
        index, rest = self.model.locate(pointer)
        if not index.isValid():
            return False
        self.select(index, FIELD_COLUMN.get(rest[0], COL_NAME) if rest else COL_NAME)
        node = self.model.node(index)
        panel: _Panel = self.leaf_panel if isinstance(node, Leaf) else self.group_panel
        if rest and panel.focus_field(rest):
            self.editor_area.ensureWidgetVisible(self.focusWidget() or panel)
            return True
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _show_panel(self, panel: QWidget) -> None:
        # A stacked widget is as tall as its tallest page; only the page shown may count, or the
        # short pages scroll for nothing.
        for page in (self.sheet_panel, self.leaf_panel, self.group_panel):
            policy = QSizePolicy.Policy.Preferred if page is panel else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.panels.setCurrentWidget(panel)
        self.panels.adjustSize()

    def show_sheet(self) -> None:
        """Show the table's title and opinion (no row selected)."""
        self.tree.selectionModel().clearCurrentIndex()
        self.tree.clearSelection()
        self._show_panel(self.sheet_panel)

    def flush(self) -> None:
        """Write what is still being typed in the panel (tab switch, undo, exit)."""
        panel = self.panels.currentWidget()
        if isinstance(panel, _Panel):
            panel.flush()

    # -- following the core

    def _on_change(self, change: Any) -> None:
        if change.structural:
            self._show_current(moved=True)
            self._update_actions()
            return
        node = self.current_node()
        panel = self.panels.currentWidget()
        # Only what concerns the node shown is refreshed: a keystroke in 表1 must stay cheap.
        own = isinstance(panel, _Panel) and (change.pointer + "/").startswith(panel.base + "/")
        if isinstance(node, Leaf) and panel is self.leaf_panel:
            if own:
                self.leaf_panel.refresh()
            elif node.uid in change.delta.leaves:
                self.leaf_panel.refresh_results()
        elif isinstance(node, Group) and panel is self.group_panel:
            if own or node.uid in change.delta.groups:
                self.group_panel.refresh(node)
        if own:
            self._update_actions()

    def _on_refused_write(self, _message: str) -> None:
        # The store reloaded its package from the file: show what the file holds. Addresses did
        # not move, so the fields stay bound (and keep what was typed, with the reason shown);
        # retargeting would write the refused text again, and again.
        self.model.reload()
        node = self.current_node()
        if isinstance(node, Leaf) and self.panels.currentWidget() is self.leaf_panel:
            self.leaf_panel.leaf = node
            self.leaf_panel.refresh()
        elif isinstance(node, Group) and self.panels.currentWidget() is self.group_panel:
            self.group_panel.refresh(node)
        self._update_actions()

    def _refused(self, message: str) -> None:
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def _update_actions(self) -> None:
        node = self.current_node()
        index = self.current_index()
        editable = not self.ops.read_only
        self.add_leaf_action.setEnabled(editable)
        self.add_group_action.setEnabled(editable)
        self.remove_action.setEnabled(editable and node is not None)
        rows = self.model.rowCount(index.parent()) if index.isValid() else 0
        self.up_action.setEnabled(editable and index.isValid() and index.row() > 0)
        self.down_action.setEnabled(editable and index.isValid() and index.row() < rows - 1)
        self.reset_action.setEnabled(editable and isinstance(node, Leaf) and node.score is not None)

    # -- editing the tree

    def _apply(self, call: Any) -> Any:
        self.flush()
        try:
            change = call()
        except ValueError as exc:
            self._refused(problem_text(exc))
            return None
        self._refused("")
        return change

    def add_leaf(self) -> None:
        index = self.current_index()
        node = self.model.node(index)
        if node is None:
            list_pointer, position = "/indicators/tree", self.model.rowCount()
        elif isinstance(node, Group):
            list_pointer, position = f"{self.model.pointer(index)}/children", len(node.children)
        else:
            list_pointer, position = ptr.parent(self.model.pointer(index)), index.row() + 1
        self._insert(list_pointer, position, NEW_LEAF, "新增指标")

    def add_group(self) -> None:
        index = self.current_index()
        node = self.model.node(index)
        if isinstance(node, Leaf):
            index = index.parent()
        if not index.isValid():
            list_pointer, position = "/indicators/tree", self.model.rowCount()
        else:
            list_pointer, position = ptr.parent(self.model.pointer(index)), index.row() + 1
        self._insert(list_pointer, position, NEW_GROUP, "新增分组")

    def _insert(self, list_pointer: str, position: int, doc: dict[str, Any], label: str) -> None:
        change = self._apply(lambda: self.ops.insert(list_pointer, position, doc, label))
        if change is None:
            return
        index, _ = self.model.locate(f"{list_pointer}/{position}")
        if index.isValid():
            self.select(index)
            self.focus_pointer(f"{list_pointer}/{position}/name")
            focused = self.focusWidget()
            if isinstance(focused, QLineEdit):
                focused.selectAll()

    def remove_current(self) -> None:
        index = self.current_index()
        node = self.model.node(index)
        if node is None:
            return
        name = node.name or "（未命名）"
        if isinstance(node, Group) and node.children and not self.confirm_remove(name, len(node.children)):
            return
        pointer = self.model.pointer(index)
        label = f"删除{'分组' if isinstance(node, Group) else '指标'}“{name}”"
        self._apply(lambda: self.ops.remove(pointer, label))
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def confirm_remove(self, name: str, children: int) -> bool:
        answer = QMessageBox.question(
            self,
            "删除分组",
            f"删除分组“{name}”及其下 {children} 项指标？\n删除后可用“撤销”恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def move_current(self, step: int) -> None:
        index = self.current_index()
        if not index.isValid():
            return
        target = index.row() + step
        if not 0 <= target < self.model.rowCount(index.parent()):
            return
        pointer = self.model.pointer(index)
        node = self.model.node(index)
        label = f"{'上移' if step < 0 else '下移'}“{node.name if node is not None else ''}”"
        self._apply(lambda: self.ops.move(pointer, ptr.parent(pointer), target, label))
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def use_computed(self) -> None:
        node = self.current_node()
        if isinstance(node, Leaf) and node.score is not None:
            self._apply(lambda: self.ops.set(f"{self.model.pointer(self.current_index())}/score", None, "采用计算得分"))

    def _context_menu(self, position: Any) -> None:
        index = self.tree.indexAt(position)
        if index.isValid():
            self.select(index, index.column())
        menu = QMenu(self.tree)
        node = self.current_node()
        if isinstance(node, Leaf):
            menu.addAction(self.reset_action)
            menu.addSeparator()
        for action in (self.add_leaf_action, self.add_group_action, self.remove_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.up_action)
        menu.addAction(self.down_action)
        menu.popup(self.tree.viewport().mapToGlobal(position))


__all__ = ["IndicatorsTab", "COL_COMPUTED", "COL_CRITERION", "COL_EXPLANATION", "COL_VALUE", "COL_WEIGHT"]
