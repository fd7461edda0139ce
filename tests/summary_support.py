"""Generated unit packages for the summary's tests and ``bench/summary_bench.py``.

Each package is the shipped demo's framework with its 二级 groups' leaves copied until the
package has the wanted number of 三级指标 (weights split so that every group still adds
up), its 表1 figures scaled at random and random entered scores — so units score and
grade differently, as a real county's do. Built on the exchange document, so that it
follows the format as it grows.
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
from perfcore.model import OVERALL_MONEY_FIELDS, Package
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


def write_units(folder: Path, count: int, seed: int = 17, start: int = 0) -> list[Path]:
    """``count`` report files of different units with 20–60 leaves each."""
    rng = Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"unit-{i:04d}.jxzp"
        package = generate_package(rng, f"测试单位{i:04d}", rng.randint(20, 60))
        ReportFile.create(path, package).close()
        paths.append(path)
    return paths
