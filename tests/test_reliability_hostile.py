"""Hostile packages: whatever a JSON file holds, the importer imports it or refuses it with
one line — never another exception, never a hang — and no formula text ever runs as code.
"""

from __future__ import annotations

import copy
import json
import os
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore import assets, formula
from perfcore.exchange import ExchangeError, dump_json, load_json
from perfcore.model import Package
from perfcore.scoring import score_package

DEMO: dict[str, Any] = json.loads(assets.demo_json())
SCALE = int(os.environ.get("PERF_FILING_SOAK_SCALE", "1"))
"""bench/hostile_soak.py runs these properties with this many times the examples."""
RAW = "\x00RAW\x00"
"""Stands in a document for raw JSON text that Python's json module cannot write itself."""


def to_text(doc: Any, raw: str = "") -> str:
    text = json.dumps(doc, ensure_ascii=False)
    return text.replace(json.dumps(RAW), raw)


def import_or_refuse(text: str | bytes) -> Package | None:
    """The importer's contract: a package, or ExchangeError with one line; anything else fails."""
    try:
        package = load_json(text)
    except ExchangeError as exc:
        message = str(exc)
        assert "\n" not in message and "\r" not in message, message[:300]
        assert len(message) < 500, f"message of {len(message)} characters"
        return None
    # What imports must also score and export losslessly: the CLI and the app do both at once.
    score_package(package)
    again = load_json(dump_json(package))
    assert dump_json(again) == dump_json(package)
    return package


# ---------------------------------------------------------------- arbitrary JSON

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=12), inner, max_size=6),
    max_leaves=40,
)
TOP_KEYS = ("format", "year", "unit_name", "overall", "special_funds", "indicators")


@settings(max_examples=300 * SCALE, deadline=None)
@given(JSON)
def test_arbitrary_json_imports_or_is_refused(doc: Any) -> None:
    import_or_refuse(json.dumps(doc))


@settings(max_examples=300 * SCALE, deadline=None)
@given(st.dictionaries(st.sampled_from(TOP_KEYS), JSON, max_size=6))
def test_arbitrary_json_in_a_valid_frame_imports_or_is_refused(parts: dict[str, Any]) -> None:
    doc = {"format": "perf-filing/1", "year": 2019, **parts}
    import_or_refuse(json.dumps(doc))


@settings(max_examples=200 * SCALE, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_arbitrary_bytes_import_or_are_refused(data: bytes) -> None:
    import_or_refuse(data)


# ---------------------------------------------------------------- mutated valid packages


def all_pointers(doc: Any, at: str = "") -> Iterator[str]:
    yield at
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from all_pointers(value, f"{at}/{key}")
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from all_pointers(value, f"{at}/{i}")


POINTERS = [p for p in all_pointers(DEMO) if p]


def locate(doc: Any, pointer: str) -> tuple[Any, str | int]:
    tokens = pointer[1:].split("/")
    parent = doc
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    return parent, (int(last) if isinstance(parent, list) else last)


def retype(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, bool) or value is None:
        return "是"
    if isinstance(value, (int, float)):
        return str(value) + "元"
    if isinstance(value, list):
        return {"0": value}
    return [value]


def copies_of(value: Any) -> int:
    """Up to 10,000 copies, but at most about a megabyte of them, so that copies of copies stay small."""
    return max(2, min(10_000, 1_000_000 // len(json.dumps(value, ensure_ascii=False))))


MUTATIONS: dict[str, Callable[[Any], tuple[Any, str]]] = {
    # name: the new value and any raw JSON text standing in for RAW
    "delete": lambda old: (None, ""),
    "null": lambda old: (None, "null"),
    "retype": lambda old: (retype(old), ""),
    "huge string": lambda old: ("字" * 1_000_001, ""),
    "long string": lambda old: ("长" * 999_999, ""),
    "huge integer": lambda old: (RAW, "9" * 5000),
    "huge exponent": lambda old: (RAW, "1e999999999"),
    "tiny exponent": lambda old: (RAW, "-1e-999999999"),
    "many decimals": lambda old: (RAW, "0." + "3" * 4000),
    "deep nesting": lambda old: (RAW, "[" * 3000 + "]" * 3000),
    "many copies": lambda old: ([old] * copies_of(old), ""),
    "formula code": lambda old: ("__import__('os').system('touch hacked')", ""),
    "negative": lambda old: (-abs(old) if isinstance(old, int) and not isinstance(old, bool) else "-1", ""),
    "zero": lambda old: (0, ""),
}


@settings(max_examples=400 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(POINTERS), st.sampled_from(sorted(MUTATIONS)) | st.just("value"), JSON),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_sample_imports_or_is_refused(edits: list[tuple[str, str, Any]]) -> None:
    doc = copy.deepcopy(DEMO)
    raw = ""
    for pointer, mutation, value in edits:
        try:
            parent, key = locate(doc, pointer)
            old = parent[key]
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier edit removed the place
        if mutation == "value":
            new, text = value, ""
        else:
            new, text = MUTATIONS[mutation](old)
        if mutation == "delete":
            del parent[key]
            continue
        if text:
            if raw:
                continue  # one raw stand-in per document
            raw, new = text, RAW
        parent[key] = new
    import_or_refuse(to_text(doc, raw))


# ---------------------------------------------------------------- bounded in time and memory


@contextmanager
def bounded(seconds: float, megabytes: float) -> Iterator[None]:
    """Fails if the block takes longer or allocates more at its peak (generous bounds: the
    point is 'not unbounded', not speed)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * 1e6, f"peaked at {peak / 1e6:.0f} MB"


def traced_seconds(action: Callable[[], object]) -> float:
    """How long ``action`` takes under the same tracing as ``bounded`` (which slows allocation)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
    finally:
        tracemalloc.stop()
    return time.perf_counter() - started


def frame(**parts: Any) -> dict[str, Any]:
    return {"format": "perf-filing/1", "year": 2019, **parts}


@pytest.mark.parametrize("opening,closing", [("[", "]"), ('{"a":', "}")])
def test_nesting_100000_levels_is_refused_quickly(opening: str, closing: str) -> None:
    text = to_text(frame(unit_name=RAW), opening * 100_000 + "1" + closing * 100_000)
    with bounded(seconds=5, megabytes=100):
        assert import_or_refuse(text) is None


def test_a_deep_indicator_tree_is_refused_by_level() -> None:
    levels = 100
    group = '{"name": "组", "weight": 1, "children": ['
    leaf = '{"name": "底层", "weight": 1, "rule": {"type": "manual"}}'
    text = to_text(frame(indicators={"tree": [RAW]}), group * levels + leaf + "]}" * levels)
    with bounded(seconds=5, megabytes=200):
        with pytest.raises(ExchangeError, match="层级过深"):
            load_json(text)


@pytest.mark.parametrize(
    "where",
    ["/unit_name", "/overall/head", "/overall/assets_total", "/special_funds/0/items/0/name", "/overall/KEY"],
)
def test_ten_megabyte_strings_are_refused_in_bounds(where: str) -> None:
    doc = copy.deepcopy(DEMO)
    huge = "数" * 10_000_000
    if where.endswith("KEY"):
        doc["overall"][huge] = "1"
    else:
        parent, key = locate(doc, where)
        parent[key] = huge
    text = json.dumps(doc, ensure_ascii=False)
    with bounded(seconds=10, megabytes=400):
        assert import_or_refuse(text) is None


@pytest.mark.parametrize(
    "where",
    [
        "/year",
        "/overall/staff_actual",
        "/overall/assets_total",
        "/indicators/tree/0/weight",
        "/indicators/tree/0/children/0/children/1/inputs/three_public_budget",
        "/indicators/tree/0/children/0/children/0/rule/limit",
    ],
)
@pytest.mark.parametrize("number", ["1" + "0" * 5000, "-" + "9" * 5000, "1e5000", "1e-5000", "0." + "1" * 5000])
def test_enormous_numbers_are_refused_in_bounds(where: str, number: str) -> None:
    doc = copy.deepcopy(DEMO)
    parent, key = locate(doc, where)
    parent[key] = RAW
    with bounded(seconds=5, megabytes=50):
        package = import_or_refuse(to_text(doc, number))
    assert package is None


def test_100000_leaves_are_bounded() -> None:
    leaves = [{"name": f"指标{i}", "weight": 1, "rule": {"type": "manual"}, "score": "1"} for i in range(100_000)]
    text = json.dumps(frame(indicators={"tree": [{"name": "组", "weight": 100, "children": leaves}]}))
    # Linear, not fast, is the promise: on a loaded machine the same work can take several times
    # as long, so the bound grows with the same run's json.loads of the text (about 7x it here;
    # anything quadratic in 100,000 leaves would be thousands of times it).
    with bounded(seconds=max(60.0, 30 * traced_seconds(lambda: json.loads(text))), megabytes=1000):
        package = load_json(text)
        scores = score_package(package)
    assert scores.total == 100_000


def test_100000_fund_items_are_bounded() -> None:
    items = [{"name": f"明细{i}", "amount": "1.00"} for i in range(100_000)]
    text = json.dumps(frame(special_funds=[{"name": "专项", "items": items}]))
    with bounded(seconds=max(60.0, 30 * traced_seconds(lambda: json.loads(text))), megabytes=1000):
        package = load_json(text)
    assert len(package.special_funds[0].items) == 100_000


# ---------------------------------------------------------------- formulas never run

HOSTILE_FORMULAS = [
    "__import__('os').system('touch {marker}')",
    "__import__(\"os\").system(\"touch {marker}\")",
    "staff_actual.__class__.__mro__[1].__subclasses__()",
    "().__class__.__bases__[0].__subclasses__()",
    "eval(\"open('{marker}', 'w')\")",
    "exec('open(\"{marker}\", \"w\")')",
    "open('{marker}', 'w')",
    "staff_actual.__dict__",
    "getattr(staff_actual, '__class__')",
    "lambda: open('{marker}', 'w')",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "staff_actual if open('{marker}', 'w') else 1",
    "__builtins__",
    "globals()['__builtins__']",
    "staff_actual; import os",
    "1 ** 99999999999",
    "staff_actual @ staff_quota",
    "f'{{open(\"{marker}\", \"w\")}}'",
]


@pytest.fixture
def audit_log() -> Iterator[list[str]]:
    """Records code execution, imports, process and file-creation events while active."""
    events: list[str] = []
    active = [True]
    watched = {"exec", "compile", "import", "os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "open"}

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if active[0] and event in watched:
            if event == "open" and not (len(args) > 1 and isinstance(args[1], str) and "w" in args[1]):
                return  # reading files is not running code
            events.append(event)

    sys.addaudithook(hook)  # cannot be removed; `active` switches it off
    yield events
    active[0] = False


def hostile_leaf(text: str) -> dict[str, Any]:
    return {
        "name": "恶意公式",
        "weight": 5,
        "metric": {"formula": text, "unit": "%"},
        "inputs": {"x": "1"},
        "rule": {"type": "proportional", "full": 100},
    }


@pytest.mark.parametrize("template", HOSTILE_FORMULAS)
def test_formula_text_is_never_run(template: str, tmp_path: Path, audit_log: list[str]) -> None:
    marker = tmp_path / "hacked"
    text = template.format(marker=marker)
    # Warm up lazily imported modules so that only the hostile text is watched.
    load_json(json.dumps(frame(indicators={"tree": [hostile_leaf("x * 2")]})))
    audit_log.clear()

    with pytest.raises(formula.FormulaError):
        formula.parse(text)
    with pytest.raises(ExchangeError, match="/metric/formula"):
        load_json(json.dumps(frame(indicators={"tree": [hostile_leaf(text)]})))

    assert not marker.exists()
    assert audit_log == [], f"code ran while reading a formula: {audit_log}"


def test_the_audit_hook_would_see_code_run(tmp_path: Path, audit_log: list[str]) -> None:
    """The guard above is live: evaluating the same text as Python is seen at once."""
    marker = tmp_path / "hacked"
    audit_log.clear()
    eval(f"open({str(marker)!r}, 'w').close()")  # noqa: S307 - the point of the test
    assert marker.exists()
    assert "compile" in audit_log and "open" in audit_log


def test_names_in_formulas_are_looked_up_only_in_the_figures() -> None:
    """A name that looks like an attribute is only a key of the figures, never resolved."""
    parsed = formula.parse("a__class__ + b")
    assert formula.evaluate(parsed, {"a__class__": 2, "b": 3}) == 5
    with pytest.raises(formula.Undefined):
        formula.evaluate(parsed, {"b": 3})
