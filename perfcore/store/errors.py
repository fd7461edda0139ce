"""Why a report file cannot be used or written, as one line of Chinese."""

from __future__ import annotations

from perfcore.errors import UserError


class StoreError(UserError):
    """A file the program cannot use or write; the message is one line of Chinese."""


class ReadOnlyError(StoreError):
    pass


class ScoreRangeError(UserError):
    """A score typed for an indicator outside 0 … its 分值. Entry refuses it; a file imported with
    one keeps it, and the check ``table3.score_range`` reports it."""


class FigureInUseError(UserError):
    """A figure (基础数据) still named by an indicator's formula cannot be removed; the message
    names the indicators. Entry refuses it; undoing an insert takes the figure back regardless
    (the formula may have named it before it existed)."""
