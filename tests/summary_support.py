"""Generated unit packages for the summary's tests and ``bench/summary_bench.py``.

Each package is the shipped demo's framework with its 二级 groups' leaves copied until the
package has the wanted number of 三级指标 (weights split so that every group still adds
up), its 表1 figures scaled at random and random entered scores — so units score and
grade differently, as a real county's do. Built on the exchange document, so that it
follows the format as it grows. ``write_units`` gives each unit 0–5 项目支出绩效自评表 in the
national form's shape (``generate_project``), as issue 17's scale case asks.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import (
    DEFAULT_FORMS,
    OVERALL_MONEY_FIELDS,
    Budget,
    BudgetLine,
    Group,
    Leaf,
    Package,
    Project,
    RatedRule,
    TargetRule,
)
from perfcore.store import ReportFile

CENT = Decimal("0.01")


def _split(total: Decimal, parts: int) -> list[Decimal]:
    base = (total / parts).quantize(CENT, rounding="ROUND_DOWN")
    shares = [base] * parts
    shares[-1] += total - base * parts
    return shares


def _scale_points(value: Any, factor: Decimal) -> None:
    """A rule's points follow its leaf's new weight (the rules do not clamp to the weight)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "points" and inner is not None:
                value[key] = str((Decimal(inner) * factor).quantize(CENT))
            else:
                _scale_points(inner, factor)
    elif isinstance(value, list):
        for inner in value:
            _scale_points(inner, factor)


def package_doc(rng: Random, unit: str, leaves: int, year: int = 2019) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(assets.demo_json())
    doc["unit_name"] = unit
    doc["year"] = year
    overall = doc["overall"]
    for name in OVERALL_MONEY_FIELDS:
        if overall.get(name) is not None:
            overall[name] = str((Decimal(overall[name]) * Decimal(rng.uniform(0.7, 1.3))).quantize(CENT))
    overall["staff_actual"] = rng.randint(3, 12)
    for fund in doc["special_funds"]:
        if fund.get("allocated") is not None:
            fund["spent"] = str((Decimal(fund["allocated"]) * Decimal(rng.uniform(0.6, 1.02))).quantize(CENT))
            fund["items"] = []
    # How well the unit did, so that units spread over the grades as a county's do.
    quality = rng.uniform(0.5, 1.05)
    seconds = [g for top in doc["indicators"]["tree"] for g in top["children"]]
    counts = [1] * len(seconds)
    for _ in range(max(0, leaves - len(seconds))):
        counts[rng.randrange(len(seconds))] += 1
    for group, count in zip(seconds, counts, strict=True):
        originals = group["children"]
        children = []
        for k in range(count):
            leaf = copy.deepcopy(originals[k % len(originals)])
            if k >= len(originals):
                leaf["name"] = f"{leaf['name']}（{k // len(originals) + 1}）"
            children.append(leaf)
        for leaf, weight in zip(children, _split(Decimal(group["weight"]), count), strict=True):
            _scale_points(leaf["rule"], weight / Decimal(leaf["weight"]))
            leaf["weight"] = str(weight)
            if leaf["rule"]["type"] == "manual" or rng.random() < 0.95:
                share = min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.15)))
                leaf["score"] = str((weight * Decimal(share)).quantize(CENT))
            else:
                leaf["score"] = None  # the demo's score was for the demo's weight
        group["children"] = children
    return doc


def generate_package(rng: Random, unit: str, leaves: int, year: int = 2019) -> Package:
    return load_json(json.dumps(package_doc(rng, unit, leaves, year), ensure_ascii=False).encode("utf-8"))


def generate_project(rng: Random, number: int) -> Project:
    """A 项目支出绩效自评表 of the national form's shape: 执行率 10 over two budget lines;
    产出 50 (数量, 质量, 时效, 成本 targets), 效益 30 (rated), 满意度 10 (a target), with
    random actuals and ratings so projects score and grade differently."""

    def target(name: str, weight: int, direction: str, goal: int, unit: str, spread: float) -> Leaf:
        actual = (Decimal(goal) * Decimal(rng.uniform(1 - spread, 1 + spread))).quantize(Decimal(1))
        return Leaf(name, Decimal(weight), rule=TargetRule(direction, Decimal(goal), actual, unit))  # type: ignore[arg-type]

    def rated(name: str, weight: int) -> Leaf:
        rating = rng.choice(["达成", "达成", "部分达成", "未达成"])
        share = {"达成": Decimal(1), "部分达成": Decimal("0.7"), "未达成": Decimal(0)}[rating]
        return Leaf(name, Decimal(weight), rule=RatedRule(rating), score=Decimal(weight) * share)  # type: ignore[arg-type]

    full = Decimal(rng.randint(20, 500) * 10_000)
    carried = Decimal(rng.randint(0, 50) * 10_000)
    lines = [
        BudgetLine("本年财政拨款", full, full, (full * Decimal(rng.uniform(0.6, 1.02))).quantize(CENT)),
        BudgetLine("上年结转资金", carried, carried, (carried * Decimal(rng.uniform(0.5, 1))).quantize(CENT)),
    ]
    output = Group("产出指标", Decimal(50), [
        Group("数量指标", Decimal(20), [target("完成项目数量", 20, ">=", rng.randint(3, 30), "个", 0.3)]),
        Group("质量指标", Decimal(10), [target("验收合格率", 10, ">=", 95, "%", 0.08)]),
        Group("时效指标", Decimal(10), [target("平均办理天数", 10, "<=", rng.randint(5, 30), "天", 0.3)]),
        Group("成本指标", Decimal(10), [target("成本控制率", 10, "<=", 100, "%", 0.1)]),
    ])
    effect = Group("效益指标", Decimal(30), [
        Group("社会效益指标", Decimal(20), [rated("服务对象受益情况", 20)]),
        Group("可持续影响指标", Decimal(10), [rated("长效管理机制", 10)]),
    ])
    satisfaction = Group("满意度指标", Decimal(10), [
        Group("服务对象满意度指标", Decimal(10), [target("服务对象满意度", 10, ">=", 90, "%", 0.1)]),
    ])
    return Project(
        name=f"专项项目{number + 1}",
        budget=Budget(weight=Decimal(10), lines=lines),
        tree=[output, effect, satisfaction],
        conclusion="项目基本完成年度目标。",
    )


def write_units(
    folder: Path, count: int, seed: int = 17, start: int = 0, projects: tuple[int, int] = (0, 5)
) -> list[Path]:
    """``count`` report files of different units with 20–60 leaves and ``projects`` (least,
    most) 项目支出绩效自评表 each."""
    rng = Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"unit-{i:04d}.jxzp"
        package = generate_package(rng, f"测试单位{i:04d}", rng.randint(20, 60))
        package.projects = [generate_project(rng, k) for k in range(rng.randint(*projects))]
        if package.projects:
            package.forms = [*DEFAULT_FORMS, "projects"]
        ReportFile.create(path, package).close()
        paths.append(path)
    return paths
