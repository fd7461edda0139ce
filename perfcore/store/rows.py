"""Rows ⇄ model: writing a package into the tables and loading it back.

Rows carry stable ids (``uid`` on the model objects); positions are the ``pos`` columns.
Values are stored as the exchange document's text, and every row read is validated by the
exchange readers, so a damaged file is refused rather than half-loaded.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from typing import Any

import sqlite_utils

from perfcore import exchange
from perfcore.exchange import ExchangeError
from perfcore.model import (
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    OVERALL_COUNT_FIELDS,
    Group,
    Indicators,
    Item,
    Node,
    Overall,
    Package,
    SpecialFund,
)
from perfcore.money import plain
from perfcore.store.admission import detail
from perfcore.store.errors import StoreError

TABLE = {"repair_item": "repair_item", "fund_item": "fund_item", "fund": "fund", "node": "node"}


def sibling_clause(kind: str, owner: Any) -> tuple[str, list[Any]]:
    if kind == "fund_item":
        return "fund_id = ?", [owner.uid]
    if kind == "node":
        return ("parent_id = ?", [owner.uid]) if isinstance(owner, Group) else ("parent_id IS NULL", [])
    return "1 = 1", []



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
        "inputs": json.dumps(doc["inputs"], ensure_ascii=False) if "inputs" in doc else None,
        "rule": json.dumps(doc["rule"], ensure_ascii=False),
        "score": field_text(node.score),
        "note": node.note,
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


def insert_node(db: sqlite_utils.Database, node: Node, parent_id: int | None, pos: int) -> None:
    node.uid = insert_row(db, "node", {"parent_id": parent_id, "pos": pos, **node_row(node)})
    if isinstance(node, Group):
        for i, child in enumerate(node.children):
            insert_node(db, child, node.uid, i)


def write_package(db: sqlite_utils.Database, package: Package) -> None:
    meta = {
        "format": "perf-filing/1",
        "year": str(package.year),
        "unit_name": package.unit_name,
        "indicators/title": package.indicators.title,
        "indicators/opinion_unit": package.indicators.opinion_unit,
    }
    for key, value in meta.items():
        insert_row(db, "meta", {"key": key, "value": value})
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


def load(conn: sqlite3.Connection) -> Package:
    """The package as the file holds it; rows are validated by the exchange readers."""
    conn.row_factory = sqlite3.Row
    try:
        meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
        overall_doc: dict[str, Any] = {}
        for row in conn.execute("SELECT field, value FROM overall"):
            name, value = row["field"], row["value"]
            if name in OVERALL_COUNT_FIELDS and value is not None:
                overall_doc[name] = int(value)
            else:
                overall_doc[name] = value
        repair = conn.execute("SELECT * FROM repair_item ORDER BY pos").fetchall()
        overall_doc["capital_repair_items"] = [{"name": r["name"], "amount": r["amount"]} for r in repair]
        overall: Overall = exchange.read_overall(overall_doc, "/overall")
        for item, row in zip(overall.capital_repair_items, repair, strict=True):
            item.uid = row["id"]
        funds = []
        fund_rows = conn.execute("SELECT * FROM fund ORDER BY pos").fetchall()
        item_rows: dict[int, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM fund_item ORDER BY fund_id, pos"):
            item_rows.setdefault(row["fund_id"], []).append(row)
        for i, row in enumerate(fund_rows):
            doc = {name: row[name] for name in FUND_TEXT_FIELDS + FUND_MONEY_FIELDS}
            rows = item_rows.get(row["id"], [])
            doc["items"] = [{"name": r["name"], "amount": r["amount"]} for r in rows]
            fund = exchange.read_fund(doc, f"/special_funds/{i}")
            fund.uid = row["id"]
            for item, item_row in zip(fund.items, rows, strict=True):
                item.uid = item_row["id"]
            funds.append(fund)
        children: dict[int | None, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM node ORDER BY parent_id, pos"):
            children.setdefault(row["parent_id"], []).append(row)
        tree = [node_from_row(r, children, f"/indicators/tree/{i}") for i, r in enumerate(children.get(None, []))]
        year = int(meta.get("year", "0"))
        package = Package(
            year=year,
            unit_name=meta.get("unit_name", ""),
            overall=overall,
            special_funds=funds,
            indicators=Indicators(meta.get("indicators/title", Indicators().title), meta.get("indicators/opinion_unit", ""), tree),
        )
    except (ExchangeError, ValueError, KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
        raise StoreError(f"文件内容不完整或已损坏，无法打开（{detail(exc)}）") from exc
    except sqlite3.DatabaseError as exc:
        # Damage the structure check cannot see (text that is no longer UTF-8, …).
        raise StoreError("文件内容已损坏，无法读取；可从备份恢复") from exc
    finally:
        conn.row_factory = None
    return package


def node_from_row(row: sqlite3.Row, children: dict[int | None, list[sqlite3.Row]], pointer: str) -> Node:
    node: Node
    if row["kind"] == "group":
        kids = [node_from_row(r, children, f"{pointer}/children/{i}") for i, r in enumerate(children.get(row["id"], []))]
        node = Group(row["name"], exchange.read_decimal(row["weight"], f"{pointer}/weight"), kids)
    else:
        doc: dict[str, Any] = {
            "name": row["name"],
            "weight": row["weight"],
            "criterion": row["criterion"] or "",
            "explanation": row["explanation"] or "",
            "rule": json.loads(row["rule"]),
            "score": row["score"],
            "note": row["note"] or "",
        }
        if row["metric"] is not None:
            doc["metric"] = json.loads(row["metric"])
        if row["inputs"] is not None:
            doc["inputs"] = json.loads(row["inputs"], parse_float=Decimal)
        node = exchange.read_node(doc, pointer, pointer.count("/children/") + 1)
    node.uid = row["id"]
    return node

