"""A sentence kept as its parts until someone reads it: the 计算过程 of every leaf.

Scoring a package writes a 计算过程 for each of its leaves, but a full score is mostly read
for its numbers (the totals bar, the summary of hundreds of files, the checks); formatting
every figure of every sentence was a third of a full score. A ``LazyText`` holds literal
strings, ``(formatter, argument…)`` parts and ``formatter, argument`` pairs, and formats
them on first reading.

Two texts are equal when their parts are: the same literals and the same formatter applied
to equal arguments. That keeps "did this leaf's result change?" exact without formatting:
a rule edit that changes only the wording's figures (a limit moved from 100 to 105 while
the value stays under both) still makes a different text.

Every argument must be immutable (Decimal, int, str, tuples of them): the text may be
formatted long after the model object it was read from has changed.
"""

from __future__ import annotations

from typing import Any

Part = Any
"""A literal, a nested text, ``(formatter, argument…)``, a one-argument formatter, or the
argument that follows such a formatter (so: any object)."""
Parts = tuple[Part, ...]


class LazyText:
    """Parts joined on first ``str()``: literal strings, other texts, ``(formatter,
    argument…)`` tuples where ``formatter(*arguments)`` gives the words, and a one-argument
    formatter followed by its argument (``format_points, points``: no tuple for each figure of
    each leaf's sentence)."""

    __slots__ = ("_parts", "_text")

    def __init__(self, *parts: Part) -> None:
        # A text may be a part of a longer one (nesting is cheaper than copying the parts).
        self._parts = parts
        self._text: str | None = None

    @classmethod
    def of(cls, parts: Parts) -> LazyText:
        """A text of the parts already gathered in a tuple (no copy of them)."""
        text = cls.__new__(cls)
        text._parts = parts
        text._text = None
        return text

    def __str__(self) -> str:
        text = self._text
        if text is None:
            words: list[str] = []
            parts = iter(self._parts)
            for part in parts:
                if type(part) is str:
                    words.append(part)
                elif type(part) is tuple:
                    words.append(part[0](*part[1:]))
                elif isinstance(part, LazyText):
                    words.append(str(part))
                else:
                    # A formatter of one argument, written as the two parts ``formatter, argument``.
                    words.append(part(next(parts)))
            text = "".join(words)
            self._text = text
        return text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyText):
            return self._parts == other._parts
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._parts)

    def __repr__(self) -> str:
        return f"LazyText({str(self)!r})"
