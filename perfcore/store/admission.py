"""Admission of files: what may be opened, the refusals, recovery of an interrupted commit.

A newer, foreign, damaged or non-SQLite file is refused with a one-line Chinese message and
left untouched. A write the machine refuses becomes the sentence the user sees.

Everything follows the real file (``filelock.real_file``: links and ``..`` resolved), so the
journal SQLite uses, the writer lock and its side file are the same whatever name the file
was opened by. A ``-journal`` beside a file is played back only when it belongs to that file:
the crashed writer's side file names the file's device and inode. Any other journal is
stale — left by another file of that name, copied in, planted — and is never played: a
reader reads past it (SQLite's ``immutable``), a writer removes it under the lock.
"""

from __future__ import annotations

import errno
import glob
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from perfcore.atomic import TEMP_SUFFIX
from perfcore.filelock import FileLock, LockedError, SideFileError, lock_path, read_holder, real_file
from perfcore.output import os_error_reason
from perfcore.store import schema
from perfcore.store.errors import ReadOnlyError, StoreError
from perfcore.terminal import shown

PROGRAM = "绩效自评填报"
"""The owner named in the writer lock's side file."""

JournalState = Literal["none", "ours", "stale"]


def readonly_uri(path: Path) -> str:
    """A read-only SQLite URI; ``immutable`` where SQLite must not look at side files: a stale
    journal (it would be taken for hot), a WAL-mode file without a WAL (no ``-shm``/``-wal``
    is made by reading) or another file's ``-wal`` beside a file not in WAL mode."""
    uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    if journal_state(path) == "stale" or _wal_without_log(path) or stale_wal(path):
        uri += "&immutable=1"
    return uri


def _header(path: Path) -> bytes:
    """The first 100 bytes of a regular file (b"" for anything else): a pipe nobody writes to
    must not block the open that is about to refuse it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, 100)
    except OSError:
        return b""
    finally:
        os.close(fd)


def _is_wal(header: bytes) -> bool:
    # File format read/write versions (bytes 18 and 19) are 2 in WAL mode.
    return len(header) >= 20 and (header[18] == 2 or header[19] == 2)


def _wal_log(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _wal_has_content(path: Path) -> bool:
    try:
        return _wal_log(path).stat().st_size > 0
    except OSError:
        return False


def _wal_without_log(path: Path) -> bool:
    return _is_wal(_header(path)) and not _wal_has_content(path)


def stale_wal(path: Path) -> bool:
    """Whether a ``-wal`` lies beside a file that is not in WAL mode: it is another file's (copied
    in, or left by a file of that name). SQLite opens any ``-wal`` it finds, whatever the
    header says, and reads — then checkpoints into the file — that other file's pages. A name
    taken by a folder or another non-file is refused outright."""
    wal = _wal_log(path)
    try:
        info = os.lstat(wal)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return False
        raise StoreError(f"无法检查“{shown(wal.name)}”：{os_error_reason(exc)}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"“{shown(wal.name)}”不是普通文件（文件夹、链接或设备），无法确定“{shown(path.name)}”是否完整；请移走它后再打开"
        )
    _refuse_unless_made_by_sqlite(wal, path, _WAL_MAGICS)
    header = _header(path)
    return len(header) >= 100 and header.startswith(b"SQLite format 3\x00") and not _is_wal(header)


def journal_state(path: Path) -> JournalState:
    """Whether a ``-journal`` lies beside ``path`` and whose it is.

    ``ours``: the side file of a writer that did not release (killed, power cut) names this
    very file (device, inode). ``stale``: any other non-empty journal. A journal name taken by
    a folder or another non-file is refused outright.
    """
    journal = journal_path(path)
    try:
        info = os.lstat(journal)
    except FileNotFoundError:
        return "none"
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return "none"  # no journal can have that name; writing will say so
        raise StoreError(f"无法检查“{shown(journal.name)}”：{os_error_reason(exc)}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"“{shown(journal.name)}”不是普通文件（文件夹、链接或设备），无法确定“{shown(path.name)}”是否完整；请移走它后再打开"
        )
    if info.st_size == 0:
        return "none"
    _refuse_unless_made_by_sqlite(journal, path, (_JOURNAL_MAGIC,))
    holder = read_holder(path)
    try:
        current = os.stat(path)
    except OSError:
        return "stale"
    if holder is not None and holder.ino and (holder.dev, holder.ino) != (current.st_dev, current.st_ino):
        # Our crashed writer's side file names another file: this one replaced it.
        return "stale"
    # The same inode can have been overwritten in place (``cp`` from a USB stick), and a
    # journal can come without a side file (another SQLite program): the journal's own record
    # of the file must fit it too.
    return "ours" if _journal_fits(journal, path) else "stale"


_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_WAL_MAGICS = (bytes.fromhex("377f0682"), bytes.fromhex("377f0683"))
_SHM_MAGICS = ((3007000).to_bytes(4, "little"), (3007000).to_bytes(4, "big"))
"""A WAL index (``-shm``) begins with its version, 3007000, in the machine's byte order."""


def _refuse_unless_made_by_sqlite(side: Path, path: Path, magics: tuple[bytes, ...]) -> None:
    """A journal or WAL beside ``path`` begins with SQLite's magic number (or zeros: one that
    SQLite emptied). Anything else at that name — a report file, an export, a PDF someone
    called ``r.jxzp-journal`` — is another file, which SQLite would delete as an unusable
    journal and a writer would remove as a stale one: refused, never touched."""
    try:
        with open(side, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise StoreError(f"无法检查“{shown(side.name)}”：{os_error_reason(exc)}") from exc
    if not head or head.startswith(magics) or not head.strip(b"\x00"):
        return
    raise StoreError(
        f"“{shown(side.name)}”不是“{shown(path.name)}”的日志文件，而是另一个文件；为免被当作日志删除，拒绝打开；请把它改名或移走后再打开"
    )


def _journal_fits(journal: Path, path: Path) -> bool:
    """Whether a hot journal's record of the database fits ``path``.

    The journal header holds the database's size in pages when the transaction began; the
    saved page 1, when the transaction had reached it, holds the header as it was. While the
    commit had not yet written page 1, the file's header is still that one (same change
    counter, same size); once written, its change counter is one more. Page size and
    application id never change. A journal of another database fits by chance only.
    """
    try:
        with open(journal, "rb") as handle:
            head = handle.read(28)
            if len(head) < 28 or head[:8] != _JOURNAL_MAGIC:
                return True  # not a journal SQLite would play
            original_pages = int.from_bytes(head[16:20], "big")
            sector = int.from_bytes(head[20:24], "big")
            page_size = int.from_bytes(head[24:28], "big")
            if not (512 <= sector <= 65536 and 512 <= page_size <= 65536):
                return True
            saved = b""
            offset = sector
            for _record in range(100_000):
                handle.seek(offset)
                number = handle.read(4)
                if len(number) < 4:
                    break
                if int.from_bytes(number, "big") == 1:
                    saved = handle.read(100)
                    break
                offset += 4 + page_size + 4
    except OSError:
        return True
    db = _header(path)
    if len(db) < 100:
        return True
    if int.from_bytes(db[16:18], "big") not in (page_size, page_size & 0xFFFF) and not (page_size == 65536 and db[16:18] == b"\x00\x01"):
        return False
    unchanged = int.from_bytes(db[28:32], "big") == original_pages
    if len(saved) < 100:
        return unchanged  # page 1 untouched by the transaction: the header is as it began
    if saved[68:72] != db[68:72]:
        return False
    before, now = int.from_bytes(saved[24:28], "big"), int.from_bytes(db[24:28], "big")
    return (now == before and unchanged) or now == before + 1


def inspect_file(path: Path, kind: schema.FileKind | None = None) -> int:
    """Check that ``path`` is a file of ``kind`` (default: a report file) this program can
    open; returns its version.

    Reads only (``mode=ro``): a refused file is never changed.
    """
    conn, version = _inspect(path, kind, reading=False)
    conn.close()
    return version


def open_inspected(path: Path, kind: schema.FileKind | None = None) -> tuple[sqlite3.Connection, int]:
    """``inspect_file``'s checks made on a read-only connection that is then kept for reading,
    inside one read transaction: what the caller reads is the state that was checked, and no
    writer can commit until the caller ends the transaction (``COMMIT``) and closes it. One
    connection instead of two per file (汇总 reads thousands)."""
    return _inspect(path, kind, reading=True)


def _inspect(path: Path, kind: schema.FileKind | None, reading: bool) -> tuple[sqlite3.Connection, int]:
    kind = kind or schema.report_kind()
    path = real_file(path)
    name = shown(path.name)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise StoreError(f"找不到文件“{name}”") from exc
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{os_error_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"“{name}”是文件夹，不是{kind.short}")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"“{name}”不是普通文件，不是{kind.short}")
    if info.st_size == 0:
        raise StoreError(f"“{name}”是空文件，不是{kind.short}")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{os_error_reason(exc)}") from exc
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(f"“{name}”不是{kind.noun}")
    if len(header) < 100:
        raise StoreError(f"“{name}”已损坏（文件不完整），无法打开")
    if _is_wal(header) and _wal_has_content(path):
        # Reading it would need SQLite's shared-memory file beside it; a writer folds the log in.
        raise StoreError(f"“{name}”处于其他程序的日志模式且有未合并的修改，需以可写方式打开一次才能读取")
    try:
        conn = sqlite3.connect(readonly_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开“{name}”：{detail(exc)}") from exc
    try:
        if reading:
            conn.execute("PRAGMA busy_timeout = 3000")
            # The first read below takes the shared lock the transaction keeps.
            conn.execute("BEGIN")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != kind.application_id:
            ours = {schema.APPLICATION_ID: "绩效自评报告文件", schema.REVIEW_APPLICATION_ID: "汇总复核文件"}
            if app_id in ours:  # the other kind of file of this program: say which
                raise StoreError(f"“{name}”是{ours[app_id]}，不是{kind.noun}")
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
        # Nothing stored in a file may run: a trigger, view or table this program did not create
        # (a trigger would fire on the next edit) makes the file foreign, refused untouched —
        # a report file or a review file, each against its own ladder.
        fault, what = schema.foreign_objects(conn, int(version), kind.migrations)
        if fault == "foreign":
            raise StoreError(f"“{name}”含有本程序不会创建的{shown(what)}，可能被其他程序改动过；为安全起见不予打开，文件保持原样")
        if fault == "damaged":
            raise StoreError(f"“{name}”已损坏（{shown(what)}），无法打开；可从备份恢复")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # A writer in the middle of a commit holds the file for a moment: busy, not damaged.
        if isinstance(exc, sqlite3.OperationalError) and is_busy(exc):
            raise StoreError(f"“{name}”正被其他程序写入，暂时无法读取，请稍后重试") from exc
        # A damaged schema page can hold names that are no longer UTF-8.
        if journal_state(path) == "ours":
            raise StoreError(
                f"“{name}”上次保存时被中断，需在可写的位置以可写方式打开一次才能恢复"
            ) from exc
        raise StoreError(f"“{name}”已损坏，无法打开（{detail(exc)}）") from exc
    except BaseException:
        conn.close()
        raise
    return conn, int(version)


def is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


_SQLITE_REASONS = (
    ("file is not a database", "不是数据库文件"),
    ("malformed", "数据库结构已损坏"),
    ("unable to open", "无法打开数据库文件"),
    ("disk i/o", "磁盘读写错误"),
    ("locked", "文件正被占用"),
    ("busy", "文件正被占用"),
    ("readonly", "文件只读"),
    ("full", "磁盘空间不足"),
    ("no such table", "缺少数据表"),
    ("no such column", "缺少数据列"),
    ("not an error", "数据库错误"),
)


def detail(exc: BaseException) -> str:
    """A system message fit for the one line the user sees: SQLite's English is said in
    Chinese (it also quotes schema text with line breaks, and garbage from damaged files);
    our own messages are folded to one line and bounded."""
    if isinstance(exc, sqlite3.Error):
        lowered = str(exc).lower()
        return next((reason for key, reason in _SQLITE_REASONS if key in lowered), "数据库错误")
    if isinstance(exc, UnicodeDecodeError):
        return "文字编码已损坏"
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:120] + "…"


def journal_path(path: Path) -> Path:
    real = real_file(path)
    return real.with_name(real.name + "-journal")


def recover_interrupted_commit(path: Path, kind: schema.FileKind | None = None, read_only: bool = False) -> None:
    """Roll back the commit of a writer that died half-way, before anything reads the file.

    A process killed mid-commit leaves ``<file>-journal``; SQLite restores the last commit
    from it on the next read-write access, but a read-only connection cannot, and would
    call the file damaged. Only our own files (application id in the header) are touched,
    only under the writer lock (so a live writer's journal is never taken for a hot one), and
    only with the journal that belongs to this file (``journal_state``). A stale journal is
    removed when the file is being opened for writing, and left alone by a reader. A WAL-mode
    file with a log is folded back into the single file when opened for writing.
    """
    path = real_file(path)
    state = journal_state(path)
    header = _header(path)
    wal = _is_wal(header) and _wal_has_content(path)
    foreign_wal = stale_wal(path)
    if state == "none" and not ((wal or foreign_wal) and not read_only):
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return
    if int.from_bytes(header[68:72], "big") != (kind or schema.report_kind()).application_id:
        return
    if state == "stale" and read_only:
        return
    try:
        lock = FileLock(path, PROGRAM)
    except (LockedError, OSError):
        return
    try:
        if stale_wal(path):
            # Another file's log and its shared memory: never read into this one.
            _remove_wal(path)
        state = journal_state(path)
        if state == "stale":
            # Not this file's: played into it, it would write another database's pages here.
            journal_path(path).unlink(missing_ok=True)
        if state == "ours" or (wal and not read_only):
            conn = sqlite3.connect(str(path), isolation_level=None)
            try:
                conn.execute("PRAGMA schema_version").fetchone()
                if wal:
                    conn.execute("PRAGMA journal_mode = DELETE")
            finally:
                conn.close()
    except sqlite3.Error:
        pass  # left to inspect_file, which names the fault
    finally:
        lock.release()


def writer_lock(target: Path) -> FileLock:
    """The writer lock of a file being opened for editing, or why not in one line: a side file
    planted at ``<file>.lock`` (a link, folder, device or another file's hard link) is refused
    for what it is, never taken for a folder the user cannot write."""
    try:
        return FileLock(target, PROGRAM)
    except SideFileError as exc:
        raise StoreError(f"“{shown(lock_path(target).name)}”不是本程序的锁文件（而是链接、文件夹、设备或另一个文件），拒绝打开；请移走它后重试") from exc
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ReadOnlyError(f"“{shown(target.name)}”的文件名过长，无法建立它的锁文件，只能以只读方式打开；请改用较短的文件名") from exc
        # The lock's side file cannot be made: a read-only folder, share or medium.
        raise ReadOnlyError(f"“{shown(target.name)}”所在的文件夹不可写入，只能以只读方式打开") from exc


def not_written(exc: BaseException, path: str | os.PathLike[str]) -> StoreError:
    """A new file (新建, 导入, 另存为, a new review file) the machine refused, named as the user
    gave it: not the file a link leads to, and not "the last edit was not saved", which is an
    edit's sentence."""
    reason = os_error_reason(exc) if isinstance(exc, OSError) else detail(exc)
    return StoreError(f"无法写入“{shown(os.fspath(path))}”：{reason}；没有写入任何文件")


@contextmanager
def claimed(target: Path, given: str | os.PathLike[str]) -> Iterator[None]:
    """Hold ``target``'s writer lock while a new file is put there, and clear what a previous
    file of that name left: a journal (SQLite would play its pages into the new file) and
    temporary files of writes that were killed. ``given``: the name the user gave."""
    try:
        guard = FileLock(target, PROGRAM)
    except SideFileError as exc:
        raise StoreError(f"“{shown(lock_path(target).name)}”不是本程序的锁文件（而是链接、文件夹、设备或另一个文件），拒绝写入") from exc
    except OSError as exc:
        raise not_written(exc, given) from exc
    try:
        if journal_state(target) != "none" or os.path.lexists(journal_path(target)):
            journal_path(target).unlink(missing_ok=True)
        _remove_wal(target)  # a WAL-mode file's log would be another file's for the new one
        remove_leftover_temporaries(target)
        yield
    finally:
        guard.release()


def _remove_wal(path: Path) -> None:
    """Remove the ``-wal`` and ``-shm`` beside ``path`` (under its writer lock), or refuse: left
    there, SQLite would open them."""
    stale_wal(path)  # refuses a -wal that is another kind of file
    for side in (_wal_log(path), path.with_name(path.name + "-shm")):
        try:
            # A -shm means nothing without a -wal: one that is not a WAL index (another file
            # bearing the name) is left where it is.
            if stat.S_ISREG(os.lstat(side).st_mode) and (side.name.endswith("-wal") or _is_wal_index(side)):
                side.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(f"无法移走“{shown(side.name)}”（{os_error_reason(exc)}），它不属于“{shown(path.name)}”；请移走它后再打开") from exc


def _is_wal_index(side: Path) -> bool:
    try:
        with open(side, "rb") as handle:
            head = handle.read(4)
    except OSError:
        return False
    return not head.strip(b"\x00") or head.startswith(_SHM_MAGICS)


def remove_leftover_temporaries(path: Path) -> None:
    """Temporary files of whole-file writes to ``path`` that a killed process left (SIGKILL
    cannot be caught). Called under ``path``'s writer lock: no live write to it is under way."""
    real = real_file(path)
    try:
        # ``write_atomically``'s names: ".~" + name + eight random characters + ".tmp" —
        # exactly eight, so another file's temporary (a longer name) is never matched — and the
        # journal SQLite kept beside one while a new file was written into it.
        stem = ".~" + glob.escape(real.name) + "?" * 8 + TEMP_SUFFIX
        leftovers = [*real.parent.glob(stem), *real.parent.glob(stem + "-journal")]
    except OSError:
        return
    for leftover in leftovers:
        try:
            if stat.S_ISREG(os.lstat(leftover).st_mode):
                leftover.unlink()
        except OSError:
            pass


def connect(path: Path, read_only: bool) -> sqlite3.Connection:
    path = real_file(path)
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
        return StoreError(f"写入“{name}”时出错（{os_error_reason(exc)}），修改没有保存；请检查存储设备")
    return StoreError(f"写入“{name}”时出错：{detail(exc)}")

