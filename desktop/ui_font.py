"""A Chinese face for the interface on a machine that has none.

A Linux desktop without a Chinese system font would show every label as boxes. The frozen
bundle carries open-licensed Chinese fonts for the PDFs (``perfcore.resources/fonts``, see
installer/perf-filing.spec); when Qt's font database has no family that writes Simplified
Chinese, they are registered with the application and become its font. A checkout has no
bundled fonts: there the system's (the Debian packages the setup installs) are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from perfcore import assets

FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
SANS_HINTS = ("hei", "wqy", "sans")
"""File names of sans-serif faces, which read better on screen than a 宋体: tried first."""


def bundled_font_files() -> list[Path]:
    """The fonts shipped beside the program, sans-serif first; none in a checkout."""
    folder = assets.resource("fonts")
    if not folder.is_dir():
        return []
    paths = [Path(str(entry)) for entry in folder.iterdir() if entry.name.lower().endswith(FONT_SUFFIXES)]
    return sorted(paths, key=lambda p: (not any(h in p.name.lower() for h in SANS_HINTS), p.name))


def chinese_families() -> list[str]:
    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def ensure_chinese_font(
    app: QGuiApplication,
    installed: Sequence[str] | None = None,
    font_files: Sequence[Path] | None = None,
) -> list[str]:
    """Make the bundled fonts the interface's when no ``installed`` family writes Chinese.

    ``installed`` defaults to the families Qt finds for Simplified Chinese, ``font_files`` to
    :func:`bundled_font_files`. Returns the families the application font was set to (empty
    when the system has a Chinese face, or when there is nothing to register).
    """
    if chinese_families() if installed is None else installed:
        return []
    families: list[str] = []
    for path in bundled_font_files() if font_files is None else font_files:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            continue
        families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
    if families:
        font = QFont(app.font())
        # The first family for the text, the others for characters it lacks.
        font.setFamilies([*families, *font.families()])
        app.setFont(font)
    return families
