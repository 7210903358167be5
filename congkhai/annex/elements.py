"""Each element of Phần II as content keys: what a procedure file says, from what the annex
printed. Text is kept as printed (never shortened); what has no key is returned as ``unplaced``
lines, for the importer to keep as YAML comments and to show in its report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.vietnamese import fold
from .blocks import Block, Paragraph, Table
from .legal import legal_reference

BULLET = re.compile(r"^\s*(?:[-–•*+]+|\(\d+\)|\d+[.)](?!\d)|[a-zđ]\)|[ivx]+[.)])\s*", re.I)
# the channels in the order pages list them
CHANNELS = (("truc-tiep", ("truc tiep", "tai bo phan", "tai trung tam")),
            ("truc-tuyen", ("truc tuyen", "dich vu cong", "qua mang", "online", "dien tu")),
            ("buu-chinh", ("buu chinh", "qua buu dien")))


@dataclass
class Parsed:
    values: dict = field(default_factory=dict)
    unplaced: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)  # names printed under i) or in the documents


def lines_of(blocks: list[Block]) -> list[str]:
    """Every line of the paragraphs; a table's rows as "cell – cell" lines."""
    lines = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.extend(line.strip() for line in block.text.split("\n") if line.strip())
        else:
            lines.extend(" – ".join(c.replace("\n", " ") for c in row if c) for row in block.rows)
    return lines


def strip_bullet(line: str) -> str:
    return BULLET.sub("", line, count=1).strip().rstrip(";").strip()


def says_none(lines: list[str]) -> bool:
    return len(lines) == 1 and fold(lines[0]).strip(" .;") in ("khong", "khong co", "khong quy dinh")


def text_of(blocks: list[Block]) -> str | None:
    lines = lines_of(blocks)
    if not lines:
        return None
    if says_none(lines):
        return "Không"
    return "\n".join(strip_bullet(line) if len(lines) > 1 else line.rstrip(";") for line in lines)


# --- a) steps ------------------------------------------------------------------------------

STEP = re.compile(r"^\s*[-–•*+]?\s*Bước\s*(\d+)\s*[:.)\-–]?\s*", re.I)


def steps(blocks: list[Block]) -> list[str] | str:
    lines = lines_of(blocks)
    if says_none(lines):
        return "Không"
    if not any(STEP.match(line) for line in lines):
        return [strip_bullet(line) for line in lines]
    result: list[str] = []
    for line in lines:
        if STEP.match(line):
            result.append(STEP.sub("", line, count=1).strip())
        elif result:
            result[-1] += "\n" + line
        else:
            result.append(line)  # words before "Bước 1": a step of their own, not lost
    return result


# --- b) methods, d) time, h) fee --------------------------------------------------------------

def channel_of(text: str) -> list[str]:
    folded = fold(text)
    return [method for method, words in CHANNELS if any(w in folded for w in words)]


LABELLED = re.compile(r"(?:^|(?<=[;\n.])|(?<=\s-)|(?<=\+))\s*[-+•]?\s*((?:nộp\s+)?(?:hồ sơ\s+)?(?:trực tiếp|trực tuyến|"
                      r"qua dịch vụ bưu chính(?: công ích)?|dịch vụ bưu chính|bưu chính)[^:\n]{0,40}):", re.I)


def per_channel(text: str | None) -> dict[str, str] | None:
    """{"truc-tiep": …, "truc-tuyen": …} when ``text`` labels its parts by channel
    ("Trực tiếp: 03 ngày; Trực tuyến: 02 ngày"), else None."""
    if not text:
        return None
    marks = list(LABELLED.finditer(text))
    if len(marks) < 1 or text[:marks[0].start()].strip(" -;\n"):
        return None
    parts: dict[str, str] = {}
    for mark, after in zip(marks, marks[1:] + [None]):
        piece = text[mark.end():after.start() if after else len(text)].strip(" ;.\n-")
        for method in channel_of(mark.group(1)):
            parts[method] = (parts[method] + "; " + piece) if method in parts else piece
    return parts or None


def methods(blocks: list[Block]) -> Parsed:
    parsed = Parsed()
    found: dict[str, dict] = {}
    tables = [b for b in blocks if isinstance(b, Table)]
    if tables:
        header = None  # a table broken by a page goes on without its header row
        for table in tables:
            header = _method_table(table, found, parsed, header)
        paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    else:
        paragraphs = blocks
    pending: list[str] = []
    last: list[str] = []
    for line in lines_of(paragraphs):
        text = strip_bullet(line)
        channels = channel_of(text)
        if not channels:
            if last:
                for method in last:
                    found[method]["note"] += "\n" + text
            else:
                pending.append(text)
            continue
        for method in channels:
            entry = found.setdefault(method, {"method": method, "note": ""})
            entry["note"] = (entry["note"] + "\n" + text).strip()
        last = channels
    if pending:
        if found:
            first = next(iter(found.values()))
            first["note"] = ("\n".join(pending) + "\n" + first.get("note", "")).strip()
        else:
            parsed.unplaced.extend(pending)
    parsed.values["methods"] = [{k: v for k, v in m.items() if v} for m in found.values()]
    return parsed


def _method_table(table: Table, found: dict, parsed: Parsed, header: list | None) -> list | None:
    for row in table.rows:
        folded = [fold(c) for c in row]
        if header is None and any(c.startswith(("hinh thuc", "cach thuc")) for c in folded):
            header = ["method" if c.startswith(("hinh thuc", "cach thuc")) else "time" if c.startswith("thoi han")
                      else "fee" if "phi" in c else "note" if c.startswith(("mo ta", "ghi chu")) else None for c in folded]
            continue
        if header is None:
            parsed.unplaced.append(" – ".join(c for c in row if c))
            continue
        cells = dict(zip(header, row))
        channels = channel_of(cells.get("method", ""))
        if not channels:
            parsed.unplaced.append(" – ".join(c for c in row if c))
            continue
        for method in channels:
            entry = found.setdefault(method, {"method": method})
            for key in ("time", "fee", "note"):
                if cells.get(key):
                    entry[key] = cells[key]
    return header


def days_of(time: str | None) -> float | None:
    """Working days when the time says one number of days ("03 ngày làm việc"); 1 for "ngay
    trong ngày"; otherwise none (the page then shows the text only)."""
    if not time:
        return None
    folded = fold(time)
    numbers = re.findall(r"(\d+(?:[.,]\d+)?)\s*ngay", folded)
    if any(w in folded for w in ("truong hop", "neu ", "trong ngay")) and (numbers or "neu " in folded or "truong hop" in folded):
        return None  # "ngay trong ngày; trường hợp cần xác minh … 03 ngày": more than one time
    if len(set(numbers)) == 1:
        return float(numbers[0].replace(",", "."))
    if not numbers and "trong ngay" in folded:
        return 1.0
    return None


# --- c) documents ---------------------------------------------------------------------------

COUNTS = (re.compile(r"bản chính\s*[:=]?\s*(\d+)", re.I), re.compile(r"bản sao\s*[:=]?\s*(\d+)", re.I))
COUNTS_BEFORE = (re.compile(r"(\d+)\s*bản chính", re.I), re.compile(r"(\d+)\s*bản sao", re.I))
CASE = re.compile(r"^\s*(?:[-*•+]|[a-zđ][.)]|\d+[.)]|[ivx]+[.)])?\s*(Trường hợp\b.*?)[:.]?\s*$", re.I)
FORM = re.compile(r"\((?:theo\s+)?(mẫu[^()]*)\)|(?:theo\s+)(mẫu\s+[^,;()]*)", re.I)


def _counts(text: str) -> tuple[int | None, int | None, str]:
    original = copy = None
    rest = text
    for i, (after, before) in enumerate(zip(COUNTS, COUNTS_BEFORE)):
        match = after.search(rest) or before.search(rest)
        if match:
            value = int(match.group(1))
            if i == 0:
                original = value
            else:
                copy = value
    if original is not None or copy is not None:
        # "Bản chính: 01, Bản sao: 0" at the end of the name is the count, not the name
        rest = re.sub(r"[\s;,.(-]*(?:số lượng\s*:?\s*)?(?:\d+\s*)?bản (?:chính|sao)\s*[:=]?\s*(?:\d+)?[\s;,.)]*"
                      r"(?:(?:\d+\s*)?bản (?:chính|sao)\s*[:=]?\s*(?:\d+)?[\s;,.)]*)?$", "", rest, flags=re.I)
    return original, copy, rest.strip(" ;,:")


def _item(text: str, presented: bool, forms: list[str]) -> dict:
    original, copy, name = _counts(text)
    item: dict = {"name": name or text}
    if original is not None:
        item["original"] = min(original, 100)
    if copy is not None:
        item["copy"] = min(copy, 100)
    form = FORM.search(text)
    if form:
        forms.append((form.group(1) or form.group(2)).strip())
    if presented:
        item["note"] = "Chỉ xuất trình."
    return item


def documents(blocks: list[Block]) -> Parsed:
    parsed = Parsed()
    loose: list[dict] = []
    cases: list[dict] = []
    presented = False
    header = None
    for block in blocks:
        if isinstance(block, Table):
            header = _document_table(block, cases[-1]["documents"] if cases else loose, parsed, header)
            if header is not None:
                continue
        for line in lines_of([block]):
            folded = fold(strip_bullet(line))
            if folded.startswith("so luong ho so") or folded.startswith("so bo ho so"):
                parsed.unplaced.append(strip_bullet(line))
                continue
            if re.match(r"^(?:\*|[a-zđ][.)])?\s*(?:giay to|thanh phan ho so|ho so)\b.*(?:phai nop|gom|bao gom|nop)\b.*:?$", folded) \
                    and len(folded) < 80 and line.rstrip().endswith(":"):
                presented = False
                continue
            case = CASE.match(line)
            if case and (line.rstrip().endswith(":") or len(line) < 160 and not _counts(line)[0]):
                cases.append({"title": case.group(1).strip().rstrip(":"), "documents": []})
                presented = False
                continue
            if "xuat trinh" in folded and line.rstrip().endswith(":") and len(folded) < 80:
                presented = True
                continue
            item = _item(strip_bullet(line), presented, parsed.forms)
            (cases[-1]["documents"] if cases else loose).append(item)
    if cases:
        if loose:
            cases.insert(0, {"title": "Trong mọi trường hợp", "documents": loose})
        parsed.values["cases"] = [c for c in cases if c["documents"]] or cases
    else:
        parsed.values["documents"] = loose
    return parsed


NAME_HEADERS = ("ten giay to", "thanh phan", "ten ho so", "loai giay to")


def _document_table(table: Table, into: list[dict], parsed: Parsed, header: list | None) -> list | None:
    """The rows of a documents table into ``into``; its header (or the one it goes on from)."""
    for row in table.rows:
        folded = [fold(c) for c in row]
        if any(c.startswith(NAME_HEADERS) for c in folded):
            header = ["name" if c.startswith(NAME_HEADERS) else "form" if c.startswith("mau") else
                      "count" if c.startswith("so luong") else "original" if "ban chinh" in c else
                      "copy" if "ban sao" in c else None for c in folded]
            continue
        if header is None:
            return None
        cells = dict(zip(header, row))
        if not cells.get("name"):
            continue
        text = cells["name"]
        if cells.get("count"):
            text += " " + cells["count"]
        item = _item(text, False, parsed.forms)
        for key in ("original", "copy"):
            if cells.get(key, "").strip().isdigit():
                item[key] = int(cells[key])
        if cells.get("form") and fold(cells["form"]).strip() not in ("", "khong", "-"):
            parsed.forms.append(cells["form"])
            item.setdefault("note", "Mẫu: " + cells["form"])
        into.append(item)
    return header


# --- đ) applicants, l) legal basis, i) forms ---------------------------------------------------

def _items(blocks: list[Block], separator: str | None = None) -> list[str] | str:
    """One item a line (or a piece between separators), bullets off; "Không" when that is all."""
    lines = lines_of(blocks)
    if says_none(lines):
        return "Không"
    items = []
    for line in lines:
        text = strip_bullet(line)
        items.extend(p.strip() for p in (text.split(separator) if separator else [text]) if p.strip())
    return items


def applicants(blocks: list[Block]) -> list[str] | str:
    items = _items(blocks)
    return items if isinstance(items, str) else [item.rstrip(".") for item in items]


def legal_basis(blocks: list[Block]) -> list[dict] | str:
    lines: list = []
    header = None
    for block in blocks:
        if isinstance(block, Table):
            header = _legal_rows(block, lines, header)
        else:
            lines.extend(strip_bullet(line).rstrip(".") for line in lines_of([block]))
    if len(lines) == 1 and isinstance(lines[0], str) and says_none(lines):
        return "Không"
    return [legal_reference(line) if isinstance(line, str) else line for line in lines if line]


def _legal_rows(table: Table, rows: list, header: list | None) -> list | None:
    for row in table.rows:
        folded = [fold(c) for c in row]
        if header is None and any(c.startswith(("so ky hieu", "so hieu", "trich yeu")) for c in folded):
            header = ["number" if c.startswith(("so ky hieu", "so hieu")) else "title" if c.startswith("trich yeu") else
                      "date" if c.startswith("ngay") else "issuer" if c.startswith("co quan") else None for c in folded]
            continue
        if header is None:
            rows.append(" ".join(c for c in row if c))
            continue
        cells = {k: v for k, v in zip(header, row) if k and v}
        ref = legal_reference(" ".join([cells.get("title", ""), "số " + cells["number"] if "number" in cells else "",
                                        "ngày " + cells["date"] if "date" in cells else ""]))
        ref.update({k: v for k, v in (("title", cells.get("title")), ("issuer", cells.get("issuer"))) if v})
        rows.append(ref)
    return header


def form_names(blocks: list[Block]) -> list[str] | str:
    return _items(blocks, ";")
