"""Command line ``perfcore``: new, next, import, export, score, check, pdf, docx, xlsx — no Qt.

Exit codes: 0 success; 1 the checks found errors (``check``); 2 unusable input, with one
line of Chinese on stderr and no traceback. Every file written goes through the output guard
(``perfcore.output``); every input is read with a size bound (``perfcore.inputs``); every
name printed is escaped for the terminal (``perfcore.terminal``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import FrameType
from typing import Any

from perfcore.argparse_zh import ChineseArgumentParser, whole_number
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError, dump_json, load_json, read_year
from perfcore.inputs import open_input, read_bounded, read_input
from perfcore.model import FORM_NAMES, Leaf, Package, iter_leaves, iter_nodes
from perfcore.money import format_points
from perfcore.output import check_output, os_error_reason, write_output
from perfcore.scoring import Scores, score_package
from perfcore.store import ReportFile
from perfcore.terminal import escaped_output, shown, shown_json

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13
"""What a shell reports for a program stopped by SIGPIPE (``perfcore score x | head -1``)."""

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_UNUSABLE", "UsageError", "load_input", "main", "new_package", "os_error_reason"]


class UsageError(UserError):
    """Input the command cannot use; the message is the one line the user sees."""


def load_input(path: str | os.PathLike[str]) -> Package:
    """A package from a report file or an exchange JSON, told apart by content, not name.

    The input is opened once: ``/dev/stdin`` and pipes work, and a JSON is read with a
    size bound (``perfcore.inputs``). A report file must be a file on disk (SQLite reads it).
    """
    with open_input(path) as handle:
        try:
            head = handle.read(16)
        except OSError as exc:
            raise UsageError(f"无法读取“{shown(os.fspath(path))}”：{os_error_reason(exc)}") from exc
        if head.startswith(b"SQLite format 3"):
            if not os.path.isfile(path):
                raise UsageError(f"“{shown(os.fspath(path))}”是数据库，但不是磁盘上的文件；请直接给出报告文件")
            data = None
        else:
            data = read_bounded(handle, path, head)
    if data is None:
        with ReportFile.open(path, read_only=True) as report:
            return report.package
    try:
        return load_json(data)
    except ExchangeError as exc:
        raise UsageError(f"“{shown(Path(path).name)}”无法导入：{shown(exc)}") from exc


def new_package(template: str, unit: str, year: int, forms: list[str] | None = None) -> Package:
    """A new package from a template (a listed id or a template FILE) for ``unit`` and ``year``;
    ``forms`` replaces the template's own choice of forms (新建 lets the clerk choose)."""
    from perfcore.templates.library import load_template

    package = load_template(template)  # TemplateError (a UserError) names the ids there are
    try:
        package.year = read_year(year, "")
    except ExchangeError as exc:
        raise UsageError(f"--year {year}：{exc.message}") from exc
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in unit):
        # An argument with bytes that are not UTF-8 arrives with surrogates, which no file stores.
        raise UsageError(f"单位名称“{shown(unit)}”含有无法识别的字符（不是 UTF-8 文本）")
    package.unit_name = unit
    if forms is not None:
        unknown = [f for f in forms if f not in FORM_NAMES]
        if unknown or not forms:
            raise UsageError(f"所选的表{unknown or forms}无效，应为 {'、'.join(FORM_NAMES)} 中的一个或几个")
        package.forms = list(dict.fromkeys(forms))  # in the order chosen, each once
    return package


# ---------------------------------------------------------------- commands


def cmd_new(args: argparse.Namespace) -> int:
    from perfcore.templates.library import template_source

    source = template_source(args.template)  # the template FILE is this command's input
    inputs = [] if source is None else [source]
    check_output(args.out, inputs=inputs, overwrite=args.force, report=True)  # refused before anything is read
    package = new_package(args.template, args.unit or "", args.year)
    ReportFile.create(args.out, package, overwrite=args.force, inputs=inputs).close()
    name = package.template.name if package.template is not None and package.template.name else args.template
    print(f"已新建 {shown(args.out)}（{package.year}年度，模板 {shown(name)}）")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    check_output(args.out, inputs=[args.input], overwrite=args.force, report=True)  # refused before anything is read
    data = read_input(args.input)
    try:
        package = load_json(data)
    except ExchangeError as exc:
        raise UsageError(f"“{shown(Path(args.input).name)}”无法导入：{shown(exc)}") from exc
    ReportFile.create(args.out, package, overwrite=args.force).close()
    print(f"已导入 {shown(Path(args.input).name)} → {shown(args.out)}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    check_output(args.out, inputs=[args.input], overwrite=args.force)  # refuse before reading
    package = load_input(args.input)
    text = dump_json(package)
    write_output(args.out, lambda p: p.write_text(text, encoding="utf-8"), inputs=[args.input], overwrite=args.force)
    print(f"已导出 {shown(args.out)}")
    return EXIT_OK


def _points(value: Decimal | None) -> str | None:
    return None if value is None else format_points(value)


def _indicator_rows(leaves: list[tuple[str, Leaf]], scores: Scores) -> list[dict[str, Any]]:
    rows = []
    for path, leaf in leaves:
        result = scores.of(leaf)
        rows.append(
            {
                "path": path,
                "name": leaf.name,
                "weight": format_points(leaf.weight),
                "value": _points(result.value),
                "computed": _points(result.computed),
                "entered": _points(leaf.score),
                "final": _points(result.final),
                "process": result.process,
            }
        )
    return rows


def score_document(package: Package, scores: Scores) -> dict[str, Any]:
    """The ``score --json`` document: decimals as strings with two places, leaves in order;
    表3 at the top level, each project under ``projects`` (its budget block and its leaves)."""
    projects = []
    for i, project in enumerate(package.projects):
        result = scores.of_project(project)
        budget = result.budget
        leaves = [(p, n) for p, n in iter_nodes(project.tree, f"/projects/{i}/tree") if isinstance(n, Leaf)]
        projects.append(
            {
                "path": f"/projects/{i}",
                "name": project.name,
                "total": format_points(result.total),
                "grade": result.grade,
                "complete": result.complete,
                "budget": {
                    "path": f"/projects/{i}/budget",
                    "rate": None if budget.rate is None else format_points(budget.rate * 100),
                    "computed": _points(budget.computed),
                    "entered": _points(project.budget.score),
                    "final": _points(budget.final),
                    "process": budget.process,
                },
                "indicators": _indicator_rows(leaves, scores),
            }
        )
    return {
        "total": format_points(scores.total),
        "grade": scores.grade,
        "complete": scores.complete,
        "indicators": _indicator_rows(iter_leaves(package), scores),
        "projects": projects,
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
        print(shown_json(json.dumps(doc, ensure_ascii=False, indent=2)))
        return EXIT_OK
    print(shown(f"{package.unit_name}　{package.year}年度　{package.indicators.title}"))
    header = ["三级指标", "分值", "计算得分", "填报得分", "得分"]
    rows = [[shown(i["name"]) or "（未命名）", i["weight"], i["computed"] or "—", i["entered"] or "—", i["final"] or "未评"] for i in doc["indicators"]]
    widths = [max(_width(r[c]) for r in rows + [header]) for c in range(len(header))]
    print("  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("─" * w for w in widths))
    for row in rows:
        print("  ".join(_pad(v, w) for v, w in zip(row, widths, strict=True)))
    print("  ".join("─" * w for w in widths))
    state = "" if scores.complete else "（尚有指标未评分）"
    print(f"合计 {doc['total']} 分，等级：{scores.grade}{state}")
    for project in doc["projects"]:
        rate = project["budget"]["rate"]
        shown_rate = f"执行率 {rate}%" if rate is not None else "执行率无法计算"
        state = "" if project["complete"] else "（尚有指标未评分）"
        name = project["name"] or "（未命名项目）"
        print(shown(f"项目 {name}：{shown_rate}，合计 {project['total']} 分，等级：{project['grade']}{state}"))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="perfcore", description="绩效自评填报 — 命令行工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    p = sub.add_parser("new", help="从模板新建报告文件")
    p.add_argument("out", help="新报告文件")
    p.add_argument(
        "--template",
        default="hunan-zhuzhou-2019",
        help="模板标识（perfcore template list 列出全部）或模板文件（默认 hunan-zhuzhou-2019）",
    )
    p.add_argument("--unit", default="", help="填报单位名称")
    p.add_argument("--year", type=whole_number, default=date.today().year - 1, help="评价年度（默认上一年）")
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
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件（报告文件和输入文件永不覆盖）")
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
    for stream in (sys.stdout, sys.stderr):
        # A name that cannot be encoded (a file name's stray bytes) is shown escaped, never a traceback.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    try:
        with _signals_end_the_command(), escaped_output():
            args = parser.parse_args(argv)
            return _run(args)
    except BrokenPipeError:
        # The reader of our output went away (``| head -1``): stop quietly, like any filter.
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130


def _run(args: argparse.Namespace) -> int:
    try:
        result: int = args.func(args)
        sys.stdout.flush()
        return result
    except UserError as exc:
        # One line whatever the message holds (a file name or a quoted value may carry a newline).
        print(f"perfcore: {shown(' '.join(str(exc).split()))}", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = f"（{shown(exc.filename)}）" if exc.filename and not _is_temporary(exc.filename) else ""
        print(f"perfcore: 文件操作失败：{os_error_reason(exc)}{where}", file=sys.stderr)
        return EXIT_UNUSABLE
    except (MemoryError, RecursionError):
        print("perfcore: 输入过大或嵌套过深，无法处理", file=sys.stderr)
        return EXIT_UNUSABLE


class _Stopped(SystemExit):
    """SIGTERM or SIGHUP: unwinds like an exception, so every temporary file is removed
    (``write_atomically`` cleans up on any exception) and every lock is released."""


@contextmanager
def _signals_end_the_command() -> Iterator[None]:
    def stop(signum: int, _frame: FrameType | None) -> None:
        raise _Stopped(128 + signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    try:
        previous = {signum: signal.signal(signum, stop) for signum in wanted}
    except ValueError:  # not the main thread (a test runner's worker): leave signals alone
        previous = {}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _is_temporary(filename: object) -> bool:
    name = os.path.basename(os.fsdecode(filename)) if isinstance(filename, (str, bytes)) else ""
    return name.startswith(".~") and name.endswith(".tmp")


def _load_extensions() -> None:
    # Each command module registers itself in _EXTENSIONS when imported. Imported here, not at the
    # top, because they import this module; plain imports, so that a missing one fails loudly
    # and PyInstaller's analysis sees them.
    import perfcore.checks.cli  # noqa: F401
    import perfcore.explain.cli  # noqa: F401
    import perfcore.next_year_cli  # noqa: F401
    import perfcore.office.cli  # noqa: F401
    import perfcore.pdf.cli  # noqa: F401
    import perfcore.summary.cli  # noqa: F401
    import perfcore.templates.cli  # noqa: F401
