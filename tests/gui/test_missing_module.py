"""A module missing from the program fails loudly: the app reports it (log and error dialog) and
``--self-test`` names it and exits non-zero. No import is wrapped in a fallback that hides it.

Run in a copy of the source tree with ``perfcore/checks/table2.py`` removed, laid out as it is
installed (``resources/`` as ``perfcore/resources``), started with the copy first on sys.path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

REMOVED = "perfcore/checks/table2.py"
MISSING = "No module named 'perfcore.checks.table2'"


@pytest.fixture(scope="module")
def broken_tree(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    tree = tmp_path_factory.mktemp("broken") / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("perfcore", "desktop"):
        shutil.copytree(repo_root / package, tree / package, ignore=ignore)
    shutil.copytree(repo_root / "resources", tree / "perfcore" / "resources", ignore=ignore)
    (tree / REMOVED).unlink()
    return tree


def _env(tree: Path) -> dict[str, str]:
    home = tree.parent / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PERF_FILING_DATA": str(tree.parent / "data"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)
    return env


def _run(tree: Path, code: str) -> subprocess.CompletedProcess[str]:
    # ``-c`` puts the working folder first on sys.path: the copy, not the installed checkout.
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tree, env=_env(tree), capture_output=True, text=True, timeout=180
    )


def test_the_copy_is_what_runs(broken_tree: Path) -> None:
    result = _run(broken_tree, "import perfcore, desktop; print(perfcore.__file__); print(desktop.__file__)")
    assert result.returncode == 0, result.stderr
    assert [Path(line).parent.parent for line in result.stdout.split()] == [broken_tree, broken_tree]


def test_self_test_names_the_missing_module_and_fails(broken_tree: Path) -> None:
    result = _run(broken_tree, "import sys; from desktop.app import main; sys.exit(main(['--self-test']))")
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("perf-filing 自检失败：第1步 程序模块 — 模块 perfcore.checks")
    assert MISSING in result.stdout


def test_the_app_reports_the_missing_module_when_it_opens_a_file(broken_tree: Path) -> None:
    log = broken_tree.parent / "data" / "logs" / "errors.log"
    env = {**_env(broken_tree), "PERF_FILING_EXIT_AFTER_SHOW": "loaded"}
    app = subprocess.Popen(
        [sys.executable, "-c", "import sys; from desktop.app import main; sys.exit(main(['--demo']))"],
        cwd=broken_tree,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and app.poll() is None:
            if log.is_file() and MISSING in log.read_text(encoding="utf-8"):
                break
            time.sleep(0.2)
        reported = log.read_text(encoding="utf-8") if log.is_file() else ""
    finally:
        app.kill()
        out, err = app.communicate(timeout=30)
    # Logged with its traceback (the error dialog is shown from the same handler) …
    assert f"ModuleNotFoundError: {MISSING}" in reported, out + err
    assert "Traceback (most recent call last)" in reported
    # … and the file never claimed to be open and checked.
    assert "loaded" not in out
