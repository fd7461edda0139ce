"""``perfcore pdf``: report file or JSON in, atomic PDF out, clear one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_support import page_sizes, page_texts

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.pdf import fingerprint
from perfcore.store import ReportFile


def test_pdf_from_json_and_from_a_report_file_match(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = load_json(sample_json_path.read_bytes())
    report = tmp_path / "报告.jxzp"
    ReportFile.create(report, package).close()
    from_json, from_report = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert main(["pdf", str(sample_json_path), "-o", str(from_json)]) == 0
    assert main(["pdf", str(report), "-o", str(from_report), "--forms", "1,2,3"]) == 0
    out = capsys.readouterr().out
    assert out.count(f"校验码 {fingerprint(package)}") == 2
    assert page_texts(from_json) == page_texts(from_report)


def test_forms_option_picks_forms(tmp_path: Path, sample_json_path: Path) -> None:
    out = tmp_path / "t3.pdf"
    assert main(["pdf", str(sample_json_path), "-o", str(out), "--forms", "3"]) == 0
    sizes = page_sizes(out)
    assert sizes and all(w > h for w, h in sizes)
    assert "评价指标表" in page_texts(out)[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--forms", "4"], "表号"),
        (["--forms", "x"], "表号"),
        (["--font", "/nowhere/simfang.ttf"], "所选字体"),
    ],
)
def test_unusable_options_fail_in_one_line_and_keep_the_old_file(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "old.pdf"
    out.write_bytes(b"old")
    assert main(["pdf", str(sample_json_path), "-o", str(out), "--force", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert out.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.pdf"]


def _with_an_error(tmp_path: Path, sample_json_path: Path) -> tuple[Path, str]:
    """The demo with 表1's 年度总支出 off by 1 万元: one error of the checks."""
    from perfcore.checks import run_checks
    from perfcore.exchange import dump_json

    package = load_json(sample_json_path.read_bytes())
    assert package.overall.expense_total is not None
    package.overall.expense_total += 10000
    errors = [f for f in run_checks(package) if f.severity == "error"]
    assert [f.path for f in errors] == ["/overall/expense_total"]
    source = tmp_path / "有错.json"
    source.write_text(dump_json(package), encoding="utf-8")
    return source, errors[0].message


def test_errors_are_listed_on_stderr_and_the_pdf_is_still_written(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, message = _with_an_error(tmp_path, sample_json_path)
    out = tmp_path / "有错.pdf"
    assert main(["pdf", str(source), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "审核发现 1 处错误" in captured.err and message in captured.err
    assert "/overall/expense_total" in captured.err
    assert "已生成" in captured.out and message not in captured.out
    assert page_texts(out)


def test_strict_stops_at_errors_with_exit_1_and_writes_nothing(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, message = _with_an_error(tmp_path, sample_json_path)
    out = tmp_path / "有错.pdf"
    assert main(["pdf", str(source), "-o", str(out), "--strict"]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and "未生成PDF" in captured.err
    assert not out.exists()


def test_strict_without_errors_prints(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "无错.pdf"
    assert main(["pdf", str(sample_json_path), "-o", str(out), "--strict"]) == 0
    captured = capsys.readouterr()
    assert "错误" not in captured.err
    assert page_texts(out)
