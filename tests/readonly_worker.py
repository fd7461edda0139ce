"""Open read-only report files as a user who may not write them; print the outcome as JSON.

Run as ``python tests/readonly_worker.py FILE...``. Started as root (as in CI containers),
it first drops to the unprivileged user ``nobody``: root may write any file, so ``chmod
0444`` alone would test nothing. Everything it needs is imported before that, as the
interpreter's own files may be unreadable to ``nobody``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata  # noqa: F401 - sqlite-utils loads its plugins through it on first use
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import sqlite_utils

import perfcore.checks.cli  # noqa: F401 - the CLI loads it lazily; load it while allowed
import perfcore.pdf.cli  # noqa: F401
import perfcore.summary.cli  # noqa: F401
from perfcore import cli
from perfcore.store import ReadOnlyError, ReportFile, StoreError

NOBODY = 65534


def drop_privileges() -> None:
    sqlite_utils.Database(memory=True).close()  # loads sqlite-utils' plugins while allowed
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


def run_cli(*args: str) -> dict[str, Any]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(list(args))
    return {"code": code, "stderr": err.getvalue()}


def probe(path: Path) -> dict[str, Any]:
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    listing = sorted(os.listdir(path.parent))
    out: dict[str, Any] = {"writable_by_access": os.access(path, os.W_OK)}
    try:
        ReportFile.open(path).close()
        out["open_for_editing"] = None
    except ReadOnlyError as exc:
        out["open_for_editing"] = {"error": "ReadOnlyError", "message": str(exc)}
    except StoreError as exc:
        out["open_for_editing"] = {"error": "StoreError", "message": str(exc)}
    with ReportFile.open(path, read_only=True) as report:
        out["read_only_year"] = report.package.year
        try:
            report.set("/overall/staff_actual", 1)
            out["edit_in_read_only"] = None
        except ReadOnlyError as exc:
            out["edit_in_read_only"] = str(exc)
    out["cli_score"] = run_cli("score", str(path))
    out["unchanged"] = hashlib.sha256(path.read_bytes()).hexdigest() == before
    out["side_files"] = sorted(set(os.listdir(path.parent)) - set(listing))
    return out


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]]
    drop_privileges()
    print(json.dumps({"uid": os.geteuid(), "results": {str(p): probe(p) for p in paths}}, ensure_ascii=False))


if __name__ == "__main__":
    main()
