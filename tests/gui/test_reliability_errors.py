"""An unexpected exception: a short Chinese dialog, the traceback in the log, the app and the
file unharmed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import errors
from desktop.main_window import MainWindow
from perfcore import store
from perfcore.store import ReportFile

# pytest-qt would take the exceptions for itself; these tests are about who else takes them.
pytestmark = [pytest.mark.gui, pytest.mark.qt_no_exception_capture, OFFSCREEN_NOISE]

BUG = "模拟的程序缺陷"


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERF_FILING_DATA", str(tmp_path / "data"))


@pytest.fixture
def reporter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[errors.ErrorReporter]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app = QApplication.instance()
    assert app is not None
    installed = errors.install(app, lambda: tmp_path / "logs" / "errors.log")
    yield installed
    if installed.box is not None:
        installed.box.close()


@pytest.fixture
def buggy_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A defect that strikes inside an edit's transaction, after the row was written."""
    real = store.ReportFile._set_meta

    def set_meta_then_fail(self: ReportFile, rest: list[str], value: Any, pointer: str) -> None:
        real(self, rest, value, pointer)
        raise RuntimeError(BUG)

    monkeypatch.setattr(store.ReportFile, "_set_meta", set_meta_then_fail)


def dialog_shown(qtbot: Any, reporter: errors.ErrorReporter) -> QMessageBox:
    qtbot.waitUntil(lambda: reporter.box is not None and reporter.box.isVisible())
    assert reporter.box is not None
    return reporter.box


def test_an_error_in_a_slot_is_logged_shown_and_survived(
    qtbot: Any, window: MainWindow, report_path: Path, reporter: errors.ErrorReporter, buggy_edit: None, tmp_path: Path
) -> None:
    ops = window.ops
    assert ops is not None
    name_before = ops.get("/unit_name")
    QTimer.singleShot(0, lambda: ops.set("/unit_name", "改到一半的单位", "修改填报单位"))

    box = dialog_shown(qtbot, reporter)
    log = tmp_path / "logs" / "errors.log"
    assert box.windowTitle() == "程序出错"
    assert box.text() == errors.EXPLANATION
    assert str(log) in box.informativeText()
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and f"RuntimeError: {BUG}" in text
    assert "set_meta_then_fail" in text
    assert BUG in reporter.last_summary

    # The edit cut short left nothing behind, in memory or in the file …
    assert ops.get("/unit_name") == name_before
    # … and the program goes on: the next edit is saved as usual.
    assert ops.set("/overall/staff_actual", 11, "修改年末职工人数") is not None
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: reporter.box is None)
    window.close()
    with ReportFile.open(report_path, read_only=True) as report:
        assert report.connection().execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert report.get("/unit_name") == name_before
        assert report.get("/overall/staff_actual") == 11


def test_an_error_in_a_worker_thread_is_shown_on_the_gui_thread(
    qtbot: Any, window: MainWindow, reporter: errors.ErrorReporter, tmp_path: Path
) -> None:
    def fail() -> None:
        raise ValueError("线程中的缺陷")

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    box = dialog_shown(qtbot, reporter)
    assert box.thread() is QApplication.instance().thread()  # type: ignore[union-attr]
    assert "ValueError: 线程中的缺陷" in (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")


def test_errors_in_a_row_show_one_dialog_and_log_each(
    qtbot: Any, window: MainWindow, reporter: errors.ErrorReporter, tmp_path: Path
) -> None:
    def fail(n: int) -> None:
        raise RuntimeError(f"第{n}个错误")

    for n in (1, 2, 3):
        QTimer.singleShot(0, lambda n=n: fail(n))
    qtbot.waitUntil(lambda: reporter.count == 3)
    dialog_shown(qtbot, reporter)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(shown) == 1
    log = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert all(f"第{n}个错误" in log for n in (1, 2, 3))


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The program's log records go to a file of this test while it runs."""
    path = tmp_path / "logs" / "errors.log"
    handler = errors.open_log(path)
    yield path
    for name in errors.PROGRAM_LOGGERS:
        logging.getLogger(name).removeHandler(handler)
    handler.close()


def test_the_log_is_kept_short(log_file: Path) -> None:
    log_file.parent.mkdir()
    log_file.write_text("旧" * errors.LOG_LIMIT, encoding="utf-8")
    try:
        raise RuntimeError("新的错误")
    except RuntimeError:
        logging.getLogger("desktop.test").exception("while testing")
    assert "新的错误" in log_file.read_text(encoding="utf-8")
    assert log_file.stat().st_size < 10_000
    assert log_file.with_name("errors.log.1").read_text(encoding="utf-8") == "旧" * errors.LOG_LIMIT
    # One generation is kept: the next rotation replaces it.
    log_file.write_text("新" * errors.LOG_LIMIT, encoding="utf-8")
    logging.getLogger("perfcore.test").warning("again")
    assert log_file.with_name("errors.log.1").read_text(encoding="utf-8") == "新" * errors.LOG_LIMIT
    assert not log_file.with_name("errors.log.2").exists()


def test_a_failed_backup_on_opening_is_logged(log_file: Path, report_path: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    with ReportFile.open(report_path, backups=blocked) as report:
        assert report.backup_problem is not None
    log = log_file.read_text(encoding="utf-8")
    assert f"WARNING perfcore.store.session: backup on opening failed: {report.backup_problem}" in log


def test_a_log_that_cannot_be_written_goes_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    handler = errors.open_log(tmp_path / "logs" / "errors.log")
    try:
        logging.getLogger("perfcore.test").warning("备份失败")
    finally:
        for name in errors.PROGRAM_LOGGERS:
            logging.getLogger(name).removeHandler(handler)
        handler.close()
    assert "WARNING perfcore.test: 备份失败" in capsys.readouterr().err


APP_WITH_A_BUG = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from desktop import app
    from desktop.main_window import MainWindow

    def fail():
        raise RuntimeError("打开后出错")

    def attach_then_fail(self, report):
        MainWindow._real_attach(self, report)
        QTimer.singleShot(0, fail)

    MainWindow._real_attach = MainWindow.attach
    MainWindow.attach = attach_then_fail
    sys.exit(app.main([sys.argv[1]]))
    """
)


def test_the_application_installs_the_handler(report_path: Path, tmp_path: Path) -> None:
    """Run the real entry point with a defect in opening a file: it logs, and runs on to the end."""
    data = tmp_path / "app-data"
    env = dict(
        os.environ,
        PERF_FILING_DATA=str(data),
        PERF_FILING_EXIT_AFTER_SHOW="loaded",
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    result = subprocess.run(
        [sys.executable, "-c", APP_WITH_A_BUG, str(report_path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("loaded "), result.stdout
    log = (data / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "RuntimeError: 打开后出错" in log
