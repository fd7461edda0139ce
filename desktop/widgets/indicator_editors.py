"""The editors beside the 表3 tree: the selected indicator, group, or the table itself.

Each editor follows one node by its JSON Pointer (``retarget``): its fields are bound through
``desktop.binding`` and write through ``ops``; the 计分规则 is edited with ``RuleEditor``.
Nothing here computes a score: the figures shown come from ``ops.scores``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import Binding, bind, refusal_text, write
from desktop.indicator_model import value_text
from desktop.ops import Ops
from desktop.widgets.fields import FigureEdit, TextArea, commit_on_pause, flush_typing
from desktop.widgets.message_slot import MessageSlot, release_all
from desktop.widgets.rule_editors import RuleEditor
from perfcore.errors import UserError
from perfcore.formula import FormulaError
from perfcore.formula_names import formula_names, from_labels, new_figure_key, to_labels
from perfcore.model import Group, Leaf, Node
from perfcore.money import format_points
from perfcore.rules import dependencies, uses_metric

SEVERITY_RANK = {"error": 2, "warning": 1, "info": 0}
SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {
    "error": "color: #b00020; background: #fdecea; padding: 4px;",
    "warning": "color: #8a5300; background: #fff4e0; padding: 4px;",
    "info": "color: #1f4e79; background: #eaf2fb; padding: 4px;",
}
FIGURE_UNITS = {"money": "万元", "percent": "%"}
"""The unit shown after a figure's field (money is typed in 万元, as on 表1)."""
FORMULA_HINT = (
    "用数据的中文名称和 + - × ÷ （ ） 书写，如 公用经费 ÷ 预算安排公用经费总额 × 100；\n"
    "可用的名称：基础数据各项和表1的数值字段，点“插入数据项”选取。"
)
FIGURE_KIND_CHOICES = (("数值", "number"), ("金额（万元）", "money"), ("人数、件数等整数", "count"), ("百分比", "percent"))


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


class NodeEditor(QWidget):
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
        for field, (widget, kind, _label) in self._fields.items():
            binding = self.bindings.get(field)
            if binding is None:
                self.bindings[field] = bind(self.ops, widget, f"{base}/{field}", kind, "")
            else:
                binding.retarget(f"{base}/{field}")
        self.relabel(subject)
        release_all(self)  # the messages of the node shown before give their space back

    def relabel(self, subject: str) -> None:
        """Name the node shown by ``subject`` in its fields' undo labels (after a rename too)."""
        for field, (_widget, _kind, label) in self._fields.items():
            self.bindings[field].label = f"修改{subject}的{label}" if subject else f"修改{label}"

    def renamed(self, node: Node) -> None:
        self.relabel(_subject(node))

    def flush(self) -> None:
        for binding in self.bindings.values():
            binding.flush()

    def show_findings(self, findings: list[Any]) -> None:
        """What the checks say about this node (by pointer or anchor) or about the figures shown
        in it (a 基础数据 figure of its formula), worst first."""
        base = self.base + "/"
        shown_here = self.shown_pointers()
        own = [
            f
            for f in findings
            if (f.path + "/").startswith(base) or (f.anchor + "/").startswith(base) or f.path in shown_here
        ]
        own.sort(key=lambda f: SEVERITY_RANK.get(f.severity, 0), reverse=True)
        label = self.findings_label
        label.setText("\n".join(f"{SEVERITY_TEXT.get(f.severity, '')}：{f.message}" for f in own))
        label.setStyleSheet(SEVERITY_STYLE.get(own[0].severity, "") if own else "")
        label.setVisible(bool(own))

    def shown_pointers(self) -> set[str]:
        """Pointers of values shown here that lie outside the node (none but a leaf's figures)."""
        return set()

    def _findings_label(self, parent: QWidget) -> QWidget:
        """The findings' box, in a slot that keeps a line for it (see desktop.widgets.message_slot)."""
        self.findings_label = QLabel(parent)
        self.findings_label.setWordWrap(True)
        self.findings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.findings_label.hide()
        return MessageSlot(self.findings_label, parent, lines=1)

    def focus_field(self, rest: list[str]) -> bool:
        binding = self.bindings.get(rest[0]) if rest else None
        if binding is None:
            return False
        binding.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class SheetPanel(NodeEditor):
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


class GroupPanel(NodeEditor):
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
        form.addRow(self._findings_label(box))
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
        # Whether the weights add up is the checks' to say (table3.group_weights), not a sum here.
        self.show_findings(self.ops.findings)


class LeafPanel(NodeEditor):
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
        # Text a rule form or the formula refused is a refused entry like a bound field's: the
        # first 撤销 takes it back to what the file holds (Ops.hold_refused).
        self.rule_editor.problem_shown.connect(lambda text: self._refused(self.rule_editor, text))
        ops.discard_requested.connect(self._discard_refused)

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
        grid.addWidget(MessageSlot(self.override, box), 3, 0, 1, 4)
        self.process = QLabel(box)
        self.process.setWordWrap(True)
        self.process.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.process.setStyleSheet("color: #444;")
        grid.addWidget(MessageSlot(self.process, box), 4, 0, 1, 4)
        grid.addWidget(self._findings_label(box), 5, 0, 1, 4)
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
        self.formula.setPlaceholderText("如 年末职工人数 ÷ 人员编制 × 100")
        self.formula.setToolTip(FORMULA_HINT)
        self.formula.editingFinished.connect(self._commit_metric)
        commit_on_pause(self.formula, self._commit_metric)
        self.insert_button = QToolButton(box)
        self.insert_button.setText("插入数据项")
        self.insert_button.setToolTip("在公式中插入基础数据或表1数值字段的名称")
        self.insert_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.insert_menu = QMenu(self.insert_button)
        self.insert_menu.aboutToShow.connect(self._fill_insert_menu)
        self.insert_button.setMenu(self.insert_menu)
        formula_row = QHBoxLayout()
        formula_row.addWidget(self.formula, 1)
        formula_row.addWidget(self.insert_button)
        form.addRow("计算公式", formula_row)
        self.unit = QLineEdit(box)
        self.unit.setAccessibleName("单位")
        self.unit.setMaximumWidth(80)
        self.unit.setPlaceholderText("如 %")
        self.unit.editingFinished.connect(self._commit_metric)
        commit_on_pause(self.unit, self._commit_metric)
        form.addRow("单位", self.unit)
        column.addLayout(form)
        self.metric_problem = _error_label(box)
        column.addWidget(MessageSlot(self.metric_problem, box))
        self.inputs_box = QWidget(box)
        self.inputs_grid = QGridLayout(self.inputs_box)
        self.inputs_grid.setContentsMargins(0, 0, 0, 0)
        self.inputs_grid.setColumnStretch(0, 1)
        column.addWidget(self.inputs_box)
        self.inputs_note = QLabel("公式用到的基础数据（全报告共用）：金额以万元为单位填写（按元填写请加“元”，如 850000元），留空表示未知。", box)
        self.inputs_note.setWordWrap(True)
        self.inputs_note.setStyleSheet("color: #666;")
        column.addWidget(self.inputs_note)
        add_row = QHBoxLayout()
        self.new_label = QLineEdit(box)
        self.new_label.setAccessibleName("新数据项名称")
        self.new_label.setPlaceholderText("新数据项的中文名称，如 满意人数")
        self.new_label.returnPressed.connect(self._add_input)
        self.new_kind = QComboBox(box)
        self.new_kind.setAccessibleName("新数据项类型")
        for text, kind in FIGURE_KIND_CHOICES:
            self.new_kind.addItem(text, kind)
        self.add_input_button = QPushButton("添加数据项", box)
        self.add_input_button.clicked.connect(self._add_input)
        add_row.addWidget(self.new_label, 1)
        add_row.addWidget(self.new_kind)
        add_row.addWidget(self.add_input_button)
        column.addLayout(add_row)
        self.inputs_problem = _error_label(box)
        column.addWidget(MessageSlot(self.inputs_problem, box))
        self.value = QLabel(box)
        self.value.setWordWrap(True)
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(MessageSlot(self.value, box))
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
        self._metric_problem("")
        self.inputs_problem.hide()
        self.rule_editor.show_problem("")

    def refresh(self) -> None:
        """Show the leaf's stored values and results (fields being typed into keep their text)."""
        leaf = self.leaf
        if leaf is None:
            return
        read_only = self.ops.read_only
        metric = leaf.metric
        for widget, text in (
            (self.formula, to_labels(metric.formula, self.ops.package.figures) if metric else ""),
            (self.unit, metric.unit if metric else ""),
        ):
            if widget.text() != text and not (widget.hasFocus() and widget.isModified()):
                with QSignalBlocker(widget):
                    widget.setText(text)
                    widget.setModified(False)
            widget.setReadOnly(read_only)
        known = {f.key for f in self.ops.package.figures}
        keys = [key for key in dependencies(leaf) if key in known]
        if keys != self.input_keys:
            self._rebuild_inputs(keys)
        self.new_label.setReadOnly(read_only)
        self.new_kind.setEnabled(not read_only)
        self.add_input_button.setEnabled(not read_only)
        self.insert_button.setEnabled(not read_only)
        # Formula and data matter to the rules that measure a value; others hide them unless set.
        self.data_box.setVisible(uses_metric(leaf) or leaf.metric is not None or bool(keys))
        self.value.setVisible(leaf.metric is not None)
        self.inputs_note.setVisible(bool(keys))
        self.rule_editor.load(leaf.rule, leaf.weight, read_only)
        self.refresh_results()
        self.show_findings(self.ops.findings)

    def figures_changed(self) -> None:
        """The package's figures changed shape or names: rebuild the data fields (their
        addresses may have moved) and show the formula in the new names."""
        for binding in self.input_bindings.values():
            binding.flush()
        self.input_keys = None
        self.refresh()

    def refresh_results(self) -> None:
        """Show what the core computed for the leaf (after an edit elsewhere, e.g. in 表1)."""
        leaf = self.leaf
        if leaf is None:
            return
        result = self.ops.scores.leaves.get(leaf.uid)
        computed = result.computed if result is not None else None
        self.computed.setText(
            "手工评分，不计算" if leaf.rule.type == "manual" else format_points(computed, "无法计算")
        )
        overridden = leaf.score is not None and computed is not None and leaf.score != computed
        self.reset_button.setEnabled(leaf.score is not None and not self.ops.read_only)
        self.override.setText(f"填报得分与计算得分 {format_points(computed)} 分不一致" if overridden else "")
        self.override.setVisible(overridden)
        if not self.bindings["score"].problem:
            self.score.setStyleSheet("background: #fde3c8;" if overridden else "")
        self.process.setText(f"计算过程：{result.process}" if result is not None else "")
        self.value.setText(self._value_sentence(leaf))

    def shown_pointers(self) -> set[str]:
        return {binding.pointer for binding in self.input_bindings.values()}

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
        figures = self.ops.package.figures
        for row, key in enumerate(keys):
            index = next(i for i, f in enumerate(figures) if f.key == key)
            figure = figures[index]
            label = QLabel(figure.label, self.inputs_box)
            label.setToolTip(f"公式中的名称：{key}")
            label.setWordWrap(True)
            field = FigureEdit(self.inputs_box, chars=10)
            field.setAccessibleName(figure.label)
            label.setBuddy(field)
            # Money is typed in 万元 with 表1's parser (``850000元`` is read as 元), as everywhere.
            kind = {"money": "money_wan", "count": "count"}.get(figure.kind, "number")
            binding = bind(self.ops, field, f"/figures/{index}/value", kind, f"修改{figure.label}")
            self.input_bindings[key] = binding
            self.inputs_grid.addWidget(label, row, 0)
            self.inputs_grid.addWidget(field, row, 1)
            self.inputs_grid.addWidget(QLabel(FIGURE_UNITS.get(figure.kind, ""), self.inputs_box), row, 2)

    # -- editing

    def _set(self, path: str, value: Any, label: str, problem: QLabel | None = None) -> bool:
        """Write one value of this node; a refusal shows under ``problem`` (else the rule's form)."""
        show = self.rule_editor.show_problem if problem is None else (lambda text: _show(problem, text))
        return write(self.ops, f"{self.base}/{path}", value, label, show).accepted

    def use_computed(self) -> None:
        self.bindings["score"].flush()
        self._set("score", None, "采用计算得分")

    def _commit_metric(self) -> None:
        if self.leaf is None or not (self.formula.isModified() or self.unit.isModified()):
            return
        if QApplication.activePopupWidget() is self.insert_menu:
            return  # the focus left for 插入数据项: the formula is still being written
        typed = self.formula.text().strip()
        try:
            # Typed with the Chinese names; stored with keys, as the exchange format says.
            formula = from_labels(typed, self.ops.package.figures) if typed else ""
        except FormulaError as exc:
            self._metric_problem(str(exc))
            return
        doc = None if not formula else {"formula": formula, "unit": self.unit.text().strip()}
        show = self._metric_problem
        if write(self.ops, f"{self.base}/metric", doc, "修改计算公式", show).accepted:
            self.formula.setModified(False)
            self.unit.setModified(False)

    def _metric_problem(self, text: str) -> None:
        _show(self.metric_problem, text)
        self._refused(self.formula, text)

    def _refused(self, field: QWidget, text: str) -> None:
        if text:
            self.ops.hold_refused(field)
        else:
            self.ops.release_refused(field)

    def _discard_refused(self) -> None:
        """撤销 of a refused entry: the rule form and the formula show what the file holds."""
        refused = self.ops.refused_fields
        if self.leaf is None or not (self.rule_editor in refused or self.formula in refused):
            return
        if self.formula in refused:
            self.formula.setModified(False)
            self.unit.setModified(False)
            self._metric_problem("")
        if self.rule_editor in refused:
            self.rule_editor.show_problem("")
        self.refresh()

    def _add_input(self) -> None:
        """Add a figure (基础数据) named in Chinese for the formula to read; its key is made
        from the name, so a formula that already names it by that name now reads it."""
        label = self.new_label.text().strip()
        if self.leaf is None or not label:
            return
        package = self.ops.package
        if any(name.label == label for name in formula_names(package.figures)):
            _show(self.inputs_problem, f"已有名为“{label}”的数据项，可直接在公式中使用")
            return
        key = new_figure_key(label, package.figures)
        doc = {"key": key, "label": label, "kind": self.new_kind.currentData(), "value": None}
        try:
            self.ops.insert("/figures", len(package.figures), doc, f"添加基础数据“{label}”")
        except UserError as exc:
            _show(self.inputs_problem, refusal_text(exc))
            return
        _show(self.inputs_problem, "")
        self.new_label.clear()

    def _fill_insert_menu(self) -> None:
        """The names a formula may read, by label: 基础数据 by group, then 表1's fields."""
        menu = self.insert_menu
        menu.clear()
        names = formula_names(self.ops.package.figures)
        figures = [n for n in names if n.source == "基础数据"]
        if not figures:
            menu.addSection("基础数据（尚无）")
        for group in dict.fromkeys(n.group for n in figures):
            menu.addSection(f"基础数据 · {group}" if group else "基础数据")
            for name in (n for n in figures if n.group == group):
                self._insert_action(menu, name.label)
        table1 = menu.addMenu("表1 数值字段")
        for name in (n for n in names if n.source == "表1"):
            self._insert_action(table1, name.label)

    def _insert_action(self, menu: QMenu, label: str) -> None:
        action = menu.addAction(label)
        action.triggered.connect(lambda _checked=False, text=label: self.insert_name(text))

    def insert_name(self, label: str) -> None:
        """Put ``label`` into the formula at the cursor, as if typed there."""
        field = self.formula
        cursor = field.cursorPosition()
        before = field.text()[:cursor]
        # A space keeps the name apart from a name or number just before it.
        field.insert((" " if before and not before.endswith((" ", "（", "(")) else "") + label)
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _rule_edit(self, path: str, value: Any, label: str) -> None:
        self._set(
            path, value, f"{label}（{self.leaf.name}）" if self.leaf is not None and self.leaf.name else label
        )

    def focus_field(self, rest: list[str]) -> bool:
        if not rest:
            return False
        head = rest[0]
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
        flush_typing(self.rule_editor)
