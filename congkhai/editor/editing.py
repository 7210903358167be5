"""One form over one content file: what it shows, and the text a save would write.

Three cases: a file that exists; a new file (made from the same scaffold as ``new``); and a
unit's override of a common procedure, which holds only the keys whose values differ from
the common file (DESIGN.md "Units")."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from ..build.load import suffixes_of, unit_folder
from ..commands import scaffold
from ..units.tree import read_site
from . import roundtrip
from .paths import Target
from .schema import Widget
from .values import empty, iso_date, rows, shown

NEW_KINDS = ("procedures", "decisions", "plans", "feedback", "pages")
CODE = re.compile(r"^\d\.\d{6}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
OVERRIDE_HEADER = ("# Ghi đè thủ tục {code} của danh mục chung, chỉ tại đơn vị này: chỉ ghi các mục khác với\n"
                   "# content/procedures/{code}.yaml; các mục khác lấy từ tệp đó.\n")


def digest(data: bytes | None) -> str:
    return "" if data is None else hashlib.sha256(data).hexdigest()


@dataclass
class Draft:
    """A file being edited: the target, its text on disk (None: not yet written), and for an
    override the common file's data."""

    target: Target
    disk: bytes | None
    shared: Any = None  # an override: the common procedure's data

    @property
    def override(self) -> bool:
        return self.shared is not None

    def loaded(self, start_text: str = "") -> roundtrip.Loaded:
        """The file read for editing; NotEditable when the form cannot hold it without losing
        something (not UTF-8, a YAML mistake, or not the shape its kind has)."""
        try:
            text = self.disk.decode("utf-8") if self.disk is not None else start_text
        except UnicodeDecodeError:
            raise roundtrip.NotEditable("tệp không được lưu bằng bảng mã UTF-8") from None
        loaded = roundtrip.load(text, self.target.kind.markdown)
        shape = list if self.target.kind.many else dict
        if loaded.data is not None and not isinstance(loaded.data, shape):
            raise roundtrip.NotEditable("tệp phải là một danh sách các mục '- id: ...'" if shape is list
                                        else "tệp phải là các cặp 'khóa: giá trị'")
        return loaded

    def value(self, start_text: str = "") -> Any:
        """What the form shows: the file's content (an override over the common file's)."""
        loaded = self.loaded(start_text)
        data = loaded.data if loaded.data is not None else ([] if self.target.kind.many else {})
        if self.override:
            data = {**self.shared, **(data if isinstance(data, dict) else {})}
        if loaded.markdown:
            data = {**data, "body": loaded.body}
        return data

    def text(self, value: Any, start_text: str = "") -> str:
        """The file's text with the form's ``value`` saved into it."""
        kind = self.target.kind
        if self.override:
            return self._override_text(value)
        loaded = self.loaded(start_text)
        data = {k: v for k, v in value.items() if k != "body"} if kind.markdown else value
        loaded.data = roundtrip.merge(loaded.data, data, self.target.data_form)
        if kind.markdown and (value.get("body") or "").strip() != (loaded.body or "").strip():
            loaded.body = value.get("body") or ""  # unchanged, the body keeps its blank lines
        return roundtrip.dump(loaded)

    def _override_text(self, value: dict) -> str:
        widget = self.target.data_form
        header = OVERRIDE_HEADER.format(code=self.target.stem)
        loaded = self.loaded(header)
        if not isinstance(loaded.data, CommentedMap):
            loaded.data = CommentedMap()
            loaded.data.yaml_set_start_comment("\n".join(line[2:] for line in header.splitlines()))
        changed = {c.key for c in widget.children
                   if c.key != "code" and not same(value.get(c.key), self.shared.get(c.key), c)}
        for key in [k for k in loaded.data if k in {c.key for c in widget.children} and k not in changed]:
            del loaded.data[key]  # now as the common file says: no longer overridden
        own = Widget("", widget.label, "group", tuple(c for c in widget.children if c.key in changed))
        loaded.data = roundtrip.merge(loaded.data, {k: value.get(k) for k in changed}, own)
        return roundtrip.dump(loaded)


def plain(value: Any, widget: Widget) -> Any:
    """A value as content, for comparison: how it is written aside."""
    if widget.kind == "group":
        value = value if isinstance(value, dict) else {}
        return {c.key: plain(value.get(c.key), c) for c in widget.children if not empty(value.get(c.key))}
    if widget.kind == "list":
        if isinstance(value, str) and widget.none_allowed and shown(value) and value.strip().lower().startswith("không"):
            return shown(value)
        return [plain(v, widget.children[0]) for v in rows(value)]
    return shown(value) or None


def same(a: Any, b: Any, widget: Widget) -> bool:
    return plain(a, widget) == plain(b, widget)


@dataclass
class NewFile:
    """A file the editor is about to create: where, the text it starts from, how its name is
    asked for, and what is wrong with the name given (None: nothing)."""

    rel: str
    start: str
    label: str
    hint: str
    problem: str | None


def new_file(content: Path, kind: str, name: str, folder: str, level: str, upcoming: str = "") -> NewFile:
    """A new file of ``kind`` named ``name`` in ``folder`` ("" or "units/<unit>/"), from the
    scaffold of ``new``; with ``upcoming`` (a procedure's code), the version of that procedure
    taking effect on the date ``name``, starting from its current text (the guide's
    procedures/<code>@<date>.yaml)."""
    if upcoming:
        base = content / f"{folder}procedures/{upcoming}.yaml"
        rel = f"{folder}procedures/{upcoming}@{name}.yaml"
        problem = None if not name or iso_date(name) else "ngày viết năm-tháng-ngày, ví dụ 2027-01-01"
        if not base.is_file() or not CODE.match(upcoming):
            problem = f"không có thủ tục {upcoming} trong {folder}procedures/"
        elif problem is None and name and (content / rel).exists():
            problem = f"đã có tệp {rel}: mở tệp đó để sửa"
        start = base.read_text(encoding="utf-8", errors="replace") if base.is_file() else ""
        return NewFile(rel if name and not problem else f"{folder}procedures/{upcoming}@0000-00-00.yaml", start,
                       "Ngày bản sửa đổi có hiệu lực (năm-tháng-ngày)",
                       "Ví dụ 2027-01-01, ngày ghi trong quyết định sửa đổi. Bản đang áp dụng giữ nguyên đến ngày đó.",
                       problem)
    procedures = kind == "procedures"
    problem = name_problem(kind, name, content, folder) if name else None
    usable = name if name and not problem else ("0.000000" if procedures else "moi")
    rel, start = start_text(kind, usable, level)
    return NewFile(folder + rel, start,
                   "Mã thủ tục (tên tệp)" if procedures else "Tên tệp (chữ thường không dấu, nối bằng '-')",
                   "Ví dụ 1.000656: mã trên Cơ sở dữ liệu quốc gia về TTHC." if procedures
                   else "Ví dụ qd-3582-2025; là địa chỉ trang, không đổi được về sau.", problem)


def start_text(kind: str, name: str, level: str) -> tuple[str, str]:
    """The scaffold of a new file (as ``new`` writes it): its path under the folder, its text."""
    if kind == "procedures":
        return scaffold.procedure(name, None, None, None, level)
    if kind == "decisions":
        return scaffold.decision(name, None, None)
    if kind == "plans":
        return scaffold.plan(name, None, None, None)
    if kind == "feedback":
        return scaffold.feedback(name, None)
    return scaffold.page(name, None)


def name_problem(kind: str, name: str, content: Path, folder: str) -> str | None:
    """Why ``name`` cannot be a new file's name, or None."""
    if kind == "procedures" and not CODE.match(name):
        return "mã thủ tục phải có dạng d.dddddd, ví dụ 1.000656 (mã trên Cơ sở dữ liệu quốc gia về TTHC)"
    if kind != "procedures" and not SLUG.match(name):
        return "tên tệp chỉ gồm chữ thường không dấu, số và dấu '-', ví dụ qd-3582-2025"
    rel = f"{folder}{kind}/{name}{suffixes_of(kind)[0]}"
    if (content / rel).exists():
        return f"đã có tệp {rel}: mở tệp đó để sửa"
    return None


def unit_level(content: Path, unit: str | None) -> str:
    site = read_site((unit_folder(content, unit) if unit else content) / "site.yaml")
    return site.level if site is not None else "xa"
