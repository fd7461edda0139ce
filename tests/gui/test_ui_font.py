"""The interface falls back to the bundled Chinese fonts only where the system has none."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

import desktop.ui_font as ui_font
from desktop.ui_font import bundled_font_files, ensure_chinese_font

pytestmark = pytest.mark.gui

SONG = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
HEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture
def app(qapp: Any) -> Iterator[QApplication]:
    for path in (SONG, HEI):
        if not path.is_file():
            pytest.fail(f"{path} not installed; ./dev setup installs the Debian font packages")
    saved = QFont(qapp.font())
    yield qapp
    qapp.setFont(saved)


def test_a_system_with_a_chinese_family_keeps_its_font(app: QApplication) -> None:
    before = app.font().families()
    assert ensure_chinese_font(app, installed=["Microsoft YaHei UI"], font_files=[HEI]) == []
    assert app.font().families() == before


def test_without_a_chinese_family_the_bundled_fonts_become_the_interfaces(app: QApplication) -> None:
    families = ensure_chinese_font(app, installed=[], font_files=[HEI, SONG])
    assert families[0] == "WenQuanYi Micro Hei" and "AR PL SungtiL GB" in families
    assert app.font().families()[: len(families)] == families
    assert app.font().pointSizeF() > 0


def test_nothing_to_register_changes_nothing(app: QApplication, tmp_path: Path) -> None:
    junk = tmp_path / "broken.ttf"
    junk.write_bytes(b"not a font")
    before = app.font().families()
    assert ensure_chinese_font(app, installed=[], font_files=[]) == []
    assert ensure_chinese_font(app, installed=[], font_files=[junk]) == []
    assert app.font().families() == before


def test_bundled_fonts_are_listed_sans_serif_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "fonts"
    folder.mkdir()
    for name in ("gbsn00lp.ttf", "gbsn00lp.ttf.copyright.txt", "wqy-microhei.ttc", "wqy-microhei.ttc.copyright.txt"):
        (folder / name).write_bytes(b"")
    monkeypatch.setattr(ui_font.assets, "resource", lambda *parts: tmp_path.joinpath(*parts))
    assert bundled_font_files() == [folder / "wqy-microhei.ttc", folder / "gbsn00lp.ttf"]


def test_a_checkout_bundles_no_font() -> None:
    # Fonts are taken from the build machine into the frozen bundle only (never committed).
    assert bundled_font_files() == []


NO_CHINESE_SYSTEM = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication
    from desktop.ui_font import chinese_families, ensure_chinese_font

    app = QApplication([])
    before = QFontMetrics(app.font()).inFontUcs4(ord("表"))
    print(len(chinese_families()), before)
    print(ensure_chinese_font(app, font_files=[Path(sys.argv[1])]))
    print(QFontMetrics(app.font()).inFontUcs4(ord("表")))
    """
)


def test_a_desktop_without_chinese_fonts_gets_readable_labels(tmp_path: Path) -> None:
    """The real font database of a machine whose fontconfig knows only DejaVu: no Chinese."""
    latin = Path("/usr/share/fonts/truetype/dejavu")
    if not latin.is_dir() or not HEI.is_file():
        pytest.fail("the DejaVu and WenQuanYi font packages are missing; ./dev setup installs them")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{latin}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", NO_CHINESE_SYSTEM, str(HEI)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["0 False", "['WenQuanYi Micro Hei', 'WenQuanYi Micro Hei Mono']", "True"]
