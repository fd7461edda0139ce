"""The review file beside the summary: read after its editor was killed mid-commit, a reviewed
unit whose file has gone is said (not dropped from the table), and a report file and a review
file given one for the other are named for what they are."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from crash_harness import worker_env
from summary_support import write_units

from perfcore import cli
from perfcore.store import ReportFile, StoreError
from perfcore.store.schema import REVIEW_APPLICATION_ID as APPLICATION_ID
from perfcore.store.schema import FileKind
from perfcore.summary import review as review_module
from perfcore.summary.review import ReviewFile
from perfcore.summary.table import MISSING_REVIEWED

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the editor is killed with a POSIX signal")

# An editor of the review file killed in the middle of a commit whose pages already reached the
# file (a cache of one page spills them): the journal beside it is hot.
KILLED_EDITOR = textwrap.dedent(
    """
    import os, signal, sys
    from perfcore.summary.review import ReviewFile
    review = ReviewFile.open(sys.argv[1])
    conn = review.connection()
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE entry SET opinion = '未提交的意见'")
    conn.execute("CREATE TABLE filler (x)")
    conn.execute("INSERT INTO filler SELECT randomblob(1000) FROM "
                 "(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 300) SELECT i FROM c)")
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def reviewed_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "收到的报告"
    write_units(folder, 3, seed=4)
    review_path = tmp_path / "复核.jxzh"
    assert cli.main(["summary", str(folder), "--review", str(review_path), "-o", str(tmp_path / "s.json")]) == 0
    with ReviewFile.open(review_path) as review:
        for unit in review.units():
            review.set_entry(unit.path, unit.fingerprint, unit.unit, unit.year, "", "整体", Decimal("60"), "核减", "意见", "张三")
    return folder, review_path


def test_the_review_file_is_read_after_its_editor_was_killed_mid_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, review_path = reviewed_folder(tmp_path)
    subprocess.run([sys.executable, "-c", KILLED_EDITOR, str(review_path)], env=worker_env(), check=False)
    assert review_path.with_name(review_path.name + "-journal").stat().st_size > 0
    capsys.readouterr()

    assert cli.main(["summary", str(folder), "--review", str(review_path)]) == 0
    out = capsys.readouterr().out
    assert out.count("已复核") == 3 and "60.00" in out
    with ReviewFile.open(review_path, read_only=True) as review:
        assert {e.opinion for u in review.units() for e in u.entries} == {"意见"}


def test_a_reviewed_unit_whose_file_is_gone_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, review_path = reviewed_folder(tmp_path)
    (folder / "unit-0001.jxzp").unlink()
    capsys.readouterr()

    assert cli.main(["summary", str(folder), "--review", str(review_path)]) == 0
    out = capsys.readouterr().out
    assert f"{folder / 'unit-0001.jxzp'}：无法读取：{MISSING_REVIEWED}" in out
    assert "1 个无法读取" in out
    # A review listing units outside the folders summarised says nothing of them.
    other = tmp_path / "其他"
    write_units(other, 1, seed=8, start=5)
    assert cli.main(["summary", str(other), "--review", str(review_path)]) == 0
    assert MISSING_REVIEWED not in capsys.readouterr().out


def test_a_report_file_and_a_review_file_are_named_for_what_they_are(tmp_path: Path) -> None:
    folder, review_path = reviewed_folder(tmp_path)
    report = folder / "unit-0000.jxzp"
    with pytest.raises(StoreError, match="是绩效自评报告文件，不是汇总复核文件"):
        ReviewFile.open(report, read_only=True)
    with pytest.raises(StoreError, match="是汇总复核文件，不是绩效自评报告文件"):
        ReportFile.open(review_path, read_only=True)


def test_the_output_and_a_new_review_file_cannot_be_one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "收到的报告"
    write_units(folder, 1, seed=4)
    same = tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "-o", str(same), "--review", str(same)]) == 2
    assert "同一个文件" in capsys.readouterr().err
    assert not same.exists()


def test_an_older_review_file_is_read_without_upgrading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, review_path = reviewed_folder(tmp_path)
    before = review_path.read_bytes()
    ladder = [*review_module.MIGRATIONS, lambda conn: conn.execute("ALTER TABLE entry ADD COLUMN extra TEXT")]
    monkeypatch.setattr(review_module, "MIGRATIONS", ladder)
    monkeypatch.setattr(review_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(review_module, "KIND", FileKind(APPLICATION_ID, 2, "汇总复核文件", "复核文件", tuple(ladder)))
    listing = sorted(os.listdir(tmp_path))

    with ReviewFile.open(review_path, read_only=True) as review:
        assert {e.opinion for u in review.units() for e in u.entries} == {"意见"}
        assert "extra" in [r[1] for r in review.connection().execute("PRAGMA table_info(entry)")]
    out = tmp_path / "汇总.json"
    assert cli.main(["summary", str(folder), "--review", str(review_path), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [u["state"] for u in doc["units"]] == ["已复核"] * 3
    assert review_path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == sorted([*listing, "汇总.json"])
