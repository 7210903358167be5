"""The persistent build cache: what an earlier build learned, so the next one does less.

It lives beside the output (default ``.congkhai-cache/<output name>/`` next to output/) and
holds three things, each keyed so that a stale entry can never be used:

- ``parsed``: content file digest -> validated model (a file with the same bytes is not
  parsed or validated again);
- ``state``: per output folder, the inputs digest of the last build, each page's recorded
  dependencies and key (see deps.py), the search index key and the link facts of each page;
- ``qr``: QR codes already drawn, by URL and label.

Everything is keyed by the code version (congkhai's own sources and the versions of the
libraries that shape the output), so upgrading congkhai starts from scratch. A cache that
cannot be read is ignored: the build is then a clean build, never a wrong one.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "markdown", "nh3", "segno", "pydantic", "pyyaml", "markupsafe")


def code_version() -> str:
    """A digest of congkhai's sources and of the libraries that shape its output."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(name.encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def default_cache_dir(output: Path) -> Path:
    output = output.resolve()
    return output.parent / ".congkhai-cache" / output.name


@dataclass
class OutputState:
    """What the last build wrote to one output folder."""

    manifest_digest: str = ""  # of the .congkhai-manifest.json it wrote
    inputs: str = ""  # digest of every input file and setting
    warnings: list = field(default_factory=list)  # its warnings, to repeat when nothing changed
    summary: str = ""  # its completeness summary, likewise
    pages: dict = field(default_factory=dict)  # output path -> (deps, key)
    search_key: str = ""
    search_files: list = field(default_factory=list)
    links: dict = field(default_factory=dict)  # sha256 of a page -> its link facts


@dataclass
class BuildCache:
    folder: Path | None  # None: in memory only
    version: str
    parsed: dict = field(default_factory=dict)
    qr: dict = field(default_factory=dict)
    states: dict = field(default_factory=dict)  # output folder (str) -> OutputState

    @classmethod
    def open(cls, folder: Path) -> BuildCache:
        cache = cls(folder=folder, version=code_version())
        for name in ("parsed", "qr", "states"):
            value = _read(folder / f"{name}.pickle", cache.version)
            if isinstance(value, dict):
                setattr(cache, name, value)
        return cache

    def state(self, output: Path) -> OutputState:
        return self.states.get(str(output.resolve())) or OutputState()

    def remember(self, output: Path, state: OutputState) -> None:
        self.states[str(output.resolve())] = state

    def forget(self, output: Path) -> None:
        self.states.pop(str(output.resolve()), None)

    def save(self, parsed: dict | None = None) -> None:
        """Write the cache; ``parsed`` replaces the parse cache (entries no file uses are dropped)."""
        if parsed is not None:
            self.parsed = parsed
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in ("parsed", "qr", "states"):
            _write(self.folder / f"{name}.pickle", self.version, getattr(self, name))


def _read(path: Path, version: str):
    try:
        with path.open("rb") as handle:
            stored_version, value = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return value if stored_version == version else None


def _write(path: Path, version: str, value) -> None:
    """Atomically: a crash mid-write leaves the previous cache file, never half of one."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump((version, value), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
