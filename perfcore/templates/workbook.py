"""A template written to Excel in the layout the converter reads (``perfcore template xlsx``).

The sheets are the Excel export's own (:mod:`perfcore.office.excel`): 表3 when the template lists
it, then one 项目支出绩效自评表 per project, unscored and without unit data. A bureau edits the
weights or wording in Excel and converts the book back (:mod:`perfcore.templates.convert`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from perfcore.errors import UserError
from perfcore.forms import PROJECT_FORM, FormPart
from perfcore.model import Package
from perfcore.output import write_output
from perfcore.scoring import score_package


class TemplateWorkbookError(UserError):
    """A template with nothing the layout holds."""


def template_parts(package: Package) -> list[FormPart]:
    parts: list[FormPart] = []
    if "indicators" in package.forms and package.indicators.tree:
        parts.append(FormPart(3))
    if "projects" in package.forms:
        parts.extend(FormPart(PROJECT_FORM, project=project) for project in package.projects)
    return parts


def write_template_xlsx(
    package: Package,
    out: str | os.PathLike[str],
    *,
    inputs: Sequence[str | os.PathLike[str]] = (),
    overwrite: bool = False,
) -> int:
    """Write the framework's sheets to ``out`` through the output guard; returns how many."""
    from perfcore.office.excel import build_workbook

    parts = template_parts(package)
    if not parts:
        raise TemplateWorkbookError("此模板没有指标表（表3）或项目支出绩效自评表，无法写成 Excel")
    book = build_workbook(package, score_package(package), parts)
    book.properties.title = package.template.name if package.template is not None else ""
    book.properties.description = "指标框架模板；修改分值或文字后可用“从 Excel 导入指标框架”转换回模板。"
    write_output(out, lambda temp: book.save(str(temp)), inputs=inputs, overwrite=overwrite)
    return len(parts)
