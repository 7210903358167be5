"""Validate raw content into the typed model; resolve and check every cross-reference."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass

from ..diagnostics import Report
from ..model.content import (
    Agency,
    Decision,
    FeedbackPosting,
    FieldOfWork,
    Page,
    Plan,
    Procedure,
    SiteConfig,
)
from ..model.site import PageDoc, PlanDoc, Site
from ..text.vietnamese import format_short_date, slugify
from .load import RawContent
from .parse import RawDocument
from .schema_errors import validate_document

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# First path segments the site itself uses: a page may not take them.
RESERVED_SLUGS = {"thu-tuc", "linh-vuc", "co-quan", "ke-hoach", "phan-anh-kien-nghi", "quyet-dinh",
                  "thay-doi", "tim-kiem", "du-lieu", "tinh-day-du", "assets", "kiosk", "404", "bieu-mau"}
URL = re.compile(r"^https?://", re.I)


@dataclass
class _Sources:
    """Where each validated object came from, so cross-reference errors can point at it."""

    agencies: dict[str, tuple[RawDocument, tuple]]
    procedures: dict[str, RawDocument]
    decisions: dict[str, RawDocument]
    feedback: dict[str, RawDocument]


def _validate_list(doc: RawDocument | None, model, report: Report, label: str) -> dict:
    """agencies.yaml and fields.yaml: a list of mappings, each with a unique id."""
    items: dict = {}
    if doc is None:
        return items
    if not isinstance(doc.data, list):
        line, col = doc.where(())
        report.error(doc.display, line, col, f"tệp {label} phải là một danh sách",
                     "Mỗi mục bắt đầu bằng '- id: ...' ở đầu dòng.")
        return items
    for i, raw in enumerate(doc.data):
        item = validate_document(doc, model, report, data=raw, base_loc=(i,))
        if item is None:
            continue
        if item.id in items:
            line, col = doc.where((i, "id"))
            report.error(doc.display, line, col, f"mã '{item.id}' bị trùng trong {label}",
                         "Mỗi mục phải có một id riêng; đổi id của một trong hai mục.")
            continue
        items[item.id] = (item, (doc, (i,)))
    return items


def _check_slug(doc: RawDocument, report: Report, kind: str) -> bool:
    if SLUG.match(doc.slug):
        return True
    report.error(doc.display, 1, 1, f"tên tệp '{doc.path.name}' không dùng được làm địa chỉ trang {kind}",
                 f"Đổi tên tệp thành '{slugify(doc.slug) or 'ten-tep'}{doc.path.suffix}' "
                 "(chữ thường không dấu, số, dấu '-').")
    return False


def _validate_files(docs: list[RawDocument], model, report: Report, kind: str) -> dict:
    result = {}
    for doc in docs:
        if not _check_slug(doc, report, kind):
            continue
        if doc.slug in result:
            report.error(doc.display, 1, 1, f"trùng tên với tệp '{result[doc.slug][1].path.name}'",
                         "Hai tệp không được cùng tên (kể cả khác đuôi .yaml/.yml); đổi tên một tệp.")
            continue
        item = validate_document(doc, model, report)
        if item is not None:
            result[doc.slug] = (item, doc)
    return result


def _validate_procedures(docs: list[RawDocument], report: Report) -> dict:
    result: dict[str, tuple[Procedure, RawDocument]] = {}
    for doc in docs:
        proc = validate_document(doc, Procedure, report)
        if proc is None:
            continue
        if proc.code != doc.slug:
            line, col = doc.where(("code",))
            report.error(doc.display, line, col, f"mã thủ tục '{proc.code}' khác tên tệp '{doc.path.name}'",
                         f"Đổi tên tệp thành '{proc.code}.yaml' hoặc sửa lại mã cho đúng.")
            continue
        if proc.code in result:
            line, col = doc.where(("code",))
            report.error(doc.display, line, col,
                         f"mã thủ tục '{proc.code}' bị trùng với tệp {result[proc.code][1].display}",
                         "Mỗi thủ tục chỉ có một tệp; xóa hoặc gộp tệp trùng.")
            continue
        result[proc.code] = (proc, doc)
    return result


class _References:
    """Checks that each id named in content exists, pointing at the value that names it."""

    def __init__(self, report: Report, agencies, fields, procedures, decisions, feedback, forms):
        self.report = report
        self.tables = {"agency": agencies, "field": fields, "procedure": procedures,
                       "decision": decisions, "feedback": feedback}
        self.forms = forms

    _WHAT = {
        "agency": ("cơ quan", "agencies.yaml"),
        "field": ("lĩnh vực", "fields.yaml"),
        "procedure": ("thủ tục", "thư mục procedures/"),
        "decision": ("quyết định", "thư mục decisions/"),
        "feedback": ("địa chỉ phản ánh, kiến nghị", "thư mục feedback/"),
    }

    def check(self, doc: RawDocument, loc: tuple, value: str | None, kind: str) -> None:
        if value is None or value in self.tables[kind]:
            return
        what, where = self._WHAT[kind]
        close = difflib.get_close_matches(value, list(self.tables[kind]), n=1, cutoff=0.6)
        hint = f"có phải ý bạn là '{close[0]}'? " if close else ""
        line, col = doc.where(loc)
        self.report.error(doc.display, line, col, f"không tìm thấy {what} '{value}'",
                          hint + f"Kiểm tra lại mã, hoặc thêm {what} này vào {where}.")

    def check_file(self, doc: RawDocument, loc: tuple, value: str | None) -> None:
        if not value or URL.match(value):
            return
        name = value.removeprefix("forms/")
        line, col = doc.where(loc)
        if ".." in name.split("/") or name.startswith("/"):
            self.report.error(doc.display, line, col, f"đường dẫn tệp '{value}' không được ra ngoài thư mục forms/",
                              "Chỉ ghi tên tệp nằm trong content/forms/, ví dụ 'to-khai-khai-tu.docx'.")
        elif name not in self.forms:
            self.report.error(doc.display, line, col, f"không tìm thấy tệp mẫu '{value}' trong content/forms/",
                              "Chép tệp vào thư mục content/forms/ hoặc sửa lại tên tệp (phân biệt hoa thường).")


def _check_procedure(refs: _References, proc: Procedure, doc: RawDocument) -> None:
    refs.check(doc, ("field",), proc.field, "field")
    for key in ("agency", "authority", "delegated"):
        refs.check(doc, (key,), getattr(proc, key), "agency")
    for key in ("partners", "receiving"):
        for i, agency in enumerate(getattr(proc, key)):
            refs.check(doc, (key, i), agency, "agency")
    for i, code in enumerate(proc.linked):
        if code == proc.code:
            line, col = doc.where(("linked", i))
            refs.report.error(doc.display, line, col, "thủ tục không thể liên thông với chính nó",
                              "Xóa mã này khỏi 'linked'.")
        refs.check(doc, ("linked", i), code, "procedure")
    refs.check(doc, ("decision",), proc.decision, "decision")
    for i, item in enumerate(proc.documents):
        refs.check_file(doc, ("documents", i, "form"), item.form)
    for c, case in enumerate(proc.cases):
        for i, item in enumerate(case.documents):
            refs.check_file(doc, ("cases", c, "documents", i, "form"), item.form)


def _check_decisions(refs: _References, decisions: dict, procedures: dict) -> None:
    """Every change names a procedure with a file; no two changes to one code on one day;
    a procedure's decision lists it."""
    named, mentioned = _check_changes(refs, decisions)
    for code, (proc, doc) in procedures.items():
        if proc.decision and proc.decision in decisions:
            decision = decisions[proc.decision][0]
            if decision.changes and code not in named[proc.decision]:
                line, col = doc.where(("decision",))
                refs.report.error(doc.display, line, col,
                                  f"quyết định {decision.number} không có dòng thay đổi nào cho thủ tục {code}",
                                  f"Thêm '- code: \"{code}\"' vào 'changes' của quyết định, hoặc sửa khóa 'decision'.")
        if not proc.decision and code not in mentioned:
            refs.report.warning(doc.display, 1, 1, f"thủ tục {code} chưa gắn với quyết định công bố nào",
                                "Thêm khóa 'decision' hoặc một dòng trong 'changes' của quyết định công bố.")


def _check_changes(refs: _References, decisions: dict) -> tuple:
    """The decisions' own rows: codes and files they name, one change a code a day."""
    events: dict[tuple, list] = defaultdict(list)
    for slug in sorted(decisions):
        decision, doc = decisions[slug]
        refs.check_file(doc, ("document",), decision.document)
        for i, change in enumerate(decision.changes):
            refs.check(doc, ("changes", i, "code"), change.code, "procedure")
            effective = change.effective or decision.effective_date
            events[(change.code, effective)].append((doc, ("changes", i, "code"), decision, change.action))
            for r, old in enumerate(change.replaces):
                loc = ("changes", i, "replaces", r)
                if old == change.code:
                    line, col = doc.where(loc)
                    refs.report.error(doc.display, line, col, "thủ tục không thể thay thế chính nó",
                                      "'replaces' ghi mã thủ tục cũ bị thay thế, khác với 'code'.")
                    continue
                refs.check(doc, loc, old, "procedure")
                events[(old, effective)].append((doc, loc, decision, "replaced-by"))
    for (code, day), rows in sorted(item for item in events.items() if len(item[1]) > 1):
        first_doc, _, first_decision, _ = rows[0]
        for doc, loc, decision, _ in rows[1:]:
            line, col = doc.where(loc)
            refs.report.error(doc.display, line, col,
                              f"thủ tục {code} có hai thay đổi cùng có hiệu lực ngày {format_short_date(day)} "
                              f"(quyết định {first_decision.number} và {decision.number})",
                              "Một thủ tục chỉ có một thay đổi cho mỗi ngày hiệu lực; "
                              "bỏ dòng trùng hoặc sửa ngày 'effective'.")
    named = {slug: {c.code for c in d.changes} for slug, (d, _) in decisions.items()}
    mentioned = {code for code, _ in events}  # every code a change row names or replaces
    return named, mentioned


def validate(raw: RawContent, report: Report) -> Site | None:
    """Validate every raw document; return the Site, or None when any error was found."""
    config = validate_document(raw.site, SiteConfig, report) if raw.site else None
    agencies = _validate_list(raw.agencies, Agency, report, "agencies.yaml")
    fields = _validate_list(raw.fields, FieldOfWork, report, "fields.yaml")
    procedures = _validate_procedures(raw.procedures, report)
    decisions = _validate_files(raw.decisions, Decision, report, "quyết định")
    plans = _validate_files(raw.plans, Plan, report, "kế hoạch")
    feedback = _validate_files(raw.feedback, FeedbackPosting, report, "phản ánh, kiến nghị")
    pages = _validate_files(raw.pages, Page, report, "trang")
    for slug, (_, doc) in pages.items():
        if slug in RESERVED_SLUGS:
            report.error(doc.display, 1, 1, f"tên tệp trang '{slug}' trùng với một mục có sẵn của trang web",
                         "Đổi tên tệp, ví dụ thêm '-gioi-thieu' vào cuối.")

    refs = _References(report, agencies, fields, procedures, decisions, feedback, raw.forms)
    for agency, (doc, loc) in agencies.values():
        refs.check(doc, loc + ("parent",), agency.parent, "agency")
    if config and raw.site:
        refs.check(raw.site, ("feedback",), config.feedback, "feedback")
        for i, code in enumerate(config.popular):
            refs.check(raw.site, ("popular", i), code, "procedure")
        if config.service_centre:
            refs.check(raw.site, ("service_centre", "agency"), config.service_centre.agency, "agency")
    for proc, doc in procedures.values():
        _check_procedure(refs, proc, doc)
    _check_decisions(refs, decisions, procedures)
    for posting, doc in feedback.values():
        refs.check(doc, ("agency",), posting.agency, "agency")

    if report.errors or config is None:
        return None
    return Site(
        config=config,
        agencies={k: v[0] for k, v in agencies.items()},
        fields={k: v[0] for k, v in fields.items()},
        procedures={k: v[0] for k, v in procedures.items()},
        decisions={k: v[0] for k, v in decisions.items()},
        plans={k: PlanDoc(k, v[0], v[1].body) for k, v in plans.items()},
        feedback={k: v[0] for k, v in feedback.items()},
        pages={k: PageDoc(k, v[0], v[1].body) for k, v in pages.items()},
        forms=frozenset(raw.forms),
        sources=_sources(raw, procedures, decisions, plans, feedback, pages),
    )


def _sources(raw: RawContent, procedures, decisions, plans, feedback, pages) -> dict[tuple, str]:
    sources = {(name,): doc.digest for name, doc in (("site", raw.site), ("agencies", raw.agencies),
                                                      ("fields", raw.fields)) if doc is not None}
    for kind, table in (("procedure", procedures), ("decision", decisions), ("plan", plans),
                        ("feedback", feedback), ("page", pages)):
        sources.update(((kind, key), doc.digest) for key, (_, doc) in table.items())
    return sources
