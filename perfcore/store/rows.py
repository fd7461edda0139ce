"""Rows ⇄ model: writing a package into the tables and loading it back.

Rows carry stable ids (``uid`` on the model objects); positions are the ``pos`` columns.
Values are stored as the exchange document's text, and every row read is validated by the
exchange readers, so a damaged file is refused rather than half-loaded.
"""

from __future__ import annotations

import json
import re
import sqlite3
from decimal import Decimal
from typing import Any

import sqlite_utils

from perfcore import exchange
from perfcore.exchange import ExchangeError
from perfcore.model import (
    BUDGET_LINE_MONEY_FIELDS,
    FORMAT,
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    OVERALL_COUNT_FIELDS,
    PROJECT_TEXT_FIELDS,
    BudgetLine,
    Figure,
    Group,
    Indicators,
    Item,
    Leaf,
    Metric,
    Node,
    Overall,
    Package,
    Project,
    Rule,
    SpecialFund,
    fresh_copy,
)
from perfcore.money import plain
from perfcore.store.admission import detail
from perfcore.store.errors import StoreError

TABLE = {
    "repair_item": "repair_item",
    "fund_item": "fund_item",
    "fund": "fund",
    "node": "node",
    "figure": "figure",
    "project": "project",
    "budget_line": "budget_line",
}

# The small documents of format 2 kept whole in meta, as JSON: key → (reader, writer, default).
META_DOCS = ("template", "forms", "grades", "overall_carry", "previous")


def sibling_clause(kind: str, owner: Any) -> tuple[str, list[Any]]:
    """The rows that share a list with an entity of ``kind`` whose list belongs to ``owner``
    (a fund, a group, a project, or None for the package's own lists)."""
    if kind == "fund_item":
        return "fund_id = ?", [owner.uid]
    if kind == "budget_line":
        return "project_id = ?", [owner.uid]
    if kind == "node":
        if isinstance(owner, Group):
            return "parent_id = ?", [owner.uid]
        if isinstance(owner, Project):
            return "parent_id IS NULL AND project_id = ?", [owner.uid]
        return "parent_id IS NULL AND project_id IS NULL", []
    return "1 = 1", []


def node_owner_columns(owner: Any) -> dict[str, Any]:
    """parent_id and project_id of a node placed in ``owner``'s list."""
    if isinstance(owner, Group):
        return {"parent_id": owner.uid, "project_id": None}
    if isinstance(owner, Project):
        return {"parent_id": None, "project_id": owner.uid}
    return {"parent_id": None, "project_id": None}



def json_form(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)  # str() may give "0E-7", which the exchange readers refuse
    return value


def field_text(value: Any) -> str | None:
    # The same plain decimal text as the exchange document: str() may give "0E-7", which
    # the readers refuse, so the file would not open again.
    if isinstance(value, Decimal):
        return plain(value)
    return None if value is None else str(value)


def item_row(item: Item) -> dict[str, Any]:
    return {"name": item.name, "amount": field_text(item.amount)}


def node_row(node: Node) -> dict[str, Any]:
    if isinstance(node, Group):
        return {"kind": "group", "name": node.name, "weight": plain(node.weight)}
    doc = exchange.node_to_doc(node)
    return {
        "kind": "leaf",
        "name": node.name,
        "weight": plain(node.weight),
        "criterion": node.criterion,
        "explanation": node.explanation,
        "metric": json.dumps(doc["metric"], ensure_ascii=False) if "metric" in doc else None,
        "rule": json.dumps(doc["rule"], ensure_ascii=False),
        "score": field_text(node.score),
        "note": node.note,
        "reason": node.reason,
    }


def insert_row(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def insert_fund(db: sqlite_utils.Database, fund: SpecialFund, pos: int) -> None:
    row: dict[str, Any] = {"pos": pos}
    row.update({name: getattr(fund, name) for name in FUND_TEXT_FIELDS})
    row.update({name: field_text(getattr(fund, name)) for name in FUND_MONEY_FIELDS})
    fund.uid = insert_row(db, "fund", row)
    for i, item in enumerate(fund.items):
        item.uid = insert_row(db, "fund_item", {"fund_id": fund.uid, "pos": i, **item_row(item)})


def insert_node(db: sqlite_utils.Database, node: Node, owner: Any, pos: int) -> None:
    """A node and its subtree, in ``owner``'s list (a group, a project or None for 表3)."""
    node.uid = insert_row(db, "node", {**node_owner_columns(owner), "pos": pos, **node_row(node)})
    if isinstance(node, Group):
        for i, child in enumerate(node.children):
            insert_node(db, child, node, i)


def figure_row(figure: Figure) -> dict[str, Any]:
    value = exchange.figure_to_doc(figure)["value"]
    return {
        "key": figure.key,
        "label": figure.label,
        "kind": figure.kind,
        "value": None if value is None else str(value),
        "grp": figure.group,
        "carry": figure.carry,
    }


def insert_figure(db: sqlite_utils.Database, figure: Figure, pos: int) -> None:
    figure.uid = insert_row(db, "figure", {"pos": pos, **figure_row(figure)})


def budget_line_row(line: BudgetLine) -> dict[str, Any]:
    return {"label": line.label, **{n: field_text(getattr(line, n)) for n in BUDGET_LINE_MONEY_FIELDS}}


def insert_budget_line(db: sqlite_utils.Database, line: BudgetLine, project: Project, pos: int) -> None:
    line.uid = insert_row(db, "budget_line", {"project_id": project.uid, "pos": pos, **budget_line_row(line)})


def project_row(project: Project) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(project, name) for name in PROJECT_TEXT_FIELDS}
    row.update(
        budget_weight=plain(project.budget.weight),
        budget_score=field_text(project.budget.score),
        goals_expected=project.goals.expected,
        goals_actual=project.goals.actual,
    )
    return row


def insert_project(db: sqlite_utils.Database, project: Project, pos: int) -> None:
    """A project with its budget lines and its tree."""
    project.uid = insert_row(db, "project", {"pos": pos, **project_row(project)})
    for i, line in enumerate(project.budget.lines):
        insert_budget_line(db, line, project, i)
    for i, node in enumerate(project.tree):
        insert_node(db, node, project, i)


def meta_doc(package: Package, key: str) -> Any:
    """One of ``META_DOCS`` in exchange-document form (None when absent)."""
    if key == "template":
        return None if package.template is None else exchange.template_to_doc(package.template)
    if key == "forms":
        return list(package.forms)
    if key == "grades":
        return exchange.grades_to_doc(package.grades)
    if key == "overall_carry":
        return dict(package.overall_carry)
    return None if package.previous is None else exchange.previous_to_doc(package.previous)


def apply_meta_doc(package: Package, key: str, doc: Any, pointer: str) -> None:
    """Validate one of ``META_DOCS`` and put it into the package."""
    if key == "template":
        package.template = exchange.read_template(doc, pointer)
    elif key == "forms":
        package.forms = exchange.read_forms(doc, pointer)
    elif key == "grades":
        package.grades = exchange.read_grades(doc, pointer)
    elif key == "overall_carry":
        carry = exchange.read_overall_carry(doc, pointer)
        exchange.check_carries(package.figures, carry, pointer)
        package.overall_carry = carry
    else:
        package.previous = exchange.read_previous(doc, pointer)


def write_meta_doc(db: sqlite_utils.Database, package: Package, key: str) -> None:
    doc = meta_doc(package, key)
    if doc is None:
        db.execute("DELETE FROM meta WHERE key = ?", [key])
    else:
        db.table("meta").upsert({"key": key, "value": json.dumps(doc, ensure_ascii=False)}, pk="key")


def write_package(db: sqlite_utils.Database, package: Package) -> None:
    meta = {
        "format": FORMAT,
        "year": str(package.year),
        "unit_name": package.unit_name,
        "indicators/title": package.indicators.title,
        "indicators/opinion_unit": package.indicators.opinion_unit,
    }
    for key, value in meta.items():
        # The migrations of a new file may have written some already (format).
        db.table("meta").upsert({"key": key, "value": value}, pk="key")
    for key in META_DOCS:
        write_meta_doc(db, package, key)
    overall = exchange.overall_to_doc(package.overall)
    for name, value in overall.items():
        if name != "capital_repair_items":
            insert_row(db, "overall", {"field": name, "value": None if value is None else str(value)})
    for i, item in enumerate(package.overall.capital_repair_items):
        item.uid = insert_row(db, "repair_item", {"pos": i, **item_row(item)})
    for i, fund in enumerate(package.special_funds):
        insert_fund(db, fund, i)
    for i, node in enumerate(package.indicators.tree):
        insert_node(db, node, None, i)
    for i, figure in enumerate(package.figures):
        insert_figure(db, figure, i)
    for i, project in enumerate(package.projects):
        insert_project(db, project, i)


class _Unfaithful(Exception):
    """Rows that cannot be rebuilt into exactly one package; the message names what is wrong."""


_REQUIRED_META = ("year", "unit_name", "indicators/title", "indicators/opinion_unit")


def load(conn: sqlite3.Connection) -> Package:
    """The package as the file holds it, rebuilt exactly or refused.

    Rows are validated by the exchange readers, and the structure is checked before anything
    is built: a parent cycle, an indicator under a leaf or under a missing parent, a fund item
    of a missing fund, two rows at one position, a missing or malformed year or count —
    anything that would be dropped or guessed on the way into the model — is a refusal
    naming what is wrong, never a quiet loss.
    """
    conn.row_factory = sqlite3.Row
    try:
        meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
        for key in _REQUIRED_META:
            if not isinstance(meta.get(key), str):
                raise _Unfaithful(f"缺少“{key}”")
        year = _year(meta["year"])
        overall_doc: dict[str, Any] = {}
        for row in conn.execute("SELECT field, value FROM overall"):
            name, value = row["field"], row["value"]
            if name in OVERALL_COUNT_FIELDS and value is not None:
                overall_doc[name] = _count(value, name)
            else:
                overall_doc[name] = value
        repair = conn.execute("SELECT * FROM repair_item ORDER BY pos").fetchall()
        _distinct_positions(repair, "基建维修项目")
        overall_doc["capital_repair_items"] = [{"name": r["name"], "amount": r["amount"]} for r in repair]
        overall: Overall = exchange.read_overall(overall_doc, "/overall")
        for item, row in zip(overall.capital_repair_items, repair, strict=True):
            item.uid = row["id"]
        funds = []
        fund_rows = conn.execute("SELECT * FROM fund ORDER BY pos").fetchall()
        _distinct_positions(fund_rows, "专项资金")
        item_rows: dict[int, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM fund_item ORDER BY fund_id, pos"):
            item_rows.setdefault(row["fund_id"], []).append(row)
        orphans = set(item_rows) - {row["id"] for row in fund_rows}
        if orphans:
            first = item_rows[min(orphans)][0]
            raise _Unfaithful(f"支出明细“{first['name']}”（编号 {first['id']}）所属的专项资金（编号 {first['fund_id']}）不存在")
        for i, row in enumerate(fund_rows):
            doc = {name: row[name] for name in FUND_TEXT_FIELDS + FUND_MONEY_FIELDS}
            rows = item_rows.get(row["id"], [])
            _distinct_positions(rows, f"专项资金“{row['name']}”的支出明细")
            doc["items"] = [{"name": r["name"], "amount": r["amount"]} for r in rows]
            fund = exchange.read_fund(doc, f"/special_funds/{i}")
            fund.uid = row["id"]
            for item, item_row in zip(fund.items, rows, strict=True):
                item.uid = item_row["id"]
            funds.append(fund)
        nodes = conn.cursor()
        nodes.row_factory = None  # plain tuples: a leaf's row is read a dozen times
        node_rows = nodes.execute(f"SELECT {', '.join(NODE_COLUMNS)} FROM node ORDER BY parent_id, pos").fetchall()
        children = _node_structure(node_rows)
        # Top-level nodes are 表3's (no project) or a project's level 1.
        roots: dict[int | None, list[NodeRow]] = {}
        for row in children.get(None, []):
            roots.setdefault(row[_PROJECT], []).append(row)
        tree = [node_from_row(r, children, f"/indicators/tree/{i}") for i, r in enumerate(roots.get(None, []))]
        package = Package(
            year=year,
            unit_name=meta["unit_name"],
            overall=overall,
            special_funds=funds,
            indicators=Indicators(meta["indicators/title"], meta["indicators/opinion_unit"], tree),
        )
        # Figures first: the carries of the meta documents name them.
        figure_rows = conn.execute("SELECT * FROM figure ORDER BY pos").fetchall()
        _distinct_positions(figure_rows, "基础数据")
        package.figures = exchange.read_figures([_figure_doc(r) for r in figure_rows], "/figures")
        for figure, row in zip(package.figures, figure_rows, strict=True):
            figure.uid = row["id"]
        exchange.check_carries(package.figures, {}, "/figures")
        for key in META_DOCS:
            if key in meta:
                apply_meta_doc(package, key, exchange.parse_json(meta[key]), f"/{key}")
        lines: dict[int, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM budget_line ORDER BY project_id, pos"):
            lines.setdefault(row["project_id"], []).append(row)
        project_rows = conn.execute("SELECT * FROM project ORDER BY pos").fetchall()
        _distinct_positions(project_rows, "项目")
        known = {row["id"] for row in project_rows}
        if set(lines) - known or set(roots) - known - {None}:
            raise _Unfaithful("有资金来源或指标所属的项目不存在")
        for i, row in enumerate(project_rows):
            at = f"/projects/{i}"
            line_rows = lines.get(row["id"], [])
            _distinct_positions(line_rows, f"项目“{row['name']}”的资金来源")
            project = exchange.read_project(_project_doc(row, line_rows), at)
            project.uid = row["id"]
            for line, line_row in zip(project.budget.lines, line_rows, strict=True):
                line.uid = line_row["id"]
            project.tree = [node_from_row(r, children, f"{at}/tree/{j}") for j, r in enumerate(roots.get(row["id"], []))]
            package.projects.append(project)
    except _Unfaithful as exc:
        raise StoreError(f"文件内容已损坏，无法完整读出：{detail(exc)}；文件保持原样，可从备份恢复") from exc
    except ExchangeError as exc:
        raise StoreError(f"文件内容不完整或已损坏，无法打开（{detail(exc)}）") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise StoreError("文件内容不完整或已损坏，无法打开（数据行的格式不对）") from exc
    except (RecursionError, MemoryError) as exc:
        raise StoreError("文件内容已损坏（数据嵌套过深或过大），无法打开") from exc
    except sqlite3.DatabaseError as exc:
        # Damage the structure check cannot see (text that is no longer UTF-8, …).
        raise StoreError("文件内容已损坏，无法读取；可从备份恢复") from exc
    finally:
        conn.row_factory = None
    return package


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise _Unfaithful(f"评价年度“{text}”不是年份")
    try:
        return exchange.read_year(int(text), "/year")
    except ExchangeError as exc:
        raise _Unfaithful(f"评价年度 {text} 无效（{exc.message}）") from exc


_STORED_INTEGER = re.compile(r"-?[0-9]{1,18}")
"""A count as the store writes it (``str(int)``, a sign included: the format allows a negative
count, which the checks then flag); ``int()`` would also take ``１２``, ``1_000`` or `` 12 ``."""


def _stored_integer(value: object, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _STORED_INTEGER.fullmatch(value):
        return int(value)
    raise _Unfaithful(f"{what}的值“{value}”不是整数")


def _count(value: object, name: str) -> int:
    return _stored_integer(value, f"表1 字段“{name}”")


def _distinct_positions(rows: list[Any], what: str, pos: int | str = "pos") -> None:
    """``rows`` (``sqlite3.Row``, or ``NodeRow`` with ``pos=_POS``) are at the positions 0 … n-1,
    each once, as every edit keeps them: the edits count positions as list indexes, so a gap, a
    negative, fractional or text position would put a moved or inserted row somewhere else in
    the file than on screen."""
    positions = [row[pos] for row in rows]
    if len(set(positions)) != len(positions):
        raise _Unfaithful(f"{what}中有两行排在同一位置，先后无法确定")
    wrong = next((p for p in positions if type(p) is not int or not 0 <= p < len(positions)), None)
    if wrong is not None:
        # Distinct integers in 0 … n-1 are exactly 0 … n-1: nothing else to check.
        raise _Unfaithful(f"{what}的排列序号“{wrong}”不在 0 至 {len(positions) - 1} 之间，先后无法确定")


def _node_structure(rows: list[NodeRow]) -> dict[int | None, list[NodeRow]]:
    """Children by parent id, after proving the rows form one forest the tree can hold whole."""
    by_id = {row[_ID]: row for row in rows}
    children: dict[int | None, list[NodeRow]] = {}
    for row in rows:
        if row[_KIND] not in ("group", "leaf"):
            raise _Unfaithful(f"指标“{row[_NAME]}”（编号 {row[_ID]}）的类别“{row[_KIND]}”无效")
        if row[_INPUTS] is not None:
            # Moved into 基础数据 by the upgrade to version 2 and never written since: read
            # nowhere, it would be lost without a word by the next export.
            raise _Unfaithful(f"指标“{row[_NAME]}”（编号 {row[_ID]}）存有旧版本的输入数据，本版本的文件不应有")
        parent_id = row[_PARENT]
        if parent_id is not None and row[_PROJECT] is not None:
            # Only a project's first level names its project; below it, the column would make
            # the node go with that project when the project is removed (ON DELETE CASCADE).
            raise _Unfaithful(f"指标“{row[_NAME]}”（编号 {row[_ID]}）既有上级指标又记为项目（编号 {row[_PROJECT]}）的第一级")
        if parent_id is not None:
            parent = by_id.get(parent_id)
            if parent is None:
                raise _Unfaithful(f"指标“{row[_NAME]}”（编号 {row[_ID]}）的上级指标（编号 {parent_id}）不存在")
            if parent[_KIND] != "group":
                raise _Unfaithful(f"指标“{row[_NAME]}”（编号 {row[_ID]}）挂在末级指标“{parent[_NAME]}”之下")
        children.setdefault(parent_id, []).append(row)
    # Every row must be reached from the top, within the depth the format allows: what is not
    # reached sits in a parent cycle and would vanish without a word.
    reached: set[int] = set()
    level: list[NodeRow] = list(children.get(None, []))
    depth = 0
    while level:
        depth += 1
        if depth > exchange.MAX_DEPTH:
            raise _Unfaithful(f"指标层级超过 {exchange.MAX_DEPTH} 级")
        reached.update(row[_ID] for row in level)
        level = [kid for row in level for kid in children.get(row[_ID], [])]
    if len(reached) != len(rows):
        lost = min(row[_ID] for row in rows if row[_ID] not in reached)
        raise _Unfaithful(f"指标“{by_id[lost][_NAME]}”（编号 {lost}）的上下级关系成环，无法排入指标体系")
    for parent_id, kids in children.items():
        if parent_id is None:
            # 表3's first level and each project's share no positions.
            owners: dict[int | None, list[NodeRow]] = {}
            for row in kids:
                owners.setdefault(row[_PROJECT], []).append(row)
            for owned in owners.values():
                _distinct_positions(owned, "指标体系的第一级", _POS)
            continue
        _distinct_positions(kids, f"指标“{by_id[parent_id][_NAME]}”的下级", _POS)
    return children


def _figure_doc(row: sqlite3.Row) -> dict[str, Any]:
    value: Any = row["value"]
    if value is not None and row["kind"] == "count":
        value = _stored_integer(value, f"基础数据“{row['label']}”")
    doc = {"key": row["key"], "label": row["label"], "kind": row["kind"], "value": value, "group": row["grp"]}
    if row["carry"] is not None:
        doc["carry"] = row["carry"]
    return doc


def _project_doc(row: sqlite3.Row, lines: list[sqlite3.Row]) -> dict[str, Any]:
    doc: dict[str, Any] = {name: row[name] for name in PROJECT_TEXT_FIELDS}
    doc["budget"] = {
        "weight": row["budget_weight"],
        "score": row["budget_score"],
        "lines": [{"label": r["label"], **{n: r[n] for n in BUDGET_LINE_MONEY_FIELDS}} for r in lines],
    }
    doc["goals"] = {"expected": row["goals_expected"], "actual": row["goals_actual"]}
    return doc


NODE_COLUMNS = (
    "id", "parent_id", "project_id", "pos", "kind", "name", "weight",
    "criterion", "explanation", "metric", "rule", "score", "note", "reason", "inputs",
)  # fmt: skip
"""The node table's columns as ``load`` reads them, in this order (``NodeRow``)."""
NodeRow = tuple[Any, ...]
_ID, _PARENT, _PROJECT, _POS, _KIND, _NAME, _WEIGHT, _CRITERION, _EXPLANATION, _METRIC, _RULE, _SCORE, _NOTE, _REASON, _INPUTS = range(
    len(NODE_COLUMNS)
)


def node_from_row(row: NodeRow, children: dict[int | None, list[NodeRow]], pointer: str) -> Node:
    node: Node
    if row[_KIND] == "group":
        kids = [node_from_row(r, children, f"{pointer}/children/{i}") for i, r in enumerate(children.get(row[_ID], []))]
        node = Group(row[_NAME], exchange.read_decimal(row[_WEIGHT], f"{pointer}/weight"), kids)
    else:
        node = _leaf_from_row(row, pointer)
    node.uid = row[_ID]
    return node


# A leaf's rule and metric are JSON columns; the same texts recur in leaf after leaf and file
# after file (a template's rules, a 汇总 of a county's units). Each distinct text is parsed
# and validated once per process, by the same readers, and what it validated to is kept:
# a leaf gets a fresh copy of it (model objects are edited in place). A text that fails is
# never kept, so a damaged column is read the full way every time and refused as before.
_MEMO_SIZE = 4096
"""Distinct texts kept; beyond it the memo starts over (a hostile file cannot grow it forever)."""
_MEMO_TEXT = 4096
"""Longer texts are read the full way and not kept."""
_rules: dict[str, Rule] = {}
_metrics: dict[str, Metric] = {}


def _leaf_from_row(row: NodeRow, pointer: str) -> Leaf:
    rule_text, metric_text = row[_RULE], row[_METRIC]
    rule = _rules.get(rule_text) if type(rule_text) is str else None
    metric = None if metric_text is None or type(metric_text) is not str else _metrics.get(metric_text)
    if rule is None or (metric is None and metric_text is not None):
        leaf = _read_leaf(row, pointer)
        _remember(_rules, rule_text, leaf.rule)
        if leaf.metric is not None:
            _remember(_metrics, metric_text, leaf.metric)
        return leaf
    # The memo's rule and metric cannot fail: the other fields are checked as _read_leaf
    # checks them, in the same order, so the leaf or the fault is the one it gives.
    return exchange.read_leaf_with(
        pointer,
        name=row[_NAME],
        weight=row[_WEIGHT],
        criterion=row[_CRITERION] or "",
        explanation=row[_EXPLANATION] or "",
        metric=None if metric is None else fresh_copy(metric),
        rule=fresh_copy(rule),
        score=row[_SCORE],
        note=row[_NOTE] or "",
        reason=row[_REASON] or "",
    )


def _remember(memo: dict[str, Any], text: str, value: Any) -> None:
    if len(text) <= _MEMO_TEXT:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = fresh_copy(value)


def _read_leaf(row: NodeRow, pointer: str) -> Leaf:
    # The JSON columns first, then the fields in the format's order, as the leaf's object
    # would be read (the row's depth was bounded by ``_node_structure``).
    rule = _column_json(row, _RULE, "rule", pointer)
    metric = None if row[_METRIC] is None else _column_json(row, _METRIC, "metric", pointer)
    return exchange.read_leaf(
        pointer,
        name=row[_NAME],
        weight=row[_WEIGHT],
        criterion=row[_CRITERION] or "",
        explanation=row[_EXPLANATION] or "",
        metric=metric,
        rule=rule,
        score=row[_SCORE],
        note=row[_NOTE] or "",
        reason=row[_REASON] or "",
    )


def _column_json(row: NodeRow, index: int, column: str, pointer: str) -> Any:
    """A JSON column read as strictly as an imported document (no key twice, bounded nesting)."""
    text = row[index]
    if not isinstance(text, str):
        raise _Unfaithful(f"指标“{row[_NAME]}”的 {column} 不是文本")
    try:
        return exchange.parse_json(text)
    except ExchangeError as exc:
        raise ExchangeError(f"{pointer}/{column}{exc.pointer}", exc.message) from exc
