"""One procedure of Phần II as the content of its procedure file, with what the annex printed
and the file has no key for (``unplaced``, kept as YAML comments), and the names of agencies
and fields the unit does not have yet (``Directory``: proposed once for the whole import)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.vietnamese import fold, slugify
from . import elements as el
from .blocks import Paragraph
from .listing import ListedChange
from .sections import ProcedureText, procedure_name

# the role an agency line names ("Cơ quan có thẩm quyền quyết định: …")
ROLES = (("delegated", ("duoc uy quyen", "duoc phan cap")), ("partners", ("phoi hop",)),
         ("authority", ("co tham quyen",)), ("agency", ("truc tiep thuc hien", "thuc hien", "giai quyet", "tiep nhan")))


@dataclass
class Directory:
    """Ids of the unit's agencies or fields by name and alias (folded); names it lacks get an
    id proposed once, written to agencies.yaml / fields.yaml by the import."""

    ids: dict[str, str]  # folded name or alias -> id
    taken: set[str] = field(default_factory=set)
    proposed: dict[str, str] = field(default_factory=dict)  # new id -> name

    @classmethod
    def of(cls, items: list[dict], aliases: bool = False) -> Directory:
        ids: dict[str, str] = {}
        for item in items:
            if not isinstance(item, dict) or not item.get("id"):
                continue
            for name in [item.get("name"), *(item.get("aliases") or [] if aliases else [])]:
                if isinstance(name, str):
                    ids.setdefault(name_key(name), str(item["id"]))
        return cls(ids, {str(i.get("id")) for i in items if isinstance(i, dict)})

    def id_for(self, name: str) -> str:
        key = name_key(name)
        if key in self.ids:
            return self.ids[key]
        base = slugify(name)[:60].strip("-") or "chua-ro"
        new, n = base, 2
        while new in self.taken:
            new, n = f"{base}-{n}", n + 1
        self.ids[key], self.proposed[new] = new, name
        self.taken.add(new)
        return new


def name_key(name: str) -> str:
    """A name as compared: folded, "Ủy ban nhân dân" = "UBND", punctuation and spacing aside."""
    folded = fold(name).replace("uy ban nhan dan", "ubnd")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


@dataclass
class Built:
    content: dict
    unplaced: list[str] = field(default_factory=list)


def listed_only(change: ListedChange, fields: Directory) -> Built:
    """A procedure Phần I names but Phần II does not print: its code, name, field and level, and
    what the list's own columns say (methods with time and fee, legal basis); the page shows
    every other element as "Không có thông tin"."""
    content: dict = {"code": change.code, "name": " ".join(change.name.split())}
    if change.field_name:
        content["field"] = fields.id_for(change.field_name)
    if change.level:
        content["level"] = [change.level]
    built = Built(content)
    details = change.details
    channels = el.channel_of(details.get("methods", ""))
    if channels or details.get("time") or details.get("fee"):
        _channels([{"method": c} for c in channels], details.get("time"), details.get("fee"), content, built, bool(channels))
        if details.get("methods") and not channels:
            built.unplaced.append(f"Cách thức thực hiện: {details['methods']}")
    if "legal_basis" in details:
        content["legal_basis"] = el.legal_basis([Paragraph(details["legal_basis"])])
    if "place" in details:
        built.unplaced.append(f"Địa điểm thực hiện: {change.details['place']}")
    return built


def build_procedure(text: ProcedureText, listed: dict[str, ListedChange], agencies: Directory, fields: Directory,
                    forms: set[str]) -> Built:
    row = listed.get(text.code or "")
    content: dict = {"code": text.code, "name": procedure_name(text, listed)}
    field_name = text.field_name or (row.field_name if row else None)
    if field_name:
        content["field"] = fields.id_for(field_name)
    level = text.level or (row.level if row else None)
    if level:
        content["level"] = [level]
    built = Built(content)
    parts = text.elements
    if "agency" in parts:
        _agencies(parts["agency"], content, agencies, built)
    if "steps" in parts:
        content["steps"] = el.steps(parts["steps"])
    _methods(parts, content, built)
    names: list[str] = []
    if "documents" in parts:
        documents = el.documents(parts["documents"])
        content.update(documents.values)
        built.unplaced += documents.unplaced
        names += documents.forms
    if "forms" in parts:
        printed = el.form_names(parts["forms"])
        if isinstance(printed, list):
            names += printed
    _attach_forms(content, list(dict.fromkeys(names)), forms, built)
    if "applicants" in parts:
        content["applicants"] = el.applicants(parts["applicants"])
    for key in ("result", "requirements"):
        if key in parts:
            value = el.text_of(parts[key])
            if value is not None:
                content[key] = value
    if "legal_basis" in parts:
        content["legal_basis"] = el.legal_basis(parts["legal_basis"])
    return built


def _agencies(blocks, content: dict, agencies: Directory, built: Built) -> None:
    lines = el.lines_of(blocks)
    for line in lines:
        text = el.strip_bullet(line)
        role, name = None, text
        label = re.match(r"^([^:]{3,80}):\s*(.*)$", text)
        if label and fold(label.group(1)).startswith("co quan"):
            folded = fold(label.group(1))
            role = next((r for r, words in ROLES if any(w in folded for w in words)), None)
            name = label.group(2)
        role = role or ("agency" if "agency" not in content else None)
        if role is None:
            built.unplaced.append("Cơ quan thực hiện: " + text)
            continue
        name = name.strip().rstrip(".;")
        if fold(name) in ("khong", "khong co"):
            content[role] = "Không"
            continue
        names = [n.strip() for n in re.split(r";|\s+và\s+(?=(?:ủy ban|ubnd|sở|phòng|công an|bộ phận|trung tâm))", name, flags=re.I)
                 if n.strip()]
        ids = [agencies.id_for(n) for n in names]
        if role == "partners":
            content["partners"] = list(dict.fromkeys([*content.get("partners", []), *ids]))
        else:
            content[role] = ids[0]
            built.unplaced += [f"Cơ quan ({role}): {n}" for n in names[1:]]


def _methods(parts: dict, content: dict, built: Built) -> None:
    found = el.methods(parts["methods"]) if "methods" in parts else el.Parsed(values={"methods": []})
    built.unplaced += found.unplaced
    time = el.text_of(parts["time"]) if "time" in parts else None
    fee = el.text_of(parts["fee"]) if "fee" in parts else None
    _channels(found.values["methods"], time, fee, content, built, "methods" in parts)


def _channels(methods: list[dict], time: str | None, fee: str | None, content: dict, built: Built, printed: bool) -> None:
    """Each method's time and fee: its own part when the text labels them by channel."""
    times, fees = el.per_channel(time), el.per_channel(fee)
    if not methods and (time or fee):
        # the time and fee belong to a channel the annex does not name: kept for staff to place
        built.unplaced += [f"Thời hạn giải quyết: {time}"] * bool(time) + [f"Phí, lệ phí: {fee}"] * bool(fee)
    for method in methods:
        when = (times or {}).get(method["method"], time if times is None else None)
        cost = (fees or {}).get(method["method"], fee if fees is None else None)
        if when and "time" not in method:
            method["time"] = when
        if cost and "fee" not in method:
            method["fee"] = cost
        days = el.days_of(method.get("time"))
        if days is not None:
            method["days"] = int(days) if days == int(days) else days
        ordered = {k: method[k] for k in ("method", "time", "fee", "days", "note") if k in method}
        method.clear()
        method.update(ordered)
    if printed or methods:
        content["methods"] = methods or "Không có thông tin"


def _attach_forms(content: dict, names: list[str], files: set[str], built: Built) -> None:
    """A form name goes to the document it is the form of (by shared words); the form file
    too, when content/forms/ has one by that name."""
    documents = content.get("documents") or [d for case in content.get("cases", []) for d in case["documents"]]
    for name in names:
        words = set(name_key(re.sub(r"\(.*?\)|mẫu\s*(?:số)?\s*[\w/.-]*", " ", name, flags=re.I)).split()) - {"theo", "mau", "so"}
        if not words:
            continue  # "(theo mẫu)": the document already says so
        best, score = None, 0.0
        for document in documents:
            have = set(name_key(document["name"]).split())
            overlap = len(words & have) / len(words) if words else 0
            if overlap > score:
                best, score = document, overlap
        if best is None or score < 0.6:
            built.unplaced.append(f"Mẫu đơn, tờ khai: {name}")
            continue
        note = f"Mẫu: {name}"
        if note not in (best.get("note") or ""):
            best["note"] = f"{best['note']} {note}" if best.get("note") else note
        file = next((f for f in sorted(files) if slugify(f.rsplit(".", 1)[0]) == slugify(name)), None)
        if file:
            best["form"] = file
