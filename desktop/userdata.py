"""Where the program keeps its own files for this user: backups and the error log.

Qt's AppDataLocation (``~/.local/share/perf-filing/perf-filing`` on Linux,
``%APPDATA%\\perf-filing\\perf-filing`` on Windows) — the folder ``perfcore.backup`` uses by
default too. ``PERF_FILING_DATA`` replaces it (portable installs, tests).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths


def data_folder() -> Path:
    override = os.environ.get("PERF_FILING_DATA")
    if override:
        return Path(override)
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def backups_folder() -> Path:
    return data_folder() / "backups"


def log_file() -> Path:
    return data_folder() / "logs" / "errors.log"
