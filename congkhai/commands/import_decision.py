"""`python build.py import docx|pdf DECISION`: a publishing decision and its annex -> the decision
file and a complete procedure file per procedure of Phần II.

Nothing is written unless everything it would write passes `check` together with the rest of
the content (tried on a copy first). A procedure file that exists is updated, never replaced:
only the elements the decision prints change (shown as a per-element diff, written with
--force); staff-added keys, the other elements, comments and key order stay (ruamel.yaml).
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

from ..annex.blocks import read_blocks
from ..annex.procedure import Directory, build_procedure, listed_only
from ..annex.sections import Annex, parse_annex, procedure_name
from ..diagnostics import Report
from ..model.content import LABELS
from ..text.vietnamese import format_short_date, slugify


class NotAnAnnex(Exception):
    """The file has neither Phần I nor Phần II of a publishing decision."""


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
class DecisionImport:
    decision: str | None = None
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


def is_annex(annex: Annex) -> bool:
    return bool(annex.procedures or annex.listed)


def import_decision(path: Path, content: Path, force: bool, today: dt.date, annex: Annex | None = None) -> DecisionImport:
    annex = annex or parse_annex(read_blocks(path))
    if not is_annex(annex):
        raise NotAnAnnex(path)
    result = DecisionImport(skipped=list(annex.problems))
    yaml = _yaml()
    agencies_doc = _load(yaml, content / "agencies.yaml") or CommentedSeq()
    fields_doc = _load(yaml, content / "fields.yaml") or CommentedSeq()
    agencies = Directory.of(list(agencies_doc), aliases=True)
    fields = Directory.of(list(fields_doc))
    forms = {p.relative_to(content / "forms").as_posix() for p in (content / "forms").rglob("*") if p.is_file()} \
        if (content / "forms").is_dir() else set()
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    document = re.sub(r"[^\w.-]+", "-", path.name)
    source = {"document": document, "sha256": digest, "checked": today}
    slug = _decision_slug(annex, path)
    result.decision = slug
    listed = {change.code: change for change in annex.listed}

    files: dict[Path, str] = {}
    documents_dir = content / "documents"
    if not (documents_dir / document).is_file() or (documents_dir / document).read_bytes() != data:
        files[documents_dir / document] = data  # type: ignore[assignment]
    decision_path = content / "decisions" / f"{slug}.yaml"
    files[decision_path] = _decision_text(yaml, annex, path, source, decision_path)

    by_name = {_name_key(change.name): change.code for change in annex.listed if change.name}
    for text in annex.procedures:
        where = f"Phần II, mục {text.number} ({' '.join(text.heading.split())[:70]})"
        if not text.code:  # a title without its code: Phần I's row of the same name has it
            text.code = by_name.get(_name_key(procedure_name(text, {})))
        if not text.code:
            result.skipped.append(f"{where}: không có mã thủ tục (d.dddddd) ở tên hay dòng dưới tên; thêm mã rồi nhập lại")
            continue
        built = build_procedure(text, listed, agencies, fields, forms)
        new = built.content
        new["decision"] = slug
        if annex.date:
            new["updated"] = annex.date
        new["sources"] = [{**source, "note": f"{where}."}]
        target = content / "procedures" / f"{text.code}.yaml"
        report = ProcedureReport(text.code, new["name"], "mới", [LABELS.get(k, k) for k in text.elements if k in LABELS],
                                 [], built.unplaced)
        result.procedures.append(report)
        if target.exists():
            merged, report.diff = _merge(yaml, target, new)
            takes_effect = (row.effective if (row := listed.get(text.code)) and row.effective else None) or annex.effective
            if report.diff and takes_effect and takes_effect > today:
                # the content in force stays on the page until then (DESIGN.md "Upcoming versions")
                report.status = f"chưa ghi: có hiệu lực từ {format_short_date(takes_effect)}"
                result.skipped.append(f"{target}: quyết định sửa {len(report.diff)} mục, có hiệu lực từ "
                                      f"{format_short_date(takes_effect)}; tệp đang áp dụng giữ nguyên đến ngày đó "
                                      "(nhập lại từ ngày có hiệu lực; bản chờ áp dụng chưa được hỗ trợ)")
                continue
            if merged is None:
                result.skipped.append(f"{target}: không đọc được tệp đang có (sửa lỗi YAML trước, xem 'check')")
                report.status = "lỗi tệp đang có"
                continue
            if not report.diff:
                report.status = "không đổi"
                result.unchanged.append(target)
                continue
            if not force:
                report.status = "chờ --force"
                result.skipped.append(f"{target}: đã có và quyết định này sửa {len(report.diff)} mục; xem khác biệt ở trên, "
                                      "thêm --force để ghi (các mục quyết định không nhắc và ghi chú được giữ)")
                continue
            report.status = "cập nhật"
            files[target] = merged
        else:
            files[target] = _procedure_text(yaml, new, built.unplaced, path.name)
    printed = {text.code for text in annex.procedures}
    for change in annex.listed:
        for code in [change.code, *change.replaces]:
            target = content / "procedures" / f"{code}.yaml"
            if code in printed or target.exists() or target in files:
                continue
            row = change if code == change.code else None
            new = listed_only(row, fields) if row and row.name else {"code": code, "name": f"Thủ tục {code}"}
            if row is None:  # a replaced code: its name is in the row's other column when printed
                new["name"] = _replaced_name(change, code)
            if row is not None:
                new["decision"] = slug  # a replaced code has no row of its own: it is named in 'replaces'
            new["sources"] = [{**source, "note": f"{change.where}."}]
            files[target] = _procedure_text(yaml, new, [], path.name, listed=True)
            result.procedures.append(ProcedureReport(code, new["name"], "mới, chỉ có tên (Phần I)", [], [], []))
    for name, directory, doc in (("agencies.yaml", agencies, agencies_doc), ("fields.yaml", fields, fields_doc)):
        if directory.proposed:
            result.proposed[name] = dict(directory.proposed)
            for new_id, title in directory.proposed.items():
                item = CommentedMap([("id", new_id), ("name", title)])
                doc.append(item)
            files[content / name] = _dump(yaml, doc)
    result.errors = _check(content, files, today, report_missing=result.procedures)
    if result.errors:
        return result
    for target, text in files.items():
        _write(target, text)
        result.written.append(target)
    return result


def _name_key(name: str) -> str:
    from ..text.vietnamese import fold
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(name)).split())


# --- the files --------------------------------------------------------------------------------

def _decision_slug(annex: Annex, path: Path) -> str:
    if annex.number:
        number = annex.number.split("/")[0]
        year = annex.date.year if annex.date else None
        return slugify(f"qd-{number}-{year}" if year else f"qd-{number}")
    return slugify(path.stem) or "quyet-dinh"


def _decision_text(yaml: YAML, annex: Annex, path: Path, source: dict, target: Path) -> str:
    data = CommentedMap()
    for key in ("number", "date", "issuer", "title", "effective"):
        value = getattr(annex, key)
        if value is not None:
            data[key] = value
    changes = CommentedSeq()
    for change in annex.listed:
        if change.action is None:
            continue
        row = CommentedMap([("code", change.code), ("action", change.action)])
        if change.replaces:
            row["replaces"] = change.replaces[0] if len(change.replaces) == 1 else list(change.replaces)
        if change.effective and change.effective != annex.effective:
            row["effective"] = change.effective
        if change.note:
            row["note"] = change.note
        changes.append(row)
    if changes:
        data["changes"] = changes
    data["sources"] = [dict(source)]
    header = (f"Nhập từ {path.name} bằng 'python build.py import'. Đối chiếu số, ngày ký, ngày hiệu lực và các dòng\n"
              "thay đổi với văn bản trước khi đăng.\n")
    if target.exists():
        header += "Tệp này được ghi lại theo văn bản khi nhập.\n"
    data.yaml_set_start_comment(header)
    return _dump(yaml, data)


ORDER = ("code", "name", "field", "level", "kind", "agency", "authority", "delegated", "partners", "receiving", "steps",
         "methods", "online", "documents", "cases", "applicants", "result", "requirements", "legal_basis", "linked",
         "decision", "updated", "sources")


def _replaced_name(change, code: str) -> str:
    return change.replaced_names.get(code) or f"Thủ tục {code} (được thay thế bởi {change.code})"


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


def describe(result: DecisionImport) -> list[str]:
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

