"""What a tree of units holds: its units, and what the hub and job runners need of each."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..build.load import UNITS
from ..build.parse import parse_text, read_text
from ..diagnostics import Report
from ..model.content import LEVELS, SiteConfig

UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED = frozenset({"assets"})  # the hub's own folder in output/: no unit may take it


def is_unit_tree(content: Path) -> bool:
    """content/units/ exists: the tree holds many units."""
    return (content / UNITS).is_dir()


def unit_ids(content: Path) -> list[str]:
    """The units of a tree, in name order: every folder of content/units/ but hidden ones."""
    folder = content / UNITS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


@dataclass(frozen=True)
class UnitInfo:
    id: str
    name: str
    level: str
    base_url: str | None

    @property
    def level_label(self) -> str:
        return LEVELS.get(self.level, self.level)

    def as_json(self, output: Path) -> dict:
        return {**asdict(self), "output": (output / self.id).as_posix()}


def read_data(path: Path):
    """A content file's data as congkhai reads it (None when it cannot be read or parsed; its
    mistakes are for check to report)."""
    try:
        text = read_text(path.read_bytes(), str(path), Report())
    except OSError:
        return None
    doc = parse_text(path, str(path), text, Report()) if text is not None else None
    return doc.data if doc is not None else None


def read_site(path: Path) -> SiteConfig | None:
    """A site.yaml as far as it is valid."""
    try:
        return SiteConfig.model_validate(read_data(path))
    except ValueError:
        return None


def unit_infos(content: Path) -> list[UnitInfo]:
    """Each unit's id, name, level and address; the id stands for the name where site.yaml
    cannot be read."""
    infos = []
    for unit in unit_ids(content):
        site = read_site(content / UNITS / unit / "site.yaml")
        infos.append(UnitInfo(unit, site.name if site else unit, site.level if site else "", site.base_url if site else None))
    return infos
