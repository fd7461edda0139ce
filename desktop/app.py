"""``perf-filing``: the desktop application's entry point.

    perf-filing [FILE]        open a report file (else the last one opened, else a start page)
    perf-filing --demo        open the demo package (copied once into the user data folder)
    perf-filing --self-test   check the installed program without a screen, print one line

``PERF_FILING_EXIT_AFTER_SHOW=1`` prints ``shown <ms>`` (milliseconds since this module was
loaded) once the main window is first shown, then quits: the start-up benches time that line.
``PERF_FILING_EXIT_AFTER_SHOW=loaded`` waits until the file is open and shown, prints
``loaded <ms>`` and quits.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from perfcore.errors import UserError

_LOADED = time.perf_counter()

DEMO_FILE_NAME = "演示-石峰区优化营商环境协调事务中心-2019"
# Fonts a Chinese office PC has, best first; the first one installed is used for the whole UI.
UI_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="perf-filing", description="绩效自评填报")
    parser.add_argument("file", nargs="?", help="要打开的报告文件")
    parser.add_argument("--demo", action="store_true", help="打开演示数据（石峰区 2019 年度）")
    parser.add_argument("--self-test", action="store_true", help="自检：不显示窗口，检查程序能否正常工作")
    # Qt's own options (-platform, -style …) pass through to QApplication.
    args, _ = parser.parse_known_args(argv)
    return args


def demo_path() -> Path:
    """The demo report in the user data folder, created from the shipped package the first time."""
    from perfcore import FILE_SUFFIX, assets, userdata
    from perfcore.exchange import load_json
    from perfcore.store import ReportFile

    folder = userdata.data_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{DEMO_FILE_NAME}{FILE_SUFFIX}"
    if not path.exists():
        ReportFile.create(path, load_json(assets.demo_json())).close()
    return path


def choose_font(app: object) -> None:
    """Pick a CJK UI font for Qt's offscreen platform (screenshots), which has no desktop font
    settings and picks an arbitrary face; on a desktop the system's own UI font is right."""
    from PySide6.QtGui import QFont, QFontDatabase

    families = set(QFontDatabase.families())
    for family in UI_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 9.0))  # type: ignore[attr-defined]
            app.setFont(font)  # type: ignore[attr-defined]
            return


def _end_on_signals(window: Any, app: Any) -> None:
    """SIGTERM or SIGHUP (a logout, ``kill``) end the app as closing the window does: what is
    typed is written, the report released, no temporary file left half-written."""
    import signal

    from PySide6.QtCore import QTimer

    def close_and_quit() -> None:
        window.close()
        app.quit()

    def stop(_signum: int, _frame: object) -> None:
        # The handler runs between two Python steps of whatever the window's thread is doing,
        # perhaps in the middle of 另存为 or an export: closing the report there broke the write
        # (and its error box held the ending app open). The event loop closes the window once
        # that work is done, whole.
        QTimer.singleShot(0, close_and_quit)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    # Python runs a signal handler only when the interpreter gets a turn; while Qt's event loop
    # waits in C++ it would not, so a timer hands it one four times a second.
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.self_test:
        from desktop import selftest

        return int(selftest.main())

    # Only what the first frame needs is loaded before it is shown; see desktop.main_window.
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app_settings import APP_TITLE, ORGANIZATION, settings
    from desktop.main_window import MainWindow

    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(ORGANIZATION)
    current = QApplication.instance()
    app = current if isinstance(current, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationDisplayName(APP_TITLE)

    window = MainWindow()
    exit_after = os.environ.get("PERF_FILING_EXIT_AFTER_SHOW", "")
    last = settings().value("last_file")
    remembered = Path(last) if isinstance(last, str) and last and not args.file and not args.demo else None
    if args.demo or args.file or (remembered is not None and remembered.is_file()):
        window.show_opening()
    window.present()

    def quit_reporting(word: str) -> None:
        print(f"{word} {(time.perf_counter() - _LOADED) * 1000:.0f}", flush=True)
        window.close()
        app.quit()

    def open_first_file() -> None:
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QMessageBox

        from desktop import errors, translations, ui_font
        from perfcore import assets

        # After the first show: the window is up at once, the file follows a moment later.
        # The error handler comes first here rather than before the window: importing it sets
        # up Qt's enum namespace (20 ms), which the first frame does without, and until now only
        # the window's construction ran, whose errors end main() like any failure to start.
        errors.install(app)
        _end_on_signals(window, app)
        translations.install(app)
        ui_font.ensure_chinese_font(app)
        app.setWindowIcon(QIcon(str(assets.resource("icons", "perf-filing.png"))))
        target: Path | None = None
        try:
            if args.demo:
                target = demo_path()
            elif args.file:
                target = Path(args.file)
            elif remembered is not None and remembered.is_file():
                target = remembered
        except (UserError, OSError) as exc:  # a refused demo copy must not keep the window away
            QMessageBox.warning(window, "无法打开演示数据", str(exc))
        if target is None or not window.open_path(target):
            window.show_start_page()
        if exit_after == "loaded":
            QTimer.singleShot(0, lambda: quit_reporting("loaded"))

    if exit_after == "1":
        QTimer.singleShot(0, lambda: quit_reporting("shown"))
    else:
        QTimer.singleShot(0, open_first_file)
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
