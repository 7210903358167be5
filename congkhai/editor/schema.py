"""What a form shows for each content file: a tree of widgets made from the content model.

The model (model/content.py, model/pages.py) is the one list of keys; this module reads it,
so a key added there gets a form field without a change here. Each widget knows its YAML key,
its Vietnamese label, how it is typed, and what a reference points at (for the pickers).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass

from pydantic import BaseModel

from ..model.content import (ACTIONS, LABELS, LEVELS, METHODS, NONE_LISTS, NONE_REFERENCES, ONLINE, Agency, Case,
                             Change, Decision, DocumentItem, FieldOfWork, Procedure, SearchVocabulary, ServiceCentre,
                             SiteConfig)
from ..model.pages import TASK_COLUMNS, FeedbackPosting, Page, Plan

# Vietnamese labels of the keys that are not procedure elements (those are in LABELS).
KEY_LABELS = {
    "id": "Mã (id)", "short_name": "Tên ngắn", "parent": "Cơ quan, đơn vị cấp trên", "base_url": "Địa chỉ trang đăng",
    "description": "Mô tả", "contact": "Liên hệ", "address": "Địa chỉ", "phone": "Điện thoại", "email": "Thư điện tử",
    "website": "Trang web", "service_centre": "Bộ phận một cửa", "hours": "Giờ làm việc",
    "feedback": "Địa chỉ phản ánh hiện trên mọi trang", "popular": "Thủ tục hay dùng (hiện trước trên trang chủ)",
    "kiosk": "Máy tra cứu", "idle_seconds": "Số giây không chạm thì về trang đầu",
    "units": "Tỉnh có nhiều đơn vị (units/)", "procedures": "Thủ tục của đơn vị", "levels": "Các cấp",
    "include": "Thêm các thủ tục", "exclude": "Bỏ các thủ tục", "aliases": "Tên gọi khác", "role": "Là vai trò (mỗi đơn vị gán)",
    "method": "Cách thức", "days": "Số ngày làm việc", "note": "Ghi chú", "original": "Số bản chính",
    "copy": "Số bản sao", "form": "Mẫu đơn, tờ khai", "cases": "Hồ sơ theo trường hợp", "title": "Tiêu đề, trích yếu",
    "number": "Số ký hiệu", "date": "Ngày", "issuer": "Cơ quan ban hành", "online_url": "Địa chỉ nộp trực tuyến",
    "formality_id": "Mã trên Cổng Dịch vụ công quốc gia", "sources": "Nguồn", "document": "Văn bản",
    "sha256": "Mã kiểm tra (sha256)", "checked": "Ngày đối chiếu", "effective": "Ngày có hiệu lực",
    "changes": "Các thủ tục được công bố", "action": "Việc công bố", "replaces": "Thay thế các thủ tục",
    "synonyms": "Nhóm từ cùng nghĩa", "stopwords": "Từ bỏ qua khi tìm", "place": "Địa danh",
    "signer": "Người ký", "signer_title": "Chức vụ người ký", "recipients": "Nơi nhận", "appendices": "Phụ lục",
    "subtitle": "Tiêu đề phụ", "columns": "Tên các cột (theo bảng gốc)", "tasks": "Nhiệm vụ", "section": "Mục",
    "no": "TT", "mail_address": "Địa chỉ gửi thư", "scope": "Phạm vi tiếp nhận", "posted_at": "Nơi niêm yết",
    "guidance": "Hướng dẫn", "order": "Thứ tự", "url": "Địa chỉ web",
    "body": "Nội dung (Markdown)", "name": "Tên",
    **{k: v for k, v in TASK_COLUMNS.items() if k not in ("no",)},
}
SPECIAL_LABELS = {
    (DocumentItem, "name"): "Tên giấy tờ", (Case, "title"): "Trường hợp", (Agency, "kind"): "Loại cơ quan",
    (SiteConfig, "name"): "Tên đơn vị", (SiteConfig, "level"): "Cấp hành chính", (Agency, "name"): "Tên cơ quan",
    (FieldOfWork, "name"): "Tên lĩnh vực", (FieldOfWork, "code"): "Mã lĩnh vực quốc gia",
    (FeedbackPosting, "online"): "Kênh trực tuyến", (FeedbackPosting, "agency"): "Cơ quan tiếp nhận",
    (ServiceCentre, "name"): "Tên bộ phận", (ServiceCentre, "agency"): "Cơ quan (id)",
    (Change, "code"): "Mã thủ tục", (Change, "effective"): "Ngày hiệu lực riêng của dòng này",
}
CHOICES = {"method": METHODS, "action": ACTIONS, "online": ONLINE, "level": LEVELS, "levels": LEVELS}
# What a key refers to: the picker offers these, searched by name without diacritics.
REFERENCES = {
    "field": "fields", "agency": "agencies", "authority": "agencies", "delegated": "agencies", "partners": "agencies",
    "receiving": "agencies", "linked": "procedures", "popular": "procedures", "include": "procedures",
    "exclude": "procedures", "replaces": "procedures", "decision": "decisions", "form": "forms", "feedback": "feedback",
}
MODEL_REFERENCES = {(Change, "code"): "procedures", (Agency, "parent"): "agencies"}
LONG_TEXTS = {"requirements", "result", "steps", "guidance", "description", "content", "note", "product", "scope"}
MARKDOWN = {"requirements", "guidance", "body"}
HIDDEN = {"explicit_none"}  # worked out from "Không", never typed
NONE_ALLOWED = set(NONE_LISTS) | set(NONE_REFERENCES)


@dataclass(frozen=True)
class Widget:
    """One form field. ``kind``: text, long, markdown, integer, number, date, choice, flag,
    reference, group (``children`` are its keys) or list (``children`` is its one item)."""

    key: str
    label: str
    kind: str
    children: tuple[Widget, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()
    refers: str = ""
    required: bool = False
    none_allowed: bool = False  # the element may be written "Không" (the procedure has none)

    def child(self, key: str) -> Widget | None:
        return next((c for c in self.children if c.key == key), None)


def _label(key: str, model: type) -> str:
    if (model, key) in SPECIAL_LABELS:
        return SPECIAL_LABELS[model, key]
    if model is Procedure:
        return LABELS.get(key) or KEY_LABELS[key]
    return KEY_LABELS.get(key) or LABELS.get(key, key)


def _unwrap(annotation):
    """The type under Annotated and Optional; (type, optional)."""
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, optional


def _widget(key: str, annotation, model: type, required: bool) -> Widget:
    kind, optional = _unwrap(annotation)
    label = _label(key, model)
    origin = typing.get_origin(kind)
    if origin is list:
        item = dataclasses.replace(_widget(key, typing.get_args(kind)[0], model, False), none_allowed=False)
        return Widget(key, label, "list", (item,), refers=item.refers,
                      none_allowed=model is Procedure and key in NONE_ALLOWED)
    if origin is typing.Literal:
        names = CHOICES.get(key, {})
        return Widget(key, label, "choice", choices=tuple((v, names.get(v, v)) for v in typing.get_args(kind)),
                      required=required)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return Widget(key, label, "group", fields_of(kind), required=required)
    if kind is bool:
        return Widget(key, label, "flag")
    if kind is int:
        return Widget(key, label, "integer", required=required)
    if kind is float:
        return Widget(key, label, "number", required=required)
    if kind is dt.date:
        return Widget(key, label, "date", required=required)
    refers = MODEL_REFERENCES.get((model, key)) or (REFERENCES.get(key) if model is not Decision else "")
    if refers:
        return Widget(key, label, "reference", refers=refers, required=required,
                      none_allowed=model is Procedure and key in NONE_ALLOWED)
    text = "markdown" if key in MARKDOWN else "long" if key in LONG_TEXTS else "text"
    return Widget(key, label, text, required=required)


@functools.cache
def fields_of(model: type) -> tuple[Widget, ...]:
    """The widgets of a model's keys, in the model's order (the order of the scaffolds)."""
    return tuple(_widget(info.alias or name, info.annotation, model, info.is_required())
                 for name, info in model.model_fields.items() if name not in HIDDEN)


@dataclass(frozen=True)
class FileKind:
    """What one content file holds: its model, whether the file is a list of them (agencies,
    fields), and whether a Markdown body follows the YAML (plans, pages)."""

    name: str  # the folder or file name: procedures, site, ...
    title: str  # Vietnamese, for headings
    model: type
    many: bool = False
    markdown: bool = False

    def data_form(self, hidden: frozenset[str] = frozenset()) -> Widget:
        """The widgets of the file's YAML, but for the ``hidden`` keys (which a save leaves as
        the file has them)."""
        item = Widget("", self.title, "group", tuple(w for w in fields_of(self.model) if w.key not in hidden))
        return Widget("", self.title, "list", (item,)) if self.many else item

    def form(self, hidden: frozenset[str] = frozenset()) -> Widget:
        """The whole form: the YAML's widgets, and the Markdown body of a plan or a page."""
        data = self.data_form(hidden)
        if self.markdown:
            return Widget("", self.title, "group", (*data.children, Widget("body", KEY_LABELS["body"], "markdown")))
        return data


KINDS = {k.name: k for k in (
    FileKind("site", "Thông tin đơn vị", SiteConfig),
    FileKind("agencies", "Cơ quan", Agency, many=True),
    FileKind("fields", "Lĩnh vực", FieldOfWork, many=True),
    FileKind("search", "Từ ngữ tìm kiếm", SearchVocabulary),
    FileKind("procedures", "Thủ tục", Procedure),
    FileKind("decisions", "Quyết định công bố", Decision),
    FileKind("feedback", "Địa chỉ phản ánh, kiến nghị", FeedbackPosting),
    FileKind("plans", "Kế hoạch", Plan, markdown=True),
    FileKind("pages", "Trang", Page, markdown=True),
)}
