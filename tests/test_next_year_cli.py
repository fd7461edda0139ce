"""``perfcore next``: what it prints, what it writes, what it refuses (one line, exit 2)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from perfcore.cli import main
from perfcore.store import ReportFile


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_refusal(result: tuple[int, str, str], *fragments: str) -> str:
    code, out, err = result
    assert (code, out) == (2, "")
    assert err.startswith("perfcore: ") and err.count("\n") == 1 and "Traceback" not in err, err
    for fragment in fragments:
        assert fragment in err, err
    return err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def last_report(tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["overall"]["balance_year_end"] = "600000.00"
    source = tmp_path / "2019.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "石峰 2019.jxzp"
    assert run(capsys, "import", source, out)[0] == 0
    return out


def test_next_prints_what_it_carried_and_cleared(last_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "next", last_report, tmp_path / "2020.jxzp")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"已新建 {tmp_path / '2020.jxzp'}（2020年度，由 2019年度 石峰 2019.jxzp 结转）"
    assert "  上年结转 ← 2019年 年末结余 60.00 万元" in lines
    assert "  上年度“三公经费”预算数 ← 2019年 本年度“三公经费”预算数 0.00 万元" in lines
    assert "已清除上年结果：" in lines
    assert "  填报得分 8 项" in lines
    with ReportFile.open(tmp_path / "2020.jxzp", read_only=True) as report:
        assert report.package.year == 2020
        assert report.package.previous is not None and report.package.previous.file == "石峰 2019.jxzp"
        assert report.scores.complete is False
    code, out, _ = run(capsys, "score", tmp_path / "2020.jxzp")
    assert code == 0 and "合计 0.00 分，等级：差（尚有指标未评分）" in out


def test_next_from_an_exchange_json_with_drafts(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "next", sample_json_path, tmp_path / "2020.jxzp", "--keep-texts")
    assert code == 0 and "保留为草稿的上年文字" in out
    code, out, _ = run(capsys, "check", tmp_path / "2020.jxzp")
    assert code == 1  # the scores must be filled in
    assert "（一）基本支出：文字沿用上年，请修改" in out
    # previous, its drafts included, is kept through export and import.
    assert run(capsys, "export", tmp_path / "2020.jxzp", tmp_path / "2020.json")[0] == 0
    doc = json.loads((tmp_path / "2020.json").read_text(encoding="utf-8"))
    assert doc["previous"]["year"] == 2019 and doc["previous"]["file"] == "shifeng-2019.json"
    assert doc["previous"]["total"] == "93.00" and doc["previous"]["grade"] == "优"
    assert "/overall/analysis_basic" in doc["previous"]["drafts"]
    assert run(capsys, "import", tmp_path / "2020.json", tmp_path / "again.jxzp")[0] == 0
    assert run(capsys, "export", tmp_path / "again.jxzp", tmp_path / "again.json")[0] == 0
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == (tmp_path / "2020.json").read_text(encoding="utf-8")


def test_next_refuses_an_existing_target_unless_forced(
    last_report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "2020.jxzp"
    target.write_text("留着", encoding="utf-8")
    one_line_refusal(run(capsys, "next", last_report, target), "已存在", "--force")
    assert target.read_text(encoding="utf-8") == "留着"
    assert run(capsys, "next", last_report, target, "--force")[0] == 0
    with ReportFile.open(target, read_only=True) as report:
        assert report.package.year == 2020


def test_next_never_writes_over_its_source(last_report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha256(last_report)
    one_line_refusal(run(capsys, "next", last_report, last_report, "--force"), "输出不能覆盖输入")
    assert sha256(last_report) == before


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"SQLite format 3\x00" + b"\x13" * 4000, "无法"),
        (b'{"format": "perf-filing/2", "year": 2019, "overall": {"staff_actual": "seven"}}', "无法导入"),
        (b"\x00\xff garbage", "无法导入"),
    ],
    ids=["damaged-report", "bad-json", "bytes"],
)
def test_next_refuses_a_damaged_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, fragment: str
) -> None:
    source = tmp_path / "2019.jxzp"
    source.write_bytes(content)
    one_line_refusal(run(capsys, "next", source, tmp_path / "2020.jxzp"), fragment)
    assert source.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2019.jxzp"]


def test_next_refuses_a_source_whose_carried_value_is_wrong(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["overall"]["balance_year_end"] = "-5.00"
    source = tmp_path / "2019.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    one_line_refusal(run(capsys, "next", source, tmp_path / "2020.jxzp"), "年末结余有错误", "请先在上年文件中改正")
    assert not (tmp_path / "2020.jxzp").exists()
