"""汇总: many unit files read strictly read-only into rows and refusals, by the core and the CLI."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from random import Random

import pytest
from crash_harness import new_demo_file, worker_env
from summary_support import generate_package, write_units

from perfcore import assets, cli
from perfcore.exchange import dump_json, load_json
from perfcore.model import iter_leaves
from perfcore.money import format_points
from perfcore.scoring import score_package
from perfcore.store import ReportFile
from perfcore.summary.run import collect
from perfcore.summary.sources import discover, read_source
from perfcore.summary.table import assemble, summary_document

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the writer process uses POSIX signals")

# Another program has the file open for writing, in the middle of an edit it has not committed:
# the summary must read the last committed state, and must not take the journal for a crash's.
WRITER = textwrap.dedent(
    """
    import sys
    from perfcore.store import ReportFile
    report = ReportFile.open(sys.argv[1])
    conn = report.connection()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE meta SET value = '未提交的名称' WHERE key = 'unit_name'")
    conn.execute("UPDATE node SET score = '0' WHERE kind = 'leaf'")
    print("holding", flush=True)
    sys.stdin.read()
    """
)

# A writer holding the exclusive lock (the instant of a commit, made long): the file is busy.
EXCLUSIVE = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("holding", flush=True)
    sys.stdin.read()
    """
)


def _holder(script: str, path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=worker_env()
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"holding\n"
        yield proc
        proc.kill()


def main(argv: list[str]) -> int:
    return cli.main(["summary", *argv])


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (names relative) with its sha256."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture
def units_folder(tmp_path: Path) -> Path:
    """The demo, three generated units (one in a sub-folder), a damaged file, a foreign SQLite
    database, a JSON export of the demo (the same unit and year: a duplicate), a held file."""
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    new_demo_file(folder / "石峰2019.jxzp")
    write_units(folder, 2, seed=5)
    write_units(folder / "二级单位", 1, seed=6, start=2)
    damaged = bytearray((folder / "unit-0000.jxzp").read_bytes())
    damaged[4096:8192] = os.urandom(4096)
    (folder / "damaged.jxzp").write_bytes(bytes(damaged))
    foreign = sqlite3.connect(folder / "other.db")
    foreign.execute("CREATE TABLE t (x)")
    foreign.commit()
    foreign.close()
    (folder / "石峰导出.json").write_text(dump_json(load_json(assets.demo_json())), encoding="utf-8")
    package = generate_package(Random(9), "在用单位", 30)
    ReportFile.create(folder / "held.jxzp", package).close()
    (folder / "notes.txt").write_text("不是报告", encoding="utf-8")
    return folder


def test_folder_gives_rows_and_refusals_and_changes_nothing(units_folder: Path, tmp_path: Path) -> None:
    held = units_folder / "held.jxzp"
    expected_held = score_package(ReportFile.open(held, read_only=True).package)
    for _writer in _holder(WRITER, held):
        assert (units_folder / "held.jxzp-journal").exists()
        before = snapshot(units_folder)
        out = tmp_path / "summary.json"
        assert main([str(units_folder), "-o", str(out), "--jobs", "2"]) == 0
        assert snapshot(units_folder) == before
    doc = json.loads(out.read_text(encoding="utf-8"))
    units = {Path(u["path"]).name: u for u in doc["units"]}
    assert sorted(units) == ["held.jxzp", "unit-0000.jxzp", "unit-0001.jxzp", "unit-0002.jxzp", "石峰2019.jxzp", "石峰导出.json"]
    refused = {Path(r["path"]).name: r["reason"] for r in doc["refused"]}
    assert sorted(refused) == ["damaged.jxzp", "other.db"]
    assert "损坏" in refused["damaged.jxzp"]
    assert "其他程序的数据库" in refused["other.db"]
    # The uncommitted edit of the writer is not seen: the last committed state is.
    assert units["held.jxzp"]["unit"] == "在用单位"
    assert units["held.jxzp"]["total"] == format_points(expected_held.total)
    demo = units["石峰2019.jxzp"]
    assert (demo["total"], demo["grade"], demo["complete"]) == ("93.00", "优", True)
    assert demo["duplicates"] == [units["石峰导出.json"]["path"]]
    assert units["unit-0000.jxzp"]["duplicates"] == []
    assert doc["stats"]["files"] == 8
    assert doc["stats"]["units"] == 6
    assert doc["stats"]["refused"] == 2
    assert doc["stats"]["duplicates"] == 2
    assert sum(doc["stats"]["grades"].values()) == 6


def test_unit_document_has_the_numbers_of_score(units_folder: Path) -> None:
    path = units_folder / "unit-0001.jxzp"
    row = read_source(str(path))
    doc = summary_document(assemble(collect([str(path)])))["units"][0]
    package = ReportFile.open(path, read_only=True).package
    scores = score_package(package)
    assert set(doc) >= {"path", "unit", "year", "template", "total", "grade", "complete", "errors", "warnings",
                        "groups", "lost", "projects", "review", "state"}
    assert doc["unit"] == "测试单位0001" and doc["year"] == 2019 and doc["template"] is None
    assert doc["total"] == format_points(scores.total)
    assert doc["review"] is None and doc["state"] == "未复核"
    assert package.projects  # the generated unit has projects, read as a full open scores them
    assert [(p["name"], p["total"], p["grade"]) for p in doc["projects"]] == [
        (p.name, format_points(scores.of_project(p).total), scores.of_project(p).grade) for p in package.projects
    ]
    leaves = iter_leaves(package)
    assert [item["path"] for item in doc["lost"]] == [p for p, _ in leaves]
    for item, (_path, leaf) in zip(doc["lost"], leaves, strict=True):
        final = scores.of(leaf).final
        assert Decimal(item["lost"]) == leaf.weight - (final or 0)
    assert sum(Decimal(g["score"]) for g in doc["groups"]) == scores.total
    assert [g["weight"] for g in doc["groups"]] == ["13.00", "57.00", "30.00"]
    assert sum(Decimal(i["lost"]) for i in doc["lost"]) == Decimal(100) - scores.total
    assert row.fingerprint == doc["fingerprint"]


def test_parallel_and_serial_runs_agree(units_folder: Path) -> None:
    paths, _ = discover([units_folder])
    names = [str(p) for p in paths]
    assert collect(names, jobs=1) == collect(names, jobs=3)


def test_discovery_skips_side_files_and_takes_named_files_whatever_their_name(units_folder: Path) -> None:
    (units_folder / "unit-0000.jxzp.lock").write_bytes(b" {}")
    (units_folder / "unit-0001.jxzp-journal").write_bytes(b"")
    (units_folder / "复核.jxzh").write_bytes(b"SQLite format 3\x00")
    paths, missing = discover([units_folder, units_folder / "notes.txt", units_folder / "无此文件.jxzp"])
    names = [p.name for p in paths]
    assert "notes.txt" in names  # named on the command line: read, and refused as a row
    assert not any(n.endswith((".lock", "-journal", ".jxzh")) for n in names)
    assert "other.db" in names  # an SQLite file found in a folder is tried (a renamed report)
    assert [Path(r.path).name for r in missing] == ["无此文件.jxzp"]


def test_a_pipe_is_neither_found_nor_read(units_folder: Path) -> None:
    pipe = units_folder / "管道.jxzp"
    os.mkfifo(pipe)
    paths, _ = discover([units_folder])
    assert pipe not in paths
    refusal = read_source(str(pipe))  # named on the command line: refused without opening it
    assert "不是普通文件" in refusal.reason  # type: ignore[union-attr]


def test_a_file_locked_by_a_commit_is_reported_busy_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "busy.jxzp"
    new_demo_file(path)
    for _holder_proc in _holder(EXCLUSIVE, path):
        result = read_source(str(path))
    assert not hasattr(result, "total")
    assert "正被其他程序写入" in result.reason  # type: ignore[union-attr]


def test_cli_exit_codes_and_one_line_errors(tmp_path: Path, units_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(units_folder / "damaged.jxzp")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "无法读取" in err and "Traceback" not in err
    assert main([str(tmp_path / "无此文件夹")]) == 2
    assert main([str(units_folder), "-o", str(tmp_path / "out.docx")]) == 2
    assert "输出文件须为" in capsys.readouterr().err
    assert main([str(units_folder / "石峰导出.json"), "-o", str(units_folder / "石峰导出.json")]) == 2
    assert "输出不能覆盖输入" in capsys.readouterr().err
    assert main([str(units_folder / "石峰2019.jxzp"), str(units_folder / "other.db"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "株洲市石峰区优化营商环境协调事务中心" in out and "93.00" in out
    assert "other.db：无法读取：" in out


def test_cli_as_a_process_writes_pdf(tmp_path: Path, units_folder: Path) -> None:
    out = tmp_path / "汇总.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", "summary", str(units_folder), "-o", str(out)],
        capture_output=True, text=True, env=worker_env(), check=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "测试单位0001" in text and "无法读取" in text


def test_a_unit_row_counts_the_findings_that_run_checks_sorts(sample_json_path: Path) -> None:
    """The summary counts unsorted findings (sorting thousands of files' findings was a tenth
    of the work): the same findings as run_checks, in any order."""
    from collections import Counter

    from perfcore.checks import run_checks, unsorted_findings
    from perfcore.exchange import load_json
    from perfcore.scoring import score_package

    package = load_json(sample_json_path.read_bytes())
    scores = score_package(package)
    sorted_findings = run_checks(package, scores)
    assert sorted_findings, "the demo has findings to count"
    assert Counter(map(repr, unsorted_findings(package, scores))) == Counter(map(repr, sorted_findings))
