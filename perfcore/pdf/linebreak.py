"""Chinese line breaking for ReportLab paragraphs.

ReportLab's own CJK wrapping (5.1) starts lines with a full-width comma (``，`` is missing from
its list of characters that cannot start a line) and lets a line run past the margin when it
backs out of a figure such as ``83.62``. :class:`CJKParagraph` breaks lines itself:

* between any two Chinese characters;
* never inside a run of Latin letters and digits (``85.80``, ``2019``) unless the run alone
  is wider than the line;
* never before closing punctuation (``，。、；：）》”…``) nor after opening punctuation
  (``（《“``): the character before a comma moves down with it, as Chinese typesetting does.
"""

from __future__ import annotations

import weakref
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from copy import deepcopy
from itertools import islice, repeat
from operator import add
from typing import Any, overload

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus.paragraph import FragLine, Paragraph, ParaLines

from perfcore.pdf.placing import placed

CANNOT_START = frozenset("，。、；：？！）》」』】〕］｝〉”’…—～·％‰℃°′″!),.:;?]}%\uff0e\u30fb\u2013\u2015")
CANNOT_END = frozenset("（《「『【〔［｛〈“‘([{￥$#@§")
_FUZZ = 1e-6


def _is_word_char(char: str) -> bool:
    """Latin letters, digits and their punctuation: glued to their neighbours of the same kind."""
    code = ord(char)
    return code < 0x2E80 and not char.isspace() and code not in (0x2014, 0x2026, 0x00B7)


def _breakable(before: str, after: str) -> bool:
    if not before or not after:
        return True
    if after in CANNOT_START or before in CANNOT_END:
        return False
    if after == " ":
        return False  # break after the blank, not before it
    if before == " ":
        return True
    return not (_is_word_char(before) and _is_word_char(after))


# What the breaking rules ask of a unit, as bits: a paragraph's units are classified once (by a
# dictionary look-up per distinct character) and every pair of neighbours is judged by a table,
# so that the loop over a long text does a few integer operations per character (a 1,000,000-
# character name is broken twice on 表1).
_STARTS_NOT, _ENDS_NOT, _WORD, _BLANK, _EMPTY = 1, 2, 4, 8, 16
_KINDS = 32


def _kind(char: str) -> int:
    if not char:
        return _EMPTY
    kind = _STARTS_NOT if char in CANNOT_START else 0
    if char in CANNOT_END:
        kind |= _ENDS_NOT
    if _is_word_char(char):
        kind |= _WORD
    if char == " ":
        kind |= _BLANK
    return kind


def _pair_breakable(before: int, after: int) -> bool:
    """:func:`_breakable` for the kinds of two units."""
    if before & _EMPTY or after & _EMPTY:
        return True
    if after & _STARTS_NOT or before & _ENDS_NOT:
        return False
    if after & _BLANK:
        return False
    if before & _BLANK:
        return True
    return not (before & _WORD and after & _WORD)


_PAIRS = [_pair_breakable(before, after) for before in range(_KINDS) for after in range(_KINDS)]
"""``_PAIRS[before * _KINDS + after]``."""


def break_lines(
    chars: Sequence[str], widths: Sequence[float], max_widths: Sequence[float], hard: Sequence[bool]
) -> list[tuple[int, int]]:
    """Line spans ``(start, end)`` over ``chars`` (one entry per unit, possibly ``''``).

    ``hard[i]`` marks a forced break after unit ``i`` (``<br/>``). A line's trailing blanks do
    not count against its width; a group wider than a line is broken where it must be.
    """
    lines: list[tuple[int, int]] = []
    n = len(chars)
    known = {char: _kind(char) for char in set(chars)}
    kinds = list(map(known.__getitem__, chars))
    # breaks[i]: a line may end before unit i (by its neighbours alone).
    pairs = map(add, map(_KINDS.__mul__, kinds), kinds[1:])
    breaks = [False, *map(_PAIRS.__getitem__, pairs)]
    last_width = len(max_widths) - 1
    start = 0
    while start < n:
        limit = max_widths[min(len(lines), last_width)] + _FUZZ
        used = 0.0
        last_break = -1  # index after which the line may end
        i = start
        forced = False
        may_end = True  # the last unit that is not a blank may end a line
        while i < n:
            w = widths[i]
            kind = kinds[i]
            if used + w > limit and i > start and not kind & _BLANK:
                break
            used += w
            i += 1
            if hard[i - 1]:
                forced = True
                break
            if not kind & _BLANK:
                may_end = not kind & _ENDS_NOT
            if i < n and may_end and breaks[i]:
                last_break = i
        if forced or i >= n:
            end = i
        elif last_break > start:
            end = last_break
        else:
            end = max(i, start + 1)  # an unbreakable run wider than the line
        lines.append((start, end))
        start = end
        # A wrapped line does not begin with the blanks it wrapped at.
        if not forced:
            while start < n and kinds[start] & _BLANK and not hard[start]:
                start += 1
    return lines


_WIDTHS: dict[tuple[str, float], dict[str, float]] = {}


def _char_widths(text: str, font: str, size: float) -> dict[str, float]:
    """The width of each character in ``font`` at ``size``, measured once per process."""
    table = _WIDTHS.setdefault((font, size), {})
    for char in set(text).difference(table):
        table[char] = stringWidth(char, font, size)
    return table


def _line(
    runs: tuple[list[int], list[Any]],
    chars: Sequence[str],
    start: int,
    stop: int,
    max_width: float,
    used: float,
    line_break: bool,
) -> Any:
    """A ReportLab line of units ``start`` to ``stop``, a word per run of one fragment (what
    ``makeCJKParaLine`` builds, without images). ``runs``: where each fragment's units begin,
    and the fragments."""
    starts, frags = runs
    words = []
    size = ascent = descent = 0.0
    run = bisect_right(starts, start) - 1
    while run < len(starts) and starts[run] < stop:
        frag = frags[run]
        end = starts[run + 1] if run + 1 < len(starts) else stop
        word = frag.clone()
        word.text = "".join(chars[max(start, starts[run]) : min(stop, end)])
        words.append(word)
        a, d = getAscentDescent(frag.fontName, frag.fontSize)
        size, ascent, descent = max(size, frag.fontSize), max(ascent, a), min(descent, d)
        run += 1
    return FragLine(
        kind=1,
        extraSpace=max_width - used,
        wordCount=1,
        words=words,
        fontSize=size,
        ascent=ascent,
        descent=descent,
        maxWidth=max_width,
        currentWidth=used,
        lineBreak=line_break,
    )


PARSE_ONCE_LIMIT = 400
"""Markup up to this length is parsed once per style object (the labels and notes every form
and every fund repeats); longer texts are a user's own and rarely repeat."""

_PARSED: weakref.WeakKeyDictionary[Any, dict[str, tuple[Any, tuple[Any, ...]]]] = weakref.WeakKeyDictionary()
"""Per style object (made per render, so a cache lives as long as its render): markup → the
style and fragments ReportLab's parser made of it. Fragments are only read after parsing."""
_BROKEN: weakref.WeakKeyDictionary[Any, dict[tuple[str, tuple[float, ...]], list[Any]]] = weakref.WeakKeyDictionary()
"""Per style object: (markup, line widths) → its lines, for the paragraphs of :data:`_PARSED`
(lines, like fragments, are only read once made)."""


_STAMPS: weakref.WeakKeyDictionary[Any, weakref.WeakKeyDictionary[Any, dict[Any, tuple[Any, list[str]]]]] = (
    weakref.WeakKeyDictionary()
)
"""Per canvas, per style object: (markup, size, lines) → the page operators the paragraph drew,
for the paragraphs of :data:`_PARSED`. A paragraph draws itself relative to its own origin
(``drawOn`` translates), so its operators are the same wherever it stands on any page of that
document; they name characters by the document's own font subsets, so they are never used in
another document."""


_PLAIN: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
"""Per style object: the fragment ReportLab's parser makes of a plain text in it."""


def _plain_frags(text: str, style: Any) -> list[Any] | None:
    """The fragments ReportLab's parser would make of ``text`` when it is plain (no markup, no
    entity, nothing its blank cleaning would change): the style's one fragment holding the text,
    made without parsing (a fund's name, its figures; a user's long text). None otherwise:
    parse it."""
    if "<" in text or ">" in text or "&" in text or " ".join(text.split()) != text or not text:
        return None
    if getattr(style, "textTransform", None):
        return None
    template = _PLAIN.get(style)
    if template is None:
        frags = Paragraph("x", style).frags
        if len(frags) != 1:
            return None
        template = _PLAIN[style] = frags[0]
    return [template.clone(text=text)]


_CLOSE = "</font>"


def _labelled_frags(text: str, style: Any, parsed: dict[str, tuple[Any, tuple[Any, ...]]]) -> list[Any] | None:
    """The fragments of markup ending ``</font>`` followed by a plain value (``<font
    face="黑体">专项资金名称：</font>专项资金12``): those of the head, parsed once per style and
    kept in ``parsed``, then the value's as :func:`_plain_frags` makes it (after a closed tag
    the parser is back at the paragraph's own fragment). None if ``text`` is not of that form:
    parse it. A thousand funds' name lines differ only in the value."""
    at = text.rfind(_CLOSE) + len(_CLOSE)
    if at < len(_CLOSE) or at == len(text) or text[at - len(_CLOSE) - 1].isspace():
        return None
    value = _plain_frags(text[at:], style)
    if value is None:
        return None
    head = text[:at]
    known = parsed.get(head)
    if known is None:
        made = Paragraph(head, style)
        known = parsed[head] = (made.style, tuple(made.frags))
    if known[0] is not style:
        return None
    return [*known[1], *value]


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph broken into lines by :func:`break_lines` (style ``wordWrap="CJK"``).

    ReportLab wraps a paragraph many times while it fits and splits a table; the lines are
    kept per width, and the part after a split inherits the lines already broken, so that a
    30,000-character cell costs one line breaking, not one per page. A short text is parsed
    once per style (:data:`PARSE_ONCE_LIMIT`) and drawn once per document (:data:`_STAMPS`):
    1,000 funds print the same labels 1,000 times.
    """

    _cjk_lines: tuple[tuple[float, ...], Any] | None = None
    _wrapped: tuple[float, Any, float] | None = None
    """The last wrap: its width, the lines it set and its height."""
    _shared: str | None = None
    """The markup of a paragraph parsed through :data:`_PARSED`, whose lines are shared too."""
    _cjk_origin: int | None = 0
    """Where this paragraph's fragments begin among the text units its lines count in (their
    ``cjk_start``): 0 for a whole paragraph, a line's start for the rest after a split, None
    when the fragments are ReportLab's (then a split is ReportLab's too)."""
    style: Any
    height: float
    _frags: list[Any] | _Cut

    @property
    def frags(self) -> list[Any]:
        """ReportLab's fragments; a rest made by :meth:`_split_lines` cuts them when first read."""
        frags = self._frags
        if isinstance(frags, _Cut):
            frags = self._frags = frags.cut()
        return frags

    @frags.setter
    def frags(self, value: list[Any]) -> None:
        self._frags = value

    def __init__(self, text: Any, style: Any = None, bulletText: Any = None, frags: Any = None, **kw: Any) -> None:  # noqa: N803
        simple = (
            frags is None
            and style is not None
            and bulletText is None
            and getattr(style, "bulletText", None) is None
            and isinstance(text, str)
            and not kw
        )
        if not simple:
            super().__init__(text, style, bulletText, frags, **kw)
            return
        if len(text) > PARSE_ONCE_LIMIT:
            super().__init__(text, style, frags=_plain_frags(text, style))
            return
        parsed = _PARSED.setdefault(style, {})
        hit = parsed.get(text)
        if hit is None:
            super().__init__(text, style, frags=_plain_frags(text, style) or _labelled_frags(text, style, parsed))
            parsed[text] = (self.style, tuple(self.frags))
        else:
            super().__init__(text, style, frags=list(hit[1]))
            self.style = hit[0]
        self._shared = text

    def breakLinesCJK(self, maxWidths: Any) -> Any:  # noqa: N802,N803 - ReportLab's names
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara
        self.height = 0
        key = tuple(maxWidths)
        if self._cjk_lines is not None and self._cjk_lines[0] == key:
            return ParaLines(kind=1, lines=self._cjk_lines[1])
        shared = None
        if self._shared is not None:
            shared = _BROKEN.setdefault(self.style, {})
            known = shared.get((self._shared, key))
            if known is not None:
                self._cjk_lines = (key, known)
                return ParaLines(kind=1, lines=known)
        if any(hasattr(f, "cbDefn") for f in self.frags):
            return super().breakLinesCJK(maxWidths)  # never for escaped user text
        chars: list[str] = []
        widths: list[float] = []
        hard: list[bool] = []
        runs: tuple[list[int], list[Any]] = ([], [])  # where each fragment's units begin
        for frag in self.frags:
            text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
            breaks = hasattr(frag, "lineBreak")
            if not runs[1] or runs[1][-1] is not frag:
                runs[0].append(len(chars))
                runs[1].append(frag)
            if not text:  # a fragment without text (<br/>) is one unit
                chars.append("")
                widths.append(0.0)
                hard.append(breaks)
                continue
            chars.extend(text)
            widths.extend(map(_char_widths(text, frag.fontName, frag.fontSize).__getitem__, text))
            hard.extend(repeat(breaks, len(text)))
        lines = []
        for number, (start, end) in enumerate(break_lines(chars, widths, maxWidths, hard)):
            max_width = maxWidths[min(number, len(maxWidths) - 1)]
            stop = end
            while stop > start + 1 and chars[stop - 1] == " ":
                stop -= 1
            line = _line(runs, chars, start, stop, max_width, sum(widths[start:stop]), hard[end - 1])
            line.cjk_start = start
            lines.append(line)
        self._cjk_lines = (key, lines)
        if shared is not None and self._shared is not None:
            shared[(self._shared, key)] = lines
        return ParaLines(kind=1, lines=lines)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A table measures its cells when it is sized, split and drawn, and a cell's box measures
        # its content again: the same width gives the same lines (kept) and so the same height.
        known = self._wrapped
        if known is not None and known[0] == availWidth and self.__dict__.get("blPara") is known[1]:
            self.width = availWidth
            self.height = known[2]
            return availWidth, known[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.__dict__.get("blPara"), size[1])
        return size

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802,N803
        """A paragraph drawn before in this document is placed by its copied operators alone
        (perfcore.pdf.placing): the same bytes as ReportLab's ``drawOn``."""
        known = None if _sW or getattr(self, "_showBoundary", None) else self._stamp(canvas)
        if known is None or known[1] is None:
            super().drawOn(canvas, x, y, _sW)
            return
        with placed(canvas, x, y):
            canvas._code.extend(known[1])

    def _stamp(self, canvas: Any) -> tuple[dict[Any, Any], list[str] | None, Any] | None:
        """The operators this paragraph draws, if drawn before on ``canvas`` (second: None if
        not), with where to keep them and their key; None if its drawing is not shared."""
        key = self._stamp_key()
        if key is None:
            return None
        stamps = _STAMPS.setdefault(canvas, weakref.WeakKeyDictionary()).setdefault(self.style, {})
        known = stamps.get(key)
        return stamps, None if known is None else known[1], key

    def draw(self) -> None:
        """Drawn once per document and shape; a repeat copies the operators of the first (1,000
        funds print the same seventeen labels: ReportLab's drawing of them cost a third of the
        print)."""
        canvas = self.canv
        stamp = self._stamp(canvas)
        if stamp is None:
            super().draw()
            return
        stamps, known, key = stamp
        if known is not None:
            canvas._code.extend(known)
            return
        mark = len(canvas._code)
        super().draw()
        # The lines are kept with the operators: their id in the key is never reused meanwhile.
        stamps[key] = (self.blPara.lines, canvas._code[mark:])

    def drawing_key(self) -> tuple[Any, ...] | None:
        """What this paragraph draws besides its width, for a table's drawing key (None for a
        part of a split or a paragraph not parsed through :data:`_PARSED`)."""
        if self._shared is None or self.debug or getattr(self, "_splitpara", False):
            return None
        if "_offsets" in self.__dict__ or "_JustifyLast" in self.__dict__:
            return None
        return (CJKParagraph, self.style, self._shared)

    def _stamp_key(self) -> tuple[str, float, float, int] | None:
        """What the drawing depends on besides the style, for a whole shared paragraph set by
        this class; None for anything else (a part of a split, ReportLab's own lines)."""
        if self._shared is None or self.debug or getattr(self, "_splitpara", False):
            return None
        if "_offsets" in self.__dict__ or "_JustifyLast" in self.__dict__ or self._cjk_lines is None:
            return None
        blpara = getattr(self, "blPara", None)
        if blpara is None or blpara.kind != 1 or blpara.lines is not self._cjk_lines[1]:
            return None
        return (self._shared, self.width, self.height, id(blpara.lines))

    def split(self, availWidth: float, availHeight: float) -> Any:  # noqa: N803
        # (A rest's fragments hold the text after a line start: never empty.)
        has_text = isinstance(self._frags, _Cut) or len(self._frags) > 0
        if has_text and availWidth >= _FUZZ and availHeight >= _FUZZ:
            if not hasattr(self, "blPara"):
                self.wrap(availWidth, availHeight)
            if self._plain_split():
                return self._split_lines(availWidth, availHeight)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and self._cjk_lines is not None:
            # The rest is set without first-line indent, at the width of every line but the first.
            _key, lines = self._cjk_lines
            later = self._cjk_lines[0][-1]
            taken = len(parts[0].blPara.lines)
            parts[1]._cjk_lines = ((later, later), lines[taken:])
            parts[1]._cjk_origin = None
        return parts

    def _plain_split(self) -> bool:
        """Whether ReportLab's split would take its plain course (fixed leading, orphans and
        widows as by default, no bullet or end dots) over lines this class broke."""
        style = self.style
        blpara = getattr(self, "blPara", None)
        return (
            self._cjk_lines is not None
            and self._cjk_origin is not None
            and blpara is not None
            and blpara.kind == 1
            and blpara.lines is self._cjk_lines[1]
            and getattr(self, "autoLeading", getattr(style, "autoLeading", "")) in ("", "off", None)
            and not getattr(self, "allowOrphans", getattr(style, "allowOrphans", 0))
            and getattr(self, "allowWidows", getattr(style, "allowWidows", 1))
            and not style.endDots
            and not self.bulletText
            and all(hasattr(line, "cjk_start") for line in blpara.lines[:1])
        )

    def _split_lines(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        """ReportLab's split (paragraph.py, ``Paragraph.split``) without its cost per line of
        the rest: the rest's fragments are cut from this paragraph's at its first line, instead
        of gathered from the words of every remaining line (which made a text of 4,000 pages
        cost the square of its length)."""
        style = self.style
        key, lines = self._cjk_lines  # type: ignore[misc]
        leading = style.leading
        s = int(availHeight / float(leading))
        if s <= 1:
            del self.blPara
            return []
        if len(lines) <= s:
            return [self]
        first = self.__class__(None, style, bulletText=self.bulletText, frags=_joined_words(lines[:s]))
        first.blPara = ParaLines(kind=1, lines=lines[:s], aH=availHeight, aW=availWidth)
        last = lines[s - 1]
        first._JustifyLast = not (isinstance(last, FragLine) and getattr(last, "lineBreak", False))
        first._splitpara = 1
        first.height = s * leading
        first.width = availWidth
        if style.firstLineIndent != 0:
            style = deepcopy(style)
            style.firstLineIndent = 0
        origin = self._cjk_origin or 0
        start = lines[s].cjk_start
        rest = self.__class__(None, style, frags=[])
        rest._frags = _Cut(self._frags, start - origin)
        later = key[-1]
        rest._cjk_lines = ((later, later), _Rest(lines, s))
        rest._cjk_origin = start
        if hasattr(self, "autoLeading"):
            first.autoLeading = rest.autoLeading = self.autoLeading
        return [first, rest]


class _Rest(Sequence[Any]):
    """Lines ``start`` onwards of a paragraph's lines, without copying them: the rest of a text
    split at the foot of every page would otherwise copy all its remaining lines on each page
    (a 1,000,000-character name: 40,000 lines over 2,000 pages)."""

    __slots__ = ("_lines", "_start")
    _lines: Sequence[Any]
    _start: int

    def __init__(self, lines: Sequence[Any], start: int) -> None:
        if isinstance(lines, _Rest):
            self._lines = lines._lines
            self._start = lines._start + start
        else:
            self._lines = lines
            self._start = start

    def __len__(self) -> int:
        return len(self._lines) - self._start

    @overload
    def __getitem__(self, index: int) -> Any: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Any]: ...

    def __getitem__(self, index: int | slice) -> Any:
        size = len(self)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step == 1 and stop == size:
                return _Rest(self._lines, self._start + start)
            return [self._lines[self._start + i] for i in range(start, stop, step)]
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError(index)
        return self._lines[self._start + index]

    def __iter__(self) -> Iterator[Any]:
        return islice(self._lines, self._start, None)


def _joined_words(lines: Sequence[Any]) -> list[Any]:
    """The fragments of ``lines`` as ReportLab's hard split makes them (a blank after each line
    but the last), made on copies: the words belong to lines other paragraphs may share."""
    out: list[Any] = []
    for n, line in enumerate(lines):
        words = list(line.words)
        if n < len(lines) - 1 and words:
            tail = words[-1]
            if not tail.text:
                words[-1] = tail.clone(text=" ")
            elif tail.text[-1] != " ":
                words[-1] = tail.clone(text=tail.text + " ")
        out.extend(words)
    return out


class _Cut:
    """``frags`` from text unit ``unit`` on, cut only when read (:attr:`CJKParagraph.frags`):
    the rest of a text split at the foot of every page is drawn from its lines, and cutting its
    fragments on each page copied all the text that remained (a 1,000,000-character name: 2,000
    copies of up to a million characters). A cut of a cut refers to the first fragments."""

    __slots__ = ("frags", "unit")
    frags: list[Any]
    unit: int

    def __init__(self, frags: list[Any] | _Cut, unit: int) -> None:
        if isinstance(frags, _Cut):
            self.frags, self.unit = frags.frags, frags.unit + unit
        else:
            self.frags, self.unit = frags, unit

    def cut(self) -> list[Any]:
        return _frags_from(self.frags, self.unit)


def _frags_from(frags: Sequence[Any], unit: int) -> list[Any]:
    """``frags`` from text unit ``unit`` on (a fragment with no text counts as one unit, as in
    :meth:`CJKParagraph.breakLinesCJK`)."""
    seen = 0
    for i, frag in enumerate(frags):
        text = frag.text if isinstance(frag.text, str) else frag.text.decode("utf8")
        size = len(text) or 1
        if unit < seen + size:
            if not text or unit == seen:
                return list(frags[i:])
            return [frag.clone(text=text[unit - seen :]), *frags[i + 1 :]]
        seen += size
    return []
