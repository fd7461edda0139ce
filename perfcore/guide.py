"""填报说明: the built-in guide, its paragraphs by anchor, and which paragraph a field belongs to.

The guide is Markdown in ``resources/help/guide.md``. Its headings carry anchors the way
Pandoc writes them, ``## 四、表2 专项资金绩效自评报告 {#funds}``; links inside it point at them
(``[表2](#funds)``). ``load_guide`` strips the anchors from the text shown and keeps each one's
heading, so a viewer can go to it. ``topic(pointer)`` says which paragraph explains the field at
a JSON Pointer (F1 on a field); ``indicator_help`` writes the paragraph of one indicator: its
指标说明, 评价标准 and, in words, how its rule turns figures into points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from perfcore import assets, pointer
from perfcore.labels import LEAF_LABELS
from perfcore.model import Leaf
from perfcore.money import format_number
from perfcore.rule_words import rule_words
from perfcore.rules import Figures

GUIDE_PATH = ("help", "guide.md")
TOP = "top"
INDICATOR = "this-indicator"
"""The anchor of the paragraph ``indicator_help`` writes."""

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*\{#([A-Za-z0-9_-]+)\}[ \t]*$", re.MULTILINE)

_OVERALL_TOPICS = {
    "head": "overall-staff",
    "staff_actual": "overall-staff",
    "staff_quota": "overall-staff",
    "assets_total": "overall-assets",
    "liabilities_total": "overall-assets",
    "three_public_total": "overall-three-public",
    "three_public_vehicle": "overall-three-public",
    "three_public_reception": "overall-three-public",
    "three_public_abroad": "overall-three-public",
    "capital_repair_total": "overall-capital",
    "capital_repair_items": "overall-capital",
    "analysis_basic": "overall-texts",
    "analysis_project": "overall-texts",
    "problems": "overall-texts",
    "improvements": "overall-texts",
    "goal_completion": "overall-texts",
    "opinion_unit": "signing",
    "opinion_office": "signing",
    "filler": "signing",
    "phone": "signing",
    "filled_on": "signing",
}
_BUDGET_FIELDS = (
    "budget_initial budget_added carryover_prior balance_year_end income_total income_fiscal income_other "
    "expense_total expense_project expense_basic expense_personnel expense_public budget_note"
).split()
_OVERALL_TOPICS.update(dict.fromkeys(_BUDGET_FIELDS, "overall-budget"))
_FUND_TOPICS = dict.fromkeys(("allocated", "spent", "items"), "funds-money") | dict.fromkeys(
    ("opinion_unit", "opinion_office", "filler", "phone", "filled_on"), "signing"
)
_LEAF_TOPICS = {"weight": "indicators-score", "score": "indicators-score", "rule": "indicators-rules", "metric": "indicators-formula"}
_SECTION_TOPICS = {
    "overall": "overall",
    "special_funds": "funds",
    "indicators": "indicators",
    "projects": "projects",
    "figures": "figures",
    "grades": "scoring",
}


@dataclass(frozen=True)
class Guide:
    markdown: str
    """The text to show: Markdown with the ``{#anchor}`` marks taken out."""
    headings: dict[str, str]
    """Each anchor's heading text as shown (``四、表2 专项资金绩效自评报告``)."""


def parse_guide(text: str) -> Guide:
    headings: dict[str, str] = {}

    def strip(match: re.Match[str]) -> str:
        headings[match.group(3)] = match.group(2)
        return f"{match.group(1)} {match.group(2)}"

    return Guide(_HEADING.sub(strip, text), headings)


def load_guide(indicator: str = "") -> Guide:
    """The shipped guide; ``indicator`` (from ``indicator_help``) goes first when given."""
    text = assets.resource(*GUIDE_PATH).read_text(encoding="utf-8")
    if indicator:
        title_end = text.index("\n") + 1
        text = text[:title_end] + "\n" + indicator + "\n" + text[title_end:]
    return parse_guide(text)


def topic(at: str) -> str:
    """The anchor of the paragraph that explains the value at JSON Pointer ``at``."""
    tokens = pointer.split(at) if at.startswith("/") else []
    if not tokens:
        return TOP
    section, rest = tokens[0], tokens[1:]
    if section == "overall" and rest:
        return _OVERALL_TOPICS.get(rest[0], "overall")
    if section == "special_funds" and len(rest) >= 2:
        return _FUND_TOPICS.get(rest[1], "funds")
    if section == "indicators":
        return _leaf_topic(rest, "indicators")
    if section == "projects" and len(rest) >= 2:
        if rest[1] == "budget":
            return "projects-budget"
        if rest[1] == "tree":
            return "projects-indicators"
        return _FUND_TOPICS.get(rest[1], "projects") if rest[1] in ("opinion_unit", "filler", "phone", "filled_on") else "projects"
    return _SECTION_TOPICS.get(section, TOP)


def _leaf_topic(rest: list[str], default: str) -> str:
    for field, anchor in _LEAF_TOPICS.items():
        if field in rest:
            return anchor
    return default


def indicator_help(leaf: Leaf, figures: Figures) -> str:
    """The paragraph of one 三级指标, put first in the guide when F1 is pressed on it: its 分值,
    指标说明, 评价标准 and how its rule turns figures into points (``rule_words``)."""
    lines = [
        f"## 当前指标：{_escaped(leaf.name.strip()) or '（未命名指标）'} {{#{INDICATOR}}}",
        f"**{LEAF_LABELS['weight']}**：{format_number(leaf.weight)} 分",
        f"**{LEAF_LABELS['explanation']}**：{_escaped(leaf.explanation.strip()) or '（未填写）'}",
        f"**{LEAF_LABELS['criterion']}**：{_escaped(leaf.criterion.strip()) or '（未填写）'}",
        f"**计分方法**：{_escaped(rule_words(leaf, figures))}。",
    ]
    return "\n\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escaped(text: str) -> str:
    """User text shown as typed: Markdown's marks escaped, lines kept as lines."""
    lines = [_MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in text.splitlines()]
    # A line that starts like a list item (1. or - ) stays a line of text.
    lines = [_LIST_START.sub(r"\1\\\2", line) for line in lines]
    return "  \n".join(lines)


_LIST_START = re.compile(r"^(\s*[0-9]*)([.)+-])")
