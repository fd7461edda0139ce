"""A text's bytes in the subsets ReportLab makes of an embedded TrueType font, without ReportLab's
loop in Python per character.

ReportLab gives each character of a TrueType font a code in one of the font's subsets of 256
the first time a document prints it (``TTFont.splitString``). A table of 10,000 expense items
prints 30,000 short strings whose characters, after the first page, all have their codes: for
such a string, wholly in one subset, the bytes are two ``str.translate`` calls away. Anything
else (a character the document has not printed yet, a string over two subsets, a no-break space,
which ReportLab prints as a space) goes through ReportLab's own ``splitString``, which assigns
codes as it always does: the document's fonts and bytes are the same either way.
"""

from __future__ import annotations

import weakref
from itertools import islice
from typing import Any

_CODES: weakref.WeakKeyDictionary[Any, dict[str, SubsetCodes]] = weakref.WeakKeyDictionary()
"""Per document (``canvas._doc``), per font name: the codes seen so far."""


def subset_codes(font: Any, doc: Any) -> SubsetCodes:
    """The codes of TrueType ``font`` (a ReportLab ``TTFont``) in document ``doc``."""
    per_doc = _CODES.setdefault(doc, {})
    codes = per_doc.get(font.fontName)
    if codes is None or codes.font is not font:
        codes = per_doc[font.fontName] = SubsetCodes(font, doc)
    return codes


class SubsetCodes:
    """The codes ReportLab has assigned so far to the characters of one font in one document."""

    def __init__(self, font: Any, doc: Any) -> None:
        self.font = font
        self.doc = doc
        self._state: Any = None
        self._seen = 0
        self._bytes: list[dict[int, int]] = []
        """Per subset: code point → its byte in the subset (a ``str.translate`` table)."""
        self._members: list[dict[int, None]] = []
        """Per subset: code point → None (a table that deletes the subset's characters)."""

    def split(self, text: str) -> list[tuple[int, bytes]]:
        """What ``font.splitString(text, doc)`` returns: (subset, bytes) runs of ``text``."""
        state = self.font.state.get(self.doc)
        if state is not None and text:
            assignments = state.assignments
            if state is not self._state or len(assignments) != self._seen:
                self._learn(state)
            n = assignments.get(ord(text[0]))
            if n is not None:
                subset = n >> 8
                if not text.translate(self._members[subset]):
                    return [(subset, text.translate(self._bytes[subset]).encode("latin-1"))]
        return list(self.font.splitString(text, self.doc))

    def _learn(self, state: Any) -> None:
        """Take in the codes assigned since last time (ReportLab only ever adds codes)."""
        if state is not self._state:
            self._state, self._seen, self._bytes, self._members = state, 0, [], []
        assignments = state.assignments
        for code, n in islice(assignments.items(), self._seen, None):
            subset = n >> 8
            while len(self._bytes) <= subset:
                self._bytes.append({})
                self._members.append({})
            self._bytes[subset][code] = n & 0xFF
            self._members[subset][code] = None
        self._seen = len(assignments)
