"""What the form tabs share: a scrolling page of titled sections and pointer → field lookup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop import enter_keys
from desktop.binding import Binding, bind
from desktop.ops import Ops

PAGE_MAX_WIDTH = 1100
"""Forms wider than this read badly on a wide screen; they stay centred instead."""


class FormPage(QScrollArea):
    """A vertical stack of group boxes inside a scroll area, with its bindings by pointer."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.bindings: list[Binding] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page = QWidget(self)
        self.page.setMaximumWidth(PAGE_MAX_WIDTH)
        self.column = QVBoxLayout(self.page)
        self.column.setContentsMargins(16, 12, 16, 16)
        self.column.setSpacing(12)
        self.setWidget(self.page)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)

    def section(self, title: str) -> QGroupBox:
        box = QGroupBox(title, self.page)
        self.column.addWidget(box)
        return box

    def form_section(self, title: str) -> QFormLayout:
        box = self.section(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def bind(self, widget: QLineEdit | QPlainTextEdit, pointer: str, kind: str, label: str) -> Binding:
        widget.setAccessibleName(label)
        enter_keys.install(widget)
        binding = bind(self.ops, widget, pointer, kind, f"修改{label}")
        self.bindings.append(binding)
        return binding

    def retire(self) -> None:
        """Silence every field before the page is thrown away (its addresses may be gone)."""
        for binding in self.bindings:
            binding.retire()

    def finish(self) -> None:
        self.column.addStretch(1)

    def focus_pointer(self, pointer: str) -> bool:
        """Take the user to the field at ``pointer``; False when the page has none (a page with
        lists or grids of its own looks there too)."""
        return self.focus_binding(pointer)

    def focus_binding(self, pointer: str) -> bool:
        for binding in self.bindings:
            if binding.pointer == pointer:
                self.reveal(binding.widget)
                return True
        return False

    def reveal(self, widget: QWidget) -> None:
        """Focus a field and scroll it into view (setFocus alone does not scroll)."""
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureWidgetVisible(widget, 40, 80)

    def reveal_focus(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and self.page.isAncestorOf(focused):
            self.ensureWidgetVisible(focused, 40, 80)


def note(text: str, parent: QWidget | None = None) -> QLabel:
    """A small grey hint under or beside a field."""
    label = QLabel(text, parent)
    label.setStyleSheet("color: #666;")
    label.setWordWrap(True)
    return label
