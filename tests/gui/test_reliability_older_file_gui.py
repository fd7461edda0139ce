"""只读打开 of a file made by an earlier version: shown as its upgrade would read it, untouched.

A file of an earlier version is upgraded (after a backup) when opened for editing. Opened
read-only — held by a colleague, on a read-only share — it was refused ("需先以可写方式打开升级"),
so the only way to look at it was to take it over. Now the app reads an upgraded copy in memory:
the figures and scores are there, editing is off, and the file is byte-for-byte unchanged with
nothing made beside it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from format1_files import write_version1_file
from gui_support import OFFSCREEN_NOISE
from modal_support import answering

from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

LOCK_HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from perfcore.filelock import FileLock
    lock = FileLock(Path(sys.argv[1]), "同事的程序")  # holds the writer lock, upgrades nothing
    print("holding", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def older_file(tmp_path: Path, sample_json_path: Path) -> Path:
    folder = tmp_path / "共享"
    folder.mkdir()
    path = folder / "2019.jxzp"
    write_version1_file(path, json.loads(sample_json_path.read_text(encoding="utf-8")))
    return path


@pytest.fixture
def held(older_file: Path) -> Iterator[subprocess.Popen[bytes]]:
    with subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(older_file)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None and proc.stdout.readline() == b"holding\n"
        yield proc
        proc.kill()


def test_an_older_file_opened_read_only_shows_its_upgrade_and_stays_as_it_was(
    qtbot: Any, isolated_settings: Path, older_file: Path, held: subprocess.Popen[bytes]
) -> None:
    before = hashlib.sha256(older_file.read_bytes()).hexdigest()
    listing = sorted(os.listdir(older_file.parent))
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    with answering("只读打开") as seen:
        assert win.open_path(older_file)
    assert [box.title for box in seen] == ["文件正在使用"]
    assert win.ops is not None and win.ops.read_only
    assert win.ops.report.scores.total == Decimal("93.00")
    assert [f.key for f in win.ops.report.package.figures][:1] == ["three_public_budget"]
    win.close_report()
    win.close()
    assert hashlib.sha256(older_file.read_bytes()).hexdigest() == before
    assert sorted(os.listdir(older_file.parent)) == listing
