"""The dialogs of the indicator frameworks: 新建 (choose a template from the library, the forms the
package has, the unit and the year) and the conversion report of 从 Excel 导入指标框架."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from perfcore.labels import FORM_LABELS
from perfcore.model import FORM_NAMES
from perfcore.money import MoneyError, format_number, parse_year
from perfcore.templates.library import ORIGIN_LABELS, TemplateEntry, list_templates

_ID_ROLE = Qt.ItemDataRole.UserRole


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


REFERENCE_MARK = "参考权重，请按本地通知调整"


def entry_details(entry: TemplateEntry) -> str:
    """What 新建 says about a template (rich text, every stored string escaped)."""
    grades = "，".join(f"{g.label} ≥ {format_number(g.min.normalize())} 分" for g in entry.grades)
    forms = "、".join(FORM_LABELS.get(f, f) for f in entry.forms)
    description = _escaped(entry.description)
    # The mark of reference weights must not be missed: the clerk adjusts them to the local notice.
    description = description.replace(REFERENCE_MARK, f"<b style='color:#b35900'>{REFERENCE_MARK}</b>")
    rows = [
        f"<p style='font-size:large'><b>{_escaped(entry.name)}</b>"
        f"　<span style='color:#666'>（{ORIGIN_LABELS[entry.origin]}）</span></p>",
        f"<p><b>来源</b>：{_escaped(entry.source) or '—'}</p>",
        f"<p><b>包含的表</b>：{forms}</p>",
        f"<p><b>等级</b>：{grades}</p>",
    ]
    if description:
        rows.append(f"<p><b>说明</b>：{description}</p>")
    return "".join(rows)


class NewReportDialog(QDialog):
    """新建: a template from the library (shipped, the user's own, converted), the forms the package
    has (the template's preselected), unit name and year; the file name is asked next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建报告")
        listing = list_templates()
        self.entries = {entry.id: entry for entry in listing.entries}

        self.templates = QListWidget(self)
        self.templates.setObjectName("template_list")
        for entry in listing.entries:
            suffix = "" if entry.origin == "shipped" else f"（{ORIGIN_LABELS[entry.origin]}）"
            item = QListWidgetItem(f"{entry.name}{suffix}")
            item.setData(_ID_ROLE, entry.id)
            item.setToolTip(entry.id)
            self.templates.addItem(item)
        self.templates.setMinimumWidth(280)
        self.templates.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        self.details = QLabel(self)
        self.details.setObjectName("template_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumWidth(360)

        self.form_boxes: dict[str, QCheckBox] = {}
        forms_box = QGroupBox("本报告包含的表（以后可在 文件 › 报告设置 中更改）", self)
        forms_row = QHBoxLayout(forms_box)
        for name in FORM_NAMES:
            box = QCheckBox(FORM_LABELS[name], forms_box)
            box.toggled.connect(self._forms_changed)
            self.form_boxes[name] = box
            forms_row.addWidget(box)
        forms_row.addStretch(1)

        self.unit = QLineEdit(self)
        self.unit.setPlaceholderText("如：某某区某某中心")
        # Typed and read as every year field (perfcore.money.parse_year), with the reason beside
        # it: a spin box read 20,19 as 2019 and dropped full-width digits without a word.
        self.year = QLineEdit(str(date.today().year - 1), self)
        self.year.setAccessibleName("评价年度")
        self.year.setMaximumWidth(self.year.fontMetrics().horizontalAdvance("0" * 10) + 16)
        self.year.textChanged.connect(self._year_changed)
        self.year_problem = QLabel(self)
        self.year_problem.setStyleSheet("color: #b00020;")
        self.year_problem.hide()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(QLabel("年度", self))
        year_row.addWidget(self.year_problem, 1)
        form = QFormLayout()
        form.addRow("填报单位", self.unit)
        form.addRow("评价年度", year_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("下一步：选择保存位置…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.templates, 2)
        top.addWidget(self.details, 3)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("指标框架模板：", self))
        column.addLayout(top, 1)
        if listing.problems:
            note = QLabel("以下模板文件无法读取，未列出：\n" + "\n".join(listing.problems), self)
            note.setWordWrap(True)
            note.setStyleSheet("color: #a00;")
            column.addWidget(note)
        column.addWidget(forms_box)
        column.addLayout(form)
        column.addWidget(self.buttons)

        self.templates.currentRowChanged.connect(self._template_changed)
        if listing.entries:
            self.templates.setCurrentRow(0)
        else:
            self.ok_button.setEnabled(False)

    def current_entry(self) -> TemplateEntry | None:
        item = self.templates.currentItem()
        return None if item is None else self.entries.get(str(item.data(_ID_ROLE)))

    def select_template(self, template_id: str) -> None:
        for row in range(self.templates.count()):
            if self.templates.item(row).data(_ID_ROLE) == template_id:
                self.templates.setCurrentRow(row)
                return
        raise KeyError(template_id)

    def _template_changed(self, _row: int) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        self.details.setText(entry_details(entry))
        for name, box in self.form_boxes.items():
            box.setChecked(name in entry.forms)  # the template's default, changeable here

    def _forms_changed(self, _checked: bool) -> None:
        self._update_ok()

    def _year_changed(self, _text: str) -> None:
        problem = ""
        try:
            if parse_year(self.year.text()) is None:
                problem = "请填写评价年度"
        except MoneyError as exc:
            problem = str(exc)
        self.year_problem.setText(problem)
        self.year_problem.setVisible(bool(problem))
        self._update_ok()

    def _update_ok(self) -> None:
        self.ok_button.setEnabled(
            self.current_entry() is not None and bool(self.chosen_forms()) and not self.year_problem.text()
        )

    def chosen_year(self) -> int:
        year = parse_year(self.year.text())
        assert year is not None  # OK is disabled without a year
        return year

    def chosen_forms(self) -> list[str]:
        """The ticked forms: in the template's order, then any added in the usual order."""
        entry = self.current_entry()
        ticked = [name for name, box in self.form_boxes.items() if box.isChecked()]
        own = [f for f in (entry.forms if entry is not None else ()) if f in ticked]
        return own + [f for f in ticked if f not in own]

    def choice(self) -> tuple[str, str, int, list[str]]:
        entry = self.current_entry()
        assert entry is not None  # OK is disabled without a template
        return entry.id, self.unit.text().strip(), self.chosen_year(), self.chosen_forms()


class ConversionDialog(QDialog):
    """从 Excel 导入指标框架: the conversion report, the template's name, then 保存为模板."""

    def __init__(self, report_lines: list[str], name: str, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从 Excel 导入指标框架：转换报告")
        self.resize(760, 520)
        column = QVBoxLayout(self)
        heading = QLabel(summary, self)
        heading.setWordWrap(True)
        column.addWidget(heading)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("conversion_report")
        self.report.setReadOnly(True)
        self.report.setPlainText("\n".join(report_lines))
        column.addWidget(self.report, 1)
        form = QFormLayout()
        self.name = QLineEdit(name, self)
        form.addRow("模板名称", self.name)
        column.addLayout(form)
        note = QLabel("公式没有计算，按 Excel 保存的结果读取；请核对上面列出的内容后再保存。", self)
        note.setWordWrap(True)
        column.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存为模板")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda text: self.save_button.setEnabled(bool(text.strip())))
        column.addWidget(buttons)
