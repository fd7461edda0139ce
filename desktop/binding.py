"""One field bound to one address: the only way a form widget reads and writes the package.

``bind(ops, widget, pointer, kind, label)`` fills the widget from the file (under a signal
blocker, so loading never writes back), writes what the user types through ``Ops.set``
after a short pause (and at once on focus-out, tab switch, undo and exit through
``Ops.flush``), shows a value it cannot take inline (red frame and tooltip, never dropped),
and shows the stored value again when an undo or redo changes it.

``write(ops, pointer, value, label, show)`` (and ``write_text``, which parses typed text first)
is the one way any widget writes a value: through ``Ops.set``, with a refusal — text that is
not a figure, a value the core refuses, a write the file refused — given to ``show`` as one
sentence of Chinese (no pointer prefix), and ``show("")`` once the value is taken. Bindings
show it as a red frame and tooltip, the 表3 tree on its status line, the rule forms under them.

Kinds: ``text`` (QLineEdit or QPlainTextEdit), ``count`` (whole number), ``year``, ``money_wan`` (typed
and shown in 万元, stored in 元), ``money_yuan`` (typed and shown in 元), ``date`` (text kept
as ``YYYY-MM-DD`` when it reads as a date; anything else is kept as typed for the checks),
``number`` (a plain decimal such as 分值, 得分 or a 表3 data figure, shown as short as it is exact).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from desktop.ops import Ops
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError
from perfcore.money import (
    WAN,
    MoneyError,
    format_number,
    format_wan,
    format_yuan,
    normalize_digits,
    parse_count,
    parse_decimal,
    parse_money,
    parse_year,
    plain,
)
from perfcore.store import Change

TYPING_DELAY_MS = 400
KINDS = ("text", "count", "year", "money_wan", "money_yuan", "date", "number")
INVALID_STYLE = "border: 1px solid #c62828; background: #fff3f3;"
NOT_SAVED = "修改没有保存到文件，请查看提示信息后重试"
"""Beside a field whose write the file refused (the message box says why)."""

Show = Callable[[str], None]
"""Where a widget shows why its value was refused; ``""`` clears it."""

_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")


class InputError(UserError):
    """Text the field cannot take; the message is Chinese and shown beside the field."""


def parse_input(kind: str, text: str) -> Any:
    """The exchange-document value for what was typed into a field of ``kind``."""
    if kind == "text":
        return text
    if kind == "date":
        match = _DATE.fullmatch(normalize_digits(text))
        if match is None:
            return text.strip()
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    if kind == "number":
        # 分值, 得分 and 表3 data figures: any plain decimal, kept exactly as typed.
        try:
            return parse_decimal(text)
        except MoneyError as exc:
            raise InputError(str(exc)) from exc
    if kind in ("count", "year"):
        try:
            return parse_count(text) if kind == "count" else parse_year(text)
        except MoneyError as exc:
            raise InputError(str(exc)) from exc
    try:
        value = parse_money(text, "wan" if kind == "money_wan" else "yuan")
    except MoneyError as exc:
        raise InputError(str(exc)) from exc
    return value


def display_text(kind: str, value: Any, focused: bool = False) -> str:
    """How a stored value reads in a field; a focused 万元 field shows every digit stored."""
    if value is None:
        return ""
    if kind in ("count", "year"):
        return str(value)
    if kind == "number":
        return format_number(Decimal(value))
    if kind in ("money_wan", "money_yuan"):
        yuan = Decimal(value)
        if kind == "money_yuan":
            return format_yuan(yuan)
        shown = format_wan(yuan)
        if focused and Decimal(shown) * WAN != yuan:
            return format_number(yuan / WAN)
        return shown
    return str(value)


@dataclass(frozen=True)
class Written:
    accepted: bool
    """The file holds the value now (written, or it was there already)."""
    change: Change | None = None
    """What was written; None when nothing was (refused, or already stored)."""


def refusal_text(exc: UserError) -> str:
    """The Chinese sentence of a refused value, without the pointer prefix."""
    return exc.message if isinstance(exc, ExchangeError) else str(exc)


def write(ops: Ops, pointer: str, value: Any, label: str, show: Show) -> Written:
    """Write ``value`` (exchange-document form) at ``pointer`` as one undo step named ``label``;
    a refusal goes to ``show``, and ``show("")`` once the value is taken."""
    try:
        change = ops.set(pointer, value, label)
    except UserError as exc:
        show(refusal_text(exc))
        return Written(False)
    if change is None and ops.get(pointer) != _document_form(value):
        show(NOT_SAVED)  # the file refused the write; ops has said why
        return Written(False)
    show("")
    return Written(True, change)


def write_text(ops: Ops, pointer: str, kind: str, text: str, label: str, show: Show) -> Written:
    """``write`` what was typed into a field of ``kind`` (see ``parse_input``)."""
    try:
        value = parse_input(kind, text)
    except InputError as exc:
        show(str(exc))
        return Written(False)
    return write(ops, pointer, value, label, show)


class Binding(QObject):
    """Keeps one widget and one JSON Pointer in step. Create with ``bind``."""

    committed = Signal(Change)
    """The Change this field wrote."""

    def __init__(
        self, ops: Ops, widget: QLineEdit | QPlainTextEdit, pointer: str, kind: str, label: str
    ) -> None:
        super().__init__(widget)
        if kind not in KINDS:
            raise ValueError(kind)
        self.ops = ops
        self.widget = widget
        self.pointer = pointer
        self.kind = kind
        self.label = label
        self.dirty = False
        self.problem = ""
        self.stale = False
        """The list holding this field changed shape: the pointer may name another entry now."""
        self._writing = False
        self._base_tooltip = widget.toolTip()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.flush)
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._edited)
            widget.setReadOnly(ops.read_only)
        else:
            widget.textChanged.connect(self._edited)
            widget.setReadOnly(ops.read_only)
        widget.installEventFilter(self)
        self._listener = ops.listen(pointer, self._on_change, self)
        ops.flush_requested.connect(self.flush)
        ops.discard_requested.connect(self._discard)
        self.load()

    # -- reading

    def text(self) -> str:
        if isinstance(self.widget, QLineEdit):
            return self.widget.text()
        return self.widget.toPlainText()

    def load(self) -> None:
        """Show the stored value; never writes back."""
        self._timer.stop()
        self.dirty = False
        self._show_problem("")
        self._fill(self.ops.get(self.pointer))

    def _fill(self, value: Any) -> None:
        text = display_text(self.kind, value, self.widget.hasFocus())
        if text == self.text():
            return
        blocker = QSignalBlocker(self.widget)
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(text)
            self.widget.setCursorPosition(0)
        else:
            self.widget.setPlainText(text)
        blocker.unblock()
        if self.kind == "money_wan":
            self._base_tooltip = "" if value is None else f"= {format_yuan(Decimal(value), grouping=True)} 元"
            self.widget.setToolTip(self._base_tooltip)

    # -- writing

    def _edited(self, *_: object) -> None:
        self.dirty = True
        self._timer.start()

    def flush(self) -> Change | None:
        """Write what was typed, if anything is waiting. Returns the Change written."""
        self._timer.stop()
        if not self.dirty or self.stale:
            return None
        self._writing = True
        try:
            written = write_text(self.ops, self.pointer, self.kind, self.text(), self.label, self._show_problem)
        finally:
            self._writing = False
        if not written.accepted:
            return None  # the text stays in the field, marked, with the reason
        self.dirty = False
        change = written.change
        if change is not None:
            self.committed.emit(change)
        return change

    def _discard(self) -> None:
        if self.problem and not self.stale:
            self.load()

    def _show_problem(self, message: str) -> None:
        if message == self.problem:
            return
        self.problem = message
        if message:
            self.ops.hold_refused(self)
        else:
            self.ops.release_refused(self)
        self.widget.setStyleSheet(INVALID_STYLE if message else "")
        self.widget.setToolTip(message or self._base_tooltip)

    # -- events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.widget and not self.stale:
            if event.type() == QEvent.Type.FocusOut:
                self.flush()
                if not self.dirty and not self.problem:
                    self._fill(self.ops.get(self.pointer))
            elif event.type() == QEvent.Type.FocusIn and not self.dirty and self.kind == "money_wan":
                self._fill(self.ops.get(self.pointer))
        return False

    def _on_change(self, change: Change) -> None:
        """A change at, above or below this field (``Ops.listen`` sends no other)."""
        if self._writing or self.stale:
            return
        if change.structural:
            # Whoever shows the list above this field rebuilds its rows with fresh bindings;
            # this one goes quiet.
            if any(self.pointer.startswith(list_pointer + "/") for list_pointer in change.lists):
                self.retire()
            return
        self.load()

    def retire(self) -> None:
        """Stop reading and writing: the widget is about to go away or its address moved."""
        self.stale = True
        self._timer.stop()
        self.ops.release_refused(self)

    def retarget(self, pointer: str) -> None:
        """Show and edit the value at ``pointer`` from now on (an editor panel that follows the
        selected row); what was typed for the old address is written there first."""
        self.flush()
        if pointer != self.pointer:
            self.ops.forget(self._listener)
            self.pointer = pointer
            self._listener = self.ops.listen(pointer, self._on_change, self)
        self.stale = False
        self.load()


def _document_form(value: Any) -> Any:
    return plain(value) if isinstance(value, Decimal) else value


def bind(ops: Ops, widget: QLineEdit | QPlainTextEdit, pointer: str, kind: str, label: str) -> Binding:
    """Bind ``widget`` to the value at ``pointer``; the binding lives as long as the widget."""
    return Binding(ops, widget, pointer, kind, label)


def bound(widget: QWidget) -> Binding | None:
    """The binding of a widget, if it has one."""
    for child in widget.children():
        if isinstance(child, Binding):
            return child
    return None
