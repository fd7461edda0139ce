"""The report file: one SQLite database per unit and year.

Every edit is one function call that validates the value, writes it in one transaction,
recomputes what depends on it and returns what changed. After each commit the single
file is complete on its own (rollback journal, never WAL), so it can be copied to a USB
stick at any moment. Rows carry stable ids; JSON Pointers are derived from positions.

Files are recognised by ``PRAGMA application_id``; ``PRAGMA user_version`` holds the
schema version, which a ladder of migrations brings up to date. A newer, foreign,
damaged or non-SQLite file is refused with a one-line Chinese message and left untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlite_utils

from perfcore import backup, exchange
from perfcore import pointer as ptr
from perfcore.atomic import copy_database, write_atomically
from perfcore.exchange import ExchangeError
from perfcore.filelock import FileLock, LockedError
from perfcore.model import (
    FUND_MONEY_FIELDS,
    FUND_TEXT_FIELDS,
    OVERALL_COUNT_FIELDS,
    OVERALL_NUMERIC_FIELDS,
    Group,
    Indicators,
    Item,
    Leaf,
    Node,
    Overall,
    Package,
    SpecialFund,
    iter_nodes,
)
from perfcore.money import plain
from perfcore.scoring import ScoreDelta, Scorer, Scores

APPLICATION_ID = 0x4A585A50  # "JXZP" — 绩效自评
SCHEMA_VERSION = 1
PROGRAM = "绩效自评填报"

_SCHEMA_V1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE overall (field TEXT PRIMARY KEY, value TEXT);
CREATE TABLE repair_item (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL, name TEXT NOT NULL, amount TEXT
);
CREATE TABLE fund (
    id INTEGER PRIMARY KEY, pos INTEGER NOT NULL,
    name TEXT NOT NULL, overview TEXT NOT NULL, allocated TEXT, spent TEXT,
    funding_text TEXT NOT NULL, implementation TEXT NOT NULL, performance TEXT NOT NULL,
    opinion_unit TEXT NOT NULL, opinion_office TEXT NOT NULL,
    filler TEXT NOT NULL, phone TEXT NOT NULL, filled_on TEXT NOT NULL
);
CREATE TABLE fund_item (
    id INTEGER PRIMARY KEY, fund_id INTEGER NOT NULL REFERENCES fund(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, name TEXT NOT NULL, amount TEXT
);
CREATE INDEX fund_item_fund ON fund_item(fund_id, pos);
CREATE TABLE node (
    id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES node(id) ON DELETE CASCADE,
    pos INTEGER NOT NULL, kind TEXT NOT NULL CHECK (kind IN ('group', 'leaf')),
    name TEXT NOT NULL, weight TEXT NOT NULL,
    criterion TEXT, explanation TEXT, metric TEXT, inputs TEXT, rule TEXT, score TEXT, note TEXT
);
CREATE INDEX node_parent ON node(parent_id, pos);
"""



def _run_script(conn: sqlite3.Connection, script: str) -> None:
    # executescript() would COMMIT the caller's transaction first; run statement by statement.
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


# Each step brings a file from version N-1 to N; the list's index + 1 is the target version.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    lambda conn: _run_script(conn, _SCHEMA_V1),
]


class StoreError(Exception):
    """A file the program cannot use or write; the message is one line of Chinese."""


class ReadOnlyError(StoreError):
    pass


@dataclass(frozen=True)
class Change:
    """What one edit did: the value before and after (exchange-document form) and the scores."""

    pointer: str
    old: Any
    new: Any
    delta: ScoreDelta
    structural: bool = False
    """Lists changed shape (insert, remove, move): positions and pointers moved."""
    changed: bool = True


@dataclass
class _Addr:
    """Where a pointer lands: the entity that owns the value and the path inside it."""

    kind: str  # meta | overall | repair_item | fund | fund_item | node
    entity: Any = None
    rest: list[str] = field(default_factory=list)
    doc_pointer: str = ""


def _no_delta(scores: Scores) -> ScoreDelta:
    return ScoreDelta({}, {}, scores.total, scores.grade, scores.complete, False)


# ---------------------------------------------------------------- opening and refusing


def _readonly_uri(path: Path) -> str:
    return Path(os.path.abspath(path)).as_uri() + "?mode=ro"


def inspect_file(path: Path) -> int:
    """Check that ``path`` is a report file this program can open; returns its version.

    Reads only (``mode=ro``): a refused file is never changed.
    """
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise StoreError(f"找不到文件“{name}”") from exc
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    if path.is_dir():
        raise StoreError(f"“{name}”是文件夹，不是报告文件")
    if size == 0:
        raise StoreError(f"“{name}”是空文件，不是报告文件")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise StoreError(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    if not header.startswith(b"SQLite format 3\x00"):
        raise StoreError(f"“{name}”不是绩效自评报告文件")
    if len(header) < 100:
        raise StoreError(f"“{name}”已损坏（文件不完整），无法打开")
    try:
        conn = sqlite3.connect(_readonly_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开“{name}”：{_detail(exc)}") from exc
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise StoreError(f"“{name}”是其他程序的数据库，不是绩效自评报告文件")
        if version < 1:
            # Files are made whole at version 1 or later; anything below is a damaged header.
            raise StoreError(f"“{name}”已损坏（文件版本号 {version} 无效），无法打开")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"“{name}”由更新版本的程序创建（文件版本 {version}，本程序支持 {SCHEMA_VERSION}），请升级程序后再打开"
            )
        # integrity_check, not quick_check: it also finds index entries that no longer match
        # their rows (a damaged sector), and costs the same on files of this size.
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            # integrity_check lists faults over several lines of SQLite jargon; the user needs one.
            raise StoreError(f"“{name}”已损坏（内部结构校验未通过），无法打开；可从备份恢复")
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # A damaged schema page can hold names that are no longer UTF-8.
        if journal_path(path).exists():
            raise StoreError(
                f"“{name}”上次保存时被中断，需在可写的位置以可写方式打开一次才能恢复"
            ) from exc
        raise StoreError(f"“{name}”已损坏，无法打开（{_detail(exc)}）") from exc
    finally:
        conn.close()
    return int(version)


def _detail(exc: BaseException) -> str:
    """A system message fit for the one line the user sees: SQLite quotes schema text
    with line breaks, and damaged files make it quote garbage at length."""
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:120] + "…"


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def recover_interrupted_commit(path: Path) -> None:
    """Roll back the commit of a writer that died half-way, before anything reads the file.

    A process killed mid-commit leaves ``<file>-journal``; SQLite restores the last commit
    from it on the next read-write access, but a read-only connection cannot, and would
    call the file damaged. Only our own files (application id in the header) are touched,
    and only under the writer lock, so a live writer's journal is never taken for a hot one.
    """
    if not journal_path(path).exists():
        return
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return
    try:
        lock = FileLock(path, PROGRAM)
    except (LockedError, OSError):
        return
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # left to inspect_file, which names the fault
    finally:
        lock.release()


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(_readonly_uri(path), uri=True, isolation_level=None)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 3000")
    if not read_only:
        # The file alone must be complete after every commit: no WAL side file, ever.
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def _environment_error(exc: BaseException, name: str) -> StoreError:
    """A write the machine refused, as the sentence the user sees."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == 28 or "full" in text:
        return StoreError(f"磁盘空间不足，“{name}”的最近一次修改没有保存，请清理磁盘后重试")
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return ReadOnlyError(f"“{name}”是只读文件，修改没有保存；请另存为可写入的位置")
    if "locked" in text or "busy" in text:
        return StoreError(f"“{name}”正被其他程序占用，修改没有保存，请稍后重试")
    if "disk i/o" in text:
        return StoreError(f"写入“{name}”时磁盘读写失败（存储设备可能已满、已拔出或损坏），修改没有保存；请检查后重试")
    if isinstance(exc, OSError):
        return StoreError(f"写入“{name}”时出错（{_detail(exc)}），修改没有保存；请检查存储设备")
    return StoreError(f"写入“{name}”时出错：{_detail(exc)}")


# ---------------------------------------------------------------- the report file


class ReportFile:
    """An open report file: its package, its scores, and the only way to change them."""

    def __init__(self, path: Path, conn: sqlite3.Connection, read_only: bool, lock: FileLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = lock
        self.package = _load(conn)
        self.scorer = Scorer(self.package)
        self.backup_problem: str | None = None
        """Why the backup on opening could not be made, for the caller to show."""

    # -- life cycle

    @classmethod
    def create(cls, path: str | os.PathLike[str], package: Package, *, overwrite: bool = False) -> ReportFile:
        """Write ``package`` as a new report file (atomically: a temp file, then rename)."""
        target = Path(path)
        if target.exists() and not overwrite:
            raise StoreError(f"“{target.name}”已存在；如需覆盖请确认")
        # Replacing a file another process has open would leave its edits going into the
        # unlinked old file, lost without a word: overwrite only what we can lock.
        guard = FileLock(target, PROGRAM) if target.exists() else None
        try:
            # A crashed writer's journal belongs to the file being replaced; left beside the
            # new file, SQLite would play the old pages back into it on the next open.
            if guard is not None:
                journal_path(target).unlink(missing_ok=True)
            cls._write_new(target, package)
        finally:
            if guard is not None:
                guard.release()
        return cls.open(target)

    @staticmethod
    def _write_new(target: Path, package: Package) -> None:
        def write(temp: Path) -> None:
            conn = sqlite3.connect(str(temp), isolation_level=None)
            try:
                conn.execute("PRAGMA journal_mode = DELETE")
                conn.execute("PRAGMA foreign_keys = ON")
                with _transaction(conn):
                    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    _migrate(conn, 0)
                    _write_package(sqlite_utils.Database(conn), package)
            finally:
                conn.close()

        try:
            write_atomically(target, write)
        except (sqlite3.Error, OSError) as exc:
            raise _environment_error(exc, target.name) from exc

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, backups: Path | None = None
    ) -> ReportFile:
        """Open a report file for editing (taking the writer lock) or read-only.

        ``backups`` is the caller's per-user backups folder: opened for editing, a file that
        changed since its last backup is copied there first (a failure is kept in
        ``backup_problem``, not raised). Before a schema migration a copy is always made
        (into ``backup.default_folder()`` without a folder) and the migration waits for it.
        """
        target = Path(path)
        recover_interrupted_commit(target)
        version = inspect_file(target)
        try:
            lock = None if read_only else FileLock(target, PROGRAM)
        except OSError as exc:
            # The lock's side file cannot be made: a read-only folder, share or medium.
            raise ReadOnlyError(f"“{target.name}”所在的文件夹不可写入，只能以只读方式打开") from exc
        try:
            if not read_only and not os.access(target, os.W_OK):
                raise ReadOnlyError(f"“{target.name}”是只读文件，只能以只读方式打开")
            conn = _connect(target, read_only)
            try:
                if version < SCHEMA_VERSION:
                    if read_only:
                        raise StoreError(f"“{target.name}”是旧版本文件，需先以可写方式打开升级")
                    try:
                        backup.make(conn, target, backups or backup.default_folder(), "migration")
                    except backup.BackupError as exc:
                        raise StoreError(f"{exc}；文件未升级，保持原样") from exc
                    with _transaction(conn):
                        _migrate(conn, version)
                report = cls(target, conn, read_only, lock)
                if backups is not None and not read_only:
                    try:
                        backup.on_open(conn, target, backups, report.scores.total)
                    except backup.BackupError as exc:
                        report.backup_problem = str(exc)
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
        target = Path(path)
        if target.exists() and target.resolve() == self.path.resolve():
            raise StoreError(f"“{target.name}”就是当前文件，请选择其他文件名")
        guard = FileLock(target, PROGRAM) if target.exists() else None
        try:
            copy_database(self._conn, target)
        except (sqlite3.Error, OSError) as exc:
            raise _environment_error(exc, target.name) from exc
        finally:
            if guard is not None:
                guard.release()

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
        for path, candidate in iter_nodes(self.package.indicators.tree):
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
        if addr.kind == "node" and addr.rest in (["metric"], ["inputs"]) and "children" not in value:
            # A leaf without a formula or data omits them; reading None lets ``set`` add them.
            return value.get(addr.rest[0])
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
                nodes = pkg.indicators.tree
                node: Node = nodes[ptr.index(tokens[2], len(nodes), pointer)]
                i = 3
                while isinstance(node, Group) and i + 1 < len(tokens) + 1 and i < len(tokens) and tokens[i] == "children":
                    if i + 1 >= len(tokens):
                        break
                    node = node.children[ptr.index(tokens[i + 1], len(node.children), pointer)]
                    i += 2
                return _Addr("node", node, tokens[i:], ptr.join(*tokens[:i]))
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
            with _transaction(self._conn):
                yield
        except (sqlite3.Error, OSError) as exc:
            self._reload()
            raise _environment_error(exc, self.path.name) from exc
        except (ExchangeError, ptr.PointerError):
            # A refused value is refused before memory is touched, and the rollback undid any
            # row; reloading would only swap the objects the desktop holds for copies.
            raise
        except BaseException:
            self._reload()
            raise

    def _reload(self) -> None:
        try:
            fresh = _load(self._conn)
        except (sqlite3.Error, StoreError):
            return
        pkg = self.package
        pkg.year, pkg.unit_name = fresh.year, fresh.unit_name
        pkg.overall, pkg.special_funds, pkg.indicators = fresh.overall, fresh.special_funds, fresh.indicators
        self.scorer.rebuild()

    def set(self, pointer: str, value: Any) -> Change:
        """Set one value (exchange-document form; Decimal accepted for numbers)."""
        self._check_writable()
        addr = self._resolve(pointer)
        if not addr.rest:
            raise ptr.PointerError(f"地址“{pointer}”指向整个条目，请使用插入或删除")
        value = _json_form(value)
        old = self.get(pointer)
        if old == value and type(old) is type(value):
            return Change(pointer, old, value, _no_delta(self.scores), changed=False)
        overall_fields: list[str] = []
        leaf_uids: list[int] = []
        with self._write():
            if addr.kind == "meta":
                self._set_meta(addr.rest, value, pointer)
            elif addr.kind == "overall":
                if len(addr.rest) != 1:
                    raise ptr.PointerError(f"地址“{pointer}”不存在")
                name = addr.rest[0]
                if name == "capital_repair_items":
                    raise ptr.PointerError("基建维修项目请逐条插入或删除")
                parsed = exchange.read_overall({name: value}, "/overall")
                new = getattr(parsed, name)
                self.db.table("overall").upsert({"field": name, "value": _field_text(new)}, pk="field")
                setattr(self.package.overall, name, new)
                if name in OVERALL_NUMERIC_FIELDS:
                    overall_fields.append(name)
            elif addr.kind in ("repair_item", "fund_item"):
                doc = {"name": addr.entity.name, "amount": exchange.money_out(addr.entity.amount)}
                _set_in(doc, addr.rest, value, pointer)
                parsed_item = exchange.read_item(doc, addr.doc_pointer)
                addr.entity.name, addr.entity.amount = parsed_item.name, parsed_item.amount
                table = "repair_item" if addr.kind == "repair_item" else "fund_item"
                self.db.table(table).update(addr.entity.uid, {"name": parsed_item.name, "amount": _field_text(parsed_item.amount)})
            elif addr.kind == "fund":
                if len(addr.rest) != 1 or addr.rest[0] == "items":
                    raise ptr.PointerError(f"地址“{pointer}”不存在")
                name = addr.rest[0]
                parsed_fund = exchange.read_fund({name: value}, addr.doc_pointer)
                new = getattr(parsed_fund, name)
                setattr(addr.entity, name, new)
                self.db.table("fund").update(addr.entity.uid, {name: _field_text(new) if name in FUND_MONEY_FIELDS else new})
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
                    _copy_leaf(parsed_leaf, node)
                    leaf_uids.append(node.uid)
                self.db.table("node").update(node.uid, _node_row(node))
        delta = self.scorer.recompute(overall_fields, leaf_uids)
        return Change(pointer, old, self.get(pointer), delta)

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
        return self._structural(at, None, doc)

    def remove(self, pointer: str) -> Change:
        """Remove an entity; ``Change.old`` holds it, for undo by ``insert``."""
        self._check_writable()
        list_pointer, index = ptr.parent(pointer), ptr.last(pointer)
        kind, owner, items = self._list_at(list_pointer)
        position = ptr.index(index, len(items), pointer)
        old = self.get(pointer)
        entity = items[position]
        with self._write():
            self.db.execute(f"DELETE FROM {_TABLE[kind]} WHERE id = ?", [entity.uid])
            del items[position]
            self._shift(kind, owner, position + 1, -1)
        return self._structural(pointer, old, None)

    def move(self, pointer: str, dest_list_pointer: str, index: int) -> Change:
        """Move an entity to ``index`` of a list of the same kind (may be another group).

        ``index`` counts in the destination list as it is after the entity left its place.
        """
        self._check_writable()
        src_list, src_index = ptr.parent(pointer), ptr.last(pointer)
        kind, owner, items = self._list_at(src_list)
        dest_kind, dest_owner, dest_items = self._list_at(dest_list_pointer)
        position = ptr.index(src_index, len(items), pointer)
        entity = items[position]
        if dest_kind != kind:
            raise ptr.PointerError("只能在同类条目之间移动")
        if kind == "node" and isinstance(entity, Group) and _contains(entity, dest_owner):
            raise ptr.PointerError("不能把指标组移到它自己的下级")
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
                columns["parent_id"] = dest_owner.uid if isinstance(dest_owner, Group) else None
            elif kind == "fund_item":
                columns["fund_id"] = dest_owner.uid
            self.db.table(_TABLE[kind]).update(entity.uid, columns)
        return self._structural(f"{dest_list_pointer}/{index}", pointer, f"{dest_list_pointer}/{index}")

    def _structural(self, pointer: str, old: Any, new: Any) -> Change:
        scores = self.scorer.rebuild()
        delta = ScoreDelta(dict(scores.leaves), dict(scores.groups), scores.total, scores.grade, scores.complete, True)
        return Change(pointer, old, new, delta, structural=True)

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
        depth = len([t for t in ptr.split(at) if t == "children"]) + 1
        return exchange.read_node(doc, at, depth)

    def _shift(self, kind: str, owner: Any, start: int, step: int) -> None:
        table = _TABLE[kind]
        where, params = _sibling_clause(kind, owner)
        self.db.execute(f"UPDATE {table} SET pos = pos + ? WHERE {where} AND pos >= ?", [step, *params, start])

    def _insert_rows(self, kind: str, owner: Any, index: int, entity: Any) -> None:
        if kind == "repair_item":
            entity.uid = _insert(self.db, "repair_item", {"pos": index, **_item_row(entity)})
        elif kind == "fund_item":
            entity.uid = _insert(self.db, "fund_item", {"fund_id": owner.uid, "pos": index, **_item_row(entity)})
        elif kind == "fund":
            _insert_fund(self.db, entity, index)
        else:
            _insert_node(self.db, entity, owner.uid if isinstance(owner, Group) else None, index)


_TABLE = {"repair_item": "repair_item", "fund_item": "fund_item", "fund": "fund", "node": "node"}


def _sibling_clause(kind: str, owner: Any) -> tuple[str, list[Any]]:
    if kind == "fund_item":
        return "fund_id = ?", [owner.uid]
    if kind == "node":
        return ("parent_id = ?", [owner.uid]) if isinstance(owner, Group) else ("parent_id IS NULL", [])
    return "1 = 1", []


def _contains(group: Group, candidate: Any) -> bool:
    if candidate is group:
        return True
    return any(isinstance(c, Group) and _contains(c, candidate) for c in group.children)


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so a commit cannot fail
    half-way for want of it; anything raised inside rolls the whole edit back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    for target in range(version + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[target - 1](conn)
        conn.execute(f"PRAGMA user_version = {target}")


# ---------------------------------------------------------------- rows ↔ model


def _json_form(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)  # str() may give "0E-7", which the exchange readers refuse
    return value


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
    for name in ("name", "weight", "criterion", "explanation", "metric", "inputs", "rule", "score", "note"):
        setattr(target, name, getattr(source, name))


def _field_text(value: Any) -> str | None:
    # The same plain decimal text as the exchange document: str() may give "0E-7", which
    # the readers refuse, so the file would not open again.
    if isinstance(value, Decimal):
        return plain(value)
    return None if value is None else str(value)


def _item_row(item: Item) -> dict[str, Any]:
    return {"name": item.name, "amount": _field_text(item.amount)}


def _node_row(node: Node) -> dict[str, Any]:
    if isinstance(node, Group):
        return {"kind": "group", "name": node.name, "weight": plain(node.weight)}
    doc = exchange.node_to_doc(node)
    return {
        "kind": "leaf",
        "name": node.name,
        "weight": plain(node.weight),
        "criterion": node.criterion,
        "explanation": node.explanation,
        "metric": json.dumps(doc["metric"], ensure_ascii=False) if "metric" in doc else None,
        "inputs": json.dumps(doc["inputs"], ensure_ascii=False) if "inputs" in doc else None,
        "rule": json.dumps(doc["rule"], ensure_ascii=False),
        "score": _field_text(node.score),
        "note": node.note,
    }


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    cursor = db.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    assert cursor.lastrowid is not None
    return int(cursor.lastrowid)


def _insert_fund(db: sqlite_utils.Database, fund: SpecialFund, pos: int) -> None:
    row: dict[str, Any] = {"pos": pos}
    row.update({name: getattr(fund, name) for name in FUND_TEXT_FIELDS})
    row.update({name: _field_text(getattr(fund, name)) for name in FUND_MONEY_FIELDS})
    fund.uid = _insert(db, "fund", row)
    for i, item in enumerate(fund.items):
        item.uid = _insert(db, "fund_item", {"fund_id": fund.uid, "pos": i, **_item_row(item)})


def _insert_node(db: sqlite_utils.Database, node: Node, parent_id: int | None, pos: int) -> None:
    node.uid = _insert(db, "node", {"parent_id": parent_id, "pos": pos, **_node_row(node)})
    if isinstance(node, Group):
        for i, child in enumerate(node.children):
            _insert_node(db, child, node.uid, i)


def _write_package(db: sqlite_utils.Database, package: Package) -> None:
    meta = {
        "format": "perf-filing/1",
        "year": str(package.year),
        "unit_name": package.unit_name,
        "indicators/title": package.indicators.title,
        "indicators/opinion_unit": package.indicators.opinion_unit,
    }
    for key, value in meta.items():
        _insert(db, "meta", {"key": key, "value": value})
    overall = exchange.overall_to_doc(package.overall)
    for name, value in overall.items():
        if name != "capital_repair_items":
            _insert(db, "overall", {"field": name, "value": None if value is None else str(value)})
    for i, item in enumerate(package.overall.capital_repair_items):
        item.uid = _insert(db, "repair_item", {"pos": i, **_item_row(item)})
    for i, fund in enumerate(package.special_funds):
        _insert_fund(db, fund, i)
    for i, node in enumerate(package.indicators.tree):
        _insert_node(db, node, None, i)


def _load(conn: sqlite3.Connection) -> Package:
    """The package as the file holds it; rows are validated by the exchange readers."""
    conn.row_factory = sqlite3.Row
    try:
        meta = {r["key"]: r["value"] for r in conn.execute("SELECT key, value FROM meta")}
        overall_doc: dict[str, Any] = {}
        for row in conn.execute("SELECT field, value FROM overall"):
            name, value = row["field"], row["value"]
            if name in OVERALL_COUNT_FIELDS and value is not None:
                overall_doc[name] = int(value)
            else:
                overall_doc[name] = value
        repair = conn.execute("SELECT * FROM repair_item ORDER BY pos").fetchall()
        overall_doc["capital_repair_items"] = [{"name": r["name"], "amount": r["amount"]} for r in repair]
        overall: Overall = exchange.read_overall(overall_doc, "/overall")
        for item, row in zip(overall.capital_repair_items, repair, strict=True):
            item.uid = row["id"]
        funds = []
        fund_rows = conn.execute("SELECT * FROM fund ORDER BY pos").fetchall()
        item_rows: dict[int, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM fund_item ORDER BY fund_id, pos"):
            item_rows.setdefault(row["fund_id"], []).append(row)
        for i, row in enumerate(fund_rows):
            doc = {name: row[name] for name in FUND_TEXT_FIELDS + FUND_MONEY_FIELDS}
            rows = item_rows.get(row["id"], [])
            doc["items"] = [{"name": r["name"], "amount": r["amount"]} for r in rows]
            fund = exchange.read_fund(doc, f"/special_funds/{i}")
            fund.uid = row["id"]
            for item, item_row in zip(fund.items, rows, strict=True):
                item.uid = item_row["id"]
            funds.append(fund)
        children: dict[int | None, list[sqlite3.Row]] = {}
        for row in conn.execute("SELECT * FROM node ORDER BY parent_id, pos"):
            children.setdefault(row["parent_id"], []).append(row)
        tree = [_node_from_row(r, children, f"/indicators/tree/{i}") for i, r in enumerate(children.get(None, []))]
        year = int(meta.get("year", "0"))
        package = Package(
            year=year,
            unit_name=meta.get("unit_name", ""),
            overall=overall,
            special_funds=funds,
            indicators=Indicators(meta.get("indicators/title", Indicators().title), meta.get("indicators/opinion_unit", ""), tree),
        )
    except (ExchangeError, ValueError, KeyError, IndexError, TypeError, json.JSONDecodeError) as exc:
        raise StoreError(f"文件内容不完整或已损坏，无法打开（{_detail(exc)}）") from exc
    except sqlite3.DatabaseError as exc:
        # Damage the structure check cannot see (text that is no longer UTF-8, …).
        raise StoreError("文件内容已损坏，无法读取；可从备份恢复") from exc
    finally:
        conn.row_factory = None
    return package


def _node_from_row(row: sqlite3.Row, children: dict[int | None, list[sqlite3.Row]], pointer: str) -> Node:
    node: Node
    if row["kind"] == "group":
        kids = [_node_from_row(r, children, f"{pointer}/children/{i}") for i, r in enumerate(children.get(row["id"], []))]
        node = Group(row["name"], exchange.read_decimal(row["weight"], f"{pointer}/weight"), kids)
    else:
        doc: dict[str, Any] = {
            "name": row["name"],
            "weight": row["weight"],
            "criterion": row["criterion"] or "",
            "explanation": row["explanation"] or "",
            "rule": json.loads(row["rule"]),
            "score": row["score"],
            "note": row["note"] or "",
        }
        if row["metric"] is not None:
            doc["metric"] = json.loads(row["metric"])
        if row["inputs"] is not None:
            doc["inputs"] = json.loads(row["inputs"], parse_float=Decimal)
        node = exchange.read_node(doc, pointer, pointer.count("/children/") + 1)
    node.uid = row["id"]
    return node


def export_package(report: ReportFile) -> Package:
    """The package as read back from the file itself (what an export writes)."""
    return _load(report.connection())
