"""Placing a drawing at a point of the page the way ReportLab's ``Flowable.drawOn`` does, for less.

``drawOn`` brackets every flowable in ``q`` … ``Q`` with a ``cm`` that moves the origin, and
saves and restores the canvas' whole Python state around it (some twenty attributes copied per
flowable: a third of the cost of drawing a table of short labels). A drawing that leaves the
canvas' state as it found it (a paragraph whose operators are copied, a box of such drawings)
needs only the operators and the position: :func:`placed` writes the very same bytes.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str


class placed:  # noqa: N801 - used as a function: ``with placed(canvas, x, y):``
    """``q``, the move to (x, y), what the body draws, ``Q``: what ``saveState``, ``translate``
    and ``restoreState`` write. The canvas' matrix follows the move (links drawn inside would
    read it); nothing else of its state is saved, so the body must restore what it changes.

    A class rather than a generator-made context manager: it brackets every box, paragraph and
    table drawn (18,000 for 1,000 funds), and contextlib's generator round trip cost twice
    the bracketing itself."""

    __slots__ = ("canvas", "x", "y", "matrix")

    def __init__(self, canvas: Any, x: float, y: float) -> None:
        self.canvas, self.x, self.y = canvas, x, y

    def __enter__(self) -> None:
        canvas, x, y = self.canvas, self.x, self.y
        code = canvas._code
        code.append("q")
        # canvas.transform would fold the move into an operator before it ending in " cm"; after
        # "q" there is none, so this is its line.
        code.append(f"{fp_str(1, 0, 0, 1, x, y)} cm")
        self.matrix = matrix = canvas._currentMatrix
        a, b, c, d, e, f = matrix
        canvas._currentMatrix = (a, b, c, d, a * x + c * y + e, b * x + d * y + f)

    def __exit__(self, *exc: object) -> None:
        self.canvas._currentMatrix = self.matrix
        self.canvas._code.append("Q")
