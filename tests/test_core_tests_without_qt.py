"""The core's tests need no Qt: ``pytest -m "not gui"`` collects them with PySide6 unimportable.

The collection runs in a subprocess whose path starts with stand-ins for PySide6 and shiboken6
that refuse to be imported, with pytest-qt (which imports Qt when it starts) switched off. A test
module outside ``tests/gui`` that imports Qt, directly or through a desktop module, fails it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gui_folder import deselects_gui

BLOCKED = ("PySide6", "shiboken6")


def _collect(repo_root: Path, blocker: Path, *marks: str) -> subprocess.CompletedProcess[str]:
    for name in BLOCKED:
        (blocker / name).mkdir(parents=True, exist_ok=True)
        (blocker / name / "__init__.py").write_text(f"raise ImportError('{name} imported by a core test')\n")
    env = {**os.environ, "PYTHONPATH": str(blocker), "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        sys.executable, "-m", "pytest", "--collect-only", "-q", *marks,
        "-p", "no:pytest-qt", "-p", "no:cacheprovider",
        # pytest-qt's settings in pyproject.toml are unknown without it; the rest stays strict.
        "-o", "addopts=--strict-markers", "-o", "filterwarnings=ignore::pytest.PytestConfigWarning",
        "tests",
    ]  # fmt: skip
    return subprocess.run(command, cwd=repo_root, env=env, capture_output=True, text=True, timeout=300)


def test_core_tests_collect_without_qt(repo_root: Path, tmp_path: Path) -> None:
    result = _collect(repo_root, tmp_path, "-m", "not gui")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    selected = re.search(r"(\d+)/\d+ tests collected|(\d+) tests collected", result.stdout)
    assert selected is not None, result.stdout[-500:]
    assert int(selected.group(1) or selected.group(2)) > 500
    assert "imported by a core test" not in result.stdout + result.stderr


def test_the_guard_fails_when_qt_is_imported(repo_root: Path, tmp_path: Path) -> None:
    # Without the marker, tests/gui is collected and its imports of PySide6 hit the stand-in.
    result = _collect(repo_root, tmp_path)
    assert result.returncode != 0
    assert "PySide6 imported by a core test" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("markexpr", "deselects"),
    [
        ("not gui", True),
        ("not gui and not slow", True),
        ("slow and not gui", True),
        ("", False),
        ("gui", False),
        ("not gui or slow", False),
        ("not (gui and slow)", False),
        ("not guiding", False),
    ],
)
def test_which_marker_expressions_leave_the_gui_folder_out(markexpr: str, deselects: bool) -> None:
    assert deselects_gui(markexpr) is deselects
