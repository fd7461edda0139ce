"""Backups of report files: made before a schema migration and when a changed file is opened.

Copies are made with SQLite's backup API from the open connection (consistent pages, under
the writer lock), never by copying bytes that a writer might be changing. They go to a
per-user folder the caller names (the desktop passes its data folder; perfcore knows no
Qt), one sub-folder per report file. A backup file's name carries everything the list
needs — when, why, the fingerprint of the report file it copied and its total — so there
is no index to lose or get out of step::

    <folder>/<stem>-<path hash>/20261128-175900-123456_open_93.00_<fingerprint>.jxzp

Old backups are thinned (all of today, then one a day, then one a week); the newest few
are kept whatever their age, so a file opened once a year still has its last copy.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from perfcore.atomic import copy_database
from perfcore.errors import UserError
from perfcore.output import OutputError, check_output, os_error_reason, write_output

Reason = Literal["open", "migration", "restore"]
REASON_LABELS: dict[str, str] = {"open": "打开时", "migration": "升级文件版本前", "restore": "恢复备份前"}
SUFFIX = ".jxzp"
REVIEW_SUFFIX = ".jxzh"
"""Backups of review files (``perfcore.summary.review``) keep their kind's suffix."""
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"(?P<stamp>\d{8}-\d{6}-\d{6})_(?P<reason>open|migration|restore)_(?P<total>na|\d+\.\d\d)_(?P<fp>[0-9a-f]{16})\.jxz[ph]")
_SAFE_STEM = re.compile(r"[^\w\u4e00-\u9fff-]+")


class BackupError(UserError):
    """A backup that could not be made or restored; the message is one line of Chinese."""


@dataclass(frozen=True)
class Backup:
    path: Path
    made: datetime
    reason: Reason
    total: Decimal | None
    fingerprint: str
    size: int

    @property
    def reason_label(self) -> str:
        return REASON_LABELS[self.reason]


@dataclass(frozen=True)
class Policy:
    """How many backups survive thinning."""

    today: int = 50
    """Backups made today, newest first."""
    days: int = 7
    """Then the newest of each of the previous days."""
    weeks: int = 8
    """Then the newest of each following week."""
    newest: int = 3
    """The newest ones, whatever their age."""


def folder_for(report_path: Path, folder: Path) -> Path:
    """The sub-folder holding the backups of one report file (by its absolute path)."""
    absolute = str(Path(os.path.abspath(report_path)))
    digest = hashlib.sha256(absolute.encode("utf-8")).hexdigest()[:10]
    stem = _SAFE_STEM.sub("_", report_path.stem)[:40] or "report"
    return folder / f"{stem}-{digest}"


def fingerprint(report_path: Path) -> str:
    """Identifies the file's content: a changed file gets a new fingerprint."""
    digest = hashlib.sha256()
    with open(report_path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def list_backups(report_path: Path, folder: Path) -> list[Backup]:
    """The backups of one report file, newest first."""
    place = folder_for(report_path, folder)
    if not place.is_dir():
        return []
    found = []
    for entry in place.iterdir():
        match = _NAME.fullmatch(entry.name)
        if match is None:
            continue
        try:
            size = entry.stat().st_size
        except OSError:
            continue
        total = None if match["total"] == "na" else Decimal(match["total"])
        made = datetime.strptime(match["stamp"], _STAMP)
        reason: Reason = match["reason"]  # type: ignore[assignment]
        found.append(Backup(entry, made, reason, total, match["fp"], size))
    found.sort(key=lambda b: b.made, reverse=True)
    return found


def make(
    conn: sqlite3.Connection,
    report_path: Path,
    folder: Path,
    reason: Reason,
    total: Decimal | None = None,
    now: datetime | None = None,
    suffix: str = SUFFIX,
) -> Backup:
    """Copy the database behind ``conn`` (the report file at ``report_path``) into the folder.

    The caller holds the writer lock, so the file cannot change while it is copied.
    Written to a temporary name and renamed, so a crash never leaves a half backup.
    """
    place = folder_for(report_path, folder)
    made = now or datetime.now()
    shown_total = "na" if total is None else f"{total:z.2f}"
    try:
        source_fingerprint = fingerprint(report_path)
    except OSError as exc:
        raise BackupError(f"无法读取“{report_path.name}”以备份：{_reason(exc)}") from exc
    name = f"{made.strftime(_STAMP)}_{reason}_{shown_total}_{source_fingerprint}{suffix}"
    target = place / name
    try:
        place.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(place)
        # A backup's name is new each time: the guard refuses anything already there.
        copy_database(conn, check_output(target, inputs=[report_path]))
        source = str(Path(os.path.abspath(report_path))) + "\n"
        write_output(place / "source.txt", lambda temp: temp.write_text(source, encoding="utf-8"), overwrite=True)
    except (OSError, sqlite3.Error, OutputError) as exc:
        raise BackupError(f"无法备份“{report_path.name}”到“{place}”：{_reason(exc)}") from exc
    return Backup(target, made, reason, total, source_fingerprint, target.stat().st_size)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return os_error_reason(exc)
    return " ".join(str(exc).split())[:120]


def _remove_leftovers(place: Path) -> None:
    # Only the holder of the report's writer lock writes here, so any temporary file is
    # what a killed process left behind.
    # SQLite's journal of a copy being written may be beside one.
    for entry in [*place.glob(".~*.tmp"), *place.glob(".~*.tmp-journal")]:
        entry.unlink(missing_ok=True)


def on_open(
    conn: sqlite3.Connection,
    report_path: Path,
    folder: Path,
    total: Decimal | None,
    now: datetime | None = None,
    policy: Policy | None = None,
    suffix: str = SUFFIX,
) -> Backup | None:
    """Back the file up if it changed since its last backup, then thin; the new backup or None."""
    existing = list_backups(report_path, folder)
    if existing and existing[0].fingerprint == fingerprint(report_path):
        return None
    made = make(conn, report_path, folder, "open", total, now, suffix)
    thin(report_path, folder, now or made.made, policy)
    return made


def thin(report_path: Path, folder: Path, now: datetime | None = None, policy: Policy | None = None) -> list[Backup]:
    """Delete the backups the policy does not keep; returns the deleted ones."""
    backups = list_backups(report_path, folder)
    keep = kept(backups, (now or datetime.now()).date(), policy or Policy())
    removed = []
    for backup in backups:
        if backup not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup)
    return removed


def kept(backups: list[Backup], today: date, policy: Policy) -> set[Backup]:
    """Which of ``backups`` (newest first) the policy keeps."""
    keep: set[Backup] = set(backups[: policy.newest])
    keep.update(b for b in backups if b.reason == "migration")
    seen_today = 0
    buckets: set[tuple[str, int]] = set()
    for backup in backups:
        age = (today - backup.made.date()).days
        if age <= 0:
            if seen_today < policy.today:
                keep.add(backup)
            seen_today += 1
            continue
        if age <= policy.days:
            bucket = ("day", age)
        elif age <= policy.days + 7 * policy.weeks:
            bucket = ("week", (age - policy.days - 1) // 7)
        else:
            continue
        if bucket not in buckets:
            buckets.add(bucket)
            keep.add(backup)
    return keep
