"""审核结果: the findings of the checks, grouped by form; activating one takes the user to its field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QStyle, QTabWidget, QTreeWidget, QWidget

from desktop.explain_panel import ExplainPanel
from desktop.widgets.tree_items import children, top_level_items

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTreeWidgetItem

    from desktop.ops import Ops


FORM_TITLES = {
    "表1": "表1 整体支出绩效自评报告",
    "表2": "表2 专项资金绩效自评报告",
    "表3": "表3 绩效评价指标表",
    "项目支出": "项目支出绩效自评表",
    "基础数据": "基础数据表",
    "报告设置": "报告设置",
}
SEVERITY_TEXT = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_ICON = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
POINTER_ROLE = Qt.ItemDataRole.UserRole + 1


class ChecksDock(QDockWidget):
    """Shows ``Ops.findings_changed``; ``activated(pointer)`` when the user picks a finding."""

    activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("审核结果", parent)
        self.setObjectName("checks_dock")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setAccessibleName("审核结果")
        self.tree.itemActivated.connect(self._activate)
        self.tree.itemClicked.connect(self._activate)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.tree, "审核结果")
        self.explain = ExplainPanel(self.pages)
        self.explain.activated.connect(self.activated)
        self.pages.addTab(self.explain, "失分分析")
        self.setWidget(self.pages)
        self.ops: Ops | None = None
        self.findings: list[Any] = []

    def attach(self, ops: Ops | None) -> None:
        self.ops = ops
        self.explain.attach(ops)
        self.show_findings([])
        if ops is not None:
            ops.findings_changed.connect(self.show_findings)

    def show_findings(self, findings: list[Any]) -> None:
        # Imported here: the window shows before any finding exists, and this type is slow to set up.
        from PySide6.QtWidgets import QTreeWidgetItem

        self.findings = list(findings)
        self.tree.clear()
        counts = dict.fromkeys(SEVERITY_TEXT, 0)
        groups: dict[str, QTreeWidgetItem] = {}
        style = self.style()
        for finding in findings:
            counts[finding.severity] = counts.get(finding.severity, 0) + 1
            form = getattr(finding, "form", "表1")
            group = groups.get(form)
            if group is None:
                group = QTreeWidgetItem(self.tree, [FORM_TITLES.get(form, form)])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                group.setExpanded(True)
                groups[form] = group
            item = QTreeWidgetItem(
                group, [f"{SEVERITY_TEXT.get(finding.severity, finding.severity)}：{finding.message}"]
            )
            item.setIcon(0, style.standardIcon(SEVERITY_ICON.get(finding.severity, SEVERITY_ICON["info"])))
            item.setToolTip(0, f"{finding.message}\n位置：{finding.path}\n单击转到该项")
            # A figure's finding goes to the figure on the 基础数据 tab.
            item.setData(0, POINTER_ROLE, finding.path)
        for group in groups.values():
            group.setText(0, f"{group.text(0)}（{group.childCount()}）")
        self.tree.expandAll()
        if findings:
            self.setWindowTitle(
                f"审核结果：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
            )
        else:
            self.setWindowTitle("审核结果：未发现问题" if self.ops is not None else "审核结果")

    def _activate(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        pointer = item.data(0, POINTER_ROLE)
        if pointer:
            self.activated.emit(str(pointer))

    def item_for(self, pointer: str) -> QTreeWidgetItem | None:
        """The first row pointing at ``pointer`` (for tests and keyboard users)."""
        for group in top_level_items(self.tree):
            for child in children(group):
                if child.data(0, POINTER_ROLE) == pointer:
                    return child
        return None
