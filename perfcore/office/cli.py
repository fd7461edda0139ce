"""``perfcore docx IN -o OUT.docx [--forms 1,2,3]`` and ``perfcore xlsx IN -o OUT.xlsx [--forms …]``.

IN is a report file or an exchange JSON. OUT goes through the output guard (``perfcore.output``):
never over a report file, over IN itself or a special file, over another existing file only with
``--force``; it is written atomically (temporary file in the same folder, then renamed).
"""

from __future__ import annotations

import argparse
from typing import Any

from perfcore import cli
from perfcore.forms import parse_forms
from perfcore.output import check_output
from perfcore.terminal import shown

# python-docx and openpyxl load only for these two commands: every other command starts
# without them (they take about a second to import on a slow machine).


def cmd_docx(args: argparse.Namespace) -> int:
    from perfcore.office.word import export_docx

    check_output(args.out, inputs=[args.input], overwrite=args.force)
    package = cli.load_input(args.input)
    # FormsError is a UserError: cli.main prints it as one line, exit 2.
    info = export_docx(package, args.out, forms=parse_forms(args.forms))
    forms = "、".join(f"表{n}" for n in info.forms)
    print(f"已生成 {shown(args.out)}（Word，{forms}，校验码 {info.fingerprint}）")
    return cli.EXIT_OK


def cmd_xlsx(args: argparse.Namespace) -> int:
    from perfcore.office.excel import export_xlsx

    check_output(args.out, inputs=[args.input], overwrite=args.force)
    package = cli.load_input(args.input)
    info = export_xlsx(package, args.out, forms=parse_forms(args.forms))
    forms = "、".join(f"表{n}" for n in info.forms)
    print(f"已生成 {shown(args.out)}（Excel，{forms}，校验码 {info.fingerprint}）")
    return cli.EXIT_OK


def add_office_commands(subparsers: Any) -> None:
    p = subparsers.add_parser("docx", help="导出可编辑的 Word 文档（表1、表2、表3）")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("-o", "--out", required=True, help="输出的 .docx 文件")
    p.add_argument("--forms", default="1,2,3", help="要导出的表，如 1,2,3（默认全部）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（报告文件和输入文件永不覆盖）")
    p.set_defaults(func=cmd_docx)
    p = subparsers.add_parser("xlsx", help="导出 Excel 工作簿（每张表一个工作表）")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("-o", "--out", required=True, help="输出的 .xlsx 文件")
    p.add_argument("--forms", default="1,2,3", help="要导出的表，如 1,2,3（默认全部）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（报告文件和输入文件永不覆盖）")
    p.set_defaults(func=cmd_xlsx)


if add_office_commands not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_office_commands)
