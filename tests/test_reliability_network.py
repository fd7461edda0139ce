"""No network, ever: a whole CLI session runs under a guard that fails on any socket.

Two independent witnesses: a Python audit hook installed before perfcore is imported (every
socket, connection and name lookup made from Python), and, where ``strace`` is installed,
the system calls of the whole process tree (sockets made from C libraries too).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from crash_harness import worker_env

TESTS = Path(__file__).parent
INTERNET_SOCKET = re.compile(r"socket\((AF_INET6?|AF_PACKET)\b|connect\(\d+, \{sa_family=AF_INET6?\b")


def run_session(folder: Path, prefix: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*(prefix or []), sys.executable, str(TESTS / "network_cli_session.py"), str(folder)],
        capture_output=True,
        text=True,
        env=worker_env(),
        timeout=300,
    )


def test_a_cli_session_opens_no_socket(tmp_path: Path) -> None:
    result = run_session(tmp_path)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["attempts"] == []
    assert set(summary["codes"]) == {"new", "import", "score", "score --json", "check", "check --json", "export", "pdf"}
    assert (tmp_path / "报表.pdf").stat().st_size > 10_000
    assert (tmp_path / "导出.json").exists()


def test_the_guard_fails_on_a_connection(tmp_path: Path) -> None:
    """The witness is live: a connection attempt under it is refused and recorded."""
    script = textwrap.dedent(
        """
        import socket, network_guard
        network_guard.install()
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except network_guard.NetworkUsed:
            pass
        print(len(network_guard.attempts))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=TESTS, env=worker_env(), timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 1


def strace_internet_calls(trace: Path) -> list[str]:
    return [line for line in trace.read_text(errors="replace").splitlines() if INTERNET_SOCKET.search(line)]


def test_a_cli_session_makes_no_internet_socket_at_all(tmp_path: Path) -> None:
    if shutil.which("strace") is None:
        pytest.fail("strace is not installed; ./dev setup installs it")
    trace = tmp_path / "strace.txt"
    strace = [shutil.which("strace") or "strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace)]
    result = run_session(tmp_path, strace)
    assert result.returncode == 0, result.stderr
    assert trace.exists(), "strace wrote no trace"
    assert strace_internet_calls(trace) == []


def test_strace_would_see_an_internet_socket(tmp_path: Path) -> None:
    if shutil.which("strace") is None:
        pytest.fail("strace is not installed; ./dev setup installs it")
    trace = tmp_path / "strace.txt"
    script = "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()"
    subprocess.run(
        [shutil.which("strace") or "strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace),
         sys.executable, "-c", script],
        check=True,
        timeout=60,
    )
    assert len(strace_internet_calls(trace)) == 1
