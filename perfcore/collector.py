"""Pausing Python's cycle collector over work that makes many objects and few cycles.

The collector runs every few hundred allocations and, once enough objects have survived, walks
every tracked object the process holds. A print of 1,000 funds keeps each laid-out page until the
page count is known and makes millions of short-lived objects meanwhile: the collector walked the
growing heap again and again, a fifth of the print's time, and found little (some 20,000 objects
in cycles, a few MB, for those 1,000 funds). Reference counting frees everything else at once;
what is left in cycles is collected when the collector runs again after the pause.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the body, on again after it if it was on before.

    Safe with pauses in other threads (the desktop prints in a worker thread): a pause that found
    the collector on turns it on again, so once every pause has ended it is on as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
