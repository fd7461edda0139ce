"""One writer per report file: a second opener is told who holds it and may read; a crash
never leaves a lock behind."""

from __future__ import annotations

import getpass
import hashlib
import re
import signal
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from crash_harness import new_demo_file, worker_env

from perfcore.filelock import LockedError, lock_path
from perfcore.store import ReadOnlyError, ReportFile

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

HOLDER = textwrap.dedent(
    """
    import sys
    from perfcore.store import ReportFile
    report = ReportFile.open(sys.argv[1])
    report.set("/overall/staff_actual", 11)
    print("holding", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def report_path(tmp_path: Path) -> Path:
    path = tmp_path / "石峰2019.jxzp"
    new_demo_file(path)
    return path


@pytest.fixture
def holder(report_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Another process that has the file open for writing and keeps it."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(report_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=worker_env(),
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"holding\n"
        yield proc
        proc.kill()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_second_process_is_told_who_holds_the_file(report_path: Path, holder: subprocess.Popen[bytes]) -> None:
    with pytest.raises(LockedError) as caught:
        ReportFile.open(report_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("“石峰2019.jxzp”正在被使用：")
    assert socket.gethostname() in message
    assert getpass.getuser() in message
    assert f"进程 {holder.pid}" in message
    assert "绩效自评填报" in message
    assert re.search(r"自 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 起", message)
    assert "只读" in message
    assert caught.value.holder is not None and caught.value.holder.pid == holder.pid


def test_second_process_can_read_what_the_holder_committed(report_path: Path, holder: subprocess.Popen[bytes]) -> None:
    with ReportFile.open(report_path, read_only=True) as report:
        assert report.read_only
        assert report.package.overall.staff_actual == 11
        with pytest.raises(ReadOnlyError):
            report.set("/overall/staff_actual", 12)


def test_second_window_in_the_same_process_is_refused(report_path: Path) -> None:
    with ReportFile.open(report_path):
        with pytest.raises(LockedError):
            ReportFile.open(report_path)
        with ReportFile.open(report_path, read_only=True) as viewer:
            assert viewer.package.year == 2019


def test_killed_holder_leaves_no_lock_that_blocks(report_path: Path, holder: subprocess.Popen[bytes]) -> None:
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    # The side file outlives the crash, naming a dead process; only the OS lock counts.
    assert lock_path(report_path).exists()
    with ReportFile.open(report_path) as report:
        assert report.package.overall.staff_actual == 11
        report.set("/overall/staff_actual", 12)
    with ReportFile.open(report_path) as report:
        assert report.package.overall.staff_actual == 12


def test_closing_releases_the_lock(report_path: Path) -> None:
    ReportFile.open(report_path).close()
    assert not lock_path(report_path).exists()
    ReportFile.open(report_path).close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfcore", *args], capture_output=True, text=True, env=worker_env(), timeout=60
    )


@pytest.mark.parametrize("command", ["import", "new"])
def test_cli_does_not_overwrite_a_held_file(
    report_path: Path, holder: subprocess.Popen[bytes], sample_json_path: Path, command: str
) -> None:
    before = sha256(report_path)
    inode = report_path.stat().st_ino
    args = ["import", str(sample_json_path), str(report_path)] if command == "import" else ["new", str(report_path)]
    result = run_cli(*args, "--force")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "正在被使用" in result.stderr
    assert sha256(report_path) == before
    assert report_path.stat().st_ino == inode, "the held file was replaced under its holder"


def test_cli_reads_a_held_file(report_path: Path, holder: subprocess.Popen[bytes]) -> None:
    result = run_cli("score", "--json", str(report_path))
    assert result.returncode == 0, result.stderr
