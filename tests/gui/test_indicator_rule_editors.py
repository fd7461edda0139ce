"""The 计分规则 forms: each type fills from a rule and asks for edits the core accepts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableWidget

from desktop.widgets.rule_editors import ON_UNDEFINED_LABELS, ROUNDING_LABELS, RuleEditor, default_rule
from perfcore.exchange import read_rule, rule_to_doc
from perfcore.model import RULE_LABELS, RULE_TYPES, Rule

pytestmark = pytest.mark.gui


class Recorder:
    """Applies what the editor asks to a copy of the rule, as ops would, and reloads the editor."""

    def __init__(self, editor: RuleEditor, rule: Rule, weight: Decimal = Decimal(8)) -> None:
        self.editor = editor
        self.doc: dict[str, Any] = rule_to_doc(rule)
        self.weight = weight
        self.requests: list[tuple[str, Any, str]] = []
        editor.edit_requested.connect(self.apply)
        editor.load(rule, weight)

    def apply(self, path: str, value: Any, label: str) -> None:
        self.requests.append((path, value, label))
        tokens = path.split("/")
        assert tokens[0] == "rule"
        if len(tokens) == 1:
            self.doc = value
        else:
            target: Any = self.doc
            for token in tokens[1:-1]:
                target = target[int(token)] if isinstance(target, list) else target[token]
            key = tokens[-1]
            if isinstance(target, list):
                target[int(key)] = value
            else:
                target[key] = value
        rule = read_rule(self.doc, "/rule")  # the core accepts what the form wrote
        self.editor.load(rule, self.weight)


@pytest.fixture
def editor(qtbot: Any) -> RuleEditor:
    widget = RuleEditor()
    qtbot.addWidget(widget)
    return widget


def edit_cell(table: QTableWidget, row: int, column: int, text: str) -> None:
    item = table.item(row, column)
    assert item is not None
    item.setText(text)  # what the delegate does when the user commits a typed cell


def test_every_default_rule_is_valid_and_has_its_form(editor: RuleEditor) -> None:
    assert set(RULE_LABELS) == set(RULE_TYPES)
    for kind in RULE_TYPES:
        rule = read_rule(default_rule(kind, Decimal(6)), "/rule")
        editor.load(rule, Decimal(6))
        assert editor.type_combo.currentData() == kind
        assert editor.stack.currentWidget() is editor.forms[kind]
        assert editor.on_undefined.isVisibleTo(editor) == (kind != "manual")


def test_switching_type_keeps_on_undefined(editor: RuleEditor) -> None:
    rec = Recorder(editor, read_rule({"type": "deduct_count", "points": 1, "count": None, "on_undefined": "full"}, "/r"))
    editor.type_combo.setCurrentIndex(editor.type_combo.findData("bands"))
    editor.type_combo.activated.emit(editor.type_combo.currentIndex())
    assert rec.doc["type"] == "bands" and rec.doc["on_undefined"] == "full"
    assert rec.requests[-1][2] == "计分规则改为分档计分"
    editor.on_undefined.setCurrentIndex(editor.on_undefined.findData("zero"))
    editor.on_undefined.activated.emit(editor.on_undefined.currentIndex())
    assert rec.doc["on_undefined"] == "zero"
    editor.on_undefined.setCurrentIndex(editor.on_undefined.findData("manual"))
    editor.on_undefined.activated.emit(editor.on_undefined.currentIndex())
    assert "on_undefined" not in rec.doc
    assert [editor.on_undefined.itemText(i) for i in range(3)] == list(ON_UNDEFINED_LABELS.values())


def test_choice_options_rename_keeps_selection_and_add_remove(editor: RuleEditor) -> None:
    rule = read_rule(
        {"type": "choice", "options": [{"label": "好", "points": 8}, {"label": "差", "points": 0}], "selected": "好"}, "/r"
    )
    rec = Recorder(editor, rule)
    form = editor.forms["choice"]
    table = form.table  # type: ignore[attr-defined]
    edit_cell(table, 0, 0, "较好")
    assert rec.doc["options"][0]["label"] == "较好" and rec.doc["selected"] == "较好"
    edit_cell(table, 1, 1, "2.5")
    assert rec.doc["options"][1]["points"] == "2.5"
    edit_cell(table, 1, 1, "两分")
    assert "不是有效的数字" in editor.problem.text() and editor.problem.isVisibleTo(editor)
    assert rec.doc["options"][1]["points"] == "2.5"
    form.add_button.click()  # type: ignore[attr-defined]
    assert [o["label"] for o in rec.doc["options"]] == ["较好", "差", "档次3"]
    assert not editor.problem.isVisibleTo(editor)
    table.setCurrentCell(0, 0)
    form.remove_button.click()  # type: ignore[attr-defined]
    assert [o["label"] for o in rec.doc["options"]] == ["差", "档次3"] and rec.doc["selected"] is None
    combo = form.selected  # type: ignore[attr-defined]
    assert combo.currentText() == "（未选择）"
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert rec.requests[-1][:2] == ("rule/selected", "档次3")


def test_checklist_items_toggle_text_points_add_remove(editor: RuleEditor, qtbot: Any) -> None:
    rule = read_rule({"type": "checklist", "items": [{"text": "甲", "points": 2, "met": None}]}, "/r")
    rec = Recorder(editor, rule)
    form = editor.forms["checklist"]
    table = form.table  # type: ignore[attr-defined]
    assert table.item(0, 0).checkState() == Qt.CheckState.PartiallyChecked
    assert "未评定" in table.item(0, 0).text()
    table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    assert rec.requests[-1][:2] == ("rule/items/0/met", True)
    table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)
    assert rec.doc["items"][0]["met"] is False
    edit_cell(table, 0, 1, "乙")
    edit_cell(table, 0, 2, "3")
    assert rec.doc["items"][0] == {"text": "乙", "points": 3, "met": False}
    form.add_button.click()  # type: ignore[attr-defined]
    assert len(rec.doc["items"]) == 2 and rec.doc["items"][1]["met"] is None
    table.setCurrentCell(0, 1)
    form.remove_button.click()  # type: ignore[attr-defined]
    assert [i["text"] for i in rec.doc["items"]] == [""]


def test_deduct_count_unknown_is_not_zero(editor: RuleEditor, qtbot: Any) -> None:
    rec = Recorder(editor, read_rule({"type": "deduct_count", "points": 1, "count": 2}, "/r"))
    form = editor.forms["deduct_count"]
    count = form.count  # type: ignore[attr-defined]
    assert count.text() == "2"
    count.setText("")
    count.editingFinished.emit()
    assert rec.doc["count"] is None and count.text() == "" and count.placeholderText() == "未填写"
    count.setText("0")
    count.editingFinished.emit()
    assert rec.doc["count"] == 0
    points = form.points  # type: ignore[attr-defined]
    points.setText("0.5")
    points.editingFinished.emit()
    assert rec.doc["points"] == "0.5"
    points.setText("")
    points.editingFinished.emit()
    assert "每例扣分不能为空" in editor.problem.text()
    assert rec.doc["points"] == "0.5"


def test_bands_table_edits(editor: RuleEditor) -> None:
    rule = read_rule({"type": "bands", "bands": [{"min": 90, "points": 10}, {"points": 0}]}, "/r")
    rec = Recorder(editor, rule)
    form = editor.forms["bands"]
    table = form.table  # type: ignore[attr-defined]
    assert [table.item(0, c).text() for c in range(3)] == ["90", "", "10"]
    edit_cell(table, 1, 0, "80")
    assert rec.doc["bands"] == [{"min": 90, "points": 10}, {"min": 80, "points": 0}]
    edit_cell(table, 1, 1, "89.99")
    assert rec.doc["bands"][1] == {"min": 80, "max": "89.99", "points": 0}
    edit_cell(table, 1, 2, "")
    assert "第2档的分数不能为空" in editor.problem.text()
    form.add_button.click()  # type: ignore[attr-defined]
    assert len(rec.doc["bands"]) == 3
    table.setCurrentCell(2, 0)
    form.remove_button.click()  # type: ignore[attr-defined]
    assert len(rec.doc["bands"]) == 2


@pytest.mark.parametrize("kind,bound", [("deduct_over", "limit"), ("deduct_under", "target"), ("deduct_deviation", "target")])
def test_deduct_forms(editor: RuleEditor, kind: str, bound: str) -> None:
    rec = Recorder(editor, read_rule(default_rule(kind, Decimal(8)), "/r"))
    form = editor.forms[kind]
    fields = form.fields  # type: ignore[attr-defined]
    assert set(fields) == {bound, "step", "points"}
    fields[bound].setText("１２０")  # full-width digits as typed on a Chinese keyboard
    fields[bound].editingFinished.emit()
    assert rec.doc[bound] == 120
    fields["step"].setText("5")
    fields["step"].editingFinished.emit()
    fields["points"].setText("0.8")
    fields["points"].editingFinished.emit()
    assert (rec.doc["step"], rec.doc["points"]) == (5, "0.8")
    rounding = form.rounding  # type: ignore[attr-defined]
    assert [rounding.itemText(i) for i in range(3)] == list(ROUNDING_LABELS.values())
    assert ROUNDING_LABELS == {"exact": "不取整", "ceil": "进一（每开始一档计）", "floor": "舍去（满一档才计）"}
    rounding.setCurrentIndex(rounding.findData("floor"))
    rounding.activated.emit(rounding.currentIndex())
    assert rec.doc["rounding"] == "floor"
    count = len(rec.requests)
    fields["step"].editingFinished.emit()  # leaving a field unchanged writes nothing
    assert len(rec.requests) == count


def test_proportional_full(editor: RuleEditor, qtbot: Any) -> None:
    rec = Recorder(editor, read_rule({"type": "proportional", "full": 1}, "/r"))
    full = editor.forms["proportional"].full  # type: ignore[attr-defined]
    full.selectAll()
    QTest.keyClicks(full, "100")
    QTest.keyClick(full, Qt.Key.Key_Return)
    assert rec.doc["full"] == 100


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
def test_focus_paths(editor: RuleEditor, qtbot: Any) -> None:
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    Recorder(editor, read_rule({"type": "checklist", "items": [{"text": "a", "points": 1}, {"text": "b", "points": 1}]}, "/r"))
    assert editor.focus(["items", "1", "points"])
    table = editor.forms["checklist"].table  # type: ignore[attr-defined]
    qtbot.waitUntil(table.hasFocus)
    assert (table.currentRow(), table.currentColumn()) == (1, 2)
    assert editor.focus(["on_undefined"])
    qtbot.waitUntil(editor.on_undefined.hasFocus)
    assert not editor.focus(["items", "7", "met"])
