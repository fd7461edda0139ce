"""Shared pytest fixtures.

Qt must be told to draw offscreen before anything imports it, so this runs first.
Qt warnings fail tests through pytest-qt's `qt_log_level_fail = "WARNING"` in pyproject.toml.

The desktop's tests live in ``tests/gui`` (every test there is marked ``gui``); a run that
deselects them (``-m "not gui"``) does not even collect that folder, so the core's tests
import no Qt (``tests/test_core_tests_without_qt.py`` guards it).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from gui_folder import GUI_TESTS, deselects_gui  # noqa: E402
from sample_support import sample_path  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if collection_path == GUI_TESTS and deselects_gui(config.getoption("markexpr") or ""):
        return True
    return None


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_json_path() -> Path:
    """The 2019 石峰 package in the exchange format, as the project ships it (the demo)."""
    return sample_path()


@pytest.fixture
def fresh_font_resolution() -> Iterator[None]:
    """The PDF font resolver caches what it found; tests that change the candidates start afresh."""
    from perfcore.pdf import fonts

    fonts.clear_cache()
    yield
    fonts.clear_cache()
