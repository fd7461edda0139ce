"""Text from a file or a command line, made safe to print on a terminal.

Names in a report are anybody's text: a control character can move the cursor or retitle the
terminal, a bidi override (U+202E) can make ``evil.json`` read as ``nosj.live``, a lone
surrogate (an undecodable byte of a file name) cannot be encoded at all. ``shown`` turns each
of them into a visible escape (``\\x1b``, ``\\u202e``, ``\\xff``); everything else, Chinese
included, passes unchanged.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{_BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        # A byte of a file name that is not UTF-8 (Python's surrogateescape): show the byte.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: object) -> str:
    """One line of text fit for a terminal: controls, bidi overrides and undecodable bytes escaped."""
    return _UNSAFE.sub(_escape, str(text))


def shown_json(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the characters ``json.dumps`` leaves raw but a
    terminal acts on written as ``\\uXXXX`` escapes: still the same JSON document."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
