"""One user data folder for backups, the error log and the demo copy; PERF_FILING_DATA replaces it."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcore import userdata


def test_the_override_replaces_the_whole_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERF_FILING_DATA", str(tmp_path / "portable"))
    assert userdata.data_folder() == tmp_path / "portable"
    assert userdata.backups_folder() == tmp_path / "portable" / "backups"
    assert userdata.log_file() == tmp_path / "portable" / "logs" / "errors.log"
    assert not (tmp_path / "portable").exists()  # asking creates nothing


def test_linux_keeps_the_folder_qt_gave_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERF_FILING_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert userdata.data_folder() == tmp_path / "xdg" / "perf-filing" / "perf-filing"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert userdata.backups_folder() == tmp_path / "home" / ".local" / "share" / "perf-filing" / "perf-filing" / "backups"
