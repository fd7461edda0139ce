"""The forms as PDF: 表1, each 表2 and 表3 on A4, ready to sign and stamp. No Qt.

API::

    from perfcore.pdf import render_pdf
    info = render_pdf(package, "out.pdf", forms=(1, 2, 3), font=None)
    info.pages, info.fingerprint      # e.g. 5, "1A2B-3C4D-5E6F"

``render_pdf(package, out, forms=(1, 2, 3), font=None, scores=None) -> RenderInfo``
    ``out`` is a path (written atomically: temporary file beside it, then renamed) or a binary
    stream. ``forms`` picks the forms; 表2 prints once per special fund. ``font`` is the body font
    chosen in the settings (a ``.ttf``/``.ttc`` path, ``path.ttc#1`` for a face of a collection,
    or a family name); by default the system's 仿宋/宋体/黑体/楷体 are used (see
    :mod:`perfcore.pdf.fonts`). ``scores`` may pass results the caller already has.
    Raises :class:`FontError` when no CJK TrueType font can be embedded and :class:`PdfError`
    when the selection has nothing to print; both messages are Chinese, for the user.

``RenderInfo``: ``pages`` (of the whole print), ``fingerprint`` (printed at each page's foot
with ``第 x 页 共 y 页``; a short hash of the canonical exchange JSON, so a stamped paper copy can
be matched to its file), ``forms`` printed and ``missing_glyphs`` (characters no font has; they
print as ``□``). ``unprintable(package, font=None)`` lists them per field beforehand
(:mod:`perfcore.pdf.glyphs`).

Layout: GB/T 9704 margins (37/35 mm, binding 28 mm / outer 26 mm, alternating), page numbers
``— 1 —``, a free 46 mm square for the seal beside 填报单位（盖章） and beside the signatures,
dates as ``2020年7月10日``. Every user string is printed literally (escaped for ReportLab).
"""

from perfcore.fingerprint import fingerprint
from perfcore.forms import ALL_FORMS, parse_forms
from perfcore.pdf.document import PdfError, RenderCancelled, RenderInfo, render_pdf
from perfcore.pdf.fonts import FontError
from perfcore.pdf.glyphs import Unprintable, unprintable

__all__ = [
    "ALL_FORMS",
    "FontError",
    "PdfError",
    "RenderCancelled",
    "RenderInfo",
    "Unprintable",
    "fingerprint",
    "parse_forms",
    "render_pdf",
    "unprintable",
]
