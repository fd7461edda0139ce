"""Admission of files: what may be opened, the refusals, recovery of an interrupted commit.

A newer, foreign, damaged or non-SQLite file is refused with a one-line Chinese message and
left untouched. A write the machine refuses becomes the sentence the user sees.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from perfcore.filelock import FileLock, LockedError
from perfcore.store import schema
from perfcore.store.errors import ReadOnlyError, StoreError

PROGRAM = "绩效自评填报"
"""The owner named in the writer lock's side file."""


def readonly_uri(path: Path) -> str:
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


def inspect_file(path: Path, kind: schema.FileKind | None = None) -> int:
    """Check that ``path`` is a file of ``kind`` (default: a report file) this program can
    open; returns its version.

    Reads only (``mode=ro``): a refused file is never changed.
    """
    kind = kind or schema.report_kind()
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise StoreError(f"找不到文件“{name}”") from exc
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    if path.is_dir():
        raise StoreError(f"“{name}”是文件夹，不是{kind.short}")
    if size == 0:
        raise StoreError(f"“{name}”是空文件，不是{kind.short}")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(f"“{name}”不是{kind.noun}")
    if len(header) < 100:
        raise StoreError(f"“{name}”已损坏（文件不完整），无法打开")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开“{name}”：{detail(exc)}") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != kind.application_id:
            raise StoreError(f"“{name}”是其他程序的数据库，不是{kind.noun}")
        if version < 1:
            # Files are made whole at version 1 or later; anything below is a damaged header.
            raise StoreError(f"“{name}”已损坏（文件版本号 {version} 无效），无法打开")
        if version > kind.version:
            raise StoreError(
                f"“{name}”由更新版本的程序创建（文件版本 {version}，本程序支持 {kind.version}），请升级程序后再打开"
            )
        # integrity_check, not quick_check: it also finds index entries that no longer match
        # their rows (a damaged sector), and costs the same on files of this size.
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            # integrity_check lists faults over several lines of SQLite jargon; the user needs one.
            raise StoreError(f"“{name}”已损坏（内部结构校验未通过），无法打开；可从备份恢复")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # A writer in the middle of a commit holds the file for a moment: busy, not damaged.
        if isinstance(exc, sqlite3.OperationalError) and is_busy(exc):
            raise StoreError(f"“{name}”正被其他程序写入，暂时无法读取，请稍后重试") from exc
        # A damaged schema page can hold names that are no longer UTF-8.
        if journal_path(path).exists():
            raise StoreError(
                f"“{name}”上次保存时被中断，需在可写的位置以可写方式打开一次才能恢复"
            ) from exc
        raise StoreError(f"“{name}”已损坏，无法打开（{detail(exc)}）") from exc
    finally:
        conn.close()
    return int(version)


def is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def detail(exc: BaseException) -> str:
    """A system message fit for the one line the user sees: SQLite quotes schema text
    with line breaks, and damaged files make it quote garbage at length."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:120] + "…"


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def recover_interrupted_commit(path: Path, kind: schema.FileKind | None = None) -> None:
    """Roll back the commit of a writer that died half-way, before anything reads the file.

    A process killed mid-commit leaves ``<file>-journal``; SQLite restores the last commit
    from it on the next read-write access, but a read-only connection cannot, and would
    call the file damaged. Only our own files (application id in the header) are touched,
    and only under the writer lock, so a live writer's journal is never taken for a hot one.
    """
    if not journal_path(path).exists():
        return
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return
    if int.from_bytes(header[68:72], "big") != (kind or schema.report_kind()).application_id:
        return
    try:
        lock = FileLock(path, PROGRAM)
    except (LockedError, OSError):
        return
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # left to inspect_file, which names the fault
    finally:
        lock.release()


def connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 3000")
    if not read_only:
        # The file alone must be complete after every commit: no WAL side file, ever.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def environment_error(exc: BaseException, name: str) -> StoreError:
    """A write the machine refused, as the sentence the user sees."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == 28 or "full" in text:
        return StoreError(f"磁盘空间不足，“{name}”的最近一次修改没有保存，请清理磁盘后重试")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return ReadOnlyError(f"“{name}”是只读文件，修改没有保存；请另存为可写入的位置")
    if "locked" in text or "busy" in text:
        return StoreError(f"“{name}”正被其他程序占用，修改没有保存，请稍后重试")
    if "disk i/o" in text:
        return StoreError(f"写入“{name}”时磁盘读写失败（存储设备可能已满、已拔出或损坏），修改没有保存；请检查后重试")
    if isinstance(exc, OSError):
        return StoreError(f"写入“{name}”时出错（{detail(exc)}），修改没有保存；请检查存储设备")
    return StoreError(f"写入“{name}”时出错：{detail(exc)}")

