"""``perfcore summary FILES_OR_FOLDERS... [-o OUT] [--review R.jxzh] [--jobs N] [--force]``.

Reads every unit file read-only (folders recursively), joins the review file if given and
writes the summary as JSON, Excel or PDF by OUT's suffix (through the output guard: never over
a report file, an input or a special file, over another existing file only with ``--force``),
or prints it as a table. Exit 0
when at least one file was read, 2 when none was; a file that cannot be read is a row of
the output ("无法读取：…"), never the end of the run.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from perfcore import cli
from perfcore.argparse_zh import whole_number
from perfcore.money import format_points
from perfcore.output import check_output, same_file, write_output
from perfcore.summary.review import ReviewFile, UnitReview, stored_path
from perfcore.summary.run import collect, default_jobs
from perfcore.summary.sources import discover
from perfcore.summary.table import REFUSED_PREFIX, Summary, assemble, missing_reviewed, summary_document
from perfcore.terminal import shown

OUTPUTS = (".json", ".xlsx", ".pdf")
_SUMMARY_HEAD = b'{\n  "units": ['


def cmd_summary(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in OUTPUTS:
        raise cli.UsageError(f"-o {out.name}：输出文件须为 .xlsx、.json 或 .pdf")
    if args.jobs < 1:
        raise cli.UsageError("--jobs 须为正整数")
    if out is not None and args.review and os.path.realpath(out) == os.path.realpath(args.review):
        # Refused before the review file is created, not after.
        raise cli.UsageError(f"-o 与 --review 是同一个文件“{out.name}”；请另选输出文件名")
    paths, missing = discover(args.inputs)
    if out is not None:
        # The summary JSON of an earlier run, found again in a scanned folder, is not an input.
        paths = [p for p in paths if not (same_file(p, out) and _is_summary_document(p))]
        # Refuse before reading: never over a report file, an input or a special file.
        check_output(out, inputs=paths, overwrite=args.force)
    collected = collect([str(p) for p in paths], args.jobs)
    collected.refused[:0] = missing
    reviews = _reviews(args.review, collected) if args.review else None
    if reviews:
        collected.refused += missing_reviewed(reviews, args.inputs)
    summary = assemble(collected, reviews)
    if not summary.units:
        if len(summary.refused) == 1:
            raise cli.UsageError(f"{shown(summary.refused[0].path)}：{REFUSED_PREFIX}{summary.refused[0].reason}")
        for refusal in summary.refused:  # why each file could not be read, before the one-line error
            print(shown(f"{refusal.path}：{REFUSED_PREFIX}{refusal.reason}"))
        if not summary.refused:
            raise cli.UsageError("没有找到报告文件（*.jxzp）或交换文件（*.json）")
        raise cli.UsageError(f"没有读取到任何报告文件或交换文件（{len(summary.refused)} 个文件无法读取，原因见上）")
    if out is None:
        print(summary_text(summary))
    else:
        _write(summary, out)
        print(f"已汇总 {len(summary.units)} 个单位，{len(summary.refused)} 个文件无法读取 → {shown(out)}")
    return cli.EXIT_OK


def _is_summary_document(path: Path) -> bool:
    """Whether ``path`` begins as the JSON this command writes (``_write``) begins."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(_SUMMARY_HEAD)) == _SUMMARY_HEAD
    except OSError:
        return False


def _reviews(path: str, collected: Any) -> dict[str, UnitReview]:
    """The review file's entries; a new review file is created listing the units read."""
    target = Path(path)
    if not os.path.lexists(target):
        for unit in collected.units:
            stored_path(target, unit.path)  # a name it cannot hold is refused before it exists
        with ReviewFile.create(target) as review:
            review.add_units((u.path, u.fingerprint, u.unit, u.year) for u in collected.units)
            return review.by_path()
    with ReviewFile.open(target, read_only=True) as review:
        return review.by_path()


def _write(summary: Summary, out: Path) -> None:
    # openpyxl and ReportLab are loaded when asked for, each only for its own output: every
    # perfcore command loads this module.
    suffix = out.suffix.lower()
    if suffix == ".json":
        text = json.dumps(summary_document(summary), ensure_ascii=False, indent=2)
        write_output(out, lambda temp: _write_text(temp, text + "\n"), overwrite=True)
    elif suffix == ".xlsx":
        from perfcore.summary.excel import write_excel

        write_excel(summary, out)
    else:
        from perfcore.summary.pdf import write_pdf

        write_pdf(summary, out)  # no CJK font: a FontError, which is a UserError


def _write_text(path: Path, text: str) -> None:
    # A file name's bytes that are not UTF-8 reach the document as lone surrogates, always
    # inside a JSON string: written as the escape ``\\udcff`` the JSON stays valid, and a
    # reader that decodes it as Python does gets the name's bytes back.
    path.write_text(text, encoding="utf-8", errors="backslashreplace")


def summary_text(summary: Summary) -> str:
    head = ["单位", "年度", "自评得分", "等级", "复核得分", "错误", "警告", "状态"]
    rows = [
        [
            u.row.unit or "（未填单位）",
            str(u.row.year),
            format_points(u.row.total),
            u.row.grade,
            format_points(u.reviewed_total, "—"),
            str(u.row.errors),
            str(u.row.warnings),
            u.state + ("（重复）" if u.duplicates else ""),
        ]
        for u in summary.units
    ]
    widths = [max(cli._width(r[c]) for r in [head, *rows]) for c in range(len(head))]
    lines = ["  ".join(cli._pad(h, w) for h, w in zip(head, widths, strict=True))]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(cli._pad(v, w) for v, w in zip(row, widths, strict=True)) for row in rows]
    for refusal in summary.refused:
        lines.append(f"{refusal.path}：{REFUSED_PREFIX}{refusal.reason}")
    grades = "，".join(f"{label} {n}" for label, n in summary.grade_counts().items())
    lines.append(f"共 {summary.files} 个文件：{len(summary.units)} 个单位（{grades}），{len(summary.refused)} 个无法读取")
    return "\n".join(lines)


def add_summary_command(subparsers: Any) -> None:
    p = subparsers.add_parser("summary", help="汇总多个单位的报告文件（只读）")
    p.add_argument("inputs", nargs="+", help="报告文件、交换 JSON 或文件夹（递归查找）")
    p.add_argument("-o", "--out", default=None, help="输出文件：summary.xlsx、summary.json 或 summary.pdf")
    p.add_argument("--review", default=None, help="复核文件（.jxzh）；不存在时新建")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（报告文件和输入文件永不覆盖）")
    p.add_argument("--jobs", type=whole_number, default=default_jobs(), help="并行进程数（默认且最多为 CPU 核数）")
    p.set_defaults(func=cmd_summary)


if add_summary_command not in cli._EXTENSIONS:
    cli._EXTENSIONS.append(add_summary_command)
