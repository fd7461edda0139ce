"""Who hears of which change: listeners keyed by the pointer they show, or by the uid they score.

A keystroke in one field must reach the widgets that show that value and the rows whose scores
it changed, not every widget of the window. So a listener names its place in the package:

* ``Listeners.add(prefix, callback, owner)``: ``callback(change)`` runs when a change touches
  ``prefix`` — a value set at, above or below it, or a list at, above or below it that gained,
  lost or reordered entries (``structure_only``: the latter alone).
* ``Listeners.add_scores(callback, owner, uid)``: ``callback(delta)`` runs when the scores of
  node ``uid`` changed (``uid=None``: after every change of the scores).

A listener lives as long as its ``owner`` (a QObject) or until ``remove``. Listeners are called
in the order they were added, pointer listeners before score listeners, so a model that follows
the tree's shape is current before anything reads the new scores through it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject

from perfcore.scoring import ScoreDelta
from perfcore.store import Change


@dataclass(eq=False)
class Listener:
    owner: QObject
    callback: Callable[[Any], None]
    seq: int
    prefix: str | None = None
    """The pointer listened at; None for a score listener."""
    structure_only: bool = False
    uid: int | None = None
    """The node a score listener follows; None for all."""
    active: bool = field(default=True, repr=False)


class Listeners:
    def __init__(self) -> None:
        self._by_prefix: dict[str, list[Listener]] = {}
        self._prefixes: list[str] = []
        """The keys of ``_by_prefix``, sorted: the prefixes below a pointer are one slice."""
        self._scores_all: list[Listener] = []
        self._scores_by_uid: dict[int, list[Listener]] = {}
        self._seq = 0

    def add(
        self, prefix: str, callback: Callable[[Change], None], owner: QObject, *, structure_only: bool = False
    ) -> Listener:
        listener = self._new(owner, callback, prefix=prefix, structure_only=structure_only)
        if prefix not in self._by_prefix:
            self._by_prefix[prefix] = []
            bisect.insort(self._prefixes, prefix)
        self._by_prefix[prefix].append(listener)
        return listener

    def add_scores(self, callback: Callable[[ScoreDelta], None], owner: QObject, uid: int | None = None) -> Listener:
        listener = self._new(owner, callback, uid=uid)
        if uid is None:
            self._scores_all.append(listener)
        else:
            self._scores_by_uid.setdefault(uid, []).append(listener)
        return listener

    def _new(self, owner: QObject, callback: Callable[[Any], None], **where: Any) -> Listener:
        self._seq += 1
        listener = Listener(owner, callback, self._seq, **where)
        # Qt drops the connection with the owner, and the listener with it.
        owner.destroyed.connect(lambda *_: self.remove(listener))
        return listener

    def remove(self, listener: Listener) -> None:
        if not listener.active:
            return
        listener.active = False
        if listener.prefix is not None:
            group = self._by_prefix[listener.prefix]
            group.remove(listener)
            if not group:
                del self._by_prefix[listener.prefix]
                self._prefixes.remove(listener.prefix)
        elif listener.uid is None:
            self._scores_all.remove(listener)
        else:
            kept = self._scores_by_uid[listener.uid]
            kept.remove(listener)
            if not kept:
                del self._scores_by_uid[listener.uid]

    def all(self) -> list[Listener]:
        found = [lst for group in self._by_prefix.values() for lst in group]
        found += self._scores_all + [lst for group in self._scores_by_uid.values() for lst in group]
        return sorted(found, key=lambda lst: lst.seq)

    # -- who hears a change

    def for_change(self, change: Change) -> list[Listener]:
        """The pointer listeners ``change`` touches, in the order they were added."""
        places: Iterable[str] = change.lists if change.structural else (change.pointer,)
        found: dict[int, Listener] = {}
        for place in places:
            for prefix in _self_and_above(place):
                for listener in self._by_prefix.get(prefix, ()):
                    found[listener.seq] = listener
            below = place + "/"
            i = bisect.bisect_left(self._prefixes, below)
            while i < len(self._prefixes) and self._prefixes[i].startswith(below):
                for listener in self._by_prefix[self._prefixes[i]]:
                    found[listener.seq] = listener
                i += 1
        return [
            found[seq] for seq in sorted(found) if change.structural or not found[seq].structure_only
        ]

    def for_scores(self, delta: ScoreDelta) -> list[Listener]:
        """The score listeners ``delta`` concerns, in the order they were added."""
        found = {listener.seq: listener for listener in self._scores_all}
        for uids in (delta.leaves, delta.groups):
            if len(uids) < len(self._scores_by_uid):
                pairs = ((uid, self._scores_by_uid.get(uid, ())) for uid in uids)
            else:
                pairs = ((uid, group) for uid, group in self._scores_by_uid.items() if uid in uids)
            for _, group in pairs:
                for listener in group:
                    found[listener.seq] = listener
        return [found[seq] for seq in sorted(found)]


def _self_and_above(pointer: str) -> Iterable[str]:
    """``/a/b`` → ``/a/b``, ``/a``, ``""`` (the whole package)."""
    while True:
        yield pointer
        if not pointer:
            return
        pointer = pointer.rsplit("/", 1)[0]
