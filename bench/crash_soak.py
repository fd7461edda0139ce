"""Crash soak: kill an editing process 1,000 times with SIGKILL and check the file each time.

    .venv/bin/python bench/crash_soak.py [--kills 1000] [--jobs 2] [--seed 1]

Each kill is one round of ``tests/crash_harness.run_round`` (see there for what is
checked); ``--jobs`` files are soaked side by side. Prints the tally; exits 1 on the first
failed check, naming the seed so that the round can be replayed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from dataclasses import fields
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from crash_harness import CrashCheckFailed, Tally, new_demo_file, run_round  # noqa: E402


def soak(kills: int, jobs: int, seed: int) -> tuple[Tally, list[str]]:
    tallies = [Tally() for _ in range(jobs)]
    failures: list[str] = []
    counter = iter(range(kills))
    lock = threading.Lock()

    def job(number: int, folder: Path) -> None:
        path = folder / f"soak{number}.jxzp"
        new_demo_file(path)
        rng = Random(seed * 1000 + number)
        while not failures:
            with lock:
                round_number = next(counter, None)
            if round_number is None:
                return
            try:
                run_round(path, seed * 100_000 + round_number, rng, tallies[number], backups=folder / "backups")
            except CrashCheckFailed as exc:
                failures.append(str(exc))
            if round_number and round_number % 100 == 0:
                print(f"  {round_number} kills …", flush=True)

    with tempfile.TemporaryDirectory(prefix="crash-soak-") as temp:
        threads = []
        for number in range(jobs):
            folder = Path(temp) / str(number)
            folder.mkdir()
            threads.append(threading.Thread(target=job, args=(number, folder)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    total = Tally()
    for tally in tallies:
        for f in fields(Tally):
            if f.type in ("int", int):
                setattr(total, f.name, getattr(total, f.name) + getattr(tally, f.name))
    total.backups = max(t.backups for t in tallies)
    return total, failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    tally, failures = soak(args.kills, args.jobs, args.seed)
    elapsed = time.perf_counter() - started
    print(f"kills (SIGKILL):                     {tally.kills}")
    print(f"  of which inside a commit (journal left behind): {tally.journals_left}")
    print(f"  of which before the file was open: {tally.killed_before_ready}")
    print(f"acknowledged edits verified:         {tally.acknowledged}")
    print(f"unacknowledged last edit kept / rolled back: {tally.pending_kept} / {tally.pending_dropped}")
    print(f"backups checked (most at once):      {tally.backups}")
    print(f"failed checks:                       {len(failures)}")
    print(f"time: {elapsed:.0f} s ({elapsed / max(tally.kills, 1) * 1000:.0f} ms per kill)")
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures or tally.kills < args.kills else 0


if __name__ == "__main__":
    sys.exit(main())
