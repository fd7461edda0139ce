"""表3's rows as every medium prints them: a row per leaf, its 一级/二级 groups, deeper names joined."""

from __future__ import annotations

from decimal import Decimal

from perfcore.indicator_rows import group_runs, indicator_rows
from perfcore.model import Group, Leaf


def test_rows_groups_and_runs_of_an_irregular_tree() -> None:
    top = Leaf(name="顶层指标", weight=Decimal(1))
    direct = Leaf(name="直属指标", weight=Decimal(2))
    deep = Leaf(name="深层指标", weight=Decimal(3))
    plain = Leaf(name="普通指标", weight=Decimal(4))
    third = Group(name="三级组", weight=Decimal(3), children=[deep])
    second = Group(name="二级", weight=Decimal(7), children=[third, plain])
    empty = Group(name="空组", weight=Decimal(0), children=[])
    first = Group(name="一级", weight=Decimal(9), children=[direct, second, empty])
    rows = indicator_rows([top, first])
    assert [(r.name, r.level1, r.level2) for r in rows] == [
        ("顶层指标", None, None),
        ("直属指标", first, None),
        ("三级组／深层指标", first, second),
        ("普通指标", first, second),
    ]
    assert [(r.group.name, r.first, r.last) for r in group_runs(rows, 1)] == [("一级", 1, 3)]
    assert [(r.group.name, r.first, r.last) for r in group_runs(rows, 2)] == [("二级", 2, 3)]


def test_two_groups_of_the_same_name_are_two_runs() -> None:
    a = Group(name="同名", weight=Decimal(1), children=[Leaf(name="甲", weight=Decimal(1))])
    b = Group(name="同名", weight=Decimal(1), children=[Leaf(name="乙", weight=Decimal(1))])
    runs = group_runs(indicator_rows([a, b]), 1)
    assert [(r.group is a, r.first, r.last) for r in runs] == [(True, 0, 0), (False, 1, 1)]
