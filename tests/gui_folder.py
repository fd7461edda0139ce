"""Which runs leave ``tests/gui`` out: the desktop's tests, each of which needs Qt."""

from __future__ import annotations

import re
from pathlib import Path

GUI_TESTS = Path(__file__).resolve().parent / "gui"


def deselects_gui(markexpr: str) -> bool:
    """Whether ``-m markexpr`` selects no test marked gui: ``not gui`` is one of its terms joined
    by ``and`` (``not gui``, ``not gui and not slow``). Anything else collects the folder."""
    terms = re.split(r"\s+and\s+", markexpr.strip())
    return "not gui" in terms and not any(re.search(r"\bor\b|[()]", term) for term in terms)
