"""User text made fit for Office XML, and split into the lines a form prints.

A package's texts may hold characters XML 1.0 cannot carry (control characters other than tab
and line breaks: the exchange format keeps them as typed; U+FFFE/U+FFFF; and the lone surrogates
a file name's undecodable bytes become, which the 汇总 lists). Word and Excel would refuse the
file, so each becomes a visible U+FFFD mark instead of silently vanishing.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
LEADING_BLANKS = " \t\u3000\u00a0"
"""A typist's indent: a paragraph with a first-line indent drops them (the style indents)."""


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
