"""Reading generated PDFs back with poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm).

Poppler is independent of ReportLab, so what these helpers see is what a reader sees.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from perfcore import assets
from perfcore.exchange import load_json
from perfcore.model import Group, Leaf, ManualRule, Package

MM = 72 / 25.4


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} (poppler-utils) is not installed; ./dev setup installs it")
    return path


def run(*args: str | Path) -> str:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True)
    return result.stdout


def demo() -> Package:
    return load_json(assets.demo_json())


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with form feeds)."""
    args = [tool("pdftotext"), "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    text = run(*args, pdf, "-")
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = run(tool("pdfinfo"), "-f", "1", "-l", "100000", pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool


def pdf_fonts(pdf: Path) -> list[FontRow]:
    lines = run(tool("pdffonts"), pdf).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type [type…] encoding emb sub uni object ID: read emb from the right.
        rows.append(FontRow(parts[0], " ".join(parts[1:-6]), parts[-5] == "yes"))
    return rows


@dataclass(frozen=True)
class Word:
    text: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float


def words(pdf: Path) -> list[Word]:
    """Every word with its box in points from the page's top left (pdftotext -bbox)."""
    xhtml = run(tool("pdftotext"), "-bbox", "-enc", "UTF-8", pdf, "-")
    root = ET.fromstring(xhtml)
    out = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            out.append(
                Word(
                    w.text or "",
                    number,
                    float(w.get("xMin", 0)),
                    float(w.get("yMin", 0)),
                    float(w.get("xMax", 0)),
                    float(w.get("yMax", 0)),
                )
            )
    return out


def row_of(all_words: list[Word], anchor: str, page: int | None = None) -> str:
    """The words printed level with the last word starting with ``anchor``, left to right."""
    word = [w for w in all_words if w.text.startswith(anchor) and page in (None, w.page)][-1]
    middle = (word.y0 + word.y1) / 2
    row = [w for w in all_words if w.page == word.page and w.y0 <= middle <= w.y1]
    return "".join(w.text for w in sorted(row, key=lambda w: w.x0))


def column_text(all_words: list[Word], left: float) -> str:
    """What is printed right of ``left`` (pt from the binding side's edge), page by page, line by line.

    Reading a form's content column apart from its label column keeps pdftotext from
    interleaving a label with the lines beside it.
    """
    out = []
    for w in sorted(all_words, key=lambda w: (w.page, round(w.y0), w.x0)):
        binding = 28 * MM if w.page % 2 == 1 else 26 * MM
        if w.x0 >= binding + left - 1:
            out.append(w.text)
    return "".join(out)


def gray_page(pdf: Path, page: int, dpi: int, folder: Path) -> tuple[int, int, bytes]:
    """One page rendered to 8-bit gray: (width, height, pixels row by row)."""
    stem = folder / f"page{page}"
    run(tool("pdftoppm"), "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", pdf, stem)
    data = stem.with_suffix(".pgm").read_bytes()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, "pdftoppm did not write a binary PGM"
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end() :]


def blank(width: int, pixels: bytes, x0: int, y0: int, x1: int, y1: int) -> bool:
    """Whether the pixel rectangle [x0, x1) × [y0, y1) holds no ink."""
    return all(min(pixels[y * width + x0 : y * width + x1]) > 250 for y in range(y0, y1))


def indicator_package(level1: int, level2: int, leaves: int, text: str = "") -> Package:
    """A package whose 表3 has level1 × level2 × leaves indicators with unique, findable names."""
    package = demo()
    tree: list[Group | Leaf] = []
    for i in range(level1):
        children: list[Group | Leaf] = []
        for j in range(level2):
            group_leaves: list[Group | Leaf] = [
                Leaf(
                    name=f"指标{i:02d}{j}{k}",
                    weight=Decimal(1),
                    criterion=text or f"评价标准{i:02d}{j}{k}：完成计满分，每少一项扣一分，扣完为止。",
                    explanation=f"说明{i:02d}{j}{k}",
                    rule=ManualRule(),
                    score=Decimal(1),
                )
                for k in range(leaves)
            ]
            children.append(Group(name=f"二级{i:02d}{j}", weight=Decimal(leaves), children=group_leaves))
        tree.append(Group(name=f"一级{i:02d}", weight=Decimal(level2 * leaves), children=children))
    package.indicators.tree = tree
    return package


# The open-licensed TrueType faces ./dev setup installs from Debian.
SONG = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
KAI = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")
HEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def need_font_files(*paths: Path) -> None:
    for path in paths:
        if not path.is_file():
            pytest.fail(f"{path} not installed; ./dev setup installs the Debian font packages")


@dataclass(frozen=True)
class Rule:
    """A straight stroked line on a page, in points from the page's top left."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y0 - self.y1) < 0.1

    @property
    def vertical(self) -> bool:
        return abs(self.x0 - self.x1) < 0.1


def _multiply(a: list[float], b: list[float]) -> list[float]:
    """``a`` then ``b`` as PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _apply(ctm: list[float], x: float, y: float) -> tuple[float, float]:
    return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])


def rules(pdf: Path) -> list[list[Rule]]:
    """The stroked straight lines of every page, read from the content streams with pypdf
    (transformations applied), as a reader's eye sees the table rules."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(pdf)
    out: list[list[Rule]] = []
    for page in reader.pages:
        height = float(page.mediabox.height)
        content = ContentStream(page.get_contents(), reader)
        ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        stack: list[list[float]] = []
        path: list[tuple[float, float, float, float]] = []
        current = (0.0, 0.0)
        found: list[Rule] = []

        for operands, operator in content.operations:
            op = operator.decode() if isinstance(operator, bytes) else str(operator)
            args = [float(v) for v in operands] if op in ("cm", "m", "l", "re") else []
            if op == "q":
                stack.append(list(ctm))
            elif op == "Q":
                ctm = stack.pop()
            elif op == "cm":
                ctm = _multiply(args, ctm)
            elif op == "m":
                current = _apply(ctm, args[0], args[1])
            elif op == "l":
                end = _apply(ctm, args[0], args[1])
                path.append((*current, *end))
                current = end
            elif op == "re":
                x, y, w, h = args
                corners = [_apply(ctm, px, py) for px, py in ((x, y), (x + w, y), (x + w, y + h), (x, y + h))]
                for i in range(4):
                    path.append((*corners[i], *corners[(i + 1) % 4]))
            elif op in ("S", "s", "B", "b", "B*", "b*"):
                found += [Rule(min(a, c), height - max(b, d), max(a, c), height - min(b, d)) for a, b, c, d in path]
                path = []
            elif op in ("n", "f", "F", "f*"):
                path = []
        out.append(found)
    return out


def open_rule_ends(pdf: Path) -> list[tuple[int, Rule]]:
    """Vertical rules with an end that no horizontal rule closes: (page, rule). A table cut by a
    page break without its rule below, or continued without one above, shows here."""
    found = []
    for number, page in enumerate(rules(pdf), start=1):
        across = [r for r in page if r.horizontal]
        for rule in page:
            if not rule.vertical or rule.y1 - rule.y0 < 0.5:
                continue
            for y in (rule.y0, rule.y1):
                if not any(abs(h.y0 - y) < 0.6 and h.x0 - 0.6 <= rule.x0 <= h.x1 + 0.6 for h in across):
                    found.append((number, rule))
                    break
    return found
