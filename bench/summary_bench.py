"""汇总 of 2,000 unit files: time and peak memory against the floor of merely reading them.

    .venv/bin/python bench/summary_bench.py [--units 2000] [--jobs 2] [--folder DIR]

Generates ``--units`` report files (the demo's framework, 20–60 leaves and 0–5 项目支出绩效自评表 each, random figures
and scores; ``tests/summary_support.py``) into ``--folder`` (kept and reused when given:
generating is slow, every file is written with an fsync), then measures in the same run:

1. the floor: open each file read-only and ``SELECT`` every row of every table, serially
   in one process, and the same spread over ``--jobs`` processes;
2. ``perfcore summary FOLDER -o summary.xlsx --jobs N`` as a user runs it (a fresh
   process: start-up, discovery, reading — structure check, package, scores, checks,
   fingerprint — joining, and writing the workbook), with the peak memory of the whole
   process tree sampled every 20 ms from /proc.

Prints the times, the CPU time of the summary's processes (what a loaded machine stretches
least) and the ratio summary / floor. Goal: < 15 s and < 1 GB for 2,000 files on
the 2-core development machine. Not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from summary_support import write_units  # noqa: E402

GOAL_S = 15.0
GOAL_MB = 1024.0
TABLES = ("meta", "overall", "repair_item", "fund", "fund_item", "node")


def read_floor(paths: list[str]) -> int:
    rows = 0
    for path in paths:
        conn = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True)
        for table in TABLES:
            rows += len(conn.execute(f"SELECT * FROM {table}").fetchall())
        conn.close()
    return rows


def floor_parallel(paths: list[str], jobs: int) -> float:
    start = time.perf_counter()
    chunks = [paths[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as pool:
        sum(pool.map(read_floor, chunks))
    return time.perf_counter() - start


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def tree_rss_kb(pid: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of a process and all its descendants, from /proc; ``cpu`` gets each
    one's user + system seconds so far."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            if cpu is not None:
                with open(f"/proc/{current}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                cpu[current] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def run_summary(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "perfcore", "summary", str(folder), "-o", str(out), "--jobs", str(jobs)],
        env=env,
        stdout=subprocess.PIPE,
    )
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid, cpu))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output, _ = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"perfcore summary failed ({proc.returncode})")
    print("   ", output.decode().strip())
    # As last sampled (each process's last 20 ms are missed): the work the machine had to do,
    # which a loaded machine stretches far less than the elapsed time.
    return elapsed, peak / 1024, sum(cpu.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--folder", type=Path, default=None, help="where the unit files are kept (made if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = args.folder or Path(temp) / "units"
        existing = sorted(folder.glob("unit-*.jxzp")) if folder.is_dir() else []
        if len(existing) < args.units:
            start = time.perf_counter()
            write_units(folder, args.units - len(existing), start=len(existing))
            print(f"generated {args.units - len(existing)} unit files in {time.perf_counter() - start:.1f} s")
        paths = [str(p) for p in sorted(folder.glob("unit-*.jxzp"))[: args.units]]
        if len(paths) != len(list(folder.rglob("*.jxzp"))):
            raise SystemExit(f"{folder} holds other files too; give an empty or a generated folder")
        read_floor(paths[:50])  # warm the page cache for the floor as for the summary
        start = time.perf_counter()
        read_floor(paths)
        serial = time.perf_counter() - start
        parallel = floor_parallel(paths, args.jobs)
        elapsed, peak_mb, cpu_s = run_summary(folder, Path(temp) / "summary.xlsx", args.jobs)
    size = sum(Path(p).stat().st_size for p in paths) if args.folder else 0
    print(f"{len(paths)} unit files, {args.jobs} jobs, load average {os.getloadavg()[0]:.1f}")
    print(f"floor: open + SELECT every table: {serial:.2f} s serial, {parallel:.2f} s over {args.jobs} processes")
    print(f"perfcore summary → xlsx: {elapsed:.2f} s (goal < {GOAL_S:.0f} s), peak memory {peak_mb:.0f} MB (goal < {GOAL_MB:.0f} MB)")
    print(f"CPU time of the summary's processes: {cpu_s:.1f} s ({cpu_s / len(paths) * 1000:.1f} ms per file), "
          f"{cpu_s / args.jobs:.1f} s spread over {args.jobs} cores")
    print(f"ratio: {elapsed / serial:.1f}× the serial floor, {elapsed / parallel:.1f}× the parallel floor")
    if size:
        print(f"files: {size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
