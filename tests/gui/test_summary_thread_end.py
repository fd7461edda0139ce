"""汇总与复核 in the app: the reading thread has ended when ``finished`` is said, so the thread
object the window then lets go of is never destroyed while still running (Qt aborts the whole
program then: "QThread: Destroyed while thread is still running")."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from summary_support import write_units

from desktop import ops as ops_module
from desktop.ops import SummaryOps

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def test_the_reading_thread_has_ended_when_finished_is_said(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_units(tmp_path, 2, seed=3)
    threads: list[Any] = []  # kept here, so that the code before the fix does not abort this test
    original = ops_module._ReadThread.run

    def slow_to_return(self: Any) -> None:
        threads.append(self)
        original(self)
        time.sleep(0.5)  # finished_reading is emitted; the thread has not returned yet

    monkeypatch.setattr(ops_module._ReadThread, "run", slow_to_return)
    ops = SummaryOps(jobs=1, batch_seconds=0)
    ended: list[bool] = []
    ops.finished.connect(lambda _cancelled: ended.append(threads[0].isFinished()))
    with qtbot.waitSignal(ops.finished, timeout=60000):
        ops.start([str(tmp_path)])
    assert ended == [True]
    assert len(ops.collected.units) == 2
