"""What the last build left in an output folder, and how output folders nest.

A profile's folder may lie inside another's (kiosk in output/kiosk/): the outer one is the
root that is swapped in as a whole, and its manifest lists the inner one's files too.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .cache import BuildCache, OutputState
from .deps import digest
from .writer import MANIFEST, parse_manifest


@dataclass
class Previous:
    """What the last build left in one profile's folder: its files (as listed in the manifest
    of the output root holding it) and the cache's record of that build."""

    folder: Path
    root: Path
    files: dict[str, str]  # path under folder -> sha256
    manifest_digest: str
    state: OutputState
    private: bool = False  # only this process writes the folder (the preview server's)

    @classmethod
    def find(cls, folder: Path, roots: list[Path], cache: BuildCache, private: bool = False) -> Previous:
        root = next((r for r in roots if r == folder or inside(folder, r)), folder)
        prefix = prefix_of(folder, root)
        try:
            manifest = (root / MANIFEST).read_bytes()
        except OSError:
            manifest = b""
        files = {p[len(prefix):]: sha for p, sha in parse_manifest(manifest).items() if p.startswith(prefix)}
        return cls(folder, root, files, digest(manifest), cache.state(folder), private)

    @functools.cached_property
    def reusable(self) -> set[str]:
        """Files the cache may keep: those output/ still holds as the last build left them
        (same manifest, and each file's size and modification time as recorded; a file edited
        by hand is written again). A private folder is not looked at file by file."""
        if self.state.manifest_digest != self.manifest_digest:
            return set()
        if self.private:
            return {path for path in self.state.stamps if path in self.files}
        return {path for path, recorded in self.state.stamps.items()
                if path in self.files and stamp(self.folder / path) == recorded}


def stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def roots_of(folders: list[Path]) -> list[Path]:
    """The folders not inside another one: each is swapped in as a whole."""
    return [f for f in folders if not any(inside(f, other) for other in folders if other != f)]


def prefix_of(folder: Path, root: Path) -> str:
    """The path of ``folder`` under ``root`` as a prefix of file paths ('' or 'kiosk/')."""
    prefix = folder.resolve().relative_to(root.resolve()).as_posix()
    return "" if prefix == "." else prefix + "/"


def inside(folder: Path, other: Path) -> bool:
    return folder.resolve() != other.resolve() and folder.resolve().is_relative_to(other.resolve())
