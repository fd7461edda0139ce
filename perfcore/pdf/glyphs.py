"""Which characters of which field no available font can print, asked before printing.

A character that no resolved face (nor a wide fallback face) has prints as ``□``
(:data:`perfcore.pdf.fonts.MISSING_MARK`): ``𰻞𰻞面馆`` becomes ``□□面馆`` rather than a silent
``面馆`` on a stamped form. :func:`unprintable` lists them per field beforehand, so that the user
can choose another font (设置) or correct the text::

    for found in unprintable(package, font=None):
        found.pointer, found.place, found.chars   # "/unit_name", "填报单位", "𰻞"
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from perfcore import pointer as ptr
from perfcore.exchange import package_to_doc
from perfcore.labels import FUND_LABELS, LEAF_LABELS, OVERALL_LABELS
from perfcore.model import Package
from perfcore.pdf.fonts import FontSet, resolve_fonts
from perfcore.project_text import CLOSING_TEXTS


@dataclass(frozen=True)
class Unprintable:
    pointer: str
    """JSON Pointer of the field (as in the exchange format and the checks)."""
    place: str
    """Where it is, in Chinese: ``表2 专项资金“…” 专项资金名称``."""
    chars: str
    """The characters no font has, each once, in the order they occur."""


def unprintable(package: Package, font: str | os.PathLike[str] | None = None) -> list[Unprintable]:
    """Every text field of ``package`` holding characters the fonts for ``font`` cannot print.

    ``font`` is the settings' body font, as :func:`perfcore.pdf.render_pdf` takes it. Raises
    :class:`~perfcore.pdf.fonts.FontError` when no usable font is found (printing would too).
    """
    fonts = resolve_fonts(font)
    out: list[Unprintable] = []
    _walk(package_to_doc(package), "", fonts, out)
    return out


def _walk(
    value: Any, at: str, fonts: FontSet, out: list[Unprintable], node: dict[str, Any] | None = None
) -> None:
    """``node`` is the indicator (group or leaf) the value belongs to, if any."""
    if isinstance(value, dict):
        if "weight" in value and at.startswith("/indicators/tree/"):
            node = value
        for key, child in value.items():
            _walk(child, at + ptr.join(key), fonts, out, node)
    elif isinstance(value, list):
        for i, child in enumerate(value):
            _walk(child, at + ptr.join(i), fonts, out, node)
    elif isinstance(value, str):
        missing = fonts.missing(value)
        if missing:
            chars = "".join(dict.fromkeys(c for c in value if c in missing))
            out.append(Unprintable(at, place(at, node), chars))


def place(pointer: str, node: dict[str, Any] | None = None) -> str:
    """A Chinese name for the field at ``pointer``, as the forms call it; ``node`` is the
    exchange document of the indicator it belongs to (a group has ``children``)."""
    tokens = ptr.split(pointer)
    head = tokens[0] if tokens else ""
    numbered = [int(t) + 1 for t in tokens if t.isdigit()]
    if head == "unit_name":
        return "填报单位"
    if head == "year":
        return "年度"
    if head == "overall" and len(tokens) > 1:
        label = OVERALL_LABELS.get(tokens[1], tokens[1])
        return f"表1 {label}" + (f"第{numbered[0]}项" if numbered else "")
    if head == "special_funds" and len(tokens) > 2:
        label = FUND_LABELS.get(tokens[2], tokens[2])
        return f"表2 第{numbered[0]}项专项资金 {label}" + (f"第{numbered[1]}项" if len(numbered) > 1 else "")
    if head == "indicators" and len(tokens) > 1:
        if tokens[1] == "title":
            return "表3 标题"
        if tokens[1] == "opinion_unit":
            return "表3 填报单位意见"
        field = next((t for t in reversed(tokens) if not t.isdigit()), "name")
        levels = tokens.count("children") + 1
        if node is not None and "children" in node:
            return f"表3 {_LEVELS.get(levels, '指标组')}名称"
        name = str(node.get("name", "")) if node is not None else ""
        owner = (
            f"指标“{name[:12]}{'…' if len(name) > 12 else ''}”" if name and field != "name" else "三级指标"
        )
        label = LEAF_LABELS.get(next((t for t in tokens[levels * 2 + 1 :] if not t.isdigit()), field), "")
        return f"表3 {owner}" + (f" {label}" if field != "name" else "名称")
    if head == "projects" and len(tokens) > 2:
        return f"项目支出 第{numbered[0]}个项目 {_project_place(tokens[2:])}"
    if head == "figures" and len(tokens) > 2:
        return f"基础数据 第{numbered[0]}项 {_FIGURE_FIELDS.get(tokens[2], tokens[2])}"
    if head == "grades":
        return "等级名称"
    if head == "template":
        return "模板信息"
    return pointer


_PROJECT_FIELDS = {
    "name": "项目名称",
    "department": "主管部门",
    "implementer": "实施单位",
    **{key: label for label, key in CLOSING_TEXTS},
    "opinion_office": "主管部门意见",
    "filler": "填报人",
    "phone": "联系电话",
    "filled_on": "填报日期",
}
_GOALS = {"expected": "预期目标", "actual": "实际完成情况"}
_PROJECT_LEAF_FIELDS = {
    "unit": "度量单位",
    "criterion": "年度指标值",
    "target_text": "年度指标值",
    "reason": "偏差原因分析及改进措施",
    "formula": "计算公式",
}
_FIGURE_FIELDS = {"label": "名称", "group": "分组", "unit": "单位", "key": "公式中的名称"}


def _project_place(rest: list[str]) -> str:
    """The Chinese name of a project's field (``rest``: the pointer's tokens below the project)."""
    head = rest[0]
    if head == "budget":
        lines = [int(t) + 1 for t in rest if t.isdigit()]
        return f"资金来源第{lines[0]}项" if lines else "项目资金"
    if head == "goals":
        return _GOALS.get(rest[-1], "年度总体目标")
    if head == "tree":
        levels = rest.count("children") + 1
        field = next((t for t in reversed(rest) if not t.isdigit()), "name")
        level = {1: "一级指标", 2: "二级指标"}.get(levels, "三级指标")
        if field == "name" and rest[-2].isdigit():
            return f"{level}名称"
        return f"{level} {_PROJECT_LEAF_FIELDS.get(field, LEAF_LABELS.get(field, field))}"
    return _PROJECT_FIELDS.get(head, head)


_LEVELS = {1: "一级指标", 2: "二级指标"}
