"""A change says what happened: its inverse, applied by the core, takes it back exactly."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from format2_support import three_projects_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store import _VALUES, _list_pointers, _new_entity, _value_pointers, assert_file_matches_memory

from perfcore.exchange import ExchangeError, load_json, package_to_doc
from perfcore.pointer import PointerError
from perfcore.store import ReportFile, export_package
from perfcore.store.change import Edit
from perfcore.store.errors import FigureInUseError, ScoreRangeError


def test_each_kind_has_its_inverse() -> None:
    assert Edit("set", "/a/b", old=1, new=2).inverse() == Edit("set", "/a/b", old=2, new=1)
    assert Edit("insert", "/l/3", new={"x": 1}).inverse() == Edit("remove", "/l/3", old={"x": 1})
    assert Edit("remove", "/l/3", old={"x": 1}).inverse() == Edit("insert", "/l/3", new={"x": 1})
    move = Edit("move", "/t/0/children/2", destination="/t/1")
    assert move.inverse() == Edit("move", "/t/1", destination="/t/0/children/2")
    for edit in (move, Edit("set", "/a", old=None, new="x"), Edit("insert", "/l/0", new={})):
        assert edit.inverse().inverse() == edit


def test_a_change_names_the_lists_it_reshaped() -> None:
    assert Edit("set", "/a/b", old=1, new=2).lists == ()
    assert Edit("insert", "/special_funds/2", new={}).lists == ("/special_funds",)
    assert Edit("move", "/l/0", destination="/l/3").lists == ("/l",)
    assert Edit("move", "/t/0/children/1", destination="/t/2/children/0").lists == ("/t/0/children", "/t/2/children")


def test_only_a_move_has_a_destination() -> None:
    with pytest.raises(ValueError, match="destination"):
        Edit("move", "/l/0")
    with pytest.raises(ValueError, match="destination"):
        Edit("set", "/l/0", destination="/l/1")


def _document(report: ReportFile) -> Any:
    return package_to_doc(export_package(report))


def test_a_move_out_of_a_group_ahead_of_it_is_undone(tmp_path: Path, sample_json_path: Path) -> None:
    """The destination is addressed after the move: moving the first top-level group into the
    third shifts the third's pointer, and the inverse must still find the way back."""
    with ReportFile.create(tmp_path / "r.jxzp", load_json(sample_json_path.read_bytes())) as report:
        before = _document(report)
        change = report.move("/indicators/tree/0", "/indicators/tree/2/children", 0)
        assert (change.kind, change.pointer, change.destination) == ("move", "/indicators/tree/0", "/indicators/tree/1/children/0")
        assert report.get(change.destination)["name"] == before["indicators"]["tree"][0]["name"]
        after = _document(report)
        back = report.apply(change.inverse())
        assert (back.pointer, back.destination) == ("/indicators/tree/1/children/0", "/indicators/tree/0")
        assert _document(report) == before
        report.apply(change)
        assert _document(report) == after


def _random_edit(report: ReportFile, data: Any) -> Any:
    op = data.draw(st.sampled_from(["set", "set", "insert", "remove", "move"]), label="op")
    lists = _list_pointers(report)
    if op == "set":
        pointer = data.draw(st.sampled_from(_value_pointers(report)), label="pointer")
        return report.set(pointer, data.draw(st.sampled_from(_VALUES), label="value"))
    if op == "insert":
        at = data.draw(st.sampled_from(lists), label="list")
        return report.insert(at, data.draw(st.integers(0, len(report.get(at))), label="index"), _new_entity(at, data))
    filled = [p for p in lists if report.get(p)]
    if not filled:
        return None
    at = data.draw(st.sampled_from(filled), label="list")
    source = f"{at}/{data.draw(st.integers(0, len(report.get(at)) - 1), label='position')}"
    if op == "remove":
        return report.remove(source)
    dest = data.draw(st.sampled_from(lists), label="destination")
    return report.move(source, dest, data.draw(st.integers(0, len(report.get(dest))), label="to"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_any_change_then_its_inverse_gives_back_the_same_document(sample_json_path: Path, data: Any) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "r.jxzp"
        ReportFile.create(target, load_json(sample_json_path.read_bytes())).close()
        with ReportFile.open(target) as report:
            applied = []
            for _ in range(data.draw(st.integers(1, 6), label="edits")):
                before = _document(report)
                try:
                    change = _random_edit(report, data)
                except (ExchangeError, PointerError, ScoreRangeError, FigureInUseError):
                    continue  # refused, nothing happened (test_store and test_figure_use check that)
                if change is None or not change.changed:
                    continue
                after = _document(report)
                assert change.inverse().inverse() == change.edit()
                report.apply(change.inverse())
                assert _document(report) == before
                redone = report.apply(change)
                assert _document(report) == after
                assert redone.edit() == change.edit()
                applied.append((change, before))
            # Undo everything, last first, as the undo stack does.
            for change, before in reversed(applied):
                report.apply(change.inverse())
                assert _document(report) == before
            assert_file_matches_memory(report)


def test_every_list_of_both_formats_moves_and_inserts_and_is_undone(tmp_path: Path, sample_json_path: Path) -> None:
    """Each list a report has (表1 items, funds, 表3 groups, figures, projects, budget lines,
    project trees): a move to its end and an insert at its start are undone by their inverses,
    and redone by the change itself."""
    sources = [load_json(sample_json_path.read_bytes()), load_json(json.dumps(three_projects_doc(), ensure_ascii=False))]
    for n, package in enumerate(sources):
        with ReportFile.create(tmp_path / f"r{n}.jxzp", package) as report:
            for at in _list_pointers(report):
                size = len(report.get(at))
                entity = _new_entity(at, _FirstChoice())
                if at == "/figures":  # a key neither package has
                    entity = {**entity, "key": "试验数据"}
                edits = [lambda at=at, entity=entity: report.insert(at, 0, entity)]
                if size >= 2:
                    edits.append(lambda at=at, size=size: report.move(f"{at}/0", at, size - 1))
                for edit in edits:
                    before = _document(report)
                    change = edit()
                    after = _document(report)
                    report.apply(change.inverse())
                    assert _document(report) == before, (at, change.edit())
                    report.apply(change)
                    assert _document(report) == after, (at, change.edit())
                    report.apply(change.inverse())
            assert_file_matches_memory(report)


class _FirstChoice:
    """Stands in for hypothesis' ``data`` where a test wants the first of each choice."""

    def draw(self, strategy: Any, label: str = "") -> Any:
        elements = getattr(strategy, "elements", None)
        if elements is None:
            raise TypeError(f"no first element of {strategy!r}")
        return elements[0]
