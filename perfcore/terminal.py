"""Text from a file or a command line, made safe to print on a terminal.

Names in a report are anybody's text: a control character can move the cursor or retitle the
terminal, a bidi override (U+202E) can make ``evil.json`` read as ``nosj.live``, a lone
surrogate (an undecodable byte of a file name) cannot be encoded at all. ``shown`` turns each
of them into a visible escape (``\\x1b``, ``\\u202e``, ``\\xff``); everything else, Chinese
included, passes unchanged.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

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


_STREAM_UNSAFE = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}\ud800-\udfff]")


def _escape_in_stream(match: re.Match[str]) -> str:
    code = ord(match.group())
    # ``\\uXXXX`` above the C0 controls: the same character in a JSON string, visible on a terminal.
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


class _EscapedStream:
    """A text stream whose every write is made safe for a terminal (line breaks pass): the
    backstop behind ``shown``, so that no command prints a name raw, whichever it prints."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_STREAM_UNSAFE.sub(_escape_in_stream, text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """While the block runs, everything written to ``sys.stdout`` and ``sys.stderr`` has its
    control characters, bidi overrides and lone surrogates escaped (JSON stays the same document:
    JSON never holds those raw but for the ones escaped as ``\\uXXXX``)."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, _EscapedStream(sys.stdout))
    sys.stderr = cast(TextIO, _EscapedStream(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
