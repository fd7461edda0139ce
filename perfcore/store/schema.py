"""The tables of a report file, how it is recognised, and the ladder of migrations.

Files are recognised by ``PRAGMA application_id``; ``PRAGMA user_version`` holds the
schema version, which a ladder of migrations brings up to date.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

APPLICATION_ID = 0x4A585A50  # "JXZP" — 绩效自评
SCHEMA_VERSION = 1

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



def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the caller's transaction first; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Each step brings a file from version N-1 to N; the list's index + 1 is the target version.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: _run_script(conn, _SCHEMA_V1),
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
    short: str = "报告文件"


def report_kind() -> FileKind:
    # Built when asked, not at import: tests patch the version.
    return FileKind(APPLICATION_ID, SCHEMA_VERSION, "绩效自评报告文件")


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

