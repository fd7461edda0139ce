"""Writing a whole file so that it is either the old one or the new one, never half of each."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """``write`` fills a temporary file beside ``target``; it is synced, then renamed over it.

    The temporary file is in the same folder so that the rename cannot cross file systems,
    and is removed if anything fails, leaving ``target`` as it was.
    """
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=".~" + target.name, suffix=".tmp", dir=directory)
    os.close(fd)
    temp = Path(temp_name)
    try:
        # mkstemp makes the file private (0600); a report on a shared folder must keep the
        # permissions of the file it replaces, or get the ones any new file would get.
        os.chmod(temp, _mode_for(target))
        write(temp)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


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
