"""Notes staff leave for themselves ("chưa xác minh", "TODO", "xxx") in text that would be
published: found when a file is parsed, reported by check as warnings at their line."""

from __future__ import annotations

import re

from ..text.vietnamese import nfc

MARKERS = re.compile(r"chưa xác minh|cần xác minh lại|chưa kiểm tra|(?<!\w)(?:todo|fixme|tbd|xxx+)(?!\w)|\?\?\?",
                     re.IGNORECASE)


def _without_comment(line: str) -> str:
    """A YAML line without its comment: from a '#' that starts the line or follows a space,
    outside quotes."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'" and (i == 0 or line[i - 1] in " :-[{,"):
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i]
    return line


def find(text: str, yaml_lines: int | None = None) -> tuple[tuple[int, int, str], ...]:
    """(line, column, marker) of each marker in ``text``, both from 1. YAML comments do not
    count: every line is YAML, or the first ``yaml_lines`` (a Markdown file's front matter)."""
    text = nfc(text)
    if not MARKERS.search(text):
        return ()
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if yaml_lines is None or number <= yaml_lines:
            line = _without_comment(line)
        found += [(number, match.start() + 1, match.group(0)) for match in MARKERS.finditer(line)]
    return tuple(found)
