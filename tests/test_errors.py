"""What the user or the machine caused is a UserError; everything else is a bug and is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from perfcore import pointer
from perfcore.backup import BackupError
from perfcore.cli import UsageError, main
from perfcore.errors import UserError
from perfcore.exchange import ExchangeError
from perfcore.filelock import LockedError
from perfcore.formula import FormulaError
from perfcore.money import MoneyError
from perfcore.pdf import FontError, PdfError
from perfcore.store import ReadOnlyError, StoreError


@pytest.mark.parametrize(
    "kind",
    [UsageError, BackupError, LockedError, FormulaError, MoneyError, ExchangeError, StoreError, ReadOnlyError,
     FontError, PdfError],
)
def test_refusals_are_user_errors_and_not_value_errors(kind: type[Exception]) -> None:
    assert issubclass(kind, UserError)
    # A broad ``except ValueError`` must not be a way to catch them (nor hide a bug with them).
    assert not issubclass(kind, ValueError)


def test_a_pointer_the_program_built_wrong_is_a_bug() -> None:
    # The desktop builds every pointer itself; one that names nothing is its fault, not the user's.
    assert not issubclass(pointer.PointerError, UserError)


def test_cli_prints_any_user_error_as_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: object) -> None:
        raise MoneyError("“①”不是人数，\n请填写不小于 0 的整数")

    monkeypatch.setattr("perfcore.cli.load_input", refuse)
    assert main(["score", str(tmp_path / "x.jxzp")]) == 2
    err = capsys.readouterr().err
    assert err == "perfcore: “①”不是人数， 请填写不小于 0 的整数\n"


def test_cli_lets_a_bug_end_with_its_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr("perfcore.cli.load_input", broken)
    with pytest.raises(ValueError, match="a bug"):
        main(["score", str(tmp_path / "x.jxzp")])
