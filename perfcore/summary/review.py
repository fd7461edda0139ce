"""The review file (``.jxzh``): the receiving office's 复核, kept apart from the units' files.

The same kind of file as a report file and kept by the same machinery (``perfcore.store``):
``PRAGMA application_id`` marks it, ``PRAGMA user_version`` and a ladder of migrations
version it, every edit is one ``BEGIN IMMEDIATE … COMMIT`` in rollback-journal mode with
``synchronous=FULL``, one writer holds the OS lock on ``<file>.lock``, an interrupted commit
is rolled back on the next open, and backups are made on opening a changed file and before
every upgrade (``perfcore.backup``).

It lists the unit files reviewed — relative to the review file's folder when possible, so
that the folder can be moved or sent as a whole — each with the fingerprint of the file as
it was reviewed, and per unit one entry per reviewed target: an indicator (its JSON Pointer
in the unit's package), a project (``/projects/N``), or the unit as a whole (``""``).
"""

from __future__ import annotations

import getpass
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType

from perfcore import backup, userdata
from perfcore.atomic import write_atomically
from perfcore.filelock import FileLock, real_file
from perfcore.money import MoneyError, parse_decimal, plain, round_half_up
from perfcore.output import OutputError, check_output
from perfcore.store.admission import (
    claimed,
    connect,
    environment_error,
    inspect_file,
    not_written,
    recover_interrupted_commit,
    writer_lock,
)
from perfcore.store.errors import ReadOnlyError, StoreError
from perfcore.store.schema import (
    REVIEW_APPLICATION_ID,
    FileKind,
    migrate,
    run_script,
    transaction,
    upgraded_in_memory,
)
from perfcore.terminal import shown

APPLICATION_ID = REVIEW_APPLICATION_ID
SUFFIX = backup.REVIEW_SUFFIX

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE unit_file (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    unit TEXT NOT NULL,
    year INTEGER NOT NULL
);
CREATE TABLE entry (
    id INTEGER PRIMARY KEY,
    file_id INTEGER NOT NULL REFERENCES unit_file(id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    name TEXT NOT NULL,
    score TEXT,
    reason TEXT NOT NULL,
    opinion TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    UNIQUE (file_id, target)
);
"""

MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: run_script(conn, _SCHEMA_V1),
]
SCHEMA_VERSION = len(MIGRATIONS)
KIND = FileKind(APPLICATION_ID, SCHEMA_VERSION, "汇总复核文件", "复核文件", tuple(MIGRATIONS))


@dataclass(frozen=True)
class Entry:
    """One reviewed target: 复核得分 (None: no score change), 核减原因, 复核意见, who, when."""

    target: str
    name: str
    score: Decimal | None
    reason: str
    opinion: str
    reviewer: str
    at: str


@dataclass(frozen=True)
class UnitReview:
    """A reviewed unit file: where it is, its fingerprint when reviewed, its entries."""

    path: Path
    stored: str
    """The path as the review file holds it (relative to the review file when possible)."""
    fingerprint: str
    unit: str
    year: int
    entries: tuple[Entry, ...]

    def entry(self, target: str) -> Entry | None:
        return next((e for e in self.entries if e.target == target), None)


def default_reviewer() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def parse_score(text: str) -> Decimal | None:
    """A typed 复核得分: empty is none; two decimals, never negative."""
    text = text.strip()
    try:
        # As every figure typed: ASCII or full-width digits only (``١٢``, ``1_0`` and ``1e1``,
        # which Decimal() reads, are not what a reviewer means).
        value = parse_decimal(text)
    except MoneyError as exc:
        raise StoreError(f"复核得分“{text}”不是数字") from exc
    if value is None:
        return None
    if value < 0 or value > 1000:
        raise StoreError(f"复核得分“{text}”超出范围")
    return round_half_up(value)


def check_score(score: Decimal | None, weight: Decimal, name: str) -> None:
    """A 复核得分 lies within the target's weight (an indicator's 分值, 100 for a whole unit
    or project)."""
    if score is not None and score > weight:
        raise StoreError(f"复核得分 {score} 超过“{name}”的分值 {round_half_up(weight)}")


class ReviewFile:
    """An open review file; every change is one method call and one transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: FileLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn
        self._lock = lock
        self.backup_problem: str | None = None

    # -- life cycle

    @classmethod
    def create(cls, path: str | os.PathLike[str], *, backups: Path | None = None) -> ReviewFile:
        """A new, empty review file (refuses to replace an existing file).

        Made as a new report file is (``ReportFile.create``): under the name's writer lock, the
        journal and temporary files a previous file of that name left cleared first, so that
        SQLite never plays another file's pages into the new one."""
        if os.path.lexists(path):
            raise StoreError(f"“{shown(Path(path).name)}”已存在")
        try:
            # The one output guard: never at the name of a report's (or review file's) journal,
            # log or lock side file, where the next writer of that file would meet it.
            target = check_output(path)
        except OutputError as exc:
            raise StoreError(str(exc)) from exc

        def write(temp: Path) -> None:
            conn = sqlite3.connect(str(temp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
                with transaction(conn):
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    migrate(conn, 0, MIGRATIONS)
                    conn.execute("INSERT INTO meta (key, value) VALUES ('created', ?)", [_now()])
            finally:
                conn.close()

        with claimed(target, path):
            if os.path.lexists(target):  # made by another process since the check above
                raise StoreError(f"“{shown(Path(path).name)}”已存在")
            try:
                write_atomically(target, write)
            except (sqlite3.Error, OSError) as exc:
                raise not_written(exc, path) from exc
        return cls.open(target, backups=backups)

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, backups: Path | None = None
    ) -> ReviewFile:
        """Open for editing (taking the writer lock) or read-only; as ``ReportFile.open``.

        The real file is opened, whatever name leads to it: the unit files it lists are stored
        relative to its own folder, not to the folder of a link to it."""
        target = real_file(Path(path))
        # Read-only too, as a report file: a commit a killed editor left half-done is rolled
        # back first (under the writer lock, only with this file's own journal); the reader
        # would otherwise find the file unreadable until someone opened it for editing.
        recover_interrupted_commit(target, KIND, read_only=read_only)
        version = inspect_file(target, KIND)
        lock = None if read_only else writer_lock(target)
        try:
            if not read_only and not os.access(target, os.W_OK):
                raise ReadOnlyError(f"“{target.name}”是只读文件，只能以只读方式打开")
            conn = connect(target, read_only)
            try:
                if version < SCHEMA_VERSION and read_only:
                    # Read as its upgrade would read it; the file is neither upgraded nor backed
                    # up (汇总 --review reads it this way while the desktop may hold it).
                    conn = upgraded_in_memory(conn, version, MIGRATIONS)
                elif version < SCHEMA_VERSION:
                    try:
                        backup.make(conn, target, backups or userdata.backups_folder(), "migration", suffix=SUFFIX)
                    except backup.BackupError as exc:
                        raise StoreError(f"{exc}；文件未升级，保持原样") from exc
                    with transaction(conn):
                        migrate(conn, version, MIGRATIONS)
                review = cls(target, conn, read_only, lock)
                review.units()  # rows that cannot be read whole are refused now, by name
                if backups is not None and not read_only:
                    try:
                        backup.on_open(conn, target, backups, None, suffix=SUFFIX)
                    except backup.BackupError as exc:
                        review.backup_problem = str(exc)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return review

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str], *, backups: Path | None = None) -> ReviewFile:
        target = Path(path)
        if os.path.lexists(target):
            return cls.open(target, backups=backups)
        return cls.create(target, backups=backups)

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ReviewFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- paths

    def stored_path(self, unit_path: str | os.PathLike[str]) -> str:
        """How the review file names a unit file: relative to its own folder when possible."""
        return stored_path(self.path, unit_path)

    def resolve(self, stored: str) -> Path:
        return Path(os.path.normpath(os.path.join(os.path.abspath(self.path.parent), stored)))

    # -- reading

    def units(self) -> list[UnitReview]:
        """Every unit file listed, in the order they were added.

        Rows a hand (or another program) made that cannot be read back as written — a 复核得分
        that is not a number, a text that is not text, an entry of a unit file that is not
        listed (it would vanish from the table) — are refused naming the row, never dropped."""
        entries: dict[int, list[Entry]] = {}
        try:
            for row in self._conn.execute(
                "SELECT file_id, target, name, score, reason, opinion, reviewer, at, id FROM entry ORDER BY file_id, id"
            ):
                if not all(isinstance(value, str) for value in row[1:3] + row[4:8]):
                    raise StoreError(self._damaged(f"复核记录（编号 {row[8]}）的文字不是文本"))
                score = row[3]
                if score is not None and not _is_stored_score(score):
                    raise StoreError(self._damaged(f"复核记录（编号 {row[8]}）的复核得分“{shown(str(score))}”不是数字"))
                entries.setdefault(row[0], []).append(
                    Entry(row[1], row[2], None if score is None else Decimal(score), row[4], row[5], row[6], row[7])
                )
            out = []
            for file_id, stored, fingerprint, unit, year in self._conn.execute(
                "SELECT id, path, fingerprint, unit, year FROM unit_file ORDER BY id"
            ):
                if not (isinstance(stored, str) and isinstance(fingerprint, str) and isinstance(unit, str)):
                    raise StoreError(self._damaged(f"复核的单位文件（编号 {file_id}）的文字不是文本"))
                if type(year) is not int:
                    raise StoreError(self._damaged(f"复核的单位文件“{shown(stored)}”的年度“{shown(str(year))}”不是整数"))
                out.append(
                    UnitReview(self.resolve(stored), stored, fingerprint, unit, year, tuple(entries.pop(file_id, [])))
                )
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise StoreError(self._damaged("数据行无法读取")) from exc
        if entries:
            orphan = entries[min(entries, key=lambda key: (str(type(key)), str(key)))][0]
            raise StoreError(self._damaged(f"复核记录“{shown(orphan.name)}”所属的单位文件不存在"))
        return out

    def _damaged(self, what: str) -> str:
        return f"“{shown(self.path.name)}”内容已损坏，无法完整读出：{what}；文件保持原样，可从备份恢复"

    def by_path(self) -> dict[str, UnitReview]:
        """The units keyed by :func:`path_key` of their absolute path."""
        return {path_key(u.path): u for u in self.units()}

    def unit(self, unit_path: str | os.PathLike[str]) -> UnitReview | None:
        return self.by_path().get(path_key(unit_path))

    # -- editing: one transaction each

    def add_units(self, units: Iterable[tuple[str, str, str, int]]) -> None:
        """List unit files ``(path, fingerprint, unit, year)`` not listed yet (the files chosen
        for a summary), so that a review file opened later shows the same table."""
        self._check_writable()
        with self._write():
            for path, fingerprint, unit, year in units:
                self._conn.execute(
                    "INSERT INTO unit_file (path, fingerprint, unit, year) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (path) DO NOTHING",
                    [self.stored_path(path), fingerprint, unit, year],
                )

    def set_entry(
        self,
        unit_path: str | os.PathLike[str],
        fingerprint: str,
        unit: str,
        year: int,
        target: str,
        name: str,
        score: Decimal | None,
        reason: str,
        opinion: str,
        reviewer: str | None = None,
    ) -> Entry:
        """Record (or replace) the review of one target of one unit; the unit's fingerprint
        becomes that of the file as the reviewer saw it."""
        self._check_writable()
        if score is not None and not (score.is_finite() and score >= 0 and _is_stored_score(plain(score))):
            raise StoreError(f"复核得分“{score}”超出范围")
        entry = Entry(
            target, name, score, reason.strip(), opinion.strip(), default_reviewer() if reviewer is None else reviewer, _now()
        )
        with self._write():
            file_id = self._file_id(unit_path, fingerprint, unit, year)
            self._conn.execute(
                "INSERT INTO entry (file_id, target, name, score, reason, opinion, reviewer, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (file_id, target) DO UPDATE SET "
                "name = excluded.name, score = excluded.score, reason = excluded.reason, "
                "opinion = excluded.opinion, reviewer = excluded.reviewer, at = excluded.at",
                [
                    file_id,
                    entry.target,
                    entry.name,
                    None if score is None else plain(score),
                    entry.reason,
                    entry.opinion,
                    entry.reviewer,
                    entry.at,
                ],
            )
        return entry

    def remove_entry(self, unit_path: str | os.PathLike[str], target: str) -> None:
        self._check_writable()
        with self._write():
            self._conn.execute(
                "DELETE FROM entry WHERE target = ? AND file_id = (SELECT id FROM unit_file WHERE path = ?)",
                [target, self.stored_path(unit_path)],
            )

    def _file_id(self, unit_path: str | os.PathLike[str], fingerprint: str, unit: str, year: int) -> int:
        stored = self.stored_path(unit_path)
        self._conn.execute(
            "INSERT INTO unit_file (path, fingerprint, unit, year) VALUES (?, ?, ?, ?) ON CONFLICT (path) "
            "DO UPDATE SET fingerprint = excluded.fingerprint, unit = excluded.unit, year = excluded.year",
            [stored, fingerprint, unit, year],
        )
        return int(self._conn.execute("SELECT id FROM unit_file WHERE path = ?", [stored]).fetchone()[0])

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"“{self.path.name}”以只读方式打开，不能修改")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One edit's transaction; a refusal of the disk becomes the user's one-line message."""
        try:
            with transaction(self._conn):
                yield
        except (sqlite3.Error, OSError) as exc:
            raise environment_error(exc, self.path.name) from exc

    def connection(self) -> sqlite3.Connection:
        return self._conn


def stored_path(review_path: str | os.PathLike[str], unit_path: str | os.PathLike[str]) -> str:
    """How a review file at ``review_path`` names a unit file: relative to its own folder when
    possible. A StoreError for a name the file cannot hold (ask before creating a review file)."""
    absolute = os.path.abspath(unit_path)
    try:
        stored = Path(os.path.relpath(absolute, os.path.abspath(Path(review_path).parent))).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        stored = absolute
    try:
        stored.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A name's bytes that are not UTF-8 (a GBK name from an unpacked archive): SQLite's
        # text cannot hold them, and a guessed spelling would no longer find the file.
        raise StoreError(f"文件名“{shown(stored)}”含有无法识别的字符（不是 UTF-8 编码），不能记入复核文件；请先给该文件改名") from exc
    return stored


_STORED_SCORE = re.compile(r"[0-9]{1,28}(\.[0-9]{1,28})?")


def _is_stored_score(value: object) -> bool:
    """A 复核得分 as ``set_entry`` stores it (``plain`` of a finite score, never negative)."""
    return isinstance(value, str) and _STORED_SCORE.fullmatch(value) is not None


def path_key(path: str | os.PathLike[str]) -> str:
    return os.path.normcase(os.path.abspath(path))


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
