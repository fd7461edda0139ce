"""A report file's leaves read with the rule and metric memo (``perfcore.store.rows``) are the
leaves the validating reader gives, and damaged rows are refused with the same message.

The memo keeps what each distinct rule and metric text validated to and hands out copies;
the validating way (nothing kept: every column parsed and checked) is the reference. For
generated packages, and for the same packages with one to three columns of a leaf row damaged
by hand (text that is not JSON, a rule with a bad field, a number where text belongs, a
valid rule text beside a bad name, …), both ways give equal packages or the same refusal —
with the memo cold and with it already holding every intact text of the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations
from typing import Any

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import leaves, packages, rules, signed_points, texts

from perfcore.exchange import rule_to_doc
from perfcore.model import (
    ChoiceOption,
    ChoiceRule,
    Leaf,
    Metric,
    Package,
    ProportionalRule,
    fresh_copy,
    iter_all_nodes,
)
from perfcore.store import StoreError, rows
from perfcore.store.schema import migrate, transaction

LEAF_COLUMNS = ("name", "weight", "criterion", "explanation", "metric", "rule", "score", "note", "reason")


def stored(package: Package) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    with transaction(conn):
        migrate(conn, 0)
        rows.write_package(sqlite_utils.Database(conn), package)
    return conn


def outcome(conn: sqlite3.Connection) -> Package | str:
    try:
        return rows.load(conn)
    except StoreError as exc:
        return str(exc)


@pytest.fixture(autouse=True)
def empty_memo() -> Iterator[None]:
    rows._rules.clear()
    rows._metrics.clear()
    yield
    rows._rules.clear()
    rows._metrics.clear()


def validating(conn: sqlite3.Connection) -> Package | str:
    """The reference: every leaf's columns parsed and validated, nothing kept or reused."""
    saved = rows._MEMO_TEXT
    rows._MEMO_TEXT = -1
    try:
        rows._rules.clear()
        rows._metrics.clear()
        return outcome(conn)
    finally:
        rows._MEMO_TEXT = saved


def uids(package: Package) -> list[int]:
    return [node.uid for _path, node in iter_all_nodes(package)]


def leaves_of(package: Package) -> list[Leaf]:
    return [node for _path, node in iter_all_nodes(package) if isinstance(node, Leaf)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages(weights=signed_points))
def test_memo_reads_the_package_the_validating_reader_reads(package: Package) -> None:
    conn = stored(package)
    expected = validating(conn)
    assert isinstance(expected, Package)
    cold = rows.load(conn)  # the memo fills as the leaves are read
    warm = rows.load(conn)  # every rule and metric now comes from the memo
    assert cold == expected and warm == expected
    assert uids(cold) == uids(expected) == uids(warm)
    if leaves_of(expected):
        assert rows._rules
    # Copies, never the kept objects: an edit of one package's rule changes no other.
    for a, b in zip(leaves_of(cold), leaves_of(warm), strict=True):
        assert a.rule is not b.rule and (a.metric is None or a.metric is not b.metric)
        assert all(x is not y for x, y in zip(_lists(a.rule), _lists(b.rule), strict=True))


def _lists(rule: Any) -> list[Any]:
    return [v for v in vars(rule).values() if isinstance(v, list)]


def _mutated_rule(rule: Any, data: st.DataObject) -> str:
    """A rule's text as stored, then changed the way a hand edit changes it."""
    doc = rule_to_doc(rule)
    how = data.draw(st.sampled_from(["set", "drop", "unknown key", "key twice", "truncate", "as is"]))
    value: Any = data.draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-(10**17), 10**17),
            st.sampled_from(["1.234", "1e3", "１", " 2", "-0.00", "abc", "manual", "达成", ">=", "ceil", "zero"]),
            st.lists(st.integers(0, 3), max_size=2),
            st.just({"label": "x"}),
        )
    )
    keys = sorted(doc)
    if how == "set":
        doc[data.draw(st.sampled_from(keys + ["type", "points", "options", "items", "bands"]))] = value
    elif how == "drop":
        doc.pop(data.draw(st.sampled_from(keys)))
    elif how == "unknown key":
        doc["extra"] = value
    text = json.dumps(doc, ensure_ascii=False)
    if how == "key twice":
        text = text[:-1] + ', "type": "manual"}'
    if how == "truncate":
        text = text[: data.draw(st.integers(0, max(0, len(text) - 1)))]
    return text


def _damage(column: str, package: Package, data: st.DataObject) -> Any:
    choices: list[st.SearchStrategy[Any]] = [
        st.none(),
        st.integers(-5, 10**6),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.binary(max_size=4),
        texts,
        st.sampled_from(["", "{}", "[]", "null", "1.234", "1e3", " 2", "１", '{"formula": "a +"}', '{"type": "manual"}']),
    ]
    if column in ("rule", "metric"):
        # A text that is valid (and in the memo) for another leaf of the file.
        texts_of_file = [rows.node_row(leaf)[column] for leaf in leaves_of(package)]
        choices.append(st.sampled_from([t for t in texts_of_file if t is not None] or ["{}"]))
    if column == "metric":
        choices.append(st.builds(lambda f, u: json.dumps({"formula": f, "unit": u}), texts, texts))
    if column == "rule" and data.draw(st.booleans()):
        return _mutated_rule(data.draw(rules()), data)
    return data.draw(st.one_of(choices))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(package=packages(max_leaves=6, max_projects=1), data=st.data())
def test_damaged_leaf_rows_are_refused_as_the_validating_reader_refuses_them(
    package: Package, data: st.DataObject
) -> None:
    conn = stored(package)
    ids = [row[0] for row in conn.execute("SELECT id FROM node WHERE kind = 'leaf'")]
    if not ids:
        return
    row_id = data.draw(st.sampled_from(ids))  # faults together in one row: the first one named must be the same
    for column in data.draw(st.lists(st.sampled_from(LEAF_COLUMNS), min_size=1, max_size=3, unique=True)):
        value = _damage(column, package, data)
        if value is None and column in ("name", "weight"):
            continue  # NOT NULL: SQLite itself refuses the edit
        conn.execute(f"UPDATE node SET {column} = ? WHERE id = ?", [value, row_id])
    expected = validating(conn)
    assert outcome(conn) == expected  # memo cold
    warm = stored(package)
    rows.load(warm)  # the memo now holds every intact text of the file
    assert outcome(conn) == expected
    assert outcome(conn) == expected  # and whatever this read kept


BAD = {
    "name": b"x", "weight": "1.234", "criterion": b"x", "explanation": b"x", "metric": "{",
    "rule": '{"type": "bogus"}', "score": "abc", "note": b"x", "reason": b"x",
}  # fmt: skip
"""A value each leaf column refuses."""


def _small_package() -> Package:
    leaf = Leaf(name="指标", weight=Decimal(5), metric=Metric("a / b * 100", "%"), rule=ProportionalRule(Decimal(1)))
    package = Package(year=2020)
    package.indicators.tree = [leaf, fresh_leaf(leaf)]
    return package


def fresh_leaf(leaf: Leaf) -> Leaf:
    return Leaf(leaf.name, leaf.weight, metric=fresh_copy(leaf.metric), rule=fresh_copy(leaf.rule))


@pytest.mark.parametrize("columns", list(combinations(LEAF_COLUMNS, 2)) + [(c,) for c in LEAF_COLUMNS])
def test_the_first_of_several_faults_in_a_row_is_named_as_the_validating_reader_names_it(columns: tuple[str, ...]) -> None:
    package = _small_package()
    rows.load(stored(package))  # the memo holds the rule and the metric of both leaves
    conn = stored(package)
    for column in columns:
        conn.execute(f"UPDATE node SET {column} = ? WHERE id = (SELECT max(id) FROM node)", [BAD[column]])
    expected = validating(conn)
    assert isinstance(expected, str)
    rows.load(stored(package))
    assert outcome(conn) == expected


def test_a_refused_text_is_never_kept_and_long_texts_are_read_the_full_way(monkeypatch: pytest.MonkeyPatch) -> None:
    leaf = Leaf(name="x", weight=Decimal(2), rule=ChoiceRule([ChoiceOption("好", Decimal(2))], "好", "manual"))
    package = Package(year=2020)
    package.indicators.tree = [leaf]
    conn = stored(package)
    assert isinstance(outcome(conn), Package)
    assert list(rows._rules) == [rows.node_row(leaf)["rule"]]
    conn.execute("UPDATE node SET rule = ?", ['{"type": "choice", "options": [{"label": "好", "points": "2.001"}]}'])
    refused = outcome(conn)
    assert isinstance(refused, str) and "最多保留两位小数" in refused
    assert len(rows._rules) == 1
    monkeypatch.setattr(rows, "_MEMO_TEXT", 10)
    rows._rules.clear()
    conn.execute("UPDATE node SET rule = ?", [rows.node_row(leaf)["rule"]])
    assert outcome(conn) == package and not rows._rules


def test_the_memo_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rows, "_MEMO_SIZE", 3)
    rows._rules.clear()
    package = Package(year=2020)
    package.indicators.tree = [Leaf(name=str(i), weight=Decimal(1), rule=ChoiceRule([], str(i))) for i in range(7)]
    assert rows.load(stored(package)) == package
    # Seven texts with room for three: started over at the fourth and at the seventh.
    assert list(rows._rules) == [rows.node_row(package.indicators.tree[6])["rule"]]


@settings(max_examples=100, deadline=None)
@given(leaves())
def test_fresh_copy_is_equal_and_shares_nothing_mutable(leaf: Leaf) -> None:
    for value in (leaf.rule, leaf.metric):
        if value is None:
            continue
        copied = fresh_copy(value)
        assert copied == value and copied is not value and type(copied) is type(value)
        for original, new in zip(_lists(value), _lists(copied), strict=True):
            assert original is not new
            assert all(a == b and a is not b for a, b in zip(original, new, strict=True))
