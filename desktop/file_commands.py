"""文件 menu commands: open (offering read-only for a file in use), new from a template, save as,
JSON import and export, Word and Excel export; each failure is said in one Chinese sentence and leaves what was open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
)

from desktop.app_settings import APP_TITLE
from desktop.file_dialogs import ask_save_path
from desktop.ops import create_report, import_report, open_report
from desktop.template_dialogs import NewReportDialog
from perfcore import FILE_SUFFIX, __version__
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError
from perfcore.filelock import LockedError
from perfcore.output import OutputError, same_file
from perfcore.store import ReadOnlyError, StoreError

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

REPORT_FILTER = f"绩效自评报告文件 (*{FILE_SUFFIX});;所有文件 (*)"
JSON_FILTER = "交换格式 JSON (*.json);;所有文件 (*)"

def offer_read_only(window: MainWindow, title: str, message: str) -> bool:
    """Say why the file cannot be edited here; True when the user chose 只读打开."""
    box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.NoButton, window)
    read_only = box.addButton("只读打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


def open_path(window: MainWindow, target: Path, read_only: bool = False) -> bool:
    """Open a report file; on refusal say why and keep what is open. True when opened."""
    ops = window.ops
    if ops is not None and (read_only or not ops.read_only) and same_file(ops.report.path, target):
        # Already open here, under this name or another (a link, ``..``): its lock is this
        # window's, not another user's; it stays open as it is. (Open read-only here, it is
        # opened again: the other holder may have let it go.)
        window.statusBar().showMessage(f"“{ops.report.path.name}”已在本窗口中打开", 8000)
        return True
    try:
        report = open_report(target, read_only=read_only)
    except (LockedError, ReadOnlyError) as exc:
        title = "文件正在使用" if isinstance(exc, LockedError) else "文件只读"
        if not offer_read_only(window, title, f"{exc}\n\n要以只读方式打开吗？"):
            return False
        return window.open_path(target, read_only=True)
    except StoreError as exc:
        QMessageBox.warning(window, "无法打开", str(exc))
        window.forget_recent(target)
        return False
    window.attach(report)
    if report.backup_problem:
        window.statusBar().showMessage(f"注意：{report.backup_problem}", 15000)
    return True


def new_report(window: MainWindow) -> None:
    dialog = NewReportDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    template, unit, year, forms = dialog.choice()
    suggested = window.folder() / f"{unit or '绩效自评'}{year}年度{FILE_SUFFIX}"
    path = ask_report_path(window, "新建报告文件", suggested)
    if path is None:
        return
    window.release_if_open(path)
    try:
        report = create_report(path, template, unit, year, forms)
    except UserError as exc:  # the file refused or held, the template gone or unreadable
        QMessageBox.warning(window, "无法新建", str(exc))
        return
    window.attach(report)


def open_dialog(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "打开报告文件", str(window.folder()), REPORT_FILTER)
    if path:
        window.open_path(path)


def save_as(window: MainWindow) -> None:
    if window.ops is None:
        return
    current = window.ops.report.path
    suggested = window.folder() / (current.stem + "（副本）" + current.suffix)
    target = ask_report_path(window, "另存为", suggested)
    if target is None:
        return
    try:
        window.ops.save_as(target)  # the output guard refuses this file itself, by any name
    except (StoreError, LockedError, OutputError) as exc:
        QMessageBox.warning(window, "另存为失败", str(exc))
        return
    # Work goes on in the copy, as in any office program.
    window.open_path(target)


def import_json(window: MainWindow) -> None:
    source, _ = QFileDialog.getOpenFileName(window, "导入交换格式 JSON", str(window.folder()), JSON_FILTER)
    if not source:
        return
    suggested = Path(source).with_suffix(FILE_SUFFIX)
    target = ask_report_path(window, "导入为报告文件", suggested)
    if target is None:
        return
    window.release_if_open(target)
    try:
        report = import_report(source, target)
    except ExchangeError as exc:
        QMessageBox.warning(window, "无法导入", f"“{Path(source).name}”不是可导入的交换格式文件：\n{exc}")
        return
    except UserError as exc:  # the target refused, the JSON unreadable or too large, the file held
        QMessageBox.warning(window, "无法导入", str(exc))
        return
    window.attach(report)


def export_json(window: MainWindow) -> None:
    if window.ops is None:
        return
    suggested = window.folder() / window.ops.report.path.with_suffix(".json").name
    path, _ = QFileDialog.getSaveFileName(window, "导出交换格式 JSON", str(suggested), JSON_FILTER)
    if not path:
        return
    try:
        window.ops.export_json(path)
    except (StoreError, OutputError) as exc:
        QMessageBox.warning(window, "导出失败", str(exc))
        return
    window.statusBar().showMessage(f"已导出到 {path}", 5000)


OFFICE_EXPORTS = {
    "docx": ("导出 Word", "Word 文档 (*.docx)"),
    "xlsx": ("导出 Excel", "Excel 工作簿 (*.xlsx)"),
}


def export_office(window: MainWindow, kind: str) -> None:
    """导出 Word… / 导出 Excel…: ask for the file, then the core writes it (``kind``: docx or xlsx)."""
    ops = window.ops
    if ops is None:
        return
    title, file_filter = OFFICE_EXPORTS[kind]
    package = ops.package
    name = f"{package.unit_name or '绩效自评'}{package.year}年度绩效自评报表.{kind}"
    target = ask_save_path(window, title, window.folder() / name, file_filter, f".{kind}")
    if target is None:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        info = ops.export_docx(target) if kind == "docx" else ops.export_xlsx(target)
    except UserError as exc:  # refused by the output guard, or a write the machine refused
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, f"{title}失败", str(exc))
        return
    QApplication.restoreOverrideCursor()
    window.statusBar().showMessage(f"已导出 {target}（校验码 {info.fingerprint}）", 10000)


def about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        f"关于{APP_TITLE}",
        f"<b>{APP_TITLE}</b> {__version__}<br>"
        "行政事业单位年度预算绩效自评的离线填报工具：填写表1、表2、表3，自动计分、审核，打印盖章。<br>"
        "所有数据只保存在本机的报告文件中，程序不联网。",
    )


def show_error(window: MainWindow, message: str) -> None:
    """A write the file refused: say so without blocking; the app goes on."""
    window.statusBar().showMessage(message, 15000)
    box = QMessageBox(
        QMessageBox.Icon.Warning, "修改没有保存", message, QMessageBox.StandardButton.Ok, window
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(
        lambda _result, box=box: window.messages.remove(box) if box in window.messages else None
    )
    window.messages.append(box)
    box.open()


def ask_report_path(window: MainWindow, title: str, suggested: Path) -> Path | None:
    """Where a report file goes (``.jxzp`` added to a name without a suffix); None: cancelled."""
    return ask_save_path(window, title, suggested, REPORT_FILTER, FILE_SUFFIX, keep_other_suffix=True)
