"""YAML mistakes in Vietnamese: what PyYAML reports, turned into a message that says which
line, what is wrong and how to fix it (with the column a mis-indented line should start at)."""

from __future__ import annotations

import re

import yaml

_YAML_PROBLEMS = [
    ("found character '\\t'", "có ký tự tab (Tab) ở đầu dòng hoặc giữa dòng",
     "YAML chỉ chấp nhận dấu cách để thụt lề: thay mỗi Tab bằng dấu cách."),
    ("mapping values are not allowed", "dấu hai chấm ':' đặt sai chỗ",
     "Nếu giá trị có dấu ':', hãy đặt cả giá trị trong dấu nháy kép \"...\"; "
     "kiểm tra thụt lề của dòng này so với dòng trên."),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên khóa",
     "Mỗi dòng viết dạng 'khóa: giá trị'; kiểm tra dòng này và dòng trên."),
    ("found unexpected end of stream", "dấu nháy mở nhưng chưa đóng",
     "Thêm dấu nháy đóng (\" hoặc ') ở cuối giá trị."),
    ("while scanning a quoted scalar", "dấu nháy mở nhưng chưa đóng",
     "Thêm dấu nháy đóng (\" hoặc ') ở cuối giá trị."),
    ("expected <block end>", "thụt lề không thẳng hàng",
     "Các khóa cùng cấp phải thụt lề bằng nhau (cùng số dấu cách)."),
    ("did not find expected key", "thụt lề không thẳng hàng",
     "Các khóa cùng cấp phải thụt lề bằng nhau (cùng số dấu cách)."),
    ("did not find expected '-' indicator", "danh sách thụt lề không thẳng hàng",
     "Các mục của danh sách bắt đầu bằng '- ' và thẳng hàng với nhau."),
    ("found undefined alias", "tham chiếu '*' tới neo '&' không tồn tại",
     "Kiểm tra tên sau dấu '*' hoặc bỏ dấu '*'."),
    ("expected a single document", "tệp có nhiều hơn một tài liệu YAML (dòng '---')",
     "Mỗi tệp chỉ chứa một mục; bỏ dòng '---' hoặc tách thành nhiều tệp."),
    ("found character '@' that cannot start any token", "giá trị không được bắt đầu bằng '@'",
     "Đặt giá trị trong dấu nháy kép \"...\"."),
    ("found character '`' that cannot start any token", "giá trị không được bắt đầu bằng '`'",
     "Đặt giá trị trong dấu nháy kép \"...\"."),
]


def _yaml_error_text(problem: str) -> tuple[str, str]:
    for needle, message, hint in _YAML_PROBLEMS:
        if needle in problem:
            return message, hint
    return (f"cú pháp YAML không hợp lệ ({problem})",
            "Kiểm tra thụt lề, dấu ':' và dấu nháy ở dòng này và dòng trên.")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _unbalanced_quote_line(text: str, before: int) -> int | None:
    """The first line (1-based) before line index ``before`` with an odd number of '"'."""
    for number, line in enumerate(text.split("\n")[:before], start=1):
        if line.lstrip().startswith("#"):
            continue
        if (line.count('"') - line.count('\\"')) % 2 == 1:
            return number
    return None


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str, str]:
    """(line, column, message, hint) of a YAML syntax error in ``text`` (lines from 1)."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "quoted scalar" in str(exc.context or ""):
        mark = exc.context_mark  # point at the opening quote, not the end of the file
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message, hint = _yaml_error_text(str(exc.problem or exc.context or exc))
    if mark and _char_at(text, mark.line, mark.column) == "\t":
        message, hint = _YAML_PROBLEMS[0][1:]
    elif (indentation := _indentation(exc, text)) is not None:
        message, hint = indentation
        col = len(text.split("\n")[mark.line]) - len(text.split("\n")[mark.line].lstrip(" ")) + 1  # where it starts
    elif mark and (open_line := _unbalanced_quote_line(text, mark.line)) is not None:
        hint += f" Dòng {open_line} có dấu nháy kép \" mở mà chưa đóng: lỗi thật có thể nằm ở đó."
    return line, col, message, hint


_KEY = re.compile(r"^(\s*)(- +)?([^\s#:][^:#]*):(\s|$)")


def _key_column(line: str) -> int | None:
    """The column (from 0) where the key of a 'key: value' or '- key: value' line starts."""
    match = _KEY.match(line)
    return None if match is None else len(match.group(1)) + len(match.group(2) or "")


def _previous_line(lines: list[str], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)


def _indentation(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str] | None:
    """A line indented deeper or shallower than the keys it stands with: the column it should
    start at. None when the mistake is something else."""
    problem, mark, context = str(exc.problem or ""), exc.problem_mark, exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    here = mark.line
    if here >= len(lines):
        return None
    column = len(lines[here]) - len(lines[here].lstrip(" "))
    if "mapping values are not allowed" in problem:
        above = _previous_line(lines, here)
        expected = _key_column(lines[above]) if above is not None else None
        if expected is None or column <= expected or _key_column(lines[here]) != column:
            return None  # a ':' inside a value, not an indentation
        return (f"thụt lề sai: dòng {here + 1} bắt đầu ở cột {column + 1}, sâu hơn khóa cùng cấp ở dòng {above + 1} "
                f"(cột {expected + 1})",
                f"Cho dòng {here + 1} bắt đầu ở cột {expected + 1} (bớt {column - expected} dấu cách); các khóa cùng "
                "cấp phải thẳng hàng.")
    if context is None or not any(p in problem for p in ("expected key", "expected '-' indicator", "expected <block end>")):
        return None
    expected = context.column
    if "block collection" in str(exc.context or ""):  # a list: its items' keys start after '- '
        expected = _key_column(lines[context.line]) or context.column + 2
    above = _previous_line(lines, here)
    if above is not None and re.search(r":\s*(\[\]|\{\})\s*(#.*)?$", lines[above]) and lines[here].lstrip().startswith("-"):
        key = lines[above].split(":")[0].strip()
        return (f"khóa '{key}' ở dòng {above + 1} đã có giá trị rỗng, nên các dòng '- ...' bên dưới không thuộc về nó",
                f"Xóa '[]' (hoặc '{{}}') sau '{key}:' ở dòng {above + 1}.")
    siblings = f"các khóa cùng cấp (dòng {context.line + 1})"
    if lines[here].lstrip().startswith("-") and above is not None and lines[above].lstrip().startswith("-"):
        item_column = len(lines[above]) - len(lines[above].lstrip(" "))
        if item_column != column:  # an item out of line with the item above it
            expected, siblings = item_column, f"mục trên nó (dòng {above + 1})"
    if expected == column:
        return None
    direction = f"bớt {column - expected}" if column > expected else f"thêm {expected - column}"
    in_list = lines[here].lstrip().startswith("-")
    return (f"thụt lề sai: dòng {here + 1} bắt đầu ở cột {column + 1}, {siblings} bắt đầu ở cột {expected + 1}",
            f"Cho dòng {here + 1} bắt đầu ở cột {expected + 1} ({direction} dấu cách)"
            + ("; mỗi mục của danh sách bắt đầu bằng '- ' và thẳng hàng với nhau." if in_list else
               "; các khóa cùng cấp phải thẳng hàng."))
