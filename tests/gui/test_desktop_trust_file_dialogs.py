"""The file dialogs (issue 12, item 11): 新建, 另存为 and the exports start in the user's Documents
folder, not the program's hidden data folder where the demo lives, until the user picks another
folder (remembered for the next run); Qt's own dialog speaks Chinese throughout, date column whole."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QDate, QDateTime, QLocale, QStandardPaths, QTime, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QFileDialog, QLabel, QPushButton, QTreeView

from desktop import file_dialogs, translations
from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of this test with its Documents folder (the system's default name for it)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home / "Documents"


@pytest.fixture
def demo_window(
    qtbot: Any, report_path: Path, isolated_settings: Path, private_data_folder: Path, documents: Path
) -> MainWindow:
    """A window on a report inside the program's data folder, as the demo copy is."""
    private_data_folder.mkdir(parents=True, exist_ok=True)
    demo = private_data_folder / "演示.jxzp"
    demo.write_bytes(report_path.read_bytes())
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.open_path(demo)
    win.show()
    qtbot.waitExposed(win)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translations.install(app)
    win.complete()
    return win


def answer(qtbot: Any, reply: Callable[[QFileDialog], None]) -> list[Path]:
    """Answer the next file dialog with ``reply`` once it is up; returns the folder it started in."""
    seen: list[Path] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog) and dialog.isVisible():
            seen.append(Path(dialog.directory().absolutePath()))
            reply(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_documents_is_where_the_system_says(documents: Path) -> None:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert Path(location) == documents
    assert file_dialogs.documents_folder() == documents


def test_save_as_starts_in_documents_then_where_the_user_chose(
    qtbot: Any, demo_window: MainWindow, documents: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "财务科" / "2019"
    elsewhere.mkdir(parents=True)
    seen = answer(qtbot, lambda d: (d.selectFile(str(elsewhere / "石峰区2019.jxzp")), d.accept()))
    demo_window.action_save_as.trigger()
    assert seen and seen[0] == documents
    assert demo_window.ops is not None and demo_window.ops.report.path == elsewhere / "石峰区2019.jxzp"
    # The next dialog (an export) starts where the user chose, as does the next run's.
    seen = answer(qtbot, lambda d: d.reject())
    demo_window.export_json()
    assert seen and seen[0] == elsewhere
    assert file_dialogs.start_folder(None) == elsewhere


def test_every_export_dialog_starts_in_documents(qtbot: Any, demo_window: MainWindow, documents: Path) -> None:
    for command in (demo_window.export_json, demo_window.export_docx, demo_window.export_xlsx, demo_window.new_report):
        if command == demo_window.new_report:
            from desktop.file_commands import NewReportDialog

            QTimer.singleShot(0, lambda: next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewReportDialog) and w.isVisible()).accept())
        seen = answer(qtbot, lambda d: d.reject())
        command()
        assert seen, command
        assert seen[0] == documents, command


def test_the_dialog_speaks_chinese_and_shows_whole_dates(qtbot: Any, demo_window: MainWindow, documents: Path) -> None:
    (documents / "2019年报告.jxzp").write_bytes(b"")
    texts: list[str] = []
    widths: list[tuple[int, int]] = []

    def inspect(dialog: QFileDialog) -> None:
        texts.extend(label.text() for label in dialog.findChildren(QLabel) if label.isVisible())
        texts.extend(button.text() for button in dialog.findChildren(QPushButton) if button.isVisible())
        view = dialog.findChild(QTreeView, "treeView")
        assert view is not None
        view_mode = dialog.findChild(QComboBox)
        assert view_mode is not None
        model = view.model()
        texts.extend(str(model.headerData(c, view.header().orientation())) for c in range(model.columnCount()))
        date = QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), QLocale.FormatType.ShortFormat)
        widths.append((view.header().sectionSize(3), view.fontMetrics().horizontalAdvance(date)))
        dialog.reject()

    seen = answer(qtbot, inspect)
    demo_window.action_save_as.trigger()
    assert seen
    assert texts
    english = [t for t in texts if re.search(r"[A-Za-z]", re.sub(r"\(&[A-Z]\)", "", t))]
    assert english == [], english
    section, date = widths[0]
    assert section >= date + 8, (section, date)


def test_a_mnemonic_the_catalogue_lacks_is_translated(qapp: Any) -> None:
    from PySide6.QtCore import QCoreApplication

    assert translations.install(qapp)
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
    assert QCoreApplication.translate("QFileDialog", "&Save") == "保存(&S)"  # the catalogue's own
    assert QCoreApplication.translate("QFileDialog", "no such &text") == "no such &text"
