"""文件 › 汇总与复核…: all units' files in one table, their charts, and the 复核 of each.

The table fills while the files are read (a progress bar, 取消), sorts on any column and
filters by unit name, grade and state. Double-clicking a unit opens its package read-only
with the usual tabs and a 复核 panel; the reviews go to the review file (``.jxzh``), never
into the units' files. Everything is read and written through ``desktop.ops.SummaryOps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.file_dialogs import ask_save_path, start_folder
from desktop.ops import Ops, SummaryOps
from perfcore.errors import UserError
from perfcore.money import format_points
from perfcore.summary.review import default_reviewer
from perfcore.summary.rows import Refusal
from perfcore.summary.table import GRADE_LABELS, REFUSED_PREFIX, STATES, GroupAverage, Summary, SummaryUnit

ALL = "全部"
REFUSED_STATE = "无法读取"
COLUMNS = ("单位", "年度", "自评得分", "等级", "复核得分", "复核等级", "执行率（%）", "错误", "警告", "状态", "文件")
(COL_UNIT, COL_YEAR, COL_TOTAL, COL_GRADE, COL_REVIEWED, COL_REVIEWED_GRADE, COL_RATE, COL_ERRORS, COL_WARNINGS,
 COL_STATE, COL_PATH) = range(len(COLUMNS))
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
GRADE_COLOURS = {"优": "#2e7d32", "良": "#1565c0", "中": "#ef6c00", "差": "#c62828"}
# A package's own bands (优秀/良好/合格/不合格, …) are coloured by rank: the lowest in red.
RANK_COLOURS = ("#2e7d32", "#1565c0", "#ef6c00", "#6d4c41")
LOWEST_COLOUR = "#c62828"
STATE_COLOURS = {"已变更，需重新复核": "#c62828", REFUSED_STATE: "#c62828", "已复核": "#2e7d32"}


class SummaryModel(QAbstractTableModel):
    """One row per file read, in the order they arrived: a unit or a refusal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths: list[str] = []
        self.entries: dict[str, SummaryUnit | Refusal] = {}

    def clear(self) -> None:
        self.beginResetModel()
        self.paths, self.entries = [], {}
        self.endResetModel()

    def refresh(self, summary: Summary) -> None:
        """Show ``summary``: new files become new rows, the others are repainted (a new
        duplicate or review changes rows read before)."""
        entries: dict[str, SummaryUnit | Refusal] = {u.row.path: u for u in summary.units}
        entries.update({r.path: r for r in summary.refused})
        new = [p for p in entries if p not in self.entries]
        self.entries = entries
        if new:
            self.beginInsertRows(QModelIndex(), len(self.paths), len(self.paths) + len(new) - 1)
            self.paths.extend(new)
            self.endInsertRows()
        if self.paths:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.paths) - 1, len(COLUMNS) - 1))

    def entry(self, row: int) -> SummaryUnit | Refusal:
        return self.entries[self.paths[row]]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.paths)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        column = index.column()
        if isinstance(entry, Refusal):
            return self._refusal_data(entry, column, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return _unit_text(entry, column)
        if role == SORT_ROLE:
            return _unit_sort_key(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column in (COL_GRADE, COL_REVIEWED_GRADE):
                grade = entry.row.grade if column == COL_GRADE else entry.reviewed_grade
                return QColor(grade_colour(grade, entry.grade_labels)) if grade else None
            if column == COL_STATE and entry.state in STATE_COLOURS:
                return QColor(STATE_COLOURS[entry.state])
            if column == COL_ERRORS and entry.row.errors:
                return QColor("#c62828")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_TOTAL, COL_REVIEWED, COL_RATE, COL_ERRORS, COL_WARNINGS, COL_YEAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_STATE and entry.duplicates:
            return "同一单位同一年度的其他文件：\n" + "\n".join(entry.duplicates)
        return None

    @staticmethod
    def _refusal_data(entry: Refusal, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if column == COL_UNIT:
                return Path(entry.path).name
            if column == COL_STATE:
                return REFUSED_STATE
            if column == COL_PATH:
                return entry.path
            return "" if role == Qt.ItemDataRole.DisplayRole else -1.0
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE:
            return QColor(STATE_COLOURS[REFUSED_STATE])
        if role == Qt.ItemDataRole.ToolTipRole:
            return REFUSED_PREFIX + entry.reason
        return None


def _unit_text(unit: SummaryUnit, column: int) -> str:
    row = unit.row
    texts = {
        COL_UNIT: row.unit or "（未填单位）",
        COL_YEAR: str(row.year),
        COL_TOTAL: format_points(row.total),
        COL_GRADE: row.grade,
        COL_REVIEWED: format_points(unit.reviewed_total),
        COL_REVIEWED_GRADE: unit.reviewed_grade or "",
        COL_RATE: format_points(row.rate),
        COL_ERRORS: str(row.errors),
        COL_WARNINGS: str(row.warnings),
        COL_STATE: unit.state + ("（重复）" if unit.duplicates else ""),
        COL_PATH: row.path,
    }
    return texts[column]


def grade_colour(label: str, labels: Sequence[str]) -> str:
    """A grade's colour: the default grades' own, another band's by its rank in ``labels``."""
    if label in GRADE_COLOURS:
        return GRADE_COLOURS[label]
    if label not in labels:
        return RANK_COLOURS[-1]
    rank = labels.index(label)
    return LOWEST_COLOUR if rank == len(labels) - 1 else RANK_COLOURS[min(rank, len(RANK_COLOURS) - 1)]


def _number(value: Decimal | None) -> float:
    return -1.0 if value is None else float(value)


def _unit_sort_key(unit: SummaryUnit, column: int) -> Any:
    row = unit.row
    if column == COL_TOTAL:
        return float(row.total)
    if column == COL_REVIEWED:
        return _number(unit.reviewed_total)
    if column == COL_RATE:
        return _number(row.rate)
    if column in (COL_YEAR, COL_ERRORS, COL_WARNINGS):
        return float({COL_YEAR: row.year, COL_ERRORS: row.errors, COL_WARNINGS: row.warnings}[column])
    if column in (COL_GRADE, COL_REVIEWED_GRADE):
        grade = row.grade if column == COL_GRADE else unit.reviewed_grade
        # By rank in the unit's own bands (优秀 with 优, 不合格 with 差), unknown last.
        return float(unit.grade_labels.index(grade)) if grade in unit.grade_labels else 9.0
    return _unit_text(unit, column)


class SummaryFilter(QSortFilterProxyModel):
    """Sorts by each column's value (numbers as numbers) and filters by name, grade and state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.grade = ALL
        self.state = ALL
        self.setSortRole(SORT_ROLE)

    def set_filter(self, text: str | None = None, grade: str | None = None, state: str | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip()
        if grade is not None:
            self.grade = grade
        if state is not None:
            self.state = state
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, SummaryModel)
        entry = model.entry(source_row)
        if isinstance(entry, Refusal):
            name, grade, state = Path(entry.path).name, "", REFUSED_STATE
        else:
            name, grade, state = f"{entry.row.unit} {entry.row.path}", entry.row.grade, entry.state
        if self.text and self.text not in name:
            return False
        if self.grade != ALL and grade != self.grade:
            return False
        return self.state == ALL or state == self.state


class SummaryChart(QWidget):
    """等级分布 (bars of counts) and 一级指标平均得分 (bars of average against the weight)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grades: dict[str, int] = {label: 0 for label in GRADE_LABELS}
        self.labels: list[str] = list(GRADE_LABELS)
        self.averages: list[GroupAverage] = []
        self.setMinimumHeight(150)

    def set_summary(self, summary: Summary) -> None:
        self.grades = summary.grade_counts()
        self.labels = summary.grade_labels()
        self.averages = summary.group_averages()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        half = self.width() * 0.4
        self._grades(painter, QRectF(8, 4, half - 16, self.height() - 8))
        self._averages(painter, QRectF(half + 8, 4, self.width() - half - 16, self.height() - 8))
        painter.end()

    def _grades(self, painter: QPainter, area: QRectF) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line), "等级分布（单位数）")
        top = area.top() + line + 4
        bottom = area.bottom() - line - 2
        most = max(self.grades.values(), default=0) or 1
        slot = area.width() / max(1, len(self.grades))
        for i, (label, count) in enumerate(self.grades.items()):
            height = (bottom - top - line) * count / most
            bar = QRectF(area.left() + i * slot + slot * 0.2, bottom - height, slot * 0.6, height)
            painter.fillRect(bar, QColor(grade_colour(label, self.labels)))
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(bar.left() - slot * 0.2, bar.top() - line, slot, line), Qt.AlignmentFlag.AlignCenter, str(count))
            painter.drawText(QRectF(area.left() + i * slot, bottom + 2, slot, line), Qt.AlignmentFlag.AlignCenter, label)

    def _averages(self, painter: QPainter, area: QRectF) -> None:
        metrics = painter.fontMetrics()
        line = metrics.height()
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(area.left(), area.top(), area.width(), line), "一级指标平均得分（灰色为分值）")
        if not self.averages:
            return
        top = area.top() + line + 4
        rows = self.averages[:12]
        step = (area.bottom() - top) / len(rows)
        label_width = min(area.width() * 0.35, max(metrics.horizontalAdvance(g.name) for g in rows) + 8)
        width = area.width() - label_width - metrics.horizontalAdvance("000.00 / 000") - 8
        widest = max((g.weight for g in rows), default=Decimal(1)) or Decimal(1)
        for i, group in enumerate(rows):
            y = top + i * step
            bar_height = max(4.0, min(step * 0.6, line))
            painter.setPen(QColor("#222222"))
            painter.drawText(QRectF(area.left(), y, label_width - 6, step), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(group.name, Qt.TextElideMode.ElideRight, int(label_width - 6)))
            full = width * float(group.weight / widest)
            scored = width * float(group.average / widest)
            y_bar = y + (step - bar_height) / 2
            painter.fillRect(QRectF(area.left() + label_width, y_bar, full, bar_height), QColor("#dddddd"))
            painter.fillRect(QRectF(area.left() + label_width, y_bar, scored, bar_height), QColor("#1565c0"))
            painter.drawText(QRectF(area.left() + label_width + full + 4, y, area.width(), step), Qt.AlignmentFlag.AlignVCenter,
                             f"{format_points(group.average)} / {format_points(group.weight)}")


class ReviewPanel(QWidget):
    """复核 of one unit: a row per target (the unit as a whole, each 三级指标, each project)
    with its self-evaluation and review; the form below edits the selected one.
    ``target_selected(pointer)`` lets the window show the chosen indicator in 表3."""

    target_selected = Signal(str)

    def __init__(self, ops: SummaryOps, unit: SummaryUnit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.unit = unit
        self.setMinimumWidth(460)
        row = unit.row
        self.targets: list[tuple[str, str, str, str]] = [("", "整体", "100.00", format_points(row.total))]
        self.targets += [(lost.path, lost.name, format_points(lost.weight), format_points(lost.final, "未评")) for lost in row.lost]
        self.targets += [(p.path, f"项目：{p.name}", "100.00", format_points(p.total)) for p in row.projects]
        column = QVBoxLayout(self)
        self.table = QTableWidget(len(self.targets), 5, self)
        self.table.setHorizontalHeaderLabels(["复核对象", "分值", "自评得分", "复核得分", "核减原因"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.table, 1)
        form = QFormLayout()
        self.score_edit = QLineEdit(self)
        self.score_edit.setPlaceholderText("留空表示不调整得分")
        self.reason_edit = QLineEdit(self)
        self.opinion_edit = QPlainTextEdit(self)
        self.opinion_edit.setFixedHeight(70)
        self.reviewer_edit = QLineEdit(default_reviewer(), self)
        form.addRow("复核得分", self.score_edit)
        form.addRow("核减原因", self.reason_edit)
        form.addRow("复核意见", self.opinion_edit)
        form.addRow("复核人", self.reviewer_edit)
        column.addLayout(form)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存复核", self)
        self.remove_button = QPushButton("删除此项复核", self)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.save_button)
        column.addLayout(buttons)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        self.save_button.clicked.connect(self.save)
        self.remove_button.clicked.connect(self.remove)
        self.table.itemSelectionChanged.connect(self._load_selected)
        self._fill()
        self.table.selectRow(0)

    def _review(self) -> Any:
        from perfcore.summary.review import path_key

        return self.ops.reviews.get(path_key(self.unit.row.path))

    def _fill(self) -> None:
        review = self._review()
        for i, (target, name, weight, final) in enumerate(self.targets):
            entry = review.entry(target) if review is not None else None
            values = [name, weight, final, "" if entry is None else format_points(entry.score), "" if entry is None else entry.reason]
            for j, text in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected_target(self) -> tuple[str, str]:
        row = max(0, self.table.currentRow())
        return self.targets[row][0], self.targets[row][1]

    def _load_selected(self) -> None:
        target, _name = self.selected_target()
        review = self._review()
        entry = review.entry(target) if review is not None else None
        self.target_selected.emit(target)
        self.score_edit.setText("" if entry is None else format_points(entry.score))
        self.reason_edit.setText("" if entry is None else entry.reason)
        self.opinion_edit.setPlainText("" if entry is None else entry.opinion)
        if entry is not None and entry.reviewer:
            self.reviewer_edit.setText(entry.reviewer)
        self.message.clear()

    def _ensure_review_file(self) -> bool:
        if self.ops.review is not None:
            return True
        window = self.window()
        assert isinstance(window, UnitWindow)
        return window.summary_window.ask_review_file()

    def save(self) -> None:
        if not self._ensure_review_file():
            return
        target, name = self.selected_target()
        try:
            self.ops.save_review(self.unit.row, target, name, self.score_edit.text(), self.reason_edit.text(),
                                 self.opinion_edit.toPlainText(), self.reviewer_edit.text().strip())
        except UserError as exc:
            self.message.setText(str(exc))
            self.message.setStyleSheet("color: #c62828;")
            return
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(f"已保存“{name}”的复核。")
        self._refill_keeping_selection()

    def remove(self) -> None:
        if self.ops.review is None:
            return
        target, name = self.selected_target()
        try:
            self.ops.remove_review(self.unit.row, target)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"已删除“{name}”的复核。")
        self._refill_keeping_selection()
        self._load_selected()

    def _refill_keeping_selection(self) -> None:
        row = self.table.currentRow()
        self.table.blockSignals(True)
        self._fill()
        self.table.selectRow(row)
        self.table.blockSignals(False)


class UnitWindow(QMainWindow):
    """One unit's package, read-only, with the usual tabs and the 复核 panel beside them."""

    def __init__(self, summary_window: SummaryWindow, unit: SummaryUnit) -> None:
        from desktop.form_tabs import FormTabs
        from desktop.totals_bar import TotalsBar

        super().__init__(summary_window)
        self.summary_window = summary_window
        report, row = summary_window.ops.open_unit(unit.row.path)
        changed = row.fingerprint != unit.row.fingerprint
        if changed:  # reviewed as it is now: the panel's figures and the fingerprint recorded
            unit = next(u for u in summary_window.ops.summary().units if u.row.path == row.path)
        self.unit = unit
        self.ops = Ops(report)
        self.setWindowTitle(f"复核 — {unit.row.unit or Path(unit.row.path).name}（{unit.row.year}年度，只读）")
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        self.totals = TotalsBar(self.ops, central)
        column.addWidget(self.totals)
        self.tabs = FormTabs(self.ops, central)
        self.tabs.project_shown.connect(self.totals.show_project)
        self.totals.show_project(self.tabs.shown_project)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.review_panel = ReviewPanel(summary_window.ops, unit, self)
        dock = QDockWidget("复核", self)
        dock.setObjectName("review_dock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        dock.setWidget(self.review_panel)
        self.review_panel.target_selected.connect(self.show_target)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resize(1280, 760)
        self.statusBar().showMessage(
            ("单位的文件在汇总读取之后又有改动，此处显示的是现在的内容，汇总表中的这一行已随之更新。" if changed else "")
            + "只读：单位的文件不会被修改；复核记录保存在复核文件中。"
        )

    def show_target(self, pointer: str) -> None:
        """The indicator (or project) being reviewed, in its tab beside the panel."""
        self.tabs.focus_pointer(pointer)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.ops.close()
        self.summary_window.unit_windows.remove(self) if self in self.summary_window.unit_windows else None
        super().closeEvent(event)


class SummaryWindow(QMainWindow):
    """The summary: choose files, a folder or a review file; watch the table fill."""

    def __init__(self, parent: QWidget | None = None, ops: SummaryOps | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("汇总与复核")
        self.ops = ops or SummaryOps(self)
        self.ops.setParent(self)
        self.unit_windows: list[UnitWindow] = []
        self.folder = start_folder()
        central = QWidget(self)
        column = QVBoxLayout(central)
        buttons = QHBoxLayout()
        self.folder_button = QPushButton("选择文件夹…", central)
        self.files_button = QPushButton("选择文件…", central)
        self.review_button = QPushButton("打开复核文件…", central)
        self.new_review_button = QPushButton("新建复核文件…", central)
        self.excel_button = QPushButton("导出 Excel…", central)
        self.pdf_button = QPushButton("导出 PDF…", central)
        for button in (self.folder_button, self.files_button, self.review_button, self.new_review_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.pdf_button)
        column.addLayout(buttons)
        filters = QHBoxLayout()
        self.name_filter = QLineEdit(central)
        self.name_filter.setPlaceholderText("按单位名称或文件名筛选")
        self.grade_filter = QComboBox(central)
        self.grade_filter.addItems([ALL, *GRADE_LABELS])
        self.state_filter = QComboBox(central)
        self.state_filter.addItems([ALL, *STATES, REFUSED_STATE])
        filters.addWidget(QLabel("单位", central))
        filters.addWidget(self.name_filter, 1)
        filters.addWidget(QLabel("等级", central))
        filters.addWidget(self.grade_filter)
        filters.addWidget(QLabel("状态", central))
        filters.addWidget(self.state_filter)
        column.addLayout(filters)
        self.model = SummaryModel(self)
        self.proxy = SummaryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(central)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_UNIT, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(COL_UNIT, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(COL_UNIT, 280)
        self.chart = SummaryChart(central)
        splitter = QSplitter(Qt.Orientation.Vertical, central)
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        column.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        self.status = QLabel("请选择要汇总的文件夹或文件。", central)
        self.progress = QProgressBar(central)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton("取消", central)
        self.cancel_button.setVisible(False)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        column.addLayout(bottom)
        self.setCentralWidget(central)
        self.resize(1200, 720)

        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button.clicked.connect(self.choose_files)
        self.review_button.clicked.connect(self.choose_review)
        self.new_review_button.clicked.connect(self.ask_review_file)
        self.excel_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.cancel_button.clicked.connect(self.ops.cancel)
        self.name_filter.textChanged.connect(lambda text: self.proxy.set_filter(text=text))
        self.grade_filter.currentTextChanged.connect(lambda grade: self.proxy.set_filter(grade=grade))
        self.state_filter.currentTextChanged.connect(lambda state: self.proxy.set_filter(state=state))
        self.table.doubleClicked.connect(self.open_row)
        self.ops.batch.connect(self._refresh)
        self.ops.progress.connect(self._on_progress)
        self.ops.finished.connect(self._on_finished)
        self.ops.review_changed.connect(self._refresh)

    # -- reading

    def start(self, arguments: list[str]) -> None:
        """Summarise the named files and folders (replacing the table)."""
        if arguments:
            first = Path(arguments[0])
            self.folder = first if first.is_dir() else first.parent
        self.model.clear()
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        self.progress.setValue(0)
        self.status.setText("正在读取…")
        self.ops.start(arguments)

    def _refresh(self, *_args: object) -> None:
        summary = self.ops.summary()
        self.model.refresh(summary)
        self.chart.set_summary(summary)
        self._grade_choices(summary.grade_labels())
        self._say(summary)

    def _grade_choices(self, labels: list[str]) -> None:
        """The grade filter offers every grade of the units read (a package's own bands too)."""
        choices = [ALL, *labels]
        if [self.grade_filter.itemText(i) for i in range(self.grade_filter.count())] == choices:
            return
        chosen = self.grade_filter.currentText()
        self.grade_filter.blockSignals(True)
        self.grade_filter.clear()
        self.grade_filter.addItems(choices)
        self.grade_filter.setCurrentText(chosen if chosen in choices else ALL)
        self.grade_filter.blockSignals(False)
        if chosen not in choices:
            self.proxy.set_filter(grade=ALL)

    def _say(self, summary: Summary) -> None:
        grades = "，".join(f"{label} {n}" for label, n in summary.grade_counts().items())
        review = f"　复核文件：{Path(self.ops.review.path).name}" if self.ops.review is not None else ""
        stopped = "（已取消，其余文件未读取）" if self.ops.cancelled else ""
        self.status.setText(
            f"{len(summary.units)} 个单位（{grades}），{len(summary.refused)} 个文件无法读取{stopped}{review}"
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, cancelled: bool) -> None:
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        self._refresh()  # says 已取消 when the reading was stopped
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(COL_UNIT, min(self.table.columnWidth(COL_UNIT), 320))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择要汇总的文件夹", str(self.folder))
        if folder:
            self.start([folder])

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "选择要汇总的报告文件", str(self.folder), "报告文件和交换文件 (*.jxzp *.json);;所有文件 (*)"
        )
        if files:
            self.start(files)

    def choose_review(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "打开复核文件", str(self.folder), "复核文件 (*.jxzh)")
        if path:
            self.open_review(path)

    def open_review(self, path: str) -> None:
        """Open a review file and summarise the unit files it lists."""
        try:
            units = self.ops.open_review(path)
        except UserError as exc:
            self._error(str(exc))
            return
        self.folder = Path(path).parent
        if units:
            self.start(units)
        else:
            self._refresh()

    def ask_review_file(self) -> bool:
        """Choose where the reviews are kept (a new review file); False if cancelled."""
        path, _ = QFileDialog.getSaveFileName(self, "新建复核文件", str(self.folder / "复核.jxzh"), "复核文件 (*.jxzh)")
        if not path:
            return False
        if not path.endswith(".jxzh"):
            path += ".jxzh"
        try:
            if Path(path).exists():
                self.ops.open_review(path)
            else:
                self.ops.create_review(path)
        except UserError as exc:
            self._error(str(exc))
            return False
        self._refresh()
        return True

    # -- units and exports

    def open_row(self, index: QModelIndex) -> UnitWindow | None:
        entry = self.model.entry(self.proxy.mapToSource(index).row())
        if isinstance(entry, Refusal):
            self._error(f"{Path(entry.path).name}：{REFUSED_PREFIX}{entry.reason}")
            return None
        return self.open_unit(entry)

    def open_unit(self, unit: SummaryUnit) -> UnitWindow | None:
        try:
            window = UnitWindow(self, unit)
        except UserError as exc:
            self._error(str(exc))
            return None
        self.unit_windows.append(window)
        window.show()
        return window

    def export(self, kind: str) -> None:
        name = "汇总.xlsx" if kind == "xlsx" else "汇总.pdf"
        pattern = "Excel 工作簿 (*.xlsx)" if kind == "xlsx" else "PDF 文件 (*.pdf)"
        target = ask_save_path(self, "导出汇总表", self.folder / name, pattern, "." + kind)
        if target is None:
            return
        path = str(target)
        try:
            self.ops.export(path)
        except UserError as exc:
            self._error(f"导出失败：{exc}")
            return
        except OSError as exc:
            from perfcore.cli import os_error_reason

            self._error(f"导出失败：{os_error_reason(exc)}（{path}）")
            return
        self.statusBar().showMessage(f"已导出 {path}", 10000)

    def _error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "汇总与复核", message, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        for window in list(self.unit_windows):
            window.close()
        self.ops.close()
        super().closeEvent(event)

