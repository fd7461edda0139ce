"""Bounded input and quiet, honest messages from the command line.

Inputs are read once and with a size bound (``/dev/zero`` is refused, ``/dev/stdin`` works);
argparse speaks one line of Chinese; a closed pipe ends the command quietly; SIGTERM and SIGHUP
leave no temporary file; names with control characters, bidi overrides or undecodable bytes
are printed escaped; JSON with a key given twice is refused with its pointer.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_harness import worker_env
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.exchange import ExchangeError, load_json
from perfcore.inputs import MAX_INPUT_BYTES, MAX_INPUT_MB
from perfcore.terminal import shown

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="device files, pipes and signals are POSIX here")

ENGLISH = re.compile(r"\b(usage|error|invalid|required|argument|expected|choose|Errno|Expecting|literal|Traceback)\b", re.I)


def perfcore(*args: str | bytes | Path, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    argv: list[str | bytes] = [sys.executable, "-m", "perfcore", *(os.fspath(a) if isinstance(a, Path) else a for a in args)]
    return subprocess.run(argv, input=stdin, capture_output=True, timeout=timeout, env=worker_env(), check=False)


def assert_one_chinese_line(result: subprocess.CompletedProcess[bytes], *fragments: str) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert not ENGLISH.search(err), err
    for fragment in fragments:
        assert fragment in err, err
    return err


def test_a_package_piped_into_dev_stdin_scores(sample_json_path: Path) -> None:
    from_file = perfcore("score", sample_json_path, "--json")
    piped = perfcore("score", "/dev/stdin", "--json", stdin=sample_json_path.read_bytes())
    assert piped.returncode == 0, piped.stderr.decode()
    assert json.loads(piped.stdout) == json.loads(from_file.stdout)


def test_dev_zero_is_refused_at_the_bound() -> None:
    started = time.monotonic()
    result = perfcore("score", "/dev/zero", timeout=60)
    assert_one_chinese_line(result, "/dev/zero", f"{MAX_INPUT_MB} MB")
    assert time.monotonic() - started < 30


def test_a_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "大.json"
    with open(big, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: nothing to read, only the size says no
    for args in (["score", big], ["import", big, tmp_path / "x.jxzp"], ["export", big, tmp_path / "x.json"]):
        assert main([str(a) for a in args]) == 2
    assert not (tmp_path / "x.jxzp").exists() and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["score"],
        ["bogus"],
        ["new", "x.jxzp", "--year", "abc"],
        ["score", "x.json", "--nope"],
        ["pdf", "x.json"],
        ["pdf", "x.json", "-o"],
        ["export", "a", "b", "c"],
        ["new", "x.jxzp", "--force=yes"],
    ],
)
def test_usage_errors_are_one_chinese_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("perfcore: ") and err.count("\n") == 1, err
    assert not ENGLISH.search(err), err
    assert re.search(r"[\u4e00-\u9fff]", err)


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["new", "-h"])
    assert caught.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项" in out and "显示本帮助并退出" in out
    assert "usage" not in out and "show this help" not in out


def test_a_closed_pipe_ends_quietly(sample_json_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # like ``| head -1`` that has already gone
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "perfcore", "score", str(sample_json_path)],
            stdout=writer, stderr=subprocess.PIPE, env=worker_env(), timeout=60, check=False,
        )
    finally:
        os.close(writer)
    assert proc.stderr == b""
    assert proc.returncode == 141


def test_a_unit_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "x.jxzp"
    result = perfcore("new", out, "--unit", b"\xff\xfe\xe5\x8d\x95\xe4\xbd\x8d", "--year", "2024")
    err = assert_one_chinese_line(result, "单位名称", "\\xff")
    assert "UnicodeEncodeError" not in err and not out.exists()


def test_a_file_name_with_undecodable_bytes_is_named_escaped(tmp_path: Path) -> None:
    result = perfcore("score", os.fsencode(tmp_path) + b"/\xff\xfe.json")
    assert_one_chinese_line(result, "找不到文件", "\\xff\\xfe.json")


CONTROL = st.sampled_from(["\x1b[2J", "\x07", "\u202e", "\u2066", "\r", "\n", "\x9b", "\u200f", "\u2028"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.one_of(CONTROL, st.text(alphabet="单位abc ", max_size=3)), min_size=1, max_size=6))
def test_names_are_escaped_for_the_terminal(parts: list[str]) -> None:
    name = "".join(parts)
    text = shown(name)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)
    plain = name.replace("\\", "")
    if not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", plain):
        assert shown(plain) == plain


def test_score_and_check_escape_names_from_the_file(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["unit_name"] = "单位\u202e\x1b[31m名称"
    doc["indicators"]["tree"][0]["children"][0]["children"][0]["name"] = "指标\x07\u2066"
    hostile = tmp_path / "恶意.json"
    hostile.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for argv in (["score", str(hostile)], ["score", str(hostile), "--json"], ["check", str(hostile)], ["check", str(hostile), "--json"]):
        main(argv)
        out, err = capsys.readouterr()
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out + err), argv
        if argv[-1] == "--json":
            json.loads(out)  # still the same JSON document
        else:
            assert "\\u202e" in out or "\\x07" in out or "\\u2066" in out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_import_leaves_no_temporary_file(tmp_path: Path, sig: signal.Signals) -> None:
    # A large package keeps the import busy long enough to be interrupted while writing.
    leaves = [
        {"name": f"指标{i}", "weight": "0.01", "rule": {"type": "manual"}, "score": None}
        for i in range(5000)
    ]
    doc = {
        "format": "perf-filing/1", "year": 2024, "unit_name": "单位",
        "indicators": {"tree": [{"name": "一级", "weight": "100", "children": [{"name": "二级", "weight": "100", "children": leaves}]}]},
    }
    source = tmp_path / "大.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out" / "r.jxzp"
    out.parent.mkdir()
    interrupted = 0
    for after in (0.0, 0.05, 0.2):
        proc = subprocess.Popen(
            [sys.executable, "-m", "perfcore", "import", str(source), str(out), "--force"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=worker_env(),
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and not any(out.parent.glob(".~*")):
            time.sleep(0.002)
        time.sleep(after)  # the temporary file exists: the command is writing
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err
        assert [p.name for p in out.parent.iterdir() if p.name.startswith(".~")] == []
        interrupted += proc.returncode == 128 + sig
    assert interrupted >= 1  # the signal came while the command was still working


def test_json_with_a_key_given_twice_is_refused_with_its_pointer(sample_json_path: Path) -> None:
    text = sample_json_path.read_text(encoding="utf-8")
    doubled = text.replace('"unit_name":', '"unit_name": "别的单位", "unit_name":', 1)
    with pytest.raises(ExchangeError) as caught:
        load_json(doubled)
    assert caught.value.pointer == "/unit_name"
    nested = text.replace('"head":', '"head": "甲", "head":', 1)
    with pytest.raises(ExchangeError) as caught:
        load_json(nested)
    assert caught.value.pointer == "/overall/head"


@pytest.mark.parametrize("size", [251, 253, 255])
def test_names_too_long_for_the_side_files_are_one_line(tmp_path: Path, sample_json_path: Path, size: int, capsys: pytest.CaptureFixture[str]) -> None:
    name = "报" * ((size - 2) // 3) + "a" * ((size - 2) % 3 + 2)
    assert len(name.encode()) == size
    long = tmp_path / name
    for argv in (["new", str(long), "--year", "2024"], ["import", str(sample_json_path), str(long)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "文件名过长" in err and not ENGLISH.search(err), err
    assert main(["import", str(sample_json_path), str(tmp_path / "短.jxzp")]) == 0
    capsys.readouterr()
    long.write_bytes((tmp_path / "短.jxzp").read_bytes())
    assert main(["score", str(long)]) == 0
    capsys.readouterr()
    from perfcore.store import ReadOnlyError, ReportFile

    with pytest.raises(ReadOnlyError, match="文件名过长"):
        ReportFile.open(long)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "短.jxzp"])


@pytest.mark.parametrize("damage", ["random pages", "truncated", "garbled header"])
def test_damaged_files_are_named_without_english(tmp_path: Path, sample_json_path: Path, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    good = tmp_path / "好.jxzp"
    assert main(["import", str(sample_json_path), str(good)]) == 0
    data = bytearray(good.read_bytes())
    if damage == "random pages":
        data[4096:] = random.Random(5).randbytes(len(data) - 4096)
    elif damage == "truncated":
        del data[len(data) // 3 :]
    else:
        data[16:100] = random.Random(6).randbytes(84)
    bad = tmp_path / "坏.jxzp"
    bad.write_bytes(bytes(data))
    capsys.readouterr()
    for argv in (["score", str(bad)], ["export", str(bad), str(tmp_path / "o.json")]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and not re.search(r"[A-Za-z]{4,}", err.replace(str(tmp_path), "").removeprefix("perfcore: ").replace("jxzp", "")), err
