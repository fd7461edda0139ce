"""A keystroke is never lost: text typed into the desktop — 表1's and a fund's narrative, a 表3
rule's figure — is in the file once the typing pauses, although the field was never left and
the process is then killed with SIGKILL (no close, no focus-out, no flush)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from desk11_typing_worker import FIELDS

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.store import ReportFile

pytestmark = [pytest.mark.gui, pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")]

WORKER = Path(__file__).with_name("desk11_typing_worker.py")


def test_typed_text_survives_a_kill_while_the_field_has_the_focus(tmp_path: Path) -> None:
    report = tmp_path / "报告.jxzp"
    ReportFile.create(report, load_json(assets.demo_json())).close()
    with ReportFile.open(report, read_only=True) as before:
        assert all(before.get(pointer) != text for pointer, text in FIELDS)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        PERF_FILING_DATA=str(tmp_path / "data"),
    )
    with subprocess.Popen(
        [sys.executable, str(WORKER), str(report)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as app:
        assert app.stdout is not None
        lines = []
        for line in app.stdout:
            lines.append(line.strip())
            if line.strip() == "ALL TYPED":
                break
        app.send_signal(signal.SIGKILL)
        _, err = app.communicate(timeout=60)
    assert lines == [pointer for pointer, _ in FIELDS] + ["ALL TYPED"], err
    with ReportFile.open(report) as after:  # the killed writer's lock is gone with it
        for pointer, text in FIELDS:
            assert str(after.get(pointer)) == text, pointer
