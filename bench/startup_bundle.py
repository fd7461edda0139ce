"""Start-up of the bundle against an empty PySide6 window, both measured in this run.

    .venv/bin/python bench/startup_bundle.py [--bundle dist/perf-filing/perf-filing] [--runs 7]

Launch to first window: the time from starting the process to the line it prints right after
its first window is shown. The app prints that line and quits when started with
PERF_FILING_EXIT_AFTER_SHOW=1; the baseline is a bare QWidget doing the same from the venv's
Python; the same program run from the venv shows what the bundling itself costs. Uses the screen
in $DISPLAY when there is one, else Qt's offscreen platform. Goal: ratio under 1.5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EMPTY_WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv)
window = QWidget()
window.resize(800, 600)
window.show()
# The first pass of the event loop runs once the window has been shown, as in the app.
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
sys.exit(app.exec())
"""


def time_to_first_line(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _, err = process.communicate(timeout=60)
    if not line or process.returncode != 0:
        raise SystemExit(f"{command[0]} printed no line after showing (exit {process.returncode}):\n{err}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "perf-filing" / "perf-filing")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.bundle.exists():
        parser.error(f"no bundle at {args.bundle}: build it with installer/build bundle")

    env = dict(os.environ, PERF_FILING_EXIT_AFTER_SHOW="1")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = env.get("QT_QPA_PLATFORM", "screen " + env.get("DISPLAY", env.get("WAYLAND_DISPLAY", "")))

    commands = {
        "empty PySide6 window": [sys.executable, "-c", EMPTY_WINDOW],
        "perf-filing bundle": [str(args.bundle)],
        # The same program from the venv tells the bundle's own cost from the program's.
        "perf-filing from venv": [sys.executable, "-m", "desktop.app"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    # One unmeasured start of each fills the disk cache; then the two alternate, so that a
    # slow moment of the machine falls on both.
    for command in commands.values():
        time_to_first_line(command, env)
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(time_to_first_line(command, env))

    print(f"launch to first window, median of {args.runs} ({platform}):")
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, median in medians.items():
        print(f"  {name:23s} {median * 1000:7.0f} ms  (min {min(samples[name]) * 1000:.0f} ms)")
    # Other work on the machine only ever adds time, so the minimum is the steadier figure when
    # the medians wander.
    minimums = {name: min(values) for name, values in samples.items()}
    for label, figures in (("median", medians), ("minimum", minimums)):
        baseline = figures["empty PySide6 window"]
        print(
            f"ratio of {label}s: bundle / empty window {figures['perf-filing bundle'] / baseline:.2f}"
            f" (goal < 1.5), venv / empty window {figures['perf-filing from venv'] / baseline:.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
