"""Which forms a print or an export holds, in the order of the package's ``forms``: 表1, 表2 once
per special fund, 表3, one 项目支出绩效自评表 per project, the 基础数据表 (print only).

``--forms 1,3`` on the command line; the PDF, Word and Excel exports choose the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from perfcore.errors import UserError
from perfcore.model import Package, Project, SpecialFund
from perfcore.money import normalize_digits
from perfcore.terminal import shown

ALL_FORMS: tuple[int, ...] = (1, 2, 3)


class FormsError(UserError):
    """A choice of forms that cannot be made; the message is Chinese, for the user."""


def parse_forms(text: str) -> tuple[int, ...]:
    """``"1,3"`` → ``(1, 3)`` (full-width ``１，３`` too); refuses anything but 1, 2 and 3.

    ``int()`` would also read ``٢`` (Arabic-Indic) or ``1_0``: only the digits a form number is
    written with count."""
    parts = [part for part in normalize_digits(text).split(",") if part.strip()]
    if not all(re.fullmatch(r"\s*[0-9]{1,9}\s*", part) for part in parts):
        raise FormsError(f"表号“{shown(text)}”无效，应为1、2、3中的一个或几个，如 1,2,3")
    return check_forms(int(part) for part in parts)


def check_forms(forms: Iterable[int]) -> tuple[int, ...]:
    chosen = tuple(sorted(set(forms)))
    if not chosen or any(f not in ALL_FORMS for f in chosen):
        listed = f"表号 {'、'.join(map(str, chosen))} 无效" if chosen else "未指定表号"
        raise FormsError(f"{listed}，应为1、2、3中的一个或几个，如 1,2,3")
    return chosen


@dataclass(frozen=True)
class FormPart:
    """One form of the output: ``form`` 1, 2 or 3; ``fund`` is the special fund of a 表2;
    ``form`` :data:`PROJECT_FORM` with ``project`` is one 项目支出绩效自评表."""

    form: int
    fund: SpecialFund | None = None
    project: Project | None = None


PROJECT_FORM = 4
"""The number of a 项目支出绩效自评表 part (not a choice of ``--forms``: projects follow ``forms``)."""

FORM_NUMBERS = {"overall": 1, "special_funds": 2, "indicators": 3}
"""The package's ``forms`` names of 表1, 表2 and 表3."""


FIGURES_FORM = 5
"""The number of the 基础数据表 part (printed only when the package's ``forms`` lists "figures")."""


def _listed_parts(package: Package, chosen: tuple[int, ...], figures: bool) -> list[FormPart]:
    """表1/表2/表3 when both chosen and listed in the package's ``forms``, one part per project
    when ``projects`` is listed, the 基础数据表 when ``figures`` is listed and asked for; in the
    order of ``forms``."""
    parts: list[FormPart] = []
    for name in package.forms:
        if name == "projects":
            parts.extend(FormPart(PROJECT_FORM, project=project) for project in package.projects)
        elif name == "figures":
            if figures and package.figures:
                parts.append(FormPart(FIGURES_FORM))
        elif FORM_NUMBERS.get(name) in chosen:
            number = FORM_NUMBERS[name]
            if number == 2:
                parts.extend(FormPart(2, fund) for fund in package.special_funds)
            else:
                parts.append(FormPart(number))
    return parts


def form_parts(package: Package, forms: Iterable[int]) -> list[FormPart]:
    """The parts a print holds, in the order of the package's ``forms`` (see
    :func:`package_parts`), the 基础数据表 included; refuses a choice with nothing in it."""
    parts = _listed_parts(package, check_forms(forms), figures=True)
    if not parts:
        raise FormsError("所选的表没有内容可打印（本报告没有所选的表，或表2没有专项资金）")
    return parts


def package_parts(package: Package, forms: Iterable[int]) -> list[FormPart]:
    """The parts the Word and Excel exports write, in the order of the package's ``forms``:
    表1/表2/表3 when both chosen and listed, and one part per project when ``projects`` is listed.
    A form the package does not list is not written; refuses a choice with nothing in it."""
    parts = _listed_parts(package, check_forms(forms), figures=False)
    if not parts:
        raise FormsError("所选的表没有内容可导出（本报告没有所选的表，或表2没有专项资金）")
    return parts
