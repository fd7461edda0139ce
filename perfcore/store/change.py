"""What one edit did, as the store reports it to its callers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from perfcore.scoring import ScoreDelta, Scores


@dataclass(frozen=True)
class Change:
    """What one edit did: the value before and after (exchange-document form) and the scores."""

    pointer: str
    old: Any
    new: Any
    delta: ScoreDelta
    structural: bool = False
    """Lists changed shape (insert, remove, move): positions and pointers moved."""
    changed: bool = True


def no_delta(scores: Scores) -> ScoreDelta:
    return ScoreDelta({}, {}, scores.total, scores.grade, scores.complete, False)

