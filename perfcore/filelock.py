"""One writer per report file: an OS lock on a small side file, released by any exit.

The side file ``<report>.lock`` names who holds the file (user, computer, program,
since when) so that a second opener can be told. The lock itself is the operating
system's (``fcntl.flock`` / ``msvcrt.locking``): the kernel drops it when the holder
exits, crashes or loses power, so a stale side file never blocks the next open.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
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


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


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
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["program"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class FileLock:
    """Holds the writer lock of one report file until ``release``."""

    def __init__(self, path: Path, program: str) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None
        handle = _acquire(lock_path(path), path)
        holder = {
            "user": _user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "program": program,
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        # Byte 0 carries the Windows lock region; the holder text follows it.
        handle.seek(0)
        handle.truncate()
        handle.write(b" " + json.dumps(holder, ensure_ascii=False).encode("utf-8"))
        handle.flush()
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
        handle.close()


def _acquire(target: Path, path: Path) -> IO[bytes]:
    """Lock the side file, retrying if a releasing holder unlinked it under us.

    ``release`` deletes the side file while still holding its lock; an opener that opened
    the old file just before would otherwise lock an orphan inode while a third process
    locks the new file, and both would believe they are the writer.
    """
    for _attempt in range(20):
        handle = open(target, "a+b")  # noqa: SIM115 - kept open while the lock is held
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
