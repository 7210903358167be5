"""Parse a content file's text into a raw document that remembers the line and column of
every value.

YAML is parsed with PyYAML's C parser into nodes; scalars are resolved by our own small rules
(see ``_Converter.scalar``) so that a code such as ``1.000656`` or a phone number such as
``0239386123`` keeps its text. A Markdown file carries YAML front matter between '---' lines.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Report
from ..text.vietnamese import nfc
from .placeholders import find as find_placeholders
from .yaml_errors import explain

Path_ = tuple  # a path into a document: ("methods", 0, "fee")

# The C parser (libyaml, shipped in the PyYAML wheels); the pure-Python one where it is missing.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class RawDocument:
    """One content file: its data as plain Python values, and where each value stands.

    Once validated (``model`` set), a document kept for a later build keeps its model and
    body, not its data and positions: those are read again from the file (whose bytes are
    the same: the digest says so) only if a message must point into it."""

    path: Path
    display: str
    data: Any
    positions: dict[Path_, tuple[int, int]] | None = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] | None = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    digest: str = ""  # of the file's bytes: the parse cache and page dependencies use it
    model: Any = None  # the validated model, once validate_document has accepted the file
    top_keys: dict[str, tuple[int, int]] = field(default_factory=dict)  # kept once validated
    placeholders: tuple[tuple[int, int, str], ...] = ()  # (line, column, marker): staff notes left in

    @functools.cached_property
    def slug(self) -> str:
        return self.path.stem

    def where(self, loc: Path_) -> tuple[int, int]:
        """The position of the value at ``loc``, or of its nearest located parent."""
        positions = self._located().positions
        loc = tuple(loc)
        while loc:
            if loc in positions:
                return positions[loc]
            loc = loc[:-1]
        return positions.get((), (1, 1))

    def where_key(self, loc: Path_) -> tuple[int, int]:
        return self._located().key_positions.get(tuple(loc)) or self.where(loc)

    def where_top_key(self, key: str) -> tuple[int, int] | None:
        """Where a top-level key is written, None when it is not (kept once validated, so
        that a message about a key needs no second read of the file)."""
        if self.positions is None:
            return self.top_keys.get(key)
        return self.key_positions.get((key,))

    def _located(self) -> RawDocument:
        if self.positions is None:
            self.positions, self.key_positions = {}, {}
            try:
                text = read_text(self.path.read_bytes(), self.display, Report())
            except OSError:
                text = None
            if text is not None:
                fresh = parse_text(self.path, self.display, text, Report())
                if fresh is not None:
                    self.positions, self.key_positions = fresh.positions, fresh.key_positions
        return self

    def fresh_data(self) -> Any:
        """The document's data, read again from its file if it was let go once validated
        (a unit's override is applied on top of it)."""
        if self.data is not None:
            return self.data
        try:
            text = read_text(self.path.read_bytes(), self.display, Report())
        except OSError:
            return None
        fresh = parse_text(self.path, self.display, text, Report()) if text is not None else None
        return fresh.data if fresh is not None else None

    def validated(self, model) -> None:
        """The file is valid as ``model``: its data and positions are no longer kept (read again
        from the file only if a message must point into it), but for its top-level keys'."""
        self.top_keys = {loc[0]: at for loc, at in (self.key_positions or {}).items() if len(loc) == 1}
        self.model, self.data, self.positions, self.key_positions = model, None, None, None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if self.model is not None:
            state.update(data=None, positions=None, key_positions=None)
        return state


# --- YAML ----------------------------------------------------------------------------

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "false": False}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

class _Converter:
    """Turns a YAML node tree into plain values, recording positions as it goes."""

    def __init__(self, doc: RawDocument, report: Report, line_offset: int, text: str):
        self.doc, self.report, self.offset, self.text = doc, report, line_offset, text
        self.seen: set[int] = set()  # nodes converted: one met again was reached by an alias
        self.failed = False

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def convert(self, node, loc: Path_ = (), depth: int = 0) -> Any:
        self.doc.positions[loc] = self.mark(node)
        if id(node) in self.seen:
            self._alias()
            return None
        self.seen.add(id(node))
        if depth > 50:
            line, col = self.mark(node)
            self.failed = True
            self.report.error(self.doc.display, line, col, "cấu trúc lồng nhau quá sâu",
                              "Bỏ các tham chiếu '*' vòng tròn.")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def _alias(self) -> None:
        """Aliases ('*name') repeat a value anchored elsewhere ('&name'): a few lines of them can
        stand for billions of values, so content may not use them (reported once per file, where
        the first alias is)."""
        if self.failed:
            return
        self.failed = True
        where = next((e.start_mark for e in yaml.parse(self.text, Loader=_LOADER) if isinstance(e, yaml.AliasEvent)), None)
        line, col = (where.line + 1 + self.offset, where.column + 1) if where else (1 + self.offset, 1)
        self.report.error(self.doc.display, line, col, "không dùng được tham chiếu '*' tới neo '&' trong nội dung",
                          "Viết đầy đủ giá trị ở mỗi chỗ cần dùng, bỏ '&tên' và '*tên'.")

    def mapping(self, node, loc: Path_, depth: int) -> dict:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = self.mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.report.error(self.doc.display, line, col, "tên khóa phải là chữ, không phải danh sách hay bảng",
                                  "Viết dạng 'khóa: giá trị'.")
                continue
            key = nfc(str(key_node.value))
            if key == "<<":
                self.report.error(self.doc.display, line, col, "không hỗ trợ gộp khóa '<<'",
                                  "Viết đầy đủ các khóa thay vì dùng '<<: *tên'.")
                continue
            if key in result:
                first = self.doc.key_positions[loc + (key,)]
                self.report.error(self.doc.display, line, col, f"khóa '{key}' bị lặp lại (đã có ở dòng {first[0]})",
                                  "Mỗi khóa chỉ được viết một lần; xóa hoặc gộp hai dòng.")
                continue
            self.doc.key_positions[loc + (key,)] = (line, col)
            result[key] = self.convert(value_node, loc + (key,), depth + 1)
        return result

    @staticmethod
    def scalar(node) -> Any:
        text = nfc(node.value)
        if node.style:  # quoted or block scalar: always text
            return text
        if text in _NULLS:
            return None
        if text.lower() in _BOOLS:
            return _BOOLS[text.lower()]
        if _INT.match(text):
            return int(text)
        if _ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # validation reports the impossible date
        return text


def parse_yaml(doc: RawDocument, text: str, report: Report, line_offset: int = 0) -> bool:
    """Parse ``text`` into ``doc.data``; report a located error and return False on failure."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        line, col, message, hint = explain(exc, text)
        report.error(doc.display, line + line_offset, col, message, hint)
        return False
    except yaml.YAMLError as exc:
        report.error(doc.display, 1 + line_offset, 1, f"cú pháp YAML không hợp lệ ({exc})",
                     "Kiểm tra lại tệp.")
        return False
    if node is None:
        doc.data = None
        return True
    converter = _Converter(doc, report, line_offset, text)
    doc.data = converter.convert(node)
    return not converter.failed


# --- text ----------------------------------------------------------------------------

def read_text(data: bytes, display: str, report: Report) -> str | None:
    """A content file's bytes as NFC text; report non-UTF-8 and empty files."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        report.error(display, line, col,
                     f"tệp không được lưu bằng bảng mã UTF-8 (byte 0x{data[exc.start]:02x} không đọc được)",
                     "Mở tệp và lưu lại với bảng mã UTF-8 (trong Notepad: Lưu thành… > Mã hóa: UTF-8).")
        return None
    if not text.strip():
        report.error(display, 1, 1, "tệp rỗng", "Điền nội dung hoặc xóa tệp này.")
        return None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_text(path: Path, display: str, text: str, report: Report) -> RawDocument | None:
    """A YAML file, or a Markdown file (by its suffix) with front matter."""
    if path.suffix.lower() == ".md":
        return _parse_markdown(path, display, text, report)
    doc = RawDocument(path=path, display=display, data=None)
    if not parse_yaml(doc, text, report):
        return None
    doc.placeholders = find_placeholders(text)
    return doc


_FENCE = re.compile(r"^(---|\.\.\.)\s*$")


def _parse_markdown(path: Path, display: str, text: str, report: Report) -> RawDocument | None:
    doc = RawDocument(path=path, display=display, data=None)
    lines = text.split("\n")
    if not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        report.error(doc.display, 1, 1, "thiếu phần thông tin đầu tệp (front matter)",
                     "Tệp phải bắt đầu bằng một dòng '---', các khóa như 'title: ...', rồi một dòng '---'.")
        return None
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        report.error(doc.display, 1, 1, "phần thông tin đầu tệp mở bằng '---' ở dòng 1 nhưng không có dòng '---' đóng lại",
                     "Thêm một dòng chỉ có '---' sau khóa cuối cùng của phần đầu tệp.")
        return None
    if not parse_yaml(doc, "\n".join(lines[1:end]), report, line_offset=1):
        return None
    if doc.data is None:
        doc.data = {}
        doc.positions[()] = (1, 1)
    doc.body = "\n".join(lines[end + 1:])
    doc.body_line = end + 2
    doc.placeholders = find_placeholders(text, yaml_lines=end + 1)
    return doc
