"""The tables of a report file, how it is recognised, and the ladder of migrations.

Files are recognised by ``PRAGMA application_id``; ``PRAGMA user_version`` holds the
schema version, which a ladder of migrations brings up to date.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from perfcore import exchange
from perfcore import pointer as ptr
from perfcore.model import FORMAT
from perfcore.store.errors import StoreError

APPLICATION_ID = 0x4A585A50  # "JXZP" — 绩效自评
REVIEW_APPLICATION_ID = 0x4A585A48  # "JXZH" — 汇总复核 (perfcore.summary.review; here so the output guard knows it)
SCHEMA_VERSION = 2

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE overall (field TEXT PRIMARY KEY, value TEXT);
CREATE TABLE repair_item (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL, name TEXT NOT NULL, amount TEXT
);
CREATE TABLE fund (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL,
    name TEXT NOT NULL, overview TEXT NOT NULL, allocated TEXT, spent TEXT,
    funding_text TEXT NOT NULL, implementation TEXT NOT NULL, performance TEXT NOT NULL,
    opinion_unit TEXT NOT NULL, opinion_office TEXT NOT NULL,
    filler TEXT NOT NULL, phone TEXT NOT NULL, filled_on TEXT NOT NULL
);
CREATE TABLE fund_item (
    id INTEGER PRIMARY KEY, fund_id INTEGER NOT NULL REFERENCES fund(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, name TEXT NOT NULL, amount TEXT
);
CREATE INDEX fund_item_fund ON fund_item(fund_id, pos);
CREATE TABLE node (
    id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('group', 'leaf')),
    name TEXT NOT NULL, weight TEXT NOT NULL,
    criterion TEXT, explanation TEXT, metric TEXT, inputs TEXT, rule TEXT, score TEXT, note TEXT
);
CREATE INDEX node_parent ON node(parent_id, pos);
"""


# Version 2 (format perf-filing/2): 基础数据 and 项目支出绩效自评表 as rows. A project's level-1
# nodes carry its id (parent_id NULL); deeper nodes hang from their parent as in 表3. Leaf
# inputs moved into figures; the column stays, empty, because dropping a column rewrites
# the table. Template, forms, grades and carries are small documents kept in meta as JSON.
_SCHEMA_V2 = """
ALTER TABLE node ADD COLUMN project_id INTEGER REFERENCES project(id) ON DELETE CASCADE;
ALTER TABLE node ADD COLUMN reason TEXT;
CREATE TABLE figure (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL,
    kind TEXT NOT NULL, value TEXT, grp TEXT NOT NULL, carry TEXT
);
CREATE TABLE project (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL,
    name TEXT NOT NULL, department TEXT NOT NULL, implementer TEXT NOT NULL,
    budget_weight TEXT NOT NULL, budget_score TEXT,
    goals_expected TEXT NOT NULL, goals_actual TEXT NOT NULL,
    conclusion TEXT NOT NULL, problems TEXT NOT NULL, improvements TEXT NOT NULL,
    opinion_unit TEXT NOT NULL, filler TEXT NOT NULL, phone TEXT NOT NULL, filled_on TEXT NOT NULL
);
CREATE TABLE budget_line (
    id INTEGER PRIMARY KEY, project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, label TEXT NOT NULL, initial TEXT, full TEXT, executed TEXT
);
CREATE INDEX budget_line_project ON budget_line(project_id, pos);
CREATE INDEX node_project ON node(project_id, pos)
"""


def _to_v2(conn: sqlite3.Connection) -> None:
    """Add the tables of format 2 and move every leaf's inputs into figures, as the
    exchange upgrade does (one figure per name in document order, the standard framework's
    labels; the same name with two values refused, naming both pointers)."""
    _run_script(conn, _SCHEMA_V2)
    children: dict[int | None, list[tuple[int, str | None]]] = {}
    for node_id, parent_id, inputs in conn.execute("SELECT id, parent_id, inputs FROM node ORDER BY parent_id, pos"):
        children.setdefault(parent_id, []).append((node_id, inputs))
    collected: exchange.Inputs = []

    def walk(parent: int | None, prefix: str) -> None:
        for i, (node_id, inputs) in enumerate(children.get(parent, [])):
            pointer = f"{prefix}/{i}"
            if inputs is not None:
                doc = json.loads(inputs, parse_float=Decimal)
                for name, value in (exchange.read_inputs(doc, f"{pointer}/inputs") or {}).items():
                    collected.append((f"{pointer}/inputs/{ptr.escape(name)}", name, value))
            walk(node_id, f"{pointer}/children")

    walk(None, "/indicators/tree")
    try:
        figures = exchange.figures_from_inputs(collected)
    except exchange.ExchangeError as exc:
        raise StoreError(f"文件无法升级到新版本：{exc}") from exc
    for pos, figure in enumerate(figures):
        doc = exchange.figure_to_doc(figure)
        value = doc["value"]
        conn.execute(
            "INSERT INTO figure (pos, key, label, kind, value, grp, carry) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [pos, figure.key, figure.label, figure.kind, None if value is None else str(value), figure.group, figure.carry],
        )
    conn.execute("UPDATE node SET inputs = NULL")
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", [FORMAT])


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the caller's transaction first; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Each step brings a file from version N-1 to N; the list's index + 1 is the target version.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: _run_script(conn, _SCHEMA_V1),
    _to_v2,
]


@dataclass(frozen=True)
class FileKind:
    """What a kind of SQLite file of ours is called and how it is recognised: the report
    file, and the review file of the summary (``perfcore.summary.review``), which share
    admission, locking, transactions and migrations."""

    application_id: int
    version: int
    """The newest schema version this program writes."""
    noun: str
    """“绩效自评报告文件”, as in “不是…”."""
    short: str
    migrations: tuple[Callable[[sqlite3.Connection], None], ...]
    """The ladder that makes its schema: ``sqlite_master`` must be exactly what it makes for the
    file's version (``foreign_objects``), or the file is refused."""


def report_kind() -> FileKind:
    # Built when asked, not at import: tests patch the version.
    return FileKind(APPLICATION_ID, SCHEMA_VERSION, "绩效自评报告文件", "报告文件", tuple(MIGRATIONS))


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """A schema script inside the caller's transaction."""
    _run_script(conn, script)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so a commit cannot fail
    half-way for want of it; anything raised inside rolls the whole edit back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def migrate(
    conn: sqlite3.Connection, version: int, migrations: list[Callable[[sqlite3.Connection], None]] | None = None
) -> None:
    """Run the ladder from ``version`` to the newest (the report file's, or ``migrations``)."""
    ladder = MIGRATIONS if migrations is None else migrations
    for target in range(version + 1, len(ladder) + 1):
        ladder[target - 1](conn)
        conn.execute(f"PRAGMA user_version = {target}")



_KIND_LABELS = {"trigger": "触发器", "view": "视图", "table": "数据表", "index": "索引"}


def upgraded_in_memory(
    conn: sqlite3.Connection, version: int, migrations: list[Callable[[sqlite3.Connection], None]] | None = None
) -> sqlite3.Connection:
    """A copy in memory of the file read through ``conn``, brought up to the newest version
    there: a file of an earlier version read as its upgrade would read it, the file itself
    neither upgraded nor backed up (a reader must not write). Closes ``conn``."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(memory)
        conn.close()
        ladder = MIGRATIONS if migrations is None else migrations
        if version < len(ladder):
            with transaction(memory):
                migrate(memory, version, ladder)
    except BaseException:
        memory.close()
        raise
    return memory


def expected_objects(
    version: int, migrations: tuple[Callable[[sqlite3.Connection], None], ...] | None = None
) -> frozenset[tuple[str, str, str, str | None]]:
    """``sqlite_master`` of a file at ``version`` as this program makes it: the migrations
    (the report file's, or ``migrations``) replayed on an empty database, so every version's
    schema is known exactly."""
    ladder = tuple(MIGRATIONS) if migrations is None else migrations
    return _replayed(ladder[:version])


@functools.cache
def _replayed(steps: tuple[Callable[[sqlite3.Connection], None], ...]) -> frozenset[tuple[str, str, str, str | None]]:
    # Keyed by the steps themselves: a test that patches the ladder gets its own schema.
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for step in steps:
            step(conn)
        return frozenset(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


@functools.cache
def sqlite_own_objects() -> frozenset[tuple[str, str, str, str | None]]:
    """The statistics tables SQLite itself makes (``ANALYZE``, ``PRAGMA optimize``), exactly as
    this SQLite defines them. Only SQLite can create a table named ``sqlite_…``, and these hold
    numbers for the query planner, nothing that runs: a file a database tool "optimised" is
    still the office's report, not a foreign one."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("CREATE TABLE t (a)")
        conn.execute("CREATE INDEX t_a ON t (a)")
        conn.execute("INSERT INTO t VALUES (1), (2)")
        conn.execute("ANALYZE")
        made = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name LIKE 'sqlite\\_stat%' ESCAPE '\\'"))
    finally:
        conn.close()
    # A SQLite built with STAT4 (some database tools) adds this one, as its analyze.c defines it.
    made.add(("table", "sqlite_stat4", "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)"))
    return frozenset(made)


def foreign_objects(
    conn: sqlite3.Connection, version: int, migrations: tuple[Callable[[sqlite3.Connection], None], ...] | None = None
) -> tuple[str, str]:
    """How the file's ``sqlite_master`` differs from the version's schema: ``("foreign", what)``
    for an object the program did not create (a trigger would run on the next edit),
    ``("damaged", what)`` for one of ours that is missing or whose definition changed, or
    ``("", "")`` when it is exactly the version's. ``what`` is the words the user reads.
    SQLite's own statistics tables, defined exactly as SQLite makes them, are neither."""
    actual = set(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")) - sqlite_own_objects()
    expected = expected_objects(version, migrations)
    ours = {(row[0], row[1]) for row in expected}
    extra = sorted(
        (row for row in actual - expected if (row[0], row[1]) not in ours),
        key=lambda row: (row[0] != "trigger", row[0], row[1]),
    )
    if extra:
        kind, name = extra[0][0], extra[0][1]
        more = f"等 {len(extra)} 项" if len(extra) > 1 else ""
        return "foreign", f"{_KIND_LABELS.get(kind, '数据库对象')}“{_short(name)}”{more}"
    changed = sorted(expected - actual, key=lambda row: (row[0], row[1]))
    if changed:
        return "damaged", f"{_KIND_LABELS.get(changed[0][0], '数据库对象')}“{_short(changed[0][1])}”的定义缺失或被改动"
    return "", ""


def _short(text: str) -> str:
    one = " ".join(str(text).split())
    return one if len(one) <= 60 else one[:60] + "…"
