"""The fonts the settings offer (only faces that embed) and why a chosen file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdf_support import HEI, KAI, SONG, need_font_files

from perfcore.pdf import FontError
from perfcore.pdf import fonts as fonts_module
from perfcore.pdf.fonts import FontChoice, FontSource, check_font, display_name, font_choices, resolve_fonts

LATIN = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


pytestmark = pytest.mark.usefixtures("fresh_font_resolution")


def _face(path: Path, *families: str, index: int = 0, languages: tuple[str, ...] = ()) -> fonts_module._FcFace:
    return fonts_module._FcFace(FontSource(path, index), families, languages)


def _cff(folder: Path) -> Path:
    otf = folder / "NotoSerifCJKsc-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 60)
    return otf


def test_the_name_shown_is_the_simplified_chinese_one() -> None:
    families = ("WenQuanYi Micro Hei", "文泉驛微米黑", "文泉驿微米黑")
    assert display_name(families, ("en", "zh-tw", "zh-cn")) == "文泉驿微米黑"
    assert display_name(("AR PL SungtiL GB", "文鼎ＰＬ简报宋")) == "文鼎ＰＬ简报宋"
    assert display_name(("Droid Sans Fallback",)) == "Droid Sans Fallback"
    assert display_name(()) == ""


def test_only_faces_that_embed_are_offered_best_known_first(tmp_path: Path) -> None:
    need_font_files(SONG, KAI, HEI, LATIN)
    again = tmp_path / "same-song.ttf"
    again.symlink_to(SONG)
    faces = [
        _face(_cff(tmp_path), "Noto Serif CJK SC", "思源宋体"),
        _face(LATIN, "DejaVu Sans"),
        _face(KAI, "AR PL KaitiM GB", "文鼎ＰＬ简中楷"),
        _face(tmp_path / "gone.ttf", "Gone"),
        _face(HEI, "WenQuanYi Micro Hei", "文泉驛微米黑", "文泉驿微米黑", languages=("en", "zh-tw", "zh-cn")),
        _face(SONG, "AR PL SungtiL GB", "文鼎ＰＬ简报宋"),
        _face(again, "AR PL SungtiL GB"),
    ]
    assert font_choices(faces) == [
        FontChoice("文鼎ＰＬ简报宋", str(SONG)),  # a 宋体, then 黑体, then 楷体, as _FAMILIES ranks them
        FontChoice("文泉驿微米黑", str(HEI)),
        FontChoice("文鼎ＰＬ简中楷", str(KAI)),
    ]


def test_a_later_face_of_a_collection_is_offered_by_its_index() -> None:
    need_font_files(HEI)
    mono = _face(HEI, "WenQuanYi Micro Hei Mono", "文泉驿等宽微米黑", index=1)
    [choice] = font_choices([mono])
    assert choice == FontChoice("文泉驿等宽微米黑", f"{HEI}#1")
    assert resolve_fonts(choice.value).sources["fang"] == FontSource(HEI, 1)


def test_this_machine_offers_the_fonts_the_setup_installs() -> None:
    need_font_files(SONG, KAI, HEI)
    values = [choice.value for choice in font_choices()]
    assert {str(SONG), str(KAI), str(HEI)} <= set(values)
    assert len(values) == len(set(values))


def test_windows_fonts_are_offered_by_their_chinese_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_font_files(SONG, KAI)
    (tmp_path / "simsun.ttc").symlink_to(SONG)
    (tmp_path / "simkai.ttf").symlink_to(KAI)
    monkeypatch.setattr(fonts_module, "_windows_fonts_dir", lambda: tmp_path)
    monkeypatch.setattr(fonts_module, "_DEBIAN_FILES", {r: () for r in fonts_module.ROLES})
    monkeypatch.setattr(fonts_module, "_bundled_sources", lambda: [])
    assert font_choices() == [
        FontChoice("宋体", str(tmp_path / "simsun.ttc")),
        FontChoice("楷体", str(tmp_path / "simkai.ttf")),
    ]


def test_a_cff_font_is_refused_saying_why(tmp_path: Path) -> None:
    otf = _cff(tmp_path)
    with pytest.raises(FontError) as raised:
        check_font(str(otf))
    message = str(raised.value)
    assert "CFF" in message and "无法嵌入PDF" in message and "TrueType" in message
    with pytest.raises(FontError) as resolving:
        resolve_fonts(str(otf))
    assert str(resolving.value) == message


def test_other_refusals_say_why(tmp_path: Path) -> None:
    need_font_files(LATIN)
    with pytest.raises(FontError, match="找不到该字体"):
        check_font(str(tmp_path / "simfang.ttf"))
    with pytest.raises(FontError, match="没有中文字形"):
        check_font(str(LATIN))
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font at all")
    with pytest.raises(FontError, match="不是TrueType字体文件"):
        check_font(str(junk))


def test_a_usable_font_is_accepted_by_path_and_by_family() -> None:
    need_font_files(KAI)
    assert check_font(str(KAI)) == FontSource(KAI)
    assert check_font("AR PL KaitiM GB") == FontSource(KAI)
