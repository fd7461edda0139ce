"""The one window: menus, toolbar, the totals bar, a tab per form and the checks dock.

One report file is open at a time; each opened file gets its own ``Ops`` and fresh tabs.
Every edit is in the file the moment it is made, so closing never asks to save.

The window shows before the core is imported (the store pulls in SQLite helpers that take a
third of a second to load): the modules that touch a report file are imported where a file is
opened, so the first window appears in about the time of an empty one. The first frame holds
only the menus, the toolbar and the start page; the checks dock and the print commands are
built once it has been painted (``complete``). Nothing on that path touches the ``Qt``
namespace: the first touch makes PySide6 create its ~90 enum classes (20 ms), so the modules
that need it import it where it is used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.app_settings import APP_TITLE, settings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent, QShowEvent
    from PySide6.QtWidgets import QMessageBox

    from desktop.checks_dock import ChecksDock
    from desktop.form_tabs import FormTabs
    from desktop.ops import Ops
    from desktop.preview import PrintCommands
    from desktop.tabs.funds import FundsTab
    from desktop.tabs.indicators import IndicatorsTab
    from desktop.tabs.overall import OverallTab
    from desktop.totals_bar import TotalsBar
    from perfcore.store import ReportFile

MAX_RECENT = 8
GRIP_WIDTH = 48
GRIP_LINES = (-1, 1)
"""Two short lines across the middle of the dock's handle, 2 px apart."""
SMALL_SCREEN = (1440, 900)
"""Below this (available) size the first start opens maximised."""
TabT = TypeVar("TabT", bound=QWidget)
NEXT_TAB_KEYS = ("Ctrl+PgDown", "Ctrl+Tab")
PREVIOUS_TAB_KEYS = ("Ctrl+PgUp", "Ctrl+Shift+Tab", "Ctrl+Shift+Backtab")
"""Shift+Tab arrives as Backtab on some platforms; both are listed."""


def install_printing(window: MainWindow) -> PrintCommands:
    """打印预览, 打印 and 导出 PDF (desktop.preview), built after the first paint."""
    from desktop.preview import install

    return install(window)


def centred(column: QBoxLayout, widget: QWidget) -> None:
    """Add ``widget`` to ``column`` centred between stretches (no alignment flag: see above)."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    column.addLayout(row)


class StartPage(QWidget):
    """Shown when no file is open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        column = QVBoxLayout(self)
        # A fixed distance from the top, not centred: the checks dock joins after the first
        # frame and would move centred text up under the user's eyes.
        column.addSpacing(120)
        title = QLabel(APP_TITLE, self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        title.setFont(font)
        centred(column, title)
        centred(column, QLabel("请新建或打开一个报告文件。每一处修改都会立即保存到文件中。", self))
        for text, slot in (("新建报告…", window.new_report), ("打开报告文件…", window.open_dialog)):
            button = QPushButton(text, self)
            button.setMinimumWidth(220)
            button.clicked.connect(slot)
            centred(column, button)
        column.addStretch(1)


class OpeningPage(QWidget):
    """The first frame while the file named on the command line is opened."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.addStretch(1)
        centred(column, QLabel("正在打开报告文件…", self))
        column.addStretch(1)


class AfterFirstPaint(QObject):
    """Calls ``then`` on the event loop's next pass after ``widget`` was first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
            self.deleteLater()
        return False


class MainWindow(QMainWindow):
    """The application window. ``ops`` is None while no file is open."""

    report_opened = Signal(object)
    """The new Ops, after a file was opened (the PDF helper's actions hook here). Declared as
    object: naming Ops would import the core before the first frame (see the module's note)."""

    def __init__(self) -> None:
        super().__init__()
        self.ops: Ops | None = None
        self.tabs: FormTabs | None = None
        self.totals: TotalsBar | None = None
        self.messages: list[QMessageBox] = []
        self.printing: PrintCommands | None = None
        self._dock: ChecksDock | None = None
        self._dock_wanted = True
        """The user wants the checks dock beside a report (显示审核结果 is on)."""
        self._dock_height = 0
        self._placing_dock = False
        self.setWindowTitle(APP_TITLE)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.statusBar()
        self._show_start_page()
        self._restore_geometry()

    def complete(self) -> None:
        """Build what the first frame does not show: the checks dock and the print commands.

        Runs once, right after the first paint, or earlier when something needs them.
        """
        if self._dock is not None:
            return
        from PySide6.QtCore import Qt

        from desktop.checks_dock import ChecksDock

        dock = self._dock = ChecksDock(self)
        dock.activated.connect(self.focus_pointer)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.action_show_checks = dock.toggleViewAction()
        self.action_show_checks.setText("显示审核结果(&S)")
        self.check_menu.addAction(self.action_show_checks)
        self.printing = install_printing(self)
        self._install_input_guards()
        state = settings().value("window_state") if self._geometry_restored else None
        self._dock_unsized = not isinstance(state, QByteArray) or not self.restoreState(state)
        if not self._dock_unsized:
            wanted = settings().value("checks_dock_shown", True)
            self._dock_wanted = wanted not in (False, "false")  # INI files give "false" back
        dock.visibilityChanged.connect(self._dock_visibility)
        self._place_dock()
        if self.isVisible():
            self._size_dock()

    def _install_input_guards(self) -> None:
        """The mouse wheel changes no value unasked; Ctrl+Z/Ctrl+Y undo and redo and Ctrl+PgUp/PgDn
        and Ctrl+Tab switch tabs wherever the focus is; the focused field wears a ring."""
        from PySide6.QtWidgets import QApplication

        from desktop import file_dialogs, focus_ring, undo_keys, wheel_guard

        app = QApplication.instance()
        assert isinstance(app, QApplication)
        wheel_guard.install(app)
        focus_ring.install(app)
        file_dialogs.install(app)
        self.action_redo.setShortcuts(undo_keys.redo_shortcuts())
        undo_keys.install(
            self,
            [
                *self.action_undo.shortcuts(),
                *self.action_redo.shortcuts(),
                *self.action_next_tab.shortcuts(),
                *self.action_prev_tab.shortcuts(),
            ],
        )

    def _place_dock(self) -> None:
        """The checks dock shows with a report and hides on the start page (it would list the
        findings of nothing); the user's own choice (显示审核结果) is kept for the next report."""
        dock = self._dock
        if dock is None:
            return
        show = self.ops is not None and self._dock_wanted
        # Always set, never skipped as "already so": a dock just added to a shown window is
        # hidden without being hidden on purpose, and the window's layout would show it later.
        if not show and dock.isVisible():
            self._dock_height = dock.height()
        self._placing_dock = True
        try:
            dock.setVisible(show)
        finally:
            self._placing_dock = False

    def _dock_visibility(self, visible: bool) -> None:
        # The user's choice (the action, the dock's ×); not the start page's hiding.
        if not self._placing_dock and self.isVisible():
            self._dock_wanted = visible

    def _dock_height_wanted(self) -> int:
        """A quarter of the window on first run: the forms need the height more than the
        findings, all the more on a 768-pixel screen at 150 % scaling; then what it had."""
        if self._dock_unsized:
            self._dock_unsized = False
            return max(90, self.height() // 4)
        return self._dock_height

    def _keep_dock_height(self, height: int) -> None:
        from PySide6.QtCore import Qt

        if self._dock is not None and not self._dock.isHidden():
            self.resizeDocks([self._dock], [height], Qt.Orientation.Vertical)

    def _size_dock(self) -> None:
        if self._dock is not None and self._dock_unsized and not self._dock.isHidden():
            self._keep_dock_height(self._dock_height_wanted())

    @property
    def checks_dock(self) -> ChecksDock:
        self.complete()
        assert self._dock is not None
        return self._dock

    # ------------------------------------------------------------ actions and menus

    def _action(
        self, text: str, slot: object = None, shortcut: QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, self)
        # setShortcuts, not setShortcut: resolving the latter's overloads touches Qt's namespace.
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcuts([QKeySequence(shortcut)])
        if slot is not None:
            action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        std = self.style().standardIcon
        self.action_new = self._action("新建(&N)…", self.new_report, QKeySequence.StandardKey.New)
        self.action_new.setIcon(std(QStyle.StandardPixmap.SP_FileIcon))
        self.action_next_year = self._action("新建下一年度(&Y)…", self.new_next_year)
        self.action_next_year.setToolTip("由上年的报告文件新建下一年度：结转上年数，保留指标体系，清除上年结果")
        self.action_open = self._action("打开(&O)…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.action_open.setIcon(std(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.action_save_as = self._action("另存为(&A)…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self.action_save_as.setIcon(std(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.action_backups = self._action("备份与恢复(&B)…", self.show_backups)
        self.action_summary = self._action("汇总与复核(&H)…", self.show_summary)
        self.action_summary.setToolTip("汇总多个单位的报告文件，记录复核意见，导出 Excel")
        self.action_save_template = self._action("另存为模板(&M)…", self.save_as_template)
        self.action_save_template.setToolTip("把本报告的指标框架（不含本单位的数字、得分和文字）保存为模板，新建时可选用")
        self.action_import_framework = self._action("从 Excel 导入指标框架(&K)…", self.import_excel_framework)
        self.action_import_framework.setToolTip("把主管部门下发的 Excel 指标表转换为模板（先显示转换报告）")
        self.action_import = self._action("导入 JSON(&I)…", self.import_json)
        self.action_export = self._action("导出 JSON(&E)…", self.export_json)
        # Wired by the print helper (desktop/preview.py); disabled until then.
        self.action_preview = self._action("打印预览(&V)…")
        self.action_preview.setIcon(std(QStyle.StandardPixmap.SP_FileDialogContentsView))
        self.action_print = self._action("打印(&P)…", None, QKeySequence.StandardKey.Print)
        self.action_export_pdf = self._action("导出 PDF(&D)…")
        for action in (self.action_preview, self.action_print, self.action_export_pdf):
            action.setEnabled(False)
            action.setToolTip("打印功能尚未安装")
        self.action_export_docx = self._action("导出 Word(&W)…", self.export_docx)
        self.action_export_docx.setToolTip("把报表导出为可编辑的 Word 文档")
        self.action_export_xlsx = self._action("导出 Excel(&L)…", self.export_xlsx)
        self.action_export_xlsx.setToolTip("把报表导出为 Excel 工作簿（每张表一个工作表，数字为数值）")
        self.action_report_settings = self._action("报告设置(&G)…", self.report_settings)
        self.action_report_settings.setToolTip("本报告包含的表和等级标准")
        self.action_settings = self._action("设置(&T)…", self.open_settings)
        self.action_settings.setToolTip("打印所用字体等设置")
        self.action_quit = self._action("退出(&X)", self.close, QKeySequence.StandardKey.Quit)
        self.action_undo = self._action("撤销(&U)", self.undo, QKeySequence.StandardKey.Undo)
        self.action_undo.setIcon(std(QStyle.StandardPixmap.SP_ArrowBack))
        self.action_redo = self._action("重做(&R)", self.redo, QKeySequence.StandardKey.Redo)
        self.action_redo.setIcon(std(QStyle.StandardPixmap.SP_ArrowForward))
        self.action_check = self._action("立即审核(&C)", self.run_checks, "F9")
        self.action_check.setIcon(std(QStyle.StandardPixmap.SP_DialogApplyButton))
        self.action_about = self._action("关于(&A)", self.about)
        self.action_guide = self._action("填报说明(&G)", self.show_guide, "F1")
        self.action_guide.setToolTip("填报说明：在任一栏目中按 F1，打开与该栏目有关的段落")
        # Tab navigation as in every tabbed program, wherever the focus is: a focused combo box
        # or spin box would take Ctrl+PgDn as a change of its value (see _install_input_guards).
        self.action_next_tab = self._action("下一张表(&N)", lambda: self.step_tab(+1))
        self.action_next_tab.setShortcuts([QKeySequence(k) for k in NEXT_TAB_KEYS])
        self.action_prev_tab = self._action("上一张表(&P)", lambda: self.step_tab(-1))
        self.action_prev_tab.setShortcuts([QKeySequence(k) for k in PREVIOUS_TAB_KEYS])
        self.addActions([self.action_next_tab, self.action_prev_tab])
        self.file_actions: tuple[QAction, ...] = (
            self.action_save_as,
            self.action_report_settings,
            self.action_backups,
            self.action_export,
            self.action_export_docx,
            self.action_export_xlsx,
            self.action_save_template,
            self.action_undo,
            self.action_redo,
            self.action_check,
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.action_new, self.action_next_year, self.action_open])
        self.recent_menu = QMenu("最近打开的文件(&R)", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.action_save_as)
        file_menu.addAction(self.action_backups)
        file_menu.addSeparator()
        file_menu.addAction(self.action_summary)
        file_menu.addSeparator()
        file_menu.addActions([self.action_save_template, self.action_import_framework])
        file_menu.addSeparator()
        file_menu.addActions([self.action_import, self.action_export])
        file_menu.addSeparator()
        file_menu.addActions([self.action_preview, self.action_print, self.action_export_pdf])
        file_menu.addActions([self.action_export_docx, self.action_export_xlsx])
        file_menu.addSeparator()
        file_menu.addActions([self.action_report_settings, self.action_settings])
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.action_undo, self.action_redo])
        self.check_menu = bar.addMenu("审核(&C)")
        self.check_menu.addAction(self.action_check)  # 显示审核结果 joins with the dock
        help_menu = bar.addMenu("帮助(&H)")
        help_menu.addActions([self.action_guide, self.action_about])

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar("常用")
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        # By the property's name: the enum would pull in the Qt namespace (see above).
        toolbar.setProperty("toolButtonStyle", "ToolButtonTextBesideIcon")
        toolbar.addActions([self.action_new, self.action_open, self.action_save_as])
        toolbar.addSeparator()
        toolbar.addActions([self.action_undo, self.action_redo])
        toolbar.addSeparator()
        toolbar.addActions(
            [self.action_check, self.action_preview, self.action_print, self.action_export_pdf]
        )

    # ------------------------------------------------------------ opening and closing files

    def show_opening(self) -> None:
        """What the first frame shows while the file named on the command line is opened."""
        self.setCentralWidget(OpeningPage(self))

    def show_start_page(self) -> None:
        if self.ops is None:
            self._show_start_page()

    def _show_start_page(self) -> None:
        self.setCentralWidget(StartPage(self))
        for action in self.file_actions:
            action.setEnabled(False)
        self.action_undo.setText("撤销(&U)")
        self.action_redo.setText("重做(&R)")
        if self._dock is not None:
            self._dock.attach(None)
            self._place_dock()
        self.setWindowTitle(APP_TITLE)

    # ------------------------------------------------------------ 文件 menu (desktop.file_commands)
    # The dialogs and message boxes load on first use: none is needed to show the window.

    def open_path(self, path: str | Path, read_only: bool = False) -> bool:
        """Open a report file; on refusal say why and keep what is open. True when opened."""
        from desktop import file_commands

        return file_commands.open_path(self, Path(path), read_only)

    def new_report(self) -> None:
        from desktop import file_commands

        file_commands.new_report(self)

    def new_next_year(self) -> None:
        from desktop.next_year_dialog import new_next_year

        new_next_year(self)

    def open_dialog(self) -> None:
        from desktop import file_commands

        file_commands.open_dialog(self)

    def save_as(self) -> None:
        from desktop import file_commands

        file_commands.save_as(self)

    def save_as_template(self) -> None:
        from desktop import template_commands

        template_commands.save_as_template(self)

    def import_excel_framework(self) -> None:
        from desktop import template_commands

        template_commands.import_excel_framework(self)

    def import_json(self) -> None:
        from desktop import file_commands

        file_commands.import_json(self)

    def export_json(self) -> None:
        from desktop import file_commands

        file_commands.export_json(self)

    def export_docx(self) -> None:
        from desktop import file_commands

        file_commands.export_office(self, "docx")

    def export_xlsx(self) -> None:
        from desktop import file_commands

        file_commands.export_office(self, "xlsx")

    def show_backups(self) -> QWidget | None:
        """文件 › 备份与恢复 for the open file (None when no file is open)."""
        from desktop import backup_dialog

        if self.ops is None:
            return None
        path = self.ops.report.path
        return backup_dialog.show(
            self,
            path,
            release=self.close_report,
            reopen=lambda: self.open_path(path),
            announce=lambda text: self.statusBar().showMessage(text, 15000),
        )

    def show_summary(self) -> QWidget:
        """文件 › 汇总与复核…: a window of its own; the open report stays as it is."""
        from PySide6.QtCore import Qt

        from desktop.summary_window import SummaryWindow

        window = SummaryWindow(self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def report_settings(self) -> bool:
        """文件 › 报告设置: the package's forms and grade bands; True when 确定 was pressed."""
        from desktop import report_settings

        if self.ops is None:
            return False
        return report_settings.show(self.ops, self)

    def open_settings(self) -> bool:
        """文件 › 设置; True when the user kept a choice."""
        from desktop import settings_dialog

        return settings_dialog.show(self, lambda text: self.statusBar().showMessage(text, 8000))

    def show_guide(self) -> None:
        """帮助 › 填报说明 (F1): the guide at the paragraph of the field with the focus."""
        from desktop.guide_window import open_guide

        open_guide(self, self.focusWidget())

    def about(self) -> None:
        from desktop import file_commands

        file_commands.about(self)

    def show_error(self, message: str) -> None:
        """A write the file refused: say so without blocking; the app goes on."""
        from desktop import file_commands

        file_commands.show_error(self, message)

    def attach(self, report: ReportFile) -> None:
        """Show ``report`` in fresh tabs (closing the file shown before)."""
        from desktop.form_tabs import FormTabs
        from desktop.ops import Ops
        from desktop.totals_bar import TotalsBar

        self.close_report()
        self.complete()
        # Not a child of the window: its undo stack must not outlive the actions it updates.
        ops = Ops(report)
        self.ops = ops
        ops.error.connect(self.show_error)
        ops.can_undo_changed.connect(self.action_undo.setEnabled)
        ops.undo_stack.canRedoChanged.connect(self.action_redo.setEnabled)
        ops.undo_text_changed.connect(self._undo_text)
        ops.undo_stack.redoTextChanged.connect(self._redo_text)
        for pointer in ("/unit_name", "/year"):
            ops.listen(pointer, lambda _change: self._update_title(), ops)

        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        totals = self.totals = TotalsBar(ops, central)
        column.addWidget(totals)
        self.tabs = FormTabs(ops, central)
        self.tabs.project_shown.connect(totals.show_project)
        totals.show_project(self.tabs.shown_project)  # the first tab may show a project already
        column.addWidget(self.tabs, 1)
        # Replacing the central widget lets the dock grow to its findings' height (two thirds
        # of the window at times): it keeps the height it had.
        dock_height = self.checks_dock.height() if self.checks_dock.isVisible() else 0
        self.setCentralWidget(central)
        self._place_dock()
        if not dock_height and not self.checks_dock.isHidden():
            dock_height = self._dock_height_wanted()

        for action in self.file_actions:
            action.setEnabled(True)
        self.action_undo.setEnabled(False)
        self.action_redo.setEnabled(False)
        self.action_undo.setText("撤销(&U)")
        self.action_redo.setText("重做(&R)")
        self.checks_dock.attach(ops)
        self._update_title()
        self._remember(report.path)
        ops.run_checks_now()
        if dock_height:
            # Once the new layout has been laid out: setting it before is undone by that.
            QTimer.singleShot(0, self, lambda: self._keep_dock_height(dock_height))
        if report.read_only:
            self.statusBar().showMessage("以只读方式打开：不能修改，可另存为或导出。")
        else:
            self.statusBar().showMessage("每一处修改都已立即保存到文件。", 5000)
        self.report_opened.emit(ops)

    def close_report(self) -> None:
        """Write what is pending and release the file; the window shows the start page."""
        ops, self.ops = self.ops, None
        if ops is None:
            return
        from perfcore.store import StoreError

        try:
            ops.close()
        except StoreError as exc:
            self.show_error(str(exc))
        self.tabs = self.totals = None
        self._show_start_page()
        ops.undo_stack.blockSignals(True)
        ops.deleteLater()

    # ------------------------------------------------------------ edit and check commands

    def undo(self) -> None:
        if self.ops is not None:
            self.ops.undo()

    def redo(self) -> None:
        if self.ops is not None:
            self.ops.redo()

    def run_checks(self) -> None:
        if self.ops is None:
            return
        self.ops.flush()
        self.ops.run_checks_now()
        self.checks_dock.show()
        self.checks_dock.raise_()

    # ------------------------------------------------------------ navigation

    def step_tab(self, step: int) -> None:
        """The next (+1) or previous (-1) form, round the end as a tab bar does."""
        if self.tabs is not None and self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def focus_pointer(self, pointer: str) -> bool:
        """Take the user to the field or tree row at ``pointer``; False when no tab has it."""
        if self.tabs is None or self.ops is None:
            return False
        self.ops.flush()
        return self.tabs.focus_pointer(pointer)

    # The tabs of the forms, None when the package does not show that form (or no file is open).

    @property
    def overall_tab(self) -> OverallTab | None:
        from desktop.tabs.overall import OverallTab

        return self._tab("overall", OverallTab)

    @property
    def funds_tab(self) -> FundsTab | None:
        from desktop.tabs.funds import FundsTab

        return self._tab("special_funds", FundsTab)

    @property
    def indicators_tab(self) -> IndicatorsTab | None:
        from desktop.tabs.indicators import IndicatorsTab

        return self._tab("indicators", IndicatorsTab)

    def _tab(self, form: str, kind: type[TabT]) -> TabT | None:
        tab = self.tabs.tab(form) if self.tabs is not None else None
        assert tab is None or isinstance(tab, kind)
        return tab

    # ------------------------------------------------------------ feedback

    def _undo_text(self, text: str) -> None:
        self.action_undo.setText(f"撤销 {text}(&U)" if text else "撤销(&U)")

    def _redo_text(self, text: str) -> None:
        self.action_redo.setText(f"重做 {text}(&R)" if text else "重做(&R)")

    def _update_title(self) -> None:
        if self.ops is None:
            self.setWindowTitle(APP_TITLE)
            return
        package = self.ops.package
        flag = "（只读）" if self.ops.read_only else ""
        self.setWindowTitle(
            f"{package.unit_name or '未填单位'} {package.year}年度 — {self.ops.report.path.name}{flag} — {APP_TITLE}"
        )

    # ------------------------------------------------------------ settings

    def folder(self) -> Path:
        """Where a file dialog starts (``desktop.file_dialogs.start_folder``)."""
        from desktop.file_dialogs import start_folder

        return start_folder(self.ops.report.path if self.ops is not None else None)

    def recent_files(self) -> list[str]:
        value = settings().value("recent_files", [])
        # QSettings gives a one-entry list back as a plain string (INI files), none as None.
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _remember(self, path: Path) -> None:
        text = str(path.resolve())
        recent = [text] + [p for p in self.recent_files() if p != text]
        store = settings()
        store.setValue("recent_files", recent[:MAX_RECENT])
        store.setValue("last_file", text)

    def forget_recent(self, path: Path) -> None:
        text = str(path.resolve())
        settings().setValue("recent_files", [p for p in self.recent_files() if p != text])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        if not recent:
            empty = self.recent_menu.addAction("（无）")
            empty.setEnabled(False)
            return
        for i, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {Path(path).name}　{Path(path).parent}")
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))

    def release_if_open(self, target: Path) -> None:
        # Replacing the file that is open here (by any name: link, ``..``): release it first,
        # or the replacement is refused.
        from perfcore.output import same_file

        if self.ops is not None and same_file(self.ops.report.path, target):
            self.close_report()

    def _restore_geometry(self) -> None:
        self.start_maximised = False
        geometry = settings().value("geometry")
        self._geometry_restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if not self._geometry_restored:
            self._first_geometry()

    def _first_geometry(self) -> None:
        """First start: maximised on a small screen (1366×768 and below: every pixel counts),
        else 90 % of the screen, centred; not a fixed size that fits neither."""
        screen = self.screen()
        area = screen.availableGeometry()
        width, height = area.width() * 9 // 10, area.height() * 9 // 10
        self.setGeometry(
            area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height
        )
        self.start_maximised = area.width() < SMALL_SCREEN[0] or area.height() < SMALL_SCREEN[1]

    def present(self) -> None:
        """Show the window the first time: maximised when ``_first_geometry`` asked for it."""
        if self.start_maximised:
            self.showMaximized()
        else:
            self.show()

    def dock_separator(self) -> QRect | None:
        """Where the handle between the forms and the checks dock lies, None when it is not shown."""
        dock, central = self._dock, self.centralWidget()
        if dock is None or central is None or dock.isHidden() or dock.isFloating():
            return None
        top, bottom = central.geometry().bottom() + 1, dock.geometry().top() - 1
        if bottom < top:
            return None
        return QRect(0, top, self.width(), bottom - top + 1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # The style's handle (6 px) has dots a clerk does not see: a grip one can aim at.
        super().paintEvent(event)
        handle = self.dock_separator()
        if handle is None:
            return
        from PySide6.QtGui import QPainter, QPalette

        painter = QPainter(self)
        colour = self.palette().color(QPalette.ColorRole.Dark)
        middle = handle.center()
        for offset in GRIP_LINES:
            painter.fillRect(middle.x() - GRIP_WIDTH // 2, middle.y() + offset, GRIP_WIDTH, 1, colour)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._dock is None:
            AfterFirstPaint(self, self.complete)
        else:
            self._size_dock()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        # Nothing to ask: every edit is already in the file; write what is pending and go. A PDF
        # being made stops, and leaves no temporary file beside its target.
        if self.printing is not None:
            self.printing.cancel_jobs()
        store = settings()
        store.setValue("geometry", self.saveGeometry())
        if self._dock is not None:  # else the dock's place would be forgotten
            store.setValue("window_state", self.saveState())
            store.setValue("checks_dock_shown", self._dock_wanted)
        self.close_report()
        event.accept()
