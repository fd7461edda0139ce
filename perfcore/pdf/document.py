"""The whole print: the chosen forms in order, one document, its fingerprint."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from perfcore.collector import collector_paused
from perfcore.exchange import dump_json
from perfcore.fingerprint import document_fingerprint
from perfcore.forms import ALL_FORMS, FIGURES_FORM, PROJECT_FORM, FormsError, check_forms, form_parts
from perfcore.model import Package
from perfcore.output import write_output
from perfcore.pdf import figures, project, table1, table2, table3
from perfcore.pdf.fonts import resolve_fonts
from perfcore.pdf.page import LANDSCAPE_TEMPLATE, PORTRAIT_TEMPLATE, Foot, FormsDoc, canvas_class
from perfcore.pdf.styles import LANDSCAPE, PORTRAIT, frame_width, make_styles
from perfcore.scoring import Scores, score_package


class PdfError(FormsError):
    """A print that cannot be made as asked; the message is Chinese."""


@dataclass(frozen=True)
class RenderInfo:
    pages: int
    fingerprint: str
    """Short hash of the package's canonical exchange JSON, as printed at each page's foot."""
    forms: tuple[int, ...]
    """The forms 表1, 表2, 表3 that were printed (表2 is left out when the package has no special
    fund; a form the package's ``forms`` does not list is not printed)."""
    missing_glyphs: frozenset[str]
    """Characters of the package that no available font can print (they print as ``□``)."""
    projects: int = 0
    """项目支出绩效自评表 printed (one per project, when ``forms`` lists "projects")."""
    figures: bool = False
    """Whether the 基础数据表 was printed (when ``forms`` lists "figures")."""


def _story(
    package: Package, scores: Scores, forms: tuple[int, ...], font: str | None, explain: bool = False
) -> tuple[list[Flowable], list[int], str]:
    try:
        chosen = form_parts(package, forms)
    except FormsError as exc:
        raise PdfError(str(exc)) from exc
    styles = make_styles(resolve_fonts(font))
    parts: list[tuple[int, str, list[Flowable]]] = []
    portrait, landscape = frame_width(PORTRAIT), frame_width(LANDSCAPE)
    for part in chosen:
        if part.fund is not None:
            parts.append((2, PORTRAIT_TEMPLATE, table2.build(package, part.fund, styles, portrait)))
        elif part.project is not None:
            # Ten columns need the landscape page, as 表3's nine do.
            flowables = project.build(package, part.project, scores, styles, landscape)
            parts.append((PROJECT_FORM, LANDSCAPE_TEMPLATE, flowables))
        elif part.form == 1:
            parts.append((1, PORTRAIT_TEMPLATE, table1.build(package, styles, portrait)))
        elif part.form == FIGURES_FORM:
            parts.append((FIGURES_FORM, PORTRAIT_TEMPLATE, figures.build(package, styles, portrait)))
        else:
            parts.append((3, LANDSCAPE_TEMPLATE, table3.build(package, scores, styles, landscape)))
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
    cancelled: Callable[[], bool] | None = None,
) -> RenderInfo:
    """Print ``forms`` of ``package`` to ``out`` (a path, written atomically, or a binary stream).

    ``font`` is the settings' body font (file path or family name; None: the system's 仿宋/宋体).
    ``scores`` saves a recomputation when the caller has them; ``explain`` appends the
    失分说明 page after the forms (off by default: it is not part of the filing). ``cancelled``
    is asked after every page part laid out; when it answers True the build stops with
    :class:`RenderCancelled` (a path's temporary file removed). Raises
    :class:`~perfcore.pdf.fonts.FontError` without a usable CJK font and :class:`PdfError` for
    an empty selection.
    """
    # The print makes millions of short-lived objects and keeps every laid-out page to the end
    # (perfcore.collector): without the pause the cycle collector took a fifth of its time.
    with collector_paused():
        return _render(package, out, forms, font, scores, explain, cancelled)


def _render(
    package: Package,
    out: str | os.PathLike[str] | IO[bytes],
    forms: Iterable[int],
    font: str | os.PathLike[str] | None,
    scores: Scores | None,
    explain: bool,
    cancelled: Callable[[], bool] | None,
) -> RenderInfo:
    try:
        chosen = check_forms(forms)
    except FormsError as exc:
        raise PdfError(str(exc)) from exc
    if scores is None:
        scores = score_package(package)
    font_key = os.fspath(font) if font is not None else None
    story, printed, first = _story(package, scores, chosen, font_key, explain)
    fonts = resolve_fonts(font_key)
    text = dump_json(package)  # once: the fingerprint and the characters no font has
    mark = document_fingerprint(text)
    foot = Foot(fonts=fonts, caption=f"{package.year}年度绩效自评　校验码 {mark}")
    meta = {
        "title": f"{package.unit_name}{package.year}年度绩效自评报告",
        "author": package.unit_name,
        "subject": f"校验码 {mark}",
        "creator": "perf-filing",
    }

    def build(target: str | IO[bytes]) -> int:
        doc = FormsDoc(target, fonts.name("song"), first=first, **meta)
        if cancelled is not None:
            doc.setProgressCallBack(lambda _kind, _value: _stop_if(cancelled))
        doc.build(story, canvasmaker=canvas_class(foot))
        return int(doc.page)

    if isinstance(out, (str, os.PathLike)):
        pages = _atomic(Path(out), build, fonts.files())
    else:
        pages = build(out)
    return RenderInfo(
        pages=pages,
        fingerprint=mark,
        forms=tuple(sorted({form for form in printed if form in ALL_FORMS})),
        projects=printed.count(PROJECT_FORM),
        figures=FIGURES_FORM in printed,
        missing_glyphs=frozenset(fonts.missing(text)),
    )


class RenderCancelled(Exception):
    """The caller of :func:`render_pdf` asked it to stop (the app is ending): not an error."""


def _stop_if(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise RenderCancelled


def _atomic(path: Path, build: Callable[[str], int], fonts: list[Path]) -> int:
    """Build into a temporary file beside ``path``, then rename: a reader never sees half a PDF.
    Through the output guard: never over a report file, a special file or the ``fonts`` the
    print reads (the caller chose ``path``, so an ordinary file there is replaced; commands ask
    first, see perfcore.output)."""
    pages: list[int] = []
    write_output(path, lambda temp: pages.append(build(str(temp))), inputs=fonts, overwrite=True)
    return pages[0]
