"""The editor's HTML: its own templates (congkhai/editor/templates), never the public site's,
so nothing of the editor reaches a build."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..model.content import says_none
from .schema import Widget
from .values import join, rows, shown

HERE = Path(__file__).parent
HINTS = {
    "date": "Năm-tháng-ngày (2025-07-01) hoặc ngày/tháng/năm (01/07/2025).",
    "integer": "Một số nguyên, ví dụ 1.",
    "number": "Một số, ví dụ 3 hoặc 0,5.",
    "markdown": "Viết Markdown: **chữ đậm**, mỗi ý của danh sách bắt đầu bằng '- '. Bấm \"Xem trước\" để xem.",
}
REFERS = {
    "agencies": "Mã (id) cơ quan trong agencies.yaml: gõ vài chữ của tên cơ quan, không cần dấu, rồi chọn.",
    "fields": "Mã (id) lĩnh vực trong fields.yaml: gõ vài chữ của tên lĩnh vực rồi chọn.",
    "procedures": "Mã thủ tục (d.dddddd): gõ mã hoặc vài chữ của tên thủ tục rồi chọn.",
    "decisions": "Tên tệp quyết định trong decisions/ (không đuôi): gõ số hoặc trích yếu rồi chọn.",
    "forms": "Tệp trong forms/ hoặc địa chỉ web; chọn tệp đã có, hoặc tải tệp mới lên bằng nút bên dưới.",
    "feedback": "Tên tệp trong feedback/ (không đuôi).",
}


def hint(widget: Widget) -> str:
    if widget.kind == "reference":
        return REFERS.get(widget.refers, "")
    return HINTS.get(widget.kind, "")


@functools.cache
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(join=join, rows=rows, shown=shown, says_none=says_none, hint=hint)
    return env


def render(template: str, **context) -> bytes:
    context.setdefault("errors", {})
    context.setdefault("warnings", {})
    return environment().get_template(template).render(**context).encode("utf-8")


def static(name: str) -> bytes:
    return (HERE / "static" / name).read_bytes()
