"""The desktop's bridge to perfcore for a report: every edit, undo, redo and check goes through ``Ops``.

(Printing, the backups dialog, the font setting and the self-test call their parts of the core
directly; README's layout table lists them.)

How to use it from a tab or a model (one ``Ops`` per open report file; tabs get it in their
constructor and never touch ``perfcore.store`` themselves):

* Read: ``ops.package`` (the live model, never mutate it), ``ops.scores`` (current results,
  ``scores.leaves[uid]`` / ``scores.groups[uid]``), ``ops.get(pointer)`` (exchange-document form),
  ``ops.read_only`` (disable editing when True), ``ops.node_at(pointer)``, ``ops.pointer_of(node)``.
* Write (each call is one transaction in the file and one step on the undo stack):
  ``ops.set(pointer, value, label)``, ``ops.insert(list_pointer, index, doc, label)``,
  ``ops.remove(pointer, label)``, ``ops.move(pointer, dest_list_pointer, index, label)``.
  Values are in exchange-document form (money as Decimal or a decimal string in 元, counts
  as int, unknown as None). ``label`` is the Chinese text shown in 编辑 › 撤销 (e.g. "修改 年末职工人数").
  They return the perfcore ``Change`` or ``None`` when nothing was written: the file refused
  (``error`` is emitted, the main window shows it, nothing in memory claims the edit) or the
  value was already stored. A value the core refuses (``ExchangeError``, a
  ``perfcore.errors.UserError``) is raised to the caller so that the field can show it inline;
  anything else (a ``PointerError`` included: the desktop built the pointer) is a bug.
  Several calls that form one user action: ``with ops.macro("添加专项资金"): ...``.
  A widget writes a value through ``desktop.binding.write``/``write_text``, never ``ops.set``
  directly: one place parses, writes and shows a refusal the same way for every field.
* Listen, by place, so that a keystroke reaches only what shows the value it changed:
  ``ops.listen(prefix, callback, owner)`` calls ``callback(Change)`` after every applied edit,
  undo and redo that touches ``prefix`` (a value at, above or below it; a list at, above or below
  it that gained, lost or reordered entries: ``Change.lists``, pointers below them moved, rebuild
  what shows them). ``structure_only=True``: only the latter. ``ops.listen_scores(callback,
  owner, uid)`` calls ``callback(ScoreDelta)`` when node ``uid``'s results changed (``uid=None``:
  every change of the scores; the delta holds only the leaves/groups that changed, plus total,
  grade, complete). A listener lives as long as its owner; ``ops.forget(listener)`` ends it sooner.
  Signals: ``findings_changed(list[Finding])`` after the debounced checks ran; ``error(str)`` one
  line of Chinese when the file refused a write; ``flush_requested()`` asks every binding to write
  what is still waiting in its typing debounce (call ``ops.flush()`` before undo, tab switch,
  save as, export and close).

Undo and redo are one command over the core's ``Edit``: undo applies ``edit.inverse()``, redo
the edit itself, both computed and applied by the core. Edits keep pointers, not objects: the
stack is strictly last-in first-out and every edit passes through it, so a pointer recorded when
an edit was made is valid again when that edit is undone.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakSet

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from desktop.listeners import Listener, Listeners
from perfcore import pointer as ptr
from perfcore.checks import run_checks
from perfcore.cli import load_input, new_package
from perfcore.exchange import dump_json, load_json
from perfcore.inputs import read_input, require_regular
from perfcore.model import Node, Package
from perfcore.next_year import NextYear, next_year
from perfcore.output import check_output, write_output
from perfcore.scoring import ScoreDelta, Scores
from perfcore.store import Change, Edit, ReportFile, StoreError, export_package

if TYPE_CHECKING:
    from perfcore.explain import Explanation, Trial
    from perfcore.templates.convert import ConversionReport
    from perfcore.templates.library import TemplateEntry

if TYPE_CHECKING:
    from perfcore.office import ExportInfo

CHECKS_DELAY_MS = 300
MERGE_WINDOW_S = 2.0
"""Debounced writes of one field within this time undo as one step, like typing a word."""

_SET_ID = 0x5E7
REFUSED_UNDO_TEXT = "未保存的输入"
"""编辑 › 撤销's name for taking back text a field refused (it was never written to the file)."""
SUBJECT = "\x00"
"""Where an undo label's indicator name goes; filled with the name the indicator has now."""


class Ops(QObject):
    findings_changed = Signal(list)
    error = Signal(str)
    flush_requested = Signal()
    discard_requested = Signal()
    """Fields showing text that was refused go back to what the file holds (see ``undo``)."""
    can_undo_changed = Signal(bool)
    """Whether ``undo`` has something to take back: a stored edit, or text a field refused."""
    undo_text_changed = Signal(str)
    """What ``undo`` takes back next (:data:`REFUSED_UNDO_TEXT` while a field holds refused text)."""
    trial_scored = Signal(object)
    """A 试算 (perfcore ``Trial``) shown beside the real total, or None when it was discarded."""

    def __init__(self, report: ReportFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.undo_stack = QUndoStack(self)
        self.findings: list[Any] = []
        self.listeners = Listeners()
        self._replaying = False
        self._macro_depth = 0
        self.refused_fields: WeakSet[QObject] = WeakSet()
        """Fields holding typed text that was refused (red): the first undo takes it back.
        Changed only through ``hold_refused``/``release_refused``, which keep 撤销 up to date."""
        self._watched: WeakSet[QObject] = WeakSet()
        self.undo_stack.canUndoChanged.connect(self._undo_state)
        self.undo_stack.undoTextChanged.connect(self._undo_state)
        self._checks_timer = QTimer(self)
        self._checks_timer.setSingleShot(True)
        self._checks_timer.setInterval(CHECKS_DELAY_MS)
        self._checks_timer.timeout.connect(self.run_checks_now)

    # ------------------------------------------------------------ reading

    @property
    def package(self) -> Package:
        return self.report.package

    @property
    def scores(self) -> Scores:
        return self.report.scores

    @property
    def read_only(self) -> bool:
        return self.report.read_only

    def get(self, pointer: str) -> Any:
        return self.report.get(pointer)

    def node_at(self, pointer: str) -> Node:
        return self.report.node_at(pointer)

    def pointer_of(self, node: Node) -> str:
        return self.report.pointer_of(node)

    def explain(self) -> Explanation:
        """失分分析 of the package as it is now."""
        from perfcore.explain import explain

        return explain(self.package, self.scores)

    def trial(self, changes: list[tuple[str, Any]]) -> Trial:
        """Score a copy with ``changes`` (pointer, exchange value) applied; the file is not touched.

        Raises ``ExchangeError``/``PointerError`` for a value a real edit would refuse.
        """
        from perfcore.explain import trial

        (pointer, value), *also = changes
        result = trial(self.package, pointer, value, also)
        self.trial_scored.emit(result)
        return result

    def end_trial(self) -> None:
        self.trial_scored.emit(None)

    # ------------------------------------------------------------ editing

    def set(self, pointer: str, value: Any, label: str) -> Change | None:
        """Set one value; merges with the previous step when it set the same field just before."""
        return self._edit(lambda: self.report.set(pointer, value), label)

    def insert(self, list_pointer: str, index: int, doc: Any, label: str) -> Change | None:
        return self._edit(lambda: self.report.insert(list_pointer, index, doc), label)

    def remove(self, pointer: str, label: str) -> Change | None:
        return self._edit(lambda: self.report.remove(pointer), label)

    def move(self, pointer: str, dest_list_pointer: str, index: int, label: str) -> Change | None:
        return self._edit(lambda: self.report.move(pointer, dest_list_pointer, index), label)

    def listen(
        self, prefix: str, callback: Callable[[Change], None], owner: QObject, *, structure_only: bool = False
    ) -> Listener:
        return self.listeners.add(prefix, callback, owner, structure_only=structure_only)

    def listen_scores(
        self, callback: Callable[[ScoreDelta], None], owner: QObject, uid: int | None = None
    ) -> Listener:
        return self.listeners.add_scores(callback, owner, uid)

    def forget(self, listener: Listener) -> None:
        self.listeners.remove(listener)

    @contextmanager
    def macro(self, label: str) -> Iterator[None]:
        """Several edits that undo and redo as one step (none when nothing was written)."""
        stack = self.undo_stack
        self._macro_depth += 1
        stack.beginMacro(label)
        try:
            yield
        finally:
            stack.endMacro()
            self._macro_depth -= 1
            last = stack.command(stack.index() - 1) if stack.index() > 0 else None
            if self._macro_depth == 0 and last is not None and last.childCount() == 0:
                # The macro just closed wrote nothing: an empty step would make 撤销 do nothing.
                # QUndoStack drops an obsolete command on undo without running it.
                last.setObsolete(True)
                stack.undo()

    def undo(self) -> None:
        """Take back the last edit. Text a field refused (red, not in the file) counts as the
        last edit: the first undo puts the stored value back in its place and does no more."""
        self.flush()
        if self.refused_fields:
            held = len(self.refused_fields)
            self.discard_requested.emit()
            if len(self.refused_fields) < held:
                return
            self.refused_fields.clear()  # none could go back (fields gone): undo as usual
            self._undo_state()
        self.undo_stack.undo()

    # A refused entry is undone like an edit, also when no edit is stored yet: 撤销 (and
    # Ctrl+Z from any field) is offered while a field holds one.

    def hold_refused(self, field: QObject) -> None:
        """``field`` shows text it refused (red), kept for the clerk to correct or undo."""
        if field in self.refused_fields:
            return
        self.refused_fields.add(field)
        if field not in self._watched:
            self._watched.add(field)
            key = weakref.ref(field)
            # A cell editor closes with its refused text: it is no longer there to take back.
            field.destroyed.connect(lambda *_: self.release_refused(key()))
        self._undo_state()

    def release_refused(self, field: QObject | None) -> None:
        """``field`` shows what the file holds again (or is gone)."""
        if field is not None and field in self.refused_fields:
            self.refused_fields.discard(field)
        self._undo_state()

    def can_undo(self) -> bool:
        return bool(self.refused_fields) or self.undo_stack.canUndo()

    def undo_text(self) -> str:
        return REFUSED_UNDO_TEXT if self.refused_fields else self.undo_stack.undoText()

    def _undo_state(self, *_: object) -> None:
        self.can_undo_changed.emit(self.can_undo())
        self.undo_text_changed.emit(self.undo_text())

    def redo(self) -> None:
        self.flush()
        self.undo_stack.redo()

    def flush(self) -> None:
        """Write every value still waiting in a field's typing debounce."""
        if self._replaying:
            # Views rebuilt while an undo is being applied must not push onto the stack.
            return
        self.flush_requested.emit()

    # ------------------------------------------------------------ the file

    def export_json(self, path: str | Path) -> None:
        """Write the package, as the file holds it, to an exchange JSON, through the output guard
        (``OutputError``: never over a report file or a special file; the save dialog asked
        before replacing an ordinary one)."""
        self.flush()
        text = dump_json(export_package(self.report))
        write_output(path, lambda temp: temp.write_text(text, encoding="utf-8"), inputs=[self.report.path], overwrite=True)

    def export_docx(self, path: str | Path) -> ExportInfo:
        """Write the forms, as they are now, to an editable Word document (atomically)."""
        from perfcore.office import export_docx

        return self._export(lambda: export_docx(self.package, Path(path), scores=self.scores), path)

    def export_xlsx(self, path: str | Path) -> ExportInfo:
        """Write the forms, as they are now, to an Excel workbook (atomically)."""
        from perfcore.office import export_xlsx

        return self._export(lambda: export_xlsx(self.package, Path(path), scores=self.scores), path)

    def _export(self, write: Callable[[], ExportInfo], path: str | Path) -> ExportInfo:
        """Through the output guard (``OutputError``): never over the open report by any name,
        another report or a special file; the save dialog asked before replacing another file."""
        self.flush()
        check_output(path, inputs=[self.report.path], overwrite=True)
        return write()

    def save_as(self, path: str | Path) -> None:
        """Copy the file, as it is now, to ``path`` (SQLite's backup API, consistent at any moment).

        Through the output guard: never onto this file itself (by any name), nor a special file;
        a symlink's target is written. Raises ``OutputError``, ``LockedError`` or ``StoreError``.
        """
        self.flush()
        target = check_output(path, inputs=[self.report.path], overwrite=True, report=True)
        self.report.save_as(target)

    def close(self) -> None:
        """Write what is pending and release the file; the Ops is unusable afterwards."""
        self.flush()
        self._checks_timer.stop()
        self.report.close()

    # ------------------------------------------------------------ checks

    def run_checks(self) -> None:
        """Run the checks soon; edits in quick succession run them once."""
        self._checks_timer.start()

    def run_checks_now(self) -> list[Any]:
        self._checks_timer.stop()
        findings: list[Any] = list(run_checks(self.package, self.scores))
        self.findings = findings
        self.findings_changed.emit(findings)
        return findings

    # ------------------------------------------------------------ internals

    def _edit(self, edit: Callable[[], Change], label: str) -> Change | None:
        """Run one store edit and put it on the undo stack; on a refused write say so and
        report that nothing changed."""
        try:
            change = edit()
        except StoreError as exc:
            self.error.emit(str(exc))
            return None
        if not change.changed:
            return None
        self._announce(change)
        command = _EditCommand(self, change.edit(), label)
        command.subject = self._subject(change.pointer, label)
        self.undo_stack.push(command)
        return change

    def _subject(self, pointer: str, label: str) -> tuple[int, str] | None:
        """The indicator (or group) an undo label names (``修改“在职人员控制率”的分值``) and the
        label with that name left open, so that the label follows a later rename."""
        if not pointer.startswith(("/indicators/tree/", "/projects/")):
            return None
        tokens = ptr.split(pointer)
        for end in range(len(tokens), 1, -1):
            try:
                node = self.report.node_at(ptr.join(*tokens[:end]))
            except ptr.PointerError:
                continue
            for quoted in (f"“{node.name}”", f"（{node.name}）"):
                if node.name and quoted in label:
                    return node.uid, label.replace(quoted, quoted.replace(node.name, SUBJECT), 1)
            return None
        return None

    def _follow_rename(self, change: Change) -> None:
        """An indicator's new name: the undo steps that name it say the name it has now."""
        if change.structural or ptr.last(change.pointer) != "name":
            return
        try:
            node = self.report.node_at(ptr.parent(change.pointer))
        except ptr.PointerError:
            return
        renamed = False
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, _EditCommand) and command.subject and command.subject[0] == node.uid:
                command.setText(command.subject[1].replace(SUBJECT, node.name))
                renamed = True
        if renamed:
            self.undo_stack.undoTextChanged.emit(self.undo_stack.undoText())
            self.undo_stack.redoTextChanged.emit(self.undo_stack.redoText())

    def _announce(self, change: Change) -> None:
        if not change.changed:
            return
        self._follow_rename(change)
        for listener in self.listeners.for_change(change):
            listener.callback(change)
        for listener in self.listeners.for_scores(change.delta):
            listener.callback(change.delta)
        self.run_checks()

    def _replay(self, command: _EditCommand, edit: Edit, reverse: Callable[[], None]) -> None:
        """Undo or redo one step. If the file refuses, the step did not happen: put the stack back
        (``reverse`` runs on the next turn of the event loop and is skipped by the command)."""
        self._replaying = True
        try:
            try:
                change = self.report.apply(edit)
            except StoreError as exc:
                command.skip_next = True
                self.error.emit(str(exc))
                QTimer.singleShot(0, self, reverse)
                return
            self._announce(change)
        finally:
            self._replaying = False


# ---------------------------------------------------------------- opening files


def open_report(path: str | Path, read_only: bool = False) -> ReportFile:
    """Open a report file. Raises ``LockedError`` (open elsewhere; offer read-only) or ``StoreError``.

    Opened for editing, a file changed since its last backup is backed up first
    (``report.backup_problem`` says why not, if it could not be).
    """
    from perfcore.userdata import backups_folder

    return ReportFile.open(path, read_only=read_only, backups=backups_folder())


def create_report(path: str | Path, template: str, unit: str, year: int, forms: list[str] | None = None) -> ReportFile:
    """A new report file from a template (``forms``: the clerk's choice, else the template's);
    replaces ``path`` (the save dialog asked already). Through the output guard (``OutputError``);
    a symlink's target is written; an unknown template is a ``TemplateError``."""
    from perfcore.templates.library import template_source

    source = template_source(template)  # a user's template file is this action's input
    inputs = [] if source is None else [source]
    target = check_output(path, inputs=inputs, overwrite=True, report=True)
    return ReportFile.create(target, new_package(template, unit, year, forms), overwrite=True, inputs=inputs)


def save_framework(package: Package, name: str, overwrite: bool = False) -> TemplateEntry:
    """另存为模板: the package's framework (no unit data) into the user's templates. Raises
    ``OutputExists`` when a template of that name exists and ``overwrite`` is false."""
    from perfcore.templates.framework import save_as_template

    return save_as_template(package, name, overwrite=overwrite)


def convert_excel(path: str | Path) -> tuple[Package, ConversionReport]:
    """从 Excel 导入指标框架: the workbook's framework and the conversion report (nothing saved)."""
    from perfcore.templates.convert import convert_workbook

    return convert_workbook(path)


def save_converted(package: Package, name: str, book: str | Path, overwrite: bool = False) -> TemplateEntry:
    """Keep a converted framework in the user's templates under ``name``."""
    from perfcore.templates.library import save_user_template, template_id

    assert package.template is not None  # the converter always records its provenance
    package.template.id = template_id(name)
    package.template.name = name
    return save_user_template(package, inputs=[book], overwrite=overwrite)


def import_report(json_path: str | Path, target: str | Path) -> ReportFile:
    """A new report file holding an exchange JSON. Raises ``ExchangeError`` for a refused document,
    ``OutputError`` for a target the guard refuses (the JSON itself, a special file)."""
    real = check_output(target, inputs=[json_path], overwrite=True, report=True)
    require_regular(json_path)  # a pipe would block the window
    data = read_input(json_path)  # InputError (a UserError): unreadable or over the size bound
    return ReportFile.create(real, load_json(data), overwrite=True)


def preview_next_year(last_path: str | Path, keep_texts: bool, package: Package | None = None) -> NextYear:
    """What 新建下一年度 would make from last year's file (nothing written): the package, what is
    carried and what is cleared. ``package``: last year's package when it is the file open here.
    Raises a ``UserError`` (unreadable or damaged file, a carried value with an error)."""
    if package is None:
        require_regular(last_path)  # a pipe would block the window
    last = package if package is not None else load_input(last_path)
    return next_year(last, file_name=Path(last_path).name, keep_texts=keep_texts)


def create_next_year(
    last_path: str | Path, target: str | Path, keep_texts: bool, package: Package | None = None
) -> ReportFile:
    """新建下一年度: the new report file at ``target`` (the save dialog asked already). Through the
    output guard: never over last year's file by any name (``OutputError``)."""
    real = check_output(target, inputs=[last_path], overwrite=True, report=True)
    result = preview_next_year(last_path, keep_texts, package)
    return ReportFile.create(real, result.package, overwrite=True)


class _EditCommand(QUndoCommand):
    """One step of the undo stack: an edit the core applied; undo applies its inverse."""

    def __init__(self, ops: Ops, edit: Edit, label: str) -> None:
        super().__init__(label)
        self.ops = ops
        self.edit = edit
        self.subject: tuple[int, str] | None = None
        """(uid, label with the name left open as ``SUBJECT``): see ``Ops._subject``."""
        self.when = time.monotonic()
        # The edit was already applied when the command was pushed; QUndoStack.push calls redo().
        self.skip_next = True

    def id(self) -> int:
        return _SET_ID if self.edit.kind == "set" else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        # Only the same action on the same field merges: typing a score and then choosing
        # 采用计算得分 are two steps a user expects to undo one at a time.
        if (
            not isinstance(other, _EditCommand)
            or other.edit.kind != "set"
            or other.edit.pointer != self.edit.pointer
            or other.text() != self.text()
        ):
            return False
        if other.when - self.when > MERGE_WINDOW_S:
            return False
        self.edit = Edit("set", self.edit.pointer, old=self.edit.old, new=other.edit.new)
        self.when = other.when
        if self.edit.new == self.edit.old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        self.ops._replay(self, self.edit, self.ops.undo_stack.undo)

    def undo(self) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        self.ops._replay(self, self.edit.inverse(), self.ops.undo_stack.redo)


# ---------------------------------------------------------------- 汇总与复核


class SummaryOps(QObject):
    """The summary window's bridge to ``perfcore.summary``: the unit files read in worker
    processes from a thread (results arrive in batches; ``cancel`` stops the rest), the
    review file and its edits (one transaction each), the units opened read-only, exports.

    Listen: ``batch(list)`` rows and refusals just read; ``progress(done, total)``;
    ``finished(cancelled)``; ``review_changed(unit path)`` after a 复核 was saved.
    """

    batch = Signal(list)
    progress = Signal(int, int)
    finished = Signal(bool)
    review_changed = Signal(str)

    def __init__(self, parent: QObject | None = None, jobs: int | None = None, batch_seconds: float = 0.1) -> None:
        from perfcore.summary.rows import Collected
        from perfcore.summary.run import default_jobs

        super().__init__(parent)
        self.jobs = jobs or default_jobs()
        self.batch_seconds = batch_seconds
        self.collected = Collected()
        self.review: Any = None
        self.reviews: dict[str, Any] = {}
        self.total = 0
        self.running = False
        # Whether the last reading was stopped before its end: every later refresh of the
        # window says so, whatever order the listeners of one signal run in.
        self.cancelled = False
        self._thread: _ReadThread | None = None

    # -- reading the unit files

    def start(self, arguments: list[str]) -> None:
        """Read the files and folders named (folders recursively); results come as signals."""
        from perfcore.summary.rows import Collected
        from perfcore.summary.sources import discover
        from perfcore.summary.table import missing_reviewed

        self.cancel()
        paths, missing = discover(arguments)
        missing += missing_reviewed(self.reviews, arguments)
        self.collected = Collected(refused=list(missing))
        self.total = len(paths) + len(missing)
        self.running = True
        self.cancelled = False
        thread = self._thread = _ReadThread([str(p) for p in paths], self.jobs, self.batch_seconds)
        thread.batch.connect(self._on_batch)
        thread.finished_reading.connect(self._on_finished)
        if missing:
            self.batch.emit(list(missing))
        self.progress.emit(len(missing), self.total)
        thread.start()

    def cancel(self) -> None:
        """Stop reading: the chunks not started are dropped; waits for the thread to end."""
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.stop()
            thread.wait()
            if self.running:
                self.running = False
                self.cancelled = True
                self.finished.emit(True)

    def _on_batch(self, results: list[Any]) -> None:
        from perfcore.summary.rows import UnitRow

        if self.sender() is not self._thread:
            return  # a cancelled run's last batch
        for result in results:
            (self.collected.units if isinstance(result, UnitRow) else self.collected.refused).append(result)
        self.batch.emit(results)
        self.progress.emit(len(self.collected.units) + len(self.collected.refused), self.total)

    def _on_finished(self, cancelled: bool) -> None:
        thread = self._thread
        if self.sender() is not thread or thread is None:
            return
        # The thread emitted this as the last thing its run() does, but may not have returned
        # yet: a QThread object destroyed while running aborts the program.
        thread.wait()
        self._thread = None
        self.running = False
        self.cancelled = cancelled
        self.finished.emit(cancelled)

    def summary(self) -> Any:
        """The table as read so far, joined with the review file."""
        from perfcore.summary.table import assemble

        return assemble(self.collected, self.reviews)

    # -- the review file

    def open_review(self, path: str | Path) -> list[str]:
        """Open a review file for editing; returns the unit files it lists (to read them)."""
        from perfcore.summary.review import ReviewFile
        from perfcore.userdata import backups_folder

        review = ReviewFile.open(path, backups=backups_folder())
        self._set_review(review)
        return [str(u.path) for u in review.units()]

    def create_review(self, path: str | Path) -> None:
        """A new review file listing the units read so far (an existing file is refused)."""
        from perfcore.summary.review import ReviewFile
        from perfcore.userdata import backups_folder

        review = ReviewFile.create(path, backups=backups_folder())
        review.add_units((u.path, u.fingerprint, u.unit, u.year) for u in self.collected.units)
        self._set_review(review)

    def _set_review(self, review: Any) -> None:
        if self.review is not None:
            self.review.close()
        self.review = review
        self.reviews = review.by_path()

    def save_review(self, row: Any, target: str, name: str, score: str, reason: str, opinion: str, reviewer: str) -> None:
        """Record the review of one target of one unit (``row`` is its ``UnitRow``).
        Raises ``StoreError`` with the one line to show (a score that is no number, a refused write)."""
        from decimal import Decimal

        from perfcore.summary.review import check_score, parse_score

        value = parse_score(score)
        weight = next((lost.weight for lost in row.lost if lost.path == target), Decimal(100))
        check_score(value, weight, name)
        self.review.set_entry(row.path, row.fingerprint, row.unit, row.year, target, name, value,
                              reason, opinion, reviewer)
        self.reviews = self.review.by_path()
        self.review_changed.emit(row.path)

    def remove_review(self, row: Any, target: str) -> None:
        self.review.remove_entry(row.path, target)
        self.reviews = self.review.by_path()
        self.review_changed.emit(row.path)

    # -- units and exports

    def open_unit(self, path: str) -> tuple[ReportFile, Any]:
        """The unit's package, read-only, without touching its file, and its ``UnitRow`` as of
        that reading; a row that changed since the summary read it replaces the table's
        (``StoreError`` if refused)."""
        from perfcore.summary.sources import open_unit

        report, row = open_unit(path)
        if any(u.path == row.path and u.fingerprint != row.fingerprint for u in self.collected.units):
            self.collected.units = [row if u.path == row.path else u for u in self.collected.units]
            self.review_changed.emit(row.path)  # the window refreshes its table
        return report, row

    def export(self, path: str | Path) -> None:
        """Excel or PDF by the suffix, through the output guard: never over a report file, a unit
        file read or the review file (the save dialog asked before replacing another file).
        Raises ``OutputError``/``FontError`` (both ``UserError``)."""
        from perfcore.summary.excel import write_excel
        from perfcore.summary.pdf import write_pdf

        target = Path(path)
        inputs = [u.path for u in self.collected.units] + [r.path for r in self.collected.refused]
        if self.review is not None:
            inputs.append(str(self.review.path))
        if target.suffix.lower() == ".pdf":
            write_pdf(self.summary(), target, inputs=inputs)
        else:
            write_excel(self.summary(), target, inputs=inputs)

    def close(self) -> None:
        self.cancel()
        if self.review is not None:
            self.review.close()
            self.review = None


class _ReadThread(QThread):
    """Runs ``perfcore.summary.run.iter_results`` and hands results over in batches."""

    batch = Signal(list)
    finished_reading = Signal(bool)

    def __init__(self, paths: list[str], jobs: int, batch_seconds: float) -> None:
        super().__init__()
        self._paths = paths
        self._jobs = jobs
        self._batch_seconds = batch_seconds
        self._stop = False

    def stop(self) -> None:
        self._stop = True

    def run(self) -> None:
        from perfcore.summary.run import iter_results

        results = iter_results(self._paths, self._jobs)
        pending: list[Any] = []
        last = time.monotonic()
        try:
            for _index, result in results:
                pending.append(result)
                if self._stop:
                    break
                if time.monotonic() - last >= self._batch_seconds:
                    self.batch.emit(pending)
                    pending, last = [], time.monotonic()
        finally:
            results.close()  # cancels the chunks not started
        if pending and not self._stop:
            self.batch.emit(pending)
        self.finished_reading.emit(self._stop)
