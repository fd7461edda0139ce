"""``perf-filing --self-test``: the installed program shows, without a screen, that it works.

It imports every module of the program (a file missing from a checkout or the bundle fails
here, by name), takes the demo package shipped inside the program, imports it into a report file in a
temporary folder, scores it (the 2019 filing scored 93.00), runs the checks, prints the forms to
PDF and reads that PDF back with Qt's own PDF module, exports them as Word and Excel and reads those
back (python-docx's bundled template, openpyxl), summarises copies of it in two worker
processes (a bundle spawns itself for them); then it makes sure the platform plugin for a
real screen loads, which proves the system libraries it needs are installed. It prints
one line and exits 0 only when every step passed.

Called by the entry point before any QApplication exists, so it can choose the offscreen platform.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

EXPECTED_TOTAL = Decimal("93.00")
PACKAGES = ("perfcore", "desktop")
PLATFORM_PLUGINS = {"linux": "libqxcb.so", "win32": "qwindows.dll", "darwin": "libqcocoa.dylib"}


class SelfTestError(Exception):
    """A step found something wrong; the message is what the result line says."""


class _Run:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.facts: list[str] = []
        self.package: Any = None
        self.scores: Any = None
        self.pdf: Path | None = None
        self.pages = 0


def program_modules() -> list[str]:
    """Every module of perfcore and desktop found on disk (source files or the bundle's .pyc)."""
    import importlib
    import pkgutil

    names: list[str] = []
    for top in PACKAGES:
        package = importlib.import_module(top)
        names.append(top)
        for info in pkgutil.walk_packages(package.__path__, f"{top}."):
            if info.name.rsplit(".", 1)[-1] != "__main__":  # running it is what __main__ does
                names.append(info.name)
    return names


def _modules(run: _Run) -> None:
    """Import every module: one missing from a checkout or the bundle fails here, by name,
    rather than later behind a menu."""
    import importlib

    names = program_modules()
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            raise SelfTestError(f"模块 {name} 无法加载（{exc}）") from exc
    run.facts.append(f"{len(names)} 个程序模块")


def _open_demo(run: _Run) -> None:
    from perfcore import FILE_SUFFIX, assets
    from perfcore.exchange import load_json
    from perfcore.output import write_output
    from perfcore.store import ReportFile

    demo = run.folder / assets.DEMO_NAME
    write_output(demo, lambda temp: temp.write_bytes(assets.demo_json()))
    report_path = run.folder / f"演示{FILE_SUFFIX}"
    ReportFile.create(report_path, load_json(demo.read_bytes())).close()
    # Reopened from disk, so the score below is of what the file holds.
    with ReportFile.open(report_path) as report:
        run.package = report.package
        run.scores = report.scores
    run.facts.append(f"演示包 {run.package.year}年度")


def _score(run: _Run) -> None:
    total = run.scores.total
    if total != EXPECTED_TOTAL:
        raise SelfTestError(f"得分 {total}，应为 {EXPECTED_TOTAL}")
    run.facts.append(f"得分 {total}（{run.scores.grade}）")


def _checks(run: _Run) -> None:
    from perfcore.checks import run_checks, summary

    run.facts.append(f"审核{summary(run_checks(run.package, run.scores))}")


def _pdf(run: _Run) -> None:
    from reportlab.lib import rl_accel

    from perfcore.pdf import render_pdf

    # Without its C accelerators ReportLab still works, only slower: a bundle missing them is
    # caught here rather than by a clerk waiting for a long print.
    if "fp_str" not in rl_accel._c_funcs:
        raise SelfTestError("缺少ReportLab加速模块（_rl_accel）")

    run.pdf = run.folder / "自评报告.pdf"
    info = render_pdf(run.package, run.pdf, scores=run.scores)
    if not run.pdf.read_bytes().startswith(b"%PDF-"):
        raise SelfTestError("生成的文件不是PDF")
    if info.missing_glyphs:
        raise SelfTestError(f"PDF缺字：{''.join(sorted(info.missing_glyphs))}")
    run.pages = info.pages


def _read_pdf_with_qt(run: _Run) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor
    from PySide6.QtPdf import QPdfDocument

    assert run.pdf is not None
    document = QPdfDocument()
    error = document.load(str(run.pdf))
    if error != QPdfDocument.Error.None_:
        raise SelfTestError(f"Qt无法读取生成的PDF（{error.name}）")
    if document.pageCount() != run.pages:
        raise SelfTestError(f"Qt读出 {document.pageCount()} 页，生成时为 {run.pages} 页")
    image = document.render(0, QSize(600, 850))
    white = QColor("white").rgb()
    inked = any(
        image.pixel(x, y) != white for y in range(0, image.height(), 7) for x in range(0, image.width(), 7)
    )
    if not inked:
        raise SelfTestError("PDF第1页是空白")
    pages = document.pageCount()
    document.close()
    run.facts.append(f"PDF {pages} 页 {run.pdf.stat().st_size // 1024} KB")


def _word(run: _Run) -> None:
    from docx import Document

    from perfcore.office import export_docx

    path = run.folder / "自评报告.docx"
    info = export_docx(run.package, path, scores=run.scores)
    doc = Document(str(path))
    total = f"{EXPECTED_TOTAL:.2f}"
    if not any(c.text == total for t in doc.tables for c in t.rows[-1].cells):
        raise SelfTestError(f"Word文档中没有合计 {total}")
    if doc.core_properties.identifier != info.fingerprint:
        raise SelfTestError("Word文档属性中没有校验码")
    run.facts.append(f"Word {path.stat().st_size // 1024} KB")


def _excel(run: _Run) -> None:
    import openpyxl

    from perfcore.office import export_xlsx

    path = run.folder / "自评报告.xlsx"
    export_xlsx(run.package, path, scores=run.scores)
    book = openpyxl.load_workbook(path)
    sheet = book[book.sheetnames[-1]]
    if sheet.cell(sheet.max_row, 10).value != EXPECTED_TOTAL:
        raise SelfTestError(f"Excel表3合计为 {sheet.cell(sheet.max_row, 10).value}，应为 {EXPECTED_TOTAL}")
    run.facts.append(f"Excel {len(book.sheetnames)} 个工作表")


def _summary(run: _Run) -> None:
    """汇总 reads files in worker processes: a frozen bundle starts them by running itself
    (installer/entry.py's freeze_support), which only the installed program can show."""
    import shutil

    from perfcore import FILE_SUFFIX
    from perfcore.summary.run import collect

    source = run.folder / f"演示{FILE_SUFFIX}"
    folder = run.folder / "汇总"
    folder.mkdir()
    copies = [folder / f"单位{n}{FILE_SUFFIX}" for n in range(1, 5)]
    for copy in copies:
        shutil.copyfile(source, copy)
    collected = collect([str(c) for c in copies], jobs=2)
    if collected.refused:
        raise SelfTestError(f"汇总无法读取：{collected.refused[0].reason}")
    totals = {row.total for row in collected.units}
    if len(collected.units) != len(copies) or totals != {EXPECTED_TOTAL}:
        raise SelfTestError(f"汇总得到 {len(collected.units)} 个单位，得分 {sorted(totals)}")
    run.facts.append(f"汇总 {len(copies)} 个文件（2 个进程）")


def _icons(run: _Run) -> None:
    from PySide6.QtGui import QImage

    from perfcore import assets

    svg = assets.resource("icons", "perf-filing.svg").read_bytes()
    if not QImage().loadFromData(svg, "SVG"):
        raise SelfTestError("图标无法显示（缺少SVG图像插件）")


def _screen_plugin(run: _Run) -> None:
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QPluginLoader, qVersion

    name = PLATFORM_PLUGINS.get(sys.platform)
    if name is None:
        run.facts.append(f"Qt {qVersion()}")
        return
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath), *QCoreApplication.libraryPaths()]
    plugins = [Path(folder) / "platforms" / name for folder in folders]
    plugin = next((p for p in plugins if p.is_file()), None)
    if plugin is None:
        raise SelfTestError(f"找不到显示插件 {name}")
    loader = QPluginLoader(str(plugin))
    if not loader.load():
        raise SelfTestError(f"显示插件 {name} 无法加载：{loader.errorString()}")
    run.facts.append(f"Qt {qVersion()}，显示插件可用")


STEPS: list[tuple[str, Callable[[_Run], None]]] = [
    ("程序模块", _modules),
    ("打开演示包", _open_demo),
    ("评分", _score),
    ("审核", _checks),
    ("生成PDF", _pdf),
    ("读取PDF", _read_pdf_with_qt),
    ("导出Word", _word),
    ("导出Excel", _excel),
    ("汇总", _summary),
    ("图标", _icons),
    ("显示插件", _screen_plugin),
]


def _say(line: str) -> None:
    # A Windows GUI-subsystem program has no stdout; perf-filing-console.exe has one.
    stream = sys.stdout or sys.stderr
    if stream is not None:
        print(line, file=stream, flush=True)


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "perf-filing"])
    # On Windows a file still open after a failed step cannot be deleted; the result line matters more.
    with tempfile.TemporaryDirectory(prefix="perf-filing-self-test-", ignore_cleanup_errors=True) as folder:
        run = _Run(Path(folder))
        for number, (title, step) in enumerate(STEPS, start=1):
            try:
                step(run)
            except Exception as exc:  # noqa: BLE001 - any failure of any step is the result
                reason = str(exc) if isinstance(exc, SelfTestError) else f"{type(exc).__name__}: {exc}"
                _say(f"perf-filing 自检失败：第{number}步 {title} — {reason}")
                return 1
    del app
    seconds = time.perf_counter() - started
    _say(f"perf-filing 自检通过：{'，'.join(run.facts)}，用时 {seconds:.1f} 秒")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
