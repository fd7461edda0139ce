"""汇总与复核 in the app: a unit the open review file lists in the chosen folder, whose file has
since gone, is a row of the table saying so, not a row that silently disappeared."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from summary_support import write_units

from desktop.ops import SummaryOps
from desktop.summary_window import SummaryWindow
from perfcore.summary.rows import Refusal
from perfcore.summary.table import MISSING_REVIEWED

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def test_a_reviewed_unit_whose_file_is_gone_is_a_row(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    paths = write_units(folder, 3, seed=12)
    review_path = tmp_path / "复核.jxzh"
    window = SummaryWindow(ops=SummaryOps(jobs=1, batch_seconds=0))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ops.finished, timeout=60000):
        window.start([str(folder)])
    window.ops.create_review(review_path)
    row = next(u.row for u in window.ops.summary().units if u.row.path == str(paths[1]))
    window.ops.save_review(row, "", "整体", "50", "核减", "意见", "张三")
    window.close()
    paths[1].unlink()

    window = SummaryWindow(ops=SummaryOps(jobs=1, batch_seconds=0))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ops.finished, timeout=60000):
        window.open_review(str(review_path))
    with qtbot.waitSignal(window.ops.finished, timeout=60000):
        window.start([str(folder)])
    entries = [window.model.entry(r) for r in range(window.model.rowCount())]
    gone = [e for e in entries if isinstance(e, Refusal)]
    assert [(Path(e.path).name, e.reason) for e in gone] == [("unit-0001.jxzp", MISSING_REVIEWED)]
    assert "2 个单位" in window.status.text() and "1 个文件无法读取" in window.status.text()
    assert window.ops.summary().units[0].reviewed_total is None
    assert Decimal(50) not in {u.reviewed_total for u in window.ops.summary().units}
