"""Prints and the summary's reading pause the cycle collector (perfcore.collector) and leave it
as they found it, also when they fail."""

from __future__ import annotations

import gc
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdf_support import demo

from perfcore.collector import collector_paused
from perfcore.pdf import PdfError, render_pdf


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_a_pause_turns_the_collector_on_again_only_if_it_was_on(collector_on: None) -> None:
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_end_with_the_collector_on(collector_on: None) -> None:
    """Two threads' pauses interleaved (entered A, B; left A, B): the collector is on at the end."""
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_failing_body_turns_it_on_again(collector_on: None) -> None:
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("x")
    assert gc.isenabled()


def test_a_print_runs_with_the_collector_paused_and_restores_it(collector_on: None) -> None:
    seen: list[bool] = []

    def cancelled() -> bool:
        seen.append(gc.isenabled())
        return False

    info = render_pdf(demo(), io.BytesIO(), forms=(1, 2, 3), cancelled=cancelled)
    assert info.pages == 10
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(PdfError):
        render_pdf(demo(), io.BytesIO(), forms=())
    assert gc.isenabled()


def test_the_summary_pdf_is_written_with_the_collector_paused(
    collector_on: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from perfcore.summary import pdf as summary_pdf
    from perfcore.summary.table import Summary

    seen: list[bool] = []
    write_output = summary_pdf.write_output

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return write_output(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(summary_pdf, "write_output", watched)
    pages = summary_pdf.write_pdf(Summary(units=[], refused=[]), tmp_path / "s.pdf")
    assert pages == 1 and seen == [False]
    assert gc.isenabled()
