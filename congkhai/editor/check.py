"""Validation of a form's content before it is saved: the proposed text of one file, put in
place of the file on disk, goes through the same load and validation as ``check`` together
with every other content file, so the messages are check's own. Each message is then placed
next to the form field it is about, by the line it points to."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..build.load import ContentFile, RawContent, display_prefix, parse_document, read_content
from ..build.parse import parse_text
from ..build.validate import validate
from ..diagnostics import Diagnostic, Report
from ..units.tree import is_unit_tree, unit_ids
from .paths import Target


@dataclass
class Verdict:
    """What check says of a proposed file: its messages, by form field ("" when a message is
    about the file as a whole)."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    elsewhere: list[str] = field(default_factory=list)  # errors this change makes in other files

    @property
    def ok(self) -> bool:
        return not self.errors and not self.elsewhere

    def as_json(self) -> dict:
        return {"errors": self.errors, "warnings": self.warnings, "elsewhere": self.elsewhere}


class Checker:
    """Keeps each unchanged file's parsed document between checks (as a build cache does), so
    a check while typing parses only the file being edited."""

    def __init__(self, content: Path):
        self.content = content
        self._documents: dict[tuple, object] = {}
        self._used: set[tuple] = set()  # the files the current check read
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None

    def start_warming(self) -> None:
        """Parse and validate every content file once, in the background, as the first check
        would: started when staff open the editor, so that checks while typing are quick from
        the first key (6 s at 10,000 procedures otherwise spent on it)."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._warm, daemon=True, name="congkhai-editor-warm")
            self._warming.start()

    def _warm(self) -> None:
        with self._lock:
            self._used = set()
            unit = self._units(None, False, None)[0]
            report = Report()
            sources = read_content(self.content, report, unit)
            validate(RawContent.of(sources, [self._document(f, report) for f in sources.files]), report)

    def check(self, target: Target, text: str, every_unit: bool = False, unit: str | None = None) -> Verdict:
        """Check's messages for ``text`` in place of ``target``'s file. In a tree of units, a
        unit's file is checked in its unit; a common file in ``unit`` (default: the first),
        or in every unit when ``every_unit``."""
        units = self._units(target, every_unit, unit)
        verdict, seen = Verdict(), set()
        with self._lock:
            self._used = set()
            for one in units:
                report, display, doc = self._validate(target, text, one)
                _sort(verdict, report, display, doc, seen)
            if verdict.elsewhere:  # only what this change breaks, not what was wrong before it
                disk = target.path.read_text(encoding="utf-8", errors="replace") if target.path.is_file() else None
                before = {d.format() for one in units for d in self._validate(target, disk, one)[0].errors}
                verdict.elsewhere = [e for e in verdict.elsewhere if e not in before]
            if len(self._documents) > 2 * len(self._used):  # files changed or gone since: let them go
                self._documents = {k: v for k, v in self._documents.items() if k in self._used}
        return verdict

    def _units(self, target: Target | None, every_unit: bool, unit: str | None) -> list[str | None]:
        """The units to check ``target`` in ([None]: a content folder of one unit)."""
        every = unit_ids(self.content) if is_unit_tree(self.content) else []
        if not every:
            return [None]
        if target is not None and target.unit:
            return [target.unit]
        if every_unit:
            return every
        return [unit if unit in every else every[0]]

    def _validate(self, target: Target, text: str | None, unit: str | None):
        report = Report()
        sources = read_content(self.content, report, unit)
        display = _display(self.content, target.rel)
        files = [f for f in sources.files if f.display != display]  # the file on disk gives way to the proposal
        documents = [self._document(f, report) for f in files]
        proposed = parse_text(target.path, display, text, report) if text is not None else None
        if proposed is not None:
            kind = target.kind.name
            layer = ("unit" if target.unit else "shared") if unit is not None else ""
            files.append(ContentFile(kind, target.path, display, (0, 0, 0, 0), layer))
            documents.append(proposed)
        validate(RawContent.of(dataclasses.replace(sources, files=files), documents), report)
        return report, display, proposed

    def _document(self, file: ContentFile, report: Report):
        self._used.add(file.quick_key)
        doc = self._documents.get(file.quick_key)
        if doc is None:
            doc = parse_document(file, report)
            if doc is not None:
                self._documents[file.quick_key] = doc
        return doc


def _display(content: Path, rel: str) -> str:
    return display_prefix(content) + rel


def _sort(verdict: Verdict, report: Report, display: str, doc, seen: set) -> None:
    lines = _fields_by_line(doc)
    for d in report.sorted():
        text = d.format()
        if text in seen:
            continue
        seen.add(text)
        if d.path != display:
            if d.severity == "lỗi":
                verdict.elsewhere.append(text)
            continue
        name = lines.get(d.line, "")
        table = verdict.errors if d.severity == "lỗi" else verdict.warnings
        table.setdefault(name, []).append(_message(d))


def _message(d: Diagnostic) -> str:
    return f"dòng {d.line}: {d.message}" + (f" — gợi ý: {d.hint}" if d.hint else "")


def _fields_by_line(doc) -> dict[int, str]:
    """line -> the form field written on it (the deepest key or item that starts there)."""
    if doc is None:
        return {}
    found: dict[int, tuple[int, str]] = {}
    for table in (doc.positions or {}, doc.key_positions or {}):
        for loc, (line, _col) in table.items():
            if loc and (line not in found or len(loc) > found[line][0]):
                found[line] = (len(loc), ".".join(map(str, loc)))
    if doc.body:
        for i in range(doc.body.count("\n") + 1):
            found.setdefault(doc.body_line + i, (0, "body"))
    return {line: name for line, (_depth, name) in found.items()}
