"""The project passes from its own files: nothing in tests, benches, docs scripts or the dev/CI scripts
reads a path above the repository root (a fresh clone has nothing beside it)."""

from __future__ import annotations

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# Places whose code runs in `./dev test`, `.ci/run` or by hand from a checkout.
SCANNED = ("tests", "bench", "docs", "installer")
SCRIPTS = ("dev", ".ci/run", "installer/build")

# `../x`, `..\x` or a `..` path segment in a string; the name of the folder laid beside the checkout.
OUTSIDE = re.compile(r"""(['"/\\])\.\.([/\\'"])|\bshared/(samples|spec|forms)\b|REPO_ROOT\.parent\b|repo_root\.parent\b""")
PARENTS = re.compile(r"Path\(__file__\)(?:\.resolve\(\))?((?:\.parent)+)")
# A script one folder down (.ci/run, installer/build) finds the root as its own folder's parent.
SCRIPT_ROOT = '$(dirname "${BASH_SOURCE[0]}")/..'


def _sources() -> list[Path]:
    found = [REPO_ROOT / name for name in SCRIPTS if (REPO_ROOT / name).is_file()]
    for top in SCANNED:
        found += sorted((REPO_ROOT / top).rglob("*.py"))
    return [path for path in found if path != Path(__file__).resolve()]


def outside_references(path: Path, text: str) -> list[str]:
    """Lines of ``text`` (the file at ``path``) that name a path above the repository root."""
    depth = len(path.relative_to(REPO_ROOT).parts)  # .parent this many times from the file is the root
    hits = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        if len(path.relative_to(REPO_ROOT).parts) == 2:
            line = line.replace(SCRIPT_ROOT, "")
        parents = [m.group(1).count(".parent") for m in PARENTS.finditer(line)]
        if OUTSIDE.search(line) or any(count > depth for count in parents):
            hits.append(f"{path.relative_to(REPO_ROOT)}:{number}: {line.strip()}")
    return hits


def test_no_source_reads_above_the_repository() -> None:
    hits = [hit for path in _sources() for hit in outside_references(path, path.read_text(encoding="utf-8"))]
    assert hits == []


def test_the_guard_sees_what_it_is_for() -> None:
    probe = REPO_ROOT / "tests" / "probe.py"
    # The probes are built, not written out, so that text searches for such paths skip this file.
    up = ".parent" * 3
    assert outside_references(probe, f'p = Path(__file__).resolve(){up} / "x"')
    assert outside_references(probe, 'p = REPO_ROOT.parent / "beside"')
    assert outside_references(probe, "p = Path('" + ".." + "/beside/samples/a.json')")
    assert not outside_references(probe, 'p = Path(__file__).resolve().parent.parent / "resources"')
    gui_probe = REPO_ROOT / "tests" / "gui" / "probe.py"
    assert not outside_references(gui_probe, f"p = Path(__file__){up}")
    script = REPO_ROOT / ".ci" / "run"
    assert not outside_references(script, 'cd "$(dirname "${BASH_SOURCE[0]}")/.."')
    assert outside_references(script, 'cat "$(dirname "${BASH_SOURCE[0]}")/../../beside/x"')
