"""Screenshots of each tab with the demo package, as a user sees them at 1366×768.

    .venv/bin/python docs/make_screenshots.py [--out docs/screenshots] [--scale 1.5]

Runs on Qt's offscreen platform with a throwaway settings and data folder, so it neither
reads nor changes the user's own. ``--scale 1.5`` sets QT_SCALE_FACTOR (150 % scaling of a
1366×768 screen leaves a 911×512 window) and adds ``-150`` to the file names.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1366, 768)
TASKBAR = 40
"""A maximised window on a 1366×768 screen loses this much to the Windows taskbar."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="perf-filing-shots-"))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtWidgets import QApplication  # noqa: TID251 - a desktop script kept beside its output

    from desktop.app import choose_font
    from desktop.main_window import MainWindow
    from perfcore import assets
    from perfcore.exchange import load_json
    from perfcore.store import ReportFile

    app = QApplication([])
    choose_font(app)
    report_path = scratch / "demo.jxzp"
    ReportFile.create(report_path, load_json(assets.demo_json())).close()

    window = MainWindow()
    width = round(SCREEN[0] / args.scale)
    height = round((SCREEN[1] - TASKBAR) / args.scale)
    window.resize(width, height)
    window.open_path(report_path)
    window.show()
    app.processEvents()
    assert window.tabs is not None and window.ops is not None
    window.ops.run_checks_now()

    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"-{round(args.scale * 100)}"
    names = ("table1-overall", "table2-funds", "table3-indicators")
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        for _ in range(3):
            app.processEvents()
        target = args.out / f"{name}{suffix}.png"
        window.grab().save(str(target))
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    # 表3 again with a checklist indicator chosen: its 计分规则 as a form beside the tree.
    window.focus_pointer("/indicators/tree/1/children/1/children/3/rule/items/0/met")
    for _ in range(3):
        app.processEvents()
    target = args.out / f"table3-indicator-editor{suffix}.png"
    window.grab().save(str(target))
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
