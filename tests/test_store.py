"""The report file: one SQLite database, every edit its own committed transaction, refusals untouched."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import packages, signed_points

from perfcore import store
from perfcore.exchange import ExchangeError, load_json, package_to_doc
from perfcore.filelock import LockedError, lock_path
from perfcore.model import Group, Leaf, Package, iter_leaves, iter_nodes
from perfcore.pointer import PointerError
from perfcore.scoring import score_package
from perfcore.store import ReadOnlyError, ReportFile, StoreError, export_package, inspect_file
from perfcore.store.errors import FigureInUseError, ScoreRangeError

D = Decimal
STAFF = "/indicators/tree/0/children/0/children/0"  # 在职人员控制率


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def sample(sample_json_path: Path) -> Package:
    return load_json(sample_json_path.read_bytes())


@pytest.fixture()
def path(tmp_path: Path, sample: Package) -> Path:
    target = tmp_path / "石峰 2019.jxzp"
    ReportFile.create(target, sample).close()
    return target


@pytest.fixture()
def report(path: Path) -> Iterator[ReportFile]:
    with ReportFile.open(path) as opened:
        yield opened


def plain_read(path: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """What another program sees in the file: a fresh read-only connection of its own."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name.startswith(path.name))


# ---------------------------------------------------------------- creating and reopening


def test_create_then_reopen_holds_the_package(path: Path, sample: Package) -> None:
    with ReportFile.open(path, read_only=True) as reopened:
        assert package_to_doc(reopened.package) == package_to_doc(sample)
        assert reopened.scores.total == D("93.00")
    assert plain_read(path, "PRAGMA journal_mode") == [("delete",)]
    assert plain_read(path, "PRAGMA user_version") == [(store.SCHEMA_VERSION,)]
    assert plain_read(path, "PRAGMA application_id") == [(store.APPLICATION_ID,)]
    assert side_files(path) == []
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_create_refuses_an_existing_file_unless_told(path: Path, sample: Package) -> None:
    before = sha256(path)
    with pytest.raises(StoreError, match="已存在"):
        ReportFile.create(path, sample)
    assert sha256(path) == before
    sample.unit_name = "另一个单位"
    ReportFile.create(path, sample, overwrite=True).close()
    with ReportFile.open(path, read_only=True) as reopened:
        assert reopened.package.unit_name == "另一个单位"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages(weights=signed_points))
def test_json_to_report_file_to_json_is_lossless(package: Package) -> None:
    expected = package_to_doc(package)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "r.jxzp"
        with ReportFile.create(target, package) as created:
            assert package_to_doc(created.package) == expected
            assert package_to_doc(export_package(created)) == expected
        with ReportFile.open(target, read_only=True) as reopened:
            assert package_to_doc(reopened.package) == expected
        assert not (Path(folder) / "r.jxzp-wal").exists()


# ---------------------------------------------------------------- one committed transaction per edit


EDITS: list[tuple[str, Any, str, tuple[Any, ...], Any]] = [
    ("/overall/staff_actual", 12, "SELECT value FROM overall WHERE field = ?", ("staff_actual",), "12"),
    ("/overall/expense_total", "900000.50", "SELECT value FROM overall WHERE field = ?", ("expense_total",), "900000.50"),
    ("/overall/expense_total", None, "SELECT value FROM overall WHERE field = ?", ("expense_total",), None),
    ("/overall/problems", "<b>&\n第二行", "SELECT value FROM overall WHERE field = ?", ("problems",), "<b>&\n第二行"),
    ("/unit_name", "新单位", "SELECT value FROM meta WHERE key = ?", ("unit_name",), "新单位"),
    ("/year", 2020, "SELECT value FROM meta WHERE key = ?", ("year",), "2020"),
    ("/indicators/title", "新标题", "SELECT value FROM meta WHERE key = ?", ("indicators/title",), "新标题"),
    ("/indicators/opinion_unit", "同意", "SELECT value FROM meta WHERE key = ?", ("indicators/opinion_unit",), "同意"),
]


@pytest.mark.parametrize(("pointer", "value", "sql", "params", "stored"), EDITS, ids=[e[0] for e in EDITS])
def test_each_edit_is_committed_at_once(
    path: Path, pointer: str, value: Any, sql: str, params: tuple[Any, ...], stored: Any
) -> None:
    with ReportFile.open(path) as report:
        change = report.set(pointer, value)
        assert change.changed and change.new == value
        assert not report.connection().in_transaction
        # Visible to another connection while the report is still open, with no side file holding it.
        assert plain_read(path, sql, params) == [(stored,)]
        assert side_files(path) == [lock_path(path).name]
    with ReportFile.open(path, read_only=True) as reopened:
        assert reopened.get(pointer) == value


def test_leaf_edits_are_committed_and_rescored(path: Path) -> None:
    with ReportFile.open(path) as report:
        leaf = report.node_at(STAFF)
        change = report.set(f"{STAFF}/score", "4.5")
        assert change.delta.leaves[leaf.uid].final == D("4.5")
        assert change.delta.total == D("92.50")
        row = plain_read(path, "SELECT score FROM node WHERE id = ?", (leaf.uid,))
        assert row == [("4.5",)]
        report.set(f"{STAFF}/rule/points", 1)
        rule = plain_read(path, "SELECT rule FROM node WHERE id = ?", (leaf.uid,))[0][0]
        assert json.loads(rule)["points"] == 1
        report.insert("/figures", 0, {"key": "extra", "label": "附加数", "kind": "count", "value": 3})
        report.set(f"{STAFF}/metric/formula", "staff_actual / staff_quota * 100 + extra - extra")
        report.set(f"{STAFF}/reason", "编制内人员到位")
    with ReportFile.open(path, read_only=True) as reopened:
        leaf = reopened.node_at(STAFF)
        assert isinstance(leaf, Leaf)
        assert leaf.score == D("4.5") and reopened.package.figures[0].value == 3
        assert leaf.reason == "编制内人员到位"
        assert leaf.metric is not None and leaf.metric.formula.endswith("+ extra - extra")
        assert reopened.scores.of(leaf).computed == D("5.00")


def test_a_changed_staff_count_rescores_only_its_leaf(report: ReportFile) -> None:
    leaf = report.node_at(STAFF)
    change = report.set("/overall/staff_actual", 12)
    assert (change.old, change.new) == (7, 12)
    assert list(change.delta.leaves) == [leaf.uid]
    assert change.delta.leaves[leaf.uid].computed == D("0.00")
    assert (change.delta.total, change.delta.grade) == (D("88.00"), "良")


def test_setting_the_same_value_writes_nothing(path: Path) -> None:
    with ReportFile.open(path) as report:
        report.set("/overall/staff_actual", 7)  # the stored value
        before = sha256(path)
        change = report.set("/overall/staff_actual", 7)
        assert change.changed is False
        assert sha256(path) == before


def test_decimals_are_accepted_and_stored_plain(path: Path) -> None:
    with ReportFile.open(path) as report:
        report.set("/overall/assets_total", D("0E-7"))
        report.set("/overall/liabilities_total", D("1E+5"))
    with ReportFile.open(path, read_only=True) as reopened:
        assert reopened.get("/overall/assets_total") == "0.0000000"
        assert reopened.get("/overall/liabilities_total") == "100000"


# ---------------------------------------------------------------- refused edits change nothing


BAD_EDITS: list[tuple[str, Any, type[Exception], str]] = [
    ("/overall/expense_total", "abc", ExchangeError, "不是有效的金额"),
    ("/overall/expense_total", 858000.5, ExchangeError, "金额应为文本形式"),
    ("/overall/staff_actual", "seven", ExchangeError, "应为整数"),
    ("/overall/bogus", 1, PointerError, "不存在"),
    ("/year", 3001, ExchangeError, "不在 1900–2999 之间"),
    (f"{STAFF}/weight", "5.125", ExchangeError, "最多保留两位小数"),
    (f"{STAFF}/rule/type", "magic", ExchangeError, "未知的计分规则类型"),
    (f"{STAFF}/metric/formula", "__import__('os')", ExchangeError, "无法识别"),
    (f"{STAFF}/bogus", 1, PointerError, "不存在"),
    ("/indicators/tree/0/weight", "x", ExchangeError, "不是有效的数值"),
    ("/indicators/tree/0/criterion", "x", PointerError, "不存在"),
    ("/indicators/tree/99/name", "x", PointerError, "超出范围"),
    ("/indicators/tree/٣/name", "x", PointerError, "不是序号"),
    ("/special_funds/5/name", "x", PointerError, "超出范围"),
    ("/special_funds/0/items", [], PointerError, "不存在"),
    ("/special_funds/0/allocated", "1.2.3", ExchangeError, "不是有效的金额"),
    ("/special_funds/0/items/0/amount", "x", ExchangeError, "不是有效的金额"),
    ("/nowhere", 1, PointerError, "不存在"),
    ("overall/staff_actual", 1, PointerError, "应以 / 开头"),
    ("/indicators/tree/0", {}, PointerError, "请使用插入或删除"),
]


@pytest.mark.parametrize(("pointer", "value", "error", "fragment"), BAD_EDITS, ids=[e[0] + "=" + repr(e[1]) for e in BAD_EDITS])
def test_a_refused_edit_leaves_file_and_memory_unchanged(
    path: Path, pointer: str, value: Any, error: type[Exception], fragment: str
) -> None:
    with ReportFile.open(path) as report:
        file_before = sha256(path)
        doc_before = package_to_doc(report.package)
        nodes_before = [node for _, node in iter_leaves(report.package)]
        overall_before = report.package.overall
        total_before = report.scores.total
        with pytest.raises(error, match=fragment):
            report.set(pointer, value)
        assert sha256(path) == file_before
        assert package_to_doc(report.package) == doc_before
        # The very objects the desktop holds stay the live ones (no silent reload behind its back).
        assert [node for _, node in iter_leaves(report.package)] == nodes_before
        assert all(a is b for a, b in zip(nodes_before, (n for _, n in iter_leaves(report.package)), strict=True))
        assert report.package.overall is overall_before
        assert report.scores.total == total_before
        assert not report.connection().in_transaction
        report.set("/overall/staff_actual", 8)  # the file still takes edits
    with ReportFile.open(path, read_only=True) as reopened:
        assert reopened.package.overall.staff_actual == 8


def test_read_only_refuses_edits(path: Path) -> None:
    with ReportFile.open(path, read_only=True) as report:
        before = sha256(path)
        with pytest.raises(ReadOnlyError, match="以只读方式打开"):
            report.set("/overall/staff_actual", 9)
        with pytest.raises(ReadOnlyError):
            report.insert("/special_funds", 0, {"name": "x"})
        assert sha256(path) == before


# ---------------------------------------------------------------- structural edits


def positions(path: Path, table: str, where: str = "1 = 1", params: tuple[Any, ...] = ()) -> list[int]:
    return [r[0] for r in plain_read(path, f"SELECT pos FROM {table} WHERE {where} ORDER BY pos", params)]


def assert_contiguous(path: Path) -> None:
    for table in ("repair_item", "fund", "figure", "project"):
        assert positions(path, table) == list(range(len(positions(path, table)))), table
    for (fund_id,) in plain_read(path, "SELECT id FROM fund"):
        got = positions(path, "fund_item", "fund_id = ?", (fund_id,))
        assert got == list(range(len(got)))
    projects = [r[0] for r in plain_read(path, "SELECT id FROM project")]
    for project_id in projects:
        got = positions(path, "budget_line", "project_id = ?", (project_id,))
        assert got == list(range(len(got)))
        got = positions(path, "node", "parent_id IS NULL AND project_id = ?", (project_id,))
        assert got == list(range(len(got))), project_id
    got = positions(path, "node", "parent_id IS NULL AND project_id IS NULL")
    assert got == list(range(len(got)))
    for (parent,) in plain_read(path, "SELECT id FROM node WHERE kind = 'group'"):
        got = positions(path, "node", "parent_id = ?", (parent,))
        assert got == list(range(len(got))), parent


def assert_file_matches_memory(report: ReportFile) -> None:
    with ReportFile.open(report.path, read_only=True) as reopened:
        assert package_to_doc(reopened.package) == package_to_doc(report.package)
        assert reopened.scores.total == report.scores.total
    assert_contiguous(report.path)


def test_funds_and_items_insert_remove_move(report: ReportFile) -> None:
    assert [f.name for f in report.package.special_funds] == ["2019年第一期职业培训资金"]
    report.remove("/special_funds/0")
    assert plain_read(report.path, "SELECT count(*) FROM fund_item") == [(0,)]  # its items went with it
    for i, name in enumerate(["甲专项", "乙专项", "丙专项"]):
        report.insert("/special_funds", i, {"name": name, "allocated": "1000.00", "items": [{"name": "一", "amount": "1"}]})
    report.insert("/special_funds", 1, {"name": "插入的"})
    assert [f.name for f in report.package.special_funds] == ["甲专项", "插入的", "乙专项", "丙专项"]
    assert_file_matches_memory(report)
    report.insert("/special_funds/0/items", 0, {"name": "零", "amount": "0.50"})
    report.insert("/special_funds/0/items", 2, {"name": "二", "amount": None})
    report.move("/special_funds/0/items/2", "/special_funds/0/items", 0)
    assert [i.name for i in report.package.special_funds[0].items] == ["二", "零", "一"]
    report.move("/special_funds/0/items/1", "/special_funds/2/items", 1)  # to another fund
    assert [i.name for i in report.package.special_funds[2].items] == ["一", "零"]
    report.move("/special_funds/3", "/special_funds", 0)
    assert [f.name for f in report.package.special_funds] == ["丙专项", "甲专项", "插入的", "乙专项"]
    change = report.remove("/special_funds/1")
    assert change.structural and change.old["name"] == "甲专项"
    assert_file_matches_memory(report)
    assert plain_read(report.path, "SELECT count(*) FROM fund_item WHERE fund_id NOT IN (SELECT id FROM fund)") == [(0,)]
    report.set("/special_funds/2/items/1/amount", "2.25")
    report.set("/special_funds/0/spent", "12.00")
    assert_file_matches_memory(report)


def test_repair_items(report: ReportFile) -> None:
    for i in range(3):
        report.insert("/overall/capital_repair_items", i, {"name": f"项目{i}", "amount": f"{i}.00"})
    report.move("/overall/capital_repair_items/0", "/overall/capital_repair_items", 2)
    report.remove("/overall/capital_repair_items/0")
    assert [i.name for i in report.package.overall.capital_repair_items] == ["项目2", "项目0"]
    report.set("/overall/capital_repair_items/1/amount", "9.99")
    assert_file_matches_memory(report)


def test_indicator_nodes(report: ReportFile) -> None:
    tree = report.package.indicators.tree
    first_group = tree[0]
    assert isinstance(first_group, Group)
    leaf_doc = {"name": "新指标", "weight": 2, "rule": {"type": "manual"}, "score": 1}
    change = report.insert("/indicators/tree/0/children/0/children", 1, leaf_doc)
    assert change.structural and change.delta.total == D("94.00")
    report.insert("/indicators/tree", 3, {"name": "新一级", "weight": 0, "children": []})
    report.move("/indicators/tree/0/children/0/children/1", "/indicators/tree/3/children", 0)
    moved = report.node_at("/indicators/tree/3/children/0")
    assert moved.name == "新指标"
    assert report.scores.total == D("94.00")
    report.move("/indicators/tree/3", "/indicators/tree", 0)
    assert report.node_at("/indicators/tree/0").name == "新一级"
    assert_file_matches_memory(report)
    removed = report.remove("/indicators/tree/1")  # a whole 一级 group with its subtree
    assert removed.old["name"] == first_group.name
    assert report.scores.total == D("94.00") - D(13)
    assert_file_matches_memory(report)
    assert plain_read(report.path, "SELECT count(*) FROM node WHERE parent_id NOT IN (SELECT id FROM node)") == [(0,)]


def test_a_group_cannot_move_into_itself(report: ReportFile) -> None:
    before = sha256(report.path)
    with pytest.raises(PointerError, match="自己的下级"):
        report.move("/indicators/tree/0", "/indicators/tree/0/children/0/children", 0)
    with pytest.raises(PointerError, match="同类条目"):
        report.move("/special_funds/0", "/indicators/tree", 0)
    with pytest.raises(PointerError, match="超出范围"):
        report.insert("/indicators/tree", 9, {"name": "x", "weight": 1})
    with pytest.raises(ExchangeError):
        report.insert("/indicators/tree", 0, {"name": "x", "weight": "1.001"})
    assert sha256(report.path) == before


def test_inserted_item_errors_name_their_own_index(report: ReportFile) -> None:
    for i in range(2):
        report.insert("/overall/capital_repair_items", i, {"name": f"项目{i}", "amount": "1.00"})
    with pytest.raises(ExchangeError) as info:
        report.insert("/overall/capital_repair_items", 2, {"name": "x", "amount": "abc"})
    assert info.value.pointer == "/overall/capital_repair_items/2/amount"
    with pytest.raises(ExchangeError) as info:
        report.set("/overall/capital_repair_items/1/amount", "abc")
    assert info.value.pointer == "/overall/capital_repair_items/1/amount"


# ---------------------------------------------------------------- refusals: one line, file untouched


def _other_program_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '123')")
    conn.commit()
    conn.close()


def _newer_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


def _truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _corrupt_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Overwrite the b-tree pages after the schema page, keeping the header intact.
    data[page : page * 4] = bytes((i * 37 + 11) % 256 for i in range(page * 3))
    path.write_bytes(bytes(data))


def _not_sqlite(path: Path) -> None:
    path.write_text('{"format": "perf-filing/1"}', encoding="utf-8")


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _header_only(path: Path) -> None:
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 20)


REFUSALS = [
    (_not_sqlite, "不是绩效自评报告文件"),
    (_zero_bytes, "是空文件"),
    (_header_only, "已损坏"),
    (_truncated, "已损坏"),
    (_other_program_db, "是其他程序的数据库"),
    (_newer_version, f"由更新版本的程序创建（文件版本 99，本程序支持 {store.SCHEMA_VERSION}），请升级程序后再打开"),
    (_corrupt_pages, "已损坏"),
]


@pytest.mark.parametrize(("spoil", "fragment"), REFUSALS, ids=[r[0].__name__.strip("_") for r in REFUSALS])
@pytest.mark.parametrize("read_only", [False, True], ids=["write", "read"])
def test_refused_files_are_left_untouched(
    tmp_path: Path, sample: Package, spoil: Any, fragment: str, read_only: bool
) -> None:
    target = tmp_path / "报告.jxzp"
    if spoil not in (_not_sqlite, _zero_bytes, _header_only, _other_program_db):
        ReportFile.create(target, sample).close()
    spoil(target)
    before = sha256(target)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(StoreError) as info:
        ReportFile.open(target, read_only=read_only)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message and "报告.jxzp" in message
    assert sha256(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing  # no journal, lock or temp file left
    with pytest.raises(StoreError):
        inspect_file(target)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="找不到文件“没有.jxzp”"):
        ReportFile.open(tmp_path / "没有.jxzp")
    with pytest.raises(StoreError, match="是文件夹"):
        ReportFile.open(tmp_path)


# ---------------------------------------------------------------- migrations


def _add_reviewer_table(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE reviewer (name TEXT NOT NULL)")
    conn.execute("INSERT INTO reviewer VALUES ('审核人')")


def test_an_old_file_is_migrated_up_the_ladder(
    path: Path, tmp_path: Path, sample: Package, monkeypatch: pytest.MonkeyPatch
) -> None:
    newer = store.SCHEMA_VERSION + 1
    monkeypatch.setattr(store.schema, "MIGRATIONS", [*store.MIGRATIONS, _add_reviewer_table])
    monkeypatch.setattr(store.schema, "SCHEMA_VERSION", newer)
    before = path.read_bytes()
    with ReportFile.open(path, read_only=True) as reader:  # upgraded in memory, the file untouched
        assert package_to_doc(reader.package) == package_to_doc(sample)
        assert reader.connection().execute("SELECT name FROM reviewer").fetchall() == [("审核人",)]
    assert path.read_bytes() == before and plain_read(path, "PRAGMA user_version") == [(newer - 1,)]
    backups = tmp_path / "backups"
    with ReportFile.open(path, backups=backups) as report:
        assert package_to_doc(report.package) == package_to_doc(sample)
    assert plain_read(path, "PRAGMA user_version") == [(newer,)]
    assert plain_read(path, "SELECT name FROM reviewer") == [("审核人",)]
    assert any(backups.rglob("*")), "a copy is made before migrating"
    # A new file is built by the whole ladder.
    fresh = tmp_path / "new.jxzp"
    ReportFile.create(fresh, sample).close()
    assert plain_read(fresh, "PRAGMA user_version") == [(newer,)]
    assert plain_read(fresh, "SELECT name FROM reviewer") == [("审核人",)]


def test_a_failing_migration_leaves_the_file_as_it_was(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.schema, "MIGRATIONS", [*store.MIGRATIONS, broken])
    monkeypatch.setattr(store.schema, "SCHEMA_VERSION", store.SCHEMA_VERSION + 1)
    before = sha256(path)
    with pytest.raises((StoreError, sqlite3.Error)):
        ReportFile.open(path, backups=tmp_path / "backups")
    assert sha256(path) == before
    assert not lock_path(path).exists()
    assert plain_read(path, "PRAGMA user_version") == [(store.SCHEMA_VERSION,)]


# ---------------------------------------------------------------- the writer lock


def test_one_writer_at_a_time(path: Path) -> None:
    first = ReportFile.open(path)
    try:
        with pytest.raises(LockedError) as info:
            ReportFile.open(path)
        message = str(info.value)
        assert info.value.holder is not None
        assert info.value.holder.pid == os.getpid()
        assert str(os.getpid()) in message and info.value.holder.host in message
        assert "可以只读方式打开查看" in message
        with ReportFile.open(path, read_only=True) as reader:
            assert reader.scores.total == D("93.00")
        first.set("/overall/staff_actual", 12)
        with ReportFile.open(path, read_only=True) as reader:
            assert reader.package.overall.staff_actual == 12
    finally:
        first.close()
    assert not lock_path(path).exists()
    with ReportFile.open(path) as second:
        assert second.package.overall.staff_actual == 12


# ---------------------------------------------------------------- any sequence of edits


_VALUES: list[Any] = [None, "", "abc", 0, 1, 7, "1.5", "1.555", "858000.00", True, [], {}, "<b>&\n", D("2.5"), "0E-7"]
_VALUES += [{"type": "manual"}, {"formula": "staff_actual", "unit": "%"}, {"a": "1"}, "__import__('os')"]
_VALUES += ["满意人数", "staff_actual", ">=", "达成", 95, "1000.00", {"type": "target", "target": 5, "actual": 4}]
_VALUES += [[{"label": "优", "min": 95}, {"label": "差", "min": 0}], ["overall", "projects"]]
_LEAF_KEYS = ["name", "weight", "metric", "metric/formula", "reason", "rule", "rule/type", "rule/points"]
_LEAF_KEYS += ["rule/count", "rule/selected", "rule/items/0/met", "rule/bands/0/max", "score", "note", "rule/rounding"]
_LEAF_KEYS += ["rule/actual", "rule/target", "rule/direction", "rule/rating"]
_FIGURE_KEYS = ["key", "label", "kind", "value", "group", "carry"]
_PROJECT_KEYS = ["name", "budget/weight", "budget/score", "goals/actual", "conclusion", "filled_on"]
_LINE_KEYS = ["label", "initial", "full", "executed"]


def _tree_pointers(nodes: list[Any], prefix: str) -> list[str]:
    found = []
    for p, node in iter_nodes(nodes, prefix):
        found += [f"{p}/name", f"{p}/weight"] if isinstance(node, Group) else [f"{p}/{k}" for k in _LEAF_KEYS]
    return found


def _value_pointers(report: ReportFile) -> list[str]:
    found = ["/overall/staff_actual", "/overall/expense_total", "/overall/problems", "/year", "/unit_name"]
    found += ["/grades", "/grades/0/min", "/forms", "/overall_carry/balance_year_end"]
    found += _tree_pointers(report.package.indicators.tree, "/indicators/tree")
    for i, fund in enumerate(report.package.special_funds):
        found += [f"/special_funds/{i}/spent"] + [f"/special_funds/{i}/items/{j}/amount" for j in range(len(fund.items))]
    found += [f"/figures/{i}/{k}" for i in range(len(report.package.figures)) for k in _FIGURE_KEYS]
    for i, project in enumerate(report.package.projects):
        found += [f"/projects/{i}/{k}" for k in _PROJECT_KEYS]
        found += [f"/projects/{i}/budget/lines/{j}/{k}" for j in range(len(project.budget.lines)) for k in _LINE_KEYS]
        found += _tree_pointers(project.tree, f"/projects/{i}/tree")
    return found


def _list_pointers(report: ReportFile) -> list[str]:
    found = ["/special_funds", "/overall/capital_repair_items", "/indicators/tree", "/figures", "/projects"]
    found += [f"{p}/children" for p, node in iter_nodes(report.package.indicators.tree) if isinstance(node, Group)]
    for i, project in enumerate(report.package.projects):
        found += [f"/projects/{i}/tree", f"/projects/{i}/budget/lines"]
        found += [f"{p}/children" for p, node in iter_nodes(project.tree, f"/projects/{i}/tree") if isinstance(node, Group)]
    return found + [f"/special_funds/{i}/items" for i in range(len(report.package.special_funds))]


def _new_entity(list_pointer: str, data: Any) -> dict[str, Any]:
    if list_pointer == "/special_funds":
        return {"name": "新专项", "items": [{"name": "一", "amount": "1.00"}]}
    if list_pointer.endswith(("/items", "capital_repair_items")):
        return {"name": "新条目", "amount": "2.50"}
    if list_pointer == "/figures":
        key = data.draw(st.sampled_from(["满意人数", "新数据", "public_budget"]), label="figure key")
        return {"key": key, "label": "新数据", "kind": "number", "value": "3"}
    if list_pointer.endswith("/lines"):
        return {"label": "其他资金", "initial": None, "full": "100.00", "executed": "80.00"}
    if list_pointer == "/projects":
        line = {"label": "本年财政拨款", "full": "10.00", "executed": "9.00"}
        return {"name": "新项目", "budget": {"lines": [line]}, "tree": [{"name": "产出指标", "weight": 90, "children": []}]}
    leaf = {"name": "新指标", "weight": 1, "rule": {"type": "deduct_count", "points": 1, "count": 1}}
    group = {"name": "新组", "weight": 1, "children": [leaf]}
    choice: dict[str, Any] = data.draw(st.sampled_from([leaf, group]), label="entity")
    return choice


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_sequence_of_edits_keeps_file_memory_and_scores_in_step(sample_json_path: Path, data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "r.jxzp"
        # The demo (upgraded from /1) or the worked /2 package with three projects.
        source = data.draw(
            st.sampled_from([sample_json_path.read_text(encoding="utf-8"), json.dumps(three_projects_doc(), ensure_ascii=False)]),
            label="package",
        )
        ReportFile.create(target, load_json(source)).close()
        with ReportFile.open(target) as report:
            for _ in range(data.draw(st.integers(1, 12), label="edits")):
                op = data.draw(st.sampled_from(["set", "set", "set", "insert", "remove", "move"]), label="op")
                lists = _list_pointers(report)
                try:
                    if op == "set":
                        pointer = data.draw(st.sampled_from(_value_pointers(report)), label="pointer")
                        report.set(pointer, data.draw(st.sampled_from(_VALUES), label="value"))
                    elif op == "insert":
                        at = data.draw(st.sampled_from(lists), label="list")
                        index = data.draw(st.integers(0, len(report.get(at))), label="index")
                        report.insert(at, index, _new_entity(at, data))
                    else:
                        at = data.draw(st.sampled_from([p for p in lists if report.get(p)] or lists), label="list")
                        size = len(report.get(at))
                        if not size:
                            continue
                        source = f"{at}/{data.draw(st.integers(0, size - 1), label='position')}"
                        if op == "remove":
                            report.remove(source)
                        else:
                            dest = data.draw(st.sampled_from(lists), label="destination")
                            report.move(source, dest, data.draw(st.integers(0, len(report.get(dest))), label="to"))
                except (ExchangeError, PointerError, ScoreRangeError, FigureInUseError):
                    pass  # refused: the checks below show nothing moved
                assert not report.connection().in_transaction
                fresh = score_package(copy.deepcopy(report.package))
                assert (report.scores.leaves, report.scores.groups) == (fresh.leaves, fresh.groups)
                assert report.scores.projects == fresh.projects
                assert (report.scores.total, report.scores.grade) == (fresh.total, fresh.grade)
            assert_file_matches_memory(report)
