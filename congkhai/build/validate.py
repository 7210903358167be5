"""Validate raw content into the typed model; resolve and check every cross-reference."""

from __future__ import annotations

import datetime as dt
import re

from ..diagnostics import Report
from ..model.content import Agency, Decision, FieldOfWork, Procedure, SearchVocabulary, SiteConfig
from ..model.dependencies import digest as digest_of
from ..model.pages import FeedbackPosting, Page, Plan
from ..model.site import PageDoc, PlanDoc, Site
from ..text.vietnamese import format_short_date, slugify
from .checks import References, check_decisions, check_procedure
from .load import RawContent
from .parse import RawDocument
from .schema_errors import validate_document
from .unit_layer import check_publisher, check_roles, narrow_agencies, narrow_to_unit, unit_agencies, unit_procedures

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FOLDERS = {"procedure": "procedures", "decision": "decisions", "feedback": "feedback", "agency": "agencies",
            "field": "fields"}
# First path segments the site itself uses: a page may not take them.
RESERVED_SLUGS = {"thu-tuc", "linh-vuc", "co-quan", "ke-hoach", "phan-anh-kien-nghi", "quyet-dinh",
                  "thay-doi", "tim-kiem", "du-lieu", "tinh-day-du", "assets", "kiosk", "404", "bieu-mau", "tai-lieu"}


def _validate_list(doc: RawDocument | None, model, report: Report, label: str, broken: set) -> dict:
    """agencies.yaml and fields.yaml: a list of mappings, each with a unique id. The ids of
    items that are not valid go to ``broken``."""
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
            if isinstance(raw, dict) and raw.get("id") is not None:
                broken.add(str(raw["id"]))
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


def _validate_files(docs: list[RawDocument], model, report: Report, kind: str, broken: set) -> dict:
    """One item per file, its name the slug; the slugs of files that are not valid go to ``broken``."""
    result = {}
    for doc in docs:
        if not _check_slug(doc, report, kind):
            continue
        if doc.slug in result:
            report.error(doc.display, 1, 1, f"trùng tên với tệp '{result[doc.slug][1].path.name}'",
                         "Hai tệp không được cùng tên (kể cả khác đuôi .yaml/.yml); đổi tên một tệp.")
            continue
        item = validate_document(doc, model, report)
        if item is None:
            broken.add(doc.slug)
        else:
            result[doc.slug] = (item, doc)
    return result


VERSION = re.compile(r"^(\d\.\d{6})@(\d{4}-\d{2}-\d{2})$")


def _validate_versions(docs: list[RawDocument], report: Report) -> dict[str, dict]:
    """``procedures/<code>@<YYYY-MM-DD>.yaml``: code -> {date: (version, doc)}."""
    versions: dict[str, dict] = {}
    for doc in docs:
        match = VERSION.match(doc.slug)
        try:
            day = dt.date.fromisoformat(match.group(2)) if match else None
        except ValueError:
            day = None
        if day is None:
            report.error(doc.display, 1, 1, f"tên tệp '{doc.path.name}' không đúng dạng <mã>@<năm-tháng-ngày>.yaml",
                         "Bản chờ áp dụng đặt tên theo mã và ngày có hiệu lực, ví dụ '1.000656@2027-01-01.yaml'.")
            continue
        proc = validate_document(doc, Procedure, report)
        if proc is None:
            continue
        if proc.code != match.group(1):
            line, col = doc.where(("code",))
            report.error(doc.display, line, col, f"mã thủ tục '{proc.code}' khác mã trong tên tệp '{doc.path.name}'",
                         f"Đổi tên tệp thành '{proc.code}@{day.isoformat()}.yaml' hoặc sửa lại mã cho đúng.")
            continue
        versions.setdefault(proc.code, {})[day] = (proc, doc)
    return versions


def _check_versions(versions: dict, procedures: dict, decisions: dict, report: Report) -> None:
    """A version waits for an amending or replacing row of a decision that takes effect on its
    date, and for the file of the version in force."""
    for code, dated in versions.items():
        for day, (_, doc) in dated.items():
            if code not in procedures:
                report.error(doc.display, 1, 1, f"bản chờ áp dụng của thủ tục {code} nhưng chưa có tệp {code}.yaml "
                             "(nội dung đang áp dụng)",
                             f"Thủ tục mới chưa có hiệu lực thì đặt tên tệp là '{code}.yaml'; quyết định ghi ngày hiệu lực.")
                continue
            rows = [(d, row) for d, _ in decisions.values() for row in d.changes
                    if row.code == code and row.action in ("amended", "replaced")
                    and (row.effective or d.effective_date) == day]
            if not rows:
                report.error(doc.display, 1, 1, f"không có quyết định nào sửa đổi, bổ sung hay thay thế thủ tục {code} "
                             f"có hiệu lực ngày {format_short_date(day)}",
                             "Thêm dòng '- code: \"%s\"' với 'action: amended' vào quyết định, ghi ngày hiệu lực %s; "
                             "hoặc đổi ngày trong tên tệp cho đúng." % (code, format_short_date(day)))


def _validate_procedures(docs: list[RawDocument], report: Report, broken: set) -> dict:
    result: dict[str, tuple[Procedure, RawDocument]] = {}
    for doc in docs:
        proc = validate_document(doc, Procedure, report)
        if proc is None:
            broken.add(doc.slug)  # a procedure file is named by its code
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


def validate(raw: RawContent, report: Report) -> Site | None:
    """Validate every raw document; return the Site, or None when any error was found."""
    config = validate_document(raw.site, SiteConfig, report) if raw.site else None
    # Items whose own file has a mistake: reported there, and not again where they are named.
    broken = {kind: set(raw.failed.get(folder, ())) for kind, folder in _FOLDERS.items()}
    for kind, name in (("agency", "agencies"), ("field", "fields")):
        if name in raw.failed:  # the whole list unreadable: none of its ids can be checked
            broken[kind].add("*")
    agencies = _validate_list(raw.agencies, Agency, report, "agencies.yaml", broken["agency"])
    fields = _validate_list(raw.fields, FieldOfWork, report, "fields.yaml", broken["field"])
    version_docs = [d for d in raw.procedures if "@" in d.slug]
    procedures = _validate_procedures([d for d in raw.procedures if "@" not in d.slug], report, broken["procedure"])
    search = validate_document(raw.search, SearchVocabulary, report) if raw.search else None
    unbound, common = {}, set(procedures)
    if raw.unit is not None:  # one unit of a tree of units: its share of the common catalogue
        check_publisher(raw, report)
        own = _validate_list(raw.unit.agencies, Agency, report, "agencies.yaml", broken["agency"])
        agencies, unbound = unit_agencies(raw, agencies, own)
        broken["agency"] |= set(unbound)  # reported once each, by check_roles
        fields |= _validate_list(raw.unit.fields, FieldOfWork, report, "fields.yaml", broken["field"])
        procedures, own_versions = unit_procedures(raw, config, procedures, report, broken["procedure"])
        version_docs = [d for d in version_docs if d.slug.split("@")[0] in procedures] + own_versions
        search = _joined_vocabulary(validate_document(raw.unit.search, SearchVocabulary, report)
                                    if raw.unit.search else None, search)
    elif config is not None and config.units and raw.site is not None:
        report.error(raw.site.display, *raw.site.where(("units",)), "site.yaml khai báo 'units: true' nhưng chưa có "
                     "thư mục units/ với các đơn vị", "Tạo đơn vị bằng 'python build.py new unit <mã>', hoặc bỏ dòng này.")
    versions = _validate_versions(version_docs, report)
    decisions = _validate_files(raw.decisions, Decision, report, "quyết định", broken["decision"])
    plans = _validate_files(raw.plans, Plan, report, "kế hoạch", set())
    feedback = _validate_files(raw.feedback, FeedbackPosting, report, "phản ánh, kiến nghị", broken["feedback"])
    pages = _validate_files(raw.pages, Page, report, "trang", set())
    for slug, (_, doc) in pages.items():
        if slug in RESERVED_SLUGS:
            report.error(doc.display, 1, 1, f"tên tệp trang '{slug}' trùng với một mục có sẵn của trang web",
                         "Đổi tên tệp, ví dụ thêm '-gioi-thieu' vào cuối.")

    refs = References(report, {"agency": agencies, "field": fields, "procedure": procedures, "decision": decisions,
                               "feedback": feedback}, raw.forms, raw.documents, broken,
                      {"procedure": common - set(procedures)})
    for agency, (doc, loc) in agencies.values():
        refs.check(doc, loc + ("parent",), agency.parent, "agency")
    if config and raw.site:
        refs.check(raw.site, ("feedback",), config.feedback, "feedback")
        for i, code in enumerate(config.popular):
            refs.check(raw.site, ("popular", i), code, "procedure")
        if config.service_centre:
            refs.check(raw.site, ("service_centre", "agency"), config.service_centre.agency, "agency")
    for proc, doc in [*procedures.values(), *(v for dated in versions.values() for v in dated.values())]:
        check_procedure(refs, proc, doc)
    check_decisions(refs, decisions, procedures)
    _check_versions(versions, procedures, decisions, report)
    for posting, doc in feedback.values():
        refs.check(doc, ("agency",), posting.agency, "agency")
    if unbound:
        check_roles(raw, unbound, procedures, feedback, config, report)
    _report_placeholders(raw, report)

    if report.errors or config is None:
        return None
    if raw.unit is not None:
        procedures, decisions = narrow_to_unit(procedures, decisions)
        agencies = narrow_agencies(raw, agencies, set(own), procedures, feedback, config)
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
        search=search,
        versions={code: tuple(sorted((day, v[0]) for day, v in dated.items())) for code, dated in versions.items()},
        sources={**_sources(raw, procedures, decisions, plans, feedback, pages), **_version_sources(versions)},
    )


def _joined_vocabulary(own: SearchVocabulary | None, shared: SearchVocabulary | None) -> SearchVocabulary | None:
    """A unit's search.yaml, tried before the common one's."""
    if own is None or shared is None:
        return own or shared
    return SearchVocabulary(synonyms=[*own.synonyms, *shared.synonyms], stopwords=[*own.stopwords, *shared.stopwords])


def _report_placeholders(raw: RawContent, report: Report) -> None:
    layer = raw.unit
    singles = [doc for doc in (raw.site, raw.agencies, raw.fields, raw.search) if doc is not None]
    if layer is not None:
        singles += [doc for doc in (layer.agencies, layer.fields, layer.search) if doc is not None] + layer.procedures
    for doc in [*singles, *raw.procedures, *raw.decisions, *raw.plans, *raw.feedback, *raw.pages]:
        for line, column, marker in doc.placeholders:
            report.warning(doc.display, line, column, f"'{marker}' là ghi chú nội bộ nhưng nằm trong nội dung sẽ đăng "
                           "lên trang", "Xác minh rồi xóa ghi chú này; ghi chú cần giữ lại thì viết sau dấu '#' ở cuối "
                           "dòng (trong tệp YAML), người dân sẽ không thấy.")


def _sources(raw: RawContent, procedures, decisions, plans, feedback, pages) -> dict[tuple, str]:
    sources = {(name,): doc.digest for name, doc in (("site", raw.site), ("agencies", raw.agencies),
                                                      ("fields", raw.fields), ("search", raw.search))
               if doc is not None}
    if raw.unit is not None:  # a unit's own file joins the common one's
        for name in ("agencies", "fields", "search"):
            own = getattr(raw.unit, name)
            if own is not None:
                sources[(name,)] = digest_of(sources.get((name,)), own.digest)
    for kind, table in (("procedure", procedures), ("decision", decisions), ("plan", plans),
                        ("feedback", feedback), ("page", pages)):
        sources.update(((kind, key), doc.digest) for key, (_, doc) in table.items())
    return sources


def _version_sources(versions: dict) -> dict[tuple, str]:
    return {("version", code, day.isoformat()): doc.digest for code, dated in versions.items()
            for day, (_, doc) in dated.items()}
