"""Font resolution: the settings' choice, system fonts, TrueType only, a Chinese error without any."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_support import HEI, KAI, SONG, demo, need_font_files, pdf_fonts

from perfcore.pdf import FontError, render_pdf
from perfcore.pdf import fonts as fonts_module
from perfcore.pdf.fonts import FontSource, resolve_fonts

pytestmark = pytest.mark.usefixtures("fresh_font_resolution")


def test_no_cjk_font_at_all_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts_module, "_candidates", lambda role: iter(()))
    with pytest.raises(FontError) as raised:
        resolve_fonts()
    message = str(raised.value)
    assert "未找到可嵌入PDF的中文字体" in message
    assert "fonts-arphic-gbsn00lp" in message and "simsun.ttc" in message


def test_cff_outlines_are_refused(tmp_path: Path) -> None:
    otf = tmp_path / "NotoSansCJKsc-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 60)
    ttc = tmp_path / "NotoSansCJK.ttc"
    ttc.write_bytes(b"ttcf" + b"\0\1\0\0" + b"\0\0\0\1" + b"\0\0\0\x10" + b"OTTO" + b"\0" * 40)
    assert fonts_module._outline_kind(FontSource(otf)) == "cff"
    assert fonts_module._outline_kind(FontSource(ttc)) == "cff"
    assert fonts_module._load(FontSource(otf)) is None
    with pytest.raises(FontError, match="无法使用"):
        resolve_fonts(str(otf))


def test_windows_font_folder_is_used_by_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_font_files(SONG, KAI)
    (tmp_path / "simsun.ttc").symlink_to(SONG)
    (tmp_path / "simkai.ttf").symlink_to(KAI)
    monkeypatch.setattr(fonts_module, "_windows_fonts_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts_module, "_DEBIAN_FILES", {r: () for r in fonts_module.ROLES})
    monkeypatch.setattr(fonts_module, "_bundled_sources", lambda: [])
    fonts = resolve_fonts()
    assert fonts.sources["song"].path == tmp_path / "simsun.ttc"
    assert fonts.sources["kai"].path == tmp_path / "simkai.ttf"
    # No 仿宋 or 黑体 in the folder: they borrow 宋体.
    assert fonts.sources["fang"].path == tmp_path / "simsun.ttc"
    assert fonts.sources["hei"].path == tmp_path / "simsun.ttc"


def test_fontconfig_families_pick_each_role() -> None:
    need_font_files(SONG, KAI, HEI)
    fonts = resolve_fonts()
    assert fonts.sources["song"].path == SONG
    assert fonts.sources["kai"].path == KAI
    assert fonts.sources["hei"] == FontSource(HEI, 0)


@pytest.mark.parametrize("choice", [str(KAI), "AR PL KaitiM GB"])
def test_the_settings_font_sets_the_body(tmp_path: Path, choice: str) -> None:
    need_font_files(KAI)
    fonts = resolve_fonts(choice)
    assert fonts.sources["fang"].path == KAI
    out = tmp_path / "kai.pdf"
    render_pdf(demo(), out, forms=(1,), font=choice)
    names = [row.name for row in pdf_fonts(out)]
    assert any("GBZenKai" in name for name in names)
    assert all(row.embedded for row in pdf_fonts(out))


def test_a_missing_settings_font_is_a_clear_error() -> None:
    with pytest.raises(FontError, match="所选字体"):
        resolve_fonts("/nowhere/simfang.ttf")


def test_characters_missing_from_the_body_face_come_from_another() -> None:
    need_font_files(SONG, HEI)
    fonts = resolve_fonts()
    body = fonts.name("fang")
    runs = list(fonts.runs("控制率≦100%", body))
    assert runs[0] == (body, "控制率")
    assert runs[1][1] == "≦" and runs[1][0] != body
    assert runs[2] == (body, "100%")
    assert fonts.missing("≦①中") == set()
    assert fonts.missing("\U0001f600") == {"\U0001f600"}


def test_fonts_bundled_by_the_installer_come_before_debian_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_font_files(SONG)
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / "bundled-song.ttf").symlink_to(SONG)
    monkeypatch.setattr(fonts_module, "files", lambda package: tmp_path)
    monkeypatch.setattr(fonts_module, "_fontconfig_faces", lambda: [])
    monkeypatch.setattr(fonts_module, "_windows_fonts_dir", lambda: None)
    fonts = resolve_fonts()
    assert fonts.sources["song"].path == folder / "bundled-song.ttf"
    assert fonts.sources["fang"].path == folder / "bundled-song.ttf"
    # The bundled file is not named for 黑体: that role keeps the system's.
    assert fonts.sources["hei"].path != folder / "bundled-song.ttf"
