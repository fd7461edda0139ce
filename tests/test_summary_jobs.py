"""汇总 --jobs: more worker processes than the machine has processors are not started (each only
adds memory; Windows refuses more than 61), and nonsense is refused with one line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from summary_support import write_units

from perfcore import cli
from perfcore.summary import run


def test_jobs_beyond_the_processors_start_no_more_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(p) for p in write_units(tmp_path, 6, seed=1, projects=(0, 0))]
    started: list[int] = []
    real = run.ProcessPoolExecutor

    def counting(*args: Any, **kwargs: Any) -> Any:
        started.append(kwargs["max_workers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(run, "ProcessPoolExecutor", counting)
    monkeypatch.setattr(run.os, "cpu_count", lambda: 2)
    collected = run.collect(paths, jobs=100)
    assert len(collected.units) == 6
    assert started == [2]
    monkeypatch.setattr(run.os, "cpu_count", lambda: 1)
    assert len(run.collect(paths, jobs=100).units) == 6
    assert started == [2]  # one processor: read in this process
    monkeypatch.setattr(run.os, "cpu_count", lambda: 128)
    assert run.worker_count(100, 1000) == 61


@pytest.mark.parametrize("jobs", ["0", "-1", "x"])
def test_nonsense_jobs_are_refused(tmp_path: Path, jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    write_units(tmp_path, 1, seed=1, projects=(0, 0))
    try:
        code = cli.main(["summary", str(tmp_path), f"--jobs={jobs}"])
    except SystemExit as exc:  # argparse's own refusal of a non-number
        code = exc.code  # type: ignore[assignment]
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--jobs" in err and "Traceback" not in err
    assert os.listdir(tmp_path) == ["unit-0000.jxzp"]
