"""The forms as editable Word and Excel files, for bureaus and systems that ask for them. No Qt.

API::

    from perfcore.office import export_docx, export_xlsx
    info = export_docx(package, "out.docx", forms=(1, 2, 3))
    info = export_xlsx(package, "out.xlsx")
    info.fingerprint, info.forms          # e.g. "1A2B-3C4D-5E6F", (1, 2, 3)

Both take ``out`` as a path (written atomically) or a binary stream, ``forms`` as for the PDF
(:mod:`perfcore.forms`) and ``scores`` when the caller has them; both put the PDF's fingerprint
(校验码) into the file's document properties (subject, identifier, keywords). The Word layout
is in :mod:`perfcore.office.word`, the Excel layout — which the template converter reads back —
in :mod:`perfcore.office.excel`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perfcore.office.excel import export_xlsx
    from perfcore.office.files import ExportInfo
    from perfcore.office.word import export_docx

__all__ = ["ExportInfo", "export_docx", "export_xlsx"]

# Loaded on first use: python-docx and openpyxl take about a second to import on a slow
# machine, and the command line loads this package for every command.
_HOMES = {"export_docx": "perfcore.office.word", "export_xlsx": "perfcore.office.excel", "ExportInfo": "perfcore.office.files"}


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
