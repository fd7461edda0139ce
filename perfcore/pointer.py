"""JSON Pointers (RFC 6901): the one address of every value in a package.

Everything that writes or reads a pointer goes through here: ``escape``/``join`` write tokens,
``split`` reads them, ``walk_tree`` finds the node a pointer under ``/indicators/tree`` names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

N = TypeVar("N")


class PointerError(ValueError):
    """A pointer that does not name a value of the package."""


def escape(token: str | int) -> str:
    """One reference token as written in a pointer: ``~`` as ``~0``, ``/`` as ``~1``."""
    return str(token).replace("~", "~0").replace("/", "~1")


def split(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"地址“{pointer}”应以 / 开头")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def join(*tokens: str | int) -> str:
    return "".join("/" + escape(t) for t in tokens)


def index(token: str, length: int, pointer: str, allow_end: bool = False) -> int:
    """A list index token, checked against the list's length."""
    # isascii(): str.isdigit() and int() also take "٣" or "３", which no pointer should mean.
    if not (token.isascii() and token.isdigit()) or (len(token) > 1 and token.startswith("0")):
        raise PointerError(f"地址“{pointer}”中的“{token}”不是序号")
    value = int(token)
    if value > length or (value == length and not allow_end):
        raise PointerError(f"地址“{pointer}”中的序号 {value} 超出范围")
    return value


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0]


def last(pointer: str) -> str:
    return split(pointer)[-1]


def walk_tree(
    tokens: Sequence[str], roots: Sequence[N], children: Callable[[N], Sequence[N] | None], pointer: str
) -> tuple[N, int]:
    """The node that ``tokens`` (those after ``indicators``, ``tree``: ``2``, ``children``, ``0``, …)
    name in a tree of ``roots``, and how many tokens its path took; the rest address inside it.

    ``children`` gives a group's children and None for a leaf, so the same walk serves the core's
    nodes and any index of the same shape (the desktop's rows by uid).
    """
    if not tokens:
        raise PointerError(f"地址“{pointer}”不是指标")
    node = roots[index(tokens[0], len(roots), pointer)]
    used = 1
    while used + 1 < len(tokens) and tokens[used] == "children":
        kids = children(node)
        if kids is None:
            break
        node = kids[index(tokens[used + 1], len(kids), pointer)]
        used += 2
    return node, used
