"""新建 shows the template library and lets the clerk choose the forms; 另存为模板 and 从 Excel 导入指标框架."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gui_support import OFFSCREEN_NOISE
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox
from test_templates_convert import table3_book

from desktop.main_window import MainWindow
from desktop.template_dialogs import ConversionDialog, NewReportDialog
from perfcore.exchange import load_json
from perfcore.model import Leaf, iter_all_nodes
from perfcore.templates.library import list_templates

pytestmark = [pytest.mark.gui, OFFSCREEN_NOISE]

SHIPPED = ["hunan-zhuzhou-2019", "mof-2013-53-department", "mof-2020-10-project"]


def listed(dialog: NewReportDialog) -> list[str]:
    return [dialog.templates.item(row).text() for row in range(dialog.templates.count())]


def ticked(dialog: NewReportDialog) -> list[str]:
    return [name for name, box in dialog.form_boxes.items() if box.isChecked()]


def test_new_shows_the_library_and_the_forms_of_each_template(qtbot: Any) -> None:
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    assert listed(dialog) == [
        "湖南株洲 2019 部门整体支出绩效自评",
        "财预〔2013〕53号 部门整体支出绩效评价共性指标",
        "财预〔2020〕10号 项目支出绩效自评表",
    ]
    assert dialog.current_entry() is not None and dialog.current_entry().id == "hunan-zhuzhou-2019"  # type: ignore[union-attr]
    assert ticked(dialog) == ["overall", "special_funds", "indicators"]
    text = dialog.details.text()
    for fragment in ("株洲市 2019 年度", "表1 整体支出、表2 专项资金、表3 绩效评价指标", "优 ≥ 90 分", "良 ≥ 80 分", "来源"):
        assert fragment in text
    dialog.select_template("mof-2013-53-department")
    assert "参考权重，请按本地通知调整" in dialog.details.text() and "财预〔2013〕53号" in dialog.details.text()
    assert ticked(dialog) == ["overall", "indicators", "figures"]
    dialog.select_template("mof-2020-10-project")
    assert ticked(dialog) == ["overall", "projects"]
    dialog.form_boxes["indicators"].setChecked(True)
    assert dialog.chosen_forms() == ["overall", "projects", "indicators"]
    for box in dialog.form_boxes.values():
        box.setChecked(False)
    assert not dialog.ok_button.isEnabled()  # a package needs at least one form
    dialog.form_boxes["overall"].setChecked(True)
    assert dialog.ok_button.isEnabled()


def test_new_from_a_template_with_chosen_forms(
    qtbot: Any, isolated_settings: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fill(dialog: NewReportDialog) -> int:
        dialog.select_template("mof-2013-53-department")
        dialog.form_boxes["special_funds"].setChecked(True)
        dialog.form_boxes["figures"].setChecked(False)
        dialog.unit.setText("某某区某某局")
        dialog.year.setText("2025")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(NewReportDialog, "exec", fill)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "新.jxzp"), ""))
    win = MainWindow()
    qtbot.addWidget(win)
    win.action_new.trigger()
    assert win.ops is not None
    package = win.ops.package
    assert (package.unit_name, package.year) == ("某某区某某局", 2025)
    assert package.forms == ["overall", "indicators", "special_funds"]
    assert package.template is not None and package.template.id == "mof-2013-53-department"
    assert len([n for _, n in iter_all_nodes(package) if isinstance(n, Leaf)]) == 28
    win.close()


def test_save_as_template_then_new_lists_it(
    qtbot: Any, window: MainWindow, private_data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("本局框架", True))
    window.action_save_template.trigger()
    saved = private_data_folder / "templates" / "本局框架.json"
    framework = load_json(saved.read_bytes())
    assert framework.unit_name == "" and all(
        n.score is None for _, n in iter_all_nodes(framework) if isinstance(n, Leaf)
    )
    assert window.ops is not None
    assert framework.indicators.tree[0].name == window.ops.package.indicators.tree[0].name
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_rest: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    before = saved.read_bytes()
    window.action_save_template.trigger()  # the same name again: asked, declined, unchanged
    assert len(asked) == 1 and "已有标识为“本局框架”的模板" in asked[0]
    assert saved.read_bytes() == before
    dialog = NewReportDialog()
    qtbot.addWidget(dialog)
    assert listed(dialog)[-1] == "本局框架（自存）"
    dialog.select_template("本局框架")
    assert "另存自 2019年度报告" in dialog.details.text()


def test_import_an_excel_framework_shows_the_report_before_saving(
    qtbot: Any, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tmp_path / "局框架.xlsx"
    table3_book(book)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(book), ""))
    shown: list[str] = []

    def decline(dialog: ConversionDialog) -> int:
        shown.append(dialog.report.toPlainText())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ConversionDialog, "exec", decline)
    window.action_import_framework.trigger()
    assert "局框架.xlsx" in shown[0] and "设为手工评分的指标 7 个" in shown[0]
    assert [e.origin for e in list_templates().entries] == ["shipped"] * 3  # cancelled: nothing saved

    def accept(dialog: ConversionDialog) -> int:
        dialog.name.setText("局里的框架")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ConversionDialog, "exec", accept)
    window.action_import_framework.trigger()
    entries = {e.id: e for e in list_templates().entries}
    assert entries["局里的框架"].origin == "converted" and entries["局里的框架"].name == "局里的框架"


def test_a_workbook_that_cannot_be_read_is_one_message(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "旧格式.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(old), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_r: said.append(text))
    window.action_import_framework.trigger()
    assert len(said) == 1 and "另存为 .xlsx" in said[0]
