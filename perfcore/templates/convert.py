"""A bureau's indicator framework in Excel → a template (one way, once), with a conversion report.

Only ``.xlsx`` is read (openpyxl); ``.xls``, ``.xlsm`` and the other formats are refused with one
line asking to save the book as ``.xlsx``. Nothing in the workbook runs: a cell formula is never
evaluated — its cached value (what Excel last showed) is read, and each formula cell is listed
in the report by sheet and cell with its text. Hidden sheets and hidden rows are not read;
validation lists and conditional formats are ignored; all of it is reported.

A sheet is read when a header row is found by its words (``一级指标``, ``二级指标``,
``三级指标``, ``分值``, ``评价标准``, ``指标说明``, ``年度指标值``, ``度量单位``, ``指标性质`` …) in
its first 40 rows; each ``分值`` (or ``权重``) belongs to the 指标 column on its left. Two layouts:

* 表3 (部门整体支出绩效评价指标表), as :mod:`perfcore.office.excel` writes it: 一级 and 二级
  names with their weights, merged down over the rows of their leaves, then the leaf, its weight,
  评价标准 and 指标说明. It becomes the indicator tree.
* the 项目支出绩效自评表 (a ``年度指标值`` column), the national form's ten columns as the
  Excel export writes them (指标性质 and 度量单位 beside 年度指标值) or a bureau's older sheet
  with the sign and unit inside 年度指标值: it becomes one project, named by its ``项目名称``
  row, with the weight of its ``年度资金总额`` row's ``分值`` as the budget weight and the labels
  of its money rows as budget lines. A ``定性`` row's 年度指标值 becomes its 评价标准.

A cell merged down over several rows is one group. In a column that has no such merged cell
at all, a blank group cell under a filled one belongs to the group above (books that write a
group's name once without merging); where merged cells are used, a blank unmerged cell means
"no group at this level", as in the program's own export. Reading stops at a ``合计``/``总分``
row. Rules are set only where the sheet says them unambiguously — a 年度指标值 such as
``≥95%`` (or 指标性质 ≥/≤/= beside a number) gives a ``target`` rule, 指标性质 ``定性`` a
``rated`` one; every other leaf is ``manual`` and listed. Weights are imported as given; where
they do not add up the report says so with the sums (and the checks say so in the package).
Unit data (得分, 实际完成值, 计算过程, 偏差原因, 主管部门, 实施单位, money) is never read.

The result is a ``perf-filing/2`` package without unit data whose ``template.source`` records the
file name, the sha256 of the workbook and the date of the conversion.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from xml.parsers import expat

from perfcore.errors import UserError
from perfcore.inputs import read_input
from perfcore.model import (
    DEFAULT_BUDGET_WEIGHT,
    Budget,
    BudgetLine,
    Direction,
    Group,
    Indicators,
    Leaf,
    ManualRule,
    Node,
    Package,
    Project,
    RatedRule,
    Rule,
    TargetRule,
    Template,
)
from perfcore.money import format_number, normalize_digits
from perfcore.templates.library import converted_source, template_id
from perfcore.terminal import shown

HEADER_SCAN_ROWS = 40
UNPACKED_LIMIT = 256 * 2**20
"""Bytes a workbook may unpack to; an indicator framework is a few hundred kilobytes."""
ELEMENT_LIMIT = 300_000
"""XML elements (cells, rows, strings, styles) a workbook may hold: openpyxl keeps each as an
object of some hundred bytes and spends ~50 µs on it, so 256 MB of plain cells took minutes and
gigabytes. A framework of a few hundred rows has tens of thousands."""
AREA_LIMIT = 2_000_000
"""Cells (rows × columns, empty ones included) of the sheets' used ranges, which the reader walks,
and cells of merged ranges, which openpyxl makes one by one: one value at XFD1048576 or one
merged range A1:XFD1048576 makes 17 billion, and the conversion never ended."""
REFUSED_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".xltm", ".xltx", ".et", ".ods", ".csv")
FULL_MARKS = Decimal(100)


class ConvertError(UserError):
    """A workbook that cannot be converted; one line of Chinese."""


# ---------------------------------------------------------------- the report


@dataclass
class FormulaCell:
    sheet: str
    cell: str
    formula: str
    cached: str
    """The value read instead (as text; empty when Excel saved none)."""


@dataclass
class ConversionReport:
    file_name: str
    sha256: str
    sheets: list[str] = field(default_factory=list)
    """The sheets read, in order."""
    dropped: list[str] = field(default_factory=list)
    """What was ignored: hidden sheets and rows, validations, conditional formats, sheets without a header."""
    formulas: list[FormulaCell] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    """Leaves whose rule could not be read unambiguously (set to 手工评分)."""
    weights: list[str] = field(default_factory=list)
    """Weights that do not add up, each with its sum."""
    notes: list[str] = field(default_factory=list)
    leaf_count: int = 0
    """三级指标 read, over every sheet."""

    def lines(self) -> list[str]:
        """The report as the CLI prints it and the app shows it."""
        out = [f"已读取 {self.file_name}（sha256 {self.sha256}）的工作表：{'、'.join(f'“{s}”' for s in self.sheets)}"]
        out += self.notes
        if self.weights:
            out.append("分值不相符（按原表导入，审核时也会提示）：")
            out += [f"  {w}" for w in self.weights]
        if self.formulas:
            out.append(f"含公式的单元格 {len(self.formulas)} 个（公式未计算，按 Excel 保存的结果读取）：")
            for f in self.formulas:
                cached = f"，读取值“{f.cached}”" if f.cached else "，无保存的结果，按空白读取"
                out.append(f"  {f.sheet}!{f.cell}：{f.formula}{cached}")
        if self.manual:
            out.append(f"计分规则无法从原表确定、设为手工评分的指标 {len(self.manual)} 个：")
            out += [f"  {m}" for m in self.manual]
        if self.dropped:
            out.append("已忽略：")
            out += [f"  {d}" for d in self.dropped]
        return out


# ---------------------------------------------------------------- cell text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return format_number(Decimal(repr(value)).normalize())
    if isinstance(value, (int, Decimal)):
        return format_number(Decimal(value).normalize())
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _words(value: Any) -> str:
    """A header cell's words: no spaces or line breaks, ASCII parentheses."""
    return "".join(_text(value).split()).replace("（", "(").replace("）", ")")


def _name(value: Any) -> str:
    """An indicator's name: line breaks a cell used for layout removed."""
    return "".join(part.strip() for part in _text(value).splitlines())


# [0-9], not \d: \d takes any script's digits (Arabic-Indic ٥), which Decimal() reads; full-width
# digits are folded first (normalize_digits), as everywhere a figure is read.
_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def _weight(value: Any) -> Decimal | None:
    """A weight cell: a number, or text such as ``5``/``5分``; None when blank or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = normalize_digits(_text(value)).removesuffix("分").strip()
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return None


# ---------------------------------------------------------------- header


_LEVEL_WORDS = (("一级指标", 1), ("二级指标", 2), ("三级指标", 3))
_WEIGHT_WORDS = ("分值", "权重", "标准分")
_TEXT_COLUMNS = (
    ("criterion", ("评价标准", "评分标准", "计分标准", "评分细则")),
    ("explanation", ("指标说明", "指标解释", "指标内涵", "指标释义")),
    ("target", ("年度指标值", "指标值", "目标值")),
    ("unit", ("度量单位", "计量单位")),
    ("direction", ("指标性质",)),
)
_UNIT_DATA = ("实际完成值", "得分", "计算过程", "偏差原因", "完成情况", "自评得分")


@dataclass
class Header:
    row: int
    levels: dict[int, int] = field(default_factory=dict)
    """Level (1, 2, 3) → column."""
    weights: dict[int, int] = field(default_factory=dict)
    """Level → the column of its 分值."""
    texts: dict[str, int] = field(default_factory=dict)
    unit_data: list[str] = field(default_factory=list)

    @property
    def project(self) -> bool:
        return "target" in self.texts


def _header(rows: list[tuple[Any, ...]]) -> Header | None:
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        words = [_words(v) for v in row]
        if not any("三级指标" in w for w in words):
            continue
        header = Header(row=index + 1)
        last_level: int | None = None
        for column, word in enumerate(words, start=1):
            if not word:
                continue
            level = next((n for text, n in _LEVEL_WORDS if text in word), None)
            if level is not None and level not in header.levels:
                header.levels[level] = column
                last_level = level
                continue
            if any(w in word for w in _WEIGHT_WORDS) and "得分" not in word:
                if last_level is not None and last_level not in header.weights:
                    header.weights[last_level] = column
                continue
            if any(w in word for w in _UNIT_DATA) and not any(word.startswith(t) for _, ts in _TEXT_COLUMNS for t in ts):
                header.unit_data.append(word)
                continue
            for key, texts in _TEXT_COLUMNS:
                if key not in header.texts and any(word.startswith(t) or word == t for t in texts):
                    header.texts[key] = column
                    break
        if 3 in header.levels:
            return header
    return None


# ---------------------------------------------------------------- rules


# A unit never begins with a digit of any script (≥9٥ is not 9 of the unit ٥; see _plain_unit).
_TARGET = re.compile(r"(≥|>=|≧|＞=|≤|<=|≦|＜=|=|＝)\s*([+-]?[0-9]+(?:\.[0-9]+)?)\s*(\D.{0,9})?")
_BARE_TARGET = re.compile(r"([+-]?[0-9]+(?:\.[0-9]+)?)\s*([^\d\s].{0,9})?")
_DIRECTIONS: dict[str, Direction] = {
    "≥": ">=", ">=": ">=", "≧": ">=", "＞=": ">=",
    "≤": "<=", "<=": "<=", "≦": "<=", "＜=": "<=",
    "=": "=", "＝": "=",
}  # fmt: skip
_DIRECTION_WORDS: dict[str, Direction] = {**_DIRECTIONS, "正向": ">=", "反向": "<="}


def _plain_unit(unit: str | None) -> bool:
    """Whether a unit after a target's figure is not more of the figure: ``95²``, ``9①`` are no
    95 of the unit ² (str.isdigit: superscripts, circled digits, other scripts' digits)."""
    return not unit or not unit[0].isdigit()


def _target_rule(direction_text: str, target_text: str, unit_text: str) -> Rule | None:
    """A rule the row states unambiguously, else None."""
    if direction_text == "定性":
        return RatedRule()
    text = normalize_digits("".join(target_text.split())).replace("％", "%")
    match = _TARGET.fullmatch(text)
    if match is not None and _plain_unit(match.group(3)):
        sign, number, unit = match.groups()
        stated = _DIRECTION_WORDS.get(direction_text)
        direction = _DIRECTIONS[sign]
        if stated is not None and stated != direction:
            return None  # the column and the value disagree: not unambiguous
        return TargetRule(direction=direction, target=Decimal(number), unit=unit or unit_text, target_text=None)
    bare = _BARE_TARGET.fullmatch(text)
    if direction_text in _DIRECTION_WORDS and bare is not None and _plain_unit(bare.group(2)):
        number, unit = bare.groups()
        return TargetRule(direction=_DIRECTION_WORDS[direction_text], target=Decimal(number), unit=unit or unit_text)
    return None


# ---------------------------------------------------------------- one sheet


@dataclass
class _Run:
    """The current group at one level while rows are read."""

    group: Group | None = None
    last_row: int = 0
    """The last row of the merged cell that started it (0: not merged)."""


class _SheetReader:
    def __init__(self, sheet: Any, formulas_sheet: Any, report: ConversionReport) -> None:
        self.sheet = sheet
        self.continued = False
        """Whether a blank unmerged group cell was read as the group above (reported once)."""
        self.title: str = sheet.title
        self.report = report
        self.rows: list[tuple[Any, ...]] = [tuple(r) for r in sheet.iter_rows(values_only=True)]
        # Merged ranges: every cell → (top-left row, top-left column, last row).
        self.merged: dict[tuple[int, int], tuple[int, int, int]] = {}
        for rng in sheet.merged_cells.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.merged[(r, c)] = (rng.min_row, rng.min_col, rng.max_row)
        self.formulas_sheet = formulas_sheet

    def value(self, row: int, column: int) -> Any:
        top = self.merged.get((row, column))
        r, c = (top[0], top[1]) if top is not None else (row, column)
        if r - 1 < len(self.rows) and c - 1 < len(self.rows[r - 1]):
            return self.rows[r - 1][c - 1]
        return None

    def hidden(self, row: int) -> bool:
        dim = self.sheet.row_dimensions.get(row) if hasattr(self.sheet.row_dimensions, "get") else None
        return bool(dim is not None and dim.hidden)

    def note_ignored_parts(self) -> None:
        validations = [str(v.sqref) for v in self.sheet.data_validations.dataValidation]
        if validations:
            self.report.dropped.append(f"工作表“{self.title}”的数据有效性（下拉列表）{len(validations)} 处：{'，'.join(validations)}")
        formats = [str(cf.sqref) for cf in self.sheet.conditional_formatting]
        if formats:
            self.report.dropped.append(f"工作表“{self.title}”的条件格式 {len(formats)} 处：{'，'.join(formats)}")

    def note_formulas(self) -> None:
        for row in self.formulas_sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", None) or str(cell.value)
                if not text.startswith("="):
                    text = "=" + text
                cached = _text(self.value(cell.row, cell.column))
                self.report.formulas.append(FormulaCell(self.title, cell.coordinate, text, cached))

    def group_columns_merge(self, header: Header, column: int) -> bool:
        """Whether ``column`` has a cell merged down over several data rows (see the module text)."""
        return any(
            c == column and top_row > header.row and last > top_row
            for (r, c), (top_row, _tc, last) in self.merged.items()
            if r == top_row
        )

    # ------------------------------------------------------------ the tree

    def tree(self, header: Header, where: str) -> tuple[list[Node], int]:
        """The indicator tree under ``header``; returns it and the row after the last one read."""
        tree: list[Node] = []
        runs = {1: _Run(), 2: _Run()}
        merging = {level: self.group_columns_merge(header, col) for level, col in header.levels.items() if level < 3}
        self.continued = False
        leaf_column = header.levels[3]
        row = header.row + 1
        last = len(self.rows)
        hidden_rows: list[int] = []
        while row <= last:
            first_words = [_words(self.value(row, c)) for c in sorted({*header.levels.values()})]
            if any(w in ("合计", "总分", "总计") for w in first_words):
                break
            if self.hidden(row):
                hidden_rows.append(row)
                row += 1
                continue
            leaf_name = _name(self.value(row, leaf_column))
            leaf_weight_cell = self.value(row, header.weights[3]) if 3 in header.weights else None
            texts = {key: _text(self.value(row, col)) for key, col in header.texts.items()}
            if not leaf_name and leaf_weight_cell is None and not any(texts.values()):
                if not any(self.value(row, c) is not None for c in header.levels.values()):
                    row += 1
                    continue
            parents = self._groups(header, row, runs, merging, tree)
            leaf = self._leaf(header, row, leaf_name, leaf_weight_cell, texts, where)
            self.report.leaf_count += 1
            (parents.children if parents is not None else tree).append(leaf)
            row += 1
        if self.continued:
            self.report.notes.append(
                f"工作表“{self.title}”的指标列未合并单元格：空白的一级/二级指标单元格视为沿用上一行的指标"
            )
        for level in (2, 1):  # inner groups first: an outer group adds up its groups
            if level in header.levels and level not in header.weights:
                # The layout has no 分值 for this level (the national project table): a group
                # weighs what its indicators weigh, which is unambiguous.
                _sum_weights(tree, level)
        if hidden_rows:
            shown_rows = "、".join(str(r) for r in hidden_rows)
            self.report.dropped.append(f"工作表“{self.title}”的隐藏行：第 {shown_rows} 行")
        return tree, row

    def _groups(
        self, header: Header, row: int, runs: dict[int, _Run], merging: dict[int, bool], tree: list[Node]
    ) -> Group | None:
        """The group the row's leaf goes under (starting groups where the row starts them)."""
        parent: Group | None = None
        for level in (1, 2):
            column = header.levels.get(level)
            run = runs[level]
            if column is None:
                continue
            merged = self.merged.get((row, column))
            name_cell = self.value(row, column)
            weight_column = header.weights.get(level)
            weight_cell = self.value(row, weight_column) if weight_column is not None else None
            continuing = False
            starts = (merged is not None and merged[0] == row) or (
                merged is None and (name_cell is not None or weight_cell is not None)
            )
            if merged is not None and merged[0] != row and run.group is not None:
                pass  # inside the group's merged cell
            elif starts:
                weight = _weight(weight_cell)
                group = Group(name=_name(name_cell), weight=weight if weight is not None else Decimal(0))
                if weight is None and weight_column is not None:
                    self.report.notes.append(
                        f"工作表“{self.title}”第 {row} 行的{'一级' if level == 1 else '二级'}指标“{group.name}”没有分值，按 0 分导入"
                    )
                (parent.children if parent is not None else tree).append(group)
                run.group = group
                if level == 1:
                    runs[2] = _Run()
            elif merging.get(level, True) or run.group is None:
                run.group = None  # a blank unmerged cell: no group at this level
                if level == 1:
                    runs[2] = _Run()
            else:
                continuing = True
            self.continued = self.continued or continuing
            parent = run.group if run.group is not None else parent
        return parent

    def _leaf(
        self, header: Header, row: int, name: str, weight_cell: Any, texts: dict[str, str], where: str
    ) -> Leaf:
        weight = _weight(weight_cell)
        if weight is None:
            self.report.notes.append(f"工作表“{self.title}”第 {row} 行的三级指标“{name}”没有分值，按 0 分导入")
        leaf = Leaf(name=name, weight=weight if weight is not None else Decimal(0))
        leaf.explanation = texts.get("explanation", "")
        rule: Rule | None = None
        if header.project:
            rule = _target_rule(texts.get("direction", ""), texts.get("target", ""), texts.get("unit", ""))
            if not isinstance(rule, TargetRule):
                # 年度指标值 as text (a qualitative target) stays readable as the criterion.
                leaf.criterion = texts.get("criterion") or texts.get("target", "")
            else:
                leaf.criterion = texts.get("criterion", "")
        else:
            leaf.criterion = texts.get("criterion", "")
        if rule is None:
            rule = ManualRule()
            self.report.manual.append(f"{where}第 {row} 行 {name or '（未命名）'}")
        leaf.rule = rule
        return leaf

    # ------------------------------------------------------------ above the header

    def title_above(self, header: Header) -> str:
        for r in range(header.row - 1, 0, -1):
            for c in range(1, (len(self.rows[r - 1]) if r - 1 < len(self.rows) else 0) + 1):
                text = _name(self.value(r, c))
                if "指标表" in text or "评价表" in text or "自评表" in text:
                    return re.sub(r"^[0-9０-９]{4}\s*年度?", "", text).strip()
        return ""

    def labelled(self, label: str, before: int) -> str:
        """The first filled cell right of a cell reading ``label`` above row ``before``."""
        for r in range(1, before):
            row = self.rows[r - 1] if r - 1 < len(self.rows) else ()
            for c in range(1, len(row) + 1):
                if _words(self.value(r, c)) == label:
                    for c2 in range(c + 1, len(row) + 1):
                        if (r, c2) in self.merged and self.merged[(r, c2)][1] == c:
                            continue
                        text = _name(self.value(r, c2))
                        if text:
                            return text
        return ""

    def budget(self, header: Header) -> tuple[Budget, bool]:
        """The project's budget block (weight and line labels; never its money)."""
        weight_column: int | None = None
        lines: list[BudgetLine] = []
        weight: Decimal | None = None
        for r in range(1, header.row):
            words = [_words(self.value(r, c)) for c in range(1, len(self.rows[r - 1]) + 1)]
            if weight_column is None and any("年初预算数" in w or "全年预算数" in w for w in words):
                weight_column = next((i + 1 for i, w in enumerate(words) if w in ("分值", "权重")), None)
                continue
            # 项目资金（万元） merged down the first column beside the rows (the national form's
            # layout, and the Excel export's) is not a row's label: the label is beside it.
            label = next((w for w in words if w and not w.startswith("项目资金")), "")
            if weight_column is not None and "年度总体目标" in label:
                break  # the money block ends where the goals begin
            if weight_column is None or not label:
                continue
            if "年度资金总额" in label:
                weight = _weight(self.value(r, weight_column))
                continue
            lines.append(BudgetLine(label=re.sub(r"^其中[:：]", "", label)))
        found = weight is not None
        return Budget(weight=weight if weight is not None else DEFAULT_BUDGET_WEIGHT, lines=lines or _default_lines()), found


def _sum_weights(nodes: list[Node], level: int, depth: int = 1) -> None:
    for node in nodes:
        if isinstance(node, Group):
            _sum_weights(node.children, level, depth + 1)
            if depth == level:
                node.weight = sum((c.weight for c in node.children), Decimal(0))


def _default_lines() -> list[BudgetLine]:
    return [BudgetLine("本年财政拨款"), BudgetLine("上年结转资金"), BudgetLine("其他资金")]


# ---------------------------------------------------------------- the workbook


def _open_books(data: bytes, name: str) -> tuple[Any, Any]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ConvertError(f"“{shown(name)}”不是 .xlsx 工作簿（文件内容不是 Excel 2007 及以后的格式）")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ConvertError(f"“{shown(name)}”不是 .xlsx 工作簿（缺少工作簿内容）")
            # A small file can unpack to gigabytes (a zip bomb): openpyxl would hold it all.
            if sum(info.file_size for info in archive.infolist()) > UNPACKED_LIMIT:
                raise ConvertError(f"“{shown(name)}”解压后超过 {UNPACKED_LIMIT // 2**20} MB，不像指标表，未读取")
            elements, merged = _elements(archive)
            if elements > ELEMENT_LIMIT:
                raise ConvertError(f"“{shown(name)}”的单元格和格式超过 {ELEMENT_LIMIT:,} 项，不像指标表，未读取")
            if merged > AREA_LIMIT:
                raise ConvertError(f"“{shown(name)}”的合并单元格共超过 {AREA_LIMIT:,} 格，不像指标表，未读取")
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        expat.ExpatError,
        ET.ParseError,
        ValueError,
        IndexError,
    ) as exc:
        # ExpatError and ParseError: XML that is not well-formed, or whose entities expand
        # beyond expat's amplification limit (a "billion laughs" part). ValueError and
        # IndexError are what openpyxl raises for well-formed parts it cannot make sense of (a
        # cell reference ZZZZZZ2, a value "abc" in a number cell, a style or shared string
        # that is not there): caught around this one call, whose every input is the user's file.
        raise ConvertError(f"“{shown(name)}”无法读取：工作簿已损坏或不是 .xlsx 格式") from exc
    return values, formulas


class _TooMany(Exception):
    pass


_RANGE = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _merged_area(ref: str) -> int:
    """Cells of a merged range (``A1:C3`` → 9); openpyxl makes an object for each of them."""
    found = _RANGE.fullmatch(ref.strip())
    if found is None:
        return 1
    first, top, last, bottom = found.groups()
    return (abs(int(bottom) - int(top)) + 1) * (abs(_column(last) - _column(first)) + 1)


def _elements(archive: zipfile.ZipFile) -> tuple[int, int]:
    """The XML elements of the archive's parts and the cells their merged ranges cover, counted
    by a streaming parse that stops past ELEMENT_LIMIT or AREA_LIMIT (a bomb is not read to its
    end: one merged range A1:XFD1048576 made openpyxl create 17 billion cells)."""
    count = merged = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal count, merged
        count += 1
        if name.rpartition(":")[2] == "mergeCell":
            merged += _merged_area(attributes.get("ref", ""))
        if count > ELEMENT_LIMIT or merged > AREA_LIMIT:
            raise _TooMany

    for info in archive.infolist():
        parser = expat.ParserCreate()
        parser.StartElementHandler = start
        try:
            with archive.open(info) as part:
                while chunk := part.read(2**20):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _TooMany:
            break
        except expat.ExpatError:
            continue  # not XML (a picture), or XML that openpyxl then refuses below
    return count, merged


def convert_workbook(
    path: str | Path, sheet: str | None = None, today: date | None = None
) -> tuple[Package, ConversionReport]:
    """Read the framework of a bureau's ``.xlsx`` (see the module text)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise ConvertError(f"不能读取 {suffix} 文件“{shown(path.name)}”：请在 Excel 或 WPS 中另存为 .xlsx 工作簿后再转换")
    if suffix != ".xlsx":
        raise ConvertError(f"只能转换 .xlsx 工作簿，“{shown(path.name)}”不是；请另存为 .xlsx 后再转换")
    data = read_input(path)
    digest = hashlib.sha256(data).hexdigest()
    # The file's name becomes the template's text: undecodable bytes of it (a name copied from
    # a GBK system) are written as visible escapes, or the template could not be saved as UTF-8.
    file_name, stem = shown(path.name), shown(path.stem)
    values, formulas = _open_books(data, file_name)
    report = ConversionReport(file_name=file_name, sha256=digest)
    names = list(values.sheetnames)
    if sheet is not None and sheet not in names:
        raise ConvertError(f"工作簿中没有名为“{shown(sheet)}”的工作表；有：{'、'.join(names)}")
    candidates: list[tuple[_SheetReader, Header]] = []
    area = 0
    for name in names:
        ws = values[name]
        if sheet is not None and name != sheet:
            continue
        if ws.sheet_state != "visible":
            if sheet is not None:
                raise ConvertError(f"工作表“{shown(name)}”是隐藏的；请先在 Excel 中取消隐藏再转换")
            report.dropped.append(f"隐藏的工作表“{name}”")
            continue
        if not hasattr(ws, "merged_cells"):  # a chart sheet
            report.dropped.append(f"图表工作表“{name}”")
            continue
        area += ws.max_row * ws.max_column  # the reader walks every cell of each sheet's range
        if area > AREA_LIMIT:
            raise ConvertError(
                f"工作表“{shown(name)}”的范围达 {ws.max_row:,} 行 × {ws.max_column:,} 列，不像指标表；"
                "请删去表格以外的内容，或用 --sheet 只转换指标表所在的工作表"
            )
        reader = _SheetReader(ws, formulas[name], report)
        header = _header(reader.rows)
        if header is None:
            if sheet is not None:
                raise ConvertError(f"工作表“{shown(name)}”中没有找到指标表的表头（一级指标、二级指标、三级指标、分值…）")
            report.dropped.append(f"工作表“{name}”：没有找到指标表的表头，未读取")
            continue
        candidates.append((reader, header))
    if not candidates:
        raise ConvertError(f"“{shown(path.name)}”中没有找到指标表的表头（一级指标、二级指标、三级指标、分值…）")

    day = today or date.today()
    package = Package(year=day.year, forms=["overall"])
    indicators_read = False
    for reader, header in candidates:
        if not header.project and indicators_read:
            report.dropped.append(f"工作表“{reader.title}”：已从前一工作表读取了指标表，如需此表请用 --sheet 指定")
            continue
        reader.note_ignored_parts()
        reader.note_formulas()
        report.sheets.append(reader.title)
        if header.unit_data:
            report.notes.append(f"工作表“{reader.title}”的填报列未读取：{'、'.join(dict.fromkeys(header.unit_data))}")
        if header.project:
            name = reader.labelled("项目名称", header.row)
            tree, _ = reader.tree(header, f"项目“{name or reader.title}”")
            budget, found = reader.budget(header)
            if not found:
                report.notes.append(f"工作表“{reader.title}”没有找到年度资金总额的分值，预算执行率按 {DEFAULT_BUDGET_WEIGHT} 分")
            package.projects.append(Project(name=name, budget=budget, tree=tree))
        else:
            tree, _ = reader.tree(header, "表3 ")
            title = reader.title_above(header)
            package.indicators = Indicators(title=title or Indicators().title, tree=tree)
            indicators_read = True
    if indicators_read:
        package.forms += ["special_funds", "indicators"]
    if package.projects:
        package.forms.append("projects")
    _check_weights(package, report)
    name = package.indicators.title if indicators_read else (package.projects[0].name or stem)
    package.template = Template(
        id=template_id(stem) if _has_id_text(stem) else "converted",
        name=f"{stem}（从 Excel 转换）",
        version=str(day.year),
        source=converted_source(file_name, digest, day),
        description=f"从工作簿“{file_name}”转换的指标框架：{name}。",
    )
    return package, report


def _has_id_text(stem: str) -> bool:
    return bool(re.search(r"\w", stem))


def _points(value: Decimal) -> str:
    return format_number(value.normalize())


def _check_weights(package: Package, report: ConversionReport) -> None:
    def groups(nodes: list[Node], where: str) -> None:
        for node in nodes:
            if isinstance(node, Group):
                added = sum((c.weight for c in node.children), Decimal(0))
                if node.children and added != node.weight:
                    report.weights.append(
                        f"{where}“{node.name}”分值 {_points(node.weight)}，下级指标合计 {_points(added)}"
                    )
                groups(node.children, where)

    if "indicators" in package.forms:
        total = sum((n.weight for n in package.indicators.tree), Decimal(0))
        if total != FULL_MARKS:
            report.weights.append(f"表3 一级指标分值合计 {_points(total)}，不是 100")
        groups(package.indicators.tree, "表3 ")
    for project in package.projects:
        label = f"项目“{project.name}”" if project.name else "项目"
        total = project.budget.weight + sum((n.weight for n in project.tree), Decimal(0))
        if total != FULL_MARKS:
            report.weights.append(
                f"{label}预算执行率 {_points(project.budget.weight)} 分加指标分值合计 {_points(total)}，不是 100"
            )
        groups(project.tree, label)
