"""Nothing stored in a file runs, whatever it is called and whichever table it hangs on (round 2).

Hypothesis over stored objects with names in any case, with spaces, quotes or CJK, comments
and odd whitespace in their SQL, on every table of a version-2 report file (the tables of
format 2 included) and of a review file, and over definitions of ours changed in place (a
column added with a DEFAULT or a CHECK): each file is refused before anything is written,
byte-for-byte unchanged, and the trigger never fires.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.exchange import load_json
from perfcore.store import ReportFile, StoreError
from perfcore.summary.review import ReviewFile

REPORT_TABLES = ["meta", "overall", "repair_item", "fund", "fund_item", "node", "figure", "project", "budget_line"]
REVIEW_TABLES = ["meta", "unit_file", "entry"]
NAME = st.text(alphabet="aBcXyZ_ 汇总复核\"'0", min_size=1, max_size=10).filter(lambda s: s.strip() and not s[0].isdigit())
SPACE = st.sampled_from([" ", "  ", "\n", "\t", " /* 注释 */ ", " -- x\n"])


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@st.composite
def stored_object(draw: st.DrawFn, tables: list[str]) -> str:
    name = _quoted(draw(NAME))
    table = draw(st.sampled_from(tables))
    gap = draw(SPACE)
    kind = draw(st.sampled_from(["trigger", "view", "table", "index", "column"]))
    if kind == "trigger":
        event = draw(st.sampled_from(["INSERT", "UPDATE", "DELETE"]))
        return f"CREATE{gap}TRIGGER {name} AFTER {event} ON {table}{gap}BEGIN DELETE FROM {table}; END"
    if kind == "view":
        return f"create{gap}view {name} as select * from {table.upper()}"
    if kind == "table":
        return f"CREATE TABLE IF NOT EXISTS {name}{gap}(a TEXT DEFAULT 'x' CHECK (a <> ''))"
    if kind == "index":
        return f"CREATE INDEX {name} ON {table}{gap}(id)"
    extra = draw(st.sampled_from(["TEXT", "TEXT DEFAULT '0'", "INTEGER CHECK (1)", "BLOB"]))
    return f"ALTER TABLE {table} ADD COLUMN {name}{gap}{extra}"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory, sample_json_path: Path) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("objects")
    report = folder / "r.jxzp"
    ReportFile.create(report, load_json(sample_json_path.read_bytes())).close()
    review = folder / "r.jxzh"
    with ReviewFile.create(review) as made:
        made.add_units([(str(folder / "甲.jxzp"), "f", "甲单位", 2019)])
    return report, review


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), kind=st.sampled_from(["report", "review"]))
def test_a_stored_object_of_any_name_on_any_table_is_refused_untouched(
    files: tuple[Path, Path], data: st.DataObject, kind: str
) -> None:
    source = files[0] if kind == "report" else files[1]
    statement = data.draw(stored_object(REPORT_TABLES if kind == "report" else REVIEW_TABLES))
    with tempfile.TemporaryDirectory() as temp:
        path = Path(temp) / source.name
        path.write_bytes(source.read_bytes())
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute(statement)
        except sqlite3.Error:
            return  # SQLite itself refused the object (a name taken by one of ours)
        finally:
            conn.close()
        before = sha256(path)
        opener = ReportFile.open if kind == "report" else ReviewFile.open
        for read_only in (False, True):
            with pytest.raises(StoreError) as caught:
                opener(path, read_only=read_only)
            message = str(caught.value)
            assert ("本程序不会创建" in message or "定义缺失或被改动" in message) and "\n" not in message, message
        assert sha256(path) == before
        assert sorted(p.name for p in Path(temp).iterdir()) == [path.name]
