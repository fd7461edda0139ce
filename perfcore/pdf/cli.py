"""``perfcore pdf IN -o OUT.pdf [--forms 1,2,3] [--font FONT] [--explain] [--strict]``: the forms as a PDF file.

Like 打印 in the app, errors the checks find do not stop the print: they are listed on stderr
first and the PDF is written (exit 0). With ``--strict`` they stop it: nothing is written and
the exit status is 1, so that a script never takes a PDF with errors for a finished one.
Unusable input (a file that cannot be read, an unknown form, a missing font) exits 2.

IN is a report file or an exchange JSON. The PDF goes through the output guard
(``perfcore.output``): never over a report file, over IN itself or over a special file, over
another existing file only with ``--force``; it is written atomically (temporary file in the
same folder, then renamed), so an existing OUT is never left half-written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcore import cli
from perfcore.checks import run_checks
from perfcore.checks.base import Finding
from perfcore.forms import parse_forms
from perfcore.output import check_output, write_output
from perfcore.terminal import shown

if TYPE_CHECKING:
    from perfcore.pdf.document import RenderInfo

MAX_LISTED = 5


def cmd_pdf(args: argparse.Namespace) -> int:
    # ReportLab is loaded by the command that prints, not by every command (this module is).
    from perfcore.pdf.document import render_pdf
    from perfcore.pdf.fonts import resolve_fonts
    from perfcore.pdf.glyphs import unprintable

    # The font files are read too: the PDF is never written over them (FontError: exit 2).
    inputs = [args.input, *resolve_fonts(args.font).files()]
    check_output(args.out, inputs=inputs, overwrite=args.force)  # refuse before reading
    package = cli.load_input(args.input)
    forms_wanted = parse_forms(args.forms)
    errors = [f for f in run_checks(package) if f.severity == "error"]
    if errors:
        print(errors_text(errors, strict=args.strict), file=sys.stderr)
        if args.strict:
            return cli.EXIT_FINDINGS
    rendered: list[RenderInfo] = []

    def fill(temp: Path) -> None:
        with open(temp, "wb") as stream:
            rendered.append(render_pdf(package, stream, forms=forms_wanted, font=args.font, explain=args.explain))

    # FontError and FormsError (PdfError) are UserErrors: cli.main prints them as one line, exit 2.
    write_output(args.out, fill, inputs=inputs, overwrite=args.force)
    info = rendered[0]
    printed = [f"表{n}" for n in info.forms]
    if info.projects:
        printed.append(f"项目支出绩效自评表{info.projects}张")
    if info.figures:
        printed.append("基础数据表")
    forms = "、".join(printed)
    print(f"已生成 {shown(args.out)}（{forms}，共{info.pages}页，校验码 {info.fingerprint}）")
    if info.missing_glyphs:
        found = unprintable(package, args.font)
        where = "；".join(f"{f.place}“{f.chars}”" for f in found[:MAX_LISTED])
        more = f"等{len(found)}处" if len(found) > MAX_LISTED else ""
        print(f"注意：这些字符没有可用的字体，已打印为□：{where}{more}", file=sys.stderr)
    return cli.EXIT_OK


def errors_text(errors: list[Finding], strict: bool) -> str:
    """The errors the checks found, one per line, as ``perfcore check`` words them."""
    head = f"审核发现 {len(errors)} 处错误" + ("，未生成PDF（--strict）：" if strict else "，仍生成PDF，请改正后重印：")
    lines = [head, *(f"  错误  {shown(f.message)}（{shown(f.path)}）" for f in errors)]
    return "\n".join(lines)


def add_pdf_command(subparsers: Any) -> None:
    p = subparsers.add_parser("pdf", help="生成可打印盖章的PDF报表")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("-o", "--out", required=True, help="输出的 PDF 文件")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（报告文件和输入文件永不覆盖）")
    p.add_argument("--forms", default="1,2,3", help="要打印的表，如 1,2,3（默认全部）")
    p.add_argument("--font", default=None, help="正文字体：字体文件路径或字体名称（默认系统仿宋/宋体）")
    p.add_argument("--explain", action="store_true", help="在报表之后附“失分说明”页（不属于报表，默认不附）")
    p.add_argument("--strict", action="store_true", help="审核发现错误时不生成PDF，退出码为1")
    p.set_defaults(func=cmd_pdf)


if add_pdf_command not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_pdf_command)
