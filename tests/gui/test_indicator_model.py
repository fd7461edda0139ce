"""表3 item model: structure, repaint only what changed, follow inserts, removals, moves and undo."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from desktop.indicator_model import (
    COL_COMPUTED,
    COL_FINAL,
    COL_NAME,
    COL_PROCESS,
    COL_VALUE,
    COL_WEIGHT,
    COLUMNS,
    OVERRIDDEN_ROLE,
    POINTER_ROLE,
    IndicatorModel,
)
from desktop.ops import Ops
from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import Group, Leaf, Node, iter_nodes
from perfcore.money import format_points
from perfcore.store import ReportFile

pytestmark = pytest.mark.gui


@pytest.fixture
def ops(qapp: Any, tmp_path: Path) -> Iterator[Ops]:
    report = ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json()))
    yield Ops(report)
    report.close()


@pytest.fixture
def model(ops: Ops) -> IndicatorModel:
    model = IndicatorModel(ops)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Warning, model)
    return model


def pointer_of_name(ops: Ops, name: str) -> str:
    matches = [p for p, n in iter_nodes(ops.package.indicators.tree) if n.name == name]
    assert len(matches) == 1, name
    return matches[0]


def ancestors(ops: Ops, pointer: str) -> list[Node]:
    """The groups above a node, nearest first, found from the pointer's prefixes."""
    tokens = pointer.split("/")
    out = []
    for end in range(len(tokens) - 2, 3, -2):
        out.append(ops.node_at("/".join(tokens[:end])))
    return out


def walk(model: IndicatorModel, parent: QModelIndex | None = None) -> list[QModelIndex]:
    parent = parent or QModelIndex()
    out = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        out.append(index)
        out.extend(walk(model, index))
    return out


def record_data_changed(model: IndicatorModel) -> list[tuple[int, int, int]]:
    """(uid, first column, last column) of every dataChanged, checked to stay in one row."""
    seen: list[tuple[int, int, int]] = []

    def on_changed(top: QModelIndex, bottom: QModelIndex, _roles: Any = None) -> None:
        assert top.row() == bottom.row() and top.parent() == bottom.parent()
        seen.append((top.internalId(), top.column(), bottom.column()))

    model.dataChanged.connect(on_changed)
    return seen


def test_rows_mirror_the_tree_in_document_order(ops: Ops, model: IndicatorModel) -> None:
    nodes = iter_nodes(ops.package.indicators.tree)
    indexes = walk(model)
    assert [model.data(i, POINTER_ROLE) for i in indexes] == [p for p, _ in nodes]
    assert [model.node(i) for i in indexes] == [n for _, n in nodes]
    assert model.columnCount() == len(COLUMNS) == 8
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers == ["指标", "分值", "评价标准", "指标说明", "数据/取值", "计算得分", "得分", "计算过程"]


def test_cells_show_the_cores_results(ops: Ops, model: IndicatorModel) -> None:
    scores = ops.scores
    for index in walk(model):
        node = model.node(index)
        final = model.data(index.siblingAtColumn(COL_FINAL))
        if isinstance(node, Group):
            result = scores.groups[node.uid]
            assert final == f"{format_points(result.subtotal)} / {node.weight}"
        else:
            assert isinstance(node, Leaf)
            leaf_result = scores.leaves[node.uid]
            assert final == format_points(leaf_result.final)
            assert model.data(index.siblingAtColumn(COL_PROCESS)) == leaf_result.process
    pointer = pointer_of_name(ops, "在职人员控制率")
    index, rest = model.locate(pointer)
    assert rest == []
    assert model.data(index.siblingAtColumn(COL_VALUE)) == "70.00%"
    assert model.data(index.siblingAtColumn(COL_COMPUTED)) == "5.00"
    group_index, _ = model.locate("/indicators/tree/0")
    assert model.data(group_index.siblingAtColumn(COL_FINAL)) == "13.00 / 13"


def test_staff_edit_repaints_only_the_dependent_row_and_its_groups(ops: Ops, model: IndicatorModel) -> None:
    leaf_pointer = pointer_of_name(ops, "在职人员控制率")
    leaf = ops.node_at(leaf_pointer)
    groups = ancestors(ops, leaf_pointer)
    assert [g.name for g in groups] == ["预算配置", "投入"]
    seen = record_data_changed(model)

    change = ops.set("/overall/staff_actual", 11, "修改年末职工人数")

    assert change is not None
    assert change.delta.total == Decimal("88.00") and change.delta.grade == "良"
    rows = {uid for uid, _, _ in seen}
    assert rows == {leaf.uid} | {g.uid for g in groups}
    leaf_columns = {(first, last) for uid, first, last in seen if uid == leaf.uid}
    assert leaf_columns == {(COL_VALUE, COL_PROCESS)}
    for group in groups:
        assert {(f, last) for uid, f, last in seen if uid == group.uid} == {(COL_FINAL, COL_FINAL)}
    index, _ = model.locate(leaf_pointer)
    assert model.data(index.siblingAtColumn(COL_FINAL)) == "0.00"
    group_index, _ = model.locate("/indicators/tree/0")
    assert model.data(group_index.siblingAtColumn(COL_FINAL)) == "8.00 / 13"


def test_an_edit_that_changes_no_score_repaints_one_cell(ops: Ops, model: IndicatorModel) -> None:
    pointer = pointer_of_name(ops, "管理制度健全性")
    leaf = ops.node_at(pointer)
    seen = record_data_changed(model)
    ops.set(f"{pointer}/criterion", "新的评价标准", "修改评价标准")
    assert seen == [(leaf.uid, 2, 2)]
    seen.clear()
    ops.set("/overall/head", "张三", "修改单位负责人")
    assert seen == []


def test_checklist_and_choice_edits_change_scores_and_total(ops: Ops, model: IndicatorModel) -> None:
    total = ops.scores.total
    checklist = pointer_of_name(ops, "管理制度健全性")
    leaf = ops.node_at(checklist)
    seen = record_data_changed(model)
    change = ops.set(f"{checklist}/rule/items/2/met", False, "评定为不符合")
    assert change is not None
    points = ops.package.indicators.tree[1].children[1].children[3].rule.items[2].points  # type: ignore[union-attr]
    assert change.delta.total == total - points
    index, _ = model.locate(checklist)
    assert model.data(index.siblingAtColumn(COL_VALUE)) == "符合 3/4 项"
    assert model.data(index.siblingAtColumn(COL_FINAL)) == format_points(ops.scores.leaves[leaf.uid].final)
    assert leaf.uid in {uid for uid, _, _ in seen}

    choice = pointer_of_name(ops, "行政效能")
    change = ops.set(f"{choice}/rule/selected", "一般", "修改评定结果")
    assert change is not None and change.delta.total_changed
    index, _ = model.locate(choice)
    assert model.data(index.siblingAtColumn(COL_VALUE)) == "一般"
    assert model.data(index.siblingAtColumn(COL_COMPUTED)) == "3.00"


def test_entered_score_differing_from_computed_is_marked_and_reset(ops: Ops, model: IndicatorModel) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    index, _ = model.locate(pointer)
    final = index.siblingAtColumn(COL_FINAL)
    assert model.data(final, OVERRIDDEN_ROLE) is False
    assert model.flags(final) & Qt.ItemFlag.ItemIsEditable

    assert model.setData(final, "3")
    assert ops.get(f"{pointer}/score") == "3"
    assert model.data(final, OVERRIDDEN_ROLE) is True
    assert model.data(final) == "3.00"
    assert "计算得分 5.00" in model.data(final, Qt.ItemDataRole.ToolTipRole)
    assert model.data(final, Qt.ItemDataRole.BackgroundRole) is not None

    assert model.setData(final, "")  # blank = use the computed score
    assert ops.get(f"{pointer}/score") is None
    assert model.data(final, OVERRIDDEN_ROLE) is False
    assert model.data(final) == "5.00"


def test_invalid_typed_score_is_refused_with_a_message(ops: Ops, model: IndicatorModel, qtbot: Any) -> None:
    pointer = pointer_of_name(ops, "在职人员控制率")
    index, _ = model.locate(pointer)
    with qtbot.waitSignal(model.edit_refused) as blocker:
        assert not model.setData(index.siblingAtColumn(COL_FINAL), "五分")
    assert "不是有效的数字" in blocker.args[0]
    with qtbot.waitSignal(model.edit_refused) as blocker:
        assert not model.setData(index.siblingAtColumn(COL_FINAL), "1.234")
    assert "两位小数" in blocker.args[0]
    assert ops.get(f"{pointer}/score") is None


def test_weight_and_name_edit_in_place(ops: Ops, model: IndicatorModel) -> None:
    group_index, _ = model.locate("/indicators/tree/0")
    seen = record_data_changed(model)
    assert model.setData(group_index.siblingAtColumn(COL_WEIGHT), "１４")  # full-width digits
    assert ops.get("/indicators/tree/0/weight") == 14
    assert model.data(group_index.siblingAtColumn(COL_FINAL)) == "13.00 / 14"
    uid = model.node(group_index).uid  # type: ignore[union-attr]
    assert (uid, COL_WEIGHT, COL_WEIGHT) in seen and (uid, COL_FINAL, COL_FINAL) in seen
    assert model.setData(group_index.siblingAtColumn(COL_NAME), "投入指标")
    assert model.data(group_index) == "投入指标"


def test_insert_remove_move_keep_the_model_consistent_and_undo(ops: Ops, model: IndicatorModel) -> None:
    group_pointer = pointer_of_name(ops, "预算执行")
    group_index, _ = model.locate(group_pointer)
    persistent = [model.index(r, 0, group_index) for r in range(model.rowCount(group_index))]
    names = [model.data(i) for i in persistent]
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))

    ops.insert(f"{group_pointer}/children", 1, {"name": "新指标", "weight": 0, "rule": {"type": "manual"}}, "新增指标")
    assert inserted == [(1, 1)]
    assert [model.data(model.index(r, 0, group_index)) for r in range(3)] == [names[0], "新指标", names[1]]

    ops.undo()
    assert [model.data(model.index(r, 0, group_index)) for r in range(2)] == names
    assert model.rowCount(group_index) == 2

    moved: list[int] = []
    model.rowsMoved.connect(lambda *args: moved.append(args[4]))
    ops.move(f"{group_pointer}/children/0", f"{group_pointer}/children", 1, "下移")
    assert moved == [2]  # Qt counts the destination before the row left
    assert [model.data(model.index(r, 0, group_index)) for r in range(2)] == names[::-1]
    ops.undo()
    assert [model.data(model.index(r, 0, group_index)) for r in range(2)] == names

    removed: list[int] = []
    model.rowsRemoved.connect(lambda parent, first, last: removed.append(first))
    ops.remove(f"{group_pointer}/children/0", "删除指标")
    assert removed == [0]
    assert [model.data(model.index(r, 0, group_index)) for r in range(1)] == names[1:]
    ops.undo()
    assert [model.data(model.index(r, 0, group_index)) for r in range(2)] == names
    assert [model.data(i, POINTER_ROLE) for i in walk(model)] == [p for p, _ in iter_nodes(ops.package.indicators.tree)]


def test_moving_a_leaf_into_another_group_and_removing_a_group(ops: Ops, model: IndicatorModel) -> None:
    source = pointer_of_name(ops, "在职人员控制率")
    dest_group = pointer_of_name(ops, "预算执行")
    moved: list[Any] = []
    model.rowsMoved.connect(lambda *args: moved.append(args))
    ops.move(source, f"{dest_group}/children", 0, "移动指标")
    assert len(moved) == 1
    dest_index, _ = model.locate(pointer_of_name(ops, "预算执行"))
    assert model.data(model.index(0, 0, dest_index)) == "在职人员控制率"
    total_after_move = ops.scores.total
    assert model.data(dest_index.siblingAtColumn(COL_FINAL)).startswith(format_points(
        ops.scores.groups[model.node(dest_index).uid].subtotal  # type: ignore[union-attr]
    ))
    reset: list[bool] = []
    model.modelReset.connect(lambda: reset.append(True))
    ops.remove("/indicators/tree/1", "删除分组")
    assert model.rowCount() == 2 and not reset
    ops.undo()
    ops.undo()
    assert ops.scores.total == total_after_move
    assert [model.data(i, POINTER_ROLE) for i in walk(model)] == [p for p, _ in iter_nodes(ops.package.indicators.tree)]
    assert [model.node(i) for i in walk(model)] == [n for _, n in iter_nodes(ops.package.indicators.tree)]


def test_locate_reaches_fields_below_a_leaf(ops: Ops, model: IndicatorModel) -> None:
    pointer = pointer_of_name(ops, "管理制度健全性")
    index, rest = model.locate(f"{pointer}/rule/items/2/met")
    assert model.data(index) == "管理制度健全性"
    assert rest == ["rule", "items", "2", "met"]
    assert model.locate("/indicators/tree/9")[0].isValid() is False
    assert model.locate("/overall/staff_actual")[0].isValid() is False


def test_reload_after_the_package_is_replaced(ops: Ops, model: IndicatorModel) -> None:
    before = len(walk(model))
    model.reload()
    assert len(walk(model)) == before
