"""新建's 评价年度 is read as every year field: ``20,19`` or ``2 019`` is refused beside the field
(OK disabled), full-width digits are read; it was a spin box that read 20,19 as 2019 and kept
last year without a word when ``２０１９`` was typed."""

from __future__ import annotations

from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop.template_dialogs import NewReportDialog

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]


def typed(qtbot: Any, text: str) -> NewReportDialog:
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    dialog.year.selectAll()
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, dialog.year, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)
    return dialog


@pytest.mark.parametrize("text", ["20,19", "2 019", "①", "²⁰¹⁹", "١٢٣٤", "19", "2019.5"])
def test_a_year_that_is_not_plainly_a_year_is_refused_beside_the_field(qtbot: Any, text: str) -> None:
    dialog = typed(qtbot, text)
    assert "年份" in dialog.year_problem.text() and not dialog.year_problem.isHidden()
    assert not dialog.ok_button.isEnabled()


@pytest.mark.parametrize(("text", "year"), [("２０１９", 2019), ("2019", 2019), ("2019年", 2019), (" 2024 ", 2024)])
def test_a_plain_year_is_read(qtbot: Any, text: str, year: int) -> None:
    dialog = typed(qtbot, text)
    assert dialog.year_problem.isHidden() and dialog.ok_button.isEnabled()
    assert dialog.choice()[2] == year


def test_a_blank_year_is_asked_for(qtbot: Any) -> None:
    dialog = typed(qtbot, "")
    QTest.keyClick(dialog.year, Qt.Key.Key_Delete)
    assert dialog.year_problem.text() == "请填写评价年度" and not dialog.ok_button.isEnabled()
