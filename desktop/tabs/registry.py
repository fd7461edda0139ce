"""Which tab shows which form: the registry the main window builds its tabs from.

A package's ``forms`` (exchange format /2) decide which tabs exist and in which order; a form
the package does not list has no tab (its data is kept). 基础数据 is the exception the format
makes: its tab is shown whenever the package has figures, listed or not (``forms`` then only
says whether the 基础数据表 is printed).

To add the tab of a form, add one ``FormTab`` to ``TABS`` below, keyed by the form's id
(``perfcore.model.FORM_NAMES``), with a factory that imports the tab's module when a file is
opened (never at start-up: the first frame must not wait for it). A tab may offer:

* ``focus_pointer(pointer) -> bool``: take the user to the field at ``pointer`` (the checks
  dock and 失分分析 call it for every pointer whose first token is in ``sections``);
* ``navigate = Signal(str)``: go to another pointer (e.g. an indicator that reads a figure);
  the tabs show it as the checks dock does;
* ``project_selected = Signal(str)`` and ``selected_project_pointer() -> str``: the pointer
  (``/projects/N``) of the project it shows, ``""`` for none; while the tab is current, the
  totals bar shows that project's total and grade instead of 表3's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.ops import Ops
    from perfcore.model import Package

TabFactory = Callable[["Ops", "QWidget"], "QWidget"]


@dataclass(frozen=True)
class FormTab:
    title: str
    """The tab's text."""
    build: TabFactory
    """Makes the tab for an open report (``ops``) as a child of ``parent``."""
    sections: tuple[str, ...]
    """First tokens of the pointers this tab shows (``/overall/...`` → ``overall``)."""


def _overall(ops: Ops, parent: QWidget) -> QWidget:
    from desktop.tabs.overall import OverallTab

    return OverallTab(ops, parent)


def _funds(ops: Ops, parent: QWidget) -> QWidget:
    from desktop.tabs.funds import FundsTab

    return FundsTab(ops, parent)


def _indicators(ops: Ops, parent: QWidget) -> QWidget:
    from desktop.tabs.indicators import IndicatorsTab

    return IndicatorsTab(ops, parent)


def _projects(ops: Ops, parent: QWidget) -> QWidget:
    from desktop.tabs.projects import ProjectsTab

    return ProjectsTab(ops, parent)


def _figures(ops: Ops, parent: QWidget) -> QWidget:
    from desktop.tabs.figures import FiguresTab

    return FiguresTab(ops, parent)


TABS: dict[str, FormTab] = {
    "overall": FormTab("表1 整体支出", _overall, ("unit_name", "year", "overall")),
    "special_funds": FormTab("表2 专项资金", _funds, ("special_funds",)),
    "indicators": FormTab("表3 绩效评价指标", _indicators, ("indicators",)),
    "projects": FormTab("项目支出", _projects, ("projects",)),
    "figures": FormTab("基础数据", _figures, ("figures",)),
}
"""The form id → its tab. A form without an entry has no tab yet."""


def shown_forms(package: Package) -> list[str]:
    """The forms that have a tab, in tab order: the package's ``forms`` as listed, and
    基础数据 last when the package has figures but does not list it."""
    forms = [form for form in package.forms if form in TABS]
    if "figures" in TABS and package.figures and "figures" not in forms:
        forms.append("figures")
    return forms


def form_of(pointer: str) -> str | None:
    """The form whose tab shows ``pointer`` (by its first token), or None."""
    section = pointer.split("/")[1] if pointer.startswith("/") else ""
    for form, tab in TABS.items():
        if section in tab.sections:
            return form
    return None
