"""``perfcore explain IN [--json]``: 失分分析 — each lost point, why, and what would regain it.

Exit 0 with the analysis; unusable input is reported by ``perfcore.cli.main`` with exit 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from perfcore import cli
from perfcore.explain import Explanation, Hint, Loss, Risk, explain
from perfcore.model import Package
from perfcore.money import format_points

FORM_TITLES = {"表3": "表3 部门整体支出绩效评价指标表"}


def _hint_doc(hint: Hint) -> dict[str, Any]:
    return {
        "pointer": hint.pointer,
        "label": hint.label,
        "value": hint.value,
        "relation": hint.relation,
        "unit": hint.unit,
        "text": hint.text,
    }


def _loss_doc(loss: Loss) -> dict[str, Any]:
    return {
        "path": loss.path,
        "name": loss.name,
        "form": loss.form,
        "weight": format_points(loss.weight),
        "final": None if loss.final is None else format_points(loss.final),
        "lost": format_points(loss.lost),
        "why": loss.why,
        "reason": loss.reason,
        "note": loss.note,
        "regain": [_hint_doc(h) for h in loss.regain],
    }


def _risk_doc(risk: Risk) -> dict[str, Any]:
    return {
        "path": risk.path,
        "name": risk.name,
        "form": risk.form,
        "weight": format_points(risk.weight),
        "value": risk.value,
        "limit": risk.limit,
        "margin": risk.margin,
        "unit": risk.unit,
        "why": risk.why,
        "keep": [_hint_doc(h) for h in risk.keep],
    }


def explain_document(explanation: Explanation) -> dict[str, Any]:
    """The ``explain --json`` document: decimals as strings with two places, leaves in document order."""
    return {
        "lost": [_loss_doc(loss) for loss in explanation.lost],
        "at_risk": [_risk_doc(risk) for risk in explanation.at_risk],
        "total_lost": format_points(explanation.total_lost),
        "weights": format_points(explanation.weights),
        "total": format_points(explanation.total),
        "grade": explanation.grade,
        "complete": explanation.complete,
    }


def summary_line(explanation: Explanation) -> str:
    state = "" if explanation.complete else "，尚有指标未评分"
    return (
        f"共失分 {format_points(explanation.total_lost)} 分（分值合计 {format_points(explanation.weights)} 分，"
        f"得分 {format_points(explanation.total)} 分，等级 {explanation.grade}{state}）"
    )


def explain_text(package: Package, explanation: Explanation) -> str:
    lines = [f"失分分析：{package.unit_name}　{package.year}年度", summary_line(explanation)]
    forms = list(dict.fromkeys(loss.form for loss in explanation.lost))  # 表3, then each project
    if not forms:
        lines += ["", "各指标均得满分。"]
    for form in forms:
        lines += ["", FORM_TITLES.get(form, form)]
        for loss in (x for x in explanation.by_size if x.form == form):
            final = "未评分" if loss.final is None else f"得分 {format_points(loss.final)}"
            lines.append(f"  {loss.name}　失分 {format_points(loss.lost)}（分值 {format_points(loss.weight)}，{final}）")
            lines.append(f"    原因：{loss.why}")
            if loss.reason:
                lines.append(f"    填报说明：{loss.reason}")
            if loss.regain:
                lines.append("    如何得满分：")
                lines += [f"      · {hint.text}" for hint in loss.regain]
            if loss.note:
                lines.append(f"    注：{loss.note}")
    if explanation.at_risk:
        lines += ["", "临界指标（已得满分，但距失分界限不足 5%）"]
        for risk in explanation.at_risk:
            lines.append(f"  {risk.why}")
            lines += [f"      · 保持 {hint.text}" for hint in risk.keep]
    return "\n".join(lines)


def cmd_explain(args: argparse.Namespace) -> int:
    package = cli.load_input(args.input)
    explanation = explain(package)
    if args.json:
        print(json.dumps(explain_document(explanation), ensure_ascii=False, indent=2))
    else:
        print(explain_text(package, explanation))
    return cli.EXIT_OK


def add_explain_command(subparsers: Any) -> None:
    p = subparsers.add_parser("explain", help="失分分析：失分原因及得满分所需的数据")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_explain)


if add_explain_command not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_explain_command)
