"""A change reaches only what shows it: a 表1 keystroke, an indicator moved, undone and redone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE, binding_of, field, leaf_named, replace_text

from desktop.binding import Binding
from desktop.indicator_model import UID_ROLE
from desktop.listeners import Listener
from desktop.main_window import MainWindow
from desktop.tabs.indicators import IndicatorsTab
from desktop.totals_bar import TotalsBar
from perfcore.scoring import ScoreDelta
from perfcore.sums import OVERALL_SUMS

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

STAFF = "/overall/staff_actual"
EXPENSE_PUBLIC = "/overall/expense_public"


def count_receivers(listeners: list[Listener]) -> list[Listener]:
    """Every listener called from now on, once per call, in order."""
    reached: list[Listener] = []

    def counting(listener: Listener, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def call(payload: Any) -> None:
            reached.append(listener)
            callback(payload)

        return call

    for listener in listeners:
        listener.callback = counting(listener, listener.callback)
    return reached


def test_a_keystroke_in_table1_reaches_its_field_the_rescored_rows_and_the_totals(
    qtbot: Any, window: MainWindow
) -> None:
    ops, tab = window.ops, window.indicators_tab
    assert ops is not None and window.overall_tab is not None and isinstance(tab, IndicatorsTab)
    everyone = ops.listeners.all()
    assert len(everyone) > 75  # the window is full of fields: the filtering is what keeps a key cheap
    leaf = leaf_named(ops.report, "在职人员控制率")
    tab.select(tab.model.index_of(leaf.uid))  # the panel shows the leaf whose score will change
    painted: list[int] = []
    tab.model.dataChanged.connect(lambda top, _bottom, _roles=None: painted.append(top.data(UID_ROLE)))
    deltas: list[ScoreDelta] = []
    ops.listen_scores(deltas.append, ops)
    reached = count_receivers(everyone)

    staff = field(window.overall_tab, STAFF)
    replace_text(qtbot, staff, "11")
    qtbot.waitUntil(lambda: ops.get(STAFF) == 11, timeout=3000)

    assert len(deltas) == 1 and leaf.uid in deltas[0].leaves
    owners = [listener.owner for listener in reached]
    pointers = [listener for listener in reached if listener.prefix is not None]
    # The fields bound to this value, and nothing else that listens by place (no sum uses it).
    assert not any(STAFF.removeprefix("/overall/") in (total, *parts) for total, parts in OVERALL_SUMS.items())
    assert [lst.owner for lst in pointers] == [binding_of(staff)]
    scores = [listener for listener in reached if listener.prefix is None]
    assert all(lst.uid is None or lst.uid in deltas[0].leaves or lst.uid in deltas[0].groups for lst in scores)
    # The rows whose scores changed (the model, one receiver that repaints just them), the
    # totals bar, and the panel showing the rescored leaf: four in all.
    assert tab.model in owners and tab in owners
    assert sum(isinstance(owner, TotalsBar) for owner in owners) == 1
    assert len(reached) == 4, [type(owner).__name__ for owner in owners]
    assert set(painted) == set(deltas[0].leaves) | set(deltas[0].groups)
    assert window.totals is not None and window.totals.total_label.text() == "合计 88.00 分"


def test_a_keystroke_in_a_summed_field_reaches_its_sum_as_well(qtbot: Any, window: MainWindow) -> None:
    ops = window.ops
    assert ops is not None and window.overall_tab is not None
    deltas: list[ScoreDelta] = []
    ops.listen_scores(deltas.append, ops)
    reached = count_receivers(ops.listeners.all())
    expense = field(window.overall_tab, EXPENSE_PUBLIC)
    replace_text(qtbot, expense, "1")
    qtbot.waitUntil(lambda: ops.get(EXPENSE_PUBLIC) == "10000.00", timeout=3000)
    pointers = [listener for listener in reached if listener.prefix is not None]
    assert [lst.prefix for lst in pointers] == [EXPENSE_PUBLIC, EXPENSE_PUBLIC]
    assert isinstance(pointers[0].owner, Binding) or isinstance(pointers[1].owner, Binding)
    assert window.overall_tab.sum_labels["expense_basic"].text().startswith("= ")
    scores = [listener for listener in reached if listener.prefix is None]
    assert all(lst.uid is None or lst.uid in deltas[0].leaves or lst.uid in deltas[0].groups for lst in scores)


def test_moving_an_indicator_moves_its_row_and_undo_redo_move_it_back(qtbot: Any, window: MainWindow) -> None:
    ops, tab = window.ops, window.indicators_tab
    assert ops is not None and isinstance(tab, IndicatorsTab)
    model = tab.model
    events: list[str] = []
    model.rowsMoved.connect(lambda *_: events.append("moved"))
    model.modelReset.connect(lambda: events.append("reset"))
    model.layoutChanged.connect(lambda *_: events.append("layout"))
    leaf = leaf_named(ops.report, "在职人员控制率")
    before = ops.pointer_of(leaf)
    tab.select(model.index_of(leaf.uid))
    tab.move_current(+1)
    after = ops.pointer_of(leaf)
    assert after != before and events == ["moved"]
    assert model.index_of(leaf.uid).data(UID_ROLE) == leaf.uid
    ops.undo()
    assert ops.pointer_of(leaf_named(ops.report, "在职人员控制率")) == before
    ops.redo()
    assert ops.pointer_of(leaf_named(ops.report, "在职人员控制率")) == after
    assert events == ["moved", "moved", "moved"]
    # The model's rows are the core's tree, row for row.
    assert tab.current_node() is leaf_named(ops.report, "在职人员控制率")
