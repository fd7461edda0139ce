"""汇总 statistics per 一级指标 over units of different frameworks: a 一级 of the same name but
another weight (投入 13 in the 株洲 framework, 20 in 财预〔2013〕53号) is its own average, never
averaged with the other against one weight; hand-computed on a small case."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from perfcore import assets, cli


def test_averages_are_per_name_and_weight(tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    demo = json.loads(assets.demo_json())  # 投入 13.00 of 13, 过程 50.00 of 57, 产出及效率 30.00 of 30
    (folder / "a.json").write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    demo["unit_name"] = "乙单位"
    demo["overall"]["staff_actual"] = 11  # 在职人员控制率 5.00 -> 0.00: 投入 8.00
    (folder / "b.json").write_text(json.dumps(demo, ensure_ascii=False), encoding="utf-8")
    # Nothing scored: 投入 0.00 of 20, 过程 0.00 of 40, ...
    assert cli.main(["new", "--template", "mof-2013-53-department", "--unit", "丙单位", "--year", "2019", str(folder / "c.jxzp")]) == 0
    out = tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(out)]) == 0
    groups = json.loads(out.read_text(encoding="utf-8"))["stats"]["groups"]
    by_key = {(g["name"], g["weight"]): (g["average"], g["units"]) for g in groups}
    assert by_key[("投入", "13.00")] == ("10.50", 2)
    assert by_key[("过程", "57.00")] == ("50.00", 2)
    assert by_key[("产出及效率", "30.00")] == ("30.00", 2)
    assert by_key[("投入", "20.00")] == ("0.00", 1)
    assert len(by_key) == len(groups)

    xlsx = tmp_path / "汇总.xlsx"
    assert cli.main(["summary", str(folder), "-o", str(xlsx)]) == 0
    rows = list(load_workbook(xlsx)["统计"].iter_rows(values_only=True))
    start = rows.index(("一级指标", "分值", "平均得分", "单位数"))
    sheet = {(r[0], f"{r[1]:.2f}"): (f"{r[2]:.2f}", r[3]) for r in rows[start + 1 : start + 1 + len(groups)]}
    assert sheet == by_key
