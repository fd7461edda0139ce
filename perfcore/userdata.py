"""Where the program keeps its own files for this user: backups, the error log, the demo copy.

One folder, the one Qt's AppDataLocation gave the desktop for organisation and application
"perf-filing" before this module existed, so that backups and logs already made are found:
``~/.local/share/perf-filing/perf-filing`` on Linux (``$XDG_DATA_HOME`` when set),
``%APPDATA%\\perf-filing\\perf-filing`` on Windows (the roaming profile),
``~/Library/Application Support/perf-filing/perf-filing`` on macOS. ``platformdirs`` finds the
platform's base folder. ``PERF_FILING_DATA`` replaces the whole folder (portable installs, tests).

The desktop's settings (window size, recent files, the print font) stay in ``QSettings``, where
they have always been.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "perf-filing"
OVERRIDE = "PERF_FILING_DATA"


def data_folder() -> Path:
    """The folder, whether or not it exists yet (nothing here creates it)."""
    override = os.environ.get(OVERRIDE)
    if override:
        return Path(override)
    # Qt appended organisation and application name, both "perf-filing".
    return platformdirs.user_data_path(roaming=True) / APP / APP


def backups_folder() -> Path:
    return data_folder() / "backups"


def log_file() -> Path:
    return data_folder() / "logs" / "errors.log"


def templates_folder() -> Path:
    """The user's own and converted indicator frameworks (``perfcore template save/import``)."""
    return data_folder() / "templates"
