"""`python build.py import docx|pdf DECISION`: a publishing decision and its annex -> the decision
file and a complete procedure file per procedure of Phần II (written by import_write: checked
first, existing files updated element by element)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..annex.blocks import read_blocks
from ..annex.procedure import build_procedure, listed_only, name_key
from ..annex.sections import Annex, parse_annex, procedure_name
from ..model.content import LABELS
from ..text.vietnamese import slugify
from .import_write import ImportResult, ImportWriter, _dump


class NotAnAnnex(Exception):
    """The file has neither Phần I nor Phần II of a publishing decision."""


def is_annex(annex: Annex) -> bool:
    return bool(annex.procedures or annex.listed)


def import_decision(path: Path, content: Path, force: bool, today: dt.date, annex: Annex | None = None) -> ImportResult:
    annex = annex or parse_annex(read_blocks(path))
    if not is_annex(annex):
        raise NotAnAnnex(path)
    writer = ImportWriter(content, force, today, path.name)
    writer.result.skipped.extend(annex.problems)
    source = writer.source_of(path)
    slug = _decision_slug(annex, path)
    writer.result.decision = f"decisions/{slug}.yaml"
    listed = {change.code: change for change in annex.listed}
    target = content / "decisions" / f"{slug}.yaml"
    writer.add(target, _decision_text(writer.yaml, annex, path, source, target))

    by_name = {name_key(change.name): change.code for change in annex.listed if change.name}
    for text in annex.procedures:
        where = f"Phần II, mục {text.number} ({' '.join(text.heading.split())[:70]})"
        if not text.code:  # a title without its code: Phần I's row of the same name has it
            text.code = by_name.get(name_key(procedure_name(text, {})))
        if not text.code:
            writer.result.skipped.append(f"{where}: không có mã thủ tục (d.dddddd) ở tên hay dòng dưới tên; "
                                         "thêm mã rồi nhập lại")
            continue
        built = build_procedure(text, listed, writer.agencies, writer.fields, writer.forms)
        new = {**built.content, "decision": slug}
        if annex.date:
            new["updated"] = annex.date
        new["sources"] = [{**source, "note": f"{where}."}]
        row = listed.get(text.code)
        writer.procedure(new, [LABELS[k] for k in text.elements if k in LABELS], built.unplaced,
                         takes_effect=(row.effective if row and row.effective else None) or annex.effective,
                         amends=row is not None and row.action in ("amended", "replaced"))
    printed = {text.code for text in annex.procedures}
    for change in annex.listed:
        for code in [change.code, *change.replaces]:
            if code in printed or writer.has(code):
                continue
            unplaced: list[str] = []
            if code == change.code:
                built = listed_only(change, writer.fields)
                new, unplaced = {**built.content, "decision": slug}, built.unplaced
            else:  # a replaced code has no row of its own: it is named in 'replaces'
                new = {"code": code, "name": change.replaced_names.get(code) or f"Thủ tục {code} (được thay thế bởi {change.code})"}
            new["sources"] = [{**source, "note": f"{change.where}."}]
            found = [LABELS[k] for k in ("methods", "legal_basis") if k in new]
            writer.procedure(new, found, unplaced, listed=True)
    return writer.finish()


def _decision_slug(annex: Annex, path: Path) -> str:
    if annex.number:
        number = annex.number.split("/")[0]
        return slugify(f"qd-{number}-{annex.date.year}" if annex.date else f"qd-{number}")
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
