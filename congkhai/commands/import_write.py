"""Writing what an import made (`import docx|pdf|xlsx`): new procedure files, per-element updates
of existing ones, the agencies and fields it proposes; nothing at all unless the content with
them passes `check` (tried on a copy first).

An existing procedure file is updated, never replaced: only the elements the import has change
(a diff per element, written with --force); the other elements, staff-added keys, the unit's
own agency and field ids, comments and key order stay (ruamel.yaml). An update that takes effect
later is not written into the file in force.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..annex.procedure import Directory
from ..diagnostics import Report
from ..model.content import LABELS
from ..text.vietnamese import format_short_date


@dataclass
class ProcedureReport:
    code: str
    name: str
    status: str  # "mới", "cập nhật", "không đổi", "chờ --force"
    found: list[str]
    missing: list[str]
    unplaced: list[str]
    diff: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    decision: str | None = None  # the decision file written, when the import made one
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    procedures: list[ProcedureReport] = field(default_factory=list)
    proposed: dict[str, dict[str, str]] = field(default_factory=dict)  # agencies.yaml / fields.yaml -> id -> name
    errors: list[str] = field(default_factory=list)  # what `check` says of the result: nothing written


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


class ImportWriter:
    """Collects the files of one import; ``finish`` checks them together and writes them."""

    def __init__(self, content: Path, force: bool, today: dt.date, source: str, what: str = "quyết định này"):
        self.content, self.force, self.today, self.source, self.what = content, force, today, source, what
        self.yaml = _yaml()
        self.files: dict[Path, str | bytes] = {}
        self.result = ImportResult()
        self.documents = {}
        for name in ("agencies.yaml", "fields.yaml"):
            self.documents[name] = _load(self.yaml, content / name) or CommentedSeq()
        self.agencies = Directory.of(list(self.documents["agencies.yaml"]), aliases=True)
        self.fields = Directory.of(list(self.documents["fields.yaml"]), aliases=True)
        forms = content / "forms"
        self.forms = {p.relative_to(forms).as_posix() for p in forms.rglob("*") if p.is_file()} if forms.is_dir() else set()

    def add(self, target: Path, data: str | bytes) -> None:
        self.files[target] = data

    def source_of(self, path: Path) -> dict:
        """The file imported, copied into content/documents/ (unless the same is there): what
        each file's ``sources`` says of it."""
        data = path.read_bytes()
        document = re.sub(r"[^\w.-]+", "-", path.name)
        stored = self.content / "documents" / document
        if not stored.is_file() or stored.read_bytes() != data:
            self.add(stored, data)
        return {"document": document, "sha256": hashlib.sha256(data).hexdigest(), "checked": self.today}

    def procedure(self, new: dict, found: list[str], unplaced: list[str], takes_effect: dt.date | None = None,
                  listed: bool = False, amends: bool = False) -> ProcedureReport:
        """A procedure the import read: a new file, or the update of the file there is. An
        amendment (``amends``) that takes effect later goes to procedures/<code>@<date>.yaml, the
        file in force staying as it is until then (DESIGN.md "Upcoming versions")."""
        target = self.content / "procedures" / f"{new['code']}.yaml"
        if amends and takes_effect and takes_effect > self.today and target.exists():
            waiting = target.with_name(f"{new['code']}@{takes_effect.isoformat()}.yaml")
            report = self._update(waiting if waiting.exists() else target, new, found, unplaced, waiting)
            if report.status in ("mới", "cập nhật"):
                report.status = f"chờ áp dụng từ {format_short_date(takes_effect)}: {waiting.name}"
            return report
        return self._update(target, new, found, unplaced, target, takes_effect, listed)

    def _update(self, source: Path, new: dict, found: list[str], unplaced: list[str], target: Path,
                takes_effect: dt.date | None = None, listed: bool = False) -> ProcedureReport:
        """``target`` written from ``source`` (the file there is, if any) updated with ``new``."""
        report = ProcedureReport(new["code"], new["name"], "mới, từ danh mục (Phần I)" if listed else "mới", found, [],
                                 unplaced)
        self.result.procedures.append(report)
        if target in self.files:
            return report
        if not source.exists():
            self.files[target] = _procedure_text(self.yaml, new, unplaced, self.source, listed)
            return report
        merged, report.diff = _merge(self.yaml, source, new)
        if source != target and report.diff and merged is not None:
            report.status = "mới"  # the waiting version, made from the file in force
            self.files[target] = merged
            return report
        if merged is None:
            report.status = "lỗi tệp đang có"
            self.result.skipped.append(f"{target}: không đọc được tệp đang có (sửa lỗi YAML trước, xem 'check')")
        elif not report.diff:
            report.status = "không đổi"
            self.result.unchanged.append(target)
        elif takes_effect and takes_effect > self.today:
            # the content in force stays on the page until then (DESIGN.md "Upcoming versions")
            report.status = f"chưa ghi: có hiệu lực từ {format_short_date(takes_effect)}"
            self.result.skipped.append(f"{target}: {self.what} sửa {len(report.diff)} mục, có hiệu lực từ "
                                       f"{format_short_date(takes_effect)}; tệp đang áp dụng giữ nguyên đến ngày đó "
                                       "(nhập lại từ ngày có hiệu lực; bản chờ áp dụng chưa được hỗ trợ)")
        elif not self.force:
            report.status = "chờ --force"
            self.result.skipped.append(f"{target}: đã có và {self.what} sửa {len(report.diff)} mục; xem khác biệt ở trên, "
                                       "thêm --force để ghi (các mục không nhắc tới và ghi chú được giữ)")
        else:
            report.status = "cập nhật"
            self.files[target] = merged
        return report

    def has(self, code: str) -> bool:
        target = self.content / "procedures" / f"{code}.yaml"
        return target.exists() or target in self.files

    def finish(self) -> ImportResult:
        for name, directory in (("agencies.yaml", self.agencies), ("fields.yaml", self.fields)):
            if directory.proposed:
                self.result.proposed[name] = dict(directory.proposed)
                for new_id, title in directory.proposed.items():
                    self.documents[name].append(CommentedMap([("id", new_id), ("name", title)]))
                self.files[self.content / name] = _dump(self.yaml, self.documents[name])
        self.result.errors = _check(self.content, self.files, self.today, self.result.procedures)
        if not self.result.errors:
            for target, data in self.files.items():
                _write(target, data)
                self.result.written.append(target)
        return self.result


ORDER = ("code", "name", "field", "level", "kind", "agency", "authority", "delegated", "partners", "receiving", "steps",
         "methods", "online", "documents", "cases", "applicants", "result", "requirements", "legal_basis", "linked",
         "decision", "updated", "sources")


ORDER = ("code", "name", "field", "level", "kind", "agency", "authority", "delegated", "partners", "receiving", "steps",
         "methods", "online", "documents", "cases", "applicants", "result", "requirements", "legal_basis", "linked",
         "decision", "updated", "sources")


def _procedure_text(yaml: YAML, content: dict, unplaced: list[str], source: str, listed: bool = False) -> str:
    data = _commented({k: content[k] for k in ORDER if k in content})
    notes = [f"Thủ tục nhập từ {source} bằng 'python build.py import'. Mục nào quyết định không in thì chưa có",
             "trong tệp và trang hiện 'Không có thông tin'; điền theo văn bản rồi chạy 'check'."]
    if listed:
        notes = [f"Thủ tục có tên trong danh mục (Phần I) của {source} nhưng Phần II không in nội dung: chỉ có mã, tên,",
                 "lĩnh vực, cấp. Điền các mục còn lại theo văn bản công bố rồi chạy 'check'."]
    if unplaced:
        notes.append("Quyết định còn in những dòng sau, chưa có chỗ trên trang (đưa vào mục phù hợp nếu cần):")
        notes += [f"  {line}" for line in unplaced]
    data.yaml_set_start_comment("\n".join(notes))
    return _dump(yaml, data)


def _commented(value):
    if isinstance(value, dict):
        return CommentedMap((k, _commented(v)) for k, v in value.items())
    if isinstance(value, list):
        return CommentedSeq(_commented(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _merge(yaml: YAML, target: Path, new: dict) -> tuple[str | None, list[str]]:
    """The file with the elements the decision printed set to what it printed; and the changes,
    one line per element: "Tên mục: cũ → mới". The decision, the date and the source follow
    only when an element changed."""
    try:
        data = yaml.load(target.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 (any YAML mistake: the file is reported, not overwritten)
        return None, []
    if not isinstance(data, CommentedMap):
        return None, []
    diff = []
    for key in ORDER:
        if key not in new or key in ("code", "decision", "updated", "sources") or _same(data.get(key), new[key]):
            continue
        if key in ("agency", "authority", "delegated", "partners", "field") and data.get(key):
            continue  # the unit's own agency and field stay: a province's decision names them generically
        label = LABELS.get("documents" if key == "cases" else key, key)
        diff.append(f"{label}: {_short(data.get(key))} → {_short(new[key])}")
        _set(data, key, new[key])
    if not diff:
        return _dump(yaml, data), []
    if "decision" in new:
        _set(data, "decision", new["decision"])
    if "updated" in new:
        _set(data, "updated", new["updated"])
    kept = [s for s in (data.get("sources") or []) if _plain(s).get("document") != new["sources"][0]["document"]]
    _set(data, "sources", [*kept, *new["sources"]])
    return _dump(yaml, data), diff


def _set(data: CommentedMap, key: str, value) -> None:
    if key in data:
        data[key] = _commented(value)
    else:
        _insert(data, key, _commented(value))


def _insert(data: CommentedMap, key: str, value) -> None:
    """Put ``key`` where ORDER puts it among the keys the file has."""
    later = [k for k in ORDER[ORDER.index(key) + 1:] if k in data]
    position = list(data).index(later[0]) if later else len(data)
    data.insert(position, key, value)


def _same(old, new) -> bool:
    """Equal as content: "xa" and [xa] are the same list of one."""
    old, new = _plain(old), _plain(new)
    if isinstance(new, list) and isinstance(old, str):
        old = [old]
    return old == new


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value) if value is not None and not isinstance(value, (int, float, bool)) else value


def _short(value) -> str:
    if value is None:
        return "(chưa có)"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            value = "; ".join(value)
        else:
            return f"{len(value)} mục"
    text = " ".join(str(_plain(value)).split())
    return text if len(text) <= 60 else text[:57] + "…"


def _load(yaml: YAML, path: Path):
    if not path.is_file():
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 (check reports the file's own mistake)
        return None


def _dump(yaml: YAML, data) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _write(target: Path, text) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    if isinstance(text, bytes):
        temporary.write_bytes(text)
    else:
        temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def _check(content: Path, files: dict, today: dt.date, report_missing: list[ProcedureReport]) -> list[str]:
    """`check` on a copy of the content with the files written: its errors (named by the real
    paths); and, for each procedure, the elements its page will still show as missing."""
    from ..pipeline import BuildConfig, load_catalogue
    with tempfile.TemporaryDirectory(prefix="congkhai-import-") as folder:
        copy = Path(folder) / "content"
        shutil.copytree(content, copy, ignore=shutil.ignore_patterns(".*"))
        for target, text in files.items():
            _write(copy / target.relative_to(content), text)
        report = Report()
        previous = os.getcwd()
        os.chdir(folder)
        try:
            catalogue = load_catalogue(BuildConfig(content=Path("content"), as_of=today, write=False), report)
        finally:
            os.chdir(previous)
        shown = content.as_posix().rstrip("/")
        errors = [d.format().replace("content/", shown + "/", 1) for d in report.errors]
        if catalogue is not None:
            for item in report_missing:
                procedure = catalogue.site.procedures.get(item.code)
                if procedure is not None:
                    item.missing = [LABELS.get(k, k) for k in procedure.missing]
        return errors


def describe(result: ImportResult) -> list[str]:
    """The report staff read after an import, one line each."""
    lines = []
    for item in result.procedures:
        lines.append(f"{item.code} {item.name}: {item.status}")
        lines.append(f"    có: {', '.join(item.found) or 'không mục nào'}")
        if item.missing:
            lines.append(f"    còn thiếu (trang hiện 'Không có thông tin'): {', '.join(item.missing)}")
        for change in item.diff:
            lines.append(f"    sửa: {change}")
        for line in item.unplaced:
            lines.append(f"    chưa có chỗ trên trang (ghi chú trong tệp): {line}")
    for name, proposed in result.proposed.items():
        lines.append(f"Đã thêm vào {name} (kiểm tra tên, đổi id nếu cần):")
        lines += [f"  - id: {key}  # {title}" for key, title in proposed.items()]
    return lines

