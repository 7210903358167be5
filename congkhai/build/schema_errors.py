"""Translate pydantic validation errors into located Vietnamese diagnostics."""

from __future__ import annotations

import difflib
import typing

from pydantic import BaseModel, ValidationError

from ..diagnostics import Report
from ..model.content import LABELS, Procedure
from ..text.vietnamese import slugify
from .parse import RawDocument


def _models_in(annotation) -> list[type[BaseModel]]:
    """Every pydantic model class reachable inside a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc`` inside ``model``."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = next((f for n, f in current.model_fields.items() if part in (n, f.alias)), None)
        if info is None:
            return None
        inner = _models_in(info.annotation)
        if not inner:
            return None
        current = inner[0]
    return current


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or n for n, f in model.model_fields.items()]


def _key_name(loc: tuple) -> str:
    names = [p for p in loc if isinstance(p, str)]
    return names[-1] if names else ""


def _described(key: str, model: type[BaseModel]) -> str:
    """A key with its official label: the labels are a procedure's elements, so only there."""
    return f"'{key}' ({LABELS[key]})" if key in LABELS and model is Procedure else f"'{key}'"


def _choices(expected: str) -> str:
    return expected.replace("' or '", "', '")


_VALUE_ERRORS = {
    "documents_and_cases": ("chỉ dùng một trong hai khóa 'documents' hoặc 'cases', không dùng cả hai",
                            "Khi hồ sơ khác nhau theo trường hợp, chuyển các giấy tờ vào 'cases'; nếu không, xóa 'cases'."),
    "replaced_without_replaces": ("dòng 'action: replaced' thiếu khóa 'replaces' (mã thủ tục bị thay thế)",
                                  "Thêm 'replaces: <mã thủ tục cũ>' vào dòng này."),
    "unknown_column": ("có tên cột không nhận ra trong 'columns' của phụ lục",
                       "Tên cột phải chứa một trong: TT/STT, Nội dung, Chủ trì, Phối hợp, Sản phẩm, "
                       "Thời gian, Tình trạng."),
    "synonym_group_short": ("mỗi nhóm trong 'synonyms' cần ít nhất hai cách nói",
                            "Viết nhóm dạng '- [sổ hồng, giấy chứng nhận quyền sử dụng đất]': cách người dân nói "
                            "và tên gọi chính thức, cách nhau bằng dấu phẩy."),
    "replaces_without_replaced": ("khóa 'replaces' chỉ dùng với 'action: replaced'",
                                  "Đổi 'action' thành 'replaced' hoặc xóa 'replaces'."),
}


def _translate(error: dict, model: type[BaseModel]) -> tuple[str, str, bool]:
    """Return (message, hint, point_at_key) for one pydantic error."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    key = _key_name(loc)
    if kind == "missing":
        return (f"thiếu khóa bắt buộc {_described(key, model)}",
                f"Thêm một dòng '{key}: ...' vào mục này.", False)
    if kind == "extra_forbidden":
        owner = model_at(model, loc[:-1])
        allowed = allowed_keys(owner) if owner else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = (f"có phải ý bạn là '{close[0]}'?" if close
                else "Các khóa được dùng ở đây: " + ", ".join(allowed) + ".")
        return f"khóa không hợp lệ '{key}'", hint, True
    if kind == "literal_error":
        expected = _choices(error["ctx"]["expected"])
        options = [o.strip(" '") for o in expected.split(",")]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = f"có phải ý bạn là '{close[0]}'? " if close else ""
        return (f"giá trị '{value}' không hợp lệ cho {_described(key, model)}",
                hint + f"Chỉ nhận một trong: {expected}.", False)
    if kind == "string_pattern_mismatch":
        if error["ctx"]["pattern"].startswith("^https?://"):
            return (f"địa chỉ web '{value}' của {_described(key, model)} không hợp lệ",
                    "Địa chỉ phải bắt đầu bằng https:// (hoặc http://) và không có dấu cách.", False)
        if "\\d\\.\\d{6}" in error["ctx"]["pattern"]:
            return (f"mã thủ tục '{value}' không đúng dạng d.dddddd",
                    "Mã gồm 1 chữ số, dấu chấm, rồi 6 chữ số, ví dụ 1.000656; "
                    "lấy đúng mã trên Cơ sở dữ liệu quốc gia về TTHC.", False)
        suggestion = slugify(str(value))
        return (f"mã định danh '{value}' chỉ được gồm chữ thường không dấu, số và dấu '-'",
                (f"có phải ý bạn là '{suggestion}'? " if suggestion else "")
                + "Ví dụ: 'ho-tich', 'phong-tu-phap'.", False)
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return (f"ngày không hợp lệ cho {_described(key, model)}: '{value}'",
                "Viết ngày dạng 31/01/2020 hoặc 2020-01-31, và kiểm tra ngày có thật trên lịch.", False)
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        where = f"mỗi mục của {_described(key, model)}" if isinstance(loc[-1], int) else _described(key, model)
        return (f"{where} phải là chữ, không phải số {value}",
                "Viết như văn bản công bố, ví dụ \"03 ngày làm việc\" hoặc \"Bước 1: ...\"; nếu đúng là con số, "
                f"đặt trong dấu nháy kép: \"{value}\".", False)
    if kind == "string_type":
        return (f"{_described(key, model)} phải là một đoạn chữ, không phải danh sách hay bảng",
                "Viết giá trị trên cùng dòng với khóa, hoặc dùng '|' cho đoạn nhiều dòng.", False)
    if kind == "list_type":
        return (f"{_described(key, model)} phải là một danh sách",
                "Mỗi mục của danh sách viết trên một dòng, bắt đầu bằng '- '.", False)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = f"{_described(key, model)}" if key else "nội dung tệp"
        return (f"{where} phải gồm các cặp 'khóa: giá trị'",
                "Kiểm tra thụt lề; mỗi khóa viết dạng 'khóa: giá trị'.", False)
    if kind in ("int_type", "int_parsing", "int_from_float", "float_parsing", "float_type"):
        return (f"{_described(key, model)} phải là một số, không phải '{value}'", "Chỉ viết chữ số, ví dụ 1.", False)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        ctx = error.get("ctx", {})
        bound = ("nhỏ nhất là " + str(ctx["ge"])) if "ge" in ctx else ("lớn nhất là " + str(ctx["le"])) if "le" in ctx \
            else "hãy kiểm tra lại"
        return (f"{_described(key, model)} có giá trị {value} nằm ngoài khoảng cho phép",
                f"Giá trị {bound}.", False)
    if kind == "bool_type" or kind == "bool_parsing":
        return f"{_described(key, model)} phải là true hoặc false", "Viết true hoặc false.", False
    if kind == "value_error":
        code = str(error.get("ctx", {}).get("error", ""))
        if code in _VALUE_ERRORS:
            message, hint = _VALUE_ERRORS[code]
            return message, hint, False
    return (f"giá trị '{value}' không hợp lệ cho {_described(key, model)}",
            "Kiểm tra lại giá trị này theo hướng dẫn trong docs/noi-dung.md.", False)


def validate_document(doc: RawDocument, model: type[BaseModel], report: Report,
                      data=None, base_loc: tuple = ()):
    """Validate ``data`` (default: the whole document) against ``model``; None on errors.

    A whole document remembers its model, so that the parse cache can keep it; a document
    from that cache (``doc.model`` already set) is not validated again."""
    if data is None and isinstance(doc.model, model):
        return doc.model
    payload = doc.data if data is None else data
    try:
        result = model.model_validate(payload)
        if data is None:
            doc.validated(result)
        return result
    except ValidationError as exc:
        seen = set()
        for error in exc.errors():
            message, hint, at_key = _translate(error, model)
            loc = base_loc + tuple(error["loc"])
            line, col = doc.where_key(loc) if at_key else doc.where(loc)
            if (line, col, message) not in seen:
                seen.add((line, col, message))
                report.error(doc.display, line, col, message, hint)
        return None
