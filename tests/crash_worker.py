"""A process that edits a report file until it is killed: the victim of the crash tests.

Run as ``python tests/crash_worker.py FILE SEED [BACKUPS]``. It opens FILE with
``ReportFile`` and applies random edits through ``set``, ``insert``, ``remove`` and
``move`` — the calls the desktop's edit operations make — and now and then closes and
reopens the file, so that kills also land in the open path. Every edit is announced and
acknowledged on stdout, one flushed JSON line each::

    {"begin": {...op...}}   before the call
    {"ack": {...op...}}     after the call returned, i.e. after the commit

The harness kills the process at a random moment; the file must then hold exactly the
acknowledged edits, plus at most the one announced but not yet acknowledged.

Every value is generated in the canonical form the store gives back, so that the harness
can replay the log on the exchange document and compare it with the file's. Multi-row
edits carry their own size in their names ("压测专项7 明细2/5") so that a half-applied
one is visible without the log.
"""

from __future__ import annotations

import json
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcore import exchange
from perfcore.model import OVERALL_COUNT_FIELDS, OVERALL_MONEY_FIELDS, OVERALL_TEXT_FIELDS
from perfcore.store import ReportFile

FUND_PREFIX = "压测专项"
GROUP_PREFIX = "压测指标组"
REPAIR_PREFIX = "压测维修"
TEXT_POOL = "预算执行绩效目标完成情况良好资金使用合规管理制度健全公开透明 abc123，。、"
LEAF_SCORES = (
    "/indicators/tree/0/children/0/children/1/score",
    "/indicators/tree/1/children/0/children/0/score",
    "/indicators/tree/2/children/1/children/0/score",
)
LEAF_INPUTS = (
    "/figures/0/value",  # 本年度“三公经费”预算数, read by two leaves
    "/figures/2/value",  # 预算安排公用经费总额
)
CHECKLIST_MET = "/indicators/tree/1/children/1/children/3/rule/items/0/met"


def emit(kind: str, op: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps({kind: op}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def money(rng: random.Random) -> str | None:
    if rng.random() < 0.1:
        return None
    return str(Decimal(rng.randrange(0, 10**9)) / 100)


def text(rng: random.Random, longest: int = 40) -> str:
    return "".join(rng.choice(TEXT_POOL) for _ in range(rng.randrange(0, longest)))


def canonical_fund(doc: dict[str, Any], at: str) -> dict[str, Any]:
    return exchange.fund_to_doc(exchange.read_fund(doc, at))


def canonical_node(doc: dict[str, Any], at: str) -> dict[str, Any]:
    return exchange.node_to_doc(exchange.read_node(doc, at))


class Editor:
    def __init__(self, report: ReportFile, rng: random.Random, serial: int) -> None:
        self.report = report
        self.rng = rng
        self.serial = serial

    def next_op(self) -> dict[str, Any]:
        rng, pkg = self.rng, self.report.package
        roll = rng.random()
        funds = pkg.special_funds
        own_groups = [i for i, n in enumerate(pkg.indicators.tree) if n.name.startswith(GROUP_PREFIX)]
        if roll < 0.25:
            field = rng.choice(OVERALL_MONEY_FIELDS)
            return {"op": "set", "pointer": f"/overall/{field}", "value": money(rng)}
        if roll < 0.30:
            field = rng.choice(OVERALL_COUNT_FIELDS)
            return {"op": "set", "pointer": f"/overall/{field}", "value": rng.randrange(0, 200)}
        if roll < 0.38:
            field = rng.choice(OVERALL_TEXT_FIELDS)
            return {"op": "set", "pointer": f"/overall/{field}", "value": text(rng, 200)}
        if roll < 0.45:
            pointer = rng.choice(LEAF_SCORES)
            return {"op": "set", "pointer": pointer, "value": rng.choice([None, f"{rng.randrange(0, 500) / 100:.2f}"])}
        if roll < 0.50:
            pointer = rng.choice(LEAF_INPUTS)
            return {"op": "set", "pointer": pointer, "value": str(Decimal(rng.randrange(0, 10**6)) / 100)}
        if roll < 0.53:
            return {"op": "set", "pointer": CHECKLIST_MET, "value": rng.choice([True, False, None])}
        if roll < 0.62 and len(funds) < 12:
            self.serial += 1
            count = rng.randrange(0, 7)
            name = f"{FUND_PREFIX}{self.serial}"
            doc = {
                "name": name,
                "overview": text(rng, 300),
                "allocated": money(rng),
                "spent": money(rng),
                "items": [{"name": f"{name} 明细{k + 1}/{count}", "amount": money(rng)} for k in range(count)],
                "filler": text(rng, 6),
            }
            at = f"/special_funds/{rng.randrange(0, len(funds) + 1)}"
            return {"op": "insert", "list": "/special_funds", "index": int(at.rsplit("/", 1)[1]), "doc": canonical_fund(doc, at)}
        if roll < 0.68 and funds:
            return {"op": "remove", "pointer": f"/special_funds/{rng.randrange(len(funds))}"}
        if roll < 0.72 and len(funds) > 1:
            source = rng.randrange(len(funds))
            return {"op": "move", "pointer": f"/special_funds/{source}", "dest": "/special_funds", "index": rng.randrange(len(funds))}
        if roll < 0.80 and funds:
            i = rng.randrange(len(funds))
            fund = funds[i]
            if rng.random() < 0.5 or not fund.items:
                field = rng.choice(["overview", "performance", "allocated", "spent", "phone"])
                value: Any = money(rng) if field in ("allocated", "spent") else text(rng, 100)
                return {"op": "set", "pointer": f"/special_funds/{i}/{field}", "value": value}
            j = rng.randrange(len(fund.items))
            return {"op": "set", "pointer": f"/special_funds/{i}/items/{j}/amount", "value": money(rng)}
        if roll < 0.86 and len(own_groups) < 4:
            self.serial += 1
            count = rng.randrange(1, 6)
            name = f"{GROUP_PREFIX}{self.serial}"
            children = [
                {"name": f"{name} 指标{k + 1}/{count}", "weight": rng.randrange(1, 10), "rule": {"type": "manual"}, "score": None}
                for k in range(count)
            ]
            index = len(pkg.indicators.tree)
            at = f"/indicators/tree/{index}"
            doc = canonical_node({"name": name, "weight": 10, "children": children}, at)
            return {"op": "insert", "list": "/indicators/tree", "index": index, "doc": doc}
        if roll < 0.90 and own_groups:
            return {"op": "remove", "pointer": f"/indicators/tree/{rng.choice(own_groups)}"}
        items = pkg.overall.capital_repair_items
        if roll < 0.96 or not items:
            self.serial += 1
            doc = {"name": f"{REPAIR_PREFIX}{self.serial}", "amount": money(rng)}
            index = rng.randrange(0, len(items) + 1)
            return {"op": "insert", "list": "/overall/capital_repair_items", "index": index, "doc": doc}
        return {"op": "remove", "pointer": f"/overall/capital_repair_items/{rng.randrange(len(items))}"}

    def apply(self, op: dict[str, Any]) -> None:
        report = self.report
        if op["op"] == "set":
            report.set(op["pointer"], op["value"])
            stored = report.get(op["pointer"])
            if stored != op["value"]:
                raise AssertionError(f"{op['pointer']}: stored {stored!r}, sent {op['value']!r}")
        elif op["op"] == "insert":
            report.insert(op["list"], op["index"], op["doc"])
            stored = report.get(f"{op['list']}/{op['index']}")
            if stored != op["doc"]:
                raise AssertionError(f"{op['list']}/{op['index']}: stored {stored!r}, sent {op['doc']!r}")
        elif op["op"] == "remove":
            report.remove(op["pointer"])
        else:
            report.move(op["pointer"], op["dest"], op["index"])


def open_report(path: Path, backups: Path | None) -> ReportFile:
    report = ReportFile.open(path, backups=backups)
    if report.backup_problem:
        raise AssertionError(report.backup_problem)
    return report


def main() -> None:
    path, seed = Path(sys.argv[1]), int(sys.argv[2])
    backups = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    rng = random.Random(seed)
    report = open_report(path, backups)
    emit("ready", {"seed": seed})
    editor = Editor(report, rng, serial=seed * 10_000)
    while True:
        if rng.random() < 0.03:
            report.close()
            report = open_report(path, backups)
            editor.report = report
        op = editor.next_op()
        emit("begin", op)
        editor.apply(op)
        emit("ack", op)


if __name__ == "__main__":
    main()
