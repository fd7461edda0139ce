"""A whole command-line session with the network guard on; prints a JSON summary.

    python tests/network_cli_session.py FOLDER

new → import → score → check → export → pdf, each through ``perfcore.cli.main`` in this one
interpreter, which had the guard installed before perfcore was imported.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

import network_guard

network_guard.install()

from perfcore import assets, cli  # noqa: E402


def run(*args: str) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(args))
    if code not in (0, 1):
        raise SystemExit(f"perfcore {' '.join(args)} failed ({code}): {err.getvalue()}")
    return code


def main() -> None:
    folder = Path(sys.argv[1])
    demo = folder / "demo.json"
    demo.write_bytes(assets.demo_json())
    report, imported = folder / "新.jxzp", folder / "导入.jxzp"
    codes = {
        "new": run("new", str(report), "--unit", "某单位", "--year", "2019"),
        "import": run("import", str(demo), str(imported)),
        "score": run("score", str(imported)),
        "score --json": run("score", "--json", str(imported)),
        "check": run("check", str(imported)),
        "check --json": run("check", "--json", str(report)),
        "export": run("export", str(imported), str(folder / "导出.json")),
        "pdf": run("pdf", str(imported), "-o", str(folder / "报表.pdf")),
    }
    print(json.dumps({"codes": codes, "attempts": network_guard.attempts}, ensure_ascii=False))


if __name__ == "__main__":
    main()
