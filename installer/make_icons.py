"""Render resources/icons/perf-filing.svg to the PNG and ICO files the installers need.

Run after changing the SVG: `.venv/bin/python installer/make_icons.py`. The outputs are committed,
so builds do not need this step.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import QBuffer, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "perf-filing.svg"))
    if not renderer.isValid():
        print("invalid SVG", file=sys.stderr)
        return 1
    render(renderer, 256).save(ICONS / "perf-filing.png", optimize=True)
    # Each ICO size is drawn from the vector, not scaled down from 256, so small sizes stay crisp.
    frames = [render(renderer, size) for size in ICO_SIZES]
    frames[-1].save(
        ICONS / "perf-filing.ico",
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=frames[:-1],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
