"""Why a report file cannot be used or written, as one line of Chinese."""

from __future__ import annotations

from perfcore.errors import UserError


class StoreError(UserError):
    """A file the program cannot use or write; the message is one line of Chinese."""


class ReadOnlyError(StoreError):
    pass
