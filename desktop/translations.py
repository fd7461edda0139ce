"""Qt's own texts in Chinese: the 确定/取消 of message boxes, the file and print dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOGUE = "qtbase_zh_CN"


def install(app: QCoreApplication) -> bool:
    """Load Qt's Simplified Chinese catalogue; False (English buttons) if it is not shipped."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(CATALOGUE, folder):
        return False
    return app.installTranslator(translator)
