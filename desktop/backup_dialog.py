"""文件 › 备份与恢复…: the backups of the open report file, and putting one back.

The list comes from ``perfcore.backup`` (made when a changed file is opened and before a file
is upgraded). Restoring closes the file in the window, lets the core back the current state
up and write the chosen copy into the file under the writer lock, then opens it again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from perfcore import backup, userdata
from perfcore.backup import Backup, BackupError
from perfcore.filelock import LockedError
from perfcore.store import StoreError, restore_backup

COLUMNS = ("备份时间", "备份原因", "总分", "大小")


def confirm(parent: QWidget, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


class BackupDialog(QDialog):
    """The backups of one report file. Restoring needs the file closed: ``release`` closes it
    wherever it is open, ``reopen`` opens it again, ``announce`` shows one line of outcome."""

    def __init__(
        self,
        parent: QWidget | None,
        report_path: Path,
        folder: Path,
        *,
        release: Callable[[], object],
        reopen: Callable[[], object],
        announce: Callable[[str], object],
        ask: Callable[[QWidget, str, str], bool] = confirm,
    ) -> None:
        super().__init__(parent)
        self.release, self.reopen, self.announce = release, reopen, announce
        self.report_path = report_path
        self.folder = folder
        self.ask = ask
        self.backups: list[Backup] = []
        self.setWindowTitle("备份与恢复")
        self.resize(640, 420)
        column = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.note)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        column.addWidget(self.table, 1)
        buttons = QDialogButtonBox(self)
        self.restore_button = QPushButton("恢复所选备份…", self)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        folder_button = QPushButton("打开备份文件夹", self)
        folder_button.clicked.connect(self.open_folder)
        buttons.addButton(folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText("关闭")
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.backups = backup.list_backups(self.report_path, self.folder)
        self.note.setText(
            f"“{self.report_path.name}”的备份，保存在 {backup.folder_for(self.report_path, self.folder)}。\n"
            "文件有改动时，打开前会自动备份；恢复备份前，也会先备份当前内容，恢复之后仍可以改回来。"
            if self.backups
            else f"“{self.report_path.name}”还没有备份。文件有改动时，下次打开会自动备份。"
        )
        self.table.setRowCount(len(self.backups))
        for row, made in enumerate(self.backups):
            cells = (
                made.made.strftime("%Y-%m-%d %H:%M:%S"),
                made.reason_label,
                "—" if made.total is None else f"{made.total:z.2f}",
                f"{max(1, round(made.size / 1024))} KB",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if self.backups:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def open_folder(self) -> None:
        place = backup.folder_for(self.report_path, self.folder)
        place.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(place)))

    def restore_selected(self) -> bool:
        """Put the selected backup back into the report file; True when it was restored."""
        chosen = self.selected()
        if chosen is None:
            return False
        when = chosen.made.strftime("%Y-%m-%d %H:%M:%S")
        if not self.ask(
            self,
            "恢复备份",
            f"把“{self.report_path.name}”恢复到 {when} 的内容？\n\n当前内容会先自动备份，恢复之后仍可以改回来。",
        ):
            return False
        self.release()
        try:
            saved = restore_backup(self.report_path, chosen, self.folder)
        except (BackupError, LockedError, StoreError) as exc:
            QMessageBox.warning(self, "无法恢复", str(exc))
            self.reopen()
            self.refresh()
            return False
        self.reopen()
        self.announce(f"已恢复到 {when} 的备份；恢复前的内容已备份（{saved.made.strftime('%H:%M:%S')}）。")
        self.refresh()
        return True


def show(
    parent: QWidget,
    report_path: Path,
    *,
    release: Callable[[], object],
    reopen: Callable[[], object],
    announce: Callable[[str], object],
) -> BackupDialog:
    """Open the dialog for ``report_path`` over ``parent`` (not modal)."""
    dialog = BackupDialog(
        parent, report_path, userdata.backups_folder(), release=release, reopen=reopen, announce=announce
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
