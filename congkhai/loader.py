"""Load content files into raw documents that remember the line and column of every value.

File I/O for content happens here and nowhere else. YAML is parsed with PyYAML's C
parser into nodes; scalars are resolved by our own small rules (see ``_scalar``) so that
a code such as ``1.000656`` or a phone number such as ``0239386123`` keeps its text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Report, display_path
from .vietnamese import nfc

Path_ = tuple  # a path into a document: ("methods", 0, "fee")

YAML_SUFFIXES = (".yaml", ".yml")
# The C parser (libyaml, shipped in the PyYAML wheels); the pure-Python one where it is missing.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IGNORED = re.compile(r"^(\.|~\$)|(~|\.swp|\.bak|\.tmp)$")


@dataclass
class RawDocument:
    """One content file: its data as plain Python values, and where each value stands."""

    path: Path
    display: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    digest: str = ""  # of the file's bytes: the parse cache and page dependencies use it
    model: Any = None  # the validated model, once validate_document has accepted the file

    @functools.cached_property
    def slug(self) -> str:
        return self.path.stem

    def where(self, loc: Path_) -> tuple[int, int]:
        """The position of the value at ``loc``, or of its nearest located parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))

    def where_key(self, loc: Path_) -> tuple[int, int]:
        return self.key_positions.get(tuple(loc)) or self.where(loc)


@dataclass
class RawContent:
    """Every content file of a unit, loaded but not yet validated."""

    root: Path
    site: RawDocument | None = None
    agencies: RawDocument | None = None
    fields: RawDocument | None = None
    procedures: list[RawDocument] = field(default_factory=list)
    decisions: list[RawDocument] = field(default_factory=list)
    plans: list[RawDocument] = field(default_factory=list)
    feedback: list[RawDocument] = field(default_factory=list)
    pages: list[RawDocument] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)


# --- YAML ----------------------------------------------------------------------------

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "false": False}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_YAML_PROBLEMS = [
    ("found character '\\t'", "có ký tự tab (Tab) ở đầu dòng hoặc giữa dòng",
     "YAML chỉ chấp nhận dấu cách để thụt lề: thay mỗi Tab bằng dấu cách."),
    ("mapping values are not allowed", "dấu hai chấm ':' đặt sai chỗ",
     "Nếu giá trị có dấu ':', hãy đặt cả giá trị trong dấu nháy kép \"...\"; "
     "kiểm tra thụt lề của dòng này so với dòng trên."),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên khóa",
     "Mỗi dòng viết dạng 'khóa: giá trị'; kiểm tra dòng này và dòng trên."),
    ("found unexpected end of stream", "dấu nháy mở nhưng chưa đóng",
     "Thêm dấu nháy đóng (\" hoặc ') ở cuối giá trị."),
    ("while scanning a quoted scalar", "dấu nháy mở nhưng chưa đóng",
     "Thêm dấu nháy đóng (\" hoặc ') ở cuối giá trị."),
    ("expected <block end>", "thụt lề không thẳng hàng",
     "Các khóa cùng cấp phải thụt lề bằng nhau (cùng số dấu cách)."),
    ("did not find expected key", "thụt lề không thẳng hàng",
     "Các khóa cùng cấp phải thụt lề bằng nhau (cùng số dấu cách)."),
    ("did not find expected '-' indicator", "danh sách thụt lề không thẳng hàng",
     "Các mục của danh sách bắt đầu bằng '- ' và thẳng hàng với nhau."),
    ("found undefined alias", "tham chiếu '*' tới neo '&' không tồn tại",
     "Kiểm tra tên sau dấu '*' hoặc bỏ dấu '*'."),
    ("expected a single document", "tệp có nhiều hơn một tài liệu YAML (dòng '---')",
     "Mỗi tệp chỉ chứa một mục; bỏ dòng '---' hoặc tách thành nhiều tệp."),
    ("found character '@' that cannot start any token", "giá trị không được bắt đầu bằng '@'",
     "Đặt giá trị trong dấu nháy kép \"...\"."),
    ("found character '`' that cannot start any token", "giá trị không được bắt đầu bằng '`'",
     "Đặt giá trị trong dấu nháy kép \"...\"."),
]


def _yaml_error_text(problem: str) -> tuple[str, str]:
    for needle, message, hint in _YAML_PROBLEMS:
        if needle in problem:
            return message, hint
    return (f"cú pháp YAML không hợp lệ ({problem})",
            "Kiểm tra thụt lề, dấu ':' và dấu nháy ở dòng này và dòng trên.")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _unbalanced_quote_line(text: str, before: int) -> int | None:
    """The first line (1-based) before line index ``before`` with an odd number of '"'."""
    for number, line in enumerate(text.split("\n")[:before], start=1):
        if line.lstrip().startswith("#"):
            continue
        if (line.count('"') - line.count('\\"')) % 2 == 1:
            return number
    return None


class _Converter:
    """Turns a YAML node tree into plain values, recording positions as it goes."""

    def __init__(self, doc: RawDocument, report: Report, line_offset: int):
        self.doc, self.report, self.offset = doc, report, line_offset

    def mark(self, node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def convert(self, node, loc: Path_ = (), depth: int = 0) -> Any:
        self.doc.positions[loc] = self.mark(node)
        if depth > 50:
            line, col = self.mark(node)
            self.report.error(self.doc.display, line, col, "cấu trúc lồng nhau quá sâu",
                              "Bỏ các tham chiếu '*' vòng tròn.")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, loc + (i,), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

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
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in str(exc.context or ""):
            mark = exc.context_mark  # point at the opening quote, not the end of the file
        line, col = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
        message, hint = _yaml_error_text(str(exc.problem or exc.context or exc))
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            message, hint = _YAML_PROBLEMS[0][1:]
        elif mark and (open_line := _unbalanced_quote_line(text, mark.line)) is not None:
            hint += (f" Dòng {open_line + line_offset} có dấu nháy kép \" mở mà chưa đóng: "
                     "lỗi thật có thể nằm ở đó.")
        report.error(doc.display, line, col, message, hint)
        return False
    except yaml.YAMLError as exc:
        report.error(doc.display, 1 + line_offset, 1, f"cú pháp YAML không hợp lệ ({exc})",
                     "Kiểm tra lại tệp.")
        return False
    if node is None:
        doc.data = None
        return True
    doc.data = _Converter(doc, report, line_offset).convert(node)
    return True


# --- files ---------------------------------------------------------------------------

def read_bytes(path: Path, display: str, report: Report) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        report.error(display, 1, 1, f"không đọc được tệp ({exc.strerror})",
                     "Kiểm tra quyền đọc của tệp.")
        return None


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_text(path: Path, display: str, report: Report, data: bytes | None = None) -> str | None:
    """Read a content file as NFC text; report non-UTF-8 and empty files."""
    if data is None:
        data = read_bytes(path, display, report)
    if data is None:
        return None
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


def load_yaml_file(path: Path, report: Report, data: bytes | None = None) -> RawDocument | None:
    doc = RawDocument(path=path, display=display_path(path), data=None)
    text = read_text(path, doc.display, report, data)
    if text is None or not parse_yaml(doc, text, report):
        return None
    return doc


_FENCE = re.compile(r"^(---|\.\.\.)\s*$")


def load_markdown_file(path: Path, report: Report, data: bytes | None = None) -> RawDocument | None:
    """A Markdown file with YAML front matter between '---' lines."""
    doc = RawDocument(path=path, display=display_path(path), data=None)
    text = read_text(path, doc.display, report, data)
    if text is None:
        return None
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
    return doc


def _content_files(folder: Path, suffixes: tuple[str, ...], report: Report,
                   stat: bool = True) -> list[tuple[str, os.stat_result | None]]:
    """The content files of one folder in name order, each with its stat (one scan, no open;
    ``stat=False``: no stat, None)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        if _IGNORED.search(entry.name) or entry.is_dir():
            continue
        if entry.name.lower().endswith(suffixes):  # (names starting with a dot were skipped)
            try:
                found.append((entry.path, entry.stat() if stat else None))
            except OSError:
                found.append((entry.path, None))
        else:
            report.warning(display_path(Path(entry.path)), 1, 1, "tệp bị bỏ qua vì không đúng loại",
                           f"Thư mục này chỉ đọc các tệp {' hoặc '.join(suffixes)}.")
    return found


class CachedDocument(RawDocument):
    """A file whose bytes were validated by an earlier build: its model comes from the parse
    cache; positions (needed only to point at a cross-reference error) are read on demand."""

    def _located(self) -> RawDocument:
        if not self.positions:
            load = load_markdown_file if self.path.suffix.lower() == ".md" else load_yaml_file
            fresh = load(self.path, Report())
            if fresh is not None:
                self.positions, self.key_positions = fresh.positions, fresh.key_positions
        return self

    def where(self, loc: Path_) -> tuple[int, int]:
        return RawDocument.where(self._located(), loc)

    def where_key(self, loc: Path_) -> tuple[int, int]:
        return RawDocument.where_key(self._located(), loc)


def _load_document(path: str, report: Report, parsed: dict | None, stats: dict | None = None,
                   stat: os.stat_result | None = None, documents: dict | None = None,
                   saved: set[str] | None = None) -> RawDocument | None:
    """One content file; from ``parsed`` (digest -> (model, body, body_line)) when its bytes
    are known, else read and parsed. ``stats`` (path -> (stat signature, digest)) spares
    reading a file whose size, times and inode are as an earlier build saw them;
    ``documents`` (path -> (stat signature, document), kept in memory by the preview server)
    spares making its document again; with ``saved`` (the only files written since those
    documents were made), a file not in it is not even looked at."""
    if saved is not None and documents is not None and parsed is not None and path not in saved:
        seen = documents.get(path)
        if seen is not None and seen[1].digest in parsed:
            return seen[1]
    if stat is None and saved is not None:
        try:
            stat = os.stat(path)
        except OSError:
            stat = None
    signature = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino) if stat is not None else None
    if documents is not None and signature is not None and parsed is not None:
        seen = documents.get(path)
        if seen is not None and seen[0] == signature and seen[1].digest in parsed:
            return seen[1]
    known = stats.get(path) if stats is not None and signature is not None else None
    if known is not None and known[0] == signature and parsed is not None and known[1] in parsed:
        digest = known[1]
    else:
        data = read_bytes(Path(path), display_path(Path(path)), report)
        if data is None:
            return None
        digest = file_digest(data)
        if stats is not None and signature is not None:
            stats[path] = (signature, digest)
        if parsed is None or digest not in parsed:
            load = load_markdown_file if path.lower().endswith(".md") else load_yaml_file
            doc = load(Path(path), report, data)
            if doc is not None:
                doc.digest = digest
            return doc
    model, body, body_line = parsed[digest]
    doc = CachedDocument(path=Path(path), display=display_path(Path(path)), data=None, body=body, body_line=body_line,
                         digest=digest, model=model)
    if documents is not None and signature is not None:
        documents[path] = (signature, doc)
    return doc


def remember_documents(raw: RawContent, stats: dict, documents: dict) -> None:
    """Keep in ``documents`` (see _load_document) the files this load read and parsed and that
    validated, as cached documents: the next load reuses them like the others."""
    for doc in (*raw.procedures, *raw.decisions, *raw.feedback, *raw.plans, *raw.pages):
        path = str(doc.path)
        if doc.model is not None and not isinstance(doc, CachedDocument) and path in stats:
            signature, digest = stats[path]
            if digest == doc.digest:
                documents[path] = (signature, CachedDocument(path=doc.path, display=doc.display, data=None, body=doc.body,
                                                             body_line=doc.body_line, digest=digest, model=doc.model))


def load_content(root: Path, report: Report, parsed: dict | None = None, stats: dict | None = None,
                 documents: dict | None = None, saved: set[str] | None = None) -> RawContent:
    """Read every content file under ``root``; mistakes go to ``report``.

    ``parsed`` is the parse cache of an earlier build (digest -> (model, body, body_line)):
    a file with the same bytes is not parsed or validated again; ``stats`` (see
    ``_load_document``) is updated in place, and so is ``documents``; ``saved`` see there.
    """
    raw = RawContent(root=root)
    site_path = root / "site.yaml"
    if site_path.is_file():
        raw.site = _load_document(str(site_path), report, None)
    else:
        report.error(display_path(site_path), 1, 1, "thiếu tệp site.yaml (thông tin đơn vị)",
                     "Tạo tệp site.yaml với ít nhất các khóa name và level.")
    for name in ("agencies", "fields"):
        path = root / f"{name}.yaml"
        if path.is_file():
            setattr(raw, name, _load_document(str(path), report, None))
    for name, suffixes in (("procedures", YAML_SUFFIXES), ("decisions", YAML_SUFFIXES),
                           ("feedback", YAML_SUFFIXES), ("plans", (".md",)), ("pages", (".md",))):
        docs = [_load_document(p, report, parsed, stats, stat, documents, saved)
                for p, stat in _content_files(root / name, suffixes, report, stat=saved is None)]
        setattr(raw, name, [d for d in docs if d is not None])
    forms = root / "forms"
    if forms.is_dir():
        raw.forms = {p.relative_to(forms).as_posix() for p in forms.rglob("*") if p.is_file()}
    return raw
