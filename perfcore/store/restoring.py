"""Putting a backup back into its report file.

Lives with the store, not in ``perfcore.backup``: it opens the report file under its writer
lock, and the backup module stays below the store (the store makes backups; backups know
nothing of the store).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from perfcore import backup
from perfcore.store.admission import inspect_file
from perfcore.store.errors import StoreError
from perfcore.store.session import ReportFile


def restore(report_path: Path, chosen: backup.Backup, folder: Path) -> backup.Backup:
    """Put ``chosen`` back into the report file; returns the backup of the state it replaced.

    Under the report's writer lock: the current state is backed up first, then the backup's
    pages are written into the report file with the backup API in one transaction.
    """
    try:
        inspect_file(chosen.path)
    except StoreError as exc:
        raise backup.BackupError(f"备份“{chosen.path.name}”无法使用：{exc}") from exc
    with ReportFile.open(report_path) as report:
        saved = backup.make(report.connection(), report_path, folder, "restore", report.scores.total)
        backup.thin(report_path, folder, saved.made)
        source = sqlite3.connect(chosen.path.as_uri() + "?mode=ro", uri=True)
        try:
            source.backup(report.connection())
        except sqlite3.Error as exc:
            raise backup.BackupError(f"恢复“{report_path.name}”失败，文件保持原样：{exc}") from exc
        finally:
            source.close()
    return saved
