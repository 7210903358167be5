"""Content published as a page of its own: plans with their task tables, feedback postings,
free pages."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, model_validator

from .content import Content, Date, Id, Label, ListOf, Text, Url


class Task(Content):
    section: Text | None = None
    no: Label | None = None
    content: Text | None = None
    lead: Text | None = None
    partners: Text | None = None
    product: Text | None = None
    timeline: Label | None = None  # a year may be written as a number
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
    number: Label
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
    phone: Label | None = None
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
