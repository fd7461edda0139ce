"""基础数据: every figure named in Chinese and read by some formula.

Where findings point: a figure without a Chinese label (its label equals its key):
``/figures/N/label``; a figure no formula of 表3 or of any project reads: ``/figures/N``.
A formula that names a figure which does not exist is reported at the leaf
(``table3.unknown_names``).
"""

from __future__ import annotations

from collections.abc import Iterator

from perfcore.checks.base import Context, Finding, check
from perfcore.rules import dependencies


@check("figures.labels")
def labels(ctx: Context) -> Iterator[Finding]:
    for i, figure in enumerate(ctx.package.figures):
        if figure.label.strip() == figure.key:
            yield Finding("info", f"/figures/{i}/label", f"基础数据“{figure.key}”尚无中文名称，请填写")


@check("figures.unused")
def unused(ctx: Context) -> Iterator[Finding]:
    read = {name for entry in ctx.leaves for name in dependencies(entry.leaf)}
    for i, figure in enumerate(ctx.package.figures):
        if figure.key not in read:
            yield Finding("info", f"/figures/{i}", f"基础数据“{figure.label}”没有被任何指标的计算公式使用")
