"""How long the checks take: the desktop re-runs them after every edit.

    .venv/bin/python bench/checks_bench.py [--runs 500]

Times ``run_checks`` on the demo package (the real 2019 filing) and on a 500-leaf package
made of copies of its indicator tree, each against ``score_package`` of the same package
measured in the same run (the baseline: what one full scoring costs on this machine), and
also with the scores handed in, as the desktop's Scorer does. Goal: under 20 ms on the
demo package.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from perfcore import assets
from perfcore.checks import run_checks
from perfcore.exchange import load_json
from perfcore.model import Group, Package, iter_leaves
from perfcore.scoring import score_package

GOAL_MS = 20.0


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (parsed formulas) as the running app has them
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def large(package: Package, leaves: int) -> Package:
    """The demo's tree repeated under one level-1 group per copy until ``leaves`` leaves."""
    big = copy.deepcopy(package)
    per_copy = len(iter_leaves(package))
    copies = -(-leaves // per_copy)
    weight = Decimal(100) / copies
    big.indicators.tree = [
        Group(f"第{i + 1}组", weight, copy.deepcopy(package.indicators.tree)) for i in range(copies)
    ]
    return big


def measure(name: str, package: Package, runs: int) -> float:
    leaves = len(iter_leaves(package))
    baseline = median_ms(lambda: score_package(package), runs)
    checks = median_ms(lambda: run_checks(package), runs)
    scored = copy.deepcopy(package)
    scores = score_package(scored)
    with_scores = median_ms(lambda: run_checks(scored, scores), runs)
    findings = len(run_checks(package))
    print(f"{name}: {leaves} leaves, {findings} findings")
    print(f"  score_package (baseline)      {baseline:8.3f} ms")
    print(f"  run_checks                    {checks:8.3f} ms   ×{checks / baseline:.2f} of baseline")
    print(f"  run_checks with given scores  {with_scores:8.3f} ms   ×{with_scores / baseline:.2f} of baseline")
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    demo = load_json(assets.demo_json())
    demo_ms = measure("demo package", demo, args.runs)
    measure("generated package", large(demo, 500), max(20, args.runs // 20))
    verdict = "met" if demo_ms < GOAL_MS else "MISSED"
    print(f"goal: checks on the demo package under {GOAL_MS:.0f} ms — {verdict} ({demo_ms:.3f} ms median)")
    return 0 if demo_ms < GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
