"""The line above the tabs: total, grade, completion and each 一级指标's subtotal, always in view.

It shows 表3's, or, while the current tab shows a project (``show_project``), that project's:
its total, grade, completeness, and its 预算执行率 score and 一级指标 subtotals. A package whose
forms leave out 表3 shows no 表3 total (there is none to sign).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from perfcore import pointer as ptr
from perfcore.model import Group, Node, Project
from perfcore.money import format_points
from perfcore.scoring import ScoreDelta
from perfcore.store import Change

if TYPE_CHECKING:
    from desktop.ops import Ops

GRADE_COLOURS = {"优": "#1b5e20", "良": "#0d47a1", "中": "#e65100", "差": "#b71c1c"}


class TotalsBar(QFrame):
    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._complete = True
        self._top_uids: set[int] = set()
        self._project_uid: int | None = None
        """The project shown instead of 表3, by its uid (stable while it moves)."""
        self.setObjectName("totals_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#totals_bar { background: #f4f6f8; }")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.setSpacing(14)
        self.total_label = QLabel(self)
        self.total_label.setObjectName("total")
        font = self.total_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.total_label.setFont(font)
        self.grade_label = QLabel(self)
        self.grade_label.setObjectName("grade")
        self.grade_label.setFont(font)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("complete")
        self.scope_label = QLabel(self)
        self.scope_label.setObjectName("scope")
        self.scope_label.setTextFormat(Qt.TextFormat.PlainText)
        self.scope_label.setStyleSheet("color: #37474f;")
        self.scope_label.hide()
        self.groups_label = QLabel(self)
        self.groups_label.setObjectName("subtotals")
        self.groups_label.setTextFormat(Qt.TextFormat.PlainText)
        self.groups_label.setStyleSheet("color: #444;")
        self.read_only_label = QLabel("只读", self)
        self.read_only_label.setStyleSheet(
            "color: white; background: #8d6e63; padding: 1px 6px; border-radius: 3px;"
        )
        self.read_only_label.setVisible(ops.read_only)
        self.read_only_label.setToolTip("此文件以只读方式打开，不能修改")
        self.trial_label = QLabel(self)
        self.trial_label.setObjectName("trial_total")
        self.trial_label.setStyleSheet(
            "color: #e65100; background: #fff8e1; border: 1px dashed #f9a825; padding: 1px 6px;"
        )
        self.trial_label.setToolTip("失分分析中的试算结果，未写入文件")
        self.trial_label.hide()
        row.addWidget(self.scope_label)
        for widget in (self.total_label, self.grade_label, self.state_label, self.trial_label):
            row.addWidget(widget)
        self.separator = _separator(self)
        row.addWidget(self.separator)
        row.addWidget(self.groups_label, 1)
        row.addWidget(self.read_only_label)
        ops.listen_scores(self._on_scores, self)
        # A 一级指标 renamed or reweighted shows in the subtotals line.
        ops.listen("/indicators/tree", self._on_tree, self)
        ops.listen("/forms", lambda _change: self.refresh(), self)
        ops.listen("/projects", self._on_projects, self)
        ops.trial_scored.connect(self.show_trial)
        self.refresh()

    def show_trial(self, trial: object) -> None:
        """A 试算's total and grade beside the real ones (None: no trial)."""
        total, grade = getattr(trial, "total", None), getattr(trial, "grade", "")
        if total is None:
            self.trial_label.hide()
            return
        self.trial_label.setText(f"试算 {format_points(total)} 分 {grade}（未保存）")
        self.trial_label.show()

    def show_project(self, pointer: str) -> None:
        """Show the project at ``pointer`` (``/projects/N``) instead of 表3; ``""``: 表3 again."""
        project = self._project_at(pointer)
        self._project_uid = None if project is None else project.uid
        self.refresh()

    def project(self) -> Project | None:
        """The project shown, or None while 表3 is."""
        if self._project_uid is None:
            return None
        return next((p for p in self.ops.package.projects if p.uid == self._project_uid), None)

    def _project_at(self, pointer: str) -> Project | None:
        tokens = ptr.split(pointer) if pointer else []
        projects = self.ops.package.projects
        if len(tokens) >= 2 and tokens[0] == "projects" and tokens[1].isdigit() and int(tokens[1]) < len(projects):
            return projects[int(tokens[1])]
        return None

    def _on_projects(self, change: Change) -> None:
        # A project renamed, regrouped, or removed (then 表3 shows again).
        if self._project_uid is not None:
            self.refresh()

    def _on_scores(self, delta: ScoreDelta) -> None:
        """Show what the delta says changed: the total and grade, and the subtotals line only
        when a 一级指标's result is among the results that changed."""
        if self._project_uid is not None:
            if self._project_uid in delta.projects or any(uid in self._top_uids for uid in (*delta.groups, *delta.leaves)):
                self.refresh()
            return
        if delta.total_changed or delta.complete != self._complete:
            self._show_total(delta.total, delta.grade, delta.complete)
        top = self._top_uids
        if any(uid in top for uid in delta.groups) or any(uid in top for uid in delta.leaves):
            self._show_subtotals()

    def _on_tree(self, change: Change) -> None:
        if change.structural or self._project_uid is not None:
            return  # a structural change rescores everything: _on_scores shows it
        tokens = ptr.split(change.pointer)
        if len(tokens) == 4 and tokens[3] in ("name", "weight"):
            self._show_subtotals()

    def refresh(self) -> None:
        project = self.project()
        if project is None:
            self._project_uid = None
        shown = project is not None or "indicators" in self.ops.package.forms
        for widget in (self.total_label, self.grade_label, self.state_label, self.separator, self.groups_label):
            widget.setVisible(shown)
        self.scope_label.setVisible(project is not None)
        scores = self.ops.scores
        if project is not None:
            result = scores.projects[project.uid]
            self.scope_label.setText(f"项目：{project.name or '（未命名）'}")
            self._show_total(result.total, result.grade, result.complete)
            budget = result.budget.final
            parts = [f"预算执行 {format_points(budget if budget is not None else Decimal(0))}/{format_points(project.budget.weight)}"]
            self._show_subtotals(project.tree, parts)
            return
        self._show_total(scores.total, scores.grade, scores.complete)
        self._show_subtotals()

    def _show_total(self, total: Decimal, grade: str, complete: bool) -> None:
        self._complete = complete
        self.total_label.setText(f"合计 {format_points(total)} 分")
        self.grade_label.setText(f"等级 {grade}")
        self.grade_label.setStyleSheet(f"color: {GRADE_COLOURS.get(grade, '#000')};")
        if complete:
            self.state_label.setText("已全部评分")
            self.state_label.setStyleSheet("color: #2e7d32;")
        else:
            self.state_label.setText("尚有指标未评分")
            self.state_label.setStyleSheet("color: #c62828;")

    def _show_subtotals(self, tree: list[Node] | None = None, parts: list[str] | None = None) -> None:
        """Each top node's result over its weight: 表3's, or the given project tree's."""
        scores = self.ops.scores
        if tree is None:
            tree = self.ops.package.indicators.tree
        self._top_uids = {node.uid for node in tree}
        parts = parts if parts is not None else []
        for node in tree:
            if isinstance(node, Group):
                got = scores.groups[node.uid].subtotal
            else:
                final = scores.leaves[node.uid].final
                got = final if final is not None else Decimal(0)
            parts.append(f"{node.name or '（未命名）'} {format_points(got)}/{format_points(node.weight)}")
        self.groups_label.setText("　".join(parts))


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
