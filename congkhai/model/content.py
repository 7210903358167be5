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
# What each level means for a citizen (Nghị định 42/2022/NĐ-CP, Điều 11).
ONLINE_PLAIN = {
    "partial": "Nộp hồ sơ trên mạng được, nhưng vẫn có bước phải đến cơ quan "
               "(thường là xuất trình bản chính, nộp phí hoặc nhận kết quả).",
    "full": "Làm trọn trên mạng, từ nộp hồ sơ, nộp phí đến nhận kết quả; không phải đến cơ quan.",
}
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
EXPLICIT_NONE = "Không"  # what the page shows for an element the procedure explicitly does not have


def _text(value: Any) -> Any:
    """Text as written, without surrounding spaces. A number stays a number, which pydantic
    refuses where text is expected (``steps: 3`` is a mistake, not the step "3")."""
    return value.strip() if isinstance(value, str) else value


def _label(value: Any) -> Any:
    """Text that may be written as a number without quotes: a phone, a document's or a task's
    number, a code."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def says_none(value: Any) -> bool:
    """Whether a value written for an element says the procedure has none of it ("Không")."""
    return isinstance(value, str) and fold(value.strip().rstrip(".")) in ("khong", "khong co", "none")


def says_not_given(value: Any) -> bool:
    """Whether a value written for an element says it is not known ("Không có thông tin")."""
    return isinstance(value, str) and fold(value.strip().rstrip(".")) == "khong co thong tin"


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
Label = Annotated[str, BeforeValidator(_label)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Code = Annotated[str, BeforeValidator(_label), StringConstraints(pattern=r"^\d\.\d{6}$")]
Id = Annotated[str, BeforeValidator(_label), StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
# Web addresses end up in href: only http(s), so no javascript: or data: URL reaches a page.
Url = Annotated[str, BeforeValidator(_text), StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]
Sha256 = Annotated[str, BeforeValidator(lambda v: v.strip().lower() if isinstance(v, str) else v),
                   StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Level = Annotated[Literal["tinh", "huyen", "xa"], BeforeValidator(_choice(LEVELS, {"phuong": "xa", "thi tran": "xa", "thi-tran": "xa", "dac khu": "xa", "dac-khu": "xa"}))]
Count = Annotated[int, Field(ge=0, le=100)]


def ListOf(item):
    return Annotated[list[item], BeforeValidator(_as_list)]


class Content(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


# --- the unit ---------------------------------------------------------------------

class Contact(Content):
    address: Text | None = None
    phone: Label | None = None
    email: Text | None = None
    website: Url | None = None


class ServiceCentre(Content):
    name: Text
    agency: Id | None = None
    address: Text | None = None
    phone: Label | None = None
    hours: Text | None = None


class Kiosk(Content):
    idle_seconds: Annotated[int, Field(ge=10, le=3600)] = 90


class UnitProcedures(Content):
    """Which shared procedures a unit publishes: those of ``levels`` (default: the unit's own
    level), plus ``include``, minus ``exclude``."""

    levels: ListOf(Level) = []
    include: ListOf(Code) = []
    exclude: ListOf(Code) = []


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
    units: bool = False  # the publisher of many units: content/units/<unit>/ (DESIGN.md "Units")
    procedures: UnitProcedures | None = None  # a unit's share of the common catalogue


class Agency(Content):
    id: Id
    name: Text
    aliases: ListOf(Text) = []  # other names documents use, e.g. "Trung tâm HCC huyện"
    kind: Text | None = None
    parent: Id | None = None
    address: Text | None = None
    phone: Label | None = None
    email: Text | None = None
    hours: Text | None = None
    website: Url | None = None
    role: bool = False  # shared agencies.yaml: a role each unit binds (an agency of the same id)


class FieldOfWork(Content):
    """A lĩnh vực (called Field in DESIGN.md; renamed here to keep pydantic's Field free)."""

    id: Id
    name: Text
    code: Label | None = None


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
    number: Label | None = None
    title: Text | None = None
    date: Date | None = None
    issuer: Text | None = None


class Source(Content):
    """Where a published content came from (provenance)."""

    document: Text  # a file in content/documents/ or a web address
    sha256: Sha256 | None = None  # of the file: check verifies it for a file in content/documents/
    checked: Date | None = None  # when the content was compared with it
    note: Text | None = None


# Elements a procedure may say it does not have, by writing "Không": they are then empty and
# named in ``explicit_none``. (A text element such as ``fee: Không`` keeps its text.)
NONE_LISTS = ("partners", "receiving", "steps", "methods", "documents", "applicants", "legal_basis", "linked")
NONE_REFERENCES = ("agency", "authority", "delegated")
NONE_TEXTS = ("kind", "result", "requirements")


class Procedure(Content):
    """Only ``code`` and ``name`` are required. Every other element has three states: given;
    explicitly none ("Không"); not given (absent, empty, or "Không có thông tin")."""

    code: Code
    name: Text
    field: Id | None = None
    level: ListOf(Level) = []
    kind: Text | None = None
    agency: Id | None = None
    authority: Id | None = None
    delegated: Id | None = None
    partners: ListOf(Id) = []
    receiving: ListOf(Id) = []
    steps: ListOf(Text) = []
    methods: ListOf(Method) = []
    online: Annotated[Literal["none", "partial", "full"], BeforeValidator(_choice(ONLINE, {"khong co": "none"}))] | None = None
    online_url: Url | None = None
    formality_id: Label | None = None
    documents: ListOf(DocumentItem) = []
    cases: ListOf(Case) = []
    applicants: ListOf(Text) = []
    result: Text | None = None
    requirements: Text | None = None
    legal_basis: ListOf(Annotated[LegalRef, BeforeValidator(_legal_item)]) = []
    linked: ListOf(Code) = []
    decision: Id | None = None
    updated: Date | None = None
    sources: ListOf(Source) = []
    explicit_none: ListOf(Literal[NONE_LISTS + NONE_REFERENCES]) = []  # written as "Không"

    @model_validator(mode="before")
    @classmethod
    def _three_states(cls, data: Any) -> Any:
        """"Không" given for a list or a reference: empty, and named in ``explicit_none``;
        "Không có thông tin" written for any element: not given."""
        if not isinstance(data, dict):
            return data
        data, none = dict(data), list(_as_list(data.get("explicit_none")))
        for key in (*NONE_LISTS, *NONE_REFERENCES, *NONE_TEXTS):
            value = data.get(key)
            if says_not_given(value) or (key not in NONE_TEXTS and says_none(value)):
                data[key] = [] if key in NONE_LISTS else None
                if says_none(value) and key not in none:
                    none.append(key)
        if none:
            data["explicit_none"] = none
        return data

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
    """A posting may lack a number ("Không số") and even a date; each change row must then carry
    its own ``effective`` date."""

    number: Label | None = None
    date: Date | None = None
    issuer: Text | None = None
    title: Text | None = None
    effective: Date | None = None
    document: Text | None = None
    changes: ListOf(Change) = []
    sources: ListOf(Source) = []

    @property
    def effective_date(self) -> dt.date | None:
        return self.effective or self.date


# --- the search vocabulary ---------------------------------------------------------

def _group(value):
    if isinstance(value, list) and len([v for v in value if v is not None]) < 2:
        raise ValueError("synonym_group_short")
    return value


class SearchVocabulary(Content):
    """content/search.yaml: a unit's own words, added to the vocabulary congkhai ships
    (congkhai/text/tu-vung.yaml; docs/tim-kiem.md)."""

    synonyms: list[Annotated[list[Text], BeforeValidator(_group)]] = []  # each group: ways of saying one thing
    stopwords: ListOf(Text) = []  # words that carry no meaning for search here
