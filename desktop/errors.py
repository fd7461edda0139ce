"""Unexpected errors: logged with their traceback, told in one short Chinese dialog, survived.

``install(app)`` makes this the handler of every exception nothing else caught — in a slot,
an event handler or a worker thread. The traceback is written to the log file in the user
data folder first (that must work even if the screen cannot be used); the dialog, shown from
the GUI thread, says what happened, that the saved file is intact and where the log is.
The application keeps running: every edit is its own transaction, so an edit cut short by
the error was rolled back whole and the file holds exactly the edits made before.

The same log takes the warnings the program's modules send through ``logging`` (a backup
that failed on opening a file, …). It is rotated by ``RotatingFileHandler``.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from perfcore import __version__, userdata

LOG_LIMIT = 1_000_000
"""Bytes; a longer log is moved aside to ``errors.log.1`` (one generation kept)."""
PROGRAM_LOGGERS = ("perfcore", "desktop")
TITLE = "程序出错"
EXPLANATION = (
    "程序遇到了一个意外错误，刚才的操作可能没有完成。\n\n"
    "已保存到报告文件中的内容不受影响：每一处修改都单独保存，没有完成的修改不会只保存一半。"
    "可以继续使用；如果界面显示不对，请关闭后重新打开报告文件。"
)

_log = logging.getLogger(__name__)


class _Entry(logging.Formatter):
    """One entry: when, which program on which system, what, and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.fromtimestamp(record.created).isoformat(timespec="seconds")
        text = (
            f"=== {when}  绩效自评填报 {__version__}  Python {platform.python_version()}"
            f"  PySide6 {pyside_version}  {platform.platform()}\n"
            f"{record.levelname} {record.name}: {record.getMessage()}\n"
        )
        if record.exc_info:
            text += self.formatException(record.exc_info) + "\n"
        return text


class LogFile(RotatingFileHandler):
    """The error log. Its folder is made on the first entry; an entry it cannot write goes to
    stderr instead (the error being reported wins over the failure to log it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=LOG_LIMIT, backupCount=1, encoding="utf-8", delay=True)
        self.setFormatter(_Entry())
        self.setLevel(logging.WARNING)

    def _open(self) -> TextIOWrapper:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record))


_log_file: LogFile | None = None


def open_log(path: Path) -> LogFile:
    """Send the warnings and errors of perfcore and desktop to ``path`` (instead of the log set before)."""
    global _log_file
    handler = LogFile(path)
    for name in PROGRAM_LOGGERS:
        logger = logging.getLogger(name)
        if _log_file is not None:
            logger.removeHandler(_log_file)
        logger.addHandler(handler)
    if _log_file is not None:
        _log_file.close()
    _log_file = handler
    return handler


class ErrorReporter(QObject):
    """Receives errors from any thread and shows them on the GUI thread, one dialog at a time."""

    reported = Signal(str, str)
    """(short description of the error, log path) — queued to the GUI thread. The description
    stays out of the dialog (Python's words mean nothing to the user); tests read it."""

    def __init__(self, log: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log = log
        self.box: QMessageBox | None = None
        self.count = 0
        self.last_summary = ""
        self._lock = threading.Lock()
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def handle(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        with self._lock:
            _log.error("uncaught exception", exc_info=(kind, error, tb))
            self.count += 1
        summary = f"{kind.__name__}: {error}"
        self.reported.emit(summary[:300], str(self.log))

    def handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _show(self, summary: str, log_path: str) -> None:
        self.last_summary = summary
        if self.box is not None:
            return  # one dialog is enough; every error is in the log
        parent = QApplication.activeWindow()
        box = QMessageBox(QMessageBox.Icon.Critical, TITLE, EXPLANATION, QMessageBox.StandardButton.Ok, parent)
        box.setInformativeText(f"错误详情已记录在：\n{log_path}\n如需求助，请把这个文件发给技术支持人员。")
        box.button(QMessageBox.StandardButton.Ok).setText("继续使用")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.box = box
        # Not exec(): a nested event loop inside an error handler invites the next error.
        box.open()

    @Slot()
    def _closed(self) -> None:
        self.box = None


_reporter: ErrorReporter | None = None


def install(app: QCoreApplication, log: Callable[[], Path] = userdata.log_file) -> ErrorReporter:
    """Handle every uncaught exception of ``app``'s process from now on."""
    global _reporter
    path = log()
    open_log(path)
    reporter = ErrorReporter(path, app)
    _reporter = reporter
    sys.excepthook = reporter.handle
    threading.excepthook = reporter.handle_thread
    return reporter


def reporter() -> ErrorReporter | None:
    return _reporter
