"""Between previewed pages and content files: the file behind a page (for "Sửa trang này")
and the page that shows a file (where the preview goes after a save). URLs are DESIGN.md's
public URLs; in a tree of units each unit's site is under /<unit>/."""

from __future__ import annotations

import re
from pathlib import Path

from ..build.load import UNITS
from ..units.tree import is_unit_tree, unit_ids

_PAGES = [  # (URL pattern, file under the content folder or a unit's folder)
    (r"thu-tuc/(?P<x>\d\.\d{6})/sap-ap-dung/", None),
    (r"thu-tuc/(?P<x>\d\.\d{6})/", "procedures/{x}.yaml"),
    (r"quyet-dinh/(?P<x>[^/]+)/", "decisions/{x}.yaml"),
    (r"ke-hoach/(?P<x>[^/]+)/", "plans/{x}.md"),
    (r"phan-anh-kien-nghi/(?P<x>[^/]+)/", "feedback/{x}.yaml"),
    (r"co-quan/(?:[^/]+/)?", "agencies.yaml"),
    (r"linh-vuc/(?:[^/]+/)?", "fields.yaml"),
    (r"tim-kiem/", "search.yaml"),
    (r"", "site.yaml"),
    (r"(?P<x>[a-z0-9][a-z0-9-]*)/", "pages/{x}.md"),
]
_FILES = [  # (file pattern, URL)
    (r"procedures/(?P<x>[^/@]+)@[^/]+\.yaml", "thu-tuc/{x}/sap-ap-dung/"),
    (r"procedures/(?P<x>[^/]+)\.yaml", "thu-tuc/{x}/"),
    (r"decisions/(?P<x>[^/]+)\.yaml", "quyet-dinh/{x}/"),
    (r"plans/(?P<x>[^/]+)\.md", "ke-hoach/{x}/"),
    (r"feedback/(?P<x>[^/]+)\.yaml", "phan-anh-kien-nghi/{x}/"),
    (r"pages/(?P<x>[^/]+)\.md", "{x}/"),
    (r"agencies\.yaml", "co-quan/"),
    (r"fields\.yaml", "linh-vuc/"),
    (r"search\.yaml", "tim-kiem/"),
    (r"site\.yaml", ""),
]


def file_of_page(content: Path, url: str) -> tuple[str | None, str | None]:
    """The content file (path under ``content``) behind the previewed page at ``url``, and
    the unit whose site it is on; (None, unit) when no one file makes the page."""
    path = url.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    path = path[: -len("index.html")] if path.endswith("index.html") else path
    unit = None
    if is_unit_tree(content):
        first, _, rest = path.partition("/")
        if first not in unit_ids(content):
            return None, None
        unit, path = first, rest
    for pattern, file in _PAGES:
        found = re.fullmatch(pattern, path)
        if found is None:
            continue
        if file is None:
            code = found.group("x")
            return _upcoming(content, unit, code), unit
        rel = file.format(**found.groupdict())
        if unit is not None:
            own = f"{UNITS}/{unit}/{rel}"
            if (content / own).is_file() or rel.split("/")[0] in ("plans", "pages", "feedback", "search.yaml", "site.yaml"):
                return own, unit
        return (rel if (content / rel).is_file() or file.startswith("procedures") else None), unit
    return None, unit


def _upcoming(content: Path, unit: str | None, code: str) -> str | None:
    folders = ([f"{UNITS}/{unit}/procedures"] if unit else []) + ["procedures"]
    for folder in folders:
        found = sorted((content / folder).glob(f"{code}@*.yaml"))
        if found:
            return f"{folder}/{found[-1].name}"
    return None


def page_of_file(rel: str, unit: str | None) -> str:
    """The previewed page that shows the file at ``rel`` (in ``unit``'s site for a common file)."""
    parts = rel.split("/")
    if len(parts) > 2 and parts[0] == UNITS:
        unit, rel = parts[1], "/".join(parts[2:])
    prefix = f"/{unit}/" if unit else "/"
    for pattern, url in _FILES:
        found = re.fullmatch(pattern, rel)
        if found:
            return prefix + url.format(**found.groupdict())
    return prefix
