"""Finding the unit files and reading each one strictly read-only.

Reading never writes (architecture invariant 7): a report file is admitted by the store's
read-only inspection and then read through a ``mode=ro`` connection inside one read
transaction — the shared lock that transaction holds keeps a writer (the unit's own program
with the file open) from committing until the package and the file's fingerprint have been
read, so both come from the same consistent state. No writer lock is taken, nothing is
upgraded, no backup or journal is made, and an interrupted commit is not rolled back: the
file is reported instead. Every failure a file can cause becomes a :class:`Refusal`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import sqlite_utils

from perfcore.backup import fingerprint as file_fingerprint
from perfcore.collector import collector_paused
from perfcore.exchange import ExchangeError, load_json
from perfcore.inputs import InputError, read_input
from perfcore.output import os_error_reason
from perfcore.scoring import Scorer
from perfcore.store import ReportFile, StoreError, inspect_file
from perfcore.store.admission import open_inspected
from perfcore.store.rows import write_package
from perfcore.store.schema import SCHEMA_VERSION, migrate, transaction, upgraded_in_memory
from perfcore.summary.rows import Refusal, UnitRow, unit_row

SQLITE_HEADER = b"SQLite format 3\x00"
REPORT_SUFFIXES = (".jxzp",)
EXCHANGE_SUFFIXES = (".json",)
REVIEW_SUFFIX = ".jxzh"
# Files the program itself leaves beside report files: never units.
_SIDE_SUFFIXES = ("-journal", "-wal", "-shm", ".lock")

Result = UnitRow | Refusal


def discover(arguments: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[Refusal]]:
    """The unit files named or found (recursively) in the named folders, in a stable order.

    In a folder: report files (``*.jxzp``), exchange files (``*.json``) and any other file
    that is an SQLite database (a report file renamed; a foreign one becomes a refusal row),
    except review files and the side files of a report. A named file is taken whatever its
    name. Names that do not exist are refusals.
    """
    found: list[Path] = []
    refused: list[Refusal] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            found.append(path)

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            # A folder that cannot be listed (no permission on a share) is a refusal row: its
            # units must not silently be missing from the table.
            for root, dirs, files in os.walk(path, onerror=functools.partial(_unlisted, refused, path)):
                dirs.sort()
                for name in sorted(files):
                    candidate = Path(root) / name
                    if _is_candidate(candidate):
                        add(candidate)
        elif path.exists():
            add(path)
        else:
            refused.append(Refusal(str(path), "找不到文件或文件夹"))
    return found, refused


def _unlisted(refused: list[Refusal], top: Path, exc: OSError) -> None:
    refused.append(Refusal(str(exc.filename or top), f"无法读取文件夹：{os_error_reason(exc)}"))


def _is_candidate(path: Path) -> bool:
    if not _is_regular(path):
        return False  # a pipe or a device in the folder would block the read, not end it
    name = path.name.lower()
    if name.startswith(".~") or name.endswith(_SIDE_SUFFIXES) or name.endswith(REVIEW_SUFFIX):
        return False
    if name.endswith(REPORT_SUFFIXES + EXCHANGE_SUFFIXES):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def read_source(path: str) -> Result:
    """One unit file as a row, or the reason it cannot be read; changes nothing on disk."""
    source = Path(path)
    if source.exists() and not source.is_dir() and not _is_regular(source):
        return Refusal(path, f"“{source.name}”不是普通文件，未读取")
    try:
        with open(source, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return Refusal(path, _os_reason(exc))
    if head == SQLITE_HEADER:
        return _read_report(path, source)
    if source.suffix.lower() in EXCHANGE_SUFFIXES or head.lstrip()[:1] in (b"{", b"["):
        return _read_exchange(path, source)
    try:
        inspect_file(source)  # names what the file is not (empty, not a report file, …)
    except StoreError as exc:
        return Refusal(path, str(exc))
    return Refusal(path, f"“{source.name}”不是绩效自评报告文件")


def _read_report(path: str, source: Path) -> Result:
    try:
        # Checked and then read on one connection, inside one read transaction: from the
        # structure check to COMMIT no writer can commit, so the package and the file's
        # fingerprint are of the state that was checked.
        conn, version = open_inspected(source)
    except StoreError as exc:
        return Refusal(path, str(exc))
    try:
        fingerprint = file_fingerprint(source)
        if version < SCHEMA_VERSION:
            conn = upgraded_in_memory(conn, version)
        report = ReportFile(source, conn, read_only=True, lock=None)
        row = unit_row(path, fingerprint, report.package, report.scores)
        if conn.in_transaction:
            conn.execute("COMMIT")
    except StoreError as exc:
        return Refusal(path, str(exc))
    except sqlite3.Error as exc:
        return Refusal(path, _sqlite_reason(exc))
    except OSError as exc:
        return Refusal(path, _os_reason(exc))
    finally:
        conn.close()
    return row


def _read_exchange(path: str, source: Path) -> Result:
    try:
        data = read_input(source)  # bounded: a huge *.json in a folder is refused, not loaded
    except InputError as exc:
        return Refusal(path, str(exc))
    try:
        package = load_json(data)
    except ExchangeError as exc:
        return Refusal(path, f"不是可用的交换文件：{exc}")
    scores = Scorer(package).scores
    return unit_row(path, _exchange_fingerprint(data), package, scores)


def _sqlite_reason(exc: sqlite3.Error) -> str:
    text = " ".join(str(exc).split()).lower()
    if "locked" in text or "busy" in text:
        return "文件正被其他程序写入，暂时无法读取，请稍后重试"
    return f"文件已损坏，无法读取（{' '.join(str(exc).split())[:120]}）"


def _os_reason(exc: OSError) -> str:
    return f"无法读取：{os_error_reason(exc)}"


def open_unit(path: str | os.PathLike[str]) -> tuple[ReportFile, UnitRow]:
    """A unit's package to look at, read-only, and its row as of that same reading: the
    window shows, and a 复核 records the fingerprint of, the file as it is now, even when it
    changed after the summary read it. A report file is copied into memory through the
    read-only admission (no lock held, no recovery, no backup, nothing made beside it), an
    exchange JSON is loaded into memory. Raises ``StoreError`` with the refusal's one line."""
    source = Path(path)
    try:
        with open(source, "rb") as handle:
            head = handle.read(len(SQLITE_HEADER))
    except OSError:
        head = b""
    is_json = source.suffix.lower() in EXCHANGE_SUFFIXES or head.lstrip()[:1] in (b"{", b"[")
    if not _is_regular(source) or not (head == SQLITE_HEADER or is_json):
        refusal = read_source(str(source))
        raise StoreError(refusal.reason if isinstance(refusal, Refusal) else f"无法读取“{source.name}”")
    try:
        if head == SQLITE_HEADER:
            # A copy in memory, not a connection kept on the file: a plain read-only open of a
            # WAL-mode file makes its -wal and -shm beside it, an older file needs upgrading,
            # and a window kept open must not hold the unit's file.
            inspected, version = open_inspected(source)
            try:
                fingerprint = file_fingerprint(source)
                conn = upgraded_in_memory(inspected, version)
            finally:
                inspected.close()
        else:
            data = read_input(source)
            try:
                package = load_json(data)
            except ExchangeError as exc:
                raise StoreError(f"不是可用的交换文件：{exc}") from exc
            fingerprint = _exchange_fingerprint(data)
            conn = sqlite3.connect(":memory:", isolation_level=None)
            with transaction(conn):
                migrate(conn, 0)
                write_package(sqlite_utils.Database(conn), package)
        report = ReportFile(source, conn, read_only=True, lock=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"无法读取“{source.name}”：{exc}") from exc
    return report, unit_row(str(path), fingerprint, report.package, report.scores)


def _exchange_fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def read_chunk(paths: list[str]) -> list[Result]:
    """The worker's task: a few files at a time, so that a process hop is paid per chunk.

    The cycle collector is paused meanwhile: a file's package, scores and findings are tens of
    thousands of small objects made and dropped within its read, forming no cycles (reference
    counting frees them), and the collector, woken every few hundred allocations, spent a
    twentieth of the worker's time walking them and the worker's modules. Whatever a chunk
    leaves for it is collected once it runs again."""
    with collector_paused():
        return [read_source(p) for p in paths]


def read_all(paths: Iterable[str]) -> Iterator[Result]:
    for path in paths:
        yield read_source(path)
