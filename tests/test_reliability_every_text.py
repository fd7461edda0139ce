"""Every text of the exchange document, found by walking it (not from a list of fields), prints.

``tests/test_reliability_pdf.py`` names the fields it fills; a field it did not name — a grade's
label, printed beside 总分 on 表3 and on each 项目支出绩效自评表 in a row that cannot split —
made ``perfcore pdf`` loop for ever, and the 汇总 PDF ended in ReportLab's LayoutError with long
grade labels (a column heading) or 一级指标 names. Here every string of the three-project package
that is free text (it still imports when long) is made long, one at a time and all at once, and
the forms (all of them, projects and 基础数据 included) and the 汇总 PDF must be made under a
deadline. Each test here failed before the fix.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from test_reliability_pdf import deadline

from perfcore.cli import main
from perfcore.exchange import ExchangeError, load_json
from perfcore.pdf import render_pdf, unprintable

SECONDS = 60
LONG = "a" * 1500 + "\n" * 40 + "长" * 1500


def _texts(doc: Any, pointer: str = "") -> Iterator[str]:
    """JSON Pointers of every string in ``doc``."""
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _texts(value, f"{pointer}/{key}")
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _texts(value, f"{pointer}/{i}")
    elif isinstance(doc, str):
        yield pointer


def _set(doc: Any, pointer: str, text: str) -> None:
    *owners, last = pointer.split("/")[1:]
    for token in owners:
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    doc[int(last) if isinstance(doc, list) else last] = text


def _free_texts() -> list[str]:
    """The pointers whose string may be any long text: the document still imports."""
    free = []
    for pointer in _texts(three_projects_doc()):
        doc = three_projects_doc()
        _set(doc, pointer, LONG)
        try:
            load_json(json.dumps(doc, ensure_ascii=False))
        except ExchangeError:
            continue
        free.append(pointer)
    return free


FREE = _free_texts()


def test_the_walk_finds_the_texts_the_forms_print() -> None:
    for pointer in ("/unit_name", "/grades/1/label", "/projects/0/name", "/figures/0/label", "/projects/0/budget/lines/0/label"):
        assert pointer in FREE
    assert "/format" not in FREE and "/grades/0/min" not in FREE


@pytest.mark.parametrize("pointer", FREE)
def test_each_text_long_prints(pointer: str) -> None:
    doc = three_projects_doc()
    _set(doc, pointer, LONG)
    package = load_json(json.dumps(doc, ensure_ascii=False))
    with deadline(SECONDS):
        info = render_pdf(package, io.BytesIO())
    assert 0 < info.pages < 200


def _all_long() -> dict[str, Any]:
    doc = three_projects_doc()
    for pointer in FREE:
        _set(doc, pointer, LONG)
    return doc


def test_every_text_long_at_once_prints() -> None:
    package = load_json(json.dumps(_all_long(), ensure_ascii=False))
    with deadline(SECONDS * 3):
        info = render_pdf(package, io.BytesIO())
    assert 0 < info.pages < 2000


@pytest.mark.parametrize("which", ["all", "grades", "groups"])
def test_the_summary_pdf_of_long_texts_is_made(tmp_path: Path, capsys: pytest.CaptureFixture[str], which: str) -> None:
    doc = three_projects_doc()
    if which == "all":
        doc = _all_long()
    elif which == "grades":
        for grade in doc["grades"]:
            grade["label"] = LONG + grade["label"]  # still four different labels
    else:
        for group in doc["indicators"]["tree"]:
            group["name"] = LONG
    source = tmp_path / "长.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "汇总.pdf"
    with deadline(SECONDS):
        assert main(["summary", str(source), "-o", str(out), "--jobs", "1"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert out.stat().st_size > 0


def test_every_field_with_a_character_no_font_has_is_named_in_chinese() -> None:
    # The desktop's warning before printing lists these places (a project's fields, a 基础数据
    # label and a grade were listed by their JSON Pointer: fixed on main by e28a52a meanwhile);
    # here every free text of the walk, not a list of fields.
    doc = three_projects_doc()
    for pointer in FREE:
        _set(doc, pointer, "𰻞" + LONG[:3])
    doc["projects"][0]["problems"] = "𰻞"
    doc["projects"][1]["tree"][0]["children"][0]["reason"] = "𰻞"
    doc["projects"][1]["tree"][0]["children"][0]["rule"]["target_text"] = "五万𰻞"
    found = unprintable(load_json(json.dumps(doc, ensure_ascii=False)))
    assert {f.pointer for f in found} >= set(FREE)
    unnamed = [(f.pointer, f.place) for f in found if "/" in f.place or "其他" in f.place or not f.place]
    assert not unnamed
    places = {f.pointer: f.place for f in found}
    assert places["/projects/1/tree/0/children/0/rule/target_text"].endswith("年度指标值")
    assert places["/projects/1/tree/0/children/0/reason"].endswith("偏差原因分析及改进措施")
    assert "第3项" in places["/figures/2/label"] and "等级" in places["/grades/1/label"]
