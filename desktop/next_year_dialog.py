"""文件 › 新建下一年度…: pick last year's file (the open one by default), see what will be carried
and cleared, choose where to save; the new file opens.

The list is the core's own answer (``perfcore.next_year`` through ``desktop.ops``), computed
without writing anything, so what the dialog shows is exactly what the new file will hold.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.file_commands import ask_report_path
from desktop.ops import create_next_year, preview_next_year
from perfcore import FILE_SUFFIX
from perfcore.errors import UserError
from perfcore.model import Package
from perfcore.next_year import NextYear
from perfcore.output import same_file

if TYPE_CHECKING:
    from desktop.main_window import MainWindow

SOURCE_FILTER = f"绩效自评报告文件 (*{FILE_SUFFIX});;交换格式 JSON (*.json);;所有文件 (*)"
KEEP_TEXTS = "保留上年文字作为草稿（审核中逐段提示修改）"


def preview_text(result: NextYear, last_year: int) -> str:
    """The list the dialog shows: what is carried, what is cleared, what stays as a draft."""
    lines = [f"将新建 {result.package.year} 年度报告（由 {last_year} 年度结转）。", "", "结转上年数："]
    lines += [f"  {c.line}" for c in result.carried] or ["  （无）"]
    lines += ["", "保留：单位名称、指标体系（名称、分值、评价标准、计分规则、指标值）、基础数据项目、专项资金和项目的名称与概况。"]
    lines += ["", "清除上年结果："]
    lines += [f"  {line}" for line in result.cleared.lines()] or ["  （无）"]
    if result.cleared.drafts:
        lines += ["", f"保留为草稿的上年文字 {len(result.cleared.drafts)} 段，修改前审核中逐段提示。"]
    return "\n".join(lines)


class NextYearDialog(QDialog):
    """Last year's file, the 保留上年文字 option and the list of what will be carried."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("新建下一年度")
        self.resize(620, 480)
        self._window = window
        self.outcome: NextYear | None = None
        self.source = QLineEdit(self)
        self.source.setReadOnly(True)
        self.source.setPlaceholderText("请选择上年的报告文件")
        browse = QPushButton("选择…", self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(QLabel("上年报告文件", self))
        row.addWidget(self.source, 1)
        row.addWidget(browse)
        self.keep_texts = QCheckBox(KEEP_TEXTS, self)
        self.keep_texts.toggled.connect(self._refresh)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("下一步：选择保存位置…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.keep_texts)
        column.addWidget(self.preview, 1)
        column.addWidget(self.buttons)
        if window.ops is not None:
            self.set_source(window.ops.report.path)
        else:
            self._refresh()

    def set_source(self, path: str | Path) -> None:
        self.source.setText(str(path))
        self._refresh()

    def open_package(self) -> Package | None:
        """Last year's package when it is the file open in the window (its edits all written)."""
        ops = self._window.ops
        if ops is None or not self.source.text() or not same_file(ops.report.path, self.source.text()):
            return None
        ops.flush()
        return ops.package

    def _browse(self) -> None:
        start = self.source.text() or str(self._window.folder())
        path, _ = QFileDialog.getOpenFileName(self, "选择上年的报告文件", start, SOURCE_FILTER)
        if path:
            self.set_source(path)

    def _refresh(self) -> None:
        self.outcome = None
        path = self.source.text()
        if not path:
            self.preview.setPlainText("请选择上年的报告文件（或交换格式 JSON）。")
            self.ok.setEnabled(False)
            return
        package = self.open_package()
        try:
            self.outcome = preview_next_year(path, self.keep_texts.isChecked(), package)
        except UserError as exc:
            self.preview.setPlainText(f"无法由此文件新建下一年度：\n{exc}")
            self.ok.setEnabled(False)
            return
        last_year = self.outcome.package.year - 1
        self.preview.setPlainText(preview_text(self.outcome, last_year))
        self.ok.setEnabled(True)


def new_next_year(window: MainWindow) -> None:
    """The whole command: the dialog, the save dialog, the new file opened in the window."""
    dialog = NextYearDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
        return
    source = Path(dialog.source.text())
    package = dialog.outcome.package
    name = f"{package.unit_name or '绩效自评'}{package.year}年度{FILE_SUFFIX}"
    # Where every save dialog starts (the last folder chosen, else the open file's, else 文档).
    target = ask_report_path(window, "保存下一年度报告文件", window.folder() / name)
    if target is None:
        return
    last = dialog.open_package()
    if last is not None and same_file(target, source):
        QMessageBox.warning(window, "无法新建下一年度", f"“{target.name}”就是上年的报告文件，请另选文件名")
        return
    window.release_if_open(target)
    try:
        report = create_next_year(source, target, dialog.keep_texts.isChecked(), last)
    except UserError as exc:  # the guard refused the target, a file in use, or last year's file changed
        QMessageBox.warning(window, "无法新建下一年度", str(exc))
        return
    window.attach(report)
    window.statusBar().showMessage(f"已新建 {target.name}：{package.year} 年度，上年数已结转", 10000)
