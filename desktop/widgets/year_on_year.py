"""上年 and 同比 beside a figure, and the 上年结转 mark of a carried value, for a package that was
carried forward (``previous``). The texts come from ``perfcore.year_on_year``; each label follows
its value through ``ops.listen``."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.ops import Ops
from perfcore.year_on_year import carried_note, year_on_year

CARRIED_TEXT = "上年结转"
CARRIED_MARK = "carried_mark"
CARRIED_STYLE = "color: #1565c0; border: 1px solid #90caf9; border-radius: 3px; padding: 0 3px;"
LAST_STYLE = "color: #6b6b6b;"


class YearOnYearLabel(QLabel):
    """``上年 8.00　+25.00%`` for the value ``name`` (a 表1 field or a figure key)."""

    def __init__(self, ops: Ops, name: str, pointer: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.name = name
        self.setStyleSheet(LAST_STYLE)
        ops.listen(pointer, lambda _change: self.refresh(), self)
        self.refresh()

    def refresh(self) -> None:
        shown = year_on_year(self.ops.package, self.name)
        text = "" if shown is None else f"上年 {shown.last}" + (f"　{shown.change}" if shown.change else "")
        tip = "" if shown is None else shown.tip
        if self.text() != text:
            self.setText(text)
        if self.toolTip() != tip:
            self.setToolTip(tip)


def carried_mark(ops: Ops, name: str, parent: QWidget | None = None) -> QLabel | None:
    """The 上年结转 mark for a value a carry filled (its tip names last year's value); None otherwise."""
    note = carried_note(ops.package, name)
    if not note:
        return None
    mark = QLabel(CARRIED_TEXT, parent)
    mark.setObjectName(CARRIED_MARK)
    mark.setStyleSheet(CARRIED_STYLE)
    mark.setToolTip(note)
    return mark


def beside(ops: Ops, widget: QWidget, name: str, pointer: str) -> QWidget:
    """``widget`` with the 上年结转 mark and 上年/同比 after it; ``widget`` itself when the package
    was not carried forward (or has no last-year value of ``name``)."""
    if year_on_year(ops.package, name) is None:
        return widget
    box = QWidget(widget.parentWidget())
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    row.addWidget(widget)
    mark = carried_mark(ops, name, box)
    if mark is not None:
        row.addWidget(mark)
    row.addWidget(YearOnYearLabel(ops, name, pointer, box))
    row.addStretch(1)
    return box
