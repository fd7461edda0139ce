"""Guards of the architecture: perfcore never reaches Qt, and the pinned Qt binding keeps None alive."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

IMPORT_ALL_PERFCORE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    import perfcore
    import perfcore.resources
    names = ["perfcore", "perfcore.resources"]
    for info in pkgutil.walk_packages(perfcore.__path__, prefix="perfcore."):
        if info.name.endswith(".__main__"):  # runs the command line when imported
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    print(json.dumps({"imported": names, "qt": qt}))
    """
)


def test_perfcore_imports_no_qt(repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_PERFCORE],
        cwd=repo_root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    # Every module on disk must have been walked, or the check proves nothing for the missing ones.
    on_disk = {
        ".".join(p.relative_to(repo_root).with_suffix("").parts).removesuffix(".__init__")
        for p in (repo_root / "perfcore").rglob("*.py")
        if p.name != "__main__.py"
    }
    assert on_disk <= set(report["imported"])
    assert report["qt"] == []


def _ruff_tid251(project: Path, relative: str) -> list[dict[str, object]]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--no-cache",
            "--select",
            "TID251",
            "--output-format",
            "json",
            relative,
        ],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), result.stderr
    findings: list[dict[str, object]] = json.loads(result.stdout)
    return findings


def test_ruff_bans_qt_imports_in_perfcore_only(repo_root: Path, tmp_path: Path) -> None:
    shutil.copy(repo_root / "pyproject.toml", tmp_path / "pyproject.toml")
    probe = "from PySide6 import QtCore\nimport shiboken6\n\nprint(QtCore, shiboken6)\n"
    for package in ("perfcore", "desktop"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "probe.py").write_text(probe, encoding="utf-8")

    core_findings = _ruff_tid251(tmp_path, "perfcore/probe.py")
    assert [f["code"] for f in core_findings] == ["TID251", "TID251"]
    assert all("perfcore must not import Qt" in str(f["message"]) for f in core_findings)

    assert _ruff_tid251(tmp_path, "desktop/probe.py") == []


NONE_REFCOUNT_PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication, QWidget
    app = QApplication([])
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(5_000):
        widget.setToolTip("提示")
        widget.setObjectName("probe")
    print(before, sys.getrefcount(None))
    """
)


@pytest.mark.gui
def test_qt_calls_returning_nothing_keep_none_alive() -> None:
    # PySide6 6.12.0 on Python 3.11 drops a reference to None on calls returning nothing until
    # the interpreter aborts ("deallocating None"); run it apart so that shows as a failure here.
    result = subprocess.run(
        [sys.executable, "-c", NONE_REFCOUNT_PROBE],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split())
    assert abs(after - before) < 100, f"None refcount drifted from {before} to {after}"


def _imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at run time or for type checking alone."""
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_import_circles_between_the_store_and_backups_or_the_window_and_its_dialogs(repo_root: Path) -> None:
    # Backups sit below the store (the store makes them); restoring one lives in the store.
    assert not any(m.startswith("perfcore.store") for m in _imported_modules(repo_root / "perfcore" / "backup.py"))
    # Dialogs take what they need as arguments; the window builds them.
    for dialog in ("backup_dialog.py", "settings_dialog.py"):
        assert "desktop.main_window" not in _imported_modules(repo_root / "desktop" / dialog), dialog
