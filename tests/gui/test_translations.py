"""Qt's standard buttons speak Chinese."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from desktop import translations

pytestmark = pytest.mark.gui


def test_standard_buttons_are_chinese(qapp: QCoreApplication) -> None:
    assert translations.install(qapp)
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
