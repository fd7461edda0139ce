"""User text made fit for Office XML, and split into the lines a form prints.

A package's texts may hold characters XML 1.0 cannot carry (control characters other than tab
and line breaks: the exchange format keeps them as typed; U+FFFE/U+FFFF; and the lone surrogates
a file name's undecodable bytes become, which the 汇总 lists). Word and Excel would refuse the
file, so each becomes a visible U+FFFD mark instead of silently vanishing.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
LEADING_BLANKS = " \t\u3000\u00a0"
"""A typist's indent: a paragraph with a first-line indent drops them (the style indents)."""


def fixed_format(places: int, grouping: bool = False, percent: bool = False) -> str:
    """An Excel number format with ``places`` decimals that never shows a negative zero.

    Excel shows -0.0001 under ``0.00`` as ``-0.00`` (LibreOffice does not); a cell keeps its
    exact figure (万元 are yuan / 10,000), so a figure that rounds to zero gets a section of its
    own that shows a plain zero, and the other two show the figure as before.
    """
    figure = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    zero = "0" + ("." + "0" * places if places else "")
    sign = "%" if percent else ""
    half = format(Decimal(5).scaleb(-(places + 1 + (2 if percent else 0))), "f")
    return f'[<=-{half}]{figure}{sign};[<{half}]"{zero}{sign}";{figure}{sign}'


def xml_safe(text: str) -> str:
    return _NOT_XML.sub(REPLACEMENT, text)


def lines(text: str) -> list[str]:
    """The lines of a text as typed (any of ``\\r\\n``, ``\\r``, ``\\n`` ends a line)."""
    return xml_safe(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")


def paragraphs(text: str) -> list[str]:
    """A long text as the paragraphs of an indented block: typists' leading blanks dropped,
    blank lines kept (they keep their height), trailing blank lines dropped."""
    out = [line.lstrip(LEADING_BLANKS) for line in lines(text)]
    while out and not out[-1].strip():
        out.pop()
    return out
