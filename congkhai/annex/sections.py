"""The parts of a publishing decision (../shared/REFERENCE.md, "A publishing decision's annex"):
where Phần I and Phần II start; the decision and Phần I are read by listing.py; here, Phần II,
each procedure's elements a) Trình tự thực hiện … l) Căn cứ pháp lý.

Headings are recognised by their words, not by their numbering or weight: "a)", "1.", "-" or
nothing before them, bold or plain, upper or lower case, the content on the same line after a
colon or on the lines below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..text.vietnamese import fold
from .blocks import Block, Paragraph, Table
from .listing import ListedChange, read_decision, read_listing
from .words import CODE, action_in, level_in


# element key -> the folded words its heading starts with (after any "a)", "1.", "-")
ELEMENTS = (
    ("steps", ("trinh tu thuc hien", "trinh tu, thu tuc thuc hien", "trinh tu giai quyet")),
    ("methods", ("cach thuc thuc hien", "cach thuc nop ho so", "hinh thuc nop")),
    ("documents", ("thanh phan, so luong ho so", "thanh phan so luong ho so", "thanh phan ho so", "ho so gom")),
    ("time", ("thoi han giai quyet", "thoi gian giai quyet", "thoi han thuc hien")),
    ("applicants", ("doi tuong thuc hien",)),
    ("agency", ("co quan thuc hien", "co quan giai quyet", "co quan co tham quyen")),
    ("result", ("ket qua thuc hien", "ket qua giai quyet", "ket qua cua viec thuc hien")),
    ("fee", ("phi, le phi", "phi le phi", "le phi", "phi:")),
    ("forms", ("ten mau don", "mau don, mau to khai", "mau don, to khai", "mau to khai")),
    ("requirements", ("yeu cau, dieu kien", "yeu cau dieu kien", "dieu kien thuc hien")),
    ("legal_basis", ("can cu phap ly",)),
)
ORDER = {key: i for i, (key, _) in enumerate(ELEMENTS)}
MARKER = re.compile(r"^\s*(?:[a-zđ][.)]|\d+(?:\.\d+)*[.)]?|[ivx]+[.)]|[-–•*+])\s*", re.I)


@dataclass
class ProcedureText:
    heading: str
    number: int  # its place in Phần II, 1 first
    code: str | None = None
    level: str | None = None
    field_name: str | None = None
    action: str | None = None
    elements: dict[str, list[Block]] = field(default_factory=dict)


@dataclass
class Annex:
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    effective: dt.date | None = None
    listed: list[ListedChange] = field(default_factory=list)
    procedures: list[ProcedureText] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def element_heading(text: str, bold: bool = False) -> tuple[str, str] | None:
    """(element key, the content after its label) when ``text`` is an element heading: its
    label, then nothing, or a colon and the content. Without a marker, bold or colon, a line
    that goes on after the label is a sentence of content ("Thời hạn giải quyết hồ sơ là …")."""
    marked = MARKER.match(text) is not None
    body = MARKER.sub("", text, count=1)
    folded = fold(body)
    for key, labels in ELEMENTS:
        for label in labels:
            if not folded.startswith(label):
                continue
            rest = body[len(label):]
            colon = re.match(r"^[^:]{0,40}:", rest) is not None
            rest = re.sub(r"^[^:]{0,40}:" if colon else
                          r"^\s*(?:thực hiện|giải quyết)?\s*(?:thủ tục hành chính|tthc)?\s*(?:\(nếu có\))?\s*[.]?",
                          "", rest, count=1, flags=re.I).strip()
            if rest and not colon and not (marked or bold):
                continue
            if rest and not colon and len(rest) > 3:
                continue  # "1. Thời hạn giải quyết hồ sơ …": a numbered sentence of content
            return key, rest
    return None


def parse_annex(blocks: list[Block]) -> Annex:
    annex = Annex()
    part_one, part_two = _parts(blocks)
    read_decision(blocks[:part_one if part_one is not None else len(blocks)], annex)
    start = part_one if part_one is not None else 0
    end = part_two if part_two is not None else len(blocks)
    read_listing(blocks[start:end] if part_one is not None else [b for b in blocks[:end] if isinstance(b, Table)], annex)
    _procedures(blocks[part_two:] if part_two is not None else blocks[start:], annex)
    return annex


def _parts(blocks: list[Block]) -> tuple[int | None, int | None]:
    one = two = None
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        folded = fold(block.text)
        if re.match(r"^phan\s+(i|1)\b[.:]?", folded) or folded.startswith("danh muc thu tuc hanh chinh") and one is None:
            one = i if one is None else one
        if re.match(r"^phan\s+(ii|2)\b", folded) or folded.startswith("noi dung cu the cua"):
            two = i if two is None else two
    return one, two


# --- Phần II -------------------------------------------------------------------------------

def _procedures(blocks: list[Block], annex: Annex) -> None:
    level = field_name = action = None
    current: ProcedureText | None = None
    last_key: str | None = None
    number = 0
    for i, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            folded = fold(block.text)
            if re.match(r"^phan\s+(?:i|ii|1|2)\b", folded):
                continue  # the part's own heading
            if _is_context(folded):
                level = level_in(folded) or level
                if "linh vuc" in folded:
                    field_name = re.sub(r"^.*?lĩnh vực\s*:?\s*", "", block.text, flags=re.I).strip(" .:")
                    field_name = field_name if not field_name.isupper() else field_name[:1] + field_name[1:].lower()
                elif "thu tuc" in folded and not level_in(folded):
                    action = action_in(folded) or action
                current, last_key = None, None  # a new group: the next title opens a procedure
                continue
            heading = element_heading(block.text, block.bold)
            if heading is not None and current is not None and not _restarts(current, heading[0], last_key):
                key, rest = heading
                current.elements.setdefault(key, [])
                if rest:
                    current.elements[key].append(Paragraph(rest, False))
                last_key = key
                continue
            if current is not None and last_key is None and current.code is None and heading is None \
                    and CODE.search(block.text) and len(block.text) < 80:
                current.code = CODE.search(block.text).group(1)  # "Mã số TTHC: 1.000656" under the title
                continue
            nxt = _next_element(blocks, i)
            if heading is None and nxt is not None and _looks_like_title(block, current, nxt, last_key):
                number += 1
                current = ProcedureText(heading=block.text, number=number, level=level, field_name=field_name,
                                        action=action)
                found = CODE.findall(block.text)
                current.code = found[0] if found else None
                annex.procedures.append(current)
                last_key = None
                continue
            if heading is not None and current is None:
                annex.problems.append(f"Phần II: mục '{block.text[:60]}' đứng trước tên thủ tục, bỏ qua")
                continue
            if current is None or last_key is None:
                if current is not None:
                    current.heading += " " + block.text if last_key is None and not CODE.search(block.text) else ""
                continue
        rows = element_rows(block)
        if rows and current is not None:  # the elements as a table: label | content, a row each
            for key, content in rows:
                current.elements.setdefault(key, []).extend(content)
                last_key = key
            continue
        if current is not None and last_key is not None:
            current.elements[last_key].append(block)


def element_rows(block: Block) -> list[tuple[str, list[Block]]]:
    """A table whose rows are elements ("Trình tự thực hiện" | "Bước 1: …"): each row's element
    and content; empty for any other table (two element rows at least)."""
    if not isinstance(block, Table):
        return []
    rows = []
    for row in block.rows:
        cells = [c for c in row if c]
        heading = element_heading(cells[0], True) if cells else None
        if heading is None:
            if rows and cells:  # a continuation row of the element above
                rows[-1][1].append(Paragraph("\n".join(cells)))
            continue
        key, rest = heading
        content = [Paragraph(text) for text in [rest, *cells[1:]] if text]
        rows.append((key, content))
    return rows if len(rows) >= 2 else []


def _is_context(folded: str) -> bool:
    """A heading over several procedures: a level, a field, a section of the annex."""
    short = len(folded) < 120
    return short and (bool(re.match(r"^(?:[a-h][.)]|[ivx]+[.)]|\d+[.)])?\s*(?:cac\s+)?(?:thu tuc hanh chinh|tthc)\s+(?:cap|thuoc|moi|duoc|bi|linh)", folded))
                      or bool(re.match(r"^(?:[ivx]+[.)]|\d+[.)]|[a-h][.)])?\s*linh vuc\b", folded))
                      or bool(re.match(r"^(?:[a-h][.)]|[ivx]+[.)])\s*(?:danh muc|thu tuc hanh chinh)", folded)))


def _next_element(blocks: list[Block], i: int) -> str | None:
    """The element heading that follows block ``i``, skipping a code line under a title."""
    for block in blocks[i + 1:i + 4]:
        if not isinstance(block, Paragraph):
            rows = element_rows(block)
            return rows[0][0] if rows else None
        heading = element_heading(block.text, block.bold)
        if heading is not None:
            return heading[0]
        if not (CODE.search(block.text) and len(block.text) < 80 and re.match(r"^\(?\s*ma\b", fold(block.text))):
            return None  # only "Mã số TTHC: 1.000656" under a title is skipped
    return None


def _restarts(current: ProcedureText, key: str, last_key: str | None) -> bool:
    return last_key is not None and ORDER[key] <= ORDER[last_key] and key in current.elements


def _looks_like_title(block: Paragraph, current: ProcedureText | None, nxt: str, last_key: str | None) -> bool:
    if current is None or last_key is None:
        return True
    if CODE.search(block.text):
        return True
    # inside a procedure a line before the next element is content, unless the elements start over
    return ORDER[nxt] <= ORDER[last_key] or nxt in current.elements


def procedure_name(text: ProcedureText, listed: dict[str, ListedChange]) -> str:
    """The name: Phần I's for the same code when there is one (its case is the official one),
    else the heading without its number, "Thủ tục", code and dashes."""
    if text.code and text.code in listed and listed[text.code].name:
        return " ".join(listed[text.code].name.split())
    name = re.sub(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[a-zđ][.)])\s*", "", text.heading)
    name = CODE.sub("", name)
    name = re.sub(r"\(\s*(?:mã(?: số)?(?: tthc)?\s*:?\s*)?\)", "", name, flags=re.I)
    name = re.sub(r"\s*[-–:]\s*(?=$)|\s*[-–]\s*(?:mã(?: số)?(?: tthc)?\s*:?)?\s*$", "", name.strip(), flags=re.I)
    name = re.sub(r"^thủ tục(?:\s+hành chính)?\s*:?\s*", "", name.strip(), flags=re.I).strip(" .-–:")
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]
