"""JSON Pointers (RFC 6901): the one address of every value in a package."""

from __future__ import annotations


class PointerError(ValueError):
    """A pointer that does not name a value of the package."""


def split(pointer: str) -> list[str]:
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PointerError(f"地址“{pointer}”应以 / 开头")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def join(*tokens: str | int) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


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
