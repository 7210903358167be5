"""Check a build's links before it is written: every internal href, src and action must
reach a file of the same build, in-page anchors must exist, and no id may repeat in a page.

Links to other sites are collected (to list), never fetched.
"""

from __future__ import annotations

import html.parser
import posixpath
import re

from .diagnostics import Report

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_HINT = ("Kiểm tra liên kết, ảnh trong phần Markdown của nội dung tạo ra trang này, hoặc mẫu trang ghi đè "
         "trong content/templates/; nếu không phải do nội dung, hãy báo cho người phát triển.")


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int, int]] = []
        self.ids: dict[str, int] = {}
        self.duplicates: list[tuple[str, int, int, int]] = []

    def handle_starttag(self, tag, attrs):
        line, col = self.getpos()
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "action") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((value, line, col + 1))
            elif name == "id":
                if value in self.ids:
                    self.duplicates.append((value, line, col + 1, self.ids[value]))
                else:
                    self.ids[value] = line


def check_links(files: dict[str, bytes], report: Report, root_label: str) -> list[str]:
    """Report broken internal links and duplicate ids in ``files``; return external URLs."""
    pages = {path: _parse(data) for path, data in files.items() if path.endswith(".html")}
    external: set[str] = set()
    for path in sorted(pages):
        page = pages[path]
        where = f"{root_label}/{path}"
        for value, line, col in page.links:
            url = value.strip()
            scheme = _SCHEME.match(url)
            if scheme:
                if scheme.group(1).lower() in ("http", "https"):
                    external.add(url)
                continue
            if url.startswith("//"):
                external.add(url)
                continue
            target, _, fragment = url.partition("#")
            target = target.split("?", 1)[0]
            if not target:
                if fragment and fragment not in page.ids:
                    report.error(where, line, col, f"liên kết tới '#{fragment}' nhưng trang không có id này", _HINT)
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            resolved = "" if resolved == "." else resolved  # the site root
            if target.endswith("/") or resolved == "" or (resolved not in files and f"{resolved}/index.html" in files):
                resolved = posixpath.join(resolved, "index.html")
            if resolved.startswith("../") or resolved not in files:
                report.error(where, line, col, f"liên kết nội bộ hỏng '{value}': không có tệp '{resolved}' trong bản dựng",
                             _HINT)
            elif fragment and resolved in pages and fragment not in pages[resolved].ids:
                report.error(where, line, col, f"liên kết '{value}' trỏ tới id '{fragment}' không có trong trang đích",
                             _HINT)
        for value, line, col, first in page.duplicates:
            report.error(where, line, col, f"id '{value}' bị trùng trong trang (đã có ở dòng {first})",
                         "Mỗi id chỉ được dùng một lần trong một trang.")
    return sorted(external)


def _parse(data: bytes) -> _Page:
    page = _Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page
