"""Hostile-input soak: the property tests of the importer and the file opener, many times over.

    .venv/bin/python bench/hostile_soak.py [--scale 25]

Runs the hypothesis properties of ``tests/test_reliability_hostile.py`` (arbitrary JSON,
JSON in a valid frame, arbitrary bytes, mutated sample packages) and of
``tests/test_reliability_files.py`` (random damage to a report file) with ``--scale`` times
the examples CI runs, and prints how many inputs each tried. Exits 1 on the first failure
(hypothesis prints the smallest failing input).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def _scale_from_args() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=25)
    return int(parser.parse_args().scale)


# The tests read their example counts when imported.
os.environ["PERF_FILING_SOAK_SCALE"] = str(_scale_from_args())

import test_reliability_files as files  # noqa: E402
import test_reliability_hostile as hostile  # noqa: E402
from crash_harness import new_demo_file  # noqa: E402


def counted(test: Any) -> tuple[Callable[..., None], list[int]]:
    """The test with a counter of the examples it ran."""
    calls = [0]
    inner = test.hypothesis.inner_test

    def counting(*args: Any, **kwargs: Any) -> None:
        calls[0] += 1
        inner(*args, **kwargs)

    test.hypothesis.inner_test = counting
    return test, calls


def main() -> int:
    runs: list[tuple[str, Any, int, dict[str, Any]]] = [
        ("arbitrary JSON documents", hostile.test_arbitrary_json_imports_or_is_refused, 300, {}),
        ("arbitrary JSON in a valid frame", hostile.test_arbitrary_json_in_a_valid_frame_imports_or_is_refused, 300, {}),
        ("arbitrary bytes", hostile.test_arbitrary_bytes_import_or_are_refused, 200, {}),
        ("mutated sample packages", hostile.test_mutated_sample_imports_or_is_refused, 400, {}),
    ]
    total = 0
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PERF_FILING_DATA"] = str(Path(folder) / "data")  # no backups in the real home
        demo = Path(folder) / "demo.jxzp"
        new_demo_file(demo)
        runs.append(("randomly damaged report files", files.test_any_damage_opens_or_is_refused_never_crashes, 150, {"demo_file": demo}))
        for label, test, _ci_examples, kwargs in runs:
            wrapped, calls = counted(test)
            started = time.perf_counter()
            try:
                wrapped(**kwargs)
            except Exception as exc:  # noqa: BLE001 - report and go on to the summary
                failed = True
                print(f"FAILED {label}: {type(exc).__name__}: {str(exc)[:500]}")
            elapsed = time.perf_counter() - started
            total += calls[0]
            print(f"{label:34} {calls[0]:>7} inputs  {elapsed:6.1f} s", flush=True)
    print(f"{'all':34} {total:>7} inputs, {'a failure' if failed else 'no failure'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
