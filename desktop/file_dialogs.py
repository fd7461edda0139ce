"""Where the file dialogs start, and what they remember.

新建, 打开, 另存为 and every export start in the folder the user last chose in any file dialog;
before the first choice, in the folder of the open report, unless that is the program's own
data folder (where the demo copy lives, hidden from the user), and otherwise in the user's
Documents folder. ``install`` watches every file dialog of the application: the folder of a
file the user picks is remembered (in the settings, for the next run too), and the date column
of Qt's own dialog is made as wide as a date (it cut the time off).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QObject, QStandardPaths, QTime
from PySide6.QtWidgets import QApplication, QFileDialog, QHeaderView, QMessageBox, QTreeView, QWidget

from desktop.app_settings import settings
from perfcore import userdata

CHOSEN_KEY = "dialog_folder"
DATE_COLUMN = 3
"""QFileSystemModel's 修改日期."""


def documents_folder() -> Path:
    """The user's Documents folder (文档, 我的文档), or home when the system names none."""
    text = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(text) if text else Path.home()
    return folder if folder.is_dir() else Path.home()


def chosen_folder() -> Path | None:
    """The folder of the last file the user picked in a file dialog, if it is still there."""
    value = settings().value(CHOSEN_KEY)
    if isinstance(value, str) and value and Path(value).is_dir():
        return Path(value)
    return None


def start_folder(open_file: Path | None = None) -> Path:
    """Where a file dialog starts (see the module's text)."""
    chosen = chosen_folder()
    if chosen is not None:
        return chosen
    if open_file is not None and not open_file.resolve().is_relative_to(userdata.data_folder().resolve()):
        return open_file.parent
    return documents_folder()


def remember(path: str) -> None:
    """The user picked ``path`` (a file, or a folder): its folder is where dialogs start now."""
    if not path:
        return
    chosen = Path(path)
    folder = chosen if chosen.is_dir() else chosen.parent
    settings().setValue(CHOSEN_KEY, str(folder))


def ask_save_path(
    parent: QWidget, title: str, suggested: Path, file_filter: str, suffix: str, *, keep_other_suffix: bool = False
) -> Path | None:
    """The file a save dialog chose, ``suffix`` (``.pdf``) added when the name lacks it; None when
    cancelled. ``keep_other_suffix``: a name with another suffix is kept as typed.

    The dialog asked before replacing the name it was given, not the completed one: an existing
    file at the completed name (``报告`` → ``报告.docx``) is replaced only when the user says so here.
    """
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    has_it = path.suffix != "" if keep_other_suffix else path.suffix.lower() == suffix.lower()
    if has_it:
        return path
    completed = path.with_name(path.name + suffix)
    if completed.is_file() and not confirm_replace(parent, title, completed):
        return None
    return completed


def confirm_replace(parent: QWidget, title: str, path: Path) -> bool:
    """Ask before replacing ``path`` (an existing file); the default answer keeps it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        f"“{path.name}”已存在。要替换它吗？",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    replace = box.addButton("替换", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is replace


def _fit_date_column(dialog: QFileDialog) -> None:
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return
    header: QHeaderView = view.header()
    sample = QLocale().toString(QDateTime(QDate(2000, 12, 28), QTime(23, 59)), QLocale.FormatType.ShortFormat)
    wanted = view.fontMetrics().horizontalAdvance(sample) + 2 * view.fontMetrics().averageCharWidth() + 8
    if header.count() > DATE_COLUMN and header.sectionSize(DATE_COLUMN) < wanted:
        header.resizeSection(DATE_COLUMN, wanted)


class FileDialogWatcher(QObject):
    """An application event filter: each file dialog, as it shows, is watched (see above)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog):
            if not watched.property("perf_filing_watched"):
                watched.setProperty("perf_filing_watched", True)
                watched.fileSelected.connect(remember)
                watched.filesSelected.connect(lambda paths: remember(paths[0] if paths else ""))
            _fit_date_column(watched)
        return False


def install(app: QApplication) -> None:
    """Watch every file dialog of ``app`` (once)."""
    if app.findChild(FileDialogWatcher) is None:
        app.installEventFilter(FileDialogWatcher(app))
