"""A package's framework, without the unit's data: what 另存为模板 saves.

Kept: forms, grades, the figure definitions (labels, kinds, groups, carries), ``overall_carry``,
the indicator tree and every project's tree with weights, rules, formulas, targets (年度指标值),
criteria and explanations, each project's name and budget lines by label and weight.
Cleared (:func:`perfcore.year_results.clear_results`, shared with next year's package): scores,
ratings, actuals, marks, figures' values, money and texts of the year; then, because a template
belongs to no unit: the unit's name, all of 表1 (单位负责人, 人员编制 too), the special funds
(each is the unit's), the projects' 主管部门 and 实施单位, ``previous``.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable

from perfcore.model import Overall, Package, Template
from perfcore.templates.library import TemplateEntry, save_user_template, template_id
from perfcore.year_results import clear_results


def framework_of(package: Package, template: Template) -> Package:
    """A copy of ``package`` holding only its framework, with ``template`` as its provenance."""
    out = copy.deepcopy(package)
    clear_results(out)
    out.unit_name = ""
    out.overall = Overall()
    out.special_funds = []
    out.indicators.opinion_unit = ""
    for project in out.projects:
        project.department = ""
        project.implementer = ""
    out.previous = None
    out.template = template
    return out


def save_as_template(
    package: Package, name: str, *, inputs: Iterable[str | os.PathLike[str]] = (), overwrite: bool = False
) -> TemplateEntry:
    """另存为模板 (and ``perfcore template save``): ``package``'s framework into the user's
    templates under ``name``. Raises ``OutputExists`` when that template exists and not ``overwrite``."""
    ident = template_id(name)
    # The unit's name stays out of the provenance too: a template belongs to no unit.
    source = f"另存自 {package.year}年度报告"
    if package.template is not None and package.template.name:
        source += f"（原模板：{package.template.name}）"
    template = Template(id=ident, name=name, version=str(package.year), source=source)
    return save_user_template(framework_of(package, template), inputs=inputs, overwrite=overwrite)
