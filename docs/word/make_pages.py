"""The demo package's Word export as LibreOffice lays it out, page by page, as PNG.

    .venv/bin/python docs/word/make_pages.py [--out docs/word] [--dpi 60] [--projects]

Exports the demo with ``perfcore.office.export_docx``, converts it to PDF with LibreOffice
headless (``soffice``, Debian's libreoffice-writer-nogui) and writes the pages as
``page-1.png`` … with poppler's pdftoppm (8-bit gray). Old ``page-*.png`` are removed first.
``--projects`` exports the worked format-2 package of the tests instead (表1, 表3, three
项目支出绩效自评表 with the PDF's ten indicator columns) as ``projects-page-1.png`` …, to set
beside ``docs/pdf/projects-page-*.png``.
LibreOffice substitutes its own CJK faces for 仿宋_GB2312/黑体/楷体_GB2312 where the machine
lacks them; Word on a Chinese office PC uses the named fonts.
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
from perfcore.office import export_docx  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "word")
    parser.add_argument("--dpi", type=int, default=60)
    parser.add_argument("--projects", action="store_true", help="the three-project package of the tests")
    args = parser.parse_args()
    prefix = "projects-page" if args.projects else "page"
    for tool in ("soffice", "pdftoppm"):
        if shutil.which(tool) is None:
            print(f"{tool} is needed (./dev setup installs LibreOffice and poppler-utils)", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob(f"{prefix}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        docx = folder / "demo.docx"
        if args.projects:
            import json

            from format2_support import three_projects_doc

            source = json.dumps(three_projects_doc(), ensure_ascii=False).encode()
        else:
            source = assets.demo_json()
        info = export_docx(load_json(source), docx)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
             "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
            check=True, capture_output=True,
        )
        subprocess.run(
            ["pdftoppm", "-gray", "-png", "-r", str(args.dpi), str(folder / "demo.pdf"), str(args.out / prefix)],
            check=True,
        )
    pages = sorted(args.out.glob(f"{prefix}-*.png"))
    print(f"{len(pages)} pages, 校验码 {info.fingerprint} → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
