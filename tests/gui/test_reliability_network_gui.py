"""No network from the desktop app: a session (open, edit, check, export PDF, preview) under a
Python audit hook in the test process, and the same session as a program under ``strace``,
which sees the sockets of Qt's C++ code too."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from desktop_session import run
from gui_support import OFFSCREEN_NOISE

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

SESSION = Path(__file__).with_name("desktop_session.py")
NETWORK_EVENTS = {
    "socket.__new__",
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "http.client.connect",
    "urllib.Request",
}
INTERNET_SOCKET = re.compile(r"socket\((AF_INET6?|AF_PACKET)\b|connect\(\d+, \{sa_family=AF_INET6?\b")


@pytest.fixture
def network_events() -> Iterator[list[str]]:
    """Network events seen from Python while the test runs (the hook cannot be removed; it is
    switched off at the end)."""
    seen: list[str] = []
    active = [True]

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if active[0] and event in NETWORK_EVENTS:
            seen.append(f"{event}{args!r:.200}")
            raise RuntimeError(f"network use: {event}")

    sys.addaudithook(hook)
    yield seen
    active[0] = False


def test_a_desktop_session_opens_no_socket_from_python(
    qtbot: Any, report_path: Path, isolated_settings: Path, tmp_path: Path, network_events: list[str]
) -> None:
    summary = run(report_path, tmp_path / "报表.pdf")
    assert network_events == []
    assert summary["total"] == "88.00" and summary["pdf_bytes"] > 10_000 and summary["preview_pages"] >= 3


def test_a_desktop_session_makes_no_internet_socket_at_all(report_path: Path, tmp_path: Path) -> None:
    if shutil.which("strace") is None:
        pytest.fail("strace is not installed; ./dev setup installs it")
    trace = tmp_path / "strace.txt"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PERF_FILING_DATA=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    strace = [shutil.which("strace") or "strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
    result = subprocess.run(
        [*strace, sys.executable, str(SESSION), str(report_path), str(tmp_path / "报表.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["total"] == "88.00" and summary["preview_pages"] >= 3
    calls = trace.read_text(errors="replace").splitlines()
    assert [line for line in calls if INTERNET_SOCKET.search(line)] == []
