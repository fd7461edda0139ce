"""A scripted desktop session: open a report, edit, check, export a PDF, preview it, close.

Used in-process by the GUI network test (under an audit hook) and run as a program under
``strace`` (``python tests/gui/desktop_session.py REPORT OUTPUT_PDF``), where the system calls
of Qt's own C++ code are seen too.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication


def wait_for(condition: Any, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    timer.start()
    deadline.start(timeout_ms)
    loop.exec()
    timer.stop()
    if not condition():
        raise TimeoutError("the desktop session did not get there in time")


def run(report: Path, pdf: Path) -> dict[str, Any]:
    from desktop.main_window import MainWindow

    window = MainWindow()
    window.resize(1366, 728)
    window.show()
    assert window.open_path(report), "the report did not open"
    ops = window.ops
    assert ops is not None
    ops.set("/overall/staff_actual", 11, "修改年末职工人数")
    window.run_checks()
    findings = len(ops.findings)
    printing = window.printing
    assert printing is not None, "printing is not installed"
    done: list[Any] = []
    printing.generate(pdf, done.append)  # type: ignore[attr-defined]
    wait_for(lambda: bool(done))
    printing.preview()  # type: ignore[attr-defined]
    previews = printing.previews  # type: ignore[attr-defined]
    wait_for(lambda: bool(previews) and all(p.document.pageCount() > 0 for p in previews))
    pages = sum(p.document.pageCount() for p in previews)
    for preview in list(printing.previews):  # type: ignore[attr-defined]
        preview.close()
    total = str(ops.scores.total)
    window.close()
    return {"findings": findings, "total": total, "pdf_bytes": pdf.stat().st_size, "preview_pages": pages}


def main() -> None:
    import json

    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName("perf-filing")
    QCoreApplication.setApplicationName("perf-filing")
    app = QApplication([sys.argv[0]])
    summary = run(Path(sys.argv[1]), Path(sys.argv[2]))
    app.processEvents()
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
