"""The parts of a publishing decision (../shared/REFERENCE.md, "A publishing decision's annex"):
the decision itself, Phần I (the list of procedures by section and level) and Phần II (each
procedure's elements a) Trình tự thực hiện … l) Căn cứ pháp lý).

Headings are recognised by their words, not by their numbering or weight: "a)", "1.", "-" or
nothing before them, bold or plain, upper or lower case, the content on the same line after a
colon or on the lines below.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..text.vietnamese import fold, parse_date
from .blocks import Block, Paragraph, Table

CODE = re.compile(r"(?<![\d.])([1-3]\.\d{6})(?![\d])")

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
ACTIONS = (("replaced", ("thay the",)), ("abolished", ("bai bo", "huy bo")),
           ("amended", ("sua doi", "bo sung")),
           ("new", ("moi ban hanh", "ban hanh moi", "hanh chinh moi", "tthc moi", "duoc ban hanh", "cong bo moi")))
LEVELS = (("tinh", "cap tinh"), ("huyen", "cap huyen"), ("xa", "cap xa"))


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
class ListedChange:
    """A row of Phần I."""

    code: str
    name: str
    action: str | None
    level: str | None = None
    field_name: str | None = None
    agency: str | None = None
    replaces: list[str] = field(default_factory=list)
    replaced_names: dict[str, str] = field(default_factory=dict)  # a replaced code -> its name as printed
    details: dict[str, str] = field(default_factory=dict)  # time, fee, methods, place, legal_basis cells
    effective: dt.date | None = None
    note: str | None = None
    where: str = ""


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


def _action(folded: str) -> str | None:
    for action, words in ACTIONS:
        if any(w in folded for w in words):
            return action
    return None


def _level(folded: str) -> str | None:
    found = [(folded.find(words), level) for level, words in LEVELS if words in folded]
    return min(found)[1] if found else None  # "cấp tỉnh - tiếp nhận tại … cấp xã": tỉnh


def _date_in(text: str) -> dt.date | None:
    for pattern in (r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"):
        match = re.search(pattern, text, re.I)
        if match:
            try:
                return parse_date(f"{match.group(1)}/{match.group(2)}/{match.group(3)}")
            except ValueError:
                return None
    return None


def parse_annex(blocks: list[Block]) -> Annex:
    annex = Annex()
    part_one, part_two = _parts(blocks)
    _decision(blocks[:part_one if part_one is not None else len(blocks)], annex)
    start = part_one if part_one is not None else 0
    end = part_two if part_two is not None else len(blocks)
    _listed(blocks[start:end] if part_one is not None else [b for b in blocks[:end] if isinstance(b, Table)], annex)
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


# --- the decision -----------------------------------------------------------------------

def _decision(blocks: list[Block], annex: Annex) -> None:
    lines = [line for b in blocks for line in (b.text.split("\n") if isinstance(b, Paragraph)
                                                  else [c for row in b.rows for c in row for c in c.split("\n")])]
    text = "\n".join(lines)
    number = re.search(r"Số\s*:?\s*(\d+\s*/\s*(?:\d{4}\s*/\s*)?QĐ\s*-\s*[\wĐđ.-]+)", text)
    if number:
        annex.number = re.sub(r"\s+", "", number.group(1))
    signed = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.I)
    if signed:
        annex.date = _date_in(signed.group(0))
    for i, line in enumerate(lines):
        folded = fold(line)
        if folded.startswith("chu tich uy ban nhan dan") or folded.startswith("uy ban nhan dan") and "chu tich" in folded:
            annex.issuer = line[:1].upper() + line[1:].lower().replace("ủy ban nhân dân", "UBND")
            annex.issuer = re.sub(r"\b(tỉnh|thành phố|xã|phường|huyện)\s+(.+)$",
                                  lambda m: m.group(1) + " " + m.group(2).title(), annex.issuer)
            break
    if annex.issuer is None:  # issued by the committee itself: its name heads the page
        for i, line in enumerate(lines[:-1]):
            if fold(line).strip() == "uy ban nhan dan" and re.match(r"^(tinh|thanh pho|huyen|xa|phuong)\b", fold(lines[i + 1])):
                place = lines[i + 1].strip()
                annex.issuer = "UBND " + place[:1].lower() + place[1:].lower().split(" ", 1)[0] + \
                    (" " + place.split(" ", 1)[1].title() if " " in place else "")
                break
    for i, line in enumerate(lines):
        if fold(line).strip() == "quyet dinh" and i + 1 < len(lines):
            title = lines[i + 1]
            if fold(title).startswith("ve viec"):
                title = title[7:].strip()
            annex.title = title[:1].upper() + title[1:]
            break
    effect = re.search(r"có hiệu lực[^.\n]*?(kể từ ngày ký|từ ngày ký|kể từ ngày[^.\n]*|từ ngày[^.\n]*)", text, re.I)
    if effect:
        annex.effective = annex.date if "ký" in effect.group(1) else _date_in(effect.group(1))


# --- Phần I --------------------------------------------------------------------------------

HEADERS = {
    "no": ("stt", "tt", "so tt"),
    "code": ("ma tthc", "ma thu tuc", "ma so", "ma ho so", "ma"),
    "name": ("ten thu tuc", "ten tthc", "ten"),
    "field": ("linh vuc",),
    "agency": ("co quan thuc hien", "co quan giai quyet", "co quan"),
    "effective": ("ngay co hieu luc", "thoi diem", "ngay bai bo", "ngay ap dung", "hieu luc"),
    "note": ("ghi chu",),
    # a list that prints the elements itself, as many do when there is no Phần II
    "time": ("thoi han giai quyet", "thoi gian giai quyet", "thoi han"),
    "fee": ("phi, le phi", "phi le phi", "le phi", "muc phi", "phi,"),
    "methods": ("cach thuc thuc hien", "cach thuc", "hinh thuc nop", "hinh thuc thuc hien"),
    "place": ("dia diem thuc hien", "dia diem", "noi tiep nhan", "noi nop"),
    "legal_basis": ("can cu phap ly",),
    "legal": ("ten vbqppl", "van ban", "can cu"),
}
DETAILS = ("time", "fee", "methods", "place", "legal_basis")


def _column(folded: str) -> str | None:
    if folded.strip(" :.") == "phi":
        return "fee"
    for key, words in HEADERS.items():
        if any(folded.startswith(w) for w in words):
            return key
    return None


def _listed(blocks: list[Block], annex: Annex) -> None:
    action = level = None
    effective = None
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            folded = fold(block.text)
            action = _action(folded) or action
            level = _level(folded) or level
            if "hieu luc" in folded or "tu ngay" in folded:
                effective = _date_in(block.text) or effective
            continue
        header, columns, field_name = None, {}, None
        table_action = action
        for number, row in enumerate(block.rows, start=1):
            folded_cells = [fold(c) for c in row]
            keys = [_column(c) for c in folded_cells]
            if "code" in keys and "name" in keys:
                header = keys
                old_new = [i for i, (k, c) in enumerate(zip(keys, folded_cells)) if k == "code"]
                columns = {"code": old_new}
                if any("thay the" in c for c in folded_cells):
                    table_action = "replaced"
                continue
            if header is None:
                continue
            values = [c for c in row if c and not re.match(r"^(?:[A-Z]|[IVX]+|\d+)[.)]?$", c.strip())]
            if len(set(values)) == 1 and not CODE.search(" ".join(row)):  # a field or level row
                folded = fold(values[0])
                level = _level(folded) or level
                if "linh vuc" in folded or not _level(folded):
                    field_name = re.sub(r"^(?:[ivx]+[.)]|\d+[.)]|[a-z][.)])?\s*(?:lĩnh vực)?\s*:?\s*", "", values[0], flags=re.I)
                continue
            cells = dict(zip(header, row))
            codes = [m for i in columns["code"] if i < len(row) for m in CODE.findall(row[i])] or CODE.findall(" ".join(row))
            if not codes:
                annex.problems.append(f"Phần I, bảng {index + 1}, dòng {number}: không có mã thủ tục, bỏ qua")
                continue
            row_action = table_action or _action(" ".join(folded_cells))
            change = ListedChange(code=codes[-1] if row_action == "replaced" else codes[0], name=cells.get("name", ""),
                                  action=row_action, level=level, where=f"Phần I, bảng {index + 1}, dòng {number}",
                                  field_name=cells.get("field") or field_name, agency=cells.get("agency"))
            if row_action == "replaced":
                change.replaces = [c for c in codes if c != change.code]
                names = [row[i] for i, k in enumerate(header) if k == "name" and i < len(row)]
                change.name = names[-1] if names else ""
                if len(names) > 1 and len(change.replaces) == 1:
                    change.replaced_names[change.replaces[0]] = " ".join(names[0].split())
            when = _date_in(cells.get("effective", "")) or _date_in(" ".join(c for c in row if "từ ngày" in c.lower()))
            change.effective = when or effective
            change.note = cells.get("note") or None
            change.details = {k: cells[k] for k in DETAILS if cells.get(k)}
            annex.listed.append(change)


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
                level = _level(folded) or level
                if "linh vuc" in folded:
                    field_name = re.sub(r"^.*?lĩnh vực\s*:?\s*", "", block.text, flags=re.I).strip(" .:")
                    field_name = field_name if not field_name.isupper() else field_name[:1] + field_name[1:].lower()
                elif "thu tuc" in folded and not _level(folded):
                    action = _action(folded) or action
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
