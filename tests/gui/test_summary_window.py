"""文件 › 汇总与复核…: the table fills progressively, sorts, filters, cancels, and opens a unit
read-only with its 复核 panel; the units' files are never changed."""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from summary_support import write_units

from desktop.ops import SummaryOps
from desktop.summary_window import COL_GRADE, COL_STATE, COL_TOTAL, COL_UNIT, SummaryWindow
from perfcore.summary.review import ReviewFile
from perfcore.summary.table import REVIEWED

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(Path(root, name).relative_to(folder)): hashlib.sha256(Path(root, name).read_bytes()).hexdigest()
        for root, _dirs, files in os.walk(folder)
        for name in files
    }


@pytest.fixture(scope="module")
def prepared_units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("prepared-units")
    write_units(folder, 8, seed=11)
    (folder / "坏文件.jxzp").write_bytes(b"SQLite format 3\x00" + bytes(300))
    return folder


@pytest.fixture
def units(prepared_units: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "units"
    folder.mkdir()
    for path in prepared_units.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


@pytest.fixture
def summary_window(qtbot: Any) -> SummaryWindow:
    # In-process reading (jobs=1) and one batch per file: every file is its own step.
    window = SummaryWindow(ops=SummaryOps(jobs=1, batch_seconds=0))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def visible_column(window: SummaryWindow, column: int) -> list[str]:
    proxy = window.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_the_table_fills_progressively_sorts_and_filters(qtbot: Any, summary_window: SummaryWindow, units: Path) -> None:
    before = snapshot(units)
    sizes: list[int] = []
    summary_window.model.rowsInserted.connect(lambda *_: sizes.append(summary_window.model.rowCount()))
    with qtbot.waitSignal(summary_window.ops.finished, timeout=60000) as finished:
        summary_window.start([str(units)])
    assert finished.args == [False]
    assert sizes == list(range(1, 10))  # one row per file as it was read
    assert summary_window.model.rowCount() == 9
    assert not summary_window.progress.isVisible()
    assert "8 个单位" in summary_window.status.text() and "1 个文件无法读取" in summary_window.status.text()

    summary_window.table.sortByColumn(COL_TOTAL, Qt.SortOrder.DescendingOrder)
    totals = [Decimal(t) for t in visible_column(summary_window, COL_TOTAL) if t]
    assert totals == sorted(totals, reverse=True) and len(totals) == 8

    grade = visible_column(summary_window, COL_GRADE)[0]
    summary_window.grade_filter.setCurrentText(grade)
    shown = visible_column(summary_window, COL_GRADE)
    assert shown and set(shown) == {grade}
    summary_window.grade_filter.setCurrentText("全部")
    summary_window.name_filter.setText("0003")
    assert visible_column(summary_window, COL_UNIT) == ["测试单位0003"]
    summary_window.name_filter.setText("")
    summary_window.state_filter.setCurrentText("无法读取")
    assert visible_column(summary_window, COL_UNIT) == ["坏文件.jxzp"]
    summary_window.state_filter.setCurrentText("全部")
    assert summary_window.proxy.rowCount() == 9

    summary = summary_window.ops.summary()
    assert summary_window.chart.grades == summary.grade_counts()
    assert [g.name for g in summary_window.chart.averages] == ["投入", "过程", "产出及效率"]
    summary_window.chart.grab()  # paints without a warning
    assert snapshot(units) == before


def test_reading_can_be_cancelled(
    qtbot: Any, summary_window: SummaryWindow, units: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cancel(_results: object) -> None:
        summary_window.ops.cancel()

    summary_window.ops.batch.connect(cancel)
    with qtbot.waitSignal(summary_window.ops.finished, timeout=60000) as finished:
        summary_window.start([str(units)])
    summary_window.ops.batch.disconnect(cancel)
    assert finished.args == [True]
    assert 0 < summary_window.model.rowCount() < 9
    assert "已取消" in summary_window.status.text()
    # Any later refresh (here: choosing a review file) still says the reading was stopped,
    # whichever listener of the batch signal ran first.
    review = str(units.parent / "复核.jxzh")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (review, ""))
    assert summary_window.ask_review_file()
    assert "已取消" in summary_window.status.text() and "复核.jxzh" in summary_window.status.text()
    # A full reading afterwards no longer says so.
    with qtbot.waitSignal(summary_window.ops.finished, timeout=60000) as finished:
        summary_window.start([str(units)])
    assert finished.args == [False]
    assert "已取消" not in summary_window.status.text() and "8 个单位" in summary_window.status.text()


def test_a_unit_opens_read_only_and_its_review_goes_to_the_review_file(
    qtbot: Any, summary_window: SummaryWindow, units: Path, tmp_path: Path
) -> None:
    before = snapshot(units)
    with qtbot.waitSignal(summary_window.ops.finished, timeout=60000):
        summary_window.start([str(units)])
    review_path = tmp_path / "复核.jxzh"
    summary_window.ops.create_review(review_path)
    summary_window.name_filter.setText("0002")
    index = summary_window.proxy.index(0, COL_UNIT)
    summary_window.table.doubleClicked.emit(index)
    assert len(summary_window.unit_windows) == 1
    unit_window = summary_window.unit_windows[0]
    qtbot.waitExposed(unit_window)
    assert unit_window.ops.read_only
    assert unit_window.totals.read_only_label.isVisible()
    # The unit's forms (this one has 项目支出绩效自评表), and 基础数据 since it has figures; all read-only.
    assert unit_window.unit.row.projects
    assert unit_window.tabs.forms == ["overall", "special_funds", "indicators", "projects", "figures"]
    figures = unit_window.tabs.tab("figures")
    assert figures is not None and not figures.add_button.isEnabled()  # type: ignore[attr-defined]
    panel = unit_window.review_panel
    row = unit_window.unit.row
    leaf = row.lost[1]
    panel.table.selectRow(2)  # row 0 is the unit as a whole, then the leaves in order
    panel.score_edit.setText("0.5")
    panel.reason_edit.setText("佐证材料不足")
    panel.opinion_edit.setPlainText("核减")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in panel.message.text()
    assert panel.table.item(2, 3).text() == "0.50"
    state = summary_window.proxy.index(0, COL_STATE).data()
    assert state == REVIEWED
    panel.score_edit.setText("八十")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "不是数字" in panel.message.text()
    panel.score_edit.setText(str(leaf.weight + 1))
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert "超过" in panel.message.text() and panel.table.item(2, 3).text() == "0.50"
    unit_window.close()
    summary_window.close()
    with ReviewFile.open(review_path, read_only=True) as review:
        entry = review.unit(row.path).entry(leaf.path)  # type: ignore[union-attr]
    assert entry is not None and (entry.score, entry.reason, entry.opinion) == (Decimal("0.50"), "佐证材料不足", "核减")
    assert snapshot(units) == before


def test_the_file_menu_opens_the_summary(qtbot: Any, window: Any) -> None:
    assert window.action_summary.text() == "汇总与复核(&H)…"
    summary = window.show_summary()
    qtbot.waitExposed(summary)
    assert isinstance(summary, SummaryWindow)
    summary.close()


def test_export_never_writes_over_a_unit_file(
    qtbot: Any, summary_window: SummaryWindow, units: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import desktop.summary_window as module

    with qtbot.waitSignal(summary_window.ops.finished, timeout=60000):
        summary_window.start([str(units)])
    before = snapshot(units)
    # A unit file read, or another report file, chosen in the save dialog (given an .xlsx name
    # by a link) is refused with one line, and nothing is written.
    other = tmp_path / "其他单位.jxzp"
    other.write_bytes((units / "unit-0001.jxzp").read_bytes())
    other_hash = hashlib.sha256(other.read_bytes()).hexdigest()
    for pointed, reason in [(units / "unit-0000.jxzp", "输出不能覆盖输入"), (other, "绩效自评报告文件")]:
        target = tmp_path / f"指向{pointed.stem}.xlsx"
        target.symlink_to(pointed)
        monkeypatch.setattr(module.QFileDialog, "getSaveFileName", lambda *_args, t=target: (str(t), ""))
        summary_window.export("xlsx")
        boxes = [b for b in summary_window.findChildren(QMessageBox) if b.isVisible()]
        assert len(boxes) == 1 and reason in boxes[0].text(), [b.text() for b in boxes]
        boxes[0].close()
        qtbot.waitUntil(lambda: not any(b.isVisible() for b in summary_window.findChildren(QMessageBox)))
    assert snapshot(units) == before
    assert hashlib.sha256(other.read_bytes()).hexdigest() == other_hash
    # An ordinary file is written, through the guard, after the dialog's consent.
    written = tmp_path / "汇总2.xlsx"
    monkeypatch.setattr(module.QFileDialog, "getSaveFileName", lambda *_args: (str(written), ""))
    summary_window.export("xlsx")
    assert written.read_bytes().startswith(b"PK")
    assert snapshot(units) == before
