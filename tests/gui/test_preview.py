"""打印预览, 打印 and 导出 PDF from the window: generated off the UI thread, shown, printed at 100 %."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from pdf_support import page_sizes, page_texts, run, tool
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog

import desktop.preview as preview
import perfcore.pdf
from desktop.main_window import MainWindow
from perfcore.pdf import RenderInfo

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

A4 = (595.28, 841.89)


def _commands(window: MainWindow) -> preview.PrintCommands:
    commands = window.printing
    assert isinstance(commands, preview.PrintCommands)
    return commands


def _inked(image: QImage) -> bool:
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return any(
        gray.pixelColor(x, y).value() < 128
        for y in range(0, gray.height(), 5)
        for x in range(0, gray.width(), 5)
    )


def test_actions_follow_the_open_file(window: MainWindow) -> None:
    actions = (window.action_preview, window.action_print, window.action_export_pdf)
    assert all(a.isEnabled() for a in actions)
    window.close_report()
    assert not any(a.isEnabled() for a in actions)


def test_preview_shows_the_generated_pdf(qtbot: Any, window: MainWindow) -> None:
    commands = _commands(window)
    with qtbot.waitSignal(commands.generated, timeout=20000) as generated:
        window.action_preview.trigger()
        assert commands.busy and not window.action_print.isEnabled()
    info: RenderInfo = generated.args[0]
    qtbot.waitUntil(lambda: len(commands.previews) == 1)
    shown = next(iter(commands.previews))
    qtbot.waitUntil(lambda: shown.document.status() == QPdfDocument.Status.Ready, timeout=10000)
    assert shown.document.pageCount() == info.pages == len(page_texts(shown.path))
    assert info.fingerprint in shown.page_label.text()
    # QPdfView paints its pages asynchronously: wait for ink, not for time.
    qtbot.waitUntil(lambda: _inked(shown.view.viewport().grab().toImage()), timeout=10000)
    assert not commands.busy and window.action_print.isEnabled()
    shown.close()
    assert not commands.previews


def test_generation_runs_off_the_ui_thread_with_a_busy_bar(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    release = threading.Event()
    threads: list[threading.Thread] = []
    real = perfcore.pdf.render_pdf

    def slow_render(*args: Any, **kwargs: Any) -> RenderInfo:
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(perfcore.pdf, "render_pdf", slow_render)
    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.action_export_pdf.trigger()
    qtbot.waitUntil(lambda: bool(threads))
    # The UI thread is free while the worker renders: the busy bar shows, the actions wait.
    assert threads[0] is not threading.main_thread()
    assert commands._busy.isVisible() and not window.action_export_pdf.isEnabled()
    with qtbot.waitSignal(commands.generated, timeout=20000):
        release.set()
    assert not commands._busy.isVisible() and window.action_export_pdf.isEnabled()
    assert target.read_bytes().startswith(b"%PDF-")


def test_export_writes_the_chosen_file(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    target = tmp_path / "报表"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(commands.generated, timeout=20000) as generated:
        window.action_export_pdf.trigger()
    written = tmp_path / "报表.pdf"
    info: RenderInfo = generated.args[0]
    texts = page_texts(written)
    assert len(texts) == info.pages
    assert "株洲市石峰区优化营商环境协调事务中心" in "".join(texts[0].split())
    assert all(info.fingerprint in t for t in texts)
    assert info.fingerprint in window.statusBar().currentMessage()


def _print_to(path: Path, calls: list[QPrinter]) -> Any:
    def exec_(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setResolution(150)
        calls.append(printer)
        return int(QPrintDialog.DialogCode.Accepted)

    return exec_


def _raster(pdf: Path, page: int, folder: Path) -> QImage:
    stem = folder / f"{pdf.stem}-{page}"
    run(
        tool("pdftoppm"),
        "-r",
        "36",
        "-gray",
        "-png",
        "-f",
        str(page),
        "-l",
        str(page),
        "-singlefile",
        pdf,
        stem,
    )
    return QImage(str(stem.with_suffix(".png"))).convertToFormat(QImage.Format.Format_Grayscale8)


def _rows(image: QImage) -> list[bytes]:
    data = bytes(image.constBits())
    stride = image.bytesPerLine()
    return [data[y * stride : y * stride + image.width()] for y in range(image.height())]


def _difference(printed: QImage, form: QImage, dx: int = 0, dy: int = 0) -> float:
    """Mean gray difference over the sheet's interior, the form shifted by (dx, dy) pixels."""
    assert printed.size() == form.size(), (printed.size(), form.size())
    a, b = _rows(printed), _rows(form)
    edge = 8
    total = count = 0
    for y in range(edge, len(a) - edge):
        row_a, row_b = a[y], b[y + dy]
        for x in range(edge, len(row_a) - edge):
            total += abs(row_a[x] - row_b[x + dx])
        count += len(row_a) - 2 * edge
    return total / count


def _scaled(image: QImage, factor: float) -> QImage:
    """``image`` shrunk about the sheet's centre, as a shrink-to-fit print would."""
    small = image.scaled(
        round(image.width() * factor),
        round(image.height() * factor),
        Qt.AspectRatioMode.IgnoreAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    sheet = QImage(image.size(), QImage.Format.Format_Grayscale8)
    sheet.fill(Qt.GlobalColor.white)
    painter = QPainter(sheet)
    painter.drawImage((image.width() - small.width()) // 2, (image.height() - small.height()) // 2, small)
    painter.end()
    return sheet


def _same_place_and_size(printed: QImage, form: QImage) -> None:
    """The printed sheet is closest to the form where and as large as the form is."""
    exact = _difference(printed, form)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        assert exact < _difference(printed, form, dx, dy), f"closer when shifted by {dx, dy} px"
    for factor in (0.97, 0.94):
        assert exact < _difference(printed, _scaled(form, factor)), f"closer when scaled to {factor:.0%}"


def test_print_puts_every_page_on_a4_at_full_size(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    printed = tmp_path / "printed.pdf"
    calls: list[QPrinter] = []
    monkeypatch.setattr(QPrintDialog, "exec", _print_to(printed, calls))
    sources: list[RenderInfo] = []
    commands.generated.connect(sources.append)
    window.action_print.trigger()
    qtbot.waitUntil(lambda: printed.exists() and bool(calls) and not commands.busy, timeout=30000)
    qtbot.waitUntil(lambda: "已送打印机" in window.statusBar().currentMessage(), timeout=30000)
    assert not list(Path(commands.temp.path()).glob("*.pdf"))  # the temporary PDF is gone
    assert window.ops is not None
    source = tmp_path / "source.pdf"
    assert perfcore.pdf.render_pdf(window.ops.package, source).fingerprint == sources[0].fingerprint
    sizes = page_sizes(printed)
    assert len(sizes) == sources[0].pages
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)
    # Page 1 at 100 %: not moved, not shrunk (1 px is 0.7 mm at 36 dpi).
    _same_place_and_size(_raster(printed, 1, tmp_path), _raster(source, 1, tmp_path))
    # 表3 (landscape) turned a quarter to the left onto the portrait sheet, at full size too.
    landscape = next(i for i, (w, h) in enumerate(page_sizes(source), start=1) if w > h)
    turned = _raster(source, landscape, tmp_path).transformed(QTransform().rotate(-90))
    _same_place_and_size(_raster(printed, landscape, tmp_path), turned)


def test_printing_with_errors_asks_first(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    assert window.ops is not None
    window.ops.set("/indicators/tree/0/weight", Decimal(20), "修改 分值")  # 13 ≠ the sum of its parts
    asked: list[list[Any]] = []
    answer = {"print": False}

    def confirm(_parent: Any, errors: list[Any], _doing: str = "打印") -> bool:
        asked.append(errors)
        return answer["print"]

    monkeypatch.setattr(preview, "confirm_print", confirm)
    dialogs: list[QPrinter] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: dialogs.append(dialog.printer()) or 0)

    window.action_print.trigger()
    assert len(asked) == 1 and asked[0] and all(f.severity == "error" for f in asked[0])
    assert not commands.busy and not dialogs  # declined: nothing generated, no print dialog

    answer["print"] = True
    window.action_print.trigger()
    assert len(asked) == 2
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)  # printed anyway: the dialog opened
