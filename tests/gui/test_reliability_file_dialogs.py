"""The app with files it cannot use as asked: a dialog in Chinese, the file untouched, the app on."""

from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.main_window import MainWindow
from perfcore.store import SCHEMA_VERSION, ReportFile

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def bare_window(qtbot: Any, isolated_settings: Path) -> Iterator[MainWindow]:
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


# ---------------------------------------------------------------- held by another process

HOLDER = textwrap.dedent(
    """
    import sys
    from perfcore.store import ReportFile
    report = ReportFile.open(sys.argv[1])
    print("holding", flush=True)
    sys.stdin.read()
    """
)


@pytest.fixture
def held(report_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(report_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"holding\n"
        yield proc
        proc.kill()


def test_a_file_open_elsewhere_offers_read_only(
    bare_window: MainWindow, report_path: Path, held: subprocess.Popen[bytes]
) -> None:
    with answering("只读打开") as seen:
        assert bare_window.open_path(report_path)
    assert len(seen) == 1
    assert seen[0].title == "文件正在使用"
    assert seen[0].buttons == ["只读打开", "取消"]
    assert f"进程 {held.pid}" in seen[0].text and "正在被使用" in seen[0].text
    assert bare_window.ops is not None and bare_window.ops.read_only
    assert "（只读）" in bare_window.windowTitle()


def test_declining_leaves_the_window_as_it_was(
    bare_window: MainWindow, report_path: Path, held: subprocess.Popen[bytes]
) -> None:
    with answering("取消") as seen:
        assert not bare_window.open_path(report_path)
    assert len(seen) == 1 and bare_window.ops is None


def test_after_the_holder_crashed_the_file_opens_for_editing(
    bare_window: MainWindow, report_path: Path, held: subprocess.Popen[bytes]
) -> None:
    held.send_signal(signal.SIGKILL)
    held.wait()
    with answering() as seen:
        assert bare_window.open_path(report_path)
    assert seen == []
    assert bare_window.ops is not None and not bare_window.ops.read_only


# ---------------------------------------------------------------- damaged and foreign files


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "zero-byte":
        path.write_bytes(b"")
    elif how == "random-bytes":
        path.write_bytes(random.Random(7).randbytes(40_000))
    elif how == "cut-in-half":
        path.write_bytes(data[: len(data) // 2])
    elif how == "page-overwritten":
        path.write_bytes(data[:8192] + random.Random(8).randbytes(4096) + data[12288:])
    elif how == "other-program":
        path.unlink()
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
        conn.close()
    elif how == "newer-version":
        conn = sqlite3.connect(path)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
    else:
        raise ValueError(how)


@pytest.mark.parametrize(
    "how,expected",
    [
        ("zero-byte", "空文件"),
        ("random-bytes", "不是绩效自评报告文件"),
        ("cut-in-half", "已损坏"),
        ("page-overwritten", "已损坏"),
        ("other-program", "其他程序的数据库"),
        ("newer-version", "更新版本"),
    ],
)
def test_a_damaged_file_is_refused_in_a_dialog_and_left_untouched(
    window: MainWindow, report_path: Path, tmp_path: Path, how: str, expected: str
) -> None:
    bad = tmp_path / f"{how}.jxzp"
    shutil.copyfile(report_path, bad)
    damage(bad, how)
    before, listing = sha256(bad), sorted(os.listdir(tmp_path))
    with answering() as seen:
        assert not window.open_path(bad)
    assert len(seen) == 1
    assert seen[0].title == "无法打开"
    assert expected in seen[0].text and "\n" not in seen[0].text
    assert sha256(bad) == before
    assert sorted(os.listdir(tmp_path)) == listing
    # What was open stays open and editable.
    assert window.ops is not None and window.ops.report.path == report_path
    assert window.ops.set("/overall/staff_actual", 9, "修改年末职工人数") is not None


# ---------------------------------------------------------------- read-only file


@pytest.fixture
def read_only_file(report_path: Path) -> Iterator[Path]:
    """A file this process may not write: immutable for root (chattr +i), mode 0444 otherwise."""
    if os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(report_path)], capture_output=True).returncode:
            # CI runs as root on ext4, where chattr (e2fsprogs, essential on Debian) works;
            # without it this promise would go untested, so say so loudly.
            pytest.fail("running as root and chattr +i failed: no way to make a file root cannot write")
        yield report_path
        subprocess.run([chattr, "-i", str(report_path)], check=True)
    else:
        report_path.chmod(0o444)
        yield report_path
        report_path.chmod(0o644)


def test_a_read_only_file_offers_read_only(bare_window: MainWindow, read_only_file: Path) -> None:
    assert not os.access(read_only_file, os.W_OK)
    before = sha256(read_only_file)
    with answering("只读打开") as seen:
        assert bare_window.open_path(read_only_file)
    assert len(seen) == 1 and seen[0].title == "文件只读"
    assert "只读文件" in seen[0].text
    assert bare_window.ops is not None and bare_window.ops.read_only
    bare_window.close_report()
    assert sha256(read_only_file) == before


# ---------------------------------------------------------------- full disk during an edit


@pytest.fixture
def small_file_limit() -> Iterator[Any]:
    """Let no file of this process grow past 120 KB (the report is 80 KB) while the test edits."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_FSIZE semantics of Linux")
    previous_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def limit(on: bool) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (120 * 1024 if on else soft, hard))

    yield limit
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    signal.signal(signal.SIGXFSZ, previous_handler)


def test_a_full_disk_refuses_the_edit_and_the_app_goes_on(
    qtbot: Any, window: MainWindow, report_path: Path, small_file_limit: Any
) -> None:
    ops = window.ops
    assert ops is not None
    assert ops.set("/overall/staff_actual", 11, "修改年末职工人数") is not None
    funds_before = len(ops.package.special_funds)
    big = {"name": "新增专项", "overview": "情况说明" * 30_000, "items": [{"name": "明细", "amount": "1.00"}]}

    small_file_limit(True)
    try:
        refused = ops.insert("/special_funds", 0, big, "添加专项资金")
    finally:
        small_file_limit(False)

    assert refused is None
    qtbot.waitUntil(lambda: any(box.isVisible() for box in window.messages))
    box = next(box for box in window.messages if box.isVisible())
    assert box.windowTitle() == "修改没有保存"
    assert "修改没有保存" in box.text() and "\n" not in box.text()
    assert len(ops.package.special_funds) == funds_before
    # The app goes on: the next edit is saved, and the file holds every committed edit.
    assert ops.set("/overall/staff_quota", 12, "修改编制人数") is not None
    box.close()
    window.close_report()
    with ReportFile.open(report_path, read_only=True) as report:
        assert report.connection().execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert report.get("/overall/staff_actual") == 11
        assert report.get("/overall/staff_quota") == 12
        assert len(report.package.special_funds) == funds_before


def test_the_message_box_helper_sees_boxes(qtbot: Any, bare_window: MainWindow) -> None:
    with answering() as seen:
        QMessageBox.warning(bare_window, "标题", "内容")
    assert [(s.title, s.text) for s in seen] == [("标题", "内容")]
    assert QApplication.activeModalWidget() is None
