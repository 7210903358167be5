"""The decision itself and Phần I of its annex: the number, date, issuer, title and effective
date; the list of procedures by section (mới / sửa đổi, bổ sung / thay thế / bãi bỏ), level and
field, each row with its own date and, when the list prints them, the elements' columns."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..text.vietnamese import fold
from .blocks import Block, Paragraph
from .words import CODE, action_in, date_in, level_in

if TYPE_CHECKING:
    from .sections import Annex


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


def read_decision(blocks: list[Block], annex: Annex) -> None:
    lines = [line for b in blocks for line in (b.text.split("\n") if isinstance(b, Paragraph)
                                                  else [c for row in b.rows for c in row for c in c.split("\n")])]
    text = "\n".join(lines)
    number = re.search(r"Số\s*:?\s*(\d+\s*/\s*(?:\d{4}\s*/\s*)?QĐ\s*-\s*[\wĐđ.-]+)", text)
    if number:
        annex.number = re.sub(r"\s+", "", number.group(1))
    signed = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text, re.I)
    if signed:
        annex.date = date_in(signed.group(0))
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
        annex.effective = annex.date if "ký" in effect.group(1) else date_in(effect.group(1))


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


def read_listing(blocks: list[Block], annex: Annex) -> None:
    action = level = None
    effective = None
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            folded = fold(block.text)
            action = action_in(folded) or action
            level = level_in(folded) or level
            if "hieu luc" in folded or "tu ngay" in folded:
                effective = date_in(block.text) or effective
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
                level = level_in(folded) or level
                if "linh vuc" in folded or not level_in(folded):
                    field_name = re.sub(r"^(?:[ivx]+[.)]|\d+[.)]|[a-z][.)])?\s*(?:lĩnh vực)?\s*:?\s*", "", values[0], flags=re.I)
                continue
            cells = dict(zip(header, row))
            codes = [m for i in columns["code"] if i < len(row) for m in CODE.findall(row[i])] or CODE.findall(" ".join(row))
            if not codes:
                annex.problems.append(f"Phần I, bảng {index + 1}, dòng {number}: không có mã thủ tục, bỏ qua")
                continue
            row_action = table_action or action_in(" ".join(folded_cells))
            change = ListedChange(code=codes[-1] if row_action == "replaced" else codes[0], name=cells.get("name", ""),
                                  action=row_action, level=level, where=f"Phần I, bảng {index + 1}, dòng {number}",
                                  field_name=cells.get("field") or field_name, agency=cells.get("agency"))
            if row_action == "replaced":
                change.replaces = [c for c in codes if c != change.code]
                names = [row[i] for i, k in enumerate(header) if k == "name" and i < len(row)]
                change.name = names[-1] if names else ""
                if len(names) > 1 and len(change.replaces) == 1:
                    change.replaced_names[change.replaces[0]] = " ".join(names[0].split())
            when = date_in(cells.get("effective", "")) or date_in(" ".join(c for c in row if "từ ngày" in c.lower()))
            change.effective = when or effective
            change.note = cells.get("note") or None
            change.details = {k: cells[k] for k in DETAILS if cells.get(k)}
            annex.listed.append(change)
