"""The forms as PDF: 表1, each 表2, 表3, each 项目支出绩效自评表 and the 基础数据表 on A4, ready to
sign and stamp, in the order of the package's ``forms`` (a form it does not list is not printed).
No Qt.

API::

    from perfcore.pdf import render_pdf
    info = render_pdf(package, "out.pdf", forms=(1, 2, 3), font=None)
    info.pages, info.fingerprint      # e.g. 5, "1A2B-3C4D-5E6F"

``render_pdf(package, out, forms=(1, 2, 3), font=None, scores=None) -> RenderInfo``
    ``out`` is a path (written atomically: temporary file beside it, then renamed) or a binary
    stream. ``forms`` picks among 表1, 表2 and 表3; 表2 prints once per special fund; projects
    (one form each, landscape) and the 基础数据表 print when the package's ``forms`` lists them.
    ``font`` is the body font
    chosen in the settings (a ``.ttf``/``.ttc`` path, ``path.ttc#1`` for a face of a collection,
    or a family name); by default the system's 仿宋/宋体/黑体/楷体 are used (see
    :mod:`perfcore.pdf.fonts`). ``scores`` may pass results the caller already has.
    Raises :class:`FontError` when no CJK TrueType font can be embedded and :class:`PdfError`
    when the selection has nothing to print; both messages are Chinese, for the user.

``RenderInfo``: ``pages`` (of the whole print), ``fingerprint`` (printed at each page's foot
with ``第 x 页 共 y 页``; a short hash of the canonical exchange JSON, so a stamped paper copy can
be matched to its file), ``forms`` printed (of 表1–表3), ``projects`` and ``figures`` printed,
and ``missing_glyphs`` (characters no font has; they print as ``□``). ``unprintable(package, font=None)`` lists them per field beforehand
(:mod:`perfcore.pdf.glyphs`).

Print quality (:mod:`perfcore.pdf.cells`, :mod:`perfcore.pdf.blocks`): a table cut by a page
break is closed by a rule below and opened by one above (merged group cells too); a row splits
only with three lines of it on each side, and a tall row begins at the foot of a page rather than
leave more than 40 mm blank; 审核意见 and the signatures never stand alone on a page.

Layout: GB/T 9704 margins (37/35 mm, binding 28 mm / outer 26 mm, alternating), page numbers
``— 1 —``, a free 46 mm square for the seal beside 填报单位（盖章） and beside the signatures (on
the landscape 项目支出绩效自评表 46 mm wide and 35 mm tall beside the signatures), dates as ``2020年7月10日``. Every user string is printed literally (escaped for ReportLab).
"""

from typing import TYPE_CHECKING, Any

from perfcore.fingerprint import fingerprint
from perfcore.forms import ALL_FORMS, parse_forms

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    # Loaded when first asked for: importing ReportLab takes a fifth of a second, and every
    # perfcore command imports this package (``perfcore pdf`` registers itself from
    # perfcore.pdf.cli), as do the summary's and the desktop's first steps.
    if name in ("PdfError", "RenderCancelled", "RenderInfo", "render_pdf"):
        from perfcore.pdf import document

        return getattr(document, name)
    if name == "FontError":
        from perfcore.pdf.fonts import FontError

        return FontError
    if name in ("Unprintable", "unprintable"):
        from perfcore.pdf import glyphs

        return getattr(glyphs, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
