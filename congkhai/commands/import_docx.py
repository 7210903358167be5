"""`python build.py import docx FILE`: a plan's appendix task tables in Word -> a plan file.

Like the seed plans' Phụ lục tables: TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp |
Dự kiến sản phẩm | Thời gian thực hiện (any order; headers recognised by model.column_key),
with Roman-numeral section rows (I, II, ... often bold), header rows repeated at page breaks,
merged cells and blank rows. The paragraphs before a table give the appendix title ("PHỤ LỤC 1")
and subtitle ("(Kèm theo ...)").
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model.pages import column_key
from ..text.vietnamese import parse_date, slugify

ROMAN = re.compile(r"^(?=[IVXLC]+\.?$)[IVXLC]+\.?$")


@dataclass
class ImportedPlan:
    path: Path | None = None
    appendices: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    diff: str = ""


def _cells(row) -> list[str]:
    """Cell texts of a row, a horizontally merged cell once."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        texts.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
    return texts


def _is_header(texts: list[str]) -> list[str] | None:
    keys = [column_key(t) if t else None for t in texts]
    return keys if "content" in keys and ("lead" in keys or "no" in keys) else None


def _blocks(document):
    """Paragraphs and tables of the body, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    for child in document.element.body.iterchildren():
        if child.tag.endswith("}p"):
            yield Paragraph(child, document)
        elif child.tag.endswith("}tbl"):
            yield Table(child, document)


def read_appendices(path: Path) -> tuple[list[dict], list[str], list[str]]:
    """(appendices, problems, paragraphs) from a .docx file."""
    import docx
    from docx.table import Table
    document = docx.Document(str(path))
    appendices, problems, paragraphs, recent = [], [], [], []
    for block in _blocks(document):
        if not isinstance(block, Table):
            text = block.text.strip()
            if text:
                paragraphs.append(text)
                recent.append(text)
            continue
        columns, tasks, section = None, [], None
        for number, row in enumerate(block.rows, start=1):
            texts = _cells(row)
            if not any(texts):
                continue
            header = _is_header(texts)
            if header:
                if columns is None:
                    columns = (header, [t for t, k in zip(texts, header) if k])
                continue  # a header repeated at a page break
            if columns is None:
                problems.append(f"bảng {len(appendices) + 1}, dòng {number}: chưa gặp dòng tiêu đề cột, bỏ qua")
                continue
            keys, _ = columns
            values = {k: t for k, t in zip(keys, texts) if k}
            first = texts[0].strip()
            rest = [t for t in texts[1:] if t]
            if ROMAN.match(first) and len(set(rest)) <= 1:
                section = f"{first.rstrip('.')}. {rest[0]}" if rest else first
                tasks.append({"section": section})
                continue
            task = {k: values[k] for k in ("no", "content", "lead", "partners", "product", "timeline", "status")
                    if values.get(k)}
            if not task.get("content") and not task.get("lead") and not task.get("product"):
                problems.append(f"bảng {len(appendices) + 1}, dòng {number}: không có nội dung, bỏ qua")
                continue
            if section:
                task = {"section": section, **task}
            tasks.append(task)
        if columns is None:
            problems.append(f"bảng {len(appendices) + 1}: không có dòng tiêu đề cột (TT, Nội dung công việc, ...)")
            continue
        title = next((t for t in recent if t.upper().startswith("PHỤ LỤC")), f"PHỤ LỤC {len(appendices) + 1}")
        title_index = recent.index(title) if title in recent else len(recent)
        heading = [t for t in recent[title_index + 1:] if not t.startswith("(")]
        subtitle = next((t for t in recent[title_index + 1:] if t.startswith("(")), None)
        appendix = {"title": (title + (": " + heading[0] if heading else "")).strip()}
        if subtitle:
            appendix["subtitle"] = subtitle
        appendix["columns"] = columns[1]
        appendix["tasks"] = tasks
        appendices.append(appendix)
        recent = []
    return appendices, problems, paragraphs


def _front_matter_from(paragraphs: list[str], path: Path) -> dict:
    text = "\n".join(paragraphs)
    number = re.search(r"Số\s*:?\s*(\d+\s*/\s*KH-[\wĐđ-]+)", text)
    day = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    when = None
    if day:
        try:
            when = parse_date(f"{day.group(1)}/{day.group(2)}/{day.group(3)}")
        except ValueError:
            when = None
    title = None
    for i, p in enumerate(paragraphs):
        if p.strip().upper() == "KẾ HOẠCH" and i + 1 < len(paragraphs):
            title = paragraphs[i + 1]
            break
    return {"number": number.group(1).replace(" ", "") if number else "ĐIỀN SỐ KẾ HOẠCH",
            "date": (when or dt.date.today()).isoformat(), "title": title or path.stem}


def import_docx(path: Path, content: Path, slug: str | None, force: bool) -> ImportedPlan:
    appendices, problems, paragraphs = read_appendices(path)
    result = ImportedPlan(appendices=appendices, skipped=problems)
    target = content / "plans" / f"{slug or slugify(path.stem)}.md"
    result.path = target
    if target.exists():
        old = target.read_text(encoding="utf-8")
        lines = old.split("\n")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if not lines[0].strip() == "---" or end is None:
            raise ValueError(f"tệp '{target}' không có phần thông tin đầu tệp giữa hai dòng '---'")
        front = yaml.safe_load("\n".join(lines[1:end])) or {}
        if front.get("appendices") and not force:
            result.skipped.append(f"{target}: kế hoạch đã có phụ lục, không ghi đè (thêm --force để thay và xem khác biệt)")
            result.path = None
            return result
        front["appendices"] = appendices
        new = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=4000) + "---\n" + \
              "\n".join(lines[end + 1:])
        result.diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True),
                                                   f"{target} (cũ)", f"{target} (mới)"))
    else:
        front = _front_matter_from(paragraphs, path)
        front["appendices"] = appendices
        new = ("---\n# Nhập từ " + path.name + " bằng 'python build.py import docx'. Kiểm tra số, ngày, trích yếu;\n"
               "# thêm người ký, nơi nhận, căn cứ (xem docs/noi-dung.md).\n"
               + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=4000) + "---\n")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new, encoding="utf-8")
    return result
