"""A line of funds spent above its 全年预算数: the warning names amounts a reader can tell apart."""

from __future__ import annotations

import json

from format2_support import three_projects_doc

from perfcore.checks import run_checks
from perfcore.exchange import load_json


def overspent(full: str, executed: str) -> list[str]:
    doc = three_projects_doc()
    doc["projects"][0]["budget"]["lines"][0].update(full=full, executed=executed)
    package = load_json(json.dumps(doc, ensure_ascii=False))
    return [f.message for f in run_checks(package) if f.path == "/projects/0/budget/lines/0/executed"]


def test_an_overrun_in_wan_yuan() -> None:
    assert overspent("1000000.00", "1052000.00") == [
        "“城区道路维修”项目：本年财政拨款全年执行数 105.20 万元超过全年预算数 100.00 万元（超出 5.20 万元）"
    ]


def test_an_overrun_of_a_few_yuan_is_shown_in_yuan() -> None:
    # In 万元 this read "0.00 万元超过全年预算数 0.00 万元（超出 0.00 万元）".
    assert overspent("0.00", "0.01") == [
        "“城区道路维修”项目：本年财政拨款全年执行数 0.01 元超过全年预算数 0.00 元（超出 0.01 元）"
    ]
    assert overspent("1000000.00", "1000003.00") == [
        "“城区道路维修”项目：本年财政拨款全年执行数 1,000,003.00 元超过全年预算数 1,000,000.00 元（超出 3.00 元）"
    ]


def test_no_warning_within_the_budget() -> None:
    assert overspent("1000000.00", "1000000.00") == []
