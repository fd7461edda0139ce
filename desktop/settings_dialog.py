"""设置: the font the printed forms' text is set in, kept in the user's settings.

The list offers 自动（推荐） (the system's 仿宋/宋体, see ``perfcore.pdf.fonts``), the Chinese faces
of this machine that embed in a PDF (``font_choices``: each face is loaded to know, so they are
looked for on a pool thread while the dialog is up) and a file picked with 浏览…. The core checks
the choice (``check_font``) before it can be kept: a CFF/OpenType face such as 思源宋体 is
refused with the core's message. The choice is stored under ``desktop.preview.FONT_SETTING``,
which 打印预览, 打印 and 导出PDF read each time they generate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.app_settings import settings
from desktop.preview import FONT_SETTING
from perfcore.pdf.fonts import FontChoice, FontError, check_font, choice_value, font_choices, resolve_fonts

VALUE_ROLE = Qt.ItemDataRole.UserRole + 1
AUTO_TEXT = "自动（推荐）：系统的仿宋、宋体"
ERROR_STYLE = "color: #b71c1c;"


class _Found(QObject):
    done = Signal(list)


class FindFonts(QRunnable):
    """``font_choices()`` on a pool thread: loading every face takes a moment."""

    def __init__(self) -> None:
        super().__init__()
        self.signals = _Found()

    def run(self) -> None:
        self.signals.done.emit(font_choices())


class SettingsDialog(QDialog):
    """Pick the forms' font; ``accept`` stores it in ``store``."""

    def __init__(self, store: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.store = store
        saved = store.value(FONT_SETTING)
        self.saved: str | None = saved if isinstance(saved, str) and saved else None
        self.labels: dict[str, str] = {}
        """Names of the faces found, by their value (to say which face 自动 picks)."""

        group = QGroupBox("打印字体", self)
        explanation = QLabel(
            "打印、打印预览和导出PDF时，报表正文所用的中文字体（标题和标签仍用黑体）。"
            "只列出能嵌入PDF的TrueType字体，换到别的电脑打印也不会变样。",
            group,
        )
        explanation.setWordWrap(True)
        self.fonts = QListWidget(group)
        self.fonts.setAccessibleName("打印字体")
        self.fonts.setMinimumHeight(180)
        self.browse_button = QPushButton("浏览(&B)…", group)
        self.browse_button.setToolTip("选择一个字体文件（.ttf、.ttc）")
        self.browse_button.clicked.connect(self.browse)
        self.status = QLabel(group)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        auto = QListWidgetItem(AUTO_TEXT, self.fonts)
        auto.setData(VALUE_ROLE, None)
        self.searching = QListWidgetItem("正在查找本机的中文字体…", self.fonts)
        self.searching.setFlags(Qt.ItemFlag.NoItemFlags)
        if self.saved is not None:
            self._add_file_item(self.saved)
        self.fonts.currentItemChanged.connect(lambda _item, _previous: self._check_current())

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.browse_button)
        column = QVBoxLayout(group)
        column.addWidget(explanation)
        column.addWidget(self.fonts, 1)
        column.addLayout(row)
        column.addWidget(self.status)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(group, 1)
        outer.addWidget(self.buttons)
        self.resize(520, 420)

        self._select(self.saved)
        self.finder = FindFonts()
        self.finder.signals.done.connect(self._found)
        QThreadPool.globalInstance().start(self.finder)

    # ------------------------------------------------------------ the list

    @property
    def loaded(self) -> bool:
        return self.searching.listWidget() is None

    def value(self) -> str | None:
        """The font chosen: a value for ``resolve_fonts``, None for 自动."""
        item = self.fonts.currentItem()
        value = item.data(VALUE_ROLE) if item is not None else None
        return value if isinstance(value, str) else None

    def _found(self, choices: list[FontChoice]) -> None:
        current = self.value()
        self.fonts.blockSignals(True)  # one check, of the selection kept, at the end
        self.fonts.takeItem(self.fonts.row(self.searching))
        found = {choice.value for choice in choices}
        # A saved file that is one of the faces found is listed once, by its name.
        for i in range(self.fonts.count() - 1, 0, -1):
            if self._value_at(i) in found:
                self.fonts.takeItem(i)
        for offset, choice in enumerate(choices):
            self.labels[choice.value] = choice.label
            item = QListWidgetItem(choice.label)
            item.setData(VALUE_ROLE, choice.value)
            item.setToolTip(choice.value)
            self.fonts.insertItem(1 + offset, item)
        if not choices:
            none = QListWidgetItem("（本机没有可嵌入PDF的中文字体）")
            none.setFlags(Qt.ItemFlag.NoItemFlags)
            self.fonts.insertItem(1, none)
        self.fonts.blockSignals(False)
        self._select(current)

    def _value_at(self, row: int) -> str | None:
        value = self.fonts.item(row).data(VALUE_ROLE)
        return value if isinstance(value, str) else None

    def _add_file_item(self, value: str) -> QListWidgetItem:
        head, sep, tail = value.rpartition("#")
        path = Path(head if sep and tail.isdigit() else value)
        # The core takes a family name as well as a file (a choice made before this dialog).
        text = f"字体文件：{path.name}" if path.suffix else f"字体：{value}"
        item = QListWidgetItem(text, self.fonts)
        item.setData(VALUE_ROLE, value)
        item.setToolTip(value)
        return item

    def _select(self, value: str | None) -> None:
        for i in range(self.fonts.count()):
            if self.fonts.item(i).flags() & Qt.ItemFlag.ItemIsSelectable and self._value_at(i) == value:
                self.fonts.setCurrentRow(i)
                self._check_current()
                return

    def browse(self) -> None:
        value = self.value()
        start = Path(value).parent if value and Path(value).is_file() else Path.home()
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择字体文件", str(start), "字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)"
        )
        if not chosen:
            return
        existing = next((i for i in range(self.fonts.count()) if self._value_at(i) == chosen), None)
        if existing is None:
            item = self._add_file_item(chosen)
            self.fonts.setCurrentItem(item)
        else:
            self.fonts.setCurrentRow(existing)

    # ------------------------------------------------------------ checking with the core

    def _check_current(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        value = self.value()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if value is None:
                source = resolve_fonts().sources["fang"]
                name = self.labels.get(choice_value(source)) or source.path.name
                self._say(f"在本机正文用“{name}”。在别的电脑上，按那台电脑的仿宋、宋体自动选择。")
            else:
                source = check_font(value)
                self._say(f"正文用“{self.labels.get(value) or source.path.name}”（{source.path}）。")
        except FontError as exc:
            self._say(str(exc), error=True)
            ok.setEnabled(value is None)  # 自动 can always be kept; it says what to install
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        ok.setEnabled(True)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")

    def accept(self) -> None:
        value = self.value()
        if value is None:
            self.store.remove(FONT_SETTING)
        else:
            self.store.setValue(FONT_SETTING, value)
        self.store.sync()
        super().accept()

    def chosen_text(self) -> str:
        item = self.fonts.currentItem()
        return "自动" if self.value() is None or item is None else item.text()


def show(parent: QWidget, announce: Callable[[str], object]) -> bool:
    """The settings dialog over ``parent``; True when the user kept a choice (``announce`` says which)."""
    dialog = SettingsDialog(settings(), parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        announce(f"打印字体：{dialog.chosen_text()}。下次打印预览、打印或导出PDF时使用。")
        return True
    finally:
        dialog.deleteLater()
