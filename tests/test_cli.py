"""The command line, in process (capsys) and once as ``python -m perfcore``: outputs and exit codes."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfcore.cli import main
from perfcore.exchange import load_json, package_to_doc
from perfcore.model import iter_leaves
from perfcore.store import ReportFile

FIRST_LEAF = {
    "path": "/indicators/tree/0/children/0/children/0",
    "name": "在职人员控制率",
    "weight": "5.00",
    "value": "70.00",
    "computed": "5.00",
    "entered": None,
    "final": "5.00",
    "process": "7/10×100=70.00%≤100%，计5.00分",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_unusable(result: tuple[int, str, str], *fragments: str) -> str:
    code, out, err = result
    assert code == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("perfcore: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    return err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def report_path(tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "石峰 2019.jxzp"
    assert run(capsys, "import", sample_json_path, out)[0] == 0
    return out


# ---------------------------------------------------------------- new


def test_new_from_the_standard_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "新报告.jxzp"
    code, stdout, err = run(capsys, "new", out, "--template", "standard", "--unit", "测试单位", "--year", "2024")
    assert (code, err) == (0, "")
    assert "已新建" in stdout and "2024年度" in stdout
    with ReportFile.open(out, read_only=True) as report:
        assert (report.package.year, report.package.unit_name) == (2024, "测试单位")
        leaves = iter_leaves(report.package)
        assert len(leaves) == 14
        assert all(leaf.score is None for _, leaf in leaves)  # a framework, not a filed report
        assert sum(leaf.weight for _, leaf in leaves) == 100


def test_new_refuses_what_it_cannot_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.jxzp"
    assert_unusable(run(capsys, "new", out, "--template", "nope"), "没有名为“nope”的模板", "hunan-zhuzhou-2019")
    assert not out.exists()
    assert_unusable(run(capsys, "new", out, "--year", "0"), "年度")
    assert not out.exists()
    assert run(capsys, "new", out)[0] == 0
    before = sha256(out)
    assert_unusable(run(capsys, "new", out, "--unit", "另一个"), "已存在", "--force")
    assert sha256(out) == before
    assert run(capsys, "new", out, "--unit", "另一个", "--force")[0] == 0
    with ReportFile.open(out, read_only=True) as report:
        assert report.package.unit_name == "另一个"


# ---------------------------------------------------------------- import and export


def test_import_then_export_round_trips(
    report_path: Path, sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "导出.json"
    code, stdout, err = run(capsys, "export", report_path, exported)
    assert (code, err) == (0, "")
    assert "已导出" in stdout
    original = load_json(sample_json_path.read_bytes())
    assert package_to_doc(load_json(exported.read_bytes())) == package_to_doc(original)
    # Exporting an exchange file normalises it; doing it twice changes nothing more.
    again = tmp_path / "again.json"
    assert run(capsys, "export", exported, again)[0] == 0
    assert again.read_bytes() == exported.read_bytes()


def test_import_refuses_to_overwrite_unless_forced(
    report_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha256(report_path)
    assert_unusable(run(capsys, "import", sample_json_path, report_path), "已存在", "--force")
    assert sha256(report_path) == before
    code, stdout, _ = run(capsys, "import", sample_json_path, report_path, "--force")
    assert code == 0 and "已导入" in stdout


def test_import_refuses_a_file_another_process_holds(
    report_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ReportFile.open(report_path):
        before = sha256(report_path)
        assert_unusable(run(capsys, "import", sample_json_path, report_path, "--force"), "正在被使用")
        assert sha256(report_path) == before


# ---------------------------------------------------------------- score


def test_score_json_shape(sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "score", sample_json_path, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(stdout)
    assert list(doc) == ["total", "grade", "complete", "indicators", "projects"]
    assert (doc["total"], doc["grade"], doc["complete"]) == ("93.00", "优", True)
    assert doc["projects"] == []
    assert doc["indicators"][0] == FIRST_LEAF
    package = load_json(sample_json_path.read_bytes())
    assert [i["path"] for i in doc["indicators"]] == [p for p, _ in iter_leaves(package)]
    for item in doc["indicators"]:
        assert list(item) == list(FIRST_LEAF)
        for key in ("weight", "value", "computed", "entered", "final"):
            value = item[key]
            assert value is None or (isinstance(value, str) and value.split(".")[1].__len__() == 2), (key, value)
        assert item["final"] == (item["entered"] if item["entered"] is not None else item["computed"])
    second = doc["indicators"][1]
    assert (second["name"], second["value"], second["computed"], second["entered"], second["final"]) == (
        "“三公经费”变动率",
        None,
        None,
        "8.00",
        "8.00",
    )


def test_score_of_report_file_and_json_agree(
    report_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from_file = run(capsys, "score", report_path, "--json")
    from_json = run(capsys, "score", sample_json_path, "--json")
    assert from_file == from_json


def test_score_table(sample_json_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "score", sample_json_path)
    assert (code, err) == (0, "")
    lines = stdout.splitlines()
    assert lines[0].startswith("株洲市石峰区优化营商环境协调事务中心")
    assert lines[1].split() == ["三级指标", "分值", "计算得分", "填报得分", "得分"]
    assert lines[3].split() == ["在职人员控制率", "5.00", "5.00", "—", "5.00"]
    assert lines[-1] == "合计 93.00 分，等级：优"
    assert len(lines) == 3 + 14 + 2
    # Columns line up in display width (CJK characters are two columns wide).
    assert len({_display_width(line) for line in lines[1:-1]}) <= 2


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text.rstrip())


def test_score_of_an_incomplete_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "空白.jxzp"
    run(capsys, "new", out, "--year", "2024")
    code, stdout, _ = run(capsys, "score", out)
    assert code == 0
    assert stdout.splitlines()[-1].startswith("合计 ")
    assert "尚有指标未评分" in stdout
    doc = json.loads(run(capsys, "score", out, "--json")[1])
    assert doc["complete"] is False
    assert any(i["final"] is None for i in doc["indicators"])


# ---------------------------------------------------------------- unusable input: exit 2, one line


def _bad_rule_type(sample_json_path: Path, target: Path) -> None:
    doc: dict[str, Any] = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["indicators"]["tree"][0]["children"][0]["children"][0]["rule"]["type"] = "magic"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize("command", ["score", "export", "import"])
def test_unusable_inputs(
    command: str, tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def call(source: Path) -> tuple[int, str, str]:
        extra = [tmp_path / f"out-{command}.out"] if command != "score" else []
        return run(capsys, command, source, *extra)

    assert_unusable(call(tmp_path / "没有这个文件.json"), "没有这个文件.json")

    garbage = tmp_path / "图片.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert_unusable(call(garbage), "图片.png")

    text = tmp_path / "说明.txt"
    text.write_text("这不是 JSON\n", encoding="utf-8")
    assert_unusable(call(text), "说明.txt", "不是有效的 JSON")

    bad = tmp_path / "bad.json"
    _bad_rule_type(sample_json_path, bad)
    assert_unusable(call(bad), "/indicators/tree/0/children/0/children/0/rule/type", "未知的计分规则类型“magic”")

    assert_unusable(call(tmp_path), tmp_path.name)
    assert not (tmp_path / f"out-{command}.out").exists()


@pytest.mark.parametrize("command", ["score", "export"])
def test_unusable_report_files(
    command: str, report_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = bytearray(report_path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : page * 3] = b"\xff" * (page * 2)
    broken = tmp_path / "坏文件.jxzp"
    broken.write_bytes(bytes(data))
    extra = [tmp_path / "out.json"] if command == "export" else []
    assert_unusable(run(capsys, command, broken, *extra), "坏文件.jxzp", "已损坏")

    newer = tmp_path / "新版本.jxzp"
    newer.write_bytes(report_path.read_bytes())
    import sqlite3

    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert_unusable(run(capsys, command, newer, *extra), "更新版本")


def test_export_into_a_missing_folder(report_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_unusable(run(capsys, "export", report_path, tmp_path / "无此目录" / "x.json"))


# ---------------------------------------------------------------- as a separate program


def test_python_dash_m_perfcore(sample_json_path: Path, tmp_path: Path, repo_root: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfcore", "score", str(sample_json_path), "--json"],
        capture_output=True,
        cwd=repo_root,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    doc = json.loads(result.stdout.decode("utf-8"))
    assert (doc["total"], doc["grade"]) == ("93.00", "优")
    assert doc["indicators"][0] == FIRST_LEAF
    assert not any(m.startswith("PySide6") for m in result.stderr.decode("utf-8", "replace").split())

    missing = subprocess.run(
        [sys.executable, "-m", "perfcore", "score", str(tmp_path / "没有.jxzp")],
        capture_output=True,
        cwd=repo_root,
        timeout=60,
    )
    assert missing.returncode == 2
    err = missing.stderr.decode("utf-8")
    assert err.count("\n") == 1 and "Traceback" not in err and "没有.jxzp" in err
    assert missing.stdout == b""
