"""Packages for the checks' tests: the real sample, as filed or made clean, and how to ask one check."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sample_support import sample_path

from perfcore import pointer
from perfcore.checks import run_checks
from perfcore.exchange import load_json, package_to_doc
from perfcore.model import Leaf, Package, iter_leaves

SAMPLE = sample_path()


def sample() -> Package:
    """The 2019 石峰 package exactly as filed (a fresh copy each call)."""
    return load_json(sample_path().read_bytes())


def clean() -> Package:
    """The sample with its rounding slip mended and every indicator figure supplied.

    No check finds anything in it but the 表2 execution rate, which is always reported.
    """
    package = sample()
    overall = package.overall
    overall.expense_project = Decimal("547700.00")
    overall.carryover_prior = Decimal("0.00")
    overall.budget_added = Decimal("0.00")
    overall.balance_year_end = Decimal("0.00")
    figures = {
        "three_public_budget": Decimal("1000.00"),
        "three_public_budget_prior": Decimal("1000.00"),
        "public_budget": Decimal("40000.00"),
        "procurement_actual": Decimal("10000.00"),
        "procurement_budget": Decimal("10000.00"),
        "satisfaction_rate": Decimal("95"),
    }
    for figure in package.figures:
        if figure.key in figures:
            figure.value = figures[figure.key]
    for _, leaf in iter_leaves(package):
        # The filed scores now agree with the rules; let the rules give them.
        leaf.score = None if leaf.rule.type != "manual" else leaf.score
    return package


def leaf_named(package: Package, name: str) -> tuple[str, Leaf]:
    for path, leaf in iter_leaves(package):
        if leaf.name == name:
            return path, leaf
    raise KeyError(name)


def found(package: Package, *names: str) -> list[tuple[str, str, str]]:
    """(severity, path, message) of the named checks' findings."""
    return [(f.severity, f.path, f.message) for f in run_checks(package, names=names)]


def resolve(doc: Any, path: str) -> Any:
    """The value at a JSON Pointer; KeyError/IndexError if there is none."""
    value = doc
    for token in pointer.split(path):
        if isinstance(value, list):
            if not token.isdigit():
                raise KeyError(path)
            value = value[int(token)]
        elif isinstance(value, dict):
            value = value[token]
        else:
            raise KeyError(path)
    return value


def assert_paths_exist(package: Package) -> int:
    """Every finding's path and anchor name a value of the package's exchange document."""
    doc = package_to_doc(package)
    findings = run_checks(package)
    for finding in findings:
        resolve(doc, finding.path)
        resolve(doc, finding.anchor)
    return len(findings)
