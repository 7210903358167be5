"""Validate one unit of a tree of units: its share of the common catalogue (DESIGN.md "Units").

The common catalogue (content/procedures/, decisions/, agencies.yaml, fields.yaml) is read
as it is for a single unit; this module puts the unit's own files on top of it:

- agencies: the common ones, but for roles (``role: true``, e.g. ``ubnd-xa``), which the
  unit binds by giving an agency of the same id in its agencies.yaml; the unit's own win;
- procedures: the common ones of the unit's levels, plus ``include``, minus ``exclude``
  (units/<unit>/site.yaml ``procedures``); an override in units/<unit>/procedures/<code>.yaml
  replaces the keys it writes, key by key; a file with a code the common catalogue does not
  have, and a name, is a procedure of the unit's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Report
from ..model.content import Procedure, SiteConfig
from ..model.dependencies import digest
from .load import RawContent
from .parse import RawDocument
from .schema_errors import validate_document

AGENCY_KEYS = ("agency", "authority", "delegated", "partners", "receiving")


def check_publisher(raw: RawContent, report: Report) -> None:
    """content/site.yaml of a tree of units says so."""
    doc = raw.unit.publisher
    publisher = validate_document(doc, SiteConfig, report) if doc is not None else None
    if publisher is not None and not publisher.units:
        report.error(doc.display, 1, 1, "có thư mục units/ (nhiều đơn vị) nhưng site.yaml chưa khai báo 'units: true'",
                     "Thêm dòng 'units: true' vào site.yaml chung; nếu chỉ có một đơn vị thì bỏ thư mục units/.")


def unit_agencies(raw: RawContent, shared: dict, own: dict) -> tuple[dict, dict]:
    """The unit's agencies (common ones but roles, then its own), and the roles it leaves
    unbound: id -> the common agency."""
    roles = {k: v for k, v in shared.items() if v[0].role}
    agencies = {k: v for k, v in shared.items() if k not in roles} | own
    return agencies, {k: v for k, v in roles.items() if k not in own}


def unit_procedures(raw: RawContent, config: SiteConfig | None, shared: dict, report: Report,
                    broken: set) -> tuple[dict, list[RawDocument]]:
    """The unit's procedures: code -> (procedure, document), and its documents of dated
    versions (``<code>@<date>.yaml``), left to the common version check."""
    selection = config.procedures if config is not None and config.procedures else None
    levels = set(selection.levels if selection and selection.levels else [config.level] if config else [])
    chosen = {code for code, (proc, _) in shared.items() if levels & set(proc.level)}
    if selection is not None:
        chosen |= set(_known(raw.site, "include", selection.include, shared, report))
        chosen -= set(_known(raw.site, "exclude", selection.exclude, shared, report))
    procedures = {code: shared[code] for code in sorted(chosen)}
    versions = []
    for doc in raw.unit.procedures:
        if "@" in doc.slug:
            versions.append(doc)
        elif doc.slug in shared:
            if doc.slug not in chosen:
                report.error(doc.display, 1, 1, f"thủ tục {doc.slug} có trong danh mục chung nhưng không thuộc danh mục "
                             "của đơn vị (khác cấp, hoặc bị loại bằng 'exclude') nên không ghi đè được",
                             f"Nếu đơn vị có thực hiện thủ tục này, thêm '{doc.slug}' vào 'procedures: include:' trong "
                             "site.yaml của đơn vị; nếu không thì xóa tệp này.")
                continue
            merged = _override(doc, shared[doc.slug][1], report)
            proc = validate_document(merged, Procedure, report) if merged is not None else None
            if proc is None:
                broken.add(doc.slug)
            else:
                procedures[doc.slug] = (proc, merged)
        elif doc.slug in broken:
            continue  # the common file has a mistake, reported there
        elif not (isinstance(doc.model, Procedure) or isinstance(doc.data, dict) and "name" in doc.data):
            report.error(doc.display, 1, 1, f"ghi đè thủ tục {doc.slug} nhưng danh mục chung không có thủ tục mã này",
                         "Kiểm tra mã (tên tệp phải là mã của một thủ tục trong content/procedures/). Thủ tục riêng "
                         "của đơn vị thì ghi đủ các mục, ít nhất 'name', 'field' và 'level'.")
        else:
            own = _own_procedure(doc, report)
            if own is None:
                broken.add(doc.slug)
            else:
                procedures[doc.slug] = (own, doc)
    return procedures, versions


def _known(site: RawDocument, key: str, codes: list[str], shared: dict, report: Report) -> Iterable[str]:
    for i, code in enumerate(codes):
        if code in shared:
            yield code
            continue
        line, col = site.where(("procedures", key, i))
        report.error(site.display, line, col, f"không có thủ tục mã '{code}' trong danh mục chung (content/procedures/)",
                     f"Kiểm tra lại mã trong 'procedures: {key}:'.")


def _override(doc: RawDocument, base: RawDocument, report: Report) -> RawDocument | None:
    """The common procedure with the override's keys in place of its own."""
    if not isinstance(doc.data, dict):
        line, col = doc.where(())
        report.error(doc.display, line, col, "tệp ghi đè thủ tục phải là các cặp 'khóa: giá trị'",
                     "Chỉ ghi những mục đơn vị thay đổi, ví dụ 'fee: ...' hoặc 'receiving: [...]'.")
        return None
    code = doc.data.get("code")
    if code is not None and str(code) != doc.slug:
        line, col = doc.where(("code",))
        report.error(doc.display, line, col, f"mã thủ tục '{code}' khác tên tệp '{doc.path.name}'",
                     "Tệp ghi đè không cần khóa 'code'; nếu ghi thì phải đúng mã trong tên tệp.")
        return None
    data = base.fresh_data()
    if not isinstance(data, dict):
        return None
    merged = RawDocument(path=doc.path, display=doc.display, data={**data, **doc.data},
                         positions=dict(doc.positions or {}), key_positions=dict(doc.key_positions or {}),
                         body=doc.body, body_line=doc.body_line, digest=digest(base.digest, doc.digest),
                         placeholders=doc.placeholders)
    merged.positions.setdefault((), (1, 1))
    return merged


def _own_procedure(doc: RawDocument, report: Report) -> Procedure | None:
    proc = validate_document(doc, Procedure, report)
    if proc is not None and proc.code != doc.slug:
        line, col = doc.where(("code",))
        report.error(doc.display, line, col, f"mã thủ tục '{proc.code}' khác tên tệp '{doc.path.name}'",
                     f"Đổi tên tệp thành '{proc.code}.yaml' hoặc sửa lại mã cho đúng.")
        return None
    return proc


def agency_uses(raw: RawContent, procedures: dict, feedback: dict, config: SiteConfig | None):
    """Every agency id the unit's content names, with the document and place naming it: its
    procedures' agency keys, its feedback postings, its service centre."""
    for proc, doc in procedures.values():
        for key in AGENCY_KEYS:
            value = getattr(proc, key)
            if isinstance(value, list):
                yield from ((agency, doc, (key, i)) for i, agency in enumerate(value))
            elif value:
                yield value, doc, (key,)
    for posting, doc in feedback.values():
        yield posting.agency, doc, ("agency",)
    if config is not None and config.service_centre is not None and config.service_centre.agency:
        yield config.service_centre.agency, raw.site, ("service_centre", "agency")


def check_roles(raw: RawContent, unbound: dict, procedures: dict, feedback: dict, config: SiteConfig | None,
                report: Report) -> None:
    """One message for each role the unit's content names but its agencies.yaml does not bind,
    at that file (where the fix goes), with the first place that names it."""
    uses: dict[str, list[tuple[RawDocument, tuple]]] = {}
    for agency, doc, loc in agency_uses(raw, procedures, feedback, config):
        if agency in unbound:
            uses.setdefault(agency, []).append((doc, loc))
    own = raw.unit.agencies
    where = own.display if own is not None else raw.site.display.rsplit("/", 1)[0] + "/agencies.yaml"
    for role, places in sorted(uses.items()):
        doc, loc = places[0]
        line, _ = doc.where(loc)
        more = f" và {len(places) - 1} chỗ khác" if len(places) > 1 else ""
        name = unbound[role][0].name
        report.error(where, 1, 1, f"đơn vị chưa gán vai trò '{role}' ({name}), được dùng ở {doc.display}:{line}{more}",
                     f"Thêm vào {where} một mục '- id: {role}' với tên, địa chỉ, điện thoại của cơ quan thật của đơn vị.")


def narrow_to_unit(procedures: dict, decisions: dict) -> tuple[dict, dict]:
    """What the unit's pages show of the common catalogue: a decision's rows about its own
    procedures (a decision with rows about none of them is left out), and links only between
    its own procedures."""
    codes = set(procedures)
    narrowed = {}
    for code, (proc, doc) in procedures.items():
        if any(other not in codes for other in proc.linked):
            proc = proc.model_copy(update={"linked": [c for c in proc.linked if c in codes]})
        narrowed[code] = (proc, doc)
    kept = {}
    for slug, (decision, doc) in decisions.items():
        rows = [row for row in decision.changes if row.code in codes]
        if decision.changes and not rows:
            continue
        if len(rows) != len(decision.changes) or any(c not in codes for row in rows for c in row.replaces):
            rows = [row.model_copy(update={"replaces": [c for c in row.replaces if c in codes]})
                    if row.replaces else row for row in rows]
            decision = decision.model_copy(update={"changes": rows})
        kept[slug] = (decision, doc)
    return narrowed, kept


def narrow_agencies(raw: RawContent, agencies: dict, own: set, procedures: dict, feedback: dict,
                    config: SiteConfig) -> dict:
    """The unit's own agencies, and the common ones its content names (with their parents):
    a commune's site does not list every agency of the province."""
    named = set(own) | {agency for agency, _, _ in agency_uses(raw, procedures, feedback, config)}
    todo = [a for a in named if a in agencies]
    while todo:
        parent = agencies[todo.pop()][0].parent
        if parent and parent in agencies and parent not in named:
            named.add(parent)
            todo.append(parent)
    return {k: v for k, v in agencies.items() if k in named}
