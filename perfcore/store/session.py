"""The open report file: its package, its scores, and the only way to change them.

Every edit is one function call that validates the value, writes it in one transaction,
recomputes what depends on it and returns what changed. After each commit the single
file is complete on its own (rollback journal, never WAL), so it can be copied to a USB
stick at any moment. JSON Pointers are derived from positions.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from perfcore import backup, exchange, userdata
from perfcore import pointer as ptr
from perfcore.atomic import copy_database, write_atomically
from perfcore.exchange import ExchangeError
from perfcore.figure_use import in_use_message, readers
from perfcore.filelock import FileLock, real_file
from perfcore.model import (
    BUDGET_LINE_MONEY_FIELDS,
    FUND_MONEY_FIELDS,
    OVERALL_NUMERIC_FIELDS,
    PROJECT_TEXT_FIELDS,
    BudgetLine,
    Figure,
    Group,
    Leaf,
    Node,
    Package,
    Project,
    iter_all_nodes,
)
from perfcore.money import format_number
from perfcore.output import OutputError, OutputExists, check_output, same_file
from perfcore.scoring import ScoreDelta, Scorer, Scores
from perfcore.store import schema
from perfcore.store.admission import (
    claimed,
    connect,
    environment_error,
    inspect_file,
    not_written,
    recover_interrupted_commit,
    remove_leftover_temporaries,
    writer_lock,
)
from perfcore.store.change import Change, Edit, no_delta
from perfcore.store.errors import FigureInUseError, ReadOnlyError, ScoreRangeError, StoreError
from perfcore.store.rows import (
    META_DOCS,
    TABLE,
    apply_meta_doc,
    budget_line_row,
    field_text,
    figure_row,
    insert_budget_line,
    insert_figure,
    insert_fund,
    insert_node,
    insert_project,
    insert_row,
    item_row,
    json_form,
    load,
    meta_doc,
    node_owner_columns,
    node_row,
    project_row,
    sibling_clause,
    write_meta_doc,
    write_package,
)
from perfcore.store.schema import migrate, transaction
from perfcore.terminal import shown


@dataclass
class _Addr:
    """Where a pointer lands: the entity that owns the value and the path inside it."""

    kind: str  # meta | meta_doc | overall | repair_item | fund | fund_item | node | figure | project | budget_line
    entity: Any = None
    rest: list[str] = field(default_factory=list)
    doc_pointer: str = ""


_log = logging.getLogger(__name__)


def _guarded(path: str | os.PathLike[str], *, overwrite: bool, inputs: list[Path] | None = None) -> Path:
    """The real path a new report file may be written to (the one output guard), or StoreError."""
    try:
        return check_output(path, inputs=inputs or [], overwrite=overwrite, report=True)
    except OutputExists as exc:
        raise StoreError(f"“{shown(Path(path).name)}”已存在；如需覆盖请确认") from exc
    except OutputError as exc:
        raise StoreError(str(exc)) from exc


class ReportFile:
    """An open report file: its package, its scores, and the only way to change them."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: FileLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = lock
        self.package = load(conn)
        self.scorer = Scorer(self.package)
        self.backup_problem: str | None = None
        """Why the backup on opening could not be made, for the caller to show."""

    # -- life cycle

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        package: Package,
        *,
        overwrite: bool = False,
        inputs: Iterable[str | os.PathLike[str]] = (),
    ) -> ReportFile:
        """Write ``package`` as a new report file (atomically: a temp file, then rename).

        Through the output guard (``perfcore.output``): a symlink's target is written, never a
        special file nor one of ``inputs`` (what the package was made from); an existing file
        only with ``overwrite`` and only if no one holds it.
        """
        target = _guarded(path, overwrite=overwrite, inputs=[Path(p) for p in inputs])
        # Replacing a file another process has open would leave its edits going into the
        # unlinked old file, lost without a word: write only under the name's lock.
        with claimed(target, path):
            cls._write_new(target, package, path)
        return cls.open(target)

    @staticmethod
    def _write_new(target: Path, package: Package, given: str | os.PathLike[str]) -> None:
        def write(temp: Path) -> None:
            conn = sqlite3.connect(str(temp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA foreign_keys = ON")
                with transaction(conn):
                    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                    migrate(conn, 0)
                    write_package(sqlite_utils.Database(conn), package)
            finally:
                conn.close()

        try:
            write_atomically(target, write)
        except (sqlite3.Error, OSError) as exc:
            raise not_written(exc, given) from exc

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, backups: Path | None = None
    ) -> ReportFile:
        """Open a report file for editing (taking the writer lock) or read-only.

        ``backups`` is the caller's per-user backups folder: opened for editing, a file that
        changed since its last backup is copied there first (a failure is kept in
        ``backup_problem``, not raised). Before a schema migration a copy is always made
        (into ``userdata.backups_folder()`` without a folder) and the migration waits for it.
        """
        target = real_file(Path(path))
        recover_interrupted_commit(target, read_only=read_only)
        version = inspect_file(target)
        lock = None if read_only else writer_lock(target)
        try:
            if not read_only and not os.access(target, os.W_OK):
                raise ReadOnlyError(f"“{target.name}”是只读文件，只能以只读方式打开")
            if lock is not None:
                remove_leftover_temporaries(target)
            conn = connect(target, read_only)
            try:
                if version < schema.SCHEMA_VERSION and read_only:
                    # Read as its upgrade would read it, the file neither upgraded nor backed up:
                    # a reader must not write (the file may be on a read-only share, or held).
                    conn = schema.upgraded_in_memory(conn, version)
                elif version < schema.SCHEMA_VERSION:
                    try:
                        backup.make(conn, target, backups or userdata.backups_folder(), "migration")
                    except backup.BackupError as exc:
                        raise StoreError(f"{exc}；文件未升级，保持原样") from exc
                    with transaction(conn):
                        migrate(conn, version)
                report = cls(target, conn, read_only, lock)
                if backups is not None and not read_only:
                    try:
                        backup.on_open(conn, target, backups, report.scores.total)
                    except backup.BackupError as exc:
                        report.backup_problem = str(exc)
                        _log.warning("backup on opening failed: %s", exc)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return report

    def close(self) -> None:
        self._conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def save_as(self, path: str | os.PathLike[str]) -> None:
        """Copy this file as committed now to ``path`` (另存为), by SQLite's backup API.

        Written to a temporary file beside the target, then renamed over it, so a failed copy
        leaves nothing half-written. A target open elsewhere is refused (``LockedError``). This
        file stays open; open the copy to go on working in it.
        """
        if same_file(path, self.path):
            raise StoreError(f"“{shown(Path(path).name)}”就是当前文件，请选择其他文件名")
        target = _guarded(path, overwrite=True, inputs=[self.path])
        with claimed(target, path):
            try:
                copy_database(self._conn, target)
            except (sqlite3.Error, OSError) as exc:
                raise not_written(exc, path) from exc

    def __enter__(self) -> ReportFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def scores(self) -> Scores:
        return self.scorer.scores

    def connection(self) -> sqlite3.Connection:
        """The open connection, for the backup API and integrity checks (read only)."""
        return self._conn

    # -- addressing

    def node_at(self, pointer: str) -> Node:
        addr = self._resolve(pointer)
        if addr.kind != "node" or addr.rest:
            raise ptr.PointerError(f"地址“{pointer}”不是指标")
        node: Node = addr.entity
        return node

    def pointer_of(self, node: Node) -> str:
        for path, candidate in iter_all_nodes(self.package):
            if candidate is node:
                return path
        raise KeyError(node.uid)

    def get(self, pointer: str) -> Any:
        """The value at ``pointer`` in exchange-document form.

        Only the entity that holds the value is converted, so that reading one value
        before and after an edit costs the same whatever the size of the package.
        """
        try:
            addr = self._resolve(pointer)
        except (ptr.PointerError, IndexError):
            addr = _Addr("package", exchange.package_to_doc(self.package), ptr.split(pointer))
        value: Any = self._entity_doc(addr)
        if addr.kind == "node" and addr.rest == ["metric"] and "children" not in value:
            # A leaf without a formula omits it; reading None lets ``set`` add one.
            return value.get(addr.rest[0])
        if addr.kind == "meta_doc" and value is None and not addr.rest:
            return None
        for token in addr.rest:
            if isinstance(value, list):
                value = value[ptr.index(token, len(value), pointer)]
            elif isinstance(value, dict) and token in value:
                value = value[token]
            else:
                raise ptr.PointerError(f"地址“{pointer}”不存在")
        return value

    def _entity_doc(self, addr: _Addr) -> Any:
        if addr.kind == "package":
            return addr.entity
        if addr.kind == "meta":
            return {
                "unit_name": self.package.unit_name,
                "year": self.package.year,
                "indicators": {"title": self.package.indicators.title, "opinion_unit": self.package.indicators.opinion_unit},
            }
        if addr.kind == "overall":
            return exchange.overall_to_doc(addr.entity)
        if addr.kind in ("repair_item", "fund_item"):
            return {"name": addr.entity.name, "amount": exchange.money_out(addr.entity.amount)}
        if addr.kind == "fund":
            return exchange.fund_to_doc(addr.entity)
        if addr.kind == "meta_doc":
            return meta_doc(self.package, addr.entity)
        if addr.kind == "figure":
            return exchange.figure_to_doc(addr.entity)
        if addr.kind == "project":
            # The project itself is the whole document, its tree included: an insert or remove
            # records it so that the inverse puts back everything. Its other fields need no tree.
            return exchange.project_to_doc(addr.entity, tree=not addr.rest or addr.rest[0] == "tree")
        if addr.kind == "budget_line":
            return exchange.budget_line_to_doc(addr.entity)
        return exchange.node_to_doc(addr.entity)

    def _resolve(self, pointer: str) -> _Addr:
        tokens = ptr.split(pointer)
        pkg = self.package
        if not tokens:
            raise ptr.PointerError("地址为空")
        head = tokens[0]
        if head in ("unit_name", "year") and len(tokens) == 1:
            return _Addr("meta", rest=tokens)
        if head == "overall" and len(tokens) >= 2:
            if tokens[1] == "capital_repair_items" and len(tokens) >= 3:
                items = pkg.overall.capital_repair_items
                item = items[ptr.index(tokens[2], len(items), pointer)]
                return _Addr("repair_item", item, tokens[3:], ptr.join(*tokens[:3]))
            return _Addr("overall", pkg.overall, tokens[1:], "/overall")
        if head == "special_funds" and len(tokens) >= 2:
            fund = pkg.special_funds[ptr.index(tokens[1], len(pkg.special_funds), pointer)]
            if len(tokens) >= 4 and tokens[2] == "items":
                item = fund.items[ptr.index(tokens[3], len(fund.items), pointer)]
                return _Addr("fund_item", item, tokens[4:], ptr.join(*tokens[:4]))
            return _Addr("fund", fund, tokens[2:], ptr.join(*tokens[:2]))
        if head == "indicators" and len(tokens) >= 2:
            if tokens[1] in ("title", "opinion_unit") and len(tokens) == 2:
                return _Addr("meta", rest=tokens)
            if tokens[1] == "tree" and len(tokens) >= 3:
                return _node_addr(pkg.indicators.tree, tokens, 2, pointer)
        if head in META_DOCS:
            return _Addr("meta_doc", head, tokens[1:], f"/{head}")
        if head == "figures" and len(tokens) >= 2:
            figure = pkg.figures[ptr.index(tokens[1], len(pkg.figures), pointer)]
            return _Addr("figure", figure, tokens[2:], ptr.join(*tokens[:2]))
        if head == "projects" and len(tokens) >= 2:
            project = pkg.projects[ptr.index(tokens[1], len(pkg.projects), pointer)]
            if len(tokens) >= 4 and tokens[2] == "tree":
                return _node_addr(project.tree, tokens, 3, pointer)
            if len(tokens) >= 5 and tokens[2:4] == ["budget", "lines"]:
                lines = project.budget.lines
                line = lines[ptr.index(tokens[4], len(lines), pointer)]
                return _Addr("budget_line", line, tokens[5:], ptr.join(*tokens[:5]))
            return _Addr("project", project, tokens[2:], ptr.join(*tokens[:2]))
        raise ptr.PointerError(f"地址“{pointer}”不存在")

    # -- edits

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"“{self.path.name}”以只读方式打开，不能修改")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction; an environmental failure becomes a StoreError and the memory model
        is reloaded from the file, so memory never claims an edit the file does not hold."""
        self._check_writable()
        try:
            with transaction(self._conn):
                yield
        except (sqlite3.Error, OSError) as exc:
            self._reload()
            raise environment_error(exc, self.path.name) from exc
        except (ExchangeError, ptr.PointerError):
            # A refused value is refused before memory is touched, and the rollback undid any
            # row; reloading would only swap the objects the desktop holds for copies.
            raise
        except BaseException:
            self._reload()
            raise

    def _reload(self) -> None:
        try:
            fresh = load(self._conn)
        except (sqlite3.Error, StoreError):
            return
        pkg = self.package
        for name in (f.name for f in dataclasses.fields(Package)):
            setattr(pkg, name, getattr(fresh, name))
        self.scorer.rebuild()

    def set(self, pointer: str, value: Any) -> Change:
        """Set one value (exchange-document form; Decimal accepted for numbers). A leaf's score
        outside 0 … its 分值 is refused (``ScoreRangeError``)."""
        return self._set(pointer, value, entry=True)

    def _set(self, pointer: str, value: Any, entry: bool) -> Change:
        """``entry=False`` replays an edit (undo, redo): a value the file held before is taken back
        as it was, even an imported score out of range."""
        self._check_writable()
        addr = self._resolve(pointer)
        if not addr.rest and addr.kind != "meta_doc":
            raise ptr.PointerError(f"地址“{pointer}”指向整个条目，请使用插入或删除")
        value = json_form(value)
        old = self.get(pointer)
        if old == value and type(old) is type(value):
            return Change("set", pointer, old, value, delta=no_delta(self.scores), changed=False)
        overall_fields: list[str] = []
        leaf_uids: list[int] = []
        figure_keys: list[str] = []
        project_uids: list[int] = []
        rescore = False
        with self._write():
            if addr.kind == "meta_doc":
                doc = meta_doc(self.package, addr.entity)
                if addr.rest:
                    if doc is None:
                        raise ptr.PointerError(f"地址“{pointer}”不存在")
                    _set_in(doc, addr.rest, value, pointer)
                else:
                    doc = value
                apply_meta_doc(self.package, addr.entity, doc, addr.doc_pointer)
                write_meta_doc(self.db, self.package, addr.entity)
                rescore = addr.entity == "grades"
            elif addr.kind == "figure":
                rescore = self._set_figure(addr, value, pointer, figure_keys)
            elif addr.kind == "project":
                self._set_project(addr, value, pointer)
                project_uids.append(addr.entity.uid)
            elif addr.kind == "budget_line":
                doc = exchange.budget_line_to_doc(addr.entity)
                _set_in(doc, addr.rest, value, pointer)
                line = exchange.read_budget_line(doc, addr.doc_pointer)
                for name in ("label",) + BUDGET_LINE_MONEY_FIELDS:
                    setattr(addr.entity, name, getattr(line, name))
                self.db.table("budget_line").update(addr.entity.uid, budget_line_row(addr.entity))
                project_uids.append(self._project_of_line(addr.entity).uid)
            elif addr.kind == "meta":
                self._set_meta(addr.rest, value, pointer)
            elif addr.kind == "overall":
                if len(addr.rest) != 1:
                    raise ptr.PointerError(f"地址“{pointer}”不存在")
                name = addr.rest[0]
                if name == "capital_repair_items":
                    raise ptr.PointerError("基建维修项目请逐条插入或删除")
                parsed = exchange.read_overall({name: value}, "/overall")
                new = getattr(parsed, name)
                self.db.table("overall").upsert({"field": name, "value": field_text(new)}, pk="field")
                setattr(self.package.overall, name, new)
                if name in OVERALL_NUMERIC_FIELDS:
                    overall_fields.append(name)
            elif addr.kind in ("repair_item", "fund_item"):
                doc = {"name": addr.entity.name, "amount": exchange.money_out(addr.entity.amount)}
                _set_in(doc, addr.rest, value, pointer)
                parsed_item = exchange.read_item(doc, addr.doc_pointer)
                addr.entity.name, addr.entity.amount = parsed_item.name, parsed_item.amount
                table = "repair_item" if addr.kind == "repair_item" else "fund_item"
                self.db.table(table).update(addr.entity.uid, {"name": parsed_item.name, "amount": field_text(parsed_item.amount)})
            elif addr.kind == "fund":
                if len(addr.rest) != 1 or addr.rest[0] == "items":
                    raise ptr.PointerError(f"地址“{pointer}”不存在")
                name = addr.rest[0]
                parsed_fund = exchange.read_fund({name: value}, addr.doc_pointer)
                new = getattr(parsed_fund, name)
                setattr(addr.entity, name, new)
                self.db.table("fund").update(addr.entity.uid, {name: field_text(new) if name in FUND_MONEY_FIELDS else new})
            else:
                node: Node = addr.entity
                doc = exchange.node_to_doc(node)
                if isinstance(node, Group) and addr.rest[0] not in ("name", "weight"):
                    raise ptr.PointerError(f"地址“{pointer}”不存在")
                if isinstance(node, Group):
                    doc.pop("children")
                    parsed_group = exchange.read_node({**doc, addr.rest[0]: value, "children": []}, addr.doc_pointer)
                    node.name, node.weight = parsed_group.name, parsed_group.weight
                else:
                    _set_in(doc, addr.rest, value, pointer)
                    parsed_leaf = exchange.read_node(doc, addr.doc_pointer)
                    assert isinstance(parsed_leaf, Leaf)
                    if entry and addr.rest == ["score"]:
                        _check_score(parsed_leaf)
                    _copy_leaf(parsed_leaf, node)
                    leaf_uids.append(node.uid)
                self.db.table("node").update(node.uid, node_row(node))
        if rescore:
            scores = self.scorer.rebuild()
            delta = ScoreDelta(
                dict(scores.leaves), dict(scores.groups), scores.total, scores.grade, scores.complete, True, dict(scores.projects)
            )
        else:
            delta = self.scorer.recompute(overall_fields, leaf_uids, figure_keys, project_uids)
        return Change("set", pointer, old, self.get(pointer), delta=delta)

    def _set_figure(self, addr: _Addr, value: Any, pointer: str, figure_keys: list[str]) -> bool:
        """One field of a figure; True when scoring must start afresh (its key or kind changed)."""
        figure: Figure = addr.entity
        if len(addr.rest) != 1:
            raise ptr.PointerError(f"地址“{pointer}”不存在")
        doc = exchange.figure_to_doc(figure)
        doc[addr.rest[0]] = value
        parsed = exchange.read_figure(doc, addr.doc_pointer)
        others = [f for f in self.package.figures if f is not figure]
        if any(f.key == parsed.key for f in others):
            raise ExchangeError(f"{addr.doc_pointer}/key", f"代码“{parsed.key}”已被其他基础数据使用")
        if parsed.carry is not None and parsed.carry not in OVERALL_NUMERIC_FIELDS and all(
            f.key != parsed.carry for f in [*others, parsed]
        ):
            raise ExchangeError(f"{addr.doc_pointer}/carry", f"“{parsed.carry}”不是表1数值字段或本报告的基础数据代码")
        if figure.key != parsed.key:
            self._refuse_carry_target(figure, f"{addr.doc_pointer}/key")
        rescore = (parsed.key, parsed.kind) != (figure.key, figure.kind)
        for name in ("key", "label", "kind", "value", "group", "carry"):
            setattr(figure, name, getattr(parsed, name))
        self.db.table("figure").update(figure.uid, figure_row(figure))
        figure_keys.append(figure.key)
        return rescore

    def _set_project(self, addr: _Addr, value: Any, pointer: str) -> None:
        project: Project = addr.entity
        rest = addr.rest
        if rest[0] in ("tree", "budget") and rest[-1] in ("tree", "lines", "budget") or rest[0] == "goals" and len(rest) != 2:
            raise ptr.PointerError(f"地址“{pointer}”指向整个条目，请使用插入或删除")
        doc = exchange.project_to_doc(project, tree=False)
        _set_in(doc, rest, value, pointer)
        parsed = exchange.read_project(doc, addr.doc_pointer)
        for name in PROJECT_TEXT_FIELDS:
            setattr(project, name, getattr(parsed, name))
        project.goals = parsed.goals
        project.budget.weight, project.budget.score = parsed.budget.weight, parsed.budget.score
        self.db.table("project").update(project.uid, project_row(project))

    def _refuse_carry_target(self, figure: Figure, pointer: str) -> None:
        """A figure another value carries into next year cannot go (the carry would dangle)."""
        carried = [*self.package.overall_carry.values(), *(f.carry for f in self.package.figures if f is not figure)]
        if figure.key in carried:
            raise ExchangeError(pointer, f"基础数据“{figure.label}”是其他数据的结转目标，请先修改结转设置")

    def _project_of_line(self, line: BudgetLine) -> Project:
        return next(p for p in self.package.projects if any(candidate is line for candidate in p.budget.lines))

    def _set_meta(self, rest: list[str], value: Any, pointer: str) -> None:
        key = "/".join(rest)
        if key == "year":
            self.package.year = exchange.read_year(value, pointer)
            stored = str(self.package.year)
        else:
            text = exchange.read_text(value, pointer)
            if key == "unit_name":
                self.package.unit_name = text
            elif key == "indicators/title":
                self.package.indicators.title = text
            else:
                self.package.indicators.opinion_unit = text
            stored = text
        self.db.table("meta").upsert({"key": key, "value": stored}, pk="key")

    def apply(self, edit: Edit) -> Change:
        """Apply an edit described in full, e.g. ``change.inverse()`` to undo a change or the
        change itself to redo it."""
        if edit.kind == "set":
            return self._set(edit.pointer, edit.new, entry=False)
        if edit.kind == "insert":
            return self.insert(ptr.parent(edit.pointer), _position(edit.pointer), edit.new)
        if edit.kind == "remove":
            return self._remove(edit.pointer, entry=False)
        assert edit.destination is not None
        return self._move_to(edit.pointer, edit.destination)

    def insert(self, list_pointer: str, index: int, doc: Any) -> Change:
        """Insert an entity (its exchange-document form) at ``index`` of a list."""
        self._check_writable()
        kind, owner, items = self._list_at(list_pointer)
        if not 0 <= index <= len(items):
            raise ptr.PointerError(f"序号 {index} 超出范围")
        at = f"{list_pointer}/{index}"
        entity = self._parse_entity(kind, doc, at)
        with self._write():
            self._shift(kind, owner, index, +1)
            self._insert_rows(kind, owner, index, entity)
            items.insert(index, entity)
        return self._structural(Edit("insert", at, new=self.get(at)))

    def remove(self, pointer: str) -> Change:
        """Remove an entity; ``Change.old`` holds it, for undo by ``insert``. A figure that a
        formula still names is refused (``FigureInUseError``, naming the indicators)."""
        return self._remove(pointer, entry=True)

    def _remove(self, pointer: str, entry: bool) -> Change:
        """``entry=False`` replays an edit (undoing an insert): the figure goes even if a formula
        typed before it existed names it, as it did before the insert."""
        self._check_writable()
        list_pointer, index = ptr.parent(pointer), ptr.last(pointer)
        kind, owner, items = self._list_at(list_pointer)
        position = ptr.index(index, len(items), pointer)
        old = self.get(pointer)
        entity = items[position]
        if kind == "figure":
            self._refuse_carry_target(entity, pointer)
            found = readers(self.package, entity.key) if entry else []
            if found:
                raise FigureInUseError(in_use_message(entity.label, found))
        with self._write():
            self.db.execute(f"DELETE FROM {TABLE[kind]} WHERE id = ?", [entity.uid])
            del items[position]
            self._shift(kind, owner, position + 1, -1)
        return self._structural(Edit("remove", pointer, old=old))

    def move(self, pointer: str, dest_list_pointer: str, index: int) -> Change:
        """Move an entity to ``index`` of a list of the same kind (may be another group).

        ``dest_list_pointer`` addresses the list as it is now; ``index`` counts in it as it is
        after the entity left its place. ``Change.destination`` is where the entity is after.
        """
        self._check_writable()
        kind, owner, items = self._list_at(ptr.parent(pointer))
        position = ptr.index(ptr.last(pointer), len(items), pointer)
        entity = items[position]
        dest_kind, dest_owner, dest_items = self._list_at(dest_list_pointer)
        if kind == "node" and isinstance(entity, Group) and _contains(entity, dest_owner):
            raise ptr.PointerError("不能把指标组移到它自己的下级")
        return self._relocate(pointer, (kind, owner, items, position), (dest_kind, dest_owner, dest_items), index)

    def _move_to(self, pointer: str, destination: str) -> Change:
        """Move the entity at ``pointer`` so that ``destination`` addresses it afterwards."""
        self._check_writable()
        kind, owner, items = self._list_at(ptr.parent(pointer))
        position = ptr.index(ptr.last(pointer), len(items), pointer)
        entity = items.pop(position)
        try:
            # The destination's list, addressed as it is after the move: the entity left its
            # place, and putting it at the destination shifts none of that list's ancestors.
            dest_kind, dest_owner, dest_items = self._list_at(ptr.parent(destination))
        finally:
            items.insert(position, entity)
        index = _position(destination)
        return self._relocate(pointer, (kind, owner, items, position), (dest_kind, dest_owner, dest_items), index)

    def _relocate(
        self, pointer: str, source: tuple[str, Any, list[Any], int], dest: tuple[str, Any, list[Any]], index: int
    ) -> Change:
        kind, owner, items, position = source
        dest_kind, dest_owner, dest_items = dest
        entity = items[position]
        if dest_kind != kind:
            raise ptr.PointerError("只能在同类条目之间移动")
        size_after = len(dest_items) - (1 if dest_items is items else 0)
        if not 0 <= index <= size_after:
            raise ptr.PointerError(f"序号 {index} 超出范围")
        with self._write():
            del items[position]
            self._shift(kind, owner, position + 1, -1)
            self._shift(kind, dest_owner, index, +1)
            dest_items.insert(index, entity)
            columns: dict[str, Any] = {"pos": index}
            if kind == "node":
                columns.update(node_owner_columns(dest_owner))
            elif kind == "fund_item":
                columns["fund_id"] = dest_owner.uid
            elif kind == "budget_line":
                columns["project_id"] = dest_owner.uid
            self.db.table(TABLE[kind]).update(entity.uid, columns)
        return self._structural(Edit("move", pointer, destination=self._pointer_of_entity(kind, dest_owner, index)))

    def _pointer_of_entity(self, kind: str, owner: Any, index: int) -> str:
        """Where the entity at ``index`` of ``owner``'s list is addressed now."""
        if kind == "repair_item":
            return f"/overall/capital_repair_items/{index}"
        if kind == "fund":
            return f"/special_funds/{index}"
        if kind == "fund_item":
            fund = next(i for i, f in enumerate(self.package.special_funds) if f is owner)
            return f"/special_funds/{fund}/items/{index}"
        if kind == "figure":
            return f"/figures/{index}"
        if kind == "project":
            return f"/projects/{index}"
        if isinstance(owner, Project):  # a budget line, or a node at the top of a project's tree
            project = next(i for i, p in enumerate(self.package.projects) if p is owner)
            return f"/projects/{project}/" + ("budget/lines" if kind == "budget_line" else "tree") + f"/{index}"
        parent = "/indicators/tree" if owner is None else self.pointer_of(owner) + "/children"
        return f"{parent}/{index}"

    def _structural(self, edit: Edit) -> Change:
        scores = self.scorer.rebuild()
        delta = ScoreDelta(
            dict(scores.leaves), dict(scores.groups), scores.total, scores.grade, scores.complete, True, dict(scores.projects)
        )
        return Change(edit.kind, edit.pointer, edit.old, edit.new, edit.destination, delta=delta)

    def _list_at(self, list_pointer: str) -> tuple[str, Any, list[Any]]:
        tokens = ptr.split(list_pointer)
        pkg = self.package
        if tokens == ["overall", "capital_repair_items"]:
            return "repair_item", None, pkg.overall.capital_repair_items
        if tokens == ["special_funds"]:
            return "fund", None, pkg.special_funds
        if len(tokens) == 3 and tokens[0] == "special_funds" and tokens[2] == "items":
            fund = pkg.special_funds[ptr.index(tokens[1], len(pkg.special_funds), list_pointer)]
            return "fund_item", fund, fund.items
        if tokens == ["indicators", "tree"]:
            return "node", None, pkg.indicators.tree
        if tokens == ["figures"]:
            return "figure", None, pkg.figures
        if tokens == ["projects"]:
            return "project", None, pkg.projects
        if len(tokens) in (3, 4) and tokens[0] == "projects":
            project = pkg.projects[ptr.index(tokens[1], len(pkg.projects), list_pointer)]
            if tokens[2:] == ["tree"]:
                return "node", project, project.tree
            if tokens[2:] == ["budget", "lines"]:
                return "budget_line", project, project.budget.lines
        if len(tokens) >= 4 and tokens[-1] == "children":
            group = self.node_at(ptr.join(*tokens[:-1]))
            if isinstance(group, Group):
                return "node", group, group.children
        raise ptr.PointerError(f"地址“{list_pointer}”不是可插入条目的列表")

    def _parse_entity(self, kind: str, doc: Any, at: str) -> Any:
        if kind in ("repair_item", "fund_item"):
            return exchange.read_item(doc, at)
        if kind == "fund":
            return exchange.read_fund(doc, at)
        if kind == "figure":
            figure = exchange.read_figure(doc, at)
            if any(f.key == figure.key for f in self.package.figures):
                raise ExchangeError(f"{at}/key", f"代码“{figure.key}”已被其他基础数据使用")
            if figure.carry is not None:
                exchange.check_carries([*self.package.figures, figure], {}, "")
            return figure
        if kind == "project":
            return exchange.read_project(doc, at)
        if kind == "budget_line":
            return exchange.read_budget_line(doc, at)
        depth = len([t for t in ptr.split(at) if t == "children"]) + 1
        return exchange.read_node(doc, at, depth)

    def _shift(self, kind: str, owner: Any, start: int, step: int) -> None:
        table = TABLE[kind]
        where, params = sibling_clause(kind, owner)
        self.db.execute(f"UPDATE {table} SET pos = pos + ? WHERE {where} AND pos >= ?", [step, *params, start])

    def _insert_rows(self, kind: str, owner: Any, index: int, entity: Any) -> None:
        if kind == "repair_item":
            entity.uid = insert_row(self.db, "repair_item", {"pos": index, **item_row(entity)})
        elif kind == "fund_item":
            entity.uid = insert_row(self.db, "fund_item", {"fund_id": owner.uid, "pos": index, **item_row(entity)})
        elif kind == "fund":
            insert_fund(self.db, entity, index)
        elif kind == "figure":
            insert_figure(self.db, entity, index)
        elif kind == "project":
            insert_project(self.db, entity, index)
        elif kind == "budget_line":
            insert_budget_line(self.db, entity, owner, index)
        else:
            insert_node(self.db, entity, owner, index)




def _children(node: Node) -> list[Node] | None:
    return node.children if isinstance(node, Group) else None


def _position(pointer: str) -> int:
    """The list position a pointer's last token names (its range is checked by the edit)."""
    return ptr.index(ptr.last(pointer), sys.maxsize, pointer)


def _node_addr(nodes: list[Node], tokens: list[str], start: int, pointer: str) -> _Addr:
    """The node a pointer names in a tree whose list is at ``tokens[:start]``."""
    node, used = ptr.walk_tree(tokens[start:], nodes, _children, pointer)
    i = start + used
    return _Addr("node", node, tokens[i:], ptr.join(*tokens[:i]))


def _contains(group: Group, candidate: Any) -> bool:
    if candidate is group:
        return True
    return any(isinstance(c, Group) and _contains(c, candidate) for c in group.children)


def _check_score(leaf: Leaf) -> None:
    score = leaf.score
    if score is None or Decimal(0) <= score <= leaf.weight:
        return
    if score < 0:
        raise ScoreRangeError(f"得分不能小于 0 分（{format_number(score)} 分）")
    raise ScoreRangeError(f"得分 {format_number(score)} 分超过本指标分值 {format_number(leaf.weight)} 分")


def _set_in(doc: dict[str, Any], rest: list[str], value: Any, pointer: str) -> None:
    """Set ``value`` at the relative path ``rest`` inside an entity's document."""
    target: Any = doc
    for i, token in enumerate(rest):
        last = i == len(rest) - 1
        if isinstance(target, list):
            position = ptr.index(token, len(target), pointer)
            if last:
                target[position] = value
            else:
                target = target[position]
        elif isinstance(target, dict):
            if last:
                target[token] = value
            elif token in target and target[token] is not None:
                target = target[token]
            else:
                raise ptr.PointerError(f"地址“{pointer}”不存在")
        else:
            raise ptr.PointerError(f"地址“{pointer}”不存在")


def _copy_leaf(source: Leaf, target: Leaf) -> None:
    for name in ("name", "weight", "criterion", "explanation", "metric", "rule", "score", "note", "reason"):
        setattr(target, name, getattr(source, name))


def export_package(report: ReportFile) -> Package:
    """The package as read back from the file itself (what an export writes)."""
    return load(report.connection())
