"""Which files the editor may open: a content file named by its path under the content
folder, never anything outside it. A name with '..', an absolute path, a hidden name, or a
path through a symbolic link is refused before any file is touched."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..build.load import SINGLE_FILES, UNITS, suffixes_of
from ..units.tree import is_unit_tree
from .schema import KINDS, FileKind, Widget

_PART = re.compile(r"^[A-Za-z0-9_@-][A-Za-z0-9_.@-]*$")
FORMS = "forms"


class Refused(Exception):
    """The path is not one the editor may read or write (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class Target:
    """One content file the editor may open: ``rel`` under the content folder."""

    rel: str
    path: Path
    kind: FileKind
    unit: str | None = None  # a file of content/units/<unit>/
    tree: bool = False  # the content folder is a tree of units

    @property
    def hidden(self) -> frozenset[str]:
        """Keys of site.yaml that mean nothing where this file is: ``units`` but at the top of
        a tree, a unit's ``procedures`` but in a unit."""
        if self.kind.name != "site":
            return frozenset()
        return frozenset(k for k, shown in (("units", self.tree and not self.unit), ("procedures", bool(self.unit)))
                         if not shown)

    @property
    def form(self) -> Widget:
        return self.kind.form(self.hidden)

    @property
    def data_form(self) -> Widget:
        return self.kind.data_form(self.hidden)

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def shared(self) -> str | None:
        """For a unit's procedure file: the common catalogue's file of the same code."""
        if self.unit is not None and self.kind.name == "procedures":
            return f"procedures/{self.path.name}"
        return None


def safe_path(root: Path, rel: str) -> Path:
    """``root``/``rel`` when every part is a plain name and none is a symbolic link."""
    if not rel or "\\" in rel or "\0" in rel or rel.startswith("/") or os.path.isabs(rel):
        raise Refused("đường dẫn phải là tên tệp trong thư mục nội dung")
    parts = rel.split("/")
    if any(not _PART.match(p) or p in (".", "..") for p in parts):
        raise Refused("đường dẫn có phần không hợp lệ (chỉ dùng chữ không dấu, số, '-', '_', '.', '@')")
    base = root.resolve()
    path = base
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise Refused("đường dẫn đi qua một liên kết tượng trưng (symlink): trình sửa không theo")
    if os.path.commonpath([base, path.resolve()]) != str(base):
        raise Refused("đường dẫn ra ngoài thư mục nội dung")
    return path


def target(root: Path, rel: str) -> Target:
    """The content file at ``rel``, with the kind of content it holds."""
    path = safe_path(root, rel)
    parts = rel.split("/")
    unit = None
    if len(parts) > 2 and parts[0] == UNITS:
        unit, parts = parts[1], parts[2:]
    tree = is_unit_tree(root)
    if len(parts) == 1 and parts[0] in {f"{name}.yaml" for name in SINGLE_FILES}:
        return Target(rel, path, KINDS[parts[0][:-5]], unit, tree)
    if len(parts) == 2 and parts[0] in KINDS and parts[0] not in SINGLE_FILES \
            and parts[1].endswith(suffixes_of(parts[0])):
        return Target(rel, path, KINDS[parts[0]], unit, tree)
    raise Refused("đây không phải một tệp nội dung (site.yaml, agencies.yaml, fields.yaml, search.yaml, "
                  "procedures/…, decisions/…, feedback/…, plans/….md, pages/….md)")


def form_file(root: Path, folder: str, name: str) -> Path:
    """Where an uploaded form file goes: ``folder`` is forms or units/<unit>/forms."""
    if folder != FORMS and not re.fullmatch(rf"{UNITS}/[a-z0-9][a-z0-9-]*/{FORMS}", folder):
        raise Refused("mẫu đơn chỉ được tải vào thư mục forms/")
    return safe_path(root, f"{folder}/{name}")
