"""Every focused field shows it: a 2 px ring in the palette's highlight colour around it.

Fusion marks a focused combo box or spin box with a one-pixel tint that a clerk does not see,
so after Ctrl+Tab away and back nobody knew a combo box had the focus and Ctrl+PgDn changed a
result. One ``QFocusFrame`` follows the focus through the application (it tracks the field's
moves and resizes and sits above the fields, outside the field's frame), whatever the widget's own style
sheet says (a refused figure keeps its red border inside the ring).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QFocusFrame,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QRadioButton,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QTextEdit,
    QWidget,
)

RING_WIDTH = 2
FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QCheckBox, QRadioButton, QPlainTextEdit, QTextEdit, QAbstractItemView)
"""What the user types into or chooses in; buttons keep the style's own focus mark."""


def field_of(widget: QWidget | None) -> QWidget | None:
    """The field ``widget`` belongs to (itself, or the spin box or combo box of its line edit),
    or None when it is no field or lies in a popup (a combo box's open list)."""
    while widget is not None and not isinstance(widget, FIELDS):
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    if widget is None:
        return None
    owner = widget.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(owner, (QAbstractSpinBox, QComboBox)):
        widget = owner
    if widget.window().windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
        return None
    return widget


class _AboveFields(QProxyStyle):
    """The ring's own style: it lies above the fields, in the scroll area's viewport or the
    window, not beside its field in a parent that may end where the field ends (a form with no
    margins cut the ring's top and right side off)."""

    def styleHint(  # noqa: N802 - Qt override
        self,
        hint: QStyle.StyleHint,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
        returnData: QStyleHintReturn | None = None,  # noqa: N803 - Qt's name
    ) -> int:
        if hint == QStyle.StyleHint.SH_FocusFrame_AboveWidget:
            return 1
        return super().styleHint(hint, option, widget, returnData)


class FocusRing(QFocusFrame):
    """The ring; ``QFocusFrame`` keeps it around its widget, margins set by the style (2 px)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("focus_ring")
        self._style = _AboveFields()
        self.setStyle(self._style)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # The style's focus frame is nothing at all under Fusion: paint the ring here.
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), RING_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = RING_WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))


class FocusRings(QObject):
    """Moves the ring to whichever field has the focus; hides it elsewhere."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring: FocusRing | None = None
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = field_of(new)
        if self.ring is None:
            if target is None:
                return
            # The ring lives in its field's parent and goes when that goes: a new one then.
            self.ring = FocusRing()
            self.ring.destroyed.connect(self._ring_gone)
        # None (typed as a QWidget by the stubs) lets go of the old field and hides the ring;
        # a hidden ring that still followed its field would show again when the field moves.
        self.ring.setWidget(target)  # type: ignore[arg-type]

    def _ring_gone(self) -> None:
        self.ring = None


def install(app: QApplication) -> FocusRings:
    """Show a ring around the focused field in every window of ``app`` (once)."""
    found = app.findChild(FocusRings)
    return found if found is not None else FocusRings(app)
