"""SIGTERM or SIGHUP end the desktop app as closing its window does: the report is released
(its lock's side file gone), nothing temporary is left beside it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_closes_the_app_and_releases_the_report(tmp_path: Path, sig: signal.Signals) -> None:
    report = tmp_path / "报告.jxzp"
    ReportFile.create(report, load_json(assets.demo_json())).close()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PERF_FILING_DATA=str(tmp_path / "data"),
    )
    command = [sys.executable, "-c", "import sys; from desktop.app import main; sys.exit(main())", str(report)]
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as app:
        side = tmp_path / "报告.jxzp.lock"
        deadline = time.monotonic() + 120
        while not side.exists() and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.05)
        assert side.exists(), "the app never opened the report"
        time.sleep(1.0)  # the signal handlers are installed just after the file opens
        app.send_signal(sig)
        _, err = app.communicate(timeout=60)
    assert app.returncode == 0, err
    assert b"Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["报告.jxzp"]
    with ReportFile.open(report) as again:  # released: it opens for writing at once
        assert not again.read_only
    shutil.rmtree(tmp_path / "data", ignore_errors=True)
