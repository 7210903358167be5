"""A decision file as the annex parser reads it: paragraphs and tables in reading order.

Word (python-docx): body paragraphs and tables in document order; a paragraph's line breaks
stay; a cell's paragraphs are joined by line breaks and a merged cell is read once per row.
Either way, words a PDF text layer broke before a marked vowel are joined again.
PDF (pdfplumber): the text layer, page by page; the tables pdfplumber finds are tables, the
other lines paragraphs, in order down the page. A PDF without a text layer (a scan) is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


class UnreadableFile(Exception):
    """A file that is not the Word or PDF document it claims to be, or has no text."""


def clean(text: str) -> str:
    """NFC, no soft hyphens or zero-width characters, spaces collapsed within each line, words
    broken before a marked vowel joined (text pasted from a PDF: "phơi nhi ễm")."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "").replace("\u200b", "").replace("\xa0", " ")
    return "\n".join(repair_broken_words(re.sub(r"[ \t]+", " ", line).strip()) for line in text.split("\n")).strip()


def read_blocks(path: Path) -> list[Block]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_blocks(path)
    if suffix == ".docx":
        return docx_blocks(path)
    raise UnreadableFile(f"chỉ nhận tệp .docx hoặc .pdf, không nhận '{path.suffix}'")


# --- Word -----------------------------------------------------------------------------------

def docx_blocks(path: Path) -> list[Block]:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph as DocxParagraph
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFile(f"không đọc được tệp Word ({exc})") from exc
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            paragraph = DocxParagraph(child, document)
            text = clean(paragraph.text)
            if text:
                blocks.append(Paragraph(text, _bold(paragraph)))
        elif child.tag.endswith("}tbl"):
            rows = []
            for row in DocxTable(child, document).rows:
                seen, cells = set(), []
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a cell merged across columns: once
                        continue
                    seen.add(id(cell._tc))
                    cells.append(clean("\n".join(p.text for p in cell.paragraphs)))
                if any(cells):
                    rows.append(tuple(cells))
            if rows:
                blocks.append(Table(tuple(rows)))
    return blocks


def _bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    if runs and all(r.bold or (r.bold is None and paragraph.style is not None and paragraph.style.font.bold)
                    for r in runs):
        return True
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    return name.lower().startswith(("heading", "title"))


# --- PDF ------------------------------------------------------------------------------------

def pdf_blocks(path: Path) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        pdf = pdfplumber.open(str(path))
    except (PDFSyntaxError, ValueError, OSError) as exc:
        raise UnreadableFile(f"không đọc được tệp PDF ({exc.__class__.__name__})") from exc
    blocks: list[Block] = []
    characters = 0
    with pdf:
        for page in pdf.pages:
            characters += len(page.chars)
            found = page.find_tables()
            items: list[tuple[float, Block]] = []
            for table in found:
                rows = [tuple(_cell_text(c or "") for c in row) for row in table.extract()]
                rows = [r for r in rows if any(r)]
                if rows:
                    items.append((table.bbox[1], Table(tuple(rows)), False))
            boxes = [t.bbox for t in found]
            outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
            lines = outside.extract_text_lines(layout=False, strip=True)
            right = max((line["x1"] for line in lines), default=page.width)
            for line in lines:
                text = clean(line["text"])
                if text:
                    bold = all("bold" in (c.get("fontname") or "").lower() for c in line["chars"] if c["text"].strip())
                    items.append((line["top"], Paragraph(text, bold), line["x1"] >= right - 0.03 * page.width))
            items.sort(key=lambda item: item[0])
            blocks.extend(_join_wrapped(items))
    if characters == 0:
        raise UnreadableFile("tệp PDF không có lớp chữ (có lẽ là bản quét): không đọc được nội dung")
    return blocks


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    return obj.get("x0", 0) >= x0 - 1 and obj.get("x1", 0) <= x1 + 1 and obj.get("top", 0) >= top - 1 \
        and obj.get("bottom", 0) <= bottom + 1


_STARTS_ITEM = re.compile(r"^(?:[-+*•–]|\(?\d+[.)]|\(?[a-zđ][.)]|Bước\s+\d|Trường hợp|[IVX]+\.|Phần\s|PHẦN\s|Điều\s|"
                          r"Bản (?:chính|sao)\s*:)")


def _join_wrapped(items: list[tuple[float, Block, bool]]) -> list[Block]:
    """A PDF breaks long paragraphs into lines: a line that reaches the right margin goes on in
    the next, unless that one starts an item (a dash, a number, a letter heading, "Bước",
    "Trường hợp"…)."""
    joined: list[Block] = []
    full = False
    for _, block, reaches_margin in items:
        previous = joined[-1] if joined else None
        if (full and isinstance(block, Paragraph) and isinstance(previous, Paragraph)
                and not _STARTS_ITEM.match(block.text) and block.bold == previous.bold):
            joined[-1] = Paragraph(previous.text + " " + block.text, previous.bold)
        else:
            joined.append(block)
        full = reaches_margin
    return joined


# Words a PDF text layer breaks before a marked vowel ("phơi nhi ễm", "ngư ời"): the piece after
# the break starts with a marked vowel and is not a word of its own, and the two read as one
# Vietnamese syllable (an initial, a vowel group, a final; one tone at most).
SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
                      r"(?:uye|oai|oay|uay|uoi|uou|ieu|yeu|uya|oeo|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|"
                      r"[aeiouy])(?:ch|ng|nh|[cmnpt]|[iyou])?$")
# vowel-initial words that stand alone (after a break they are words, not pieces)
VOWEL_WORDS = frozenset("ở ăn ấy ông ước ai ảnh âm ấp ơn ưu ý ích ít ủy ứng ốm ổn ẩn ấn ưng út ưa ướt ắt ống ổ ô "
                        "ạ ả ấm ẩm ơi em ép ê ế in im ốc ẩu ốp ủ ủng ỷ ỉ ắc ẳng ẵm ẩy ấu ầu".split())
TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")


def repair_broken_words(text: str) -> str:
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        if out and _piece(word, _consonants_only(out[-1])) and _joins(out[-1], word):
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)


def _consonants_only(word: str) -> bool:
    """"ch", "tr", "h": no Vietnamese word is only consonants, so what follows completes it."""
    folded = unicodedata.normalize("NFD", word.lower())
    return bool(folded) and folded.isalpha() and not any(c in "aeiouyăâêôơư" for c in folded)


def _piece(word: str, after_consonants: bool) -> bool:
    first = unicodedata.normalize("NFD", word[:1].lower())
    return len(first) > 1 and first[0] in "aeiouy" and (after_consonants or word.lower().strip(".,;:") not in VOWEL_WORDS)


def _joins(before: str, piece: str) -> bool:
    if not before or not before[-1].isalpha():
        return False
    joined = unicodedata.normalize("NFD", (before + piece).lower().rstrip(".,;:)"))
    if sum(joined.count(t) for t in TONES) > 1:
        return False
    folded = "".join(c for c in joined if not unicodedata.combining(c)).replace("đ", "d")
    start = max((i for i, c in enumerate(folded) if not c.isalpha()), default=-1) + 1
    return bool(SYLLABLE.match(folded[start:]))


def _cell_text(text: str) -> str:
    """A table cell's lines: wrapped text joined, items and counts kept on their own lines."""
    lines = [line for line in clean(text).split("\n") if line]
    out: list[str] = []
    for line in lines:
        if out and not _STARTS_ITEM.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)
