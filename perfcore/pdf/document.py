"""The whole print: the chosen forms in order, one document, its fingerprint."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from perfcore.atomic import write_atomically
from perfcore.errors import UserError
from perfcore.exchange import dump_json
from perfcore.model import Package
from perfcore.pdf import table1, table2, table3
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.page import LANDSCAPE_TEMPLATE, PORTRAIT_TEMPLATE, Foot, FormsDoc, canvas_class
from perfcore.pdf.styles import LANDSCAPE, PORTRAIT, frame_width, make_styles
from perfcore.scoring import Scores, score_package

ALL_FORMS: tuple[int, ...] = (1, 2, 3)


class PdfError(UserError):
    """A print that cannot be made as asked; the message is Chinese."""


@dataclass(frozen=True)
class RenderInfo:
    pages: int
    fingerprint: str
    """Short hash of the package's canonical exchange JSON, as printed at each page's foot."""
    forms: tuple[int, ...]
    """The forms that were printed (表2 is left out when the package has no special fund)."""
    missing_glyphs: frozenset[str]
    """Characters of the package that no available font can print (they print as ``□``)."""


def fingerprint(package: Package) -> str:
    """``1A2B-3C4D-5E6F``: 48 bits of SHA-256 over the canonical exchange document."""
    digest = hashlib.sha256(dump_json(package).encode("utf-8")).hexdigest()[:12].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 12, 4))


def parse_forms(text: str) -> tuple[int, ...]:
    """``"1,3"`` → ``(1, 3)``; refuses anything but 1, 2 and 3."""
    try:
        forms = tuple(sorted({int(part) for part in text.replace("，", ",").split(",") if part.strip()}))
    except ValueError as exc:
        raise PdfError(f"表号“{text}”无效，应为1、2、3中的一个或几个，如 1,2,3") from exc
    return _check_forms(forms)


def _check_forms(forms: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(forms)))
    if not chosen or any(f not in ALL_FORMS for f in chosen):
        raise PdfError(f"表号{list(chosen)}无效，应为1、2、3中的一个或几个")
    return chosen


def _story(
    package: Package, scores: Scores, forms: tuple[int, ...], font: str | None, explain: bool = False
) -> tuple[list[Flowable], list[int], str]:
    styles = make_styles(resolve_fonts(font))
    parts: list[tuple[int, str, list[Flowable]]] = []
    if 1 in forms:
        parts.append((1, PORTRAIT_TEMPLATE, table1.build(package, styles, frame_width(PORTRAIT))))
    if 2 in forms:
        for fund in package.special_funds:
            parts.append((2, PORTRAIT_TEMPLATE, table2.build(package, fund, styles, frame_width(PORTRAIT))))
    if 3 in forms:
        parts.append((3, LANDSCAPE_TEMPLATE, table3.build(package, scores, styles, frame_width(LANDSCAPE))))
    if not parts:
        raise PdfError("所选的表没有内容可打印（本报告没有专项资金，表2为空）")
    printed = [form for form, _, _ in parts]
    if explain:
        # 失分说明 is an appendix after the last form, on its own pages: never inside a stamped form.
        from perfcore.explain import explain as explain_package
        from perfcore.pdf import explain_page

        parts.append((0, PORTRAIT_TEMPLATE, explain_page.build(package, explain_package(package, scores), styles)))
    story: list[Flowable] = []
    for i, (_, template, flowables) in enumerate(parts):
        if i:
            story += [NextPageTemplate(template), PageBreak()]
        story += flowables
    return story, printed, parts[0][1]


def render_pdf(
    package: Package,
    out: str | os.PathLike[str] | IO[bytes],
    forms: Iterable[int] = ALL_FORMS,
    font: str | os.PathLike[str] | None = None,
    scores: Scores | None = None,
    explain: bool = False,
) -> RenderInfo:
    """Print ``forms`` of ``package`` to ``out`` (a path, written atomically, or a binary stream).

    ``font`` is the settings' body font (file path or family name; None: the system's 仿宋/宋体).
    ``scores`` saves a recomputation when the caller has them; ``explain`` appends the
    失分说明 page after the forms (off by default: it is not part of the filing). Raises
    :class:`~perfcore.pdf.fonts.FontError` without a usable CJK font and :class:`PdfError` for
    an empty selection.
    """
    chosen = _check_forms(forms)
    if scores is None:
        scores = score_package(package)
    font_key = os.fspath(font) if font is not None else None
    story, printed, first = _story(package, scores, chosen, font_key, explain)
    fonts = resolve_fonts(font_key)
    mark = fingerprint(package)
    foot = Foot(fonts=fonts, caption=f"{package.year}年度绩效自评　校验码 {mark}")
    meta = {
        "title": f"{package.unit_name}{package.year}年度绩效自评报告",
        "author": package.unit_name,
        "subject": f"校验码 {mark}",
        "creator": "perf-filing",
    }

    def build(target: str | IO[bytes]) -> int:
        doc = FormsDoc(target, fonts.name("song"), first=first, **meta)
        doc.build(story, canvasmaker=canvas_class(foot))
        return int(doc.page)

    if isinstance(out, (str, os.PathLike)):
        pages = _atomic(Path(out), build)
    else:
        pages = build(out)
    text = dump_json(package)
    return RenderInfo(
        pages=pages,
        fingerprint=mark,
        forms=tuple(sorted(set(printed))),
        missing_glyphs=frozenset(fonts.missing(text)),
    )


def _atomic(path: Path, build: Callable[[str], int]) -> int:
    """Build into a temporary file beside ``path``, then rename: a reader never sees half a PDF."""
    pages: list[int] = []
    write_atomically(path, lambda temp: pages.append(build(str(temp))))
    return pages[0]
