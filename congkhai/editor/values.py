"""Form values: the posted fields of a form read back into content values, and content values
shown in form fields. Field names are paths: ``documents.0.name``; a list also posts its row
count (``documents.__n``) and, where the element may be "Không", ``documents.__khong``."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..model.content import EXPLICIT_NONE, says_none
from .schema import Widget

COUNT, NONE = "__n", "__khong"
MAX_ROWS = 5000  # rows of one list a form may post (a task table is a few hundred)
_INTEGER = re.compile(r"^[+-]?\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def shown(value: Any) -> str:
    """A scalar as a form field shows it (and as it is compared: unchanged text keeps the file's
    own writing of it)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def empty(value: Any) -> bool:
    if value is None or value == "" or value is False:
        return True
    if isinstance(value, dict):
        return all(empty(v) for v in value.values())
    if isinstance(value, list):
        return not value
    return False


def rows(value: Any) -> list:
    """A list element's items as the form lists them: a single value written where a list is
    expected is a list of one; "Không" is no rows (the form's "Không" box says it)."""
    if value is None or says_none(value):
        return []
    return list(value) if isinstance(value, list) else [value]


def read(widget: Widget, form: dict[str, list[str]], path: str = "", keep_empty: bool = False) -> Any:
    """The content value the posted ``form`` gives for ``widget`` at ``path``. With
    ``keep_empty``, list rows left empty stay (the form is shown again, not saved)."""
    if widget.kind == "group":
        return {c.key: read(c, form, join(path, c.key), keep_empty) for c in widget.children}
    if widget.none_allowed and _first(form, join(path, NONE)) == "on":
        return EXPLICIT_NONE
    if widget.kind == "list":
        count = _first(form, join(path, COUNT))
        rows_posted = min(int(count), MAX_ROWS) if count.isdigit() else 0
        items = [read(widget.children[0], form, join(path, i), keep_empty) for i in range(rows_posted)]
        return items if keep_empty else [item for item in items if not empty(item)]
    text = _first(form, path).replace("\r\n", "\n")
    if widget.kind == "flag":
        return text == "on"
    text = text.strip() if "\n" not in text.strip() else text.strip("\n").rstrip()
    if not text:
        return None
    if widget.kind == "integer" and _INTEGER.match(text):
        return int(text)
    if widget.kind == "number" and _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number
    if widget.kind == "date" and (day := iso_date(text)):
        return day  # written 2025-07-01, as the guide's samples
    return text  # a wrong number or date stays as typed: validation says what is wrong


def iso_date(text: str) -> dt.date | None:
    """The day ``text`` names when written year-month-day (2027-01-01), else None."""
    if not _ISO_DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _first(form: dict[str, list[str]], name: str) -> str:
    return (form.get(name) or [""])[0]


def edit(value: Any, widget: Widget, action: str) -> tuple[Any, str]:
    """Apply a row action to the form's value: ``them:<path>`` adds an empty row to a list,
    ``xoa:<path>.<i>`` removes row i, ``len:<path>.<i>`` moves it up. The path of the field
    to focus afterwards."""
    verb, _, path = action.partition(":")
    parts = path.split(".") if path else []
    if verb == "them":
        target, item = _at(value, widget, parts)
        if isinstance(target, list):
            target.append(_blank(item.children[0]))
            return value, join(path, len(target) - 1)
    elif verb in ("xoa", "len") and parts and parts[-1].isdigit():
        target, _ = _at(value, widget, parts[:-1])
        i = int(parts[-1])
        if isinstance(target, list) and i < len(target):
            if verb == "xoa":
                del target[i]
                return value, ".".join(parts[:-1])
            if i > 0:
                target[i - 1], target[i] = target[i], target[i - 1]
                return value, join(".".join(parts[:-1]), i - 1)
    return value, ""


def _at(value: Any, widget: Widget, parts: list[str]) -> tuple[Any, Widget]:
    for part in parts:
        if widget.kind == "list" and part.isdigit() and isinstance(value, list) and int(part) < len(value):
            value, widget = value[int(part)], widget.children[0]
        elif widget.kind == "group" and isinstance(value, dict) and widget.child(part):
            widget = widget.child(part)
            if not isinstance(value.get(part), list) and widget.kind == "list":
                value[part] = rows(value.get(part))
            value = value[part]
        else:
            return None, widget
    return value, widget


def _blank(widget: Widget) -> Any:
    if widget.kind == "group":
        return {c.key: _blank(c) for c in widget.children}
    return [] if widget.kind == "list" else None
