"""The program's name and where its settings are kept (window size, recent files, print font).

A module of its own so that the window and the dialogs it opens both read it, and no dialog
needs the main window for it.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

APP_TITLE = "绩效自评填报"
ORGANIZATION = "perf-filing"


def settings() -> QSettings:
    return QSettings(ORGANIZATION, ORGANIZATION)
