"""`python build.py import xlsx FILE`: procedure catalogue spreadsheets -> procedure YAML files.

Reads the sheets staff get from the national procedure database's exports and from the
appendices of provincial publishing decisions. Column headers are recognised by name and
synonyms (COLUMNS below, documented in docs/nhap-du-lieu.md). Section rows such as
"A. THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH", "… SỬA ĐỔI, BỔ SUNG", "… THAY THẾ", "… BÃI BỎ" and
"I. Cấp huyện" set the action and level of the rows below them; when a sheet has such sections
a decision file listing the changes is written too.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..annex.elements import CHANNELS, channel_of, per_channel
from ..annex.legal import legal_reference
from ..annex.words import action_in
from ..model.content import LABELS
from ..text.vietnamese import fold, slugify
from .import_write import ImportResult, ImportWriter

# key -> header words (folded, lower case); the first header that contains one of them wins
COLUMNS = {
    "no": ["stt", "tt", "so thu tu"],
    "replaced": ["ma thu tuc bi thay the", "ma tthc bi thay the", "thu tuc bi thay the", "ma thu tuc cu"],
    "code": ["ma thu tuc", "ma tthc", "ma so", "ma"],
    "name": ["ten thu tuc", "ten tthc", "ten"],
    "field": ["linh vuc"],
    "level": ["cap thuc hien", "cap giai quyet", "cap"],
    "agency": ["co quan thuc hien", "co quan giai quyet", "co quan chu tri"],
    "time": ["thoi han giai quyet", "thoi gian giai quyet", "thoi han"],
    "fee": ["phi, le phi", "phi le phi", "le phi", "phi"],
    "methods": ["cach thuc thuc hien", "hinh thuc nop", "cach thuc"],
    "legal": ["can cu phap ly", "can cu"],
    "online": ["dich vu cong truc tuyen", "muc do dvc", "dvc truc tuyen", "muc do"],
    "note": ["ghi chu"],
}
LEVEL_WORDS = [("tinh", "tinh"), ("huyen", "huyen"), ("xa", "xa")]
CODE = re.compile(r"^\d\.\d{6}$")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _header_map(cells: list[str]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    folded = [fold(c).strip(" .:") for c in cells]
    for key, words in COLUMNS.items():
        for i, header in enumerate(folded):
            if i in mapping.values() or not header:
                continue
            if any(header == w or (len(w) > 3 and w in header) for w in words):
                mapping[key] = i
                break
    return mapping if "code" in mapping and "name" in mapping else {}


def _levels(text: str) -> list[str]:
    words = fold(text)
    return [level for level, word in LEVEL_WORDS if re.search(rf"\b{word}\b", words)]


def _section(text: str) -> tuple[str | None, list[str]]:
    words = fold(text)
    action = action_in(words)
    return action, _levels(words) if re.search(r"\bcap\b", words) else []


def _online(text: str) -> str:
    words = fold(text)
    if "toan trinh" in words or "muc do 4" in words or words.strip() == "4":
        return "full"
    if "mot phan" in words or "muc do 3" in words or words.strip() == "3":
        return "partial"
    return "none"


def _methods(row: dict[str, str]) -> list[dict]:
    """The channels the row names; its time and fee given to each, split by channel when the
    cell labels them ("Trực tiếp: 03 ngày; Trực tuyến: 02 ngày"). No channel named: none."""
    order = [method for method, _ in CHANNELS]
    kinds = channel_of(row.get("methods", ""))
    times, fees = per_channel(row.get("time")), per_channel(row.get("fee"))
    kinds = kinds or sorted({*(times or {}), *(fees or {})}, key=order.index)
    methods = []
    for kind in kinds:
        method = {"method": kind}
        time = (times or {}).get(kind) if times is not None else row.get("time")
        fee = (fees or {}).get(kind) if fees is not None else row.get("fee")
        if time:
            method["time"] = time
        if fee:
            method["fee"] = fee
        methods.append(method)
    return methods


def _decision_meta(title_rows: list[str]) -> tuple[str | None, dt.date | None]:
    text = " ".join(title_rows)
    number = re.search(r"(?:Quyết định|QĐ)\s*(?:số)?\s*:?\s*(\d+\s*/\s*[\wĐđ./-]+)", text, re.I)
    day = re.search(r"ngày\s+(\d{1,2})\s*(?:/|tháng)\s*(\d{1,2})\s*(?:/|năm)\s*(\d{4})", text, re.I)
    when = None
    if day:
        try:
            when = dt.date(int(day.group(3)), int(day.group(2)), int(day.group(1)))
        except ValueError:
            when = None
    return (number.group(1).replace(" ", "") if number else None), when


def read_rows(path: Path):
    """Yield (sheet, row number, cells) with merged cells filled from their top-left value."""
    from openpyxl import load_workbook
    book = load_workbook(path, data_only=True)
    for sheet in book.worksheets:
        merged = {}
        for block in sheet.merged_cells.ranges:
            value = sheet.cell(block.min_row, block.min_col).value
            for r in range(block.min_row, block.max_row + 1):
                for c in range(block.min_col, block.max_col + 1):
                    merged[(r, c)] = value
        for r, row in enumerate(sheet.iter_rows(), start=1):
            yield sheet.title, r, [_text(merged.get((r, c.column), c.value)) for c in row]


def import_xlsx(path: Path, content: Path, force: bool = False, today: dt.date | None = None) -> ImportResult:
    today = today or dt.date.today()
    writer = ImportWriter(content, force, today, path.name, "bảng tính này")
    source = writer.source_of(path)
    header: dict[str, int] = {}
    action, levels, title_rows, changes, seen = None, [], [], [], {}
    for sheet, number, cells in read_rows(path):
        where = f"trang '{sheet}', dòng {number}"
        if not any(cells):
            continue
        mapping = _header_map(cells)
        if mapping:
            header = mapping  # the first header, or a header repeated at a page break
            continue
        if not header:
            title_rows.append(" ".join(c for c in cells if c))
            continue
        row = {key: cells[i] if i < len(cells) else "" for key, i in header.items()}
        code_like = CODE.match(row.get("code", "")) or re.match(r"^[\d.]+$", row.get("code", ""))
        if not code_like and (not row.get("name") or row.get("name") == row.get("code")):
            # a section row ("A. THỦ TỤC … MỚI BAN HÀNH", "I. Cấp xã"), often merged across the columns
            text = " ".join(dict.fromkeys(c for c in cells if c))
            new_action, new_levels = _section(text)
            action = new_action or action
            levels = new_levels or levels
            continue
        code = row.get("code", "")
        if not CODE.match(code):
            writer.result.skipped.append(f"{where}: mã thủ tục '{code}' không đúng dạng d.dddddd")
            continue
        if not row.get("name"):
            writer.result.skipped.append(f"{where}: thiếu tên thủ tục")
            continue
        if code in seen:
            writer.result.skipped.append(f"{where}: mã {code} trùng với {seen[code]}")
            continue
        seen[code] = where
        procedure, found = _procedure(row, levels, writer)
        procedure["sources"] = [{**source, "note": f"{where}."}]
        writer.procedure(procedure, found, [])
        if action:
            change = {"code": code, "action": action}
            if action == "replaced" and row.get("replaced"):
                change["replaces"] = [c.strip() for c in re.split(r"[,;\s]+", row["replaced"]) if CODE.match(c.strip())]
                for old in change["replaces"]:
                    if old not in seen and not writer.has(old):
                        writer.procedure({"code": old, "name": f"Thủ tục {old} (được thay thế bởi {code})",
                                          "sources": [{**source, "note": f"{where}."}]}, [], [], listed=True)
                if not change["replaces"]:
                    del change["replaces"]
            changes.append(change)
    if changes:
        number, when = _decision_meta(title_rows)
        slug = slugify(f"qd-{number}") if number else slugify(path.stem)
        decision = {"number": number or "ĐIỀN SỐ QUYẾT ĐỊNH", "date": (when or today).isoformat(), "changes": changes,
                    "sources": [{**source, "checked": today.isoformat()}]}
        text = (f"# Nhập từ {path.name} bằng 'python build.py import xlsx'. Kiểm tra số, ngày ký, ngày hiệu lực.\n"
                + yaml.safe_dump(decision, allow_unicode=True, sort_keys=False, width=4000))
        writer.result.decision = f"decisions/{slug}.yaml"
        target = content / "decisions" / f"{slug}.yaml"
        if target.exists() and target.read_text(encoding="utf-8") != text and not force:
            writer.result.skipped.append(f"{target}: tệp đã có, không ghi đè (thêm --force để ghi)")
        elif not target.exists() or target.read_text(encoding="utf-8") != text:
            writer.add(target, text)
    return writer.finish()


def _procedure(row: dict[str, str], levels: list[str], writer: ImportWriter) -> tuple[dict, list[str]]:
    """A row's procedure content (only the columns it has) and the elements it gave."""
    procedure: dict = {"code": row["code"], "name": row["name"]}
    found = []
    if row.get("field"):
        procedure["field"] = writer.fields.id_for(row["field"])
    # "Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã": the level is the part before the dash
    stated = re.split(r"\s+[-–]\s+|\(|tiếp nhận|tiep nhan", row.get("level", ""), maxsplit=1, flags=re.I)[0]
    procedure["level"] = _levels(stated) or levels
    if not procedure["level"]:
        del procedure["level"]
    if row.get("agency"):
        procedure["agency"] = writer.agencies.id_for(row["agency"])
    methods = _methods(row)
    if methods:
        procedure["methods"] = methods
        found.append(LABELS["methods"])
    if row.get("online"):
        procedure["online"] = _online(row["online"])
    if row.get("legal"):
        procedure["legal_basis"] = [legal_reference(p.strip(" ;")) for p in re.split(r"\n|;\s*(?=\S)", row["legal"])
                                    if p.strip(" ;")]
        found.append(LABELS["legal_basis"])
    return procedure, found
