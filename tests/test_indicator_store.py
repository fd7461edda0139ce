"""The core side of 表3 editing: a leaf without a formula or data can be given them by ``set``."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import Leaf, iter_leaves
from perfcore.pointer import PointerError
from perfcore.store import ReportFile


def manual_leaf(report: ReportFile) -> tuple[str, Leaf]:
    found = [(p, leaf) for p, leaf in iter_leaves(report.package) if leaf.metric is None]
    assert found
    return found[0]


def test_a_metric_can_be_added_to_a_leaf_without_one(tmp_path: Path) -> None:
    with ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json())) as report:
        pointer, leaf = manual_leaf(report)
        assert report.get(f"{pointer}/metric") is None
        change = report.insert("/figures", len(report.package.figures), {"key": "来访人次", "label": "来访人次", "value": "12"})
        assert change.structural and report.get("/figures/8/value") == 12
        report.set(f"{pointer}/metric", {"formula": "来访人次 * 2", "unit": ""})
        assert leaf.metric is not None and leaf.metric.formula == "来访人次 * 2"
        report.set(f"{pointer}/metric", None)
        assert leaf.metric is None
        assert "metric" not in report.get(pointer)
    with ReportFile.open(tmp_path / "demo.jxzp") as reopened:
        assert reopened.get(f"{pointer}/metric") is None
        assert reopened.get("/figures/8/label") == "来访人次"


def test_groups_still_have_no_metric(tmp_path: Path) -> None:
    with ReportFile.create(tmp_path / "demo.jxzp", load_json(assets.demo_json())) as report:
        with pytest.raises(PointerError):
            report.get("/indicators/tree/0/metric")
