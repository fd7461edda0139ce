"""Writing an export: to a path atomically (temporary file beside it, then renamed), or to a stream."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from perfcore.atomic import write_atomically

Target = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True)
class ExportInfo:
    fingerprint: str
    """The package's 校验码, as in the PDF's foot; also in the file's document properties."""
    forms: tuple[int, ...]
    """The forms written (表2 is left out when the package has no special fund)."""


def save(out: Target, write: Callable[[str | IO[bytes]], None]) -> None:
    """``write`` fills a path or a stream; a path is written atomically, never left half-written."""
    if isinstance(out, (str, os.PathLike)):
        write_atomically(Path(out), lambda temp: write(str(temp)))
    else:
        write(out)
