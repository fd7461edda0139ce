"""The user data folder is the one Qt gave the desktop before (existing backups and logs are
found), and the demo copy goes where PERF_FILING_DATA says."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop import app
from perfcore import userdata
from perfcore.store import ReportFile

pytestmark = pytest.mark.gui

QT_AND_CORE = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication, QStandardPaths
    from desktop.app_settings import ORGANIZATION
    from perfcore import userdata
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(ORGANIZATION)
    qapp = QCoreApplication([])
    print(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    print(userdata.data_folder())
    """
)


@pytest.mark.parametrize("xdg", [True, False])
def test_the_folder_is_the_one_qt_gave_the_desktop(tmp_path: Path, xdg: bool) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PERF_FILING_DATA", "XDG_DATA_HOME")}
    env["HOME"] = str(tmp_path / "home")
    if xdg:
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    result = subprocess.run(
        [sys.executable, "-c", QT_AND_CORE], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    qt, ours = result.stdout.split()
    assert Path(qt) == Path(ours)
    assert Path(ours).is_relative_to(tmp_path)


def test_the_demo_copy_goes_into_the_overridden_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, private_data_folder: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    demo = app.demo_path()
    assert demo.parent == private_data_folder == userdata.data_folder()
    with ReportFile.open(demo, read_only=True) as report:
        assert report.package.year == 2019
    assert not (tmp_path / "xdg").exists()
