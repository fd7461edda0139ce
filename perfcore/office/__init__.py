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

from perfcore.office.excel import export_xlsx
from perfcore.office.files import ExportInfo
from perfcore.office.word import export_docx

__all__ = ["ExportInfo", "export_docx", "export_xlsx"]
