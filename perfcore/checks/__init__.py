"""审核: consistency checks of a package, each pointing at the offending figure.

``run_checks(package)`` runs every registered check and returns the findings, errors
first, then warnings, then infos, each in document order. It reads the package and
changes nothing (the desktop re-runs it after every edit).

Each check is a small function registered by name in ``REGISTRY`` (``table1.*``,
``table2.*``, ``table3.*``, ``cross.*``, ``texts.*``); see the modules for what each
checks and where its findings point.
"""

from __future__ import annotations

from collections.abc import Iterable

from perfcore.checks import cross, table1, table2, table3, texts
from perfcore.checks.base import (
    REGISTRY,
    SEVERITIES,
    SEVERITY_LABELS,
    Context,
    Finding,
    Severity,
    sort_findings,
)
from perfcore.model import Package
from perfcore.scoring import Scores

__all__ = [
    "REGISTRY",
    "SEVERITIES",
    "SEVERITY_LABELS",
    "Finding",
    "Severity",
    "run_checks",
    "summary",
]

# The modules register their checks on import; naming them keeps the imports meaningful.
_MODULES = (table1, table2, cross, table3, texts)


def run_checks(package: Package, scores: Scores | None = None, names: Iterable[str] | None = None) -> list[Finding]:
    """All findings of ``package`` (or of the checks ``names`` only), sorted.

    ``scores``, when the caller keeps them current (the desktop's Scorer), saves scoring
    the leaves again.
    """
    context = Context.of(package, scores)
    selected = REGISTRY.values() if names is None else [REGISTRY[n] for n in names]
    findings = [finding for check in selected for finding in check(context)]
    return sort_findings(package, findings)


def summary(findings: Iterable[Finding]) -> str:
    """``共 0 个错误、1 个警告、8 条提示``."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return f"共 {counts['error']} 个错误、{counts['warning']} 个警告、{counts['info']} 条提示"
