"""What a check reports and what every check reads.

A finding names the offending value by its JSON Pointer in the exchange document, so the
desktop can take the user there; its message is the sentence a finance officer would write
in the margin: the figures, the relation they break and by how much.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from perfcore import pointer
from perfcore.lazy_text import LazyText
from perfcore.model import Figure, FigureValue, Group, Leaf, Node, Package, Project, figure_index
from perfcore.money import format_number, format_wan, format_yuan, to_wan
from perfcore.rules import LeafResult, formula_env, score_leaf
from perfcore.scoring import Scores

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_LABELS: dict[Severity, str] = {"error": "错误", "warning": "警告", "info": "提示"}

FORMS: tuple[str, ...] = ("表1", "表2", "表3", "项目支出", "基础数据", "报告设置")
_FORM_OF_SECTION = {
    "overall": "表1",
    "special_funds": "表2",
    "indicators": "表3",
    "projects": "项目支出",
    "figures": "基础数据",
    "grades": "报告设置",
    "forms": "报告设置",
    "overall_carry": "报告设置",
}

ROUNDING_TOLERANCE = Decimal(100)
"""0.01 万元 in yuan: a sum that misses by no more than this is most likely a rounding slip."""


class Finding:
    """A check's finding: how bad, where, and the sentence that says what is wrong.

    ``message`` may be given as a :class:`~perfcore.lazy_text.LazyText` of the check's own
    wording, formatted when it is first read: a 汇总 of thousands of files only counts the
    findings, and writing every sentence of every file was a third of what the checks cost.
    Such a text holds only immutable values (names, figures, the 计算过程's parts), never the
    model objects they were read from, so it reads the same whenever it is read.

    Compares and hashes like the frozen dataclass it was (severity, path, message; not anchor).
    """

    __slots__ = ("severity", "path", "anchor", "_message")

    severity: Severity
    path: str
    """JSON Pointer of the offending value in the exchange document."""
    anchor: str
    """Where the finding belongs when it is not where it points: an indicator whose missing
    input is a 表1 figure is listed under 表3, in the indicator's place. Defaults to ``path``."""

    def __init__(self, severity: Severity, path: str, message: str | LazyText, anchor: str = "") -> None:
        self.severity = severity
        self.path = path
        self._message = message
        self.anchor = anchor or path

    @property
    def message(self) -> str:
        message = self._message
        if type(message) is not str:
            message = self._message = str(message)
        return message

    def _key(self) -> tuple[str, str, str]:
        return (self.severity, self.path, self.message)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Finding:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Finding(severity={self.severity!r}, path={self.path!r}, message={self.message!r}, anchor={self.anchor!r})"

    @property
    def section(self) -> str:
        """The top-level key of the document the finding is listed under (``indicators``)."""
        anchor = self.anchor
        if not anchor:
            return ""
        if not anchor.startswith("/"):
            return pointer.split(anchor)[0]  # refused as ``split`` refuses it
        # Only the first token, unescaped as ``pointer.split`` does: asked of every finding of
        # every file a 汇总 reads, splitting the whole pointer was a tenth of the checks.
        return anchor[1:].split("/", 1)[0].replace("~1", "/").replace("~0", "~")

    @property
    def form(self) -> str:
        """表1, 表2, 表3, 项目支出, …: the form the finding is listed under."""
        return _FORM_OF_SECTION.get(self.section, "表1")


class LeafEntry(NamedTuple):
    """A leaf of 表3 or of a project's tree, where it sits and what scoring gave it.

    Named tuples, as the rules' ``LeafResult``: every check of every file reads these, and a
    frozen dataclass's ``__init__`` (``object.__setattr__`` per field) was a sixth of making them.
    """

    path: str
    leaf: Leaf
    result: LeafResult
    depth: int
    scope: str = ""
    """'' for 表3; the project's name as cited (``“城区绿化”项目``) for a project's tree."""

    @property
    def label(self) -> str:
        return scoped(self.scope, node_label(self.leaf, self.depth))


class NodeEntry(NamedTuple):
    path: str
    node: Node
    depth: int
    """1 for a level-1 node (一级指标)."""
    scope: str = ""

    @property
    def label(self) -> str:
        return scoped(self.scope, node_label(self.node, self.depth))


def scoped(scope: str, label: str) -> str:
    return f"{scope}·{label}" if scope else label


def project_label(project: Project, index: int) -> str:
    """A project as a finance officer cites it: ``“城区绿化”项目`` or ``第2个项目``."""
    name = project.name.strip()
    return f"“{name}”项目" if name else f"第{index + 1}个项目"


@dataclass
class Context:
    """A package with its trees (表3 and every project's) walked and their leaves scored once
    for all checks."""

    package: Package
    nodes: list[NodeEntry]
    leaves: list[LeafEntry]
    figures: dict[str, Figure]

    @classmethod
    def of(cls, package: Package, scores: Scores | None = None) -> Context:
        nodes: list[NodeEntry] = []
        leaves: list[LeafEntry] = []
        # Scoring here instead of through a Scorer keeps the checks pure: a Scorer would hand
        # out uids to the caller's package. A caller's scores are used where they are current.
        walk = _Walk(package, scores.leaves if scores is not None else {}, nodes, leaves)
        walk.tree(package.indicators.tree, "/indicators/tree", 1, "")
        for i, project in enumerate(package.projects):
            walk.tree(project.tree, f"/projects/{i}/tree", 1, project_label(project, i))
        return cls(package, nodes, leaves, walk.figures)

    @functools.cached_property
    def formula_env(self) -> dict[str, FigureValue]:
        """The values a formula reads (表1's numeric fields and the figures), made once."""
        return formula_env(self.package.overall, self.figures)

    def figure_path(self, key: str) -> str:
        for i, figure in enumerate(self.package.figures):
            if figure.key == key:
                return f"/figures/{i}/value"
        raise KeyError(key)


class _Walk:
    """One walk of a tree: every node in document order, each leaf with its result."""

    def __init__(self, package: Package, known: dict[int, LeafResult], nodes: list[NodeEntry], leaves: list[LeafEntry]) -> None:
        self.overall = package.overall
        self.figures = figure_index(package)
        self.known = known
        self.nodes = nodes
        self.leaves = leaves

    def tree(self, nodes: list[Node], prefix: str, depth: int, scope: str) -> None:
        for i, node in enumerate(nodes):
            path = f"{prefix}/{i}"
            self.nodes.append(NodeEntry(path, node, depth, scope))
            if isinstance(node, Group):
                self.tree(node.children, f"{path}/children", depth + 1, scope)
            else:
                result = self.known.get(node.uid) if node.uid else None
                if result is None:
                    result = score_leaf(node, self.overall, self.figures)
                self.leaves.append(LeafEntry(path, node, result, depth, scope))


CheckFunc = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    func: CheckFunc

    def __call__(self, context: Context) -> list[Finding]:
        return list(self.func(context))


REGISTRY: dict[str, Check] = {}


def check(name: str) -> Callable[[CheckFunc], CheckFunc]:
    """Register a check under a dotted name (``table1.expense_total``)."""

    def register(func: CheckFunc) -> CheckFunc:
        if name in REGISTRY and REGISTRY[name].func is not func:
            raise ValueError(f"check {name} registered twice")
        REGISTRY[name] = Check(name, func)
        return func

    return register


# ---------------------------------------------------------------- ordering


def document_key(package: Package, path: str) -> tuple[int, ...]:
    """Position of a pointer's value in document order, read off the model.

    The model's field order is the exchange document's key order, so walking the
    dataclasses gives the same order as walking the document, without building it.
    """
    key: list[int] = []
    obj: Any = package
    for token in pointer.split(path):
        rank, obj = _step(obj, token)
        key.append(rank)
    return tuple(key)


_UNKNOWN_RANK = 10_000


def _step(obj: Any, token: str) -> tuple[int, Any]:
    if isinstance(obj, list):
        if token.isdigit() and int(token) < len(obj):
            return int(token), obj[int(token)]
        return _UNKNOWN_RANK, None
    if isinstance(obj, dict):
        for rank, key in enumerate(obj):
            if key == token:
                return rank, obj[key]
        return _UNKNOWN_RANK, None
    names = _field_ranks(type(obj))
    if token in names:
        return names[token], getattr(obj, token)
    return _UNKNOWN_RANK, None


_FIELD_RANKS: dict[type, dict[str, int]] = {}


def _field_ranks(cls: type) -> dict[str, int]:
    ranks = _FIELD_RANKS.get(cls)
    if ranks is None:
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
        ranks = _FIELD_RANKS[cls] = {f.name: i for i, f in enumerate(fields)}
    return ranks


def sort_findings(package: Package, findings: Iterable[Finding]) -> list[Finding]:
    """Errors, then warnings, then infos; each in document order."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    keys: dict[str, tuple[int, ...]] = {}

    def key_of(path: str) -> tuple[int, ...]:
        key = keys.get(path)
        if key is None:
            key = keys[path] = document_key(package, path)
        return key

    return sorted(findings, key=lambda f: (rank[f.severity], key_of(f.anchor), key_of(f.path)))


# ---------------------------------------------------------------- wording


def wan(yuan: Decimal) -> str:
    return format_wan(yuan)


def yuan(value: Decimal) -> str:
    return format_yuan(value, grouping=True)


Unit = Literal["万元", "元"]


def shown(value: Decimal, unit: Unit) -> str:
    return wan(value) if unit == "万元" else yuan(value)


def unit_to_tell_apart(*figures: Decimal) -> Unit:
    """万元 as the forms print, unless two figures that differ would look alike in 万元.

    ``85.80 ≠ 85.80`` helps nobody: a difference of a few yuan is shown in yuan, and so is
    a figure too small to show in 万元 (``-0.00``).
    """
    if len({to_wan(f) for f in figures}) < len(set(figures)) or any(map(hidden_in_wan, figures)):
        return "元"
    return "万元"


def hidden_in_wan(figure: Decimal) -> bool:
    """A figure that is not 0 but shows as 0.00 万元."""
    return figure != 0 and to_wan(figure) == 0


def sum_text(parts: list[tuple[str, Decimal]], unit: Unit, most: int = 6) -> str:
    """``项目支出 54.78 + 基本支出 31.03 = 85.81`` (the unit is the caller's)."""
    total = sum((amount for _, amount in parts), Decimal(0))
    if len(parts) > most:
        return f"{len(parts)} 项合计 {shown(total, unit)}"
    terms = " + ".join(f"{label} {shown(amount, unit)}".strip() for label, amount in parts)
    return terms if len(parts) == 1 else f"{terms} = {shown(total, unit)}"


def points(value: Decimal) -> str:
    """A weight as the forms print it: ``13``, ``0.5``."""
    return format_number(value)


LEVELS = "一二三四五六七八九十"


def node_label(node: Node, depth: int) -> str:
    """An indicator's name as a finance officer would cite it."""
    if node.name.strip():
        return node.name.strip()
    level = LEVELS[depth - 1] if depth <= len(LEVELS) else str(depth)
    return f"未命名的{level}级指标"



@dataclass(frozen=True)
class Part:
    """One addend of a sum the forms state."""

    label: str
    """How the addend is named inside the sum (``项目支出``; '' for a line item)."""
    path: str
    value: Decimal | None
    missing_label: str = ""
    """How to name it when it is blank (``第2项``); defaults to ``label``."""


def sum_check(
    label: str,
    path: str,
    total: Decimal | None,
    parts: list[Part],
    *,
    prefix: str = "",
    unit: Unit = "万元",
    tolerance: Decimal = ROUNDING_TOLERANCE,
    subject: str = "",
    blank: str = "{}",
) -> Finding | None:
    """``total`` against the sum of ``parts``: an error, or a warning within ``tolerance``.

    A blank addend is unknown, not 0: the sum cannot be verified, and the finding says
    which figure is missing instead of inventing a difference. ``subject`` prefixes the
    message (a fund's name); ``prefix`` names the addends as a whole (``支出明细``);
    ``blank`` words the blank ones (``支出明细{}的金额`` → ``支出明细第1项、第3项的金额``).
    """
    if total is None:
        return None
    head = f"{subject}：" if subject else ""
    blanks = [p for p in parts if p.value is None]
    if blanks:
        names = blank.format("、".join(p.missing_label or p.label for p in blanks))
        return Finding("info", blanks[0].path, f"{head}{names}未填，{label}无法核对")
    known = tuple((p.label, p.value) for p in parts if p.value is not None)
    added = sum((v for _, v in known), Decimal(0))
    difference = total - added
    if difference == 0:
        return None
    severity: Severity = "warning" if abs(difference) <= tolerance else "error"
    return Finding(severity, path, LazyText((_sum_message, head, label, total, prefix, known, unit)))


def _sum_message(head: str, label: str, total: Decimal, prefix: str, known: tuple[tuple[str, Decimal], ...], unit: Unit) -> str:
    added = sum((v for _, v in known), Decimal(0))
    if unit == "万元":
        hidden = any(hidden_in_wan(v) for _, v in known)
        unit = "元" if hidden else unit_to_tell_apart(total, added)
    return (
        f"{head}{label} {shown(total, unit)} {unit} ≠ {prefix}{sum_text(list(known), unit)} {unit}"
        f"（相差 {shown(abs(total - added), unit)} {unit}）"
    )
