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
import time
from datetime import datetime
from pathlib import Path
from random import Random

import pytest
from crash_harness import (
    CrashCheckFailed,
    Tally,
    check_complete,
    new_demo_file,
    replay,
    run_round,
    worker_env,
)

from perfcore import assets, exchange
from perfcore.backup import Backup
from perfcore.store import ReportFile, journal_path
from perfcore.store import restore_backup as restore

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


RESTORER = textwrap.dedent(
    """
    import sys
    from datetime import datetime
    from pathlib import Path
    from perfcore.backup import Backup
    from perfcore.store import restore_backup as restore
    path, folder = Path(sys.argv[1]), Path(sys.argv[2])
    states = [Backup(Path(p), datetime.now(), "open", None, "0" * 16, 0) for p in sys.argv[3:5]]
    print("ready", flush=True)
    n = 0
    while True:
        restore(path, states[n % 2], folder)
        n += 1
        print(n, flush=True)
    """
)


def test_a_restore_killed_midway_leaves_one_state_or_the_other(tmp_path: Path) -> None:
    """Restoring writes a backup's pages into the file in one transaction: a kill at any
    moment leaves the file whole, in one of the two states, and free to open."""
    path = tmp_path / "report.jxzp"
    new_demo_file(path)
    states = []
    for i, staff in enumerate((7, 11)):
        with ReportFile.open(path) as report:
            report.set("/overall/staff_actual", staff)
            report.set("/unit_name", f"状态{i}")
            for k in range(3):  # megabytes of pages, so that kills land inside the copy too
                report.insert("/special_funds", 0, {"name": f"大专项{i}-{k}", "overview": "长" * 900_000})
        copy = tmp_path / f"state{i}.jxzp"
        copy.write_bytes(path.read_bytes())
        states.append(copy)
    with ReportFile.open(states[0]) as a, ReportFile.open(states[1]) as b:
        docs = [exchange.package_to_doc(a.package), exchange.package_to_doc(b.package)]
    # How long one restore takes on this disk: the kill window spans a few of them, so that kills
    # land both between restores and inside one whatever the disk's speed.
    trial = tmp_path / "trial.jxzp"
    trial.write_bytes(path.read_bytes())
    started = time.perf_counter()
    restore(trial, Backup(states[1], datetime.now(), "open", None, "0" * 16, 0), tmp_path / "trial-backups")
    window = max(0.6, 2.5 * (time.perf_counter() - started))
    rng = Random(7)
    restores = 0
    mid_commit = 0
    for round_number in range(60):
        if round_number >= 20 and mid_commit >= 3:
            break  # enough kills inside a restore; more rounds only when luck kept them out
        with subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(path), str(tmp_path / "backups"), *map(str, states)],
            stdout=subprocess.PIPE,
            env=worker_env(),
        ) as proc:
            assert proc.stdout is not None
            assert proc.stdout.readline() == b"ready\n"
            # A random moment, not one tied to the output: that would kill only between restores.
            time.sleep(rng.uniform(0.0, window))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            restores += len(proc.stdout.read().split())
        mid_commit += journal_path(path).exists()
        with ReportFile.open(path) as report:
            assert report.connection().execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert exchange.package_to_doc(report.package) in docs
    assert restores > 0
    assert mid_commit > 0, "no kill landed inside a restore; the test proved nothing"
