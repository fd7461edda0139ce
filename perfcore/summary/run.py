"""Reading many unit files at once: worker processes, results as they come, cancellable.

Reading a file is CPU work (SQLite's structure check, parsing, scoring, checks), so the
files are spread over processes, a chunk at a time. Results are yielded as chunks finish,
with their index in the source list, so that a caller can fill a table progressively and
stop at any moment; closing the generator cancels the chunks not yet started.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Generator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext

from perfcore.summary.rows import Collected, Refusal, UnitRow
from perfcore.summary.sources import Result, read_chunk, read_source

# Enough chunks per worker that the last ones finish together; few enough that the hop
# to a process is paid on dozens of files, not one.
_CHUNKS_PER_JOB = 8
_MAX_CHUNK = 32
WORKER_LOST = "读取它的汇总进程意外终止（内存不足或被结束），未能读取；请重新汇总"


# ProcessPoolExecutor refuses more than 61 workers on Windows.
_MOST_JOBS = 61


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def worker_count(jobs: int, files: int) -> int:
    """Processes to start: reading is CPU work, so more than the machine's processors only
    costs memory (each worker holds a copy of the program); never more than the files."""
    return max(1, min(jobs, default_jobs(), _MOST_JOBS, files))


def _context() -> BaseContext:
    # Plain fork only from a process with one thread (the command line): the desktop has
    # threads (Qt's), and a forked copy of a threaded process can deadlock. Forking the command
    # line itself spares starting a fork server, which is a new interpreter importing the
    # readers again before the first file is read (half a second of the run, one core idle).
    # Elsewhere the fork server is forked from a clean process instead. A frozen bundle starts
    # its workers by spawning itself (installer/entry.py calls freeze_support).
    frozen = getattr(sys, "frozen", False)
    if not frozen and sys.platform.startswith("linux") and _single_threaded():
        return multiprocessing.get_context("fork")
    if not frozen and sys.platform != "win32" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["perfcore.summary.sources"])
        return context
    return multiprocessing.get_context("spawn")


def _single_threaded() -> bool:
    """Whether this process has one thread of any kind (Qt's threads are not Python's)."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def iter_results(paths: Sequence[str], jobs: int = 1) -> Generator[tuple[int, Result], None, None]:
    """``(index in paths, row or refusal)`` for every path, in the order they finish."""
    jobs = worker_count(jobs, len(paths))
    if jobs <= 1 or len(paths) <= 1:
        for i, path in enumerate(paths):
            yield i, read_source(path)
        return
    size = max(1, min(_MAX_CHUNK, len(paths) // (jobs * _CHUNKS_PER_JOB) or 1))
    starts = range(0, len(paths), size)
    executor = ProcessPoolExecutor(max_workers=min(jobs, len(starts)), mp_context=_context())
    try:
        pending: dict[Future[list[Result]], int] = {
            executor.submit(read_chunk, list(paths[s : s + size])): s for s in starts
        }
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                start = pending.pop(future)
                try:
                    chunk = future.result()
                except BrokenProcessPool:
                    # A worker killed from outside (the out-of-memory killer, a user) breaks
                    # the pool: every file not yet read is a refusal, the run still ends.
                    chunk = [Refusal(p, WORKER_LOST) for p in paths[start : start + size]]
                for offset, result in enumerate(chunk):
                    yield start + offset, result
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def collect(paths: Sequence[str], jobs: int = 1) -> Collected:
    """Every path read, units and refusals each in the order of ``paths``."""
    results: list[Result | None] = [None] * len(paths)
    for index, result in iter_results(paths, jobs):
        results[index] = result
    out = Collected()
    for entry in results:
        if isinstance(entry, UnitRow):
            out.units.append(entry)
        elif isinstance(entry, Refusal):
            out.refused.append(entry)
    return out
