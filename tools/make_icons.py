"""Render the app's icon (resources/icons/mmi-desktop.svg) to the PNG sizes the window and
the Linux menu use, and to a multi-size Windows ICO (the bundle's program file, the
installer, the Start-menu entry).

    python tools/make_icons.py            # writes resources/icons/mmi-desktop-<size>.png, .ico
    python tools/make_icons.py --check    # exit 1 when the files differ from a fresh render

Each size is drawn from the SVG by Qt's SVG renderer (not scaled down from a big PNG), so
the small ones stay sharp; Pillow (ReportLab's own dependency) packs the ICO.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "mmi-desktop.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # what Windows asks for, 100–200 % scale
ICO = ICONS / "mmi-desktop.ico"


def render(size: int) -> bytes:
    """The icon at size × size pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (fonts, painting)
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding each ICO size drawn at that size."""
    from PIL import Image

    images = [Image.open(io.BytesIO(pngs.get(size) or render(size))) for size in ICO_SIZES]
    out = io.BytesIO()
    largest = images[-1]
    largest.save(out, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=images[:-1])
    return out.getvalue()


def outputs() -> dict[Path, bytes]:
    pngs = {size: render(size) for size in PNG_SIZES}
    files = {ICONS / f"mmi-desktop-{size}.png": data for size, data in pngs.items()}
    files[ICO] = ico(pngs)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only compare with the files there (exit 1 when they differ)")
    args = parser.parse_args()
    stale = []
    for path, data in outputs().items():
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.name)
            continue
        path.write_bytes(data)
        print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    if stale:
        print("out of date (run tools/make_icons.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
