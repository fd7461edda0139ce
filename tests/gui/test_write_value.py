"""One way a widget writes a value: a form field, a cell of the 表3 tree and a panel of a leaf
all write through ``desktop.binding.write`` and say why a value was refused in the same words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit

from desktop.binding import NOT_SAVED, bind, write, write_text
from desktop.indicator_model import COL_FINAL
from desktop.ops import Ops
from desktop.tabs.indicators import IndicatorsTab
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import iter_nodes
from perfcore.store import ReportFile, StoreError

pytestmark = pytest.mark.gui

REFUSED = "1.234"
"""A score with three decimals: a figure, so it parses, but the core refuses it."""


@pytest.fixture
def ops(qapp: Any, tmp_path: Path) -> Iterator[Ops]:
    report = ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json()))
    yield Ops(report)
    report.close()


def score_pointer(ops: Ops, name: str = "在职人员控制率") -> str:
    return next(p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == name) + "/score"


def test_every_writer_says_the_same_sentence_for_the_same_refusal(ops: Ops, qtbot: Any) -> None:
    pointer = score_pointer(ops)
    said: list[str] = []
    assert not write_text(ops, pointer, "number", REFUSED, "修改得分", said.append).accepted
    (sentence,) = said
    assert "两位小数" in sentence and not sentence.startswith("/")  # no pointer in front of it

    field = QLineEdit()
    qtbot.addWidget(field)
    binding = bind(ops, field, pointer, "number", "修改得分")
    field.setText(REFUSED)
    binding.dirty = True
    assert binding.flush() is None
    assert binding.problem == sentence and field.toolTip() == sentence and field.text() == REFUSED

    tab = IndicatorsTab(ops)
    qtbot.addWidget(tab)
    index, _ = tab.model.locate(pointer)
    with qtbot.waitSignal(tab.model.edit_refused) as refused:
        assert not tab.model.setData(index.siblingAtColumn(COL_FINAL), REFUSED)
    assert refused.args == [sentence]
    assert tab.status.text() == sentence

    tab.select(index)
    assert not tab.leaf_panel._set("score", REFUSED, "修改得分")
    assert tab.leaf_panel.rule_editor.problem.text() == sentence
    assert ops.get(pointer) is None  # nothing was written by any of them

    # A value taken clears what each of them showed.
    with qtbot.waitSignal(tab.model.edit_refused) as cleared:
        assert tab.model.setData(index.siblingAtColumn(COL_FINAL), "4")
    assert cleared.args == [""] and tab.status.isHidden()
    assert tab.leaf_panel._set("score", "3", "修改得分") and tab.leaf_panel.rule_editor.problem.isHidden()
    field.setText("2")
    binding.dirty = True
    assert binding.flush() is not None and binding.problem == "" and ops.get(pointer) == "2"


def test_a_write_the_file_refused_is_shown_beside_the_value(ops: Ops, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pointer = score_pointer(ops)

    def full_disk(*_: object) -> None:
        raise StoreError("磁盘空间不足")

    monkeypatch.setattr(ops.report, "set", full_disk)
    said: list[str] = []
    errors: list[str] = []
    ops.error.connect(errors.append)
    assert not write(ops, pointer, "4", "修改得分", said.append).accepted
    assert said == [NOT_SAVED] and errors == ["磁盘空间不足"]
    assert ops.undo_stack.count() == 0
