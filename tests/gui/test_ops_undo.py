"""Undo steps of the operations layer: what merges into one step and what does not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.ops import Ops
from perfcore.store import ReportFile

pytestmark = pytest.mark.gui

SCORE = "/indicators/tree/0/children/0/children/0/score"


@pytest.fixture
def ops(report_path: Path, qapp: object) -> Iterator[Ops]:
    report = ReportFile.open(report_path)
    yield Ops(report)
    report.close()


def test_typing_into_one_field_is_one_undo_step(ops: Ops) -> None:
    for value in ("4", "4.5", "4.50"):
        ops.set(SCORE, value, "修改得分")
    assert ops.undo_stack.count() == 1
    ops.undo_stack.undo()
    assert ops.report.get(SCORE) is None


def test_a_different_action_on_the_same_field_is_its_own_step(ops: Ops) -> None:
    ops.set(SCORE, "4", "修改得分")
    ops.set(SCORE, None, "采用计算得分")
    assert ops.undo_stack.count() == 2
    ops.undo_stack.undo()
    assert ops.report.get(SCORE) == "4"
    ops.undo_stack.undo()
    assert ops.report.get(SCORE) is None
