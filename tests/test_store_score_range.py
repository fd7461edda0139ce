"""Entry refuses a score outside 0 … the indicator's 分值; a file that holds one keeps it (issue 12, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import iter_leaves
from perfcore.store import ReportFile, ScoreRangeError


def test_the_core_refuses_an_entered_score_out_of_range_but_undo_restores_an_imported_one(tmp_path: Path) -> None:
    package = load_json(assets.demo_json())
    pointer, leaf = next((p, n) for p, n in iter_leaves(package) if n.name == "经济效益、社会效益")
    leaf.score = leaf.weight + 1  # an imported file may hold one; the checks report it
    with ReportFile.create(tmp_path / "r.jxzp", package) as report:
        with pytest.raises(ScoreRangeError, match="超过本指标分值"):
            report.set(f"{pointer}/score", "7.5")
        with pytest.raises(ScoreRangeError, match="不能小于 0 分"):
            report.set(f"{pointer}/score", "-0.5")
        assert report.get(f"{pointer}/score") == "7"
        change = report.set(f"{pointer}/score", "5.5")
        report.apply(change.inverse())  # undo takes back what the file held
        assert report.get(f"{pointer}/score") == "7"
