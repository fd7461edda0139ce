"""argparse speaking Chinese: usage errors as one line, help with Chinese headings.

argparse writes its usage and ``error: the following arguments are required`` in English
over several lines; a finance office reads one line of Chinese, like every other refusal of
the command line (exit code 2).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from perfcore.money import normalize_digits
from perfcore.terminal import shown

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"the following arguments are required: (?P<a>.*)"), "缺少参数：{a}"),
    (re.compile(r"unrecognized arguments: (?P<a>.*)"), "无法识别的参数：{a}"),
    (re.compile(r"argument (?P<a>\S+): invalid int value: (?P<v>.*)"), "参数 {a} 应为整数，实为 {v}"),
    (re.compile(r"argument (?P<a>\S+): invalid float value: (?P<v>.*)"), "参数 {a} 应为数字，实为 {v}"),
    (re.compile(r"argument (?P<a>\S+): invalid choice: (?P<v>.*?) \(choose from (?P<c>.*)\)"), "参数 {a} 不能是 {v}，可选：{c}"),
    (re.compile(r"argument (?P<a>\S+): invalid (?P<t>\S+) value: (?P<v>.*)"), "参数 {a} 的值 {v} 无效"),
    (re.compile(r"argument (?P<a>\S+): expected one argument"), "参数 {a} 后面需要一个值"),
    (re.compile(r"argument (?P<a>\S+): expected at least one argument"), "参数 {a} 后面至少需要一个值"),
    (re.compile(r"argument (?P<a>\S+): expected \d+ arguments?"), "参数 {a} 后面的值个数不对"),
    (re.compile(r"argument (?P<a>\S+): ignored explicit argument (?P<v>.*)"), "参数 {a} 不接受值 {v}"),
    (re.compile(r"argument (?P<a>\S+): not allowed with argument (?P<b>.*)"), "参数 {a} 不能与 {b} 同时使用"),
    (re.compile(r"ambiguous option: (?P<a>\S+) could match (?P<c>.*)"), "选项 {a} 不明确，可能是：{c}"),
    # A type of ours (whole_number) said what is wrong in Chinese.
    (re.compile(r"argument (?P<a>\S+): (?P<m>[^\x00-\x7f].*)"), "参数 {a} {m}"),
]


def whole_number(text: str) -> int:
    """An argument's type: a whole number in the digits 0–9, ASCII or full-width (``--year``,
    ``--jobs``). ``int()`` also reads Arabic-Indic ``٢٠٢٠``, ``2_020`` and blanks around it."""
    cleaned = normalize_digits(text)
    if text != text.strip() or not re.fullmatch(r"[+-]?[0-9]{1,18}", cleaned):
        raise argparse.ArgumentTypeError(f"应为整数（数字 0–9），实为“{text}”")
    return int(cleaned)


def translate(message: str) -> str:
    """argparse's English error text in Chinese; an unknown one is named as a usage error."""
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return template.format(**match.groupdict())
    return "命令行参数有误"


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions, groups, prefix: str | None = None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one Chinese line on stderr (exit 2) and whose help
    headings are Chinese. Sub-command parsers are of the same class."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        line = shown(translate(message))
        program = self.prog.split()[0] if self.prog else "perfcore"
        self.exit(2, f"{program}: {line}（用 -h 查看用法）\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)
