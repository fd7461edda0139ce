"""Hand-made damage of every table is refused by name, never dropped or quietly 'fixed' (round 2).

Every list the file keeps (基建维修项目, 专项资金 and their 支出明细, 表3's indicators and each
project's, 基础数据, 项目, 资金来源) is stored with positions that the edits count as list
indexes. A position that is not one of 0 … n-1 (a gap, a negative, fractional or text
position) loaded "fine" and then put a moved row somewhere else in the file than on screen;
a deep indicator that also names a project went with that project when the project was
removed (93.89 → 9.89 on reopening); a stored node kind other than group/leaf and a v1
``inputs`` column left in a v2 file were read past. Each is now a refusal naming the row,
the file untouched, through the file API (read-write and read-only) and the command line.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.exchange import package_from_doc
from perfcore.store import ReportFile, StoreError

POSITIONED = {
    # table: the column that says which list a row belongs to (None: the package's own list)
    "repair_item": None,
    "fund": None,
    "fund_item": "fund_id",
    "node": "coalesce(parent_id, -project_id)",
    "figure": None,
    "project": None,
    "budget_line": "project_id",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _package_doc(sample: dict[str, Any]) -> dict[str, Any]:
    """Three projects with their lines and trees, plus the demo's fund and repair items."""
    doc = three_projects_doc()
    doc["special_funds"] = copy.deepcopy(sample["special_funds"]) * 2
    doc["overall"]["capital_repair_items"] = [{"name": f"维修{i}", "amount": "1.00"} for i in range(3)]
    return doc


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> Path:
    import json

    path = tmp_path_factory.mktemp("rows") / "项目.jxzp"
    doc = _package_doc(json.loads(sample_json_path.read_text(encoding="utf-8")))
    ReportFile.create(path, package_from_doc(doc)).close()
    conn = sqlite3.connect(path)
    try:
        for table in POSITIONED:
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] >= 2, table
    finally:
        conn.close()
    return path


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _refused(path: Path, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(path)
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            ReportFile.open(path, read_only=read_only)
        message = str(caught.value)
        assert expected in message and "\n" not in message, message
    for argv in (["score", str(path)], ["export", str(path), str(path.with_suffix(".json"))]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err and expected in err, err
    assert not path.with_suffix(".json").exists()
    assert sha256(path) == before
    assert not [p.name for p in path.parent.iterdir() if p.name != path.name]


POSITION = st.one_of(
    st.integers(-3, 40),
    st.sampled_from(["a", "", "1x", "０"]),
    st.floats(-2, 40, allow_nan=False).filter(lambda f: f != int(f)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(sorted(POSITIONED)), pick=st.integers(0, 10_000), position=POSITION)
def test_a_position_that_is_not_a_list_index_is_refused(
    prepared: Path, capsys: pytest.CaptureFixture[str], table: str, pick: int, position: object
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "x.jxzp"
        shutil.copyfile(prepared, path)
        conn = sqlite3.connect(path, isolation_level=None)
        ids = [row[0] for row in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
        row_id = ids[pick % len(ids)]
        owner = POSITIONED[table] or "0"
        siblings = conn.execute(
            f"SELECT count(*) FROM {table} WHERE {owner} IS (SELECT {owner} FROM {table} WHERE id = ?)", [row_id]
        ).fetchone()[0]
        old = conn.execute(f"SELECT pos FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
        conn.execute(f"UPDATE {table} SET pos = ? WHERE id = ?", [position, row_id])
        stored = conn.execute(f"SELECT pos FROM {table} WHERE id = ?", [row_id]).fetchone()[0]
        conn.close()
        if stored == old:
            ReportFile.open(path, read_only=True).close()  # nothing changed: still opens
            return
        # One row moved off its index: a duplicate (stored within 0 … n-1) or not an index.
        within = type(stored) is int and 0 <= stored < siblings
        _refused(path, "同一位置" if within else "排列序号", capsys)


def test_a_deep_indicator_naming_a_project_is_refused(prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    # A 表3 leaf whose row also names project 1: removing that project deleted the leaf too.
    tamper(
        path,
        "UPDATE node SET project_id = (SELECT min(id) FROM project) "
        "WHERE id = (SELECT min(id) FROM node WHERE parent_id IS NOT NULL AND kind = 'leaf')",
    )
    _refused(path, "既有上级指标又记为项目", capsys)


@pytest.mark.parametrize(
    ("statements", "expected"),
    [
        (["PRAGMA ignore_check_constraints = ON", "UPDATE node SET kind = 'Leaf' WHERE id = (SELECT max(id) FROM node)"], "类别"),
        (["UPDATE node SET inputs = '{\"在职人数\": 5}' WHERE id = (SELECT max(id) FROM node)"], "旧版本的输入数据"),
    ],
)
def test_a_node_row_the_program_never_writes_is_refused(
    prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], statements: list[str], expected: str
) -> None:
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    tamper(path, *statements)
    _refused(path, expected, capsys)


def test_edits_keep_positions_list_indexes(prepared: Path, tmp_path: Path) -> None:
    """The promise the refusal relies on: after inserts, moves and removals in every list, the
    file still holds 0 … n-1 (it reopens) and the order on reopening is the order edited."""
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    with ReportFile.open(path) as report:
        report.move("/projects/0", "/projects", 2)
        report.move("/special_funds/0/items/0", "/special_funds/1/items", 1)
        report.remove("/overall/capital_repair_items/1")
        report.move("/projects/1/tree/0", "/projects/0/tree", 0)
        report.insert("/figures", 1, report.get("/figures/0") | {"key": "new_key", "label": "新数据"})
        report.move("/figures/3", "/figures", 0)
        edited = report.package
        names = ([p.name for p in edited.projects], [f.key for f in edited.figures], [len(f.items) for f in edited.special_funds])
    with ReportFile.open(path, read_only=True) as again:
        reread = again.package
        assert names == ([p.name for p in reread.projects], [f.key for f in reread.figures], [len(f.items) for f in reread.special_funds])
