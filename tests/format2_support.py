"""A /2 package worked by hand: three projects, grade bands 95/85/60 and figure keys in Chinese.

Each expected score is derived in the comments of the tests that use it
(``tests/test_format2_scoring.py``); the package is built here once so that scoring, checks,
the command line and the report file are all tested on the same material.
"""

from __future__ import annotations

import copy
from typing import Any


def _target(name: str, weight: int, direction: str, target: Any, unit: str, actual: Any = None, formula: str | None = None) -> dict[str, Any]:
    leaf: dict[str, Any] = {
        "name": name,
        "weight": weight,
        "rule": {"type": "target", "direction": direction, "target": target, "actual": actual, "unit": unit},
    }
    if formula is not None:
        leaf["metric"] = {"formula": formula, "unit": unit}
    return leaf


def _rated(name: str, weight: int, rating: str | None, score: Any) -> dict[str, Any]:
    return {"name": name, "weight": weight, "rule": {"type": "rated", "rating": rating}, "score": score}


_DOC: dict[str, Any] = {
    "format": "perf-filing/2",
    "year": 2021,
    "unit_name": "某某区城市管理局",
    "template": {"id": "xiang-2020", "name": "湖南省项目支出绩效自评", "version": "2020", "source": "湘财绩〔2020〕7号 附件3"},
    "forms": ["overall", "indicators", "projects", "figures"],
    "grades": [{"label": "优", "min": 95}, {"label": "良", "min": 85}, {"label": "中", "min": 60}, {"label": "差", "min": 0}],
    "overall": {"staff_actual": 20, "staff_quota": 25},
    "figures": [
        {"key": "满意人数", "label": "满意的受访人数", "kind": "count", "value": 188, "group": "满意度调查"},
        {"key": "调查人数", "label": "受访总人数", "kind": "count", "value": 200, "group": "满意度调查"},
        {"key": "完工路段", "label": "完工路段数", "kind": "count", "value": 11, "group": "道路维修"},
        {"key": "计划路段", "label": "计划维修路段数", "kind": "count", "value": 12, "group": "道路维修"},
        {"key": "维修天数", "label": "平均维修天数", "kind": "number", "value": 4, "group": "道路维修"},
    ],
    "indicators": {
        "tree": [
            {
                "name": "部门履职",
                "weight": 100,
                "children": [
                    {"name": "履职效能", "weight": 90, "rule": {"type": "manual"}, "score": 84},
                    _target("服务对象满意度", 10, ">=", 95, "%", formula="满意人数 / 调查人数 * 100"),
                ],
            }
        ]
    },
    "projects": [
        {
            "name": "城区道路维修",
            "department": "某某区城市管理局",
            "implementer": "某某区市政工程处",
            "budget": {
                "weight": 10,
                "score": None,
                "lines": [
                    {"label": "本年财政拨款", "initial": "1000000.00", "full": "1000000.00", "executed": "950000.00"},
                    {"label": "上年结转资金", "initial": "0.00", "full": "200000.00", "executed": "150000.00"},
                ],
            },
            "goals": {"expected": "完成12条路段维修", "actual": "完成11条路段维修，预算执行率91.67%"},
            "tree": [
                {
                    "name": "产出指标",
                    "weight": 50,
                    "children": [
                        {
                            "name": "数量指标",
                            "weight": 30,
                            "children": [_target("完成路段比例", 30, ">=", 100, "%", formula="完工路段 / 计划路段 * 100")],
                        },
                        {
                            "name": "时效指标",
                            "weight": 20,
                            "children": [_target("平均维修天数", 20, "<=", 5, "天", formula="维修天数")],
                        },
                    ],
                },
                {"name": "效益指标", "weight": 30, "children": [_rated("道路通行条件改善", 30, "达成", 27)]},
                {
                    "name": "满意度指标",
                    "weight": 10,
                    "children": [_target("群众满意度", 10, ">=", 90, "%", formula="满意人数 / 调查人数 * 100")],
                },
            ],
            "conclusion": "项目基本完成。",
        },
        {
            "name": "公园绿化",
            "budget": {
                "weight": 10,
                "lines": [{"label": "本年财政拨款", "initial": "500000.00", "full": "500000.00", "executed": "520000.00"}],
            },
            "tree": [
                {"name": "产出指标", "weight": 50, "children": [_target("新增绿化面积", 50, ">=", 5, "万平方米", actual="5.2")]},
                {"name": "效益指标", "weight": 30, "children": [_rated("生态环境改善", 30, "部分达成", 21)]},
                {"name": "满意度指标", "weight": 10, "children": [_target("验收合格率", 10, "=", 100, "%", actual=98)]},
            ],
        },
        {
            "name": "信息化建设",
            "budget": {
                "weight": 10,
                "score": 6,
                "lines": [
                    {"label": "本年财政拨款", "initial": "300000.00", "full": "300000.00", "executed": "240000.00"},
                    {"label": "其他资金", "initial": None, "full": "50000.00", "executed": None},
                ],
            },
            "tree": [
                {"name": "产出指标", "weight": 50, "children": [_target("建设成本", 50, "<=", 10, "万元", actual=12)]},
                {"name": "效益指标", "weight": 30, "children": [_rated("办事效率提升", 30, "未达成", None)]},
                {
                    "name": "满意度指标",
                    "weight": 10,
                    "children": [
                        {**_target("使用人员满意度", 10, ">=", 90, "%"), "rule": {**_target("x", 10, ">=", 90, "%")["rule"], "on_undefined": "zero"}}
                    ],
                },
            ],
        },
    ],
}


def three_projects_doc() -> dict[str, Any]:
    """A fresh copy of the worked package's exchange document."""
    return copy.deepcopy(_DOC)
