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


def package_doc(rng: Random, unit: str, leaves: int, year: int = 2019) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(assets.demo_json())
    doc["unit_name"] = unit
    doc["year"] = year
    overall = doc["overall"]
    for name in OVERALL_MONEY_FIELDS:
        if overall.get(name) is not None:
            overall[name] = str((Decimal(overall[name]) * Decimal(rng.uniform(0.7, 1.3))).quantize(CENT))
    overall["staff_actual"] = rng.randint(3, 12)
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
            leaf["weight"] = str(weight)
            if leaf["rule"]["type"] == "manual" or leaf.get("score") is not None or rng.random() < 0.3:
                leaf["score"] = str((weight * Decimal(rng.uniform(0.3, 1.0))).quantize(CENT))
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
