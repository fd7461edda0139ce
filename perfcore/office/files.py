"""Writing an export: to a path atomically (temporary file beside it, then renamed), or to a stream."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from perfcore.output import write_output

Target = str | os.PathLike[str] | IO[bytes]


@dataclass(frozen=True)
class ExportInfo:
    fingerprint: str
    """The package's 校验码, as in the PDF's foot; also in the file's document properties."""
    forms: tuple[int, ...]
    """The forms written (表2 is left out when the package has no special fund)."""


def save(out: Target, write: Callable[[str | IO[bytes]], None]) -> None:
    """``write`` fills a path or a stream; a path goes through the output guard (never over a
    report file or a special file; the caller chose the path, so an ordinary file is replaced —
    commands ask first, see ``perfcore.output``) and is written atomically."""
    if isinstance(out, (str, os.PathLike)):
        write_output(Path(out), lambda temp: write(str(temp)), overwrite=True)
    else:
        write(out)
