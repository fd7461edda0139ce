"""The font files a print reads are inputs of the command: a PDF is never written over them
(``perfcore pdf -o F --font F --force``, 导出PDF onto the font chosen in 设置, render_pdf to a
path), also over the system font it found by itself. Found by the data-loss attack round."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.output import OutputError
from perfcore.pdf import render_pdf
from perfcore.pdf.fonts import resolve_fonts


def _font_copy(tmp_path: Path) -> Path:
    body = resolve_fonts().files()[0]
    copy = tmp_path / f"正文字体{body.suffix}"
    shutil.copyfile(body, copy)
    return copy


def test_the_cli_refuses_to_write_over_the_font_it_reads(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    font = _font_copy(tmp_path)
    before = font.read_bytes()
    for target in (font, tmp_path / "link.ttf"):
        if target != font:
            target.symlink_to(font)
        assert main(["pdf", str(sample_json_path), "-o", str(target), "--font", str(font), "--force"]) == 2
        err = capsys.readouterr().err
        assert "输出不能覆盖输入" in err and len(err.strip().splitlines()) == 1
    assert font.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ttf", font.name]


def test_nor_over_the_system_font_found_without_a_choice(
    tmp_path: Path, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = resolve_fonts().files()[0]
    link = tmp_path / "系统字体.ttf"
    link.symlink_to(body)
    size = body.stat().st_size
    assert main(["pdf", str(sample_json_path), "-o", str(link), "--force"]) == 2
    assert "输出不能覆盖输入" in capsys.readouterr().err
    assert body.stat().st_size == size


def test_render_pdf_to_a_path_refuses_its_font(tmp_path: Path, sample_json_path: Path) -> None:
    font = _font_copy(tmp_path)
    before = font.read_bytes()
    package = load_json(sample_json_path.read_bytes())
    with pytest.raises(OutputError):
        render_pdf(package, font, font=str(font))
    assert font.read_bytes() == before
    # An ordinary target beside it is written.
    assert render_pdf(package, tmp_path / "ok.pdf", font=str(font)).pages == 10
    assert render_pdf(package, io.BytesIO(), font=str(font)).pages == 10
