"""Before printing or exporting, the desktop names the characters no font can print, with 设置."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from modal_support import answering
from pdf_support import page_texts
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox

import desktop.preview as preview
from desktop.main_window import MainWindow

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

BIANG = "\U00030ede"
TITLE = "有字符无法打印"


def _commands(window: MainWindow) -> preview.PrintCommands:
    commands = window.printing
    assert isinstance(commands, preview.PrintCommands)
    return commands


def _name_unit(window: MainWindow) -> None:
    assert window.ops is not None
    window.ops.set("/unit_name", f"{BIANG}{BIANG}面馆", "修改 填报单位")


def _click(text: str) -> Any:
    def choose(box: QMessageBox) -> None:
        next(b for b in box.buttons() if b.text() == text).click()

    return choose


def test_export_names_the_field_and_character_and_may_be_cancelled_or_done(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    _name_unit(window)
    target = tmp_path / "报表.pdf"
    asked: list[int] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(1) or (str(target), ""))

    with answering("取消") as seen:
        window.action_export_pdf.trigger()
    assert [s.title for s in seen] == [TITLE]
    assert "显示为□" in seen[0].text
    assert set(seen[0].buttons) == {"仍然导出", "设置(&T)…", "取消"}
    assert not asked and not commands.busy and not target.exists()  # cancelled before the file dialog

    with answering("仍然导出") as seen, qtbot.waitSignal(commands.generated, timeout=20000):
        window.action_export_pdf.trigger()
    assert [s.title for s in seen] == [TITLE]
    first = re.sub(r"\s+", "", page_texts(target)[0])
    assert "填报单位（盖章）：□□面馆" in first


def test_the_list_says_which_field_holds_which_character(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    _name_unit(window)
    shown: list[tuple[str, str]] = []

    def confirm(_parent: Any, found: list[Any], doing: str) -> str:
        shown.extend((f.place, f.chars) for f in found)
        assert doing == "导出"
        return preview.CANCEL

    monkeypatch.setattr(preview, "confirm_glyphs", confirm)
    window.action_export_pdf.trigger()
    assert shown == [("填报单位", BIANG)]


def test_the_message_box_lists_place_and_code_point(qtbot: Any, window: MainWindow) -> None:
    _name_unit(window)
    informative: list[str] = []

    def read_and_cancel(box: QMessageBox) -> None:
        informative.append(box.informativeText())
        box.reject()

    with answering(read_and_cancel):
        window.action_export_pdf.trigger()
    assert informative and f"· 填报单位：{BIANG}（U+30EDE）" in informative[0]


def test_settings_from_the_prompt_then_asks_again_and_printing_waits_for_the_answer(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _commands(window)
    _name_unit(window)
    opened: list[int] = []
    monkeypatch.setattr(window, "open_settings", lambda: opened.append(1) or True)
    dialogs: list[QPrinter] = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: dialogs.append(dialog.printer()) or 0)
    answers = iter(["设置(&T)…", "取消"])

    def choose(box: QMessageBox) -> None:
        if box.windowTitle() == TITLE:
            _click(next(answers))(box)
        else:
            box.reject()

    with answering(choose) as seen:
        window.action_print.trigger()
    # 设置 opened, the font still lacks the character: asked again, then cancelled.
    assert opened == [1]
    assert [s.title for s in seen if s.title == TITLE] == [TITLE, TITLE]
    assert not commands.busy and not dialogs


def test_no_prompt_when_every_character_prints(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    commands = _commands(window)
    target = tmp_path / "报表.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with answering() as seen, qtbot.waitSignal(commands.generated, timeout=20000):
        window.action_export_pdf.trigger()
    assert seen == [] and target.exists()
