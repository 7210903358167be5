"""The printed checklist on A4, as chromium prints it to PDF: the QR code and its caption never
cover any text. pdfplumber reads the PDF back: the QR code is the cluster of short horizontal
strokes its SVG path is drawn with, its caption the words just under it."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from ..conftest import SAMPLE

pytestmark = pytest.mark.browser


def qr_box(pdf_page) -> tuple[float, float, float, float] | None:
    strokes = [line for line in pdf_page.lines if abs(line["top"] - line["bottom"]) < 0.5 and line["x1"] - line["x0"] < 100]
    if len(strokes) < 50:
        return None
    return (min(s["x0"] for s in strokes), min(s["top"] for s in strokes),
            max(s["x1"] for s in strokes), max(s["bottom"] for s in strokes))


def overlaps(a, b, tolerance=0.5) -> bool:
    return a[0] < b[2] - tolerance and b[0] < a[2] - tolerance and a[1] < b[3] - tolerance and b[1] < a[3] - tolerance


def figure_and_text(pdf_bytes: bytes):
    """The box of the QR code with its caption, and the boxes of every other word, on page 1."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as document:
        first = document.pages[0]
        qr = qr_box(first)
        assert qr is not None, "no QR code on the first printed page"
        width, height = qr[2] - qr[0], qr[3] - qr[1]
        assert abs(width - height) < 0.15 * width, f"the strokes found are not a square: {qr}"
        words = [(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in first.extract_words()]
    caption = [w for w in words if w[0] >= qr[0] - 30 and w[2] <= qr[2] + 30 and qr[3] <= w[1] <= qr[3] + 80]
    assert caption and caption[0][4] == "Quét", caption[:3]
    box = (min(qr[0], *(w[0] for w in caption)), qr[1], max(qr[2], *(w[2] for w in caption)), max(w[3] for w in caption))
    return box, [w for w in words if w not in caption]


def shortest_and_longest_names() -> list[str]:
    import yaml
    names = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (SAMPLE / "procedures").glob("*.yaml")}
    ordered = sorted(names, key=lambda code: len(names[code]))
    return [ordered[0], ordered[len(ordered) // 2], ordered[-1]]


@pytest.mark.parametrize("code", shortest_and_longest_names())
def test_the_printed_qr_code_covers_no_text(page, site, code):
    page.goto((site / f"thu-tuc/{code}/index.html").as_uri())
    box, others = figure_and_text(page.pdf(format="A4"))
    covered = [w[4] for w in others if overlaps(box, w[:4])]
    assert not covered, f"the QR code of {code} covers: {covered}"


def test_the_check_can_see_an_overlap():
    """The comparison itself: a word under the QR code is found."""
    assert overlaps((10, 10, 50, 50), (40, 40, 60, 45)) and not overlaps((10, 10, 50, 50), (51, 10, 60, 20))
