"""Checks across content files, once each file is valid on its own: the ids, forms and source
documents a file names exist; the decisions' change rows can be dated and do not collide; and,
as warnings, what a procedure does not give (shown as "Không có thông tin")."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from urllib.parse import urlsplit

from ..diagnostics import Report
from ..model.content import LABELS, NONE_LISTS, NONE_REFERENCES, NONE_TEXTS, Decision, Procedure
from ..model.lifecycle import PRECEDENCE, STATE_LABELS, state_after
from ..text.vietnamese import format_short_date
from .load import DocumentFiles
from .parse import RawDocument

URL = re.compile(r"^https?://", re.I)
_ACTION_WORDS = {"new": "ban hành mới", "amended": "sửa đổi, bổ sung", "replaced": "thay thế",
                 "replaced-by": "bị thay thế", "abolished": "bãi bỏ"}


def decision_label(decision: Decision) -> str:
    """'số 3582/QĐ-UBND', or 'không số' for a posting without a number."""
    return f"số {decision.number}" if decision.number else "không số"


class References:
    """Checks that each id or file named in content exists, pointing at the value naming it."""

    def __init__(self, report: Report, tables: dict, forms: frozenset[str], documents: DocumentFiles | None,
                 broken: dict[str, set[str]] | None = None, elsewhere: dict[str, set[str]] | None = None):
        self.report, self.tables, self.forms, self.documents = report, tables, forms, documents
        self.broken = broken or {}  # kind -> ids whose own file has a mistake, reported there
        # kind -> ids that exist but not here: a unit's decision may name a procedure of the
        # common catalogue that another level carries out
        self.elsewhere = elsewhere or {}

    _WHAT = {
        "agency": ("cơ quan", "agencies.yaml"),
        "field": ("lĩnh vực", "fields.yaml"),
        "procedure": ("thủ tục", "thư mục procedures/"),
        "decision": ("quyết định", "thư mục decisions/"),
        "feedback": ("địa chỉ phản ánh, kiến nghị", "thư mục feedback/"),
    }

    def check(self, doc: RawDocument, loc: tuple, value: str | None, kind: str) -> None:
        broken = self.broken.get(kind, ())
        if value is None or value in self.tables[kind] or value in broken or "*" in broken \
                or value in self.elsewhere.get(kind, ()):
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

    def check_sources(self, doc: RawDocument, sources: list) -> None:
        """A source document in content/documents/ exists and has the sha256 written for it."""
        for i, source in enumerate(sources):
            name = source.document.removeprefix("documents/")
            if URL.match(source.document):
                continue
            line, col = doc.where(("sources", i, "document"))
            known = self.documents.names if self.documents is not None else frozenset()
            if ".." in name.split("/") or name.startswith("/") or name not in known:
                self.report.error(doc.display, line, col, f"không tìm thấy tài liệu nguồn '{source.document}' "
                                  "trong content/documents/",
                                  "Chép văn bản (quyết định, tệp xuất từ Cơ sở dữ liệu quốc gia) vào content/documents/, "
                                  "hoặc ghi địa chỉ web của nó.")
                continue
            actual = self.documents.sha256(name)
            if source.sha256 is None:
                self.report.warning(doc.display, line, col, f"tài liệu nguồn '{name}' chưa ghi sha256",
                                    f"Thêm 'sha256: {actual}' để lần kiểm tra sau biết tệp có bị thay đổi không.")
            elif actual != source.sha256:
                line, col = doc.where(("sources", i, "sha256"))
                self.report.error(doc.display, line, col,
                                  f"tài liệu nguồn '{name}' đã khác bản đã đối chiếu: sha256 ghi trong tệp là "
                                  f"{source.sha256}, của tệp hiện có là {actual}",
                                  "Đối chiếu lại nội dung với văn bản mới, rồi ghi sha256 mới và ngày 'checked'; "
                                  "hoặc đặt lại đúng văn bản cũ.")


def check_procedure(refs: References, proc: Procedure, doc: RawDocument) -> None:
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
    refs.check_sources(doc, proc.sources)
    _report_not_given(refs.report, proc, doc)


NONE_ABLE = frozenset((*NONE_LISTS, *NONE_REFERENCES, *NONE_TEXTS))
_NOT_GIVEN_HINTS = {
    "time": "Ghi 'time' (thời hạn giải quyết) cho từng cách thức trong 'methods'.",
    "fee": "Ghi 'fee' cho từng cách thức trong 'methods'; không thu phí thì ghi 'fee: Không'.",
    "online": "Ghi 'online: none' nếu không có dịch vụ công trực tuyến, 'partial' (một phần) hoặc 'full' (toàn trình).",
    "field": "Ghi 'field' (id trong fields.yaml); khi chưa có, thủ tục nằm trong nhóm 'Chưa phân loại'.",
}


def _report_not_given(report: Report, proc: Procedure, doc: RawDocument) -> None:
    """Each element the procedure does not give, as a warning; and a link to submit online
    given while ``online`` says there is none."""
    for key in proc.missing:
        where = key if key not in ("time", "fee") else "methods"
        line, col = doc.where_top_key(where) or (1, 1)
        hint = _NOT_GIVEN_HINTS.get(key) or (f"Điền theo quyết định công bố; nếu thủ tục không có nội dung này, viết "
                                             f"'{key}: Không'." if key in NONE_ABLE else "Điền theo quyết định công bố.")
        report.warning(doc.display, line, col, f"thủ tục {proc.code} chưa có thông tin '{LABELS[key]}' ({key}); "
                       "trang hiện 'Không có thông tin'", hint)
    if proc.online_url and urlsplit(proc.online_url).path in ("", "/") and not urlsplit(proc.online_url).query:
        line, col = doc.where_top_key("online_url") or (1, 1)
        report.warning(doc.display, line, col, f"'online_url' ({proc.online_url}) là trang chủ của một cổng, không phải "
                       "trang của thủ tục này: người dân bấm 'Nộp hồ sơ trực tuyến' sẽ phải tự tìm lại thủ tục",
                       "Ghi địa chỉ trang của đúng thủ tục này, ví dụ trên Cổng Dịch vụ công quốc gia: "
                       f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={proc.code}")
    if proc.online == "none" and proc.online_link:
        line, col = doc.where_top_key("online") or (1, 1)
        report.warning(doc.display, line, col, "'online: none' (không có dịch vụ công trực tuyến) nhưng thủ tục có "
                       "địa chỉ nộp hồ sơ trực tuyến; trang vẫn hiện nút 'Nộp hồ sơ trực tuyến'",
                       "Sửa 'online' thành partial (một phần) hoặc full (toàn trình), hoặc bỏ địa chỉ nếu không còn dùng.")


def check_decisions(refs: References, decisions: dict, procedures: dict) -> None:
    """Every change names a procedure with a file and can be dated; changes to one code on one
    day are reported; a procedure's decision lists it."""
    named, mentioned = _check_changes(refs, decisions)
    for code, (proc, doc) in procedures.items():
        if proc.decision and proc.decision in decisions:
            decision = decisions[proc.decision][0]
            if decision.changes and code not in named[proc.decision]:
                line, col = doc.where(("decision",))
                refs.report.error(doc.display, line, col,
                                  f"quyết định {decision_label(decision)} không có dòng thay đổi nào cho thủ tục {code}",
                                  f"Thêm '- code: \"{code}\"' vào 'changes' của quyết định, hoặc sửa khóa 'decision'.")
            elif not decision.changes and decision.effective_date is None:
                line, col = doc.where_top_key("decision") or (1, 1)
                refs.report.warning(doc.display, line, col,
                                    f"quyết định {decision_label(decision)} không có ngày: không biết thủ tục {code} "
                                    "áp dụng từ ngày nào", "Thêm 'date' hoặc 'effective' vào tệp quyết định.")
        if not proc.decision and code not in mentioned:
            refs.report.warning(doc.display, 1, 1, f"thủ tục {code} chưa gắn với quyết định công bố nào",
                                "Thêm khóa 'decision' hoặc một dòng trong 'changes' của quyết định công bố.")


def _check_changes(refs: References, decisions: dict) -> tuple:
    """The decisions' own rows: codes and files they name, a date for each, changes per day."""
    events: dict[tuple, list] = defaultdict(list)
    for slug in sorted(decisions):
        decision, doc = decisions[slug]
        refs.check_file(doc, ("document",), decision.document)
        refs.check_sources(doc, decision.sources)
        for i, change in enumerate(decision.changes):
            refs.check(doc, ("changes", i, "code"), change.code, "procedure")
            effective = change.effective or decision.effective_date
            if effective is None:
                line, col = doc.where(("changes", i))
                refs.report.error(doc.display, line, col,
                                  f"không biết thay đổi của thủ tục {change.code} có hiệu lực từ ngày nào: quyết định "
                                  "không có ngày ký, ngày hiệu lực, và dòng này không có 'effective'",
                                  "Thêm 'effective: YYYY-MM-DD' vào dòng này, hoặc 'date'/'effective' vào quyết định.")
                continue
            events[(change.code, effective)].append((doc, ("changes", i, "code"), slug, decision, change.action))
            for r, old in enumerate(change.replaces):
                loc = ("changes", i, "replaces", r)
                if old == change.code:
                    line, col = doc.where(loc)
                    refs.report.error(doc.display, line, col, "thủ tục không thể thay thế chính nó",
                                      "'replaces' ghi mã thủ tục cũ bị thay thế, khác với 'code'.")
                    continue
                refs.check(doc, loc, old, "procedure")
                events[(old, effective)].append((doc, loc, slug, decision, "replaced-by"))
    for (code, day), rows in sorted(events.items(), key=lambda item: (item[0][0], item[0][1])):
        if len(rows) > 1:
            _report_same_day(refs.report, code, day, rows)
    named = {slug: {c.code for c in d.changes} for slug, (d, _) in decisions.items()}
    mentioned = {code for code, _ in events}  # every code a change row names or replaces
    return named, mentioned


def _report_same_day(report: Report, code: str, day, rows: list) -> None:
    """Changes to one code taking effect on one day: ban hành mới and bãi bỏ by one decision is
    a warning (the procedure is abolished); anything else an error. The message names every
    row, where it is, and what the procedure's status would be."""
    ordered = sorted(rows, key=lambda r: PRECEDENCE[r[4]])
    places = []
    for doc, loc, _, decision, action in ordered:
        line, _col = doc.where(loc)
        places.append(f"{doc.display}:{line} ({_ACTION_WORDS[action]}, quyết định {decision_label(decision)})")
    outcome = STATE_LABELS[state_after(ordered[-1][4])].lower()
    doc, loc = ordered[-1][0], ordered[-1][1]
    line, col = doc.where(loc)
    same_decision = len({r[2] for r in rows}) == 1
    if same_decision and sorted(r[4] for r in rows) == ["abolished", "new"]:
        report.warning(doc.display, line, col,
                       f"thủ tục {code} được ban hành mới và bãi bỏ cùng ngày {format_short_date(day)}: "
                       + "; ".join(places) + f". Thủ tục được coi là {outcome}",
                       "Nếu quyết định đúng như vậy, không cần sửa; nếu nhầm, bỏ dòng không đúng.")
        return
    report.error(doc.display, line, col,
                 f"thủ tục {code} có {len(rows)} thay đổi cùng có hiệu lực ngày {format_short_date(day)}: "
                 + "; ".join(places),
                 f"Mỗi thủ tục chỉ có một thay đổi cho mỗi ngày; nếu để nguyên, thủ tục được coi là {outcome} "
                 "(thay đổi xếp sau cùng: ban hành mới, sửa đổi, thay thế, bãi bỏ). Bỏ dòng trùng hoặc sửa ngày 'effective'.")
