"""What a 汇总 pays before and around reading the files: the modules it loads and how it starts
its workers (issue 17's 2,000 files in 15 s leave no half-second to spare)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from sample_support import sample_path

from perfcore.summary import run

LOADED = textwrap.dedent(
    """
    import json, sys
    from perfcore import cli
    code = cli.main(sys.argv[1:])
    heavy = sorted({m.split(".")[0] for m in sys.modules} & {"reportlab", "openpyxl", "docx"})
    print(json.dumps({"code": code, "heavy": heavy}))
    """
)


def _loaded(repo_root: Path, *args: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], cwd=repo_root, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_commands_that_do_not_print_or_export_load_neither_reportlab_nor_openpyxl(repo_root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    (folder / "demo.json").write_bytes(sample_path().read_bytes())
    assert _loaded(repo_root, "check", str(folder / "demo.json")) == {"code": 0, "heavy": []}
    assert _loaded(repo_root, "summary", str(folder), "-o", str(tmp_path / "s.json")) == {"code": 0, "heavy": []}
    # Each output loads only its own writer: the workbook needs openpyxl, not ReportLab.
    assert _loaded(repo_root, "summary", str(folder), "-o", str(tmp_path / "s.xlsx")) == {"code": 0, "heavy": ["openpyxl"]}


def test_the_command_line_forks_its_workers_and_a_threaded_process_uses_the_fork_server(repo_root: Path) -> None:
    if not sys.platform.startswith("linux"):
        return
    # A fresh interpreter has one thread: forking it is safe and spares starting a fork server.
    method = subprocess.run(
        [sys.executable, "-c", "from perfcore.summary.run import _context; print(_context().get_start_method())"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    assert method == "fork"
    # With another thread running (as in the desktop), never plain fork.
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert run._context().get_start_method() != "fork"
    finally:
        stop.set()
        other.join()
