"""A finding's message is written when first read; it must read the same whenever that is.

The checks keep some messages as their parts (``perfcore.lazy_text``) so that a 汇总, which only
counts findings, never writes them. The desktop reads findings after the package may have
changed (the checks run after a pause in typing, the list is shown later), so a message must
hold the values it was made of, never the model objects they were read from.
"""

from __future__ import annotations

import json
from decimal import Decimal
from random import Random

from checks_support import sample
from format2_support import three_projects_doc
from summary_support import generate_package

from perfcore.checks import run_checks, unsorted_findings
from perfcore.checks.base import Context, Finding
from perfcore.exchange import load_json
from perfcore.model import Group, Leaf, Package, iter_all_nodes
from perfcore.scoring import Scorer


def _packages() -> list[Package]:
    return [sample(), load_json(json.dumps(three_projects_doc()).encode())] + [
        generate_package(Random(seed), f"单位{seed}", 30 + seed) for seed in range(6)
    ]


def _change_everything(package: Package) -> None:
    """Every name, weight, score, figure and text a message could have been read from."""
    for _, node in iter_all_nodes(package):
        node.name = "改过的" + node.name
        node.weight = node.weight + Decimal(3)
        if isinstance(node, Leaf):
            node.score = Decimal("0.5") if node.score is None else node.score + Decimal(1)
            node.criterion = "计99分"
            node.rule.on_undefined = "zero" if node.rule.on_undefined != "zero" else "full"
            node.reason = ""
    for figure in package.figures:
        figure.label = "改过的" + figure.label
        figure.value = None
    for fund in package.special_funds:
        fund.name = "改过的" + fund.name
        fund.spent = Decimal(1)
        fund.allocated = Decimal(3)
    for project in package.projects:
        project.name = "改过的" + project.name
    overall = package.overall
    overall.income_total = Decimal(7)
    overall.expense_total = Decimal(-1)
    overall.filled_on = ""


def test_a_message_read_after_the_package_changed_reads_as_when_it_was_found() -> None:
    packages = _packages()
    for package in packages:
        unread = run_checks(package)
        as_found = [f.message for f in run_checks(package)]
        assert len(as_found) > 3, "each package must have findings to compare"
        _change_everything(package)
        now = [f.message for f in run_checks(package)]
        assert now != as_found, "the changes must change the findings, or this test proves nothing"
        assert [f.message for f in unread] == as_found


def test_the_summary_s_unread_findings_read_as_the_sorted_ones() -> None:
    for package in _packages():
        scores = Scorer(package).scores
        counted = unsorted_findings(package, scores)
        assert sorted((f.severity, f.path, f.message) for f in counted) == sorted(
            (f.severity, f.path, f.message) for f in run_checks(package)
        )


def test_a_finding_compares_and_hashes_by_severity_path_and_message() -> None:
    package = sample()
    first, second = run_checks(package), run_checks(package)
    assert first == second
    assert {hash(f) for f in first} == {hash(f) for f in second}
    finding = first[0]
    assert finding != Finding(finding.severity, finding.path, finding.message + "。")
    assert finding == Finding(finding.severity, finding.path, finding.message, anchor="/elsewhere")
    assert repr(finding).startswith(f"Finding(severity={finding.severity!r}, path={finding.path!r}, message=")


def test_the_checks_walk_every_node_once_in_document_order() -> None:
    package = generate_package(Random(3), "单位", 40)
    context = Context.of(package)
    assert [e.path for e in context.nodes] == [p for p, _ in iter_all_nodes(package)]
    assert [e.path for e in context.leaves] == [p for p, n in iter_all_nodes(package) if not isinstance(n, Group)]
