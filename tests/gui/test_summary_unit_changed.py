"""汇总与复核: a unit whose file changed after the summary read it is shown, and reviewed, as it
is now: the window's 复核 panel and the table's row follow the file, and the review records the
fingerprint of what the reviewer saw (it recorded the older reading's, so the next summary
called a fresh review 已变更，需重新复核)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from summary_support import write_units

from desktop.ops import SummaryOps
from desktop.summary_window import COL_STATE, COL_UNIT, SummaryWindow
from perfcore.backup import fingerprint
from perfcore.store import ReportFile
from perfcore.summary.review import ReviewFile
from perfcore.summary.table import REVIEWED

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def summary_window(qtbot: Any) -> SummaryWindow:
    window = SummaryWindow(ops=SummaryOps(jobs=1, batch_seconds=0))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_unit_changed_after_reading_is_reviewed_as_it_is_now(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    paths = write_units(folder, 2, seed=13)
    window = summary_window(qtbot)
    with qtbot.waitSignal(window.ops.finished, timeout=60000):
        window.start([str(folder)])
    review_path = tmp_path / "复核.jxzh"
    window.ops.create_review(review_path)
    # The unit sends a corrected file after the table was read.
    with ReportFile.open(paths[0]) as report:
        report.set("/unit_name", "测试单位0000（更正）")
    window.name_filter.setText("0000")
    window.table.doubleClicked.emit(window.proxy.index(0, COL_UNIT))
    unit_window = window.unit_windows[0]
    assert unit_window.ops.report.package.unit_name == "测试单位0000（更正）"
    assert unit_window.unit.row.unit == "测试单位0000（更正）"
    assert unit_window.unit.row.fingerprint == fingerprint(paths[0])
    assert window.proxy.index(0, COL_UNIT).data() == "测试单位0000（更正）"
    assert "改动" in unit_window.statusBar().currentMessage()

    panel = unit_window.review_panel
    panel.table.selectRow(0)
    panel.opinion_edit.setPlainText("已看更正后的文件")
    panel.save_button.click()
    assert "已保存" in panel.message.text()
    assert window.proxy.index(0, COL_STATE).data() == REVIEWED
    unit_window.close()
    window.close()
    with ReviewFile.open(review_path, read_only=True) as review:
        reviewed = review.unit(paths[0])
    assert reviewed is not None and reviewed.fingerprint == fingerprint(paths[0])

    again = summary_window(qtbot)
    again.open_review(str(review_path))
    qtbot.waitUntil(lambda: not again.ops.running, timeout=60000)
    states = {u.row.unit: u.state for u in again.ops.summary().units}
    assert states["测试单位0000（更正）"] == REVIEWED
