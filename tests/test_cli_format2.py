"""The command line on format 2: a package with three projects, grade bands and Chinese figure keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from format2_support import three_projects_doc

from perfcore.cli import main
from perfcore.exchange import load_json, package_to_doc


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def package_json(tmp_path: Path) -> Path:
    path = tmp_path / "三个项目.json"
    path.write_text(json.dumps(three_projects_doc(), ensure_ascii=False), encoding="utf-8")
    return path


def test_score_json_adds_the_projects(package_json: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, err = run(capsys, "score", package_json, "--json")
    assert (code, err) == (0, "")
    doc = json.loads(stdout)
    assert list(doc) == ["total", "grade", "complete", "indicators", "projects"]
    assert (doc["total"], doc["grade"]) == ("93.89", "良")
    road, park, it = doc["projects"]
    assert list(road) == ["path", "name", "total", "grade", "complete", "budget", "indicators"]
    assert (road["path"], road["name"], road["total"], road["grade"], road["complete"]) == (
        "/projects/0",
        "城区道路维修",
        "93.67",
        "良",
        True,
    )
    assert {k: road["budget"][k] for k in ("path", "rate", "computed", "entered", "final")} == {
        "path": "/projects/0/budget",
        "rate": "91.67",
        "computed": "9.17",
        "entered": None,
        "final": "9.17",
    }
    first = road["indicators"][0]
    assert list(first) == list(doc["indicators"][0])
    assert first["path"] == "/projects/0/tree/0/children/0/children/0"
    assert (first["value"], first["computed"], first["final"]) == ("91.67", "27.50", "27.50")
    assert (park["total"], park["grade"]) == ("81.00", "中")
    assert (it["total"], it["grade"], it["complete"]) == ("46.00", "差", False)
    assert it["budget"]["rate"] is None and it["budget"]["final"] == "6.00"


def test_score_text_prints_a_line_per_project(package_json: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "score", package_json)
    assert code == 0
    assert "合计 93.89 分，等级：良" in stdout
    assert "项目 城区道路维修：执行率 91.67%，合计 93.67 分，等级：良" in stdout
    assert "项目 信息化建设：执行率无法计算，合计 46.00 分，等级：差（尚有指标未评分）" in stdout


def test_check_reports_project_findings_with_pointers(package_json: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(capsys, "check", package_json, "--json")
    # 办事效率提升 is rated 未达成 without a score: an error, so the exit code is 1.
    assert code == 1
    findings = json.loads(stdout)["findings"]
    paths = {(f["severity"], f["path"]) for f in findings}
    assert ("error", "/projects/2/tree/1/children/0/score") in paths
    assert ("warning", "/projects/1/budget/lines/0/executed") in paths  # 520,000 > 500,000
    doc = package_to_doc(load_json(package_json.read_bytes()))
    for finding in findings:
        value: object = doc
        for token in finding["path"].strip("/").split("/"):
            value = value[int(token)] if isinstance(value, list) else value[token]  # type: ignore[index]
    code, stdout, _ = run(capsys, "check", package_json)
    assert "项目支出绩效自评表" in stdout


def test_import_export_round_trip(package_json: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "2021.jxzp"
    assert run(capsys, "import", package_json, report)[0] == 0
    exported = tmp_path / "导出.json"
    assert run(capsys, "export", report, exported)[0] == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["format"] == "perf-filing/2"
    assert package_to_doc(load_json(exported.read_bytes())) == package_to_doc(load_json(package_json.read_bytes()))
    from_file = json.loads(run(capsys, "score", report, "--json")[1])
    from_json = json.loads(run(capsys, "score", package_json, "--json")[1])
    assert from_file == from_json


def test_new_from_the_standard_template_is_format_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "2024.jxzp"
    assert run(capsys, "new", report, "--template", "standard", "--unit", "某某单位", "--year", "2024")[0] == 0
    exported = tmp_path / "new.json"
    assert run(capsys, "export", report, exported)[0] == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["format"] == "perf-filing/2"
    assert [f["key"] for f in doc["figures"]][:2] == ["three_public_budget", "three_public_budget_prior"]
    assert doc["figures"][0]["label"] == "本年度“三公经费”预算数"
