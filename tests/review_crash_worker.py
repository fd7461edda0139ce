"""Records reviews in a loop, announcing each edit before and acknowledging it after the call
returned, until killed (``tests/test_summary_review.py``)."""

from __future__ import annotations

import sys
from decimal import Decimal

from perfcore.summary.review import ReviewFile


def main() -> None:
    path, start = sys.argv[1], int(sys.argv[2])
    with ReviewFile.open(path) as review:
        i = start
        while True:
            print(f"do {i}", flush=True)
            review.set_entry(
                f"unit-{i % 7}.jxzp", f"{i:016x}", f"单位{i % 7}", 2019,
                f"/indicators/tree/0/children/0/children/{i % 5}", "指标", Decimal(i % 100), f"原因{i}", f"意见{i}", "张三",
            )
            print(f"ack {i}", flush=True)
            i += 1


if __name__ == "__main__":
    main()
