"""The one output guard: every file the program writes for the user goes through here.

Usage (a command or desktop action that writes ``target`` from ``source``)::

    from perfcore.output import write_output

    write_output(target, lambda temp: temp.write_text(text, encoding="utf-8"),
                 inputs=[source], overwrite=args.force)

``write_output`` refuses (raising :class:`OutputError`, one line of Chinese naming the user's path):

* a target that is a report file of this program (``application_id``), held or not — unless
  the output is itself a report (``report=True``: new, import, save as), which then replaces
  it only with ``overwrite`` and under the report's writer lock (the store takes it);
* a target that is a review file of the summary (``.jxzh``, its own ``application_id``): a
  reviewer's work, which no output replaces, a report neither;
* for an output that is not a report, any other SQLite database (a report whose header was
  damaged, so that its application id no longer shows, included);
* a target that is the same real file as one of ``inputs`` (resolved path and device/inode,
  so a symlink, a hard link or a path through a folder and back up are all seen);
* a target that is not a regular file (folder, device node, pipe, socket);
* a target named as the journal, WAL, shared memory or lock side file of a report or review
  file (``r.jxzp-journal``, ``r.jxzp-wal``, ``r.jxzp.lock``), whether it exists or not: a hot
  journal replaced by an export left the report damaged for good;
* any other existing file unless ``overwrite`` is true (:class:`OutputExists`; the CLI's
  ``--force``, the desktop's save dialog or a confirmation).

A symlink at the target is followed: the file it points to is written, the link stays.
The file is then written atomically (:func:`perfcore.atomic.write_atomically`); a system
refusal is reported with the user's path, never the temporary file's.

:func:`check_output` runs the same checks without writing, for writers that cannot hand
over a ``fill`` function (it returns the real path to write).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from perfcore.atomic import write_atomically
from perfcore.errors import UserError
from perfcore.terminal import shown

PathLike = str | os.PathLike[str]


class OutputError(UserError):
    """The program refuses to write this output; the message is one line of Chinese."""


class OutputExists(OutputError):
    """The output exists and is an ordinary file: overwriting it needs the user's consent."""


def _application_id(path: PathLike) -> int | None:
    """The SQLite ``application_id`` of a regular file, or None (not a regular SQLite file)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return None
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError:
        return None
    if len(header) < 72 or not header.startswith(b"SQLite format 3\x00"):
        return None
    return int.from_bytes(header[68:72], "big")


def _is_database(path: PathLike) -> bool:
    """Whether ``path`` is a regular file that begins as an SQLite database (whole or not)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            return handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def is_report_file(path: PathLike) -> bool:
    """Whether ``path`` is a regular file with the SQLite header and this program's application id."""
    from perfcore.store.schema import APPLICATION_ID  # imported late: the store writes through this guard

    return _application_id(path) == APPLICATION_ID


def is_review_file(path: PathLike) -> bool:
    """Whether ``path`` is a review file of the summary (``.jxzh``), by its application id."""
    from perfcore.store.schema import REVIEW_APPLICATION_ID

    return _application_id(path) == REVIEW_APPLICATION_ID


SIDE_SUFFIXES = ("-journal", "-wal", "-shm", ".lock")
"""The files SQLite and the writer lock keep beside a report or review file: a hot journal or a
WAL holds what makes the file whole, the lock side file who holds it."""


def side_file_owner(path: PathLike) -> Path | None:
    """The report or review file whose journal, WAL, shared memory or lock side file ``path``
    is (by its real name), or None."""
    real = real_path(path)
    for suffix in SIDE_SUFFIXES:
        if real.name.endswith(suffix) and len(real.name) > len(suffix):
            owner = real.with_name(real.name[: -len(suffix)])
            if is_report_file(owner) or is_review_file(owner):
                return owner
    return None


def same_file(a: PathLike, b: PathLike) -> bool:
    """Whether two paths name the same file (device and inode: links and ``..`` included)."""
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except OSError:
        return False


def real_path(path: PathLike) -> Path:
    """The file a path names, links followed (the target of a dangling link, too)."""
    return Path(os.path.realpath(os.fspath(path)))


def check_output(
    target: PathLike,
    *,
    inputs: Iterable[PathLike] = (),
    overwrite: bool = False,
    report: bool = False,
) -> Path:
    """Refuse what must not be written (see the module text); returns the real path to write."""
    name = shown(os.fspath(target))
    real = real_path(target)
    owner = side_file_owner(real)
    if owner is not None:
        raise OutputError(f"“{name}”是“{shown(owner.name)}”的日志或锁文件，覆盖它会损坏该文件；请另选文件名")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise OutputError(f"无法写入“{name}”：{os_error_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"“{name}”是文件夹，不能作为输出文件")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(f"“{name}”不是普通文件（设备、管道或其他特殊文件），不能写入")
    for source in inputs:
        if same_file(source, real):
            raise OutputError(f"“{name}”就是本次读取的文件，输出不能覆盖输入；请另选文件名")
    if is_review_file(real):
        raise OutputError(f"“{name}”是汇总复核文件，不能被覆盖；请另选文件名")
    if is_report_file(real) and not report:
        raise OutputError(f"“{name}”是绩效自评报告文件，不能被导出的文件覆盖；请另选文件名")
    if not report and _is_database(real):
        # A report whose header is damaged no longer shows our application id; it is still
        # the office's only copy to recover from. No export replaces a database.
        raise OutputError(f"“{name}”是数据库文件（可能是已损坏的报告文件），不能被导出的文件覆盖；请另选文件名")
    if not overwrite:
        raise OutputExists(f"“{name}”已存在；如需覆盖请确认（命令行加 --force）")
    return real


def write_output(
    target: PathLike,
    fill: Callable[[Path], object],
    *,
    inputs: Iterable[PathLike] = (),
    overwrite: bool = False,
    report: bool = False,
) -> Path:
    """Check ``target`` (:func:`check_output`), then let ``fill`` write a temporary file beside
    the real target and rename it into place. Returns the real path written."""
    real = check_output(target, inputs=inputs, overwrite=overwrite, report=report)
    try:
        write_atomically(real, fill)
    except OSError as exc:
        raise OutputError(f"无法写入“{shown(os.fspath(target))}”：{os_error_reason(exc)}") from exc
    return real


_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EFBIG: "文件超出允许的大小",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有操作权限",
    errno.EROFS: "存储设备只读",
    errno.ENOENT: "找不到文件或文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EISDIR: "这是文件夹",
    errno.EIO: "存储设备读写错误",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接层数过多或指向自身",
    errno.EEXIST: "文件已存在",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨存储设备移动",
    errno.EMFILE: "打开的文件过多",
    errno.EINVAL: "参数无效",
}


def os_error_reason(exc: OSError) -> str:
    """The system's refusal in Chinese (strerror is English on most machines)."""
    return _REASONS.get(exc.errno or 0, "系统拒绝了此操作" + (f"（错误码 {exc.errno}）" if exc.errno else ""))
