"""Foreign, damaged, read-only and full-disk files: one line of Chinese, the file untouched.

Each refused file is checked byte for byte (sha256) and for side files left beside it.
Read-only cases run as an unprivileged user (root writes anything); full-disk cases run
on a real full tmpfs where a mount namespace is allowed, and under RLIMIT_FSIZE always.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from crash_harness import new_demo_file, worker_env
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore import cli, exchange
from perfcore.store import SCHEMA_VERSION, ReportFile, StoreError

TESTS = Path(__file__).parent
CJK = range(0x4E00, 0xA000)
SCALE = int(os.environ.get("PERF_FILING_SOAK_SCALE", "1"))
"""bench/hostile_soak.py runs the damage property with this many times the examples."""


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Backups the core makes by default (before a migration) must not land in the real home."""
    monkeypatch.setenv("PERF_FILING_DATA", str(tmp_path / "data"))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_one_chinese_line(text: str) -> bool:
    return "\n" not in text.strip() and any(ord(c) in CJK for c in text) and "Traceback" not in text


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.jxzp"
    new_demo_file(path)
    return path


@pytest.fixture(scope="module")
def demo_bytes(demo_file: Path) -> bytes:
    return demo_file.read_bytes()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _other_program(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '123')")
    conn.commit()
    conn.close()


def _garble_text(path: Path) -> None:
    # A damaged sector inside a row: the page structure holds, the text is no UTF-8.
    data = path.read_bytes()
    path.write_bytes(data.replace(b"budget_note", b"bu\xffget_note"))


def _garble_index(path: Path) -> None:
    # Only the index copy of a key: the rows read fine, the index no longer matches them.
    data = bytearray(path.read_bytes())
    at = data.index(b"budget_note")
    data[at + 2] = 0xFF
    path.write_bytes(bytes(data))


def _alter_schema(path: Path) -> None:
    # A damaged byte in a table's definition: the file is structurally sound, a column is gone.
    data = path.read_bytes()
    assert b"overview TEXT NOT NULL" in data
    path.write_bytes(data.replace(b"overview TEXT NOT NULL", b"overviex TEXT NOT NULL"))


def _overwrite_page(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[2 * 4096 : 3 * 4096] = random.Random(3).randbytes(4096)
    path.write_bytes(bytes(data))


DAMAGED: dict[str, tuple[Callable[[bytes], bytes] | Callable[[Path], None], str]] = {
    # name: (how to make it from the demo file, what the message must say)
    "zero-byte": (lambda data: b"", "空文件"),
    "random-bytes": (lambda data: random.Random(1).randbytes(50_000), "不是绩效自评报告文件"),
    "cut-in-header": (lambda data: data[:60], "已损坏"),
    "cut-in-half": (lambda data: data[: len(data) // 2], "已损坏"),
    "sqlite-header-then-garbage": (lambda data: data[:100] + random.Random(2).randbytes(len(data) - 100), "已损坏"),
    "page-overwritten": (_overwrite_page, "已损坏"),
    "text-garbled": (_garble_text, "已损坏"),
    "index-garbled": (_garble_index, "已损坏"),
    "schema-altered": (_alter_schema, "已损坏"),
    "other-program": (_other_program, "其他程序的数据库"),
    "newer-version": (_newer, "更新版本"),
}


def make_damaged(folder: Path, name: str, demo: bytes) -> Path:
    path = folder / f"{name}.jxzp"
    path.write_bytes(demo)
    build = DAMAGED[name][0]
    if build.__name__ == "<lambda>":
        path.write_bytes(build(demo))  # type: ignore[arg-type]
    else:
        build(path)  # type: ignore[arg-type]
    return path


@pytest.fixture(params=sorted(DAMAGED))
def damaged(request: pytest.FixtureRequest, tmp_path: Path, demo_bytes: bytes) -> Iterator[tuple[Path, str]]:
    name = request.param
    path = make_damaged(tmp_path, name, demo_bytes)
    checksum, listing = sha256(path), sorted(os.listdir(tmp_path))
    yield path, DAMAGED[name][1]
    assert sha256(path) == checksum, "a refused file was changed"
    assert sorted(os.listdir(tmp_path)) == listing, "something was left beside a refused file"


@pytest.mark.parametrize("read_only", [False, True])
def test_a_damaged_or_foreign_file_is_refused_in_one_line(damaged: tuple[Path, str], read_only: bool) -> None:
    path, expected = damaged
    with pytest.raises(StoreError) as caught:
        ReportFile.open(path, read_only=read_only)
    assert is_one_chinese_line(str(caught.value))
    assert expected in str(caught.value)


@pytest.mark.parametrize("command", ["score", "export", "check", "pdf"])
def test_the_cli_refuses_a_damaged_file_in_one_line(
    damaged: tuple[Path, str], command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = damaged
    out = path.with_name("out")
    args = {"score": [str(path)], "export": [str(path), str(out)], "check": [str(path)], "pdf": [str(path), "-o", str(out)]}
    assert cli.main([command, *args[command]]) == 2
    err = capsys.readouterr().err
    assert err.startswith("perfcore: ") and err.endswith("\n")
    assert is_one_chinese_line(err)
    assert not out.exists()


@pytest.mark.parametrize("name", ["random-bytes", "newer-version", "page-overwritten"])
def test_the_installed_command_shows_no_traceback(tmp_path: Path, demo_bytes: bytes, name: str) -> None:
    path = make_damaged(tmp_path, name, demo_bytes)
    before = sha256(path)
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", "score", str(path)], capture_output=True, text=True, env=worker_env()
    )
    assert result.returncode == 2
    assert is_one_chinese_line(result.stderr)
    assert sha256(path) == before


def test_a_folder_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="是文件夹"):
        ReportFile.open(tmp_path)


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cuts=st.lists(
        st.tuples(st.integers(min_value=0, max_value=61_439), st.binary(min_size=1, max_size=64)), min_size=1, max_size=8
    ),
    truncate=st.one_of(st.none(), st.integers(min_value=0, max_value=61_440)),
)
def test_any_damage_opens_or_is_refused_never_crashes(
    demo_file: Path, cuts: list[tuple[int, bytes]], truncate: int | None
) -> None:
    data = bytearray(demo_file.read_bytes())
    for offset, patch in cuts:
        data[offset : offset + len(patch)] = patch
    if truncate is not None:
        del data[truncate:]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.jxzp"
        path.write_bytes(bytes(data))
        for read_only in (True, False):
            try:
                with ReportFile.open(path, read_only=read_only) as report:
                    # What opens must be usable: scored and exported like any report.
                    exchange.dump_json(report.package)
                    assert report.scores.total >= 0
            except StoreError as exc:
                assert is_one_chinese_line(str(exc))


# ---------------------------------------------------------------- read-only files


@pytest.fixture
def public_folder() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="perf-ro-"))
    folder.chmod(0o777)
    yield folder
    for entry in folder.rglob("*"):
        entry.chmod(0o777)
    shutil.rmtree(folder)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_read_only_files_and_folders_open_read_only(public_folder: Path, demo_bytes: bytes) -> None:
    read_only_file = public_folder / "只读.jxzp"
    read_only_file.write_bytes(demo_bytes)
    read_only_file.chmod(0o444)
    locked_folder = public_folder / "只读文件夹"
    locked_folder.mkdir()
    in_locked_folder = locked_folder / "可写.jxzp"
    in_locked_folder.write_bytes(demo_bytes)
    in_locked_folder.chmod(0o666)
    locked_folder.chmod(0o555)

    result = subprocess.run(
        [sys.executable, str(TESTS / "readonly_worker.py"), str(read_only_file), str(in_locked_folder)],
        capture_output=True,
        text=True,
        env=worker_env(),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["uid"] != 0, "the read-only cases must run without root's rights"
    file_case = report["results"][str(read_only_file)]
    folder_case = report["results"][str(in_locked_folder)]
    assert file_case["open_for_editing"] == {"error": "ReadOnlyError", "message": "“只读.jxzp”是只读文件，只能以只读方式打开"}
    assert folder_case["open_for_editing"] == {
        "error": "ReadOnlyError",
        "message": "“可写.jxzp”所在的文件夹不可写入，只能以只读方式打开",
    }
    for case in (file_case, folder_case):
        assert case["read_only_year"] == 2019
        assert case["edit_in_read_only"] and is_one_chinese_line(case["edit_in_read_only"])
        assert case["cli_score"]["code"] == 0, case["cli_score"]["stderr"]
        assert case["unchanged"] is True
        assert case["side_files"] == []


# ---------------------------------------------------------------- full disk


def check_full_disk_outcome(out: dict[str, Any]) -> None:
    assert out["refused_insert"] is not None, "an edit that cannot fit was accepted"
    assert is_one_chinese_line(out["refused_insert"])
    assert out["model_after_refusal"] == {"staff_actual": 11, "funds": 1}
    assert out["model_matches_file"] is True
    for command, result in out["cli"].items():
        assert result["code"] == 2, (command, result)
        assert is_one_chinese_line(result["stderr"]), (command, result)
    assert out["file_untouched_by_cli"] is True
    assert out["left_behind"] == []
    assert out["edit_after_freeing"] is None
    assert out["integrity"] == "ok"
    assert out["reopened"] == {"staff_actual": 13, "funds": 1, "funds_before": 1}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE semantics of Linux")
def test_a_full_disk_refuses_the_edit_and_keeps_every_commit_rlimit(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(TESTS / "disk_full_worker.py"), "rlimit", str(tmp_path)],
        capture_output=True,
        text=True,
        env=worker_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    check_full_disk_outcome(json.loads(result.stdout))


def _namespace_mount_prefix(folder: Path) -> list[str] | None:
    """How to run a command with a private tmpfs on ``folder``, if this machine allows it."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return None
    for flags in (["--mount", "--map-root-user"], ["--mount"]):
        probe = subprocess.run(
            [unshare, *flags, "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs '{folder}'"], capture_output=True
        )
        if probe.returncode == 0:
            return [unshare, *flags, "sh", "-c", f"mount -t tmpfs -o size=320k tmpfs '{folder}' && exec \"$0\" \"$@\""]
    return None


def test_a_full_disk_refuses_the_edit_and_keeps_every_commit_tmpfs(tmp_path: Path) -> None:
    prefix = _namespace_mount_prefix(tmp_path)
    if prefix is None:
        pytest.skip("no mount namespace allowed here; the RLIMIT_FSIZE variant covers the path")
    result = subprocess.run(
        [*prefix, sys.executable, str(TESTS / "disk_full_worker.py"), "tmpfs", str(tmp_path)],
        capture_output=True,
        text=True,
        env=worker_env(),
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["refused_insert"] and "磁盘空间不足" in out["refused_insert"]
    check_full_disk_outcome(out)
