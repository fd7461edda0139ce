"""表3 部门整体支出绩效评价指标表: the indicator tree with its scores and an editor for the selected row.

The tree shows what the core computed; the editor beside it changes the selected indicator
(分值, 得分, 计分规则, data, formula, texts) or group (name, 分值), or with no row selected the
table's title and 填报单位意见. Every edit goes through ``ops`` (one undo step, written to the
file at once) and comes back as a ``Change`` that repaints exactly the rows it altered.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.binding import refusal_text, write
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
)
from desktop.listeners import Listener
from desktop.ops import Ops
from desktop.widgets.indicator_editors import GroupPanel, LeafPanel, NodeEditor, SheetPanel
from perfcore import pointer as ptr
from perfcore.errors import UserError
from perfcore.model import Group, Leaf, Node
from perfcore.scoring import ScoreDelta
from perfcore.store import Change

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
MAX_NAME_WIDTH = 420
ROOMY_TEXT_WIDTH = 600
"""The 指标 column widens to its longest name only while the long texts keep this much."""


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
        else:
            # Wide (1920 px): the names whole, where the long texts keep room enough.
            wanted = min(self.sizeHintForColumn(COL_NAME), MAX_NAME_WIDTH) - fixed[COL_NAME]
            grow = max(0, min(wanted, rest - ROOMY_TEXT_WIDTH))
            fixed[COL_NAME] += grow
            rest -= grow
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
        self._scores_listener: Listener | None = None
        ops.listen("/indicators/tree", self._on_change, self)
        ops.listen("/figures", self._on_figures, self)
        ops.error.connect(self._on_refused_write)
        ops.findings_changed.connect(self._on_findings)
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
        self.editor_area.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # Tab goes from the tree straight to the fields
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

    def _action(
        self, text: str, slot: Any, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = (
                f"{tip or text}（{QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)}）"
            )
        action.setToolTip(tip or text)
        return action

    def _build_actions(self) -> None:
        self.add_leaf_action = self._action(
            "新增指标", self.add_leaf, "Ctrl+Shift+N", "在当前位置之后新增三级指标"
        )
        self.add_group_action = self._action(
            "新增分组", self.add_group, "Ctrl+Shift+G", "在当前分组之后新增分组"
        )
        self.remove_action = self._action("删除", self.remove_current, "Ctrl+Del", "删除选中的指标或分组")
        self.up_action = self._action("上移", lambda: self.move_current(-1), "Alt+Up")
        self.down_action = self._action("下移", lambda: self.move_current(+1), "Alt+Down")
        self.reset_action = self._action(
            "采用计算得分", self.use_computed, None, "清除填报的得分，采用计算得分"
        )
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
        for action in (
            self.add_leaf_action,
            self.add_group_action,
            self.remove_action,
            self.up_action,
            self.down_action,
        ):
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

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._show_current()
        self._update_actions()
        if current.siblingAtColumn(0) != previous.siblingAtColumn(0):
            # Another indicator: its 得分 at the top is what the user looks for first.
            self.editor_area.verticalScrollBar().setValue(0)

    def _show_current(self, moved: bool = False) -> None:
        """Show the current node in the panel; ``moved`` after a structural edit (addresses changed)."""
        index = self.current_index()
        node = self.model.node(index)
        self._follow_scores(node)
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
        panel: NodeEditor = self.leaf_panel if isinstance(node, Leaf) else self.group_panel
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
        if isinstance(panel, NodeEditor):
            panel.flush()

    # -- following the core

    def _on_change(self, change: Change) -> None:
        """A change under /indicators/tree: the panel follows an edit of the node it shows."""
        if change.structural:
            self._show_current(moved=True)
            self._update_actions()
            return
        node = self.current_node()
        panel = self.panels.currentWidget()
        if not (isinstance(panel, NodeEditor) and (change.pointer + "/").startswith(panel.base + "/")):
            return
        if node is not None and change.pointer == f"{panel.base}/name":
            panel.renamed(node)  # the next edits' undo labels name it by its new name
        if isinstance(node, Leaf) and panel is self.leaf_panel:
            self.leaf_panel.refresh()
        elif isinstance(node, Group) and panel is self.group_panel:
            self.group_panel.refresh(node)
        self._update_actions()

    def _on_figures(self, change: Change) -> None:
        """基础数据 changed: a figure added, removed or moved, or renamed, shows in the leaf's
        data fields and in its formula (a value alone is its field's own business)."""
        if not change.structural and change.pointer.rsplit("/", 1)[-1] == "value":
            return
        if self.panels.currentWidget() is self.leaf_panel:
            self.leaf_panel.figures_changed()

    def _on_scores(self, _delta: ScoreDelta) -> None:
        """The results of the node shown changed (``ops.listen_scores`` for its uid alone)."""
        node = self.current_node()
        panel = self.panels.currentWidget()
        if isinstance(node, Leaf) and panel is self.leaf_panel:
            self.leaf_panel.refresh_results()
        elif isinstance(node, Group) and panel is self.group_panel:
            self.group_panel.refresh(node)

    def _follow_scores(self, node: Node | None) -> None:
        if self._scores_listener is not None:
            if node is not None and self._scores_listener.uid == node.uid:
                return
            self.ops.forget(self._scores_listener)
            self._scores_listener = None
        if node is not None:
            self._scores_listener = self.ops.listen_scores(self._on_scores, self, node.uid)

    def _on_findings(self, findings: list[Any]) -> None:
        panel = self.panels.currentWidget()
        if isinstance(panel, (LeafPanel, GroupPanel)):
            panel.show_findings(findings)

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
        """Insert, remove or move a row; a refusal shows on the status line."""
        self.flush()
        try:
            change = call()
        except UserError as exc:
            self._refused(refusal_text(exc))
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
            self.flush()
            pointer = f"{self.model.pointer(self.current_index())}/score"
            write(self.ops, pointer, None, "采用计算得分", self._refused)

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
