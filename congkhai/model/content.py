"""The typed content model. It validates content files and knows nothing about HTML.

Keys are English snake_case (the staff's contract in DESIGN.md); ``LABELS`` gives the
Vietnamese label shown to people for each procedure element, in the national order.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from ..text.vietnamese import collation_key, fold, parse_date

LEVELS = {"tinh": "Tỉnh", "huyen": "Huyện", "xa": "Xã"}
METHODS = {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "buu-chinh": "Dịch vụ bưu chính"}
ONLINE = {"none": "Không", "partial": "Một phần", "full": "Toàn trình"}
ACTIONS = {"new": "Ban hành mới", "amended": "Sửa đổi, bổ sung", "replaced": "Thay thế", "abolished": "Bãi bỏ"}

LABELS = {
    "code": "Mã thủ tục",
    "decision": "Quyết định công bố",
    "name": "Tên thủ tục",
    "level": "Cấp thực hiện",
    "kind": "Loại thủ tục",
    "field": "Lĩnh vực",
    "steps": "Trình tự thực hiện",
    "methods": "Cách thức thực hiện",
    "time": "Thời hạn giải quyết",
    "fee": "Phí, lệ phí",
    "documents": "Thành phần hồ sơ",
    "applicants": "Đối tượng thực hiện",
    "agency": "Cơ quan thực hiện",
    "authority": "Cơ quan có thẩm quyền",
    "receiving": "Địa chỉ tiếp nhận hồ sơ",
    "delegated": "Cơ quan được ủy quyền",
    "partners": "Cơ quan phối hợp",
    "result": "Kết quả thực hiện",
    "legal_basis": "Căn cứ pháp lý",
    "requirements": "Yêu cầu, điều kiện thực hiện",
    "online": "Dịch vụ công trực tuyến",
    "linked": "Liên thông",
    "updated": "Ngày cập nhật",
}

NO_INFORMATION = "Không có thông tin"


def _text(value: Any) -> Any:
    """Numbers written without quotes are still text (a phone, a number, a task's 'no')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return parse_date(value)
        except ValueError:
            return value  # pydantic reports it as a bad date
    return value


def _as_list(value: Any) -> Any:
    """A single value where a list is expected becomes a list of one."""
    if value is None:
        return []
    if isinstance(value, (str, int, dict)):
        return [value]
    return value


def _choice(labels: dict[str, str], extra: dict[str, str] | None = None):
    """Accept the key ("huyen") or its Vietnamese label ("Huyện", "Cấp huyện"), any case or marks."""
    table = {fold(label): key for key, label in labels.items()} | {fold(k): k for k in labels} | (extra or {})

    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            folded = fold(value.strip())
            folded = folded.removeprefix("cap ").strip()
            return table.get(folded, value)
        return value

    return normalise


Text = Annotated[str, BeforeValidator(_text)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Code = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^\d\.\d{6}$")]
Id = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
# Web addresses end up in href: only http(s), so no javascript: or data: URL reaches a page.
Url = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]
Level = Annotated[Literal["tinh", "huyen", "xa"], BeforeValidator(_choice(LEVELS, {"phuong": "xa", "thi tran": "xa", "dac khu": "xa"}))]
Count = Annotated[int, Field(ge=0, le=100)]


def ListOf(item):
    return Annotated[list[item], BeforeValidator(_as_list)]


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- the unit ---------------------------------------------------------------------

class Contact(Content):
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    website: Url | None = None


class ServiceCentre(Content):
    name: Text
    agency: Id | None = None
    address: Text | None = None
    phone: Text | None = None
    hours: Text | None = None


class Kiosk(Content):
    idle_seconds: Annotated[int, Field(ge=10, le=3600)] = 90


class SiteConfig(Content):
    name: Text
    short_name: Text | None = None
    level: Level
    parent: Text | None = None
    base_url: Url | None = None
    description: Text | None = None
    contact: Contact | None = None
    service_centre: ServiceCentre | None = None
    feedback: Id | None = None
    popular: ListOf(Code) = []  # procedures shown first on the home page
    kiosk: Kiosk = Kiosk()


class Agency(Content):
    id: Id
    name: Text
    aliases: ListOf(Text) = []  # other names documents use, e.g. "Trung tâm HCC huyện"
    kind: Text | None = None
    parent: Id | None = None
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    hours: Text | None = None
    website: Url | None = None


class FieldOfWork(Content):
    """A lĩnh vực (called Field in DESIGN.md; renamed here to keep pydantic's Field free)."""

    id: Id
    name: Text
    code: Text | None = None


# --- procedures ---------------------------------------------------------------------

class Method(Content):
    method: Annotated[Literal["truc-tiep", "truc-tuyen", "buu-chinh"],
                      BeforeValidator(_choice(METHODS, {"buu chinh": "buu-chinh", "truc tiep": "truc-tiep", "truc tuyen": "truc-tuyen"}))]
    time: Text | None = None
    fee: Text | None = None
    days: Annotated[float, Field(ge=0)] | None = None
    note: Text | None = None


class DocumentItem(Content):
    name: Text
    original: Count | None = None
    copy_: Count | None = Field(default=None, alias="copy")
    form: Text | None = None
    note: Text | None = None


class Case(Content):
    title: Text
    documents: ListOf(DocumentItem) = []


def _legal_item(value: Any) -> Any:
    return {"title": value} if isinstance(value, str) else value


class LegalRef(Content):
    number: Text | None = None
    title: Text | None = None
    date: Date | None = None
    issuer: Text | None = None


class Procedure(Content):
    code: Code
    name: Text
    field: Id
    level: ListOf(Level)
    kind: Text | None = None
    agency: Id
    authority: Id | None = None
    delegated: Id | None = None
    partners: ListOf(Id) = []
    receiving: ListOf(Id) = []
    steps: ListOf(Text) = []
    methods: ListOf(Method) = []
    online: Annotated[Literal["none", "partial", "full"], BeforeValidator(_choice(ONLINE, {"khong co": "none"}))] = "none"
    online_url: Url | None = None
    formality_id: Text | None = None
    documents: ListOf(DocumentItem) = []
    cases: ListOf(Case) = []
    applicants: ListOf(Text) = []
    result: Text | None = None
    requirements: Text | None = None
    legal_basis: ListOf(Annotated[LegalRef, BeforeValidator(_legal_item)]) = []
    linked: ListOf(Code) = []
    decision: Id | None = None
    updated: Date | None = None

    @model_validator(mode="after")
    def _documents_or_cases(self):
        if self.documents and self.cases:
            raise ValueError("documents_and_cases")
        return self

    @functools.cached_property
    def missing(self) -> tuple[str, ...]:
        """The required elements (completeness.REQUIRED) this procedure leaves empty. Worked out
        once per object: an unchanged file gives back the very same object."""
        from .completeness import missing_elements
        return tuple(missing_elements(self))

    @functools.cached_property
    def sort_key(self) -> tuple:
        """Where its name goes in Vietnamese alphabetical order."""
        return collation_key(self.name)

    @property
    def all_documents(self) -> list[DocumentItem]:
        return list(self.documents) + [d for case in self.cases for d in case.documents]

    @property
    def online_link(self) -> str | None:
        if self.online_url:
            return self.online_url
        if self.formality_id:
            return f"https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc={self.formality_id}"
        return None


# --- decisions ------------------------------------------------------------------------

class Change(Content):
    code: Code
    action: Annotated[Literal["new", "amended", "replaced", "abolished"],
                      BeforeValidator(_choice(ACTIONS, {"moi": "new", "sua doi": "amended", "bo sung": "amended"}))]
    replaces: ListOf(Code) = []
    effective: Date | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _replaces_goes_with_replaced(self):
        if self.action == "replaced" and not self.replaces:
            raise ValueError("replaced_without_replaces")
        if self.action != "replaced" and self.replaces:
            raise ValueError("replaces_without_replaced")
        return self


class Decision(Content):
    number: Text
    date: Date
    issuer: Text | None = None
    title: Text | None = None
    effective: Date | None = None
    document: Text | None = None
    changes: ListOf(Change) = []

    @property
    def effective_date(self) -> dt.date:
        return self.effective or self.date


# --- plans, feedback postings, pages ------------------------------------------------

class Task(Content):
    section: Text | None = None
    no: Text | None = None
    content: Text | None = None
    lead: Text | None = None
    partners: Text | None = None
    product: Text | None = None
    timeline: Text | None = None
    status: Text | None = None


TASK_COLUMNS = {"no": "TT", "content": "Nội dung công việc", "lead": "Cơ quan chủ trì",
                "partners": "Cơ quan phối hợp", "product": "Dự kiến sản phẩm",
                "timeline": "Thời gian thực hiện", "status": "Tình trạng"}
# Words that identify a column header of an original task table, tried in this order.
_COLUMN_WORDS = [("no", ("stt", "tt", "số thứ tự")), ("content", ("nội dung",)), ("lead", ("chủ trì",)),
                 ("partners", ("phối hợp",)), ("product", ("sản phẩm", "kết quả dự kiến")),
                 ("timeline", ("thời gian", "thời hạn", "tiến độ")), ("status", ("tình trạng", "kết quả thực hiện"))]


def column_key(label: str) -> str | None:
    """The task key a header such as 'Cơ quan chủ trì' or 'STT' names, or None."""
    text = label.strip().lower()
    for key, words in _COLUMN_WORDS:
        if any(text == w or (len(w) > 3 and w in text) for w in words):
            return key
    return None


class Appendix(Content):
    title: Text
    subtitle: Text | None = None
    columns: ListOf(Text) = []  # the original table's headers, in its order
    tasks: ListOf(Task) = []

    @model_validator(mode="after")
    def _columns_are_known(self):
        if any(column_key(c) is None for c in self.columns):
            raise ValueError("unknown_column")
        return self

    @property
    def column_keys(self) -> list[tuple[str, str]]:
        """(label, task key) pairs in display order; the standard six when none given."""
        if self.columns:
            return [(label, column_key(label)) for label in self.columns]
        return [(TASK_COLUMNS[k], k) for k in ("no", "content", "lead", "partners", "product", "timeline")]


class Plan(Content):
    number: Text
    date: Date
    place: Text | None = None
    issuer: Text | None = None
    title: Text
    legal_basis: ListOf(Text) = []
    signer: Text | None = None
    signer_title: Text | None = None
    recipients: ListOf(Text) = []
    appendices: ListOf(Appendix) = []


class OnlineChannel(Content):
    name: Text
    url: Url | None = None


def _channel(value: Any) -> Any:
    """A channel written as one string: a web address is both its name and its link."""
    if isinstance(value, str):
        return {"name": value, "url": value} if value.startswith(("http://", "https://")) else {"name": value}
    return value


class FeedbackPosting(Content):
    title: Text | None = None
    agency: Id
    address: Text | None = None
    mail_address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    online: ListOf(Annotated[OnlineChannel, BeforeValidator(_channel)]) = []
    hours: Text | None = None
    scope: ListOf(Text) = []
    legal_basis: ListOf(Text) = []
    posted_at: ListOf(Text) = []
    guidance: Text | None = None


class Page(Content):
    title: Text
    order: int = 0
    description: Text | None = None
