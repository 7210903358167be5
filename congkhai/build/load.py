"""Load: find and read every content file of a unit. File I/O for content happens here and
nowhere else.

``read_content`` lists each file with its stat signature; its bytes are read when first asked
for; ``parse_document`` turns one into a raw document (build/parse.py); ``RawContent.of``
groups the documents by kind for validation. Between the two, a build may take a document
from an earlier build of the same file with the same signature or the same bytes instead of
parsing it again (the parse cache).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Report, display_path
from .parse import RawDocument, parse_text, read_text

YAML_SUFFIXES = (".yaml", ".yml")
_IGNORED = re.compile(r"^(\.|~\$)|(~|\.swp|\.bak|\.tmp)$")
# The unit's own files, then its folders of one file per item, with the suffixes each takes.
SINGLE_FILES = ("site", "agencies", "fields", "search")
FOLDERS = (("procedures", YAML_SUFFIXES), ("decisions", YAML_SUFFIXES), ("feedback", YAML_SUFFIXES),
           ("plans", (".md",)), ("pages", (".md",)))


@dataclass(frozen=True)
class ContentFile:
    """One content file: its kind (the folder or file name it belongs to), where it is, and
    its size, times and inode (any write changes the change time)."""

    kind: str  # site, agencies, fields, search, procedures, decisions, feedback, plans, pages
    path: Path
    display: str  # as staff see it in messages
    signature: tuple[int, int, int, int]
    layer: str = ""  # in a tree of units: "shared" (the common catalogue) or "unit" (units/<unit>/)

    @functools.cached_property
    def data(self) -> bytes | None:
        """The file's bytes, read on first use; None when it cannot be read."""
        try:
            with open(self.path, "rb") as handle:
                return handle.read()
        except OSError:
            return None

    @functools.cached_property
    def digest(self) -> str | None:
        return None if self.data is None else hashlib.blake2b(self.data, digest_size=16).hexdigest()

    @property
    def quick_key(self) -> tuple:
        """Where the file is and its signature (no read): equal keys, equal bytes."""
        return str(self.path), self.display, self.signature

    @property
    def key(self) -> tuple:
        """What a document made from this file depends on: where it is and its bytes."""
        return str(self.path), self.display, self.digest


class DocumentFiles:
    """The source documents in content/documents/ (decisions, exports a content was compared
    with): their names, and each one's sha256, read when first asked for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.names = frozenset(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) \
            if folder.is_dir() else frozenset()
        self._sha256: dict[str, str | None] = {}

    def sha256(self, name: str) -> str | None:
        """The file's sha256, None when it cannot be read."""
        if name not in self._sha256:
            try:
                self._sha256[name] = hashlib.sha256((self.folder / name).read_bytes()).hexdigest()
            except OSError:
                self._sha256[name] = None
        return self._sha256[name]


@dataclass
class Sources:
    """Every content file of a unit, the names of its form files and its source documents."""

    root: Path
    files: list[ContentFile] = field(default_factory=list)
    forms: frozenset[str] = frozenset()
    documents: DocumentFiles | None = None
    unit: str | None = None  # one unit of a tree of units (content/units/<unit>/)


@dataclass
class UnitLayer:
    """A unit's own files where the common catalogue has its files too (DESIGN.md "Units"):
    they are put together in validation, which knows the unit's levels and roles."""

    id: str
    publisher: RawDocument | None = None  # content/site.yaml of a tree of units
    agencies: RawDocument | None = None
    fields: RawDocument | None = None
    search: RawDocument | None = None
    procedures: list[RawDocument] = field(default_factory=list)  # overrides and the unit's own


@dataclass
class RawContent:
    """Every content file of a unit, parsed but not yet validated."""

    root: Path
    site: RawDocument | None = None
    agencies: RawDocument | None = None
    fields: RawDocument | None = None
    search: RawDocument | None = None  # search.yaml: the unit's search vocabulary
    procedures: list[RawDocument] = field(default_factory=list)
    decisions: list[RawDocument] = field(default_factory=list)
    plans: list[RawDocument] = field(default_factory=list)
    feedback: list[RawDocument] = field(default_factory=list)
    pages: list[RawDocument] = field(default_factory=list)
    forms: frozenset[str] = frozenset()
    documents: DocumentFiles | None = None  # content/documents/
    unit: UnitLayer | None = None  # building one unit of a tree of units
    # kind -> the names (file stems) of files that could not be read or parsed: their mistakes
    # are reported once, and a reference to one of them is not reported as missing again
    failed: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, sources: Sources, documents: list[RawDocument | None]) -> RawContent:
        """The documents made from ``sources.files`` (in that order; None where a file failed)."""
        raw = cls(root=sources.root, forms=sources.forms, documents=sources.documents)
        if sources.unit is not None:
            raw.unit = UnitLayer(sources.unit)
        for file, doc in zip(sources.files, documents):
            if doc is None:
                raw.failed.setdefault(file.kind, set()).add(file.path.stem)
                continue
            if file.layer == "shared" and file.kind == "site":
                raw.unit.publisher = doc
            elif file.layer == "unit" and (file.kind in ("agencies", "fields", "search", "procedures")):
                if file.kind == "procedures":
                    raw.unit.procedures.append(doc)
                else:
                    setattr(raw.unit, file.kind, doc)
            elif file.kind in SINGLE_FILES:
                setattr(raw, file.kind, doc)
            else:
                getattr(raw, file.kind).append(doc)
        return raw


def content_stamp(root: Path, unit: str | None = None) -> str:
    """A digest of every file under the content folder (hidden ones aside): its path, size and
    time. A build records it; deploy compares it, to refuse output older than its content.
    With ``unit``: the common catalogue and that unit's folder, not the other units'."""
    h = hashlib.blake2b(digest_size=16)
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if unit is not None and folder == os.path.join(str(root), UNITS):
            dirs[:], names = [d for d in dirs if d == unit], []
        for name in sorted(n for n in names if not n.startswith(".")):
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            h.update(f"{os.path.relpath(path, root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


UNITS = "units"  # content/units/<unit>/: the units of a tree of units
SHARED_FOLDERS = ("procedures", "decisions")  # of a tree of units: the common catalogue


def unit_folder(root: Path, unit: str) -> Path:
    return root / UNITS / unit


def display_prefix(root: Path) -> str:
    """What staff see before a content file's path under ``root`` ("content/", or "")."""
    shown = display_path(root)
    return "" if shown == "." else shown.rstrip("/") + "/"


def suffixes_of(kind: str) -> tuple[str, ...]:
    """The file suffixes a folder of one file per item takes (plans and pages: .md)."""
    return dict(FOLDERS).get(kind, YAML_SUFFIXES)


def read_content(root: Path, report: Report, unit: str | None = None) -> Sources:
    """Read every content file under ``root``; mistakes (a missing site.yaml, a file that cannot
    be read, a file of the wrong type) go to ``report``. With ``unit``, ``root`` is a tree of
    units: its common catalogue, and the files of content/units/<unit>/."""
    sources = Sources(root=root, unit=unit)
    prefix = display_prefix(root)
    if unit is None:
        _read_layer(sources, root, prefix, "", FOLDERS, report)
    else:
        _read_layer(sources, root, prefix, "shared", [f for f in FOLDERS if f[0] in SHARED_FOLDERS], report)
        _read_layer(sources, unit_folder(root, unit), f"{prefix}{UNITS}/{unit}/", "unit", FOLDERS, report)
    sources.forms = form_names(root) | (form_names(unit_folder(root, unit)) if unit is not None else frozenset())
    sources.documents = DocumentFiles(root / "documents")
    return sources


def form_names(root: Path) -> frozenset[str]:
    """The form files under ``root``/forms, as content names them ("to-khai.docx")."""
    forms = root / "forms"
    return frozenset(p.relative_to(forms).as_posix() for p in forms.rglob("*") if p.is_file()) \
        if forms.is_dir() else frozenset()


def _read_layer(sources: Sources, root: Path, prefix: str, layer: str, folders, report: Report) -> None:
    for name in SINGLE_FILES:
        path = root / f"{name}.yaml"
        if path.is_file():
            _read(sources, name, path, prefix + path.name, report, layer)
        elif name == "site":
            report.error(prefix + path.name, 1, 1, "thiếu tệp site.yaml (thông tin đơn vị)",
                         "Tạo tệp site.yaml với ít nhất các khóa name và level.")
    for name, suffixes in folders:
        folder = root / name
        for entry in _folder_files(folder, suffixes, prefix + name + "/", report):
            _read(sources, name, folder / entry.name, f"{prefix}{name}/{entry.name}", report, layer)


def _read(sources: Sources, kind: str, path: Path, display: str, report: Report, layer: str = "") -> None:
    try:
        stat = os.stat(path)
    except OSError as exc:
        report.error(display, 1, 1, f"không đọc được tệp ({exc.strerror})", "Kiểm tra quyền đọc của tệp.")
        return
    sources.files.append(ContentFile(kind, path, display, (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino),
                                     layer))


def _folder_files(folder: Path, suffixes: tuple[str, ...], shown: str, report: Report) -> list[os.DirEntry]:
    """The content files of one folder in name order (one scan); other files are reported."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for entry in entries:
        if _IGNORED.search(entry.name) or entry.is_dir():
            continue
        if entry.name.lower().endswith(suffixes):  # (names starting with a dot were skipped)
            found.append(entry)
        else:
            report.warning(shown + entry.name, 1, 1, "tệp bị bỏ qua vì không đúng loại",
                           f"Thư mục này chỉ đọc các tệp {' hoặc '.join(suffixes)}.")
    return found


def parse_document(file: ContentFile, report: Report) -> RawDocument | None:
    """The raw document of one content file; its mistakes go to ``report``."""
    if file.data is None:
        try:
            file.path.read_bytes()
        except OSError as exc:
            report.error(file.display, 1, 1, f"không đọc được tệp ({exc.strerror})", "Kiểm tra quyền đọc của tệp.")
            return None
    text = read_text(file.data, file.display, report)
    if text is None:
        return None
    doc = parse_text(file.path, file.display, text, report)
    if doc is not None:
        doc.digest = file.digest
    return doc
