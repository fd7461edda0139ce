"""What one edit did, described fully enough to apply it again or to take it back.

An ``Edit`` is the description alone; a ``Change`` is an edit the store applied, with the
scores it altered. ``inverse()`` is the edit that takes it back; ``ReportFile.apply`` applies
either, so undo and redo need nothing but the change itself.

Pointers are JSON Pointers of the package; values and entities are in exchange-document form.

========  ===========================================  ================  ================
kind      ``pointer``                                  ``old``           ``new``
========  ===========================================  ================  ================
set       the value                                    value before      value after
insert    where the entity is after the insert         —                 the entity
remove    where the entity was                         the entity        —
move      where the entity was (before the move);       —                 —
          ``destination``: where it is after the move
========  ===========================================  ================  ================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from perfcore import pointer as ptr
from perfcore.scoring import ScoreDelta, Scores

EditKind = Literal["set", "insert", "remove", "move"]


@dataclass(frozen=True)
class Edit:
    """One edit of a package (see the module's table)."""

    kind: EditKind
    pointer: str
    old: Any = None
    new: Any = None
    destination: str | None = None

    def __post_init__(self) -> None:
        if (self.kind == "move") != (self.destination is not None):
            raise ValueError(f"a {self.kind} edit {'needs' if self.kind == 'move' else 'takes no'} destination")

    @property
    def structural(self) -> bool:
        """Lists changed shape (insert, remove, move): positions and pointers moved."""
        return self.kind != "set"

    @property
    def lists(self) -> tuple[str, ...]:
        """The lists whose shape changed: the source list as it was addressed before the edit,
        then the destination list as it is addressed after it. Every pointer the edit shifted
        is below one of them (as that pointer was addressed before the edit)."""
        if self.kind == "set":
            return ()
        source = ptr.parent(self.pointer)
        if self.destination is None or ptr.parent(self.destination) == source:
            return (source,)
        return (source, ptr.parent(self.destination))

    def inverse(self) -> Edit:
        """The edit that takes this one back, applied to the package as this one left it."""
        if self.kind == "set":
            return Edit("set", self.pointer, old=self.new, new=self.old)
        if self.kind == "insert":
            return Edit("remove", self.pointer, old=self.new)
        if self.kind == "remove":
            return Edit("insert", self.pointer, new=self.old)
        assert self.destination is not None
        return Edit("move", self.destination, destination=self.pointer)

    def edit(self) -> Edit:
        """This edit as a bare description (a ``Change`` without its scores)."""
        return Edit(self.kind, self.pointer, self.old, self.new, self.destination)


@dataclass(frozen=True, kw_only=True)
class Change(Edit):
    """An edit the store applied, and the scores it altered."""

    delta: ScoreDelta
    changed: bool = True
    """False when a set found the value already stored: nothing was written."""


def no_delta(scores: Scores) -> ScoreDelta:
    return ScoreDelta({}, {}, scores.total, scores.grade, scores.complete, False)
