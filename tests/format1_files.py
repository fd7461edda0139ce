"""Report files as the previous version of the program wrote them (schema version 1), for the
migration tests: the /1 document's rows, leaf inputs as JSON in the node rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from perfcore.store import APPLICATION_ID, MIGRATIONS

_OVERALL_LISTS = ("capital_repair_items",)


def write_version1_file(path: Path, doc: dict[str, Any]) -> None:
    """Write ``doc`` (a perf-filing/1 document) as a version-1 report file."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        MIGRATIONS[0](conn)
        conn.execute("PRAGMA user_version = 1")
        indicators = doc.get("indicators", {})
        meta = {
            "format": "perf-filing/1",
            "year": str(doc["year"]),
            "unit_name": doc.get("unit_name", ""),
            "indicators/title": indicators.get("title", "部门整体支出绩效评价指标表"),
            "indicators/opinion_unit": indicators.get("opinion_unit", ""),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        for name, value in doc.get("overall", {}).items():
            if name not in _OVERALL_LISTS:
                conn.execute("INSERT INTO overall VALUES (?, ?)", [name, None if value is None else str(value)])
        for pos, item in enumerate(doc.get("overall", {}).get("capital_repair_items", [])):
            conn.execute("INSERT INTO repair_item (pos, name, amount) VALUES (?, ?, ?)", [pos, item["name"], item["amount"]])
        for pos, fund in enumerate(doc.get("special_funds", [])):
            columns = {k: v for k, v in fund.items() if k != "items"}
            columns = {k: columns.get(k, "") for k in _FUND_TEXT} | {k: columns.get(k) for k in ("allocated", "spent")}
            names = ", ".join(["pos", *columns])
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            fund_id = conn.execute(f"INSERT INTO fund ({names}) VALUES ({marks})", [pos, *columns.values()]).lastrowid
            for i, item in enumerate(fund.get("items", [])):
                conn.execute(
                    "INSERT INTO fund_item (fund_id, pos, name, amount) VALUES (?, ?, ?, ?)", [fund_id, i, item["name"], item["amount"]]
                )
        _nodes(conn, indicators.get("tree", []), None)
        conn.execute("COMMIT")
    finally:
        conn.close()


_FUND_TEXT = (
    "name",
    "overview",
    "funding_text",
    "implementation",
    "performance",
    "opinion_unit",
    "opinion_office",
    "filler",
    "phone",
    "filled_on",
)


def _dumps(value: Any) -> str:
    # The old program wrote numbers as the exchange writer does: integers, or decimal strings.
    return json.dumps(_no_floats(value), ensure_ascii=False)


def _no_floats(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {k: _no_floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_floats(v) for v in value]
    return value


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _nodes(conn: sqlite3.Connection, nodes: list[dict[str, Any]], parent: int | None) -> None:
    for pos, node in enumerate(nodes):
        if "children" in node:
            node_id = conn.execute(
                "INSERT INTO node (parent_id, pos, kind, name, weight) VALUES (?, ?, 'group', ?, ?)",
                [parent, pos, node.get("name", ""), str(node["weight"])],
            ).lastrowid
            _nodes(conn, node["children"], node_id)
            continue
        conn.execute(
            "INSERT INTO node (parent_id, pos, kind, name, weight, criterion, explanation, metric, inputs, rule, score, note)"
            " VALUES (?, ?, 'leaf', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                parent,
                pos,
                node.get("name", ""),
                str(node["weight"]),
                node.get("criterion", ""),
                node.get("explanation", ""),
                _dumps(node["metric"]) if "metric" in node else None,
                _dumps(node["inputs"]) if "inputs" in node else None,
                _dumps(node.get("rule", {"type": "manual"})),
                _text(node.get("score")),
                node.get("note", ""),
            ],
        )
