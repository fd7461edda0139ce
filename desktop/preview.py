"""打印预览, 打印 and 导出 PDF: the forms that ``perfcore.pdf`` writes, shown and printed.

* The PDF is generated on a worker thread (``QThreadPool``) from a copy of the package taken
  when the command is given, while the status bar shows a busy bar; edits made meanwhile go to
  the file as usual and are in the next print.
* 打印预览 shows that very PDF in QtPdf's ``QPdfView``; printing or exporting from the preview
  uses the file on screen, so what is printed is what was seen.
* 打印 goes through the system's print dialog and prints each page at 100 %: pages are rendered
  at the printer's resolution (at most 600 dpi) in bands and drawn on the whole sheet, never
  scaled to fit; a page whose orientation differs from the paper's (表3 on portrait paper) is
  turned a quarter to the left, its head towards the binding edge.
* Before printing, if the checks report errors, the user is told and may print anyway.
* Before printing or exporting, if some characters of the package are in no available font
  (they would print as ``□``), the user is told which, in which fields, and may open 设置 to
  choose another font, print or export anyway, or cancel.

QtPdf, QtPrintSupport and ReportLab load on first use: none is needed to show the window.
"""

from __future__ import annotations

import copy
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, Qt, QTemporaryDir, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QWidget

from perfcore.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from desktop.main_window import MainWindow
    from perfcore.model import Package
    from perfcore.pdf import RenderInfo, Unprintable

MAX_PRINT_DPI = 600
JOB_STOP_MS = 10_000
"""How long the ending app waits for a render to stop (it stops after the page part at hand)."""
BAND_PX = 512
"""Pages are rendered for the printer in bands this many pixels tall (a whole A4 page at
600 dpi would take 140 MB as one image)."""
FONT_SETTING = "pdf_font"
"""QSettings key of the body font chosen for the forms (file path or family name); unset: the
system's 仿宋/宋体."""


# ---------------------------------------------------------------- generating off the UI thread


class _JobSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class PdfJob(QRunnable):
    """Render ``package`` (a copy nobody else touches) to ``target`` on a pool thread, through
    the output guard: never over the open report (``source``), another report or a special file.
    The save dialog already asked before replacing an ordinary file."""

    def __init__(self, package: Package, target: Path, font: str | None, source: Path | None = None) -> None:
        super().__init__()
        self.package = package
        self.target = target
        self.font = font
        self.source = source
        self.signals = _JobSignals()
        self.stop = threading.Event()
        """Set when the app ends: the render stops and its temporary file is removed."""
        self.temp: Path | None = None
        """The temporary file being filled beside the target (None before and after)."""

    def run(self) -> None:
        from perfcore.output import write_output
        from perfcore.pdf import RenderCancelled, render_pdf
        from perfcore.pdf.fonts import resolve_fonts

        rendered: list[RenderInfo] = []

        def fill(temp: Path) -> None:
            self.temp = temp
            with open(temp, "wb") as stream:
                rendered.append(render_pdf(self.package, stream, font=self.font, cancelled=self.stop.is_set))

        try:
            # Through the output guard: never over the open report, the fonts it prints with,
            # another report or a device.
            inputs = [*([] if self.source is None else [self.source]), *resolve_fonts(self.font).files()]
            write_output(self.target, fill, inputs=inputs, overwrite=True)
            info = rendered[0]
        except RenderCancelled:
            return  # the app is ending; write_output removed the temporary file
        except UserError as exc:
            self.signals.failed.emit(str(exc))
        except Exception:
            # A bug: the waiting view still needs its answer, and the log and the error dialog
            # need the traceback (sys.excepthook is desktop.errors' reporter, safe from a thread).
            self.signals.failed.emit("生成PDF时程序出错，详情已记录")
            sys.excepthook(*sys.exc_info())
        else:
            self.signals.done.emit(info)
        finally:
            self.temp = None


def confirm_print(parent: QWidget, errors: list[Any], doing: str = "打印") -> bool:
    """The checks found errors: say so and let the user print (or export, ``doing`` 导出) anyway."""
    first = "\n".join(f"· {f.message}" for f in errors[:3])
    more = f"\n…另有 {len(errors) - 3} 处" if len(errors) > 3 else ""
    box = QMessageBox(
        QMessageBox.Icon.Warning, "审核发现错误", "", QMessageBox.StandardButton.NoButton, parent
    )
    box.setText(f"审核发现 {len(errors)} 处错误，{doing}的报表可能需要改正后重印。")
    box.setInformativeText(f"{first}{more}\n\n仍要{doing}吗？")
    anyway = box.addButton(f"仍然{doing}", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)  # Enter does not print over errors unread
    box.exec()
    return box.clickedButton() is anyway


GO, SETTINGS, CANCEL = "go", "settings", "cancel"
MAX_LISTED = 6


def confirm_glyphs(parent: QWidget, found: list[Unprintable], doing: str) -> str:
    """Characters no font has: say where, offer 设置. Returns GO, SETTINGS or CANCEL.

    ``doing`` is the verb on the button: 打印 or 导出.
    """
    lines = [f"· {f.place}：{_spelled(f.chars)}" for f in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:
        lines.append(f"…另有 {len(found) - MAX_LISTED} 处")
    box = QMessageBox(
        QMessageBox.Icon.Warning, "有字符无法打印", "", QMessageBox.StandardButton.NoButton, parent
    )
    box.setText(f"有 {len(found)} 处文字含有本机字体中没有的字符，{doing}出的报表中这些字符将显示为□。")
    box.setInformativeText("\n".join(lines) + "\n\n可在“设置”中另选字体，或修改这些文字。")
    anyway = box.addButton(f"仍然{doing}", QMessageBox.ButtonRole.AcceptRole)
    settings = box.addButton("设置(&T)…", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return GO if clicked is anyway else SETTINGS if clicked is settings else CANCEL


def _spelled(chars: str) -> str:
    # The dialog's own font may lack the character too: its code point says which it is.
    return "、".join(f"{c}（U+{ord(c):04X}）" for c in chars[:8]) + ("等" if len(chars) > 8 else "")


# ---------------------------------------------------------------- printing at 100 %


def print_document(
    document: QPdfDocument,
    printer: QPrinter,
    on_page: Callable[[int, int], bool] | None = None,
) -> int:
    """Print ``document``'s pages in the printer's range at 100 %; returns the pages printed.

    ``on_page(done, total)`` is called before each page; returning False stops (cancel).
    """
    from PySide6.QtCore import QRect, QRectF, QSize
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtPdf import QPdfDocumentRenderOptions
    from PySide6.QtPrintSupport import QPrinter

    count = document.pageCount()
    first = max(printer.fromPage(), 1) if printer.printRange() == QPrinter.PrintRange.PageRange else 1
    last = min(printer.toPage(), count) if printer.printRange() == QPrinter.PrintRange.PageRange else count
    pages = list(range(first - 1, last))
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    sequence = [p for _ in range(copies) for p in pages]
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_PRINT_DPI)
    scale = device_dpi / dpi
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    paper_landscape = paper.width() > paper.height()

    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("无法开始打印（打印机不可用）")
    printed = 0
    try:
        for n, page in enumerate(sequence):
            if on_page is not None and not on_page(n, len(sequence)):
                break
            if n:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            painter.save()
            if (size.width() > size.height()) != paper_landscape:
                # A quarter turn to the left: the page's head goes to the left (binding) edge.
                painter.translate(0, paper.height())
                painter.rotate(-90)
            options = QPdfDocumentRenderOptions()
            options.setScaledSize(size)
            for top in range(0, size.height(), BAND_PX):
                height = min(BAND_PX, size.height() - top)
                options.setScaledClipRect(QRect(0, top, size.width(), height))
                rendered = document.render(page, QSize(size.width(), height), options)
                # QtPdf leaves the paper transparent: lay the band on white before it goes out.
                band = QImage(rendered.size(), QImage.Format.Format_Grayscale8)
                band.fill(Qt.GlobalColor.white)
                on_white = QPainter(band)
                on_white.drawImage(0, 0, rendered)
                on_white.end()
                target = QRectF(0, top * scale, size.width() * scale, height * scale)
                painter.drawImage(target, band)
            painter.restore()
            printed += 1
    finally:
        painter.end()
    return printed


# ---------------------------------------------------------------- the preview window


class PreviewWindow(QWidget):
    """The generated PDF in a window of its own, with 打印 and 导出PDF."""

    def __init__(self, commands: PrintCommands, path: Path, info: RenderInfo) -> None:
        from PySide6.QtGui import QKeySequence
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

        super().__init__(commands.window, Qt.WindowType.Window)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("打印预览")
        self.commands = commands
        self.path = path
        self.info = info
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        bar = QHBoxLayout()
        self.print_button = QPushButton("打印(&P)…", self)
        self.print_button.clicked.connect(lambda: commands.print_file(self.path, self))
        self.export_button = QPushButton("导出PDF(&D)…", self)
        self.export_button.clicked.connect(lambda: commands.export_file(self.path, self))
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        bar.addSpacing(16)
        for text, slot in (
            ("适合宽度", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)),
            ("整页", lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitInView)),
            ("实际大小", self._actual_size),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        self.page_label = QLabel(self)
        bar.addWidget(self.page_label)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.close)
        close.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        bar.addWidget(close)

        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.document.statusChanged.connect(lambda _status: self._show_page(0))
        self.document.load(str(path))
        screen = commands.window.screen().availableGeometry()
        self.resize(min(1000, screen.width() - 80), screen.height() - 80)

    def _actual_size(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        # 100 %: a point of the page is a point (1/72 inch) of the screen.
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(self.logicalDpiY() / 72)

    def _show_page(self, page: int) -> None:
        self.page_label.setText(
            f"第 {page + 1} 页 共 {self.document.pageCount()} 页　校验码 {self.info.fingerprint}"
        )

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Release the file before removing it (Windows keeps open files).
        self.document.close()
        self.path.unlink(missing_ok=True)
        self.commands.previews.discard(self)
        super().closeEvent(event)


# ---------------------------------------------------------------- the commands


class PrintCommands(QObject):
    """打印预览, 打印 and 导出 PDF of one main window."""

    busy_changed = Signal(bool)
    generated = Signal(object)
    """RenderInfo of every PDF generated (tests and the status bar listen). Declared as object:
    naming RenderInfo would load ReportLab with the print commands, before it is needed."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.actions = (window.action_preview, window.action_print, window.action_export_pdf)
        self.temp = QTemporaryDir()
        self.jobs: set[PdfJob] = set()
        self.previews: set[PreviewWindow] = set()
        self._count = 0
        self._busy = QProgressBar(window)
        self._busy.setRange(0, 0)
        self._busy.setMaximumWidth(160)
        self._busy.setTextVisible(False)
        self._busy.hide()
        window.statusBar().addPermanentWidget(self._busy)
        window.action_preview.triggered.connect(self.preview)
        window.action_print.triggered.connect(self.print_report)
        window.action_export_pdf.triggered.connect(self.export_pdf)
        tips = ("在窗口中查看打印出的报表", "按原大小打印报表（A4）", "把报表导出为可打印盖章的PDF文件")
        for action, tip in zip(self.actions, tips, strict=True):
            action.setToolTip(tip)
            action.setEnabled(window.ops is not None)
        # The window enables and disables its file actions as files open and close.
        window.file_actions = (*window.file_actions, *self.actions)

    # ------------------------------------------------------------ generating

    @property
    def busy(self) -> bool:
        return bool(self.jobs)

    def generate(self, target: Path, then: Callable[[RenderInfo], None]) -> bool:
        """Start rendering the open package to ``target``; ``then(info)`` runs when it is written."""
        ops = self.window.ops
        if ops is None or self.busy:
            return False
        ops.flush()
        job = PdfJob(copy.deepcopy(ops.package), target, self._font(), ops.report.path)
        job.setAutoDelete(False)
        job.signals.done.connect(lambda info: self._finished(job, info, then))
        job.signals.failed.connect(lambda message: self._failed(job, message))
        self.jobs.add(job)
        self._set_busy(True)
        QThreadPool.globalInstance().start(job)
        return True

    @staticmethod
    def _font() -> str | None:
        """The body font chosen in 设置, or None for the system's."""
        from desktop.app_settings import settings

        font = settings().value(FONT_SETTING)
        return font if isinstance(font, str) and font else None

    def _glyphs_allow(self, parent: QWidget, doing: str, regenerates: bool = True) -> bool:
        """Characters no font has: the user decides (see :func:`confirm_glyphs`).

        ``regenerates``: the PDF is made after this question, so a font chosen in 设置 is used
        and the question is asked again; otherwise (the preview's own file) the user is told to
        preview again.
        """
        from perfcore.pdf import FontError, unprintable

        ops = self.window.ops
        if ops is None:
            return False
        ops.flush()
        while True:
            try:
                found = unprintable(ops.package, self._font())
            except FontError:
                return True  # generating reports the font that cannot be used
            if not found:
                return True
            answer = confirm_glyphs(parent, found, doing)
            if answer != SETTINGS:
                return answer == GO
            chosen = self.window.open_settings()
            if not regenerates:
                if chosen:
                    self.window.statusBar().showMessage("字体已更改：请重新打印预览。", 8000)
                return False

    def cancel_jobs(self, wait_ms: int = JOB_STOP_MS) -> None:
        """Stop every render (the app is ending): each stops after the page part it is laying
        out and removes its temporary file; one that does not stop within ``wait_ms`` (a huge
        page being written out) has its temporary file removed here, before the process ends."""
        for job in self.jobs:
            job.stop.set()
        if self.jobs and not QThreadPool.globalInstance().waitForDone(wait_ms):
            for job in self.jobs:
                temp = job.temp
                if temp is not None:
                    temp.unlink(missing_ok=True)

    def _finished(self, job: PdfJob, info: RenderInfo, then: Callable[[RenderInfo], None]) -> None:
        self.jobs.discard(job)
        self._set_busy(False)
        self.generated.emit(info)
        if info.missing_glyphs:
            chars = "".join(sorted(info.missing_glyphs))
            self.window.statusBar().showMessage(f"注意：这些字符没有可用的字体，已打印为□：{chars}", 10000)
        then(info)

    def _failed(self, job: PdfJob, message: str) -> None:
        self.jobs.discard(job)
        self._set_busy(False)
        QMessageBox.warning(self.window, "无法生成PDF", message)

    def _set_busy(self, busy: bool) -> None:
        self._busy.setVisible(busy)
        for action in self.actions:
            action.setEnabled(not busy and self.window.ops is not None)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.window.statusBar().showMessage("正在生成PDF…")
        else:
            QApplication.restoreOverrideCursor()
            self.window.statusBar().clearMessage()
        self.busy_changed.emit(busy)

    def _temp_pdf(self) -> Path:
        self._count += 1
        return Path(self.temp.path()) / f"报表-{self._count}.pdf"

    # ------------------------------------------------------------ 打印预览

    def preview(self) -> None:
        path = self._temp_pdf()
        self.generate(path, lambda info: self._show_preview(path, info))

    def _show_preview(self, path: Path, info: RenderInfo) -> None:
        dialog = PreviewWindow(self, path, info)
        self.previews.add(dialog)
        dialog.show()

    # ------------------------------------------------------------ 打印

    def print_report(self) -> None:
        if not self._checks_allow_printing(self.window) or not self._glyphs_allow(self.window, "打印"):
            return
        path = self._temp_pdf()
        self.generate(path, lambda info: self._print_temporary(path))

    def _print_temporary(self, path: Path) -> None:
        try:
            self.print_file(path, self.window, checked=True)
        finally:
            path.unlink(missing_ok=True)

    def _checks_allow_printing(self, parent: QWidget, doing: str = "打印") -> bool:
        ops = self.window.ops
        if ops is None:
            return False
        ops.flush()
        errors = [f for f in ops.run_checks_now() if f.severity == "error"]
        return not errors or confirm_print(parent, errors, doing)

    def print_file(self, path: Path, parent: QWidget, checked: bool = False) -> int:
        """The print dialog, then ``path`` printed at 100 %; returns the pages printed."""
        if not checked and not (
            self._checks_allow_printing(parent) and self._glyphs_allow(parent, "打印", regenerates=False)
        ):
            return 0
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        from PySide6.QtWidgets import QProgressDialog

        document = QPdfDocument(self)
        document.load(str(path))
        try:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            printer.setPageOrientation(QPageLayout.Orientation.Portrait)
            printer.setFullPage(True)  # the page is the whole sheet: drawn as is, never shrunk
            printer.setDocName(self.window.windowTitle().split(" — ")[0] or "绩效自评报表")
            printer.setFromTo(1, document.pageCount())
            dialog = QPrintDialog(printer, parent)
            dialog.setWindowTitle("打印报表")
            dialog.setMinMax(1, document.pageCount())
            if dialog.exec() != QPrintDialog.DialogCode.Accepted:
                return 0
            progress = QProgressDialog("正在打印…", "取消", 0, document.pageCount(), parent)
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(500)

            def step(done: int, total: int) -> bool:
                progress.setMaximum(total)
                progress.setValue(done)
                progress.setLabelText(f"正在打印第 {done + 1} 页，共 {total} 页…")
                QApplication.processEvents()
                return not progress.wasCanceled()

            try:
                printed = print_document(document, printer, step)
            except OSError as exc:
                QMessageBox.warning(parent, "无法打印", str(exc))
                return 0
            finally:
                progress.close()
            self.window.statusBar().showMessage(f"已送打印机 {printed} 页。", 8000)
            return printed
        finally:
            document.close()
            document.deleteLater()

    # ------------------------------------------------------------ 导出 PDF

    def _ask_target(self, parent: QWidget) -> Path | None:
        from desktop.file_dialogs import ask_save_path

        ops = self.window.ops
        name = "绩效自评报表.pdf"
        if ops is not None:
            name = f"{ops.package.unit_name or '绩效自评'}{ops.package.year}年度绩效自评报表.pdf"
        return ask_save_path(parent, "导出PDF", self.window.folder() / name, "PDF 文件 (*.pdf)", ".pdf")

    def export_pdf(self) -> None:
        if not self._checks_allow_printing(self.window, "导出") or not self._glyphs_allow(self.window, "导出"):
            return
        target = self._ask_target(self.window)
        if target is not None:
            self.generate(target, lambda info: self._exported(target, info))

    def export_file(self, path: Path, parent: QWidget) -> None:
        """Save the PDF on screen (the preview) under a name the user chooses."""
        if not (self._checks_allow_printing(parent, "导出") and self._glyphs_allow(parent, "导出", regenerates=False)):
            return
        target = self._ask_target(parent)
        if target is None:
            return
        from perfcore.output import OutputError, write_output

        ops = self.window.ops
        inputs = [path] if ops is None else [path, ops.report.path]
        try:
            write_output(target, lambda temp: shutil.copyfile(path, temp), inputs=inputs, overwrite=True)
        except OutputError as exc:
            QMessageBox.warning(parent, "无法导出PDF", str(exc))
            return
        self.window.statusBar().showMessage(f"已导出 {target}", 8000)

    def _exported(self, target: Path, info: RenderInfo) -> None:
        self.window.statusBar().showMessage(
            f"已导出 {target}（共{info.pages}页，校验码 {info.fingerprint}）", 10000
        )


def install(window: MainWindow) -> PrintCommands:
    """Wire 打印预览, 打印 and 导出 PDF of ``window``."""
    return PrintCommands(window)


__all__ = [
    "PdfJob",
    "PreviewWindow",
    "PrintCommands",
    "confirm_glyphs",
    "confirm_print",
    "install",
    "print_document",
]
