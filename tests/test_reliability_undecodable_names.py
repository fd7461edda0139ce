"""A file name or an argument with bytes that are not UTF-8 (a name copied from a GBK system)
is never a traceback, in the template commands too.

Python hands such bytes over as lone surrogates; a template made from the file took its name
into its stored text (``template.name``, ``template.source``) and ``write_text`` then raised
UnicodeEncodeError: ``template import``, ``template convert`` and ``template save --name``
ended with a traceback. The 汇总's one-line report printed the name as ``\\udcff``. Each test
here failed before the fix.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from test_templates_convert import project_book

from perfcore.cli import main

BAD = os.fsdecode(b"\xff\xfe\xe5\x9d\x8f")  # \xff\xfe then 坏


@pytest.fixture(autouse=True)
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("PERF_FILING_DATA", str(folder))
    return folder


def test_template_import_of_an_undecodable_file_name(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / f"{BAD}.json"
    shutil.copyfile(sample_json_path, source)
    assert main(["template", "import", str(source)]) == 0
    assert "\\xff\\xfe坏" in capsys.readouterr().out
    assert main(["template", "list"]) == 0
    assert "\\xff\\xfe坏（自存）" in capsys.readouterr().out


def test_template_convert_of_an_undecodable_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / f"{BAD}.xlsx"
    project_book(book)
    out = tmp_path / "t.json"
    assert main(["template", "convert", str(book), "-o", str(out)]) == 0
    template = json.loads(out.read_text(encoding="utf-8"))["template"]
    assert template["source"].startswith("从 \\xff\\xfe坏.xlsx 转换")
    assert main(["new", str(tmp_path / "r.jxzp"), "--template", str(out)]) == 0
    assert "\\udc" not in capsys.readouterr().out


def test_template_save_with_an_undecodable_name_is_one_line(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], user_folder: Path
) -> None:
    assert main(["template", "save", str(sample_json_path), "--name", f"{BAD}名"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "\\xff\\xfe坏名" in err and "模板名称" in err
    assert not (user_folder / "templates").exists() or not any((user_folder / "templates").iterdir())


def test_summary_names_an_undecodable_output_as_its_bytes(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"{BAD}.json"
    assert main(["summary", str(sample_json_path), "-o", str(out)]) == 0
    said = capsys.readouterr().out
    assert "\\xff\\xfe坏.json" in said and "\\udc" not in said
