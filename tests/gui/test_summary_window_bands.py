"""汇总与复核 window with packages that have their own grade bands: the table colours and sorts
their grades, the grade filter offers them, the chart draws them (each used to raise)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from test_summary_grade_bands import banded_units

from desktop.ops import SummaryOps
from desktop.summary_window import COL_GRADE, COL_UNIT, LOWEST_COLOUR, SummaryWindow, grade_colour

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def test_own_grade_bands_are_coloured_sorted_filtered_and_charted(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    banded_units(folder)
    window = SummaryWindow(ops=SummaryOps(jobs=1, batch_seconds=0))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.ops.finished, timeout=60000):
        window.start([str(folder)])
    proxy = window.proxy

    window.table.sortByColumn(COL_GRADE, Qt.SortOrder.AscendingOrder)
    grades = [proxy.index(r, COL_GRADE).data() for r in range(proxy.rowCount())]
    # By rank in each unit's own bands: 优 and 优秀 first, 良 (from 95/85/60) after.
    assert grades[2] == "良" and sorted(grades[:2]) == ["优", "优秀"]
    colours = {proxy.index(r, COL_GRADE).data(): proxy.index(r, COL_GRADE).data(Qt.ItemDataRole.ForegroundRole) for r in range(3)}
    assert colours["优秀"].name() == colours["优"].name() == "#2e7d32"

    choices = [window.grade_filter.itemText(i) for i in range(window.grade_filter.count())]
    assert choices == ["全部", "优", "良", "中", "差", "优秀", "良好", "合格", "不合格"]
    window.grade_filter.setCurrentText("优秀")
    assert [proxy.index(r, COL_UNIT).data() for r in range(proxy.rowCount())] == ["五档单位"]

    window.chart.grab()  # paints every grade's bar
    assert window.chart.labels[-1] == "不合格"
    assert grade_colour("不合格", window.chart.labels) == LOWEST_COLOUR
