"""Edit a report file while its disk is full; print what happened as one JSON document.

Run as ``python tests/disk_full_worker.py MODE FOLDER`` where MODE says how the disk fills:

* ``tmpfs``: FOLDER is a small tmpfs (mounted by the caller in its own mount namespace);
  a filler file takes the remaining space, so writes fail with ENOSPC — a real full disk;
* ``rlimit``: the soft RLIMIT_FSIZE is lowered below the report's size (SIGXFSZ ignored),
  so writes past it fail with EFBIG — where mounting is not allowed.

The test checks the JSON: edits refused with one line of Chinese, the model still equal
to the file, every edit committed before and after the full disk present, the file whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from perfcore import assets, exchange
from perfcore.store import ReportFile, StoreError


class Disk:
    def __init__(self, mode: str, folder: Path) -> None:
        self.mode = mode
        self.filler = folder / "filler.bin"

    def fill(self) -> None:
        if self.mode == "rlimit":
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (16 * 1024, hard))
            return
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"\0" * 65536)
        except OSError:
            pass
        try:
            while True:
                os.write(fd, b"\0")
        except OSError:
            pass
        os.close(fd)

    def free(self) -> None:
        if self.mode == "rlimit":
            _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
        else:
            self.filler.unlink()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "perfcore", *args], capture_output=True, text=True, timeout=120)
    return {"code": result.returncode, "stderr": result.stderr}


def attempt(action: Any) -> str | None:
    try:
        action()
    except StoreError as exc:
        return str(exc)
    return None


def main() -> None:
    mode, folder = sys.argv[1], Path(sys.argv[2])
    disk = Disk(mode, folder)
    path = folder / "报告.jxzp"
    path.with_name("demo.json").write_bytes(assets.demo_json())
    ReportFile.create(path, exchange.load_json(assets.demo_json())).close()
    out: dict[str, Any] = {}
    report = ReportFile.open(path)
    funds_before = len(report.package.special_funds)
    report.set("/overall/staff_actual", 11)

    disk.fill()
    big_fund = {"name": "新增专项", "overview": "情况说明" * 50_000, "items": [{"name": "明细", "amount": "1.00"}]}
    out["refused_insert"] = attempt(lambda: report.insert("/special_funds", 0, big_fund))
    out["model_after_refusal"] = {
        "staff_actual": report.get("/overall/staff_actual"),
        "funds": len(report.package.special_funds),
    }
    with ReportFile.open(path, read_only=True) as viewer:
        out["model_matches_file"] = exchange.package_to_doc(report.package) == exchange.package_to_doc(viewer.package)
    file_sum = sha256(path)
    out["cli"] = {
        "import": cli("import", "--force", str(path.with_name("demo.json")), str(folder / "新.jxzp")),
        "export": cli("export", str(path), str(folder / "导出.json")),
        "pdf": cli("pdf", str(path), "-o", str(folder / "打印.pdf")),
    }
    out["file_untouched_by_cli"] = sha256(path) == file_sum
    out["left_behind"] = sorted(p.name for p in folder.iterdir() if p.name not in ("报告.jxzp", "报告.jxzp.lock", "filler.bin", "demo.json"))

    disk.free()
    out["edit_after_freeing"] = attempt(lambda: report.set("/overall/staff_actual", 13))
    report.close()
    with ReportFile.open(path) as reopened:
        out["integrity"] = reopened.connection().execute("PRAGMA integrity_check").fetchone()[0]
        out["reopened"] = {
            "staff_actual": reopened.package.overall.staff_actual,
            "funds": len(reopened.package.special_funds),
            "funds_before": funds_before,
        }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
