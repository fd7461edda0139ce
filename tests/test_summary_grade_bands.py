"""汇总 of packages with their own grade bands (format /2 ``grades``: a template's
优秀/良好/合格/不合格, a locality's 95/85/60): every unit is counted in the grade distribution
under its own grade, and a reviewed total is graded by the unit's bands, as its own total is."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from perfcore import assets, cli
from perfcore.exchange import dump_json, load_json
from perfcore.summary.review import ReviewFile

OWN_LABELS = [{"label": "优秀", "min": "90"}, {"label": "良好", "min": "75"}, {"label": "合格", "min": "60"}, {"label": "不合格", "min": "0"}]
STRICT = [{"label": "优", "min": "95"}, {"label": "良", "min": "85"}, {"label": "中", "min": "60"}, {"label": "差", "min": "0"}]


def banded_units(folder: Path) -> None:
    """Three copies of the demo (total 93.00): default bands, its own labels, stricter bands."""
    folder.mkdir()
    demo = json.loads(dump_json(load_json(assets.demo_json())))
    for name, unit, grades in (("a.json", "默认单位", None), ("b.json", "五档单位", OWN_LABELS), ("c.json", "从严单位", STRICT)):
        doc: dict[str, Any] = dict(demo, unit_name=unit)
        if grades is not None:
            doc["grades"] = grades
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_every_unit_is_counted_under_its_own_grade(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    banded_units(folder)
    out = tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [(u["unit"], u["grade"]) for u in doc["units"]] == [("默认单位", "优"), ("五档单位", "优秀"), ("从严单位", "良")]
    grades = doc["stats"]["grades"]
    assert grades == {"优": 1, "良": 1, "中": 0, "差": 0, "优秀": 1, "良好": 0, "合格": 0, "不合格": 0}
    assert sum(grades.values()) == doc["stats"]["units"]

    xlsx = tmp_path / "汇总.xlsx"
    assert cli.main(["summary", str(folder), "-o", str(xlsx)]) == 0
    sheet = load_workbook(xlsx)["统计"]
    counts = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=9, values_only=True)}
    assert counts == grades


def test_a_reviewed_total_is_graded_by_the_units_own_bands(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    banded_units(folder)
    review_path = tmp_path / "复核.jxzh"
    assert cli.main(["summary", str(folder), "--review", str(review_path), "-o", str(tmp_path / "s.json")]) == 0
    with ReviewFile.open(review_path) as review:
        for unit in review.units():
            review.set_entry(unit.path, unit.fingerprint, unit.unit, unit.year, "", "整体", Decimal("92"), "核减", "", "张三")
    out = tmp_path / "复核后.json"
    assert cli.main(["summary", str(folder), "--review", str(review_path), "-o", str(out)]) == 0
    reviewed = {u["unit"]: (u["review"]["total"], u["review"]["grade"]) for u in json.loads(out.read_text(encoding="utf-8"))["units"]}
    # 92 is 优 at 90/80/60, 优秀 with its own labels, 良 where 优 begins at 95.
    assert reviewed == {"默认单位": ("92.00", "优"), "五档单位": ("92.00", "优秀"), "从严单位": ("92.00", "良")}
