"""文件 › 另存为模板… and 文件 › 从 Excel 导入指标框架…: the user's own indicator frameworks.

Both write into the user's templates folder through the core (``desktop.ops``); a name already
taken is replaced only after the clerk confirms. 新建 lists what is saved here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from desktop.ops import convert_excel, save_converted, save_framework
from desktop.template_dialogs import ConversionDialog
from perfcore.errors import UserError
from perfcore.output import OutputExists
from perfcore.templates.library import TemplateEntry

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

EXCEL_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"


def _saved(parent: QWidget, save: Callable[[bool], TemplateEntry], title: str) -> TemplateEntry | None:
    """Run ``save(overwrite)``; a name already taken asks before replacing. None: not saved."""
    try:
        return save(False)
    except OutputExists as exc:
        answer = QMessageBox.question(
            parent, title, f"{exc}。\n\n要用新的内容替换它吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return None
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None
    try:
        return save(True)
    except UserError as exc:
        QMessageBox.warning(parent, title, str(exc))
        return None


def save_as_template(window: MainWindow) -> None:
    """另存为模板…: the open package's framework, without the unit's figures, scores or texts."""
    ops = window.ops
    if ops is None:
        return
    package = ops.package
    suggested = f"{package.unit_name}{package.year}年度指标框架" if package.unit_name else f"{package.year}年度指标框架"
    name, accepted = QInputDialog.getText(
        window, "另存为模板", "模板名称（保存指标、分值、评价标准和计分规则，不含本单位的数字、得分和文字）：", text=suggested
    )
    name = name.strip()
    if not accepted or not name:
        return
    entry = _saved(window, lambda overwrite: save_framework(package, name, overwrite), "另存为模板")
    if entry is not None:
        window.statusBar().showMessage(f"已保存模板“{entry.name}”，新建报告时可以选用", 10000)


def import_excel_framework(window: MainWindow) -> None:
    """从 Excel 导入指标框架…: convert a bureau's .xlsx, show the report, then keep it as a template."""
    chosen, _ = QFileDialog.getOpenFileName(window, "从 Excel 导入指标框架", str(window.folder()), EXCEL_FILTER)
    if not chosen:
        return
    QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
    try:
        package, report = convert_excel(chosen)
    except UserError as exc:  # not .xlsx, damaged, no header found, unreadable
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(window, "无法导入指标框架", str(exc))
        return
    QApplication.restoreOverrideCursor()
    leaves = report.leaf_count
    summary = f"从“{Path(chosen).name}”读取了 {leaves} 个三级指标。转换报告："
    name = package.template.name if package.template is not None else Path(chosen).stem
    dialog = ConversionDialog(report.lines(), name, summary, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    final = dialog.name.text().strip()
    entry = _saved(window, lambda overwrite: save_converted(package, final, chosen, overwrite), "从 Excel 导入指标框架")
    if entry is not None:
        window.statusBar().showMessage(f"已保存模板“{entry.name}”，新建报告时可以选用", 10000)
