"""A legal basis line as printed ("Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014;", "Nghị định số
123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết …") -> number, title, date,
issuer. What cannot be read stays in the title: nothing printed is dropped."""

from __future__ import annotations

import re

from ..text.vietnamese import fold
from .words import date_in

NUMBER = re.compile(r"(?:số\s*:?\s*)?(\d+[a-z]?\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ][A-ZĐ0-9]*(?:\s*-\s*[A-ZĐ0-9]+)*\d*)", re.I)
DATE = re.compile(r",?\s*(?:ban hành\s+)?ngày\s+(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})", re.I)
OF = re.compile(r"\s+của\s+(Quốc hội|Chính phủ|Thủ tướng Chính phủ|Bộ trưởng\s+Bộ\s+[^,;]+?|Bộ\s+[^,;]+?|"
                r"Hội đồng nhân dân\s+[^,;]+?|HĐND\s+[^,;]+?|Ủy ban nhân dân\s+[^,;]+?|UBND\s+[^,;]+?|"
                r"Chủ tịch\s+[^,;]+?|Ủy ban Thường vụ Quốc hội|Ngân hàng Nhà nước Việt Nam)(?=\s+(?:quy định|về|hướng dẫn|"
                r"sửa đổi|ban hành|quy định|bãi bỏ|công bố)|[,;.]|$)", re.I)
# the issuer a number's suffix names, for the common ones
SUFFIX = {"QH": "Quốc hội", "NĐ-CP": "Chính phủ", "QĐ-TTg": "Thủ tướng Chính phủ", "TT-BTP": "Bộ Tư pháp",
          "TT-BCA": "Bộ Công an", "TT-BTC": "Bộ Tài chính", "TT-BLĐTBXH": "Bộ Lao động – Thương binh và Xã hội",
          "TT-BTNMT": "Bộ Tài nguyên và Môi trường", "TT-BNV": "Bộ Nội vụ", "TT-BYT": "Bộ Y tế", "TT-BXD": "Bộ Xây dựng",
          "TT-BGDĐT": "Bộ Giáo dục và Đào tạo", "TT-BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
          "TT-BCT": "Bộ Công Thương", "TT-BKHĐT": "Bộ Kế hoạch và Đầu tư", "TT-BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
          "TT-BTTTT": "Bộ Thông tin và Truyền thông", "TT-BGTVT": "Bộ Giao thông vận tải", "TT-BQP": "Bộ Quốc phòng",
          "TT-BNNMT": "Bộ Nông nghiệp và Môi trường", "TT-VPCP": "Văn phòng Chính phủ", "UBTVQH": "Ủy ban Thường vụ Quốc hội"}


def legal_reference(line: str) -> dict:
    text = " ".join(line.split()).strip(" ;.")
    ref: dict = {}
    number = _number(text)
    if number:
        ref["number"] = number.group(1).replace(" ", "")
    date = DATE.search(text)
    when = date_in(date.group(0)) if date else None
    if when:
        ref["date"] = when
    issuer = OF.search(text)
    if issuer:
        ref["issuer"] = issuer.group(1).strip()
    elif "number" in ref:
        suffix = re.sub(r"\d+$", "", ref["number"].split("/")[-1]).upper()  # "QH13" -> "QH"
        found = next((name for key, name in SUFFIX.items() if suffix.endswith(key.upper())), None)
        if found:
            ref["issuer"] = found
    title = text
    if number:
        title = title[:number.start()] + " " + title[number.end():]
    if date and when:
        title = title.replace(date.group(0), " ")
    if issuer:
        title = title.replace(issuer.group(0), " ", 1)
    title = re.sub(r"\s+", " ", title).strip(" ,;.-–")
    title = re.sub(r"\s+(?=[,;.])", "", title)
    ref["title"] = title or text
    return ref


def _number(text: str):
    """The document's own number: the first that looks like one (it may be "số 60/2014/QH13"
    or bare "60/2014/QH13"), not a number quoted in its title after "của Luật …"."""
    for match in NUMBER.finditer(text):
        value = match.group(1)
        if "/" in value and re.search(r"[A-ZĐ]", value, re.I) and not fold(text[max(0, match.start() - 12):match.start()]).endswith("dieu "):
            return match
    return None
