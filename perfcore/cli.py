"""Command line ``perfcore``: new, import, export, score, check, pdf, docx, xlsx — no Qt.

Exit codes: 0 success; 1 the checks found errors (``check``); 2 unusable input, with one
line of Chinese on stderr and no traceback.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from perfcore import assets
from perfcore.atomic import write_atomically
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError, dump_json, load_json, read_year
from perfcore.model import Package, iter_leaves
from perfcore.money import format_points
from perfcore.scoring import Scores, score_package
from perfcore.store import ReportFile

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


class UsageError(UserError):
    """Input the command cannot use; the message is the one line the user sees."""


def load_input(path: str | os.PathLike[str]) -> Package:
    """A package from a report file or an exchange JSON, told apart by content, not name."""
    source = Path(path)
    try:
        with open(source, "rb") as handle:
            head = handle.read(16)
    except FileNotFoundError as exc:
        raise UsageError(f"找不到文件“{source}”") from exc
    except OSError as exc:
        raise UsageError(f"无法读取“{source}”：{exc.strerror or exc}") from exc
    if head.startswith(b"SQLite format 3"):
        with ReportFile.open(source, read_only=True) as report:
            return report.package
    try:
        return load_json(source.read_bytes())
    except ExchangeError as exc:
        raise UsageError(f"“{source.name}”无法导入：{exc}") from exc


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def new_package(template: str, unit: str, year: int) -> Package:
    try:
        package = load_json(assets.template_json(template))
    except KeyError as exc:
        names = "、".join(assets.template_names())
        raise UsageError(f"没有名为“{template}”的模板，可用模板：{names}") from exc
    try:
        package.year = read_year(year, "")
    except ExchangeError as exc:
        raise UsageError(f"--year {year}：{exc.message}") from exc
    package.unit_name = unit
    return package


def refuse_overwrite(out: str, force: bool) -> None:
    # ReportFile.create's own refusal speaks to the desktop ("请确认"); here the answer is a flag.
    if not force and os.path.lexists(out):
        raise UsageError(f"“{Path(out).name}”已存在；如需覆盖请加 --force")


# ---------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    refuse_overwrite(args.out, args.force)
    package = new_package(args.template, args.unit or "", args.year)
    ReportFile.create(args.out, package, overwrite=args.force).close()
    print(f"已新建 {args.out}（{package.year}年度，模板 {args.template}）")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    refuse_overwrite(args.out, args.force)
    source = Path(args.input)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UsageError(f"无法读取“{source}”：{exc.strerror or exc}") from exc
    try:
        package = load_json(data)
    except ExchangeError as exc:
        raise UsageError(f"“{source.name}”无法导入：{exc}") from exc
    ReportFile.create(args.out, package, overwrite=args.force).close()
    print(f"已导入 {source.name} → {args.out}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    package = load_input(args.input)
    text = dump_json(package)
    write_atomically(Path(args.out), lambda p: _write_text(p, text))
    print(f"已导出 {args.out}")
    return EXIT_OK


def score_document(package: Package, scores: Scores) -> dict[str, Any]:
    """The ``score --json`` document: decimals as strings with two places, leaves in order."""
    indicators = []
    for path, leaf in iter_leaves(package):
        result = scores.of(leaf)
        indicators.append(
            {
                "path": path,
                "name": leaf.name,
                "weight": format_points(leaf.weight),
                "value": None if result.value is None else format_points(result.value),
                "computed": None if result.computed is None else format_points(result.computed),
                "entered": None if leaf.score is None else format_points(leaf.score),
                "final": None if result.final is None else format_points(result.final),
                "process": result.process,
            }
        )
    return {
        "total": format_points(scores.total),
        "grade": scores.grade,
        "complete": scores.complete,
        "indicators": indicators,
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def cmd_score(args: argparse.Namespace) -> int:
    package = load_input(args.input)
    scores = score_package(package)
    doc = score_document(package, scores)
    if args.json:
        print(json.dumps(doc, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"{package.unit_name}　{package.year}年度　{package.indicators.title}")
    header = ["三级指标", "分值", "计算得分", "填报得分", "得分"]
    rows = [[i["name"] or "（未命名）", i["weight"], i["computed"] or "—", i["entered"] or "—", i["final"] or "未评"] for i in doc["indicators"]]
    widths = [max(_width(r[c]) for r in rows + [header]) for c in range(len(header))]
    print("  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("─" * w for w in widths))
    for row in rows:
        print("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))
    print("  ".join("─" * w for w in widths))
    state = "" if scores.complete else "（尚有指标未评分）"
    print(f"合计 {doc['total']} 分，等级：{scores.grade}{state}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfcore", description="绩效自评填报 — 命令行工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("new", help="从模板新建报告文件")
    p.add_argument("out", help="新报告文件")
    p.add_argument("--template", default="standard", help="模板名称（默认 standard）")
    p.add_argument("--unit", default="", help="填报单位名称")
    p.add_argument("--year", type=int, default=date.today().year - 1, help="评价年度（默认上一年）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="把交换格式 JSON 导入为报告文件")
    p.add_argument("input", help="交换格式 JSON 文件")
    p.add_argument("out", help="报告文件")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="把报告文件导出为交换格式 JSON")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("out", help="输出的 JSON 文件")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("score", help="计算得分")
    p.add_argument("input", help="报告文件或 JSON")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_score)

    for extend in _EXTENSIONS:
        extend(sub)
    return parser


# Later commands (check, pdf) register here so that each lives in its own module.
_EXTENSIONS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
        return result
    except UserError as exc:
        # One line whatever the message holds (a file name or a quoted value may carry a newline).
        print(f"perfcore: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OSError as exc:
        where = f"（{exc.filename}）" if exc.filename else ""
        print(f"perfcore: 文件操作失败：{os_error_reason(exc)}{where}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return 130


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件超出允许的大小",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有操作权限",
    errno.EROFS: "存储设备只读",
    errno.ENOENT: "找不到文件或文件夹",
    errno.EISDIR: "这是文件夹",
    errno.EIO: "存储设备读写错误",
}


def os_error_reason(exc: OSError) -> str:
    """The system's refusal in Chinese (strerror is English on most machines)."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _load_extensions() -> None:
    # Each command module registers itself in _EXTENSIONS when imported. Imported here, not at the
    # top, because they import this module; plain imports, so that a missing one fails loudly
    # and PyInstaller's analysis sees them.
    import perfcore.checks.cli  # noqa: F401
    import perfcore.explain.cli  # noqa: F401
    import perfcore.office.cli  # noqa: F401
    import perfcore.pdf.cli  # noqa: F401
    import perfcore.summary.cli  # noqa: F401
