"""``perfcore pdf --explain``: a 失分说明 page after the forms, off by default, never inside a form."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_support import demo, page_sizes, page_texts

from perfcore.cli import main
from perfcore.exchange import dump_json
from perfcore.pdf.document import render_pdf


def test_the_appendix_follows_the_forms_on_a_portrait_page_of_its_own(tmp_path: Path) -> None:
    package = demo()
    plain, explained = tmp_path / "plain.pdf", tmp_path / "explained.pdf"
    forms = render_pdf(package, plain)
    info = render_pdf(package, explained, explain=True)
    assert info.pages == forms.pages + 1
    assert info.fingerprint == forms.fingerprint and info.forms == forms.forms
    texts = [" ".join(t.split()) for t in page_texts(explained)]
    assert not any("失分说明" in t for t in page_texts(plain))
    assert [i for i, t in enumerate(texts) if "失分说明" in t] == [len(texts) - 1]
    last = texts[-1]
    assert "不属于上报报表，无需盖章" in last
    assert "共失分 7.00 分" in last and "1．预算控制率" in last and "2．公用经费控制率" in last
    assert "本年追加预算 = 0.00 万元" in last
    width, height = page_sizes(explained)[-1]
    assert width < height


def test_cli_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "demo.json"
    source.write_text(dump_json(demo()), encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["pdf", str(source), "-o", str(out), "--forms", "3", "--explain"]) == 0
    texts = page_texts(out)
    assert "失分说明" in texts[-1] and "失分说明" not in texts[0]
