"""Qt's own texts in Chinese: the 确定/取消 of message boxes, the file and print dialogs.

Qt's catalogue lags behind its sources: Qt 6 gave the file dialog's labels a mnemonic
(``&Look in:``, ``Files of &type:``) while ``qtbase_zh_CN`` still translates ``Look in:`` and
``Files of type:``, so those two stayed English. ``MnemonicFallback`` answers such a text from
the catalogue's entry without the ``&`` and puts the key back the Chinese way: ``查找范围(&L)：``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

CATALOGUE = "qtbase_zh_CN"
COLONS = ("：", ":")


class MnemonicFallback(QTranslator):
    """Translates a text with a mnemonic the catalogue knows only without it."""

    def __init__(self, catalogue: QTranslator, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.catalogue = catalogue

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        mark = source.find("&")
        if mark < 0 or mark + 1 >= len(source) or source[mark + 1] == "&":
            return None  # None: not ours, the next catalogue is asked
        if self.catalogue.translate(context, source, disambiguation, n):
            return None  # the catalogue has this very text
        plain = source[:mark] + source[mark + 1 :]
        text = self.catalogue.translate(context, plain, disambiguation, n)
        if not text:
            return None
        key = f"(&{source[mark + 1].upper()})"
        if text.endswith(COLONS):
            return text[:-1] + key + text[-1]
        return text + key


def install(app: QCoreApplication) -> bool:
    """Load Qt's Simplified Chinese catalogue; False (English buttons) if it is not shipped."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(CATALOGUE, folder):
        return False
    # Asked before the catalogue (the last installed is asked first).
    return app.installTranslator(translator) and app.installTranslator(MnemonicFallback(translator, app))
