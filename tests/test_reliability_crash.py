"""Crash safety: a writer killed at any moment loses no acknowledged edit and corrupts nothing.

The worker (``crash_worker.py``) edits through ``ReportFile.set/insert/remove/move``, the
calls behind every desktop edit; ``crash_harness.run_round`` kills it with SIGKILL and
checks the file (see there for the exact assertions).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from random import Random

import pytest
from crash_harness import CrashCheckFailed, Tally, check_complete, new_demo_file, replay, run_round

from perfcore import assets, exchange
from perfcore.store import ReportFile, journal_path

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

CI_KILLS = 60


@pytest.mark.slow
def test_random_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "report.jxzp"
    new_demo_file(path)
    rng = Random(20190101)
    tally = Tally()
    for seed in range(1, CI_KILLS + 1):
        run_round(path, seed, rng, tally, backups=tmp_path / "backups")
    assert tally.kills >= 50
    # The kills must really land among commits, or the test proves nothing.
    assert tally.acknowledged > 2 * tally.kills
    assert tally.journals_left > 0, "no kill landed inside a commit"
    assert tally.backups > 0


def test_harness_notices_a_lost_edit() -> None:
    doc = exchange.package_to_doc(exchange.load_json(assets.demo_json()))
    op = {"op": "set", "pointer": "/overall/staff_actual", "value": 11}
    assert replay(doc, op) != doc
    assert replay(doc, op)["overall"]["staff_actual"] == 11


def test_harness_notices_a_half_inserted_fund() -> None:
    fund = {"name": "压测专项7", "items": [{"name": "压测专项7 明细1/3"}, {"name": "压测专项7 明细2/3"}]}
    doc = {"special_funds": [fund], "indicators": {"tree": []}}
    with pytest.raises(CrashCheckFailed):
        check_complete(doc)
    fund["items"].append({"name": "压测专项7 明细3/3"})
    check_complete(doc)


DIRTY_WRITER = textwrap.dedent(
    """
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    # A one-page cache spills changed pages into the file before commit: the file is then
    # really half-written, and only the journal can bring it back.
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE node SET name = name || '被中断的修改', criterion = criterion || ?", ["x" * 3000])
    conn.execute("DELETE FROM fund_item")
    print("dirty", flush=True)
    sys.stdin.read()
    """
)


@pytest.mark.parametrize("read_only", [False, True])
def test_killed_mid_commit_the_next_open_restores_the_last_commit(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "report.jxzp"
    new_demo_file(path)
    with ReportFile.open(path) as report:
        before = exchange.package_to_doc(report.package)
    original = path.read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", DIRTY_WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"dirty\n"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert journal_path(path).exists()
    assert path.read_bytes() != original, "the writer did not spill into the file; the test proves nothing"

    with ReportFile.open(path, read_only=read_only) as report:
        assert report.connection().execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert exchange.package_to_doc(report.package) == before
    assert not journal_path(path).exists()
    with ReportFile.open(path) as report:
        assert report.package.special_funds[0].items
