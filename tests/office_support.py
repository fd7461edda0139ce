"""Reading the Word and Excel exports back: a docx table's cells with their merged ranges."""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.table import Table


@dataclass(frozen=True)
class Box:
    """A cell of a Word table as drawn: rows and grid columns it covers (inclusive) and its text."""

    top: int
    left: int
    bottom: int
    right: int
    text: str


def table_boxes(table: Table) -> list[Box]:
    """Every drawn cell of ``table``, from gridSpan (across) and vMerge (down), in reading order."""
    open_boxes: dict[int, int] = {}  # grid column → index into boxes of the box growing down there
    boxes: list[Box] = []
    for r, tr in enumerate(table._tbl.tr_lst):
        column = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc_pr = tc.tcPr
            vmerge = None
            if tc_pr is not None:
                v = tc_pr.find(qn("w:vMerge"))
                if v is not None:
                    vmerge = v.get(qn("w:val")) or "continue"
            text = "\n".join(paragraph_text(p) for p in tc.iter(qn("w:p")))
            if vmerge == "continue" and column in open_boxes:
                i = open_boxes[column]
                b = boxes[i]
                boxes[i] = Box(b.top, b.left, r, b.right, b.text)
            else:
                boxes.append(Box(r, column, r, column + span - 1, text))
                open_boxes[column] = len(boxes) - 1
            column += span
    return boxes


def paragraph_text(p: object) -> str:
    """A paragraph's text as Word shows it: line breaks (``w:br``) as newlines."""
    out = []
    for element in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):  # type: ignore[attr-defined]
        if element.tag == qn("w:t"):
            out.append(element.text or "")
        else:
            out.append("\n" if element.tag == qn("w:br") else "\t")
    return "".join(out)


def box_at(boxes: list[Box], row: int, column: int) -> Box:
    return next(b for b in boxes if b.top <= row <= b.bottom and b.left <= column <= b.right)


def merged(boxes: list[Box]) -> set[tuple[int, int, int, int]]:
    """The ranges that cover more than one grid cell, as (top, left, bottom, right)."""
    return {(b.top, b.left, b.bottom, b.right) for b in boxes if (b.top, b.left) != (b.bottom, b.right)}
