"""Issue 11's classes tried again with variants the other reliability tests do not use.

Each test here failed before the fix it guards.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from perfcore.cli import main

RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "\x1b[31m红\u202eevil\r\x07\u2028\t"


def hostile_package(sample_json_path: Path, folder: Path) -> Path:
    """The sample with control characters and bidi overrides in every kind of name a command prints."""
    doc = json.loads(sample_json_path.read_text(encoding="utf-8"))
    doc["unit_name"] = "单位" + HOSTILE
    doc["special_funds"][0]["name"] = "资金" + HOSTILE
    group = doc["indicators"]["tree"][0]
    group["name"] = "一级" + HOSTILE
    for leaf in group["children"][0]["children"]:
        leaf["name"] = "指标" + HOSTILE
        leaf["score"] = None  # unscored: every command names it (explain as a loss, check as missing)
    path = folder / "恶意.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["explain", "{json}"],
        ["explain", "{json}", "--json"],
        ["summary", "{folder}"],
        ["summary", "{folder}", "--jobs", "1"],
        ["pdf", "{json}", "-o", "{out}.pdf"],
        ["next", "{json}", "{out}.jxzp"],
        ["export", "{json}", "{out}.json"],
    ],
    ids=lambda argv: " ".join(a for a in argv if not a.startswith("{")),
)
def test_every_command_prints_names_escaped(
    sample_json_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "收到"
    folder.mkdir()
    source = hostile_package(sample_json_path, folder)
    argv = [a.format(json=source, folder=folder, out=tmp_path / "输出") for a in command]
    assert main(argv) in (0, 1)
    out, err = capsys.readouterr()
    assert out + err, argv
    assert not RAW.search(out + err), (argv, [m.group() for m in RAW.finditer(out + err)][:5])
    if "--json" in argv:
        assert json.loads(out)  # still the same JSON document
