"""``perfcore next LAST NEW [--keep-texts] [--force]``: 新建下一年度 from last year's file.

LAST is a report file or an exchange JSON; NEW is the new report file, written through the
output guard (never over LAST or another report file in use; an existing file only with
``--force``). Prints what was carried and what was cleared.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from perfcore import cli
from perfcore.next_year import next_year
from perfcore.output import check_output
from perfcore.store import ReportFile
from perfcore.terminal import shown


def cmd_next(args: argparse.Namespace) -> int:
    check_output(args.out, inputs=[args.input], overwrite=args.force, report=True)  # refused before anything is read
    last = cli.load_input(args.input)
    result = next_year(last, file_name=Path(args.input).name, keep_texts=args.keep_texts)
    ReportFile.create(args.out, result.package, overwrite=args.force).close()
    print(shown(f"已新建 {args.out}（{result.package.year}年度，由 {last.year}年度 {Path(args.input).name} 结转）"))
    print("结转：" if result.carried else "结转：无")
    for carried in result.carried:
        print(shown(f"  {carried.line}"))
    lines = result.cleared.lines()
    print("已清除上年结果：" if lines else "已清除上年结果：无")
    for line in lines:
        print(f"  {line}")
    if result.cleared.drafts:
        print(f"保留为草稿的上年文字 {len(result.cleared.drafts)} 段（审核中提示修改）")
    return cli.EXIT_OK


def add_next_command(subparsers: Any) -> None:
    p = subparsers.add_parser("next", help="由上年报告新建下一年度报告（结转上年数）")
    p.add_argument("input", help="上年的报告文件或 JSON")
    p.add_argument("out", help="下一年度的新报告文件")
    p.add_argument("--keep-texts", action="store_true", help="保留上年文字作为草稿（审核中提示修改）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（上年文件永不覆盖）")
    p.set_defaults(func=cmd_next)


if add_next_command not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_next_command)
