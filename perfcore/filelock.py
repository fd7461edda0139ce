"""One writer per report file: an OS lock on a small side file, released by any exit.

The side file ``<report>.lock`` names who holds the file (user, computer, program,
since when, and the device and inode of the report) so that a second opener can be told,
and so that a journal left by a crashed writer can be matched to the file it belongs to.
The lock itself is the operating system's (``fcntl.flock`` / ``msvcrt.locking``): the
kernel drops it when the holder exits, crashes or loses power, so a stale side file never
blocks the next open.

The lock follows the real file, not the name it was opened by: the side file sits beside
the resolved path (a symlink, a path through a folder and back up and the real name meet the same side file),
and on POSIX the report file itself is also ``flock``-ed, so a hard link (another name for
the same inode) meets the same lock. ``flock`` and SQLite's ``fcntl`` byte-range locks are
separate on Linux, so SQLite is not disturbed. The side file is opened without following
links and must be a regular file with no other name: a planted symlink, device or hard link
of another file is refused, never written.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import socket
import stat
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from perfcore.errors import UserError


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    program: str
    since: str

    dev: int = 0
    ino: int = 0
    """The report file's identity when the lock was taken (0: unknown, an older holder)."""

    def describe(self) -> str:
        when = self.since.replace("T", " ")[:16]
        return f"{self.host} 上的用户 {self.user}（{self.program}，进程 {self.pid}）自 {when} 起"


class LockedError(UserError):
    """The file is held by another process; ``holder`` says by whom when known."""

    def __init__(self, path: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "另一个程序"
        super().__init__(f"“{path.name}”正在被使用：{who}打开了此文件。可以只读方式打开查看。")
        self.path = path
        self.holder = holder


def real_file(path: Path) -> Path:
    """The file a path names, links and ``..`` resolved; the lock and the journal follow it."""
    return Path(os.path.realpath(path))


def lock_path(path: Path) -> Path:
    real = real_file(path)
    return real.with_name(real.name + ".lock")


class SideFileError(OSError):
    """The side file's name is taken by something that is not a regular file (a link, a folder,
    a device): it is never written through."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def _open_side_file(target: Path, write: bool) -> IO[bytes]:
    """Open the side file without following a link; refuse anything but a regular file."""
    flags = (os.O_RDWR | os.O_CREAT | os.O_APPEND if write else os.O_RDONLY) | _NOFOLLOW | _BINARY
    if sys.platform == "win32" and target.is_symlink():
        raise SideFileError(errno.ELOOP, "符号链接", str(target))
    try:
        fd = os.open(target, flags, 0o666)
    except OSError as exc:
        # ENXIO: a socket (or a device with no driver) — opening it says nothing of the folder.
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.EISDIR, errno.ENXIO, errno.EOPNOTSUPP):
            raise SideFileError(exc.errno, "不是普通文件", str(target)) from exc
        try:
            planted = not stat.S_ISREG(os.lstat(target).st_mode)
        except OSError:
            planted = False
        if planted:
            raise SideFileError(exc.errno, "不是普通文件", str(target)) from exc
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise SideFileError(errno.EINVAL, "不是普通文件", str(target))
    if write and info.st_nlink > 1:
        # Our side file has one name; a second is another file's (``ln other.jxzp r.jxzp.lock``),
        # which taking the lock would truncate to the holder's line.
        os.close(fd)
        raise SideFileError(errno.EMLINK, "另一个文件的硬链接", str(target))
    if write and info.st_size and not _holds_a_holder(fd, info.st_size):
        # A file of someone's that happens to bear the name (a report called ``r.jxzp.lock``):
        # taking the lock would truncate it to the holder's line, releasing it would delete it.
        os.close(fd)
        raise SideFileError(errno.EEXIST, "另一个文件", str(target))
    return os.fdopen(fd, "a+b" if write else "rb")


_HOLDER_START = b'{"user"'
"""How ``FileLock`` writes the holder (its first key; ``json.dumps`` keeps the order)."""


def _holds_a_holder(fd: int, size: int) -> bool:
    """Whether a side file's content is what ``FileLock`` writes — a space (the Windows lock
    region) and the holder's line, or a part of it that a power cut left (nothing, zeros, the
    line cut short) — and not another file that happens to bear the name."""
    if size > 4096:
        return False
    if hasattr(os, "pread"):
        text = os.pread(fd, size, 0)
    else:  # Windows: read from the start (the descriptor writes at the end anyway)
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, size)
    body = text.lstrip(b" \x00")
    return body.startswith(_HOLDER_START) or _HOLDER_START.startswith(body.rstrip(b"\x00"))


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def read_holder(path: Path) -> Holder | None:
    try:
        with _open_side_file(lock_path(path), write=False) as handle:
            data = json.loads(handle.read(4096).decode("utf-8"))
        return Holder(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            str(data["program"]),
            str(data["since"]),
            int(data.get("dev", 0)),
            int(data.get("ino", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


class FileLock:
    """Holds the writer lock of one report file until ``release``."""

    def __init__(self, path: Path, program: str) -> None:
        self.path = real_file(path)
        self._handle: IO[bytes] | None = None
        self._file_lock: int | None = None
        handle = _acquire(lock_path(path), path)
        try:
            self._file_lock = _lock_report_itself(self.path, path)
            try:
                identity = os.stat(self.path)
                dev, ino = identity.st_dev, identity.st_ino
            except FileNotFoundError:
                dev = ino = 0  # being created: no journal can belong to it yet
            holder = {
                "user": _user(),
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "program": program,
                "since": datetime.now().isoformat(timespec="seconds"),
                "dev": dev,
                "ino": ino,
            }
            # Byte 0 carries the Windows lock region; the holder text follows it.
            handle.seek(0)
            handle.truncate()
            handle.write(b" " + json.dumps(holder, ensure_ascii=False).encode("utf-8"))
            handle.flush()
            # Durable before SQLite can make a journal: the journal is matched to the file by it.
            os.fsync(handle.fileno())
        except BaseException:
            # Nothing could be written (a full disk): the side file we locked is ours to remove.
            try:
                os.unlink(lock_path(path))
            except OSError:
                pass
            self._unlock_report()
            handle.close()
            raise
        self._handle = handle

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is None:
            return
        try:
            # Remove the side file before unlocking so that no opener sees it unlocked-but-present
            # and reads a holder that is gone; a failure only leaves a harmless stale file.
            os.unlink(lock_path(self.path))
        except OSError:
            pass
        self._unlock_report()
        handle.close()

    def _unlock_report(self) -> None:
        # Closed only after the caller closed its SQLite connection (``ReportFile.close``):
        # closing a descriptor of the file drops the process's fcntl locks on it.
        fd, self._file_lock = self._file_lock, None
        if fd is not None:
            os.close(fd)


def _lock_report_itself(real: Path, shown: Path) -> int | None:
    """POSIX: ``flock`` the report file's inode, so that every hard link meets this lock.

    Returns the descriptor holding it, None where the file does not exist yet or on Windows
    (hard links to report files are not a Windows habit; the side file locks there).
    """
    if sys.platform == "win32":
        return None
    import fcntl

    try:
        fd = os.open(real, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as exc:
        os.close(fd)
        raise LockedError(shown, read_holder(shown)) from exc
    except OSError:
        os.close(fd)
        return None  # a file system without flock: the side file still locks
    return fd


def _acquire(target: Path, path: Path) -> IO[bytes]:
    """Lock the side file, retrying if a releasing holder unlinked it under us.

    ``release`` deletes the side file while still holding its lock; an opener that opened
    the old file just before would otherwise lock an orphan inode while a third process
    locks the new file, and both would believe they are the writer.
    """
    for _attempt in range(20):
        handle = _open_side_file(target, write=True)
        if not _try_lock(handle):
            handle.close()
            raise LockedError(path, read_holder(path))
        try:
            same = os.path.samestat(os.fstat(handle.fileno()), os.stat(target))
        except FileNotFoundError:
            same = False
        if same:
            return handle
        handle.close()
    raise LockedError(path, read_holder(path))


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "未知用户"
