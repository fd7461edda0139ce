"""The tabs of an open report: one per form the package lists, in its order, kept in step with it.

The forms come from ``desktop.tabs.registry`` (``shown_forms``). A change of ``/forms`` (文件 ›
报告设置…, or its undo) adds and removes tabs at once; a tab that stays keeps its widget, so
what the user had selected or typed there survives. 基础数据 appears with the first figure; it
goes with the last one only while the user is elsewhere (a tab does not vanish under the hand
that just emptied it).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.ops import Ops
from desktop.tabs.registry import TABS, form_of, shown_forms
from perfcore.store import Change


class FormTabs(QTabWidget):
    project_shown = Signal(str)
    """The pointer of the project the current tab shows, ``""`` when it shows none."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setDocumentMode(True)
        self._tabs: dict[str, QWidget] = {}
        self._project = ""
        self.rebuild()
        self.currentChanged.connect(self._on_tab_changed)
        ops.listen("/forms", self._on_forms, self)
        ops.listen("/figures", self._on_forms, self, structure_only=True)

    # -- reading

    @property
    def forms(self) -> list[str]:
        """The forms that have a tab now, in tab order."""
        by_widget = {id(widget): form for form, widget in self._tabs.items()}
        return [by_widget[id(self.widget(i))] for i in range(self.count())]

    def tab(self, form: str) -> QWidget | None:
        """The tab of ``form``, or None when the package does not show it."""
        return self._tabs.get(form)

    @property
    def shown_project(self) -> str:
        """The pointer of the project the current tab shows now (``""``: none)."""
        return self._project

    def show_form(self, form: str) -> QWidget | None:
        tab = self._tabs.get(form)
        if tab is not None:
            self.setCurrentWidget(tab)
        return tab

    # -- following the package

    def rebuild(self) -> None:
        """Make the tabs match the package's forms: build the missing, drop the unlisted, order."""
        wanted = shown_forms(self.ops.package)
        current = self.currentWidget()
        if current is not None and current is self._tabs.get("figures") and "figures" not in wanted:
            wanted.append("figures")
        if wanted == self.forms:
            return
        self.blockSignals(True)
        try:
            while self.count():
                self.removeTab(0)
            for form in list(self._tabs):
                if form not in wanted:
                    widget = self._tabs.pop(form)
                    widget.hide()
                    widget.deleteLater()
            for form in wanted:
                if form not in self._tabs:
                    built = self._tabs[form] = TABS[form].build(self.ops, self)
                    selected = getattr(built, "project_selected", None)
                    if selected is not None:
                        selected.connect(lambda pointer, w=built: self._on_project(w, pointer))
                    navigate = getattr(built, "navigate", None)
                    if navigate is not None:
                        navigate.connect(self.focus_pointer)
                self.addTab(self._tabs[form], TABS[form].title)
            if current is not None and self.indexOf(current) >= 0:
                self.setCurrentWidget(current)
        finally:
            self.blockSignals(False)
        self._follow_current()

    def _on_forms(self, _change: Change) -> None:
        self.rebuild()

    # -- navigation

    def focus_pointer(self, pointer: str) -> bool:
        """Show the tab that holds ``pointer`` and let it focus the field; False when none does."""
        self.ops.flush()
        form = form_of(pointer)
        tab = self.show_form(form) if form is not None else None
        focus = getattr(tab, "focus_pointer", None)
        return bool(focus(pointer)) if focus is not None else False

    # -- the project the totals bar follows

    def _on_tab_changed(self, _index: int) -> None:
        # What is typed on the tab left is written before the next is shown.
        self.ops.flush()
        self._follow_current()

    def _follow_current(self) -> None:
        widget = self.currentWidget()
        selected = getattr(widget, "selected_project_pointer", None)
        self._announce(str(selected()) if selected is not None else "")

    def _on_project(self, widget: QWidget, pointer: str) -> None:
        if widget is self.currentWidget():
            self._announce(pointer)

    def _announce(self, pointer: str) -> None:
        if pointer != self._project:
            self._project = pointer
            self.project_shown.emit(pointer)
