"""JSON Pointers: one escaper for every token, one walk for every pointer into the indicator tree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfcore import pointer as ptr


@given(st.lists(st.text(max_size=6), max_size=5))
def test_join_then_split_gives_the_tokens_back(tokens: list[str]) -> None:
    assert ptr.split(ptr.join(*tokens)) == tokens
    assert ptr.join(*tokens) == "".join("/" + ptr.escape(t) for t in tokens)


def test_escape_is_rfc_6901() -> None:
    assert ptr.escape("a/b~c") == "a~1b~0c"
    assert ptr.escape("~1") == "~01"  # not read back as "/"
    assert ptr.split("/a~1b~0c/~01") == ["a/b~c", "~1"]


# A tree as nested tuples: (name, children or None for a leaf).
TREE = [("A", [("A0", None), ("A1", [("A10", None)])]), ("B", None)]


def children(node: tuple[str, Any]) -> Any:
    return node[1]


@pytest.mark.parametrize(
    ("pointer", "name", "rest"),
    [
        ("/indicators/tree/0", "A", []),
        ("/indicators/tree/0/name", "A", ["name"]),
        ("/indicators/tree/0/children", "A", ["children"]),
        ("/indicators/tree/0/children/1/children/0/rule/items/2", "A10", ["rule", "items", "2"]),
        ("/indicators/tree/1/children/0", "B", ["children", "0"]),  # a leaf has no children
    ],
)
def test_walk_tree_finds_the_deepest_node_and_the_rest(pointer: str, name: str, rest: list[str]) -> None:
    tokens = ptr.split(pointer)[2:]
    node, used = ptr.walk_tree(tokens, TREE, children, pointer)
    assert (node[0], tokens[used:]) == (name, rest)


@pytest.mark.parametrize("pointer", ["/indicators/tree/2", "/indicators/tree/0/children/2", "/indicators/tree/01"])
def test_walk_tree_refuses_what_is_not_there(pointer: str) -> None:
    with pytest.raises(ptr.PointerError):
        ptr.walk_tree(ptr.split(pointer)[2:], TREE, children, pointer)
