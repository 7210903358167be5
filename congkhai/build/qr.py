"""QR codes as inline SVG, drawn here (no external request): printed checklists and the kiosk
show them for a page's address or a link that leaves the site."""

from __future__ import annotations

import re

import zxingcpp
from markupsafe import Markup, escape

DARK_RUN = re.compile(rb"\x00+")


def draw_qr(url: str, label: str = "", scale: int = 3, border: int = 2) -> str:
    """A QR code of ``url`` as inline SVG (deterministic). zxing-cpp encodes it (error
    correction M, the mask chosen by the standard's penalty rules, in C++); each run of dark
    modules becomes one stroke, drawn relative to the last."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = memoryview(symbol.to_image(add_quiet_zones=False))
    size, data = modules.shape[1], modules.tobytes()  # one byte a module: 0 is dark
    strokes, pen = [], None
    for y in range(size):
        for run in DARK_RUN.finditer(data, y * size, (y + 1) * size):
            x, length = run.start() - y * size + border, run.end() - run.start()
            if pen is None:
                strokes.append(f"M{x} {y + border}.5h{length}")
            else:
                strokes.append(f"m{x - pen[0]} {y + border - pen[1]}h{length}")
            pen = (x + length, y + border)
    width = (size + 2 * border) * scale
    return (f'<svg width="{width}" height="{width}" class="qr"><title>{escape(label or url)}</title>'
            f'<path transform="scale({scale})" stroke="#000" d="{"".join(strokes)}"/></svg>')


class QrCodes:
    """The ``qr_svg`` template filter: each code drawn once per environment (a kiosk shows the
    same form's code on many pages)."""

    def __init__(self):
        self._drawn: dict[tuple[str, str], str] = {}

    def __call__(self, url: str, label: str = "") -> Markup:
        key = (url, label)
        svg = self._drawn.get(key)
        if svg is None:
            svg = self._drawn[key] = draw_qr(url, label)
        return Markup(svg)
