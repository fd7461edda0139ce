"""``perfcore check IN [--json]``: the findings, grouped by form, errors first.

Exit 0 when there is no error, 1 when there are errors; unusable input is reported by
``perfcore.cli.main`` with exit 2.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from perfcore import cli
from perfcore.checks import run_checks, summary
from perfcore.checks.base import FORMS, SEVERITY_LABELS, Finding
from perfcore.model import Package
from perfcore.terminal import shown, shown_json

FORM_TITLES = {
    "表1": "表1 整体支出绩效自评报告",
    "表2": "表2 专项资金绩效自评报告",
    "表3": "表3 部门整体支出绩效评价指标表",
    "项目支出": "项目支出绩效自评表",
    "基础数据": "基础数据表",
    "报告设置": "报告设置",
}


def findings_document(findings: list[Finding]) -> dict[str, Any]:
    return {"findings": [{"severity": f.severity, "path": f.path, "message": f.message} for f in findings]}


def findings_text(package: Package, findings: list[Finding]) -> str:
    lines = [f"审核结果：{shown(package.unit_name)}　{package.year}年度"]
    if not findings:
        lines.append("未发现问题。")
    for form in FORMS:
        # run_checks sorted by severity, so each form's list keeps errors first.
        mine = [f for f in findings if f.form == form]
        if not mine:
            continue
        lines.append("")
        lines.append(FORM_TITLES[form])
        for finding in mine:
            lines.append(f"  {SEVERITY_LABELS[finding.severity]}  {shown(finding.message)}")
            lines.append(f"        {shown(finding.path)}")
    lines.append("")
    lines.append(summary(findings))
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    package = cli.load_input(args.input)
    findings = run_checks(package)
    if args.json:
        print(shown_json(json.dumps(findings_document(findings), ensure_ascii=False, indent=2)))
    else:
        print(findings_text(package, findings))
    has_errors = any(f.severity == "error" for f in findings)
    return cli.EXIT_FINDINGS if has_errors else cli.EXIT_OK


def add_check_command(subparsers: Any) -> None:
    p = subparsers.add_parser("check", help="审核勾稽关系与填报完整性")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_check)


if add_check_command not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_check_command)
