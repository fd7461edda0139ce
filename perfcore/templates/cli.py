"""``perfcore template list | save | export | import | convert | xlsx``: the indicator frameworks.

``list [--json]`` shows the shipped, the user's own and the converted templates (``--json``: a
list of ``{"id", "name", "source", "forms", "origin"}``); ``save IN --name NAME`` keeps IN's
framework as a user template; ``export ID -o FILE`` and ``import FILE`` share one as a file;
``convert BOOK.xlsx -o FILE [--sheet NAME]`` reads a bureau's Excel framework and prints the
conversion report; ``xlsx ID -o BOOK.xlsx`` writes a framework in the layout ``convert`` reads.
Every file goes through the output guard; exit 2 with one Chinese line for unusable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from perfcore import cli
from perfcore.labels import FORM_LABELS
from perfcore.money import format_points
from perfcore.terminal import shown, shown_json


def forms_text(forms: tuple[str, ...] | list[str]) -> str:
    return "、".join(FORM_LABELS.get(f, f) for f in forms)


def cmd_list(args: argparse.Namespace) -> int:
    from perfcore.templates.library import ORIGIN_LABELS, list_templates

    listing = list_templates()
    for problem in listing.problems:
        print(f"perfcore: {shown(problem)}", file=sys.stderr)
    if args.json:
        doc = [e.summary() for e in listing.entries]
        print(shown_json(json.dumps(doc, ensure_ascii=False, indent=2)))
        return cli.EXIT_OK
    for entry in listing.entries:
        grades = "，".join(f"{g.label}≥{format_points(g.min).removesuffix('.00')}" for g in entry.grades)
        print(shown(f"{entry.id}　{entry.name}（{ORIGIN_LABELS[entry.origin]}）"))
        if entry.source:
            print(shown(f"    来源：{entry.source}"))
        print(shown(f"    表格：{forms_text(entry.forms)}；等级：{grades}"))
        if entry.description:
            print(shown(f"    说明：{entry.description}"))
    return cli.EXIT_OK


def cmd_save(args: argparse.Namespace) -> int:
    from perfcore.templates.framework import save_as_template
    from perfcore.templates.library import template_id

    template_id(args.name)  # a name that makes no id is refused before reading
    package = cli.load_input(args.input)
    entry = save_as_template(package, args.name, inputs=[args.input], overwrite=args.force)
    print(shown(f"已保存模板 {entry.id}（{entry.name}）→ {entry.path}"))
    return cli.EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from perfcore.templates.library import export_template

    entry = export_template(args.id, args.out, overwrite=args.force)
    print(shown(f"已导出模板 {entry.id} → {args.out}"))
    return cli.EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from perfcore.templates.library import import_template

    entry = import_template(args.input, overwrite=args.force)
    print(shown(f"已导入模板 {entry.id}（{entry.name}）→ {entry.path}"))
    return cli.EXIT_OK


def cmd_convert(args: argparse.Namespace) -> int:
    from perfcore.exchange import dump_json
    from perfcore.output import check_output, write_output
    from perfcore.templates.convert import convert_workbook

    check_output(args.out, inputs=[args.input], overwrite=args.force)  # refuse before reading
    package, report = convert_workbook(args.input, sheet=args.sheet)
    text = dump_json(package)
    write_output(args.out, lambda p: p.write_text(text, encoding="utf-8"), inputs=[args.input], overwrite=args.force)
    for line in report.lines():
        print(shown(line))
    print(shown(f"已转换为模板 {args.out}（可用 perfcore new --template {args.out} 新建报告，或 perfcore template import 导入）"))
    return cli.EXIT_OK


def cmd_xlsx(args: argparse.Namespace) -> int:
    from perfcore.output import check_output
    from perfcore.templates.library import load_template, template_source
    from perfcore.templates.workbook import write_template_xlsx

    # The template's own file is an input the output may not replace: the user's file, or FILE given as ID.
    source = template_source(args.id)
    inputs = [] if source is None else [source]
    check_output(args.out, inputs=inputs, overwrite=args.force)  # refused before anything is read
    package = load_template(args.id)
    count = write_template_xlsx(package, args.out, inputs=inputs, overwrite=args.force)
    print(shown(f"已写出 {args.out}（{count} 个工作表，可在 Excel 中修改后用 perfcore template convert 转换回模板）"))
    return cli.EXIT_OK


_FORCE = "覆盖已存在的文件（报告文件和输入文件永不覆盖）"


def add_template_commands(subparsers: Any) -> None:
    top = subparsers.add_parser("template", help="指标框架模板：列出、另存、导出、导入、从 Excel 转换")
    sub = top.add_subparsers(dest="template_command", required=True, metavar="操作")

    p = sub.add_parser("list", help="列出可用的模板（内置、自存、从 Excel 转换）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("save", help="把报告的指标框架另存为模板（不含本单位的数据、得分和文字）")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("--name", required=True, help="模板名称")
    p.add_argument("--force", action="store_true", help="覆盖同名的自存模板")
    p.set_defaults(func=cmd_save)

    p = sub.add_parser("export", help="把模板导出为文件，以便分享")
    p.add_argument("id", help="模板标识（见 perfcore template list）")
    p.add_argument("-o", "--out", required=True, help="输出的 .json 文件")
    p.add_argument("--force", action="store_true", help=_FORCE)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="导入他人分享的模板文件")
    p.add_argument("input", help="模板文件（.json）")
    p.add_argument("--force", action="store_true", help="覆盖同名的自存模板")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("convert", help="把主管部门的 Excel 指标框架（.xlsx）转换为模板，并列出转换报告")
    p.add_argument("input", help="Excel 工作簿（.xlsx）")
    p.add_argument("-o", "--out", required=True, help="输出的模板文件（.json）")
    p.add_argument("--sheet", default=None, help="只读取此工作表（默认读取所有找到表头的工作表）")
    p.add_argument("--force", action="store_true", help=_FORCE)
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("xlsx", help="把模板写成 Excel（转换器读取的格式），以便在 Excel 中修改")
    p.add_argument("id", help="模板标识或模板文件")
    p.add_argument("-o", "--out", required=True, help="输出的 .xlsx 文件")
    p.add_argument("--force", action="store_true", help=_FORCE)
    p.set_defaults(func=cmd_xlsx)


if add_template_commands not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_template_commands)
