"""What the words of a publishing decision mean wherever they are printed: a procedure's code,
the kind of change a heading announces, the level it names, a date."""

from __future__ import annotations

import datetime as dt
import re

from ..text.vietnamese import parse_date

CODE = re.compile(r"(?<![\d.])([1-3]\.\d{6})(?![\d])")
ACTIONS = (("replaced", ("thay the",)), ("abolished", ("bai bo", "huy bo")),
           ("amended", ("sua doi", "bo sung")),
           ("new", ("moi ban hanh", "ban hanh moi", "hanh chinh moi", "tthc moi", "duoc ban hanh", "cong bo moi")))
LEVELS = (("tinh", "cap tinh"), ("huyen", "cap huyen"), ("xa", "cap xa"))


def action_in(folded: str) -> str | None:
    for action, words in ACTIONS:
        if any(w in folded for w in words):
            return action
    return None


def level_in(folded: str) -> str | None:
    found = [(folded.find(words), level) for level, words in LEVELS if words in folded]
    return min(found)[1] if found else None  # "cấp tỉnh - tiếp nhận tại … cấp xã": tỉnh


def date_in(text: str) -> dt.date | None:
    for pattern in (r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"):
        match = re.search(pattern, text, re.I)
        if match:
            try:
                return parse_date(f"{match.group(1)}/{match.group(2)}/{match.group(3)}")
            except ValueError:
                return None
    return None
