"""A template file is an input: no output of the same command replaces it (round 2).

``perfcore new tpl.json --template tpl.json --force`` wrote the new report over the template
file it was made from (the guard was given no inputs); ``template xlsx`` checked its output
only after reading. Now the file a template reference reads (a template FILE, or a user's
template in the user data folder: ``templates.library.template_source``) is an input of
``new``, ``template xlsx`` and the desktop's 新建, by any name.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfcore.cli import main
from perfcore.exchange import load_json
from perfcore.store import ReportFile, StoreError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links are POSIX here")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _spelling(folder: Path, real: Path, how: str) -> Path:
    if how == "same":
        return real
    if how == "dotdot":
        (folder / "sub").mkdir(exist_ok=True)
        return folder / "sub" / os.pardir / real.name
    if how == "symlink":
        (folder / "link.json").symlink_to(real)
        return folder / "link.json"
    os.link(real, folder / "hard.json")
    return folder / "hard.json"


@settings(max_examples=16, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from(["new", "template xlsx"]), how=st.sampled_from(["same", "dotdot", "symlink", "hardlink"]))
def test_no_command_writes_over_the_template_file_it_reads(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str], command: str, how: str
) -> None:
    folder = tmp_path_factory.mktemp("tpl")
    template = folder / "模板.json"
    assert main(["template", "export", "hunan-zhuzhou-2019", "-o", str(template)]) == 0
    before = sha256(template)
    out = _spelling(folder, template, how)
    if command == "new":
        argv = ["new", str(out), "--template", str(template), "--force"]
    else:
        argv = ["template", "xlsx", str(template), "-o", str(out), "--force"]
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "本次读取的文件" in err, err
    assert sha256(template) == before
    assert not [p for p in folder.iterdir() if p.name.startswith(".~")]


def test_a_users_template_is_an_input_of_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_json_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from perfcore import userdata

    monkeypatch.setenv("PERF_FILING_DATA", str(tmp_path / "data"))
    assert main(["template", "save", str(sample_json_path), "--name", "本局模板"]) == 0
    capsys.readouterr()
    saved = next(userdata.templates_folder().glob("*.json"))
    before = sha256(saved)
    assert main(["new", str(saved), "--template", saved.stem, "--force"]) == 2
    assert "本次读取的文件" in capsys.readouterr().err
    assert sha256(saved) == before
    with pytest.raises(StoreError, match="本次读取的文件"):
        ReportFile.create(saved, load_json(sample_json_path.read_bytes()), overwrite=True, inputs=[saved])
    assert sha256(saved) == before
    assert main(["new", str(tmp_path / "新.jxzp"), "--template", saved.stem]) == 0
