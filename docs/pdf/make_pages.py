"""The demo package's print, page by page, as PNG: what a finance office gets on paper.

    .venv/bin/python docs/pdf/make_pages.py [--out docs/pdf] [--dpi 100] [--projects]

Writes ``demo.pdf``'s pages as ``page-01.png`` … with poppler's pdftoppm (8-bit gray: the
forms are black on white). Old ``page-*.png`` in the folder are removed first, so the folder
always shows one print. ``--projects`` prints the worked format-2 package of the tests
instead (表1, three 项目支出绩效自评表 and the 基础数据表) as ``projects-page-01.png`` ….
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from perfcore import assets  # noqa: E402
from perfcore.exchange import load_json  # noqa: E402
from perfcore.pdf import render_pdf  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pdf")
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--projects", action="store_true", help="the three-project package of the tests")
    args = parser.parse_args()
    prefix = "projects-page" if args.projects else "page"
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob(f"{prefix}-*.png"):
        old.unlink()
    if args.projects:
        import json

        from format2_support import three_projects_doc

        source = json.dumps(three_projects_doc(), ensure_ascii=False).encode()
    else:
        source = assets.demo_json()
    with tempfile.TemporaryDirectory() as scratch:
        pdf = Path(scratch) / "print.pdf"
        info = render_pdf(load_json(source), pdf)
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(args.dpi), str(pdf), str(args.out / prefix)],
            check=True,
        )
    print(f"{info.pages} pages, 校验码 {info.fingerprint} → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
