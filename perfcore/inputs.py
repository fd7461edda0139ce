"""Reading an input file the user named, with a size bound.

An exchange JSON is read whole into memory, so a path like ``/dev/zero`` or a 20 GB file
would be read until the machine gives out. Inputs are read once (so ``/dev/stdin`` and pipes
work: nothing is read twice) and refused past :data:`MAX_INPUT_BYTES`.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from perfcore.errors import UserError
from perfcore.output import os_error_reason
from perfcore.terminal import shown

MAX_INPUT_MB = 64
MAX_INPUT_BYTES = MAX_INPUT_MB * 1024 * 1024
"""The largest exchange JSON read: a real package is well under 1 MB, a 100,000-leaf one ~40 MB."""

_CHUNK = 1 << 20


class InputError(UserError):
    """An input that cannot be read; the message is one line of Chinese naming the user's path."""


def open_input(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a file the user named for reading; refusals in Chinese."""
    name = shown(os.fspath(path))
    try:
        return open(path, "rb")  # noqa: SIM115 - the caller closes it
    except FileNotFoundError as exc:
        raise InputError(f"找不到文件“{name}”") from exc
    except IsADirectoryError as exc:
        raise InputError(f"“{name}”是文件夹，不是可读取的文件") from exc
    except OSError as exc:
        raise InputError(f"无法读取“{name}”：{os_error_reason(exc)}") from exc


def require_regular(path: str | os.PathLike[str]) -> None:
    """Refuse a file chosen in the desktop that is not a regular file: a pipe or a terminal would
    block the window for as long as nothing is written to it (the command line reads pipes)."""
    name = shown(os.fspath(path))
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise InputError(f"找不到文件“{name}”") from exc
    except OSError as exc:
        raise InputError(f"无法读取“{name}”：{os_error_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"“{name}”是文件夹，不是可读取的文件")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"“{name}”不是普通文件（设备、管道或其他特殊文件），不能读取")


def read_bounded(handle: BinaryIO, path: str | os.PathLike[str], already: bytes = b"") -> bytes:
    """The rest of ``handle`` after ``already``, refused past :data:`MAX_INPUT_BYTES`."""
    name = shown(os.fspath(path))
    too_big = InputError(f"“{name}”超过 {MAX_INPUT_MB} MB，不是可导入的交换文件")
    try:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"“{name}”是文件夹，不是可读取的文件")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_INPUT_BYTES:
            raise too_big
        parts = [already]
        size = len(already)
        while size <= MAX_INPUT_BYTES:
            block = handle.read(min(_CHUNK, MAX_INPUT_BYTES + 1 - size))
            if not block:
                return b"".join(parts)
            parts.append(block)
            size += len(block)
    except IsADirectoryError as exc:
        raise InputError(f"“{name}”是文件夹，不是可读取的文件") from exc
    except OSError as exc:
        raise InputError(f"无法读取“{name}”：{os_error_reason(exc)}") from exc
    raise too_big


def read_input(path: str | os.PathLike[str]) -> bytes:
    """The whole file at ``path`` (a file, ``/dev/stdin``, a pipe), at most :data:`MAX_INPUT_BYTES`."""
    with open_input(path) as handle:
        return read_bounded(handle, path)
