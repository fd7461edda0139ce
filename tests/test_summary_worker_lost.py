"""汇总: a worker process that dies (killed by the out-of-memory killer or a user) does not end the
run with a traceback: the files it had not read are refusals, the rest are rows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from summary_support import write_units
from summary_worker_crash import read_chunk_or_die

from perfcore import cli
from perfcore.summary import run


def test_a_dead_worker_leaves_refusals_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "units"
    paths = write_units(folder, 6, seed=2, projects=(0, 1))
    shutil.copy(paths[0], folder / "unit-zz-crash.jxzp")  # read last
    monkeypatch.setattr(run, "read_chunk", read_chunk_or_die)
    monkeypatch.setattr(run, "_MAX_CHUNK", 1)
    out = tmp_path / "汇总.json"

    assert cli.main(["summary", str(folder), "-o", str(out), "--jobs", "2"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    refused = {Path(r["path"]).name: r["reason"] for r in doc["refused"]}
    assert refused["unit-zz-crash.jxzp"] == run.WORKER_LOST
    assert set(refused.values()) == {run.WORKER_LOST}
    assert len(doc["units"]) + len(refused) == 7 and doc["units"]
