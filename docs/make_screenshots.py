"""Screenshots of each tab with the demo package, as a user sees them at 1366×768.

    .venv/bin/python docs/make_screenshots.py [--out docs/screenshots] [--scale 1.5] [--screen 1920x1080]

Runs on Qt's offscreen platform with a throwaway settings and data folder, so it neither
reads nor changes the user's own. ``--scale 1.5`` sets QT_SCALE_FACTOR (150 % scaling of a
1366×768 screen leaves a 911×512 window) and adds ``-150`` to the file names; ``--screen WxH``
shoots on another screen (the window maximised on it, less a taskbar) and adds ``-WxH``. Besides the
tabs (基础数据 with a figure chosen): the start page, 失分分析 (with a 试算 open), 打印预览, 备份与恢复, 设置, 新建 (the template library), 汇总与复核
(with a unit's 复核 window), 项目支出 (on the tests' three-project package), 新建下一年度 and 表1 of a carried
package with 同比.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1366, 768)
TASKBAR = 40
"""A maximised window on a 1366×768 screen loses this much to the Windows taskbar."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--screen", type=_screen, default=SCREEN, help="WxH, e.g. 1024x768 (default 1366x768)")
    args = parser.parse_args()
    screen: tuple[int, int] = args.screen

    scratch = Path(tempfile.mkdtemp(prefix="perf-filing-shots-"))
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    os.environ["XDG_DATA_HOME"] = str(scratch / "data")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import Qt  # noqa: TID251 - a desktop script kept beside its output
    from PySide6.QtPdf import QPdfDocument  # noqa: TID251
    from PySide6.QtWidgets import QApplication, QWidget  # noqa: TID251

    from desktop import preview
    from desktop.app import choose_font
    from desktop.app_settings import ORGANIZATION, settings
    from desktop.main_window import MainWindow
    from desktop.settings_dialog import SettingsDialog
    from desktop.template_dialogs import NewReportDialog
    from perfcore import assets
    from perfcore.exchange import load_json
    from perfcore.store import ReportFile
    from perfcore.templates.framework import save_as_template

    # As the program names itself (its data folder, where backups go, follows the name).
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(ORGANIZATION)
    app = QApplication([])
    choose_font(app)
    report_path = scratch / "演示-石峰区优化营商环境协调事务中心-2019.jxzp"
    ReportFile.create(report_path, load_json(assets.demo_json())).close()
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.scale == 1.0 else f"-{round(args.scale * 100)}"
    if screen != SCREEN:
        suffix += f"-{screen[0]}x{screen[1]}"

    def settle(until: Callable[[], bool] = lambda: True, seconds: float = 0.0) -> None:
        deadline = time.monotonic() + 20
        while not until() and time.monotonic() < deadline:
            app.processEvents()
        end = time.monotonic() + seconds
        while True:
            app.processEvents()
            if time.monotonic() >= end:
                break

    def shoot(widget: QWidget, name: str) -> None:
        target = args.out / f"{name}{suffix}.png"
        widget.grab().save(str(target))
        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)

    window = MainWindow()
    width = round(screen[0] / args.scale)
    height = round((screen[1] - TASKBAR) / args.scale)
    window.resize(width, height)
    window.show()
    settle(lambda: window.printing is not None, 0.2)
    shoot(window, "start-page")
    window.open_path(report_path)
    window.show()
    app.processEvents()
    assert window.tabs is not None and window.ops is not None
    window.ops.run_checks_now()

    names = ("table1-overall", "table2-funds", "table3-indicators")
    for index, name in enumerate(names):
        window.tabs.setCurrentIndex(index)
        settle(seconds=0.1)
        shoot(window, name)
    # 表3 again with a checklist indicator chosen: its 计分规则 as a form beside the tree.
    window.focus_pointer("/indicators/tree/1/children/1/children/3/rule/items/0/met")
    settle(seconds=0.1)
    shoot(window, "table3-indicator-editor")
    # 基础数据 with 本年度“三公经费”预算数 chosen: the indicators that read it, its carry.
    window.focus_pointer("/figures/0")
    settle(seconds=0.1)
    shoot(window, "figures")
    # 失分分析 in the checks dock, with a 试算 open on a figure: the totals bar shows the trial.
    dock = window.checks_dock
    dock.pages.setCurrentWidget(dock.explain)
    window.resizeDocks([dock], [round(height * 0.45)], Qt.Orientation.Vertical)
    hint = dock.explain.item_for("/figures/2/value")  # 预算安排公用经费总额
    assert hint is not None
    dock.explain.tree.setCurrentItem(hint)
    dock.explain.tree.itemClicked.emit(hint, 0)
    settle(seconds=0.2)
    shoot(window, "explain")
    dock.explain.discard()
    dock.pages.setCurrentIndex(0)
    window.resizeDocks([dock], [max(90, height // 4)], Qt.Orientation.Vertical)
    window.tabs.setCurrentIndex(0)

    # 打印预览: the PDF renders on a pool thread, then QPdfView paints its pages asynchronously.
    commands = window.printing
    assert isinstance(commands, preview.PrintCommands)
    commands.preview()
    settle(lambda: bool(commands.previews))
    shown = next(iter(commands.previews))
    # The size the preview takes on the screen (the offscreen screen is smaller).
    shown.resize(min(1000, width), round((screen[1] - TASKBAR - 80) / args.scale))
    settle(lambda: shown.document.status() == QPdfDocument.Status.Ready, 1.5)
    shoot(shown, "print-preview")
    shown.close()

    backups = window.show_backups()
    assert backups is not None
    settle(seconds=0.1)
    shoot(backups, "backups")
    backups.close()


    dialog = SettingsDialog(settings(), window)
    dialog.show()
    settle(lambda: dialog.loaded, 0.1)
    shoot(dialog, "settings")
    dialog.close()

    # 新建: the template library (a framework saved from the demo is listed as the user's own).
    save_as_template(window.ops.package, "本局 2019 指标框架")
    new_dialog = NewReportDialog(window)
    new_dialog.resize(round(960 / args.scale), round(600 / args.scale))
    new_dialog.select_template("mof-2013-53-department")
    new_dialog.show()
    settle(seconds=0.2)
    shoot(new_dialog, "new-report")
    new_dialog.close()

    # 汇总与复核: a county's worth of generated units, the demo, a damaged file, one review.
    sys.path.insert(0, str(ROOT / "tests"))
    from summary_support import write_units

    from desktop.ops import SummaryOps
    from desktop.summary_window import COL_UNIT, SummaryWindow

    units = scratch / "收到的报告"
    write_units(units, 23, seed=2019)
    ReportFile.create(units / "石峰区优化营商环境协调事务中心.jxzp", load_json(assets.demo_json())).close()
    (units / "某单位（传输中断）.jxzp").write_bytes(b"SQLite format 3\x00" + bytes(900))
    summary = SummaryWindow(window, SummaryOps(jobs=1))
    summary.resize(width, height)
    summary.show()
    summary.start([str(units)])
    settle(lambda: not summary.ops.running, 0.1)
    summary.ops.create_review(scratch / "复核.jxzh")
    first = summary.ops.collected.units[0]
    summary.ops.save_review(first, first.lost[2].path, first.lost[2].name, "0.80", "佐证材料不足", "建议补充会议纪要", "财政局 李四")
    settle(seconds=0.2)
    shoot(summary, "summary")
    reviewed = next(r for r in range(summary.proxy.rowCount()) if summary.proxy.index(r, COL_UNIT).data() == first.unit)
    summary.table.doubleClicked.emit(summary.proxy.index(reviewed, COL_UNIT))
    unit_window = summary.unit_windows[0]
    unit_window.resize(width, height)
    unit_window.tabs.setCurrentIndex(2)
    unit_window.review_panel.table.selectRow(3)
    settle(seconds=0.3)
    shoot(unit_window, "summary-review")
    summary.close()

    # 项目支出: the worked /2 package of the tests (three projects, 定性 rows), 城区道路维修 chosen.
    from format2_support import three_projects_doc

    from desktop.project_model import G_ACTUAL
    from desktop.tabs.projects import ProjectsTab
    from perfcore.exchange import package_from_doc

    projects_path = scratch / "某某区城市管理局-2021.jxzp"
    ReportFile.create(projects_path, package_from_doc(three_projects_doc())).close()
    window.open_path(projects_path)
    assert window.tabs is not None and window.ops is not None
    window.ops.run_checks_now()
    tab = window.tabs.show_form("projects")
    assert isinstance(tab, ProjectsTab) and tab.form is not None
    tab.form.grid_view.setCurrentIndex(tab.form.grid_model.index(2, G_ACTUAL))  # the 定性 row
    settle(seconds=0.2)
    window.resizeDocks([dock], [max(90, height // 4)], Qt.Orientation.Vertical)
    settle(seconds=0.1)
    shoot(window, "projects")
    indicators = tab.form.grid_view.parentWidget()  # the 绩效指标 section, scrolled to the top
    tab.form.verticalScrollBar().setValue(indicators.y())
    settle(seconds=0.1)
    shoot(window, "projects-indicators")

    # 新建下一年度 from the demo (with a 年末结余 to carry), then 表1 of 2020 with 同比 beside each figure.
    from decimal import Decimal

    from desktop.next_year_dialog import NextYearDialog
    from perfcore.next_year import next_year

    last = load_json(assets.demo_json())
    last.overall.balance_year_end = Decimal("600000.00")
    last_path = scratch / "石峰区优化营商环境协调事务中心2019年度.jxzp"
    ReportFile.create(last_path, last).close()
    window.open_path(last_path)
    next_dialog = NextYearDialog(window)
    next_dialog.keep_texts.setChecked(True)
    next_dialog.show()
    settle(seconds=0.2)
    shoot(next_dialog, "next-year")
    next_dialog.close()
    carried = next_year(last, file_name=last_path.name).package
    for name, yuan in (("budget_initial", "100000"), ("income_total", "800000"), ("income_fiscal", "780000")):
        setattr(carried.overall, name, Decimal(yuan))
    carried.overall.staff_actual = 6
    carried_path = scratch / "石峰区优化营商环境协调事务中心2020年度.jxzp"
    ReportFile.create(carried_path, carried).close()
    window.close()
    carried_window = MainWindow()
    carried_window.resize(width, height)
    carried_window.show()
    carried_window.open_path(carried_path)
    carried_window.checks_dock.hide()  # the whole height for the form: the unit's figures and the budget's
    settle(seconds=0.3)
    carried_window.resize(width, height)  # the first start maximises to the (small) offscreen screen
    settle(seconds=0.3)
    shoot(carried_window, "table1-year-on-year")
    carried_window.close()
    return 0


def _screen(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(f"“{text}”不是 宽x高，如 1920x1080")
    return int(width), int(height)


if __name__ == "__main__":
    raise SystemExit(main())
