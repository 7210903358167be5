"""Where a build cache keeps its tables: pickle files in a folder, or memory (the preview
server's, for the life of the server).

Every file is keyed by the code version (congkhai's own sources in every subfolder, and the
versions of the libraries that shape the output), so upgrading congkhai starts from scratch.
A file that cannot be read, or is of another version, reads as missing: the build is then a
clean build, never a wrong one. Files are replaced atomically (a crash mid-write leaves the
previous file).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_LIBRARIES = ("jinja2", "markdown", "nh3", "zxing-cpp", "pydantic", "pyyaml", "markupsafe")


def code_version() -> str:
    """A digest of congkhai's sources, its data files (the search vocabulary) and of the
    libraries that shape its output. Remembered by the files' paths, sizes and times: the
    units of a tree ask for it three times each, and reading every module costs 8 ms."""
    paths = sorted([*PACKAGE_DIR.rglob("*.py"), *PACKAGE_DIR.rglob("*.yaml")])
    signature = tuple((str(p), stat.st_size, stat.st_mtime_ns) for p in paths for stat in [p.stat()])
    if signature not in _VERSIONS:
        _VERSIONS.clear()
        _VERSIONS[signature] = _code_version(paths)
    return _VERSIONS[signature]


_VERSIONS: dict[tuple, str] = {}  # a memo of a pure function of the files' bytes, keyed by their stat


def _code_version(paths: list[Path]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(name.encode())
    for path in paths:
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def default_cache_dir(output: Path) -> Path:
    output = output.resolve()
    return output.parent / ".congkhai-cache" / output.name


class MemoryStore:
    """Tables kept as they are, in this process."""

    def __init__(self):
        self._tables: dict[str, object] = {}

    def read(self, name: str):
        return self._tables.get(name)

    def write(self, name: str, value) -> None:
        self._tables[name] = value


class DiskStore:
    """Tables as pickle files in ``folder``, one per name."""

    def __init__(self, folder: Path, version: str | None = None):
        self.folder, self.version = folder, version or code_version()

    def read(self, name: str):
        try:
            with (self.folder / f"{name}.pickle").open("rb") as handle:
                stored_version, value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError,
                IndexError, KeyError):
            return None
        return value if stored_version == self.version else None

    def write(self, name: str, value) -> None:
        """Raises OSError when the folder cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{name}.pickle"
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((self.version, value), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
