"""Check a build's links before it is written: every internal href, src and action must
reach a file of the same build, in-page anchors must exist, and no id may repeat in a page.

Links to other sites are collected (to list), never fetched.

Each page is read once into ``PageFacts`` (its links, ids and repeated ids, with positions);
the facts depend only on the page's bytes, so an incremental build keeps them for pages it
did not render again and only the cheap resolution step runs over the whole site.
"""

from __future__ import annotations

import bisect
import html
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Report

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
_HINT = ("Kiểm tra liên kết, ảnh trong phần Markdown của nội dung tạo ra trang này, hoặc mẫu trang ghi đè "
         "trong content/templates/; nếu không phải do nội dung, hãy báo cho người phát triển.")
# A start tag with its attributes (HTML syntax: double-, single- or unquoted values), or a comment.
_ATTRS = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ANY_ATTR = r"""[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+" + _ANY_ATTR + r")*)\s*/?>", re.S)
_NEWLINE = re.compile("\n")
_INTERESTING = re.compile(r"(?:href|src|action|id)\s*=", re.I)


def _value(match: re.Match) -> str:
    value = next((g for g in match.group(2, 3, 4) if g is not None), "")
    return html.unescape(value) if "&" in value else value
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


@dataclass(frozen=True)
class PageFacts:
    links: tuple  # (value, line, col)
    ids: frozenset
    duplicates: tuple  # (value, line, col, line of the first)


def page_facts(data: bytes) -> PageFacts:
    """The links and ids of one HTML page."""
    text = data.decode("utf-8")
    newlines = [m.start() for m in _NEWLINE.finditer(text)]

    def position(offset: int) -> tuple[int, int]:
        line = bisect.bisect_left(newlines, offset)
        return line + 1, offset - (newlines[line - 1] + 1 if line else 0) + 1

    links, ids, duplicates = [], {}, []
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        pos = match.end()
        tag = match.group(1)
        if tag is None:  # a comment
            continue
        tag = tag.lower()
        source = match.group(2)
        if tag in _RAW_TEXT:
            end = _RAW_TEXT[tag].search(text, pos)
            pos = end.end() if end else len(text)
        if not _INTERESTING.search(source):
            continue
        attrs = [(m.group(1).lower(), _value(m)) for m in _ATTRS.finditer(source)]
        canonical = tag == "link" and ("rel", "canonical") in attrs
        for name, value in attrs:
            if name in ("href", "src", "action") and not canonical:
                links.append((value, *position(match.start())))
            elif name == "id":
                line, col = position(match.start())
                if value in ids:
                    duplicates.append((value, line, col, ids[value]))
                else:
                    ids[value] = line
    return PageFacts(tuple(links), frozenset(ids), tuple(duplicates))


class OutputFacts(Mapping):
    """The facts of a build's pages: those rendered now, else read back from ``folder`` (a
    page kept as the last build wrote it), each read once."""

    def __init__(self, folder: Path, rendered: dict[str, PageFacts]):
        self.folder, self._facts = folder, dict(rendered)

    def __getitem__(self, path: str) -> PageFacts:
        if path not in self._facts:
            try:
                self._facts[path] = page_facts((self.folder / path).read_bytes())
            except OSError:
                raise KeyError(path) from None
        return self._facts[path]

    def __iter__(self):
        return iter(self._facts)

    def __len__(self):
        return len(self._facts)


@dataclass
class LinkCheck:
    """What the check found: the links that leave the site, and for each page checked the
    files it links to and the other pages whose ids it links to (a page kept by a later build
    need only be checked again when one of those went away or changed)."""

    external: list[str] = field(default_factory=list)
    targets: dict[str, frozenset[str]] = field(default_factory=dict)
    anchored: dict[str, frozenset[str]] = field(default_factory=dict)


def check_files(files: dict[str, bytes], report: Report, root_label: str) -> list[str]:
    """Report broken internal links and duplicate ids in ``files``; return external URLs."""
    facts = {path: page_facts(data) for path, data in files.items() if path.endswith(".html")}
    return check_links(facts, sorted(facts), set(files), report, root_label).external


def check_links(facts: Mapping[str, PageFacts], check: Iterable[str], paths: set[str], report: Report,
                root_label: str) -> LinkCheck:
    """Check the pages in ``check``: ``facts`` gives any HTML page's facts (the page's own, and
    the ids of pages it links into), ``paths`` are every file of the build."""
    result = LinkCheck()
    external: set[str] = set()
    resolved_in: dict[tuple[str, str], str] = {}  # the same link from the same folder resolves once
    for path in check:
        page = facts[path]
        where = f"{root_label}/{path}"
        folder = posixpath.dirname(path)
        targets, anchored = set(), set()
        for value, line, col in page.links:
            url = value.strip()
            scheme = _SCHEME.match(url)
            if scheme or url.startswith("//"):
                if url.startswith("//") or scheme.group(1).lower() in ("http", "https"):
                    external.add(url)
                continue
            target, _, fragment = url.partition("#")
            target = target.split("?", 1)[0]
            if not target:
                if fragment and fragment not in page.ids:
                    report.error(where, line, col, f"liên kết tới '#{fragment}' nhưng trang không có id này", _HINT)
                continue
            resolved = resolved_in.get((folder, target))
            if resolved is None:
                resolved = resolved_in[(folder, target)] = _resolve(folder, target, paths)
            targets.add(resolved)
            if resolved.startswith("../") or resolved not in paths:
                report.error(where, line, col, f"liên kết nội bộ hỏng '{value}': không có tệp '{resolved}' trong bản dựng",
                             _HINT)
            elif fragment and resolved.endswith(".html"):
                anchored.add(resolved)
                if fragment not in facts[resolved].ids:
                    report.error(where, line, col,
                                 f"liên kết '{value}' trỏ tới id '{fragment}' không có trong trang đích", _HINT)
        for value, line, col, first in page.duplicates:
            report.error(where, line, col, f"id '{value}' bị trùng trong trang (đã có ở dòng {first})",
                         "Mỗi id chỉ được dùng một lần trong một trang.")
        result.targets[path] = frozenset(targets)
        result.anchored[path] = frozenset(anchored - {path})
    result.external = sorted(external)
    return result


def _resolve(folder: str, target: str, paths: set[str]) -> str:
    resolved = posixpath.normpath(posixpath.join(folder, target))
    resolved = "" if resolved == "." else resolved  # the site root
    if target.endswith("/") or resolved == "" or (resolved not in paths and f"{resolved}/index.html" in paths):
        resolved = posixpath.join(resolved, "index.html")
    return resolved
