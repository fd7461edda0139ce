"""设置: the forms' font is picked from the faces that embed, checked by the core, kept and printed with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from pdf_support import pdf_fonts
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

import desktop.preview as preview
from desktop.app_settings import settings
from desktop.main_window import MainWindow
from desktop.settings_dialog import AUTO_TEXT, SettingsDialog
from perfcore.pdf import RenderInfo
from perfcore.pdf import fonts as fonts_module
from perfcore.pdf.fonts import font_choices

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

KAI = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")
HEI = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@pytest.fixture
def dialog(qtbot: Any, isolated_settings: Path) -> SettingsDialog:
    if not KAI.is_file():
        pytest.fail(f"{KAI} not installed; ./dev setup installs the Debian font packages")
    shown = SettingsDialog(settings())
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.loaded, timeout=20000)
    return shown


def _rows(dialog: SettingsDialog) -> list[tuple[str, str | None]]:
    return [(dialog.fonts.item(i).text(), dialog._value_at(i)) for i in range(dialog.fonts.count())]


def _pick(dialog: SettingsDialog, value: str | None) -> None:
    row = next(i for i, (_text, v) in enumerate(_rows(dialog)) if v == value)
    dialog.fonts.setCurrentRow(row)


def _ok(dialog: SettingsDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_the_list_offers_auto_and_the_faces_that_embed(dialog: SettingsDialog) -> None:
    rows = _rows(dialog)
    assert rows[0] == (AUTO_TEXT, None)
    assert rows[1:] == [(c.label, c.value) for c in font_choices()]
    assert ("文鼎ＰＬ简中楷", str(KAI)) in rows
    # Nothing saved yet: 自动 is selected and says which face it takes on this machine.
    assert dialog.value() is None
    assert "在本机正文用“" in dialog.status.text() and _ok(dialog).isEnabled()


def test_a_chosen_font_is_kept_and_shown_again(qtbot: Any, dialog: SettingsDialog) -> None:
    _pick(dialog, str(KAI))
    assert "文鼎ＰＬ简中楷" in dialog.status.text() and _ok(dialog).isEnabled()
    dialog.accept()
    assert settings().value(preview.FONT_SETTING) == str(KAI)

    again = SettingsDialog(settings())
    qtbot.addWidget(again)
    assert again.value() == str(KAI)  # shown as a file until the faces are found
    qtbot.waitUntil(lambda: again.loaded, timeout=20000)
    assert again.value() == str(KAI) and again.fonts.currentItem().text() == "文鼎ＰＬ简中楷"
    assert [v for _t, v in _rows(again)].count(str(KAI)) == 1

    _pick(again, None)
    again.accept()
    assert settings().value(preview.FONT_SETTING) is None


def test_a_cff_font_is_refused_with_the_cores_message(
    dialog: SettingsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    otf = tmp_path / "SourceHanSerifSC-Regular.otf"
    otf.write_bytes(b"OTTO" + b"\0" * 60)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(otf), ""))
    dialog.browse_button.click()
    assert dialog.value() == str(otf)
    with pytest.raises(fonts_module.FontError) as core:
        fonts_module.check_font(str(otf))
    assert dialog.status.text() == str(core.value) and "CFF" in dialog.status.text()
    assert not _ok(dialog).isEnabled()
    # Another choice is accepted again.
    _pick(dialog, None)
    assert _ok(dialog).isEnabled()


def test_a_browsed_truetype_file_is_accepted(
    dialog: SettingsDialog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "单位的楷体.ttf"
    copy.symlink_to(KAI)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args, **_kw: (str(copy), ""))
    dialog.browse_button.click()
    assert dialog.fonts.currentItem().text() == "字体文件：单位的楷体.ttf"
    assert _ok(dialog).isEnabled()
    dialog.accept()
    assert settings().value(preview.FONT_SETTING) == str(copy)


def test_the_pdf_is_set_in_the_font_chosen(qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    mono = f"{HEI}#1"  # 文泉驿等宽微米黑: a face 自动 never picks
    if not HEI.is_file():
        pytest.fail(f"{HEI} not installed; ./dev setup installs the Debian font packages")
    commands = window.printing
    assert isinstance(commands, preview.PrintCommands)

    def generate(target: Path) -> list[str]:
        with qtbot.waitSignal(commands.generated, timeout=30000) as done:
            assert commands.generate(target, lambda _info: None)
        assert isinstance(done.args[0], RenderInfo)
        return [row.name for row in pdf_fonts(target)]

    assert not any("MicroHeiMono" in name for name in generate(tmp_path / "auto.pdf"))
    dialog = SettingsDialog(settings(), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=20000)
    _pick(dialog, mono)
    dialog.accept()
    assert any("MicroHeiMono" in name for name in generate(tmp_path / "mono.pdf"))
