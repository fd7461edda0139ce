"""The mouse wheel never changes a value by accident.

A combo box, spin box or slider takes the wheel only while it has keyboard focus *and* the
user clicked it or opened its list; otherwise the wheel goes on to the panel around it and
scrolls that (scrolling the 表3 panel used to change 格数取整 without anyone noticing). The
wheel no longer gives such a widget the focus either (``StrongFocus``). ``install`` does this
once for the whole application, so no form has to remember it.
"""

from __future__ import annotations

from weakref import WeakSet

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


def _guarded(obj: QObject) -> QWidget | None:
    """The guarded widget ``obj`` is or lies in (a spin box's line edit, a combo's frame)."""
    widget = obj if isinstance(obj, QWidget) else None
    while widget is not None:
        if isinstance(widget, GUARDED):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _scroll_around(widget: QWidget, event: QWheelEvent) -> None:
    """Give the wheel to the nearest scroll area around ``widget``. Sent on explicitly: Qt passes
    an ignored wheel to the parent only for the window system's own events."""
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QAbstractScrollArea):
        area = area.parentWidget()
    if area is None:
        return
    viewport = area.viewport()
    local = viewport.mapFromGlobal(event.globalPosition())
    QApplication.sendEvent(
        viewport,
        QWheelEvent(
            local,
            event.globalPosition(),
            event.pixelDelta(),
            event.angleDelta(),
            event.buttons(),
            event.modifiers(),
            event.phase(),
            event.inverted(),
        ),
    )


class WheelGuard(QObject):
    """The application's event filter; see the module's text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engaged: WeakSet[QWidget] = WeakSet()
        """Widgets clicked or opened since they last gained the focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Wheel:
            widget = _guarded(watched)
            if widget is not None and not (widget.hasFocus() and widget in self._engaged):
                assert isinstance(event, QWheelEvent)
                _scroll_around(widget, event)
                return True
        elif kind == QEvent.Type.MouseButtonPress:
            widget = _guarded(watched)
            if widget is not None:
                self._engaged.add(widget)
        elif kind == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            # A combo box's list is a popup window whose parent is the combo box.
            owner = watched.parentWidget()
            if isinstance(owner, QComboBox):
                self._engaged.add(owner)
        elif kind == QEvent.Type.FocusOut and isinstance(watched, GUARDED):
            self._engaged.discard(watched)
        elif kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def install(app: QApplication) -> None:
    """Guard every widget of ``app`` (once; later calls do nothing)."""
    if app.findChild(WheelGuard) is None:
        app.installEventFilter(WheelGuard(app))
