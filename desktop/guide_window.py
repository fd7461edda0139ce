"""帮助 › 填报说明 (F1): the built-in guide in a window of its own, opened at a paragraph.

The text and which paragraph belongs to which field are the core's (``perfcore.guide``); this
shows the Markdown in a ``QTextBrowser`` and scrolls to a heading. F1 on a field opens the
paragraph of that field; on a 三级指标 of 表3 the guide starts with that indicator's paragraph
(指标说明, 评价标准 and how its rule gives points).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from desktop.binding import bound
from perfcore.guide import INDICATOR, TOP, Guide, indicator_help, load_guide, topic
from perfcore.model import Leaf, Package, figure_index, iter_all_nodes

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

_TAB_TOPICS = {"表1": "overall", "表2": "funds", "表3": "indicators", "项目支出": "projects", "基础数据": "figures"}
"""A tab's title (its start) → the paragraph of that form, when the focus is on no field."""


class GuideWindow(QWidget):
    """The guide: one window per main window, raised and moved to a paragraph on each F1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setWindowTitle("填报说明")
        self.resize(760, 640)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # links inside are anchors of the guide: go_to
        self.browser.anchorClicked.connect(self._follow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.guide = Guide("", {})
        self.anchor = TOP

    def show_guide(self, guide: Guide, anchor: str) -> None:
        if guide != self.guide:
            self.guide = guide
            self.browser.setMarkdown(guide.markdown)
        self.show()
        self.raise_()
        self.activateWindow()
        self.go_to(anchor)

    def go_to(self, anchor: str) -> bool:
        """Scroll so that the heading of ``anchor`` is at the top; False if there is none."""
        heading = self.guide.headings.get(anchor)
        if heading is None:
            return False
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and block.text() == heading:
                self.anchor = anchor
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                top = document.documentLayout().blockBoundingRect(block).top()
                bar = self.browser.verticalScrollBar()
                bar.setValue(min(int(top), bar.maximum()))
                return True
            block = block.next()
        return False

    def first_visible_heading(self) -> str:
        """The text of the heading at (or just above) the top of the view."""
        document = self.browser.document()
        top = self.browser.verticalScrollBar().value()
        shown = ""
        block = document.begin()
        while block.isValid():
            if document.documentLayout().blockBoundingRect(block).top() > top + 2:
                break
            if block.blockFormat().headingLevel():
                shown = block.text()
            block = block.next()
        return shown

    def _follow(self, url: QUrl) -> None:
        self.go_to(url.fragment())


def focused_pointer(window: MainWindow, widget: QWidget | None) -> str:
    """The JSON Pointer of what ``widget`` (the focused one) edits, as far as it can be told:
    its binding's address, else the 表3 node its panel or its tree shows (and the part: 计分规则,
    公式), else the form of the current tab."""
    from desktop.tabs.indicators import IndicatorsTab
    from desktop.widgets.indicator_editors import LeafPanel

    node: QWidget | None = widget
    while node is not None:
        binding = bound(node)
        if binding is not None:
            return binding.pointer
        if isinstance(node, IndicatorsTab) and widget is node.tree and window.ops is not None:
            current = node.current_node()  # the row selected in 表3's tree
            return window.ops.pointer_of(current) if current is not None else "/indicators"
        if isinstance(node, LeafPanel) and node.base:
            inside = widget
            while inside is not None and inside is not node:
                if inside is node.rule_editor:
                    return f"{node.base}/rule"
                if inside is node.data_box:
                    return f"{node.base}/metric"
                inside = inside.parentWidget()
            return node.base
        node = node.parentWidget()
    return ""


def open_guide(window: MainWindow, widget: QWidget | None) -> GuideWindow:
    """F1 or 帮助 › 填报说明: the guide at the paragraph of the focused field."""
    at = focused_pointer(window, widget)
    indicator = ""
    ops = window.ops
    if ops is not None and at.startswith(("/indicators/tree/", "/projects/")):
        leaf = _leaf_at(ops.package, at)
        if leaf is not None:
            indicator = indicator_help(leaf, figure_index(ops.package))
    anchor = INDICATOR if indicator else topic(at)
    if not at and window.tabs is not None and window.tabs.count():
        title = window.tabs.tabText(window.tabs.currentIndex()).replace("&", "")
        anchor = next((a for start, a in _TAB_TOPICS.items() if title.startswith(start)), TOP)
    guide_window = window.findChild(GuideWindow)
    if guide_window is None:
        guide_window = GuideWindow(window)
    guide_window.show_guide(load_guide(indicator), anchor)
    return guide_window


def _leaf_at(package: Package, at: str) -> Leaf | None:
    """The 三级指标 at ``at`` or above it (``…/children/2/rule/limit`` → the leaf)."""
    for path, node in iter_all_nodes(package):
        if isinstance(node, Leaf) and (at == path or at.startswith(path + "/")):
            return node
    return None
