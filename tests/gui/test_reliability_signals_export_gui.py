"""SIGTERM or SIGHUP while the desktop app makes a PDF in the background: the render stops, its
temporary file beside the chosen target is removed, and the app ends as closing its window does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import SpecialFund
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

# The app as it starts for the user, plus a timer that starts 导出PDF to OUT as soon as the report
# is open and the print commands are built (the save dialog and the checks' question are the
# user's part, not what is tested here).
_APP = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from desktop.app import main
from desktop.main_window import MainWindow

def start_export():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if windows and windows[0].ops is not None and windows[0].printing is not None:
        windows[0].printing.generate(Path(sys.argv[2]), lambda info: print("finished", flush=True))
        print("started", flush=True)
    else:
        QTimer.singleShot(50, start_export)

QTimer.singleShot(50, start_export)
sys.exit(main([sys.argv[1]]))
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_background_pdf_export_leaves_no_temporary_file(tmp_path: Path, sig: signal.Signals) -> None:
    package = load_json(assets.demo_json())
    # Long enough to render that the signal comes in the middle (some 800 pages; funds, not
    # items: the 表2 tab shows every item of the chosen fund as a row of fields).
    model = package.special_funds[0]
    package.special_funds = [
        SpecialFund(name=f"专项资金{i}", allocated=Decimal("100000"), spent=Decimal("99000"), overview=model.overview)
        for i in range(400)
    ]
    report = tmp_path / "报告.jxzp"
    ReportFile.create(report, package).close()
    out_dir = tmp_path / "导出"
    out_dir.mkdir()
    target = out_dir / "报表.pdf"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PERF_FILING_DATA=str(tmp_path / "data"),
    )
    command = [sys.executable, "-c", _APP, str(report), str(target)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as app:
        deadline = time.monotonic() + 180
        temps: list[Path] = []
        while not temps and time.monotonic() < deadline and app.poll() is None:
            temps = list(out_dir.glob(".~*.tmp"))
            time.sleep(0.02)
        assert temps, "the export never started writing its temporary file"
        time.sleep(0.3)  # the render is under way
        app.send_signal(sig)
        out, err = app.communicate(timeout=120)
    assert app.returncode == 0, err
    assert b"Traceback" not in err
    assert b"started" in out and b"finished" not in out, "the render was to be stopped, not finished"
    assert list(out_dir.iterdir()) == [], "the stopped export left a file beside its target"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["报告.jxzp"]
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
