"""Nothing stored in a file runs, and hand-made structural damage is refused, not dropped.

* Any trigger, view, table or index the program did not create (hypothesis over random stored
  schema objects) makes the file refused — before anything is written, the file byte-for-byte
  unchanged — by the file API, read-only or not, and by the command line.
* Rows that cannot be rebuilt exactly (a parent cycle, an indicator under a leaf or a missing
  parent, a fund item of a missing fund, two rows at one position, a year of 99999 or none, a
  count that is not a whole number, a rule column of 100,000 ``[``, a key twice in a rule) are
  refused naming what is wrong; nothing is silently lost.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.store import ReportFile, StoreError


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> Path:
    path = tmp_path_factory.mktemp("prepared") / "石峰.jxzp"
    ReportFile.create(path, load_json(sample_json_path.read_bytes())).close()
    return path


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


TABLES = ["meta", "overall", "repair_item", "fund", "fund_item", "node"]
IDENT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12).map(lambda s: "x_" + s)


@st.composite
def foreign_objects(draw: st.DrawFn) -> str:
    name = draw(IDENT)
    table = draw(st.sampled_from(TABLES))
    kind = draw(st.sampled_from(["trigger", "view", "table", "index", "temp-free trigger on delete"]))
    if kind == "trigger":
        event = draw(st.sampled_from(["INSERT", "UPDATE", "DELETE"]))
        when = draw(st.sampled_from(["BEFORE", "AFTER"]))
        return f"CREATE TRIGGER {name} {when} {event} ON {table} BEGIN DELETE FROM node; DELETE FROM fund; END"
    if kind == "temp-free trigger on delete":
        return f"CREATE TRIGGER {name} AFTER UPDATE OF value ON overall BEGIN UPDATE node SET weight = '0'; END"
    if kind == "view":
        return f"CREATE VIEW {name} AS SELECT * FROM {table}"
    if kind == "table":
        return f"CREATE TABLE {name} (a, b)"
    column = {"meta": "value", "overall": "value", "repair_item": "name", "fund": "name", "fund_item": "name", "node": "name"}[table]
    return f"CREATE INDEX {name} ON {table}({column})"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(objects=st.lists(foreign_objects(), min_size=1, max_size=3, unique_by=lambda s: s.split()[2]))
def test_any_stored_object_the_program_did_not_create_is_refused_untouched(
    prepared: Path, capsys: pytest.CaptureFixture[str], objects: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / "x.jxzp"
        shutil.copyfile(prepared, path)
        tamper(path, *objects)
        before = sha256(path)
        for read_only in (False, True):
            with pytest.raises(StoreError) as caught:
                ReportFile.open(path, read_only=read_only)
            assert "本程序不会创建" in str(caught.value) and "\n" not in str(caught.value)
        for argv in (["score", str(path)], ["check", str(path)], ["export", str(path), str(Path(temp) / "o.json")]):
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert err.count("\n") == 1 and "本程序不会创建" in err
        assert sha256(path) == before
        assert sorted(p.name for p in Path(temp).iterdir()) == ["x.jxzp"]


def test_the_reported_trigger_never_runs(prepared: Path, tmp_path: Path) -> None:
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    tamper(path, "CREATE TRIGGER wipe AFTER UPDATE ON overall BEGIN DELETE FROM node; DELETE FROM fund; END")
    with pytest.raises(StoreError, match="触发器“wipe”"):
        ReportFile.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM node").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM fund").fetchone()[0] > 0
    conn.close()


def _first(path: Path, sql: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


DAMAGE: dict[str, tuple[Callable[[Path], list[str]], str]] = {
    "parent cycle": (
        # A first-level group made the child of its own child: the pair and all below vanish.
        lambda p: [
            "UPDATE node SET parent_id = (SELECT min(c.id) FROM node c WHERE c.parent_id = node.id AND c.kind = 'group') "
            f"WHERE id = {_first(p, 'SELECT min(id) FROM node WHERE parent_id IS NULL')}"
        ],
        "成环",
    ),
    "self parent": (lambda p: [f"UPDATE node SET parent_id = id WHERE id = {_first(p, 'SELECT min(id) FROM node WHERE parent_id IS NULL')}"], "成环"),
    "node under a leaf": (
        lambda p: [
            f"UPDATE node SET parent_id = {_first(p, 'SELECT min(id) FROM node WHERE kind = ' + chr(39) + 'leaf' + chr(39))} "
            f"WHERE id = {_first(p, 'SELECT max(id) FROM node WHERE kind = ' + chr(39) + 'leaf' + chr(39))}"
        ],
        "末级指标",
    ),
    "missing parent": (
        lambda p: ["PRAGMA foreign_keys = OFF", f"UPDATE node SET parent_id = 999999 WHERE id = {_first(p, 'SELECT max(id) FROM node')}"],
        "不存在",
    ),
    "orphan fund item": (
        lambda p: ["PRAGMA foreign_keys = OFF", f"UPDATE fund_item SET fund_id = 999999 WHERE id = {_first(p, 'SELECT min(id) FROM fund_item')}"],
        "专项资金（编号 999999）不存在",
    ),
    "two nodes at one position": (
        lambda p: [f"UPDATE node SET pos = 0 WHERE parent_id = {_first(p, 'SELECT parent_id FROM node WHERE pos = 1 AND parent_id IS NOT NULL')}"],
        "同一位置",
    ),
    "year 99999": (lambda p: ["UPDATE meta SET value = '99999' WHERE key = 'year'"], "年度"),
    "year missing": (lambda p: ["DELETE FROM meta WHERE key = 'year'"], "year"),
    "year not digits": (lambda p: ["UPDATE meta SET value = '２０１９' WHERE key = 'year'"], "年度"),
    "count not a number": (lambda p: ["UPDATE overall SET value = '七' WHERE field = 'staff_actual'"], "staff_actual"),
    "count with a sign": (lambda p: ["UPDATE overall SET value = '+7' WHERE field = 'staff_actual'"], "staff_actual"),
    "rule nested 100,000 deep": (
        lambda p: [f"UPDATE node SET rule = '{'[' * 100_000}' WHERE id = {_first(p, 'SELECT min(id) FROM node WHERE kind = ' + chr(39) + 'leaf' + chr(39))}"],
        "嵌套",
    ),
    "key twice in a rule": (
        lambda p: [
            "UPDATE node SET rule = '{\"type\": \"manual\", \"type\": \"manual\"}' "
            f"WHERE id = {_first(p, 'SELECT min(id) FROM node WHERE kind = ' + chr(39) + 'leaf' + chr(39))}"
        ],
        "两次",
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_structural_damage_is_refused_naming_what_is_wrong(
    prepared: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    path = tmp_path / "x.jxzp"
    shutil.copyfile(prepared, path)
    make, expected = DAMAGE[case]
    tamper(path, *make(path))
    before = sha256(path)
    for read_only in (False, True):
        with pytest.raises(StoreError) as caught:
            ReportFile.open(path, read_only=read_only)
        message = str(caught.value)
        assert expected in message and "\n" not in message and len(message) < 400, message
    for argv in (["score", str(path)], ["export", str(path), str(tmp_path / "o.json")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "o.json").exists()
    assert sha256(path) == before


def test_an_intact_file_still_opens_and_exports_whole(prepared: Path, tmp_path: Path, sample_json_path: Path) -> None:
    out = tmp_path / "o.json"
    assert main(["export", str(prepared), str(out)]) == 0
    assert load_json(out.read_bytes()) == load_json(sample_json_path.read_bytes())
