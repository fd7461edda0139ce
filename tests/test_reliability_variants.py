"""Issue 11's classes tried again with variants the other reliability tests do not use.

Each test here failed before the fix it guards.
"""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from perfcore.cli import main, new_package
from perfcore.errors import UserError
from perfcore.exchange import load_json
from perfcore.model import OVERALL_NUMERIC_FIELDS
from perfcore.store import ReportFile, StoreError

RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "\x1b[31m红\u202eevil\r\x07\u2028\t"


def hostile_package(sample_json_path: Path, folder: Path) -> Path:
    """The sample with control characters and bidi overrides in every kind of name a command prints."""
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["unit_name"] = "单位" + HOSTILE
    doc["special_funds"][0]["name"] = "资金" + HOSTILE
    group = doc["indicators"]["tree"][0]
    group["name"] = "一级" + HOSTILE
    for leaf in group["children"][0]["children"]:
        leaf["name"] = "指标" + HOSTILE
        leaf["score"] = None  # unscored: every command names it (explain as a loss, check as missing)
    path = folder / "恶意.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "{json}"],
        ["explain", "{json}", "--json"],
        ["summary", "{folder}"],
        ["summary", "{folder}", "--jobs", "1"],
        ["pdf", "{json}", "-o", "{out}.pdf"],
        ["next", "{json}", "{out}.jxzp"],
        ["export", "{json}", "{out}.json"],
    ],
    ids=lambda argv: " ".join(a for a in argv if not a.startswith("{")),
)
def test_every_command_prints_names_escaped(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "收到"
    folder.mkdir()
    source = hostile_package(sample_json_path, folder)
    argv = [a.format(json=source, folder=folder, out=tmp_path / "输出") for a in command]
    assert main(argv) in (0, 1)
    out, err = capsys.readouterr()
    assert out + err, argv
    assert not RAW.search(out + err), (argv, [m.group() for m in RAW.finditer(out + err)][:5])
    if "--json" in argv:
        assert json.loads(out)  # still the same JSON document


# ---------------------------------------------------------------- what the store writes, it reads back


@pytest.mark.parametrize("field", ["staff_actual", "staff_quota"])
def test_a_negative_count_the_format_accepts_reopens(sample_json_path: Path, tmp_path: Path, field: str) -> None:
    # The checks flag a negative head count; the file must still hold it (it was written, then
    # called damaged on reopening: the edit was acknowledged and the file lost with it).
    path = tmp_path / "r.jxzp"
    ReportFile.create(path, load_json(sample_json_path.read_bytes())).close()
    with ReportFile.open(path) as report:
        report.set(f"/overall/{field}", -3)
    with ReportFile.open(path) as report:
        assert getattr(report.package.overall, field) == -3
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["overall"][field] = -1
    source = tmp_path / "负数.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["import", str(source), str(tmp_path / "i.jxzp")]) == 0
    assert main(["export", str(tmp_path / "i.jxzp"), str(tmp_path / "i.json")]) == 0
    assert json.loads((tmp_path / "i.json").read_text(encoding="utf-8"))["overall"][field] == -1


@pytest.mark.parametrize("stored", ["１２", "١٢", " 12 ", "1_000", "12.0", "+12"])
def test_a_count_figure_stored_as_other_text_is_refused_naming_it(tmp_path: Path, stored: str) -> None:
    # int() would read each of these as a number the file does not plainly say.
    path = tmp_path / "f.jxzp"
    package = new_package("mof-2013-53-department", "单位", 2024)
    ReportFile.create(path, package).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE figure SET kind = 'count', value = ? WHERE pos = 0", [stored])
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="不是整数") as refused:
        ReportFile.open(path, read_only=True)
    assert package.figures[0].label in str(refused.value)
    assert path.read_bytes() == before


def test_every_figure_the_file_api_accepts_reads_back(tmp_path: Path) -> None:
    # The class behind the negative count: a value the store accepts and writes must be the
    # value the file gives back after reopening, for every numeric field of 表1 and every kind
    # of 基础数据 figure.
    path = tmp_path / "f.jxzp"
    package = new_package("mof-2013-53-department", "单位", 2024)
    ReportFile.create(path, package).close()
    kinds = {figure.kind: f"/figures/{i}/value" for i, figure in reversed(list(enumerate(package.figures)))}
    pointers = [f"/overall/{name}" for name in OVERALL_NUMERIC_FIELDS] + list(kinds.values())
    candidates: list[object] = [-3, 0, 10**12, -(10**12), "-0", "-12.5", "0.001", Decimal("1E+3"), Decimal("-7")]
    accepted = 0
    with ReportFile.open(path) as report:
        for pointer in pointers:
            for value in candidates:
                try:
                    report.set(pointer, value)
                except UserError:
                    continue
                with ReportFile.open(path, read_only=True) as again:  # what a reopening reads
                    assert again.get(pointer) == report.get(pointer), (pointer, value)
                accepted += 1
    assert accepted > len(pointers)


# ---------------------------------------------------------------- the lock's side file


def test_a_hard_link_of_another_report_at_the_lock_side_file_is_never_written(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # O_NOFOLLOW stops a symlink, not a hard link: a regular file, so taking the lock truncated
    # the other report to the holder's line.
    package = load_json(sample_json_path.read_bytes())
    path, other = tmp_path / "r.jxzp", tmp_path / "other.jxzp"
    ReportFile.create(path, package).close()
    ReportFile.create(other, package).close()
    before = other.read_bytes()
    (tmp_path / "r.jxzp.lock").hardlink_to(other)
    with pytest.raises(StoreError, match="r.jxzp.lock"):
        ReportFile.open(path)
    with pytest.raises(StoreError, match="r.jxzp.lock"):
        ReportFile.create(path, package, overwrite=True)
    source = tmp_path / "源.jxzp"
    ReportFile.create(source, package).close()
    with ReportFile.open(source) as report, pytest.raises(StoreError, match="r.jxzp.lock"):
        report.save_as(path)
    assert main(["new", str(path), "--force"]) == 2
    assert main(["import", str(sample_json_path), str(path), "--force"]) == 2
    assert "r.jxzp.lock" in capsys.readouterr().err
    assert other.read_bytes() == before
    with ReportFile.open(path, read_only=True) as report:  # reading needs no lock
        assert report.read_only


# ---------------------------------------------------------------- stored objects


def test_a_file_sqlite_analyzed_opens_and_an_impostor_statistics_table_does_not(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Decision: ANALYZE (a database tool's "optimise") makes sqlite_stat1, which only SQLite can
    # create and which holds planner numbers, nothing that runs; the office's file stays its
    # report. The table under another definition is not SQLite's and is refused as before.
    path = tmp_path / "analysed.jxzp"
    ReportFile.create(path, load_json(sample_json_path.read_bytes())).close()
    conn = sqlite3.connect(path)
    conn.execute("ANALYZE")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0] == 1
    conn.close()
    assert main(["score", str(path)]) == 0
    assert main(["summary", str(tmp_path)]) == 0
    assert "93.00" in capsys.readouterr().out
    with ReportFile.open(path) as report:
        report.set("/unit_name", "优化过的单位")
    with ReportFile.open(path, read_only=True) as report:
        assert report.package.unit_name == "优化过的单位"

    impostor = tmp_path / "impostor.jxzp"
    ReportFile.create(impostor, load_json(sample_json_path.read_bytes())).close()
    conn = sqlite3.connect(impostor)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE TABLE sqlite_stat1(tbl,idx,stat,extra)' WHERE name = 'sqlite_stat1'")
    conn.commit()
    conn.close()
    before = impostor.read_bytes()
    with pytest.raises(StoreError, match="sqlite_stat1"):
        ReportFile.open(impostor)
    assert impostor.read_bytes() == before


# ---------------------------------------------------------------- signals during writes


@pytest.mark.parametrize("when", ["building", "saving"])
def test_a_summary_workbook_interrupted_leaves_nothing_and_no_complaint(
    sample_json_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    # SIGTERM/SIGHUP unwind as SystemExit (perfcore.cli). Cut short, the write-only workbook's
    # sheet streams and zip archive were left to the garbage collector, which printed
    # "Exception ignored … LxmlSyntaxError" or "… ValueError: seek of closed file" with
    # tracebacks on stderr after the command's one line.
    from openpyxl.writer.excel import ExcelWriter

    import perfcore.summary.excel as summary_excel

    folder = tmp_path / "收到"
    folder.mkdir()
    ReportFile.create(folder / "u.jxzp", load_json(sample_json_path.read_bytes())).close()
    complaints: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)

    def stopped(*_args: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    if when == "building":
        monkeypatch.setattr(summary_excel, "_projects", stopped)  # three sheets streamed, two to go
    else:
        monkeypatch.setattr(ExcelWriter, "write_data", stopped)
    with pytest.raises(SystemExit):
        main(["summary", str(folder), "-o", str(tmp_path / "汇总.xlsx"), "--jobs", "1"])
    gc.collect()
    assert complaints == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["收到"]


# ---------------------------------------------------------------- messages name the user's path


@pytest.mark.parametrize("command", ["new", "import", "next"])
def test_a_new_file_the_machine_refuses_is_named_as_given(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # A link into a folder that does not exist: the message named the link's target ("x") and
    # said an edit was not saved, where no file was ever open.
    given = tmp_path / "给定的名称.jxzp"
    given.symlink_to(tmp_path / "不存在的文件夹" / "x.jxzp")
    argv = {
        "new": ["new", str(given)],
        "import": ["import", str(sample_json_path), str(given)],
        "next": ["next", str(sample_json_path), str(given)],
    }[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "给定的名称.jxzp" in err and "无法写入" in err, err
    assert "x.jxzp" not in err and "修改没有保存" not in err, err


def test_save_as_the_machine_refuses_is_named_as_given(sample_json_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "源.jxzp"
    ReportFile.create(source, load_json(sample_json_path.read_bytes())).close()
    given = tmp_path / "副本链接.jxzp"
    given.symlink_to(tmp_path / "不存在的文件夹" / "x.jxzp")
    with ReportFile.open(source) as report, pytest.raises(StoreError) as refused:
        report.save_as(given)
    assert "副本链接.jxzp" in str(refused.value) and "修改没有保存" not in str(refused.value)


# ---------------------------------------------------------------- 汇总 of names XML and UTF-8 cannot carry


def test_the_summary_writes_names_xml_and_utf8_cannot_carry(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A unit name with U+FFFF or NUL, and a file name of GBK bytes (an archive unpacked on
    # Linux): the workbook and the JSON crashed with tracebacks, the review file with a
    # UnicodeEncodeError after it had been created.
    folder = tmp_path / "收到"
    folder.mkdir()
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["unit_name"] = "单位\uffff\x00名称"
    ReportFile.create(folder / os.fsdecode("单位".encode("gbk") + b".jxzp"), load_json(json.dumps(doc))).close()
    for out in ("汇总.xlsx", "汇总.json", "汇总.pdf"):
        assert main(["summary", str(folder), "-o", str(tmp_path / out), "--jobs", "1"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    document = json.loads((tmp_path / "汇总.json").read_text(encoding="utf-8"))
    assert [os.fsencode(Path(u["path"]).name) for u in document["units"]] == ["单位".encode("gbk") + b".jxzp"]
    from openpyxl import load_workbook

    cells = [str(c.value) for row in load_workbook(tmp_path / "汇总.xlsx")["汇总"].iter_rows() for c in row]
    assert any("单位\ufffd\ufffd名称" in c for c in cells)
    review = tmp_path / "复核.jxzh"
    assert main(["summary", str(folder), "--review", str(review), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "改名" in err and "Traceback" not in err, err
    assert not review.exists()


# ---------------------------------------------------------------- every project text prints


def test_a_project_head_text_longer_than_a_page_prints_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 主管部门, 实施单位 and a budget line's label sit in the project's head block, which was never
    # allowed to split: 3,000 characters ended `perfcore pdf` with ReportLab's LayoutError.
    package = new_package("mof-2020-10-project", "单位", 2024)
    project = package.projects[0]
    project.department, project.implementer = "甲" * 3000, "乙" * 3000
    project.budget.lines[0].label = "丙" * 3000
    source = tmp_path / "长.jxzp"
    ReportFile.create(source, package).close()
    out = tmp_path / "长.pdf"
    assert main(["pdf", str(source), "-o", str(out)]) == 0, capsys.readouterr().err
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True, text=True).stdout
    assert [text.count(ch) for ch in "甲乙丙"] == [3000, 3000, 3000]
