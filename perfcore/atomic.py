"""Writing a whole file so that it is either the old one or the new one, never half of each."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """``write`` fills a temporary file beside ``target``; it is synced, then renamed over it.

    The temporary file is in the same folder so that the rename cannot cross file systems,
    and is removed if anything fails, leaving ``target`` as it was.
    """
    directory = target.parent if str(target.parent) else Path(".")
    temp: Path | None = None
    fd: int | None = None
    try:
        # SIGTERM/SIGHUP unwind like an exception (the CLI's handlers): held back while the
        # temporary file is made and named, so that one arriving just then is raised once it
        # has a name, inside this ``try``, which removes it.
        with _stop_signals_held():
            fd, temp_name = tempfile.mkstemp(prefix=".~" + target.name, suffix=TEMP_SUFFIX, dir=directory)
            temp = Path(temp_name)
        os.close(fd)
        fd = None
        # mkstemp makes the file private (0600); a report on a shared folder must keep the
        # permissions of the file it replaces, or get the ones any new file would get.
        os.chmod(temp, _mode_for(target))
        write(temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        if fd is not None:
            os.close(fd)
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise


TEMP_SUFFIX = ".tmp"
"""``write_atomically``'s temporary files are ``.~<name><8 random characters>.tmp`` (and SQLite
may keep its ``-journal`` beside one while a database is written into it)."""


@contextmanager
def _stop_signals_held() -> Iterator[None]:
    held = {getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)}
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield  # Windows, or a thread no Python signal handler runs in
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of an open SQLite database, by SQLite's backup API (never a file copy)."""

    def write(temp: Path) -> None:
        copy = sqlite3.connect(str(temp), isolation_level=None)
        try:
            source.backup(copy)
        finally:
            copy.close()

    write_atomically(target, write)
