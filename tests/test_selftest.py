"""`perf-filing --self-test` run from the source tree (CI also runs it in the bundle and the .deb)."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal

import pytest

from desktop import selftest


@pytest.mark.gui
def test_self_test_passes_on_the_demo_package() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop.selftest"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(lines) == 1
    assert lines[0].startswith("perf-filing 自检通过")
    assert "得分 93.00（优）" in lines[0]
    assert "Word " in lines[0] and "Excel 3 个工作表" in lines[0]
    assert "汇总 4 个文件（2 个进程）" in lines[0]


@pytest.mark.gui
def test_self_test_fails_naming_the_step(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(selftest, "EXPECTED_TOTAL", Decimal("92.00"))
    assert selftest.main() == 1
    assert capsys.readouterr().out.strip() == "perf-filing 自检失败：第3步 评分 — 得分 93.00，应为 92.00"


@pytest.mark.gui
def test_self_test_fails_when_the_summary_workers_cannot_read(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The 汇总 step reports what its worker processes refused (a bundle whose workers cannot
    start or import would refuse every file)."""
    from perfcore.summary import run as summary_run
    from perfcore.summary.rows import Collected, Refusal

    def refused(paths: list[str], jobs: int = 1) -> Collected:
        assert jobs == 2
        return Collected(refused=[Refusal(path, "文件已损坏") for path in paths])

    monkeypatch.setattr(summary_run, "collect", refused)
    assert selftest.main() == 1
    assert capsys.readouterr().out.strip() == "perf-filing 自检失败：第9步 汇总 — 汇总无法读取：文件已损坏"
