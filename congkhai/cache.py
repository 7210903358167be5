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
import sqlite3
import sys
import tempfile
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "markdown", "nh3", "zxing-cpp", "pydantic", "pyyaml", "markupsafe")


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


class LazyTable(MutableMapping):
    """A mapping kept between builds as one pickled blob per entry: reading it back costs
    nothing until an entry is used, and writing it again re-pickles only the entries used
    (the index of 10,000 procedures has 22,000 terms; one edit touches a few dozen).

    ``frozen``: values are never changed in place, so an entry read keeps its blob and is not
    pickled again (the parse cache, open data lines)."""

    def __init__(self, values: dict | None = None, frozen: bool = False):
        self._blobs: dict = {}
        self._live: dict = dict(values or {})
        self.frozen = frozen

    def __getitem__(self, key):
        try:
            return self._live[key]
        except KeyError:
            blob = self._blobs[key] if self.frozen else self._blobs.pop(key)
            value = self._live[key] = pickle.loads(blob)
            return value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def replaced(self, values: dict, same_key_same_value: bool = False) -> LazyTable:
        """A frozen table of ``values`` that reuses this one's blobs for the entries that are
        unchanged: the very object read from here, or any value under a key that names its
        content (``same_key_same_value``: a file digest)."""
        table = LazyTable(frozen=True)
        for key, value in values.items():
            blob = self._blobs.get(key) if self.frozen else None
            if blob is not None and (same_key_same_value or self._live.get(key) is value):
                table._blobs[key] = blob
            else:
                table._live[key] = value
        return table

    def __setitem__(self, key, value):
        self._blobs.pop(key, None)
        self._live[key] = value

    def __delitem__(self, key):
        if self._live.pop(key, _MISSING) is _MISSING:
            del self._blobs[key]
        else:
            self._blobs.pop(key, None)

    def __contains__(self, key):
        return key in self._live or key in self._blobs

    def __iter__(self):  # a snapshot: reading an entry moves it from one dict to the other
        return iter([*self._live, *self._blobs])

    def __len__(self):
        return len(self._live) + len(self._blobs)

    def __getstate__(self):
        blobs = dict(self._blobs)
        blobs.update((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                      for key, value in self._live.items() if key not in blobs)
        return blobs, self.frozen

    def __setstate__(self, state):
        (self._blobs, self.frozen), self._live = state, {}


_MISSING = object()


@dataclass
class OutputState:
    """What the last build wrote to one output folder."""

    manifest_digest: str = ""  # of the .congkhai-manifest.json it wrote
    inputs: str = ""  # digest of every input file and setting
    warnings: list = field(default_factory=list)  # its warnings, to repeat when nothing changed
    summary: str = ""  # its completeness summary, likewise
    pages: dict = field(default_factory=dict)  # output path -> (deps, key)
    base_key: str = ""  # the global key pages were rendered with (pipeline.global_key)
    fingerprints: dict = field(default_factory=dict)  # dependency -> its fingerprint (deps.py)
    search_key: str = ""
    search_files: list = field(default_factory=list)
    anchors: dict = field(default_factory=dict)  # page -> its links to an id in another page
    linked: set = field(default_factory=set)  # every file some page links to
    stamps: dict = field(default_factory=dict)  # path -> (size, mtime_ns) as the build left it
    # In this process only: what it was built from (routes.Catalogue) and its routes by URL.
    catalogue: object = None
    routes: dict = field(default_factory=dict)

    def __getstate__(self):
        return {**self.__dict__, "catalogue": None, "routes": {}}  # a cache on disk does not keep the content


LAZY = ("parsed", "stats", "qr", "rows")  # read from disk on first use only
FROZEN = ("parsed", "rows")  # LazyTables of values never changed in place
MEMORY_ONLY = ("search",)  # worth keeping only in a running process (the preview server)


@dataclass
class BuildCache:
    folder: Path | None  # None: in memory only
    version: str
    states: dict = field(default_factory=dict)  # output folder (str) -> OutputState
    _lazy: dict = field(default_factory=dict)
    dirty: set = field(default_factory=set)  # lazy tables changed in this run
    persist: bool = True  # False: kept in memory by its owner (the preview server), never written
    catalogue: object = field(default=None, repr=False)  # the last valid one (routes.Catalogue), in memory only
    documents: dict = field(default_factory=dict, repr=False)  # loader documents by path, in memory only

    @classmethod
    def open(cls, folder: Path) -> BuildCache:
        cache = cls(folder=folder, version=code_version())
        value = _read(folder / "states.pickle", cache.version)
        if isinstance(value, dict):
            cache.states = value
        return cache

    def _table(self, name: str) -> dict:
        if name not in self._lazy:
            if name in MEMORY_ONLY:  # the search state pickles to 50 MB at 10,000 procedures:
                self._lazy[name] = {}  # reading it back is slower than building the index
                return self._lazy[name]
            value = _read(self.folder / f"{name}.pickle", self.version) if self.folder is not None else None
            if name in FROZEN:
                self._lazy[name] = value if isinstance(value, LazyTable) else LazyTable(frozen=True)
            else:
                self._lazy[name] = value if isinstance(value, dict) else {}
        return self._lazy[name]

    def replace(self, name: str, values: dict, same_key_same_value: bool = False) -> None:
        """Table ``name`` (one of FROZEN) holds ``values`` now; unchanged entries keep their
        pickled form, so writing the table costs what changed."""
        if not self.persist:  # kept in memory only: nothing to pickle later
            self._lazy[name] = values
            return
        self._lazy[name] = self._table(name).replaced(values, same_key_same_value)
        self.dirty.add(name)

    @property
    def parsed(self) -> dict:
        """File digest -> (model, body, body line) of the content files validated so far."""
        return self._table("parsed")

    @property
    def stats(self) -> dict:
        """Content file -> ((size, times, inode), digest), updated by the loader."""
        self.dirty.add("stats")
        return self._table("stats")

    @property
    def qr(self) -> dict:
        """(url, label) -> SVG of the QR codes drawn so far."""
        return self._table("qr")

    @property
    def rows(self) -> dict:
        """The open data lines of each procedure (render.OpenDataRows)."""
        return self._table("rows")

    def take_search_state(self):
        """The search index state of the last good build (search_index.SearchState), or None.
        Taken out: the index builder updates it in place, so it is only put back (by
        ``keep_search_state``) once a build succeeded."""
        state = self._table("search").pop("state", None)
        self.dirty.add("search")
        return state

    def keep_search_state(self, state) -> None:
        self._table("search")["state"] = state
        self.dirty.add("search")

    def read_search_state(self):
        """The search index state a build left (search_index.SearchState), or None."""
        return _read(self.folder / "search-state.pickle", self.version) if self.folder is not None else None

    def write_search_state(self, state) -> None:
        """Kept for the next build (only its used entries are pickled again); written at once,
        by whichever process built the index. A cache that cannot be written is only slower."""
        if self.folder is None or not self.persist:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(self.folder / "search-state.pickle", self.version, state)
        except OSError:
            pass

    def link_facts(self, output: Path) -> LinkFacts:
        return LinkFacts(self.folder / "links.sqlite" if self.folder is not None else None,
                         f"{self.version}:{output.resolve()}")

    def state(self, output: Path) -> OutputState:
        return self.states.get(str(output.resolve())) or OutputState()

    def remember(self, output: Path, state: OutputState) -> None:
        self.states[str(output.resolve())] = state

    def save(self, parsed: dict | None = None) -> None:
        """Write the cache; ``parsed`` replaces the parse cache (entries no file uses are dropped);
        of the lazy tables only those changed in this run are written."""
        if parsed is not None:
            self.replace("parsed", parsed, same_key_same_value=True)  # keyed by file digest
        if not self.persist:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for name in ("states", *sorted(self.dirty - set(MEMORY_ONLY))):
            _write(self.folder / f"{name}.pickle", self.version,
                   self._lazy[name] if name in LAZY else getattr(self, name))


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


class LinkFacts:
    """The link facts of each page of an output folder (linkcheck.PageFacts), in SQLite so a
    build reads only the pages it needs and writes only the pages it rendered."""

    def __init__(self, path: Path | None, scope: str):
        self.path, self.scope, self._db = path, scope, None

    def _connect(self):
        if self._db is None and self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path)
                self._db.execute("CREATE TABLE IF NOT EXISTS facts (scope TEXT, page TEXT, data BLOB, "
                                 "PRIMARY KEY (scope, page))")
            except (sqlite3.Error, OSError):  # no cache then, never a failed build
                self._db, self.path = None, None
        return self._db

    def _query(self, sql: str, args: tuple) -> list:
        db = self._connect()
        try:
            return db.execute(sql, args).fetchall() if db else []
        except sqlite3.Error:
            return []

    def get(self, page: str):
        rows = self._query("SELECT data FROM facts WHERE scope = ? AND page = ?", (self.scope, page))
        return _unpickle(rows[0][0]) if rows else None

    def all(self) -> dict:
        rows = self._query("SELECT page, data FROM facts WHERE scope = ?", (self.scope,))
        return {page: facts for page, data in rows if (facts := _unpickle(data)) is not None}

    def update(self, facts: dict, keep: set[str]) -> None:
        """Store ``facts`` (new pages) and forget pages neither in ``facts`` nor in ``keep``."""
        db = self._connect()
        if db is None:
            return
        try:
            self._update(db, facts, keep)
        except sqlite3.Error:  # a damaged file: start it again next time
            self.close()
            self.path.unlink(missing_ok=True)

    def _update(self, db, facts: dict, keep: set[str]) -> None:
        with db:
            stored = {row[0] for row in db.execute("SELECT page FROM facts WHERE scope = ?", (self.scope,))}
            db.executemany("DELETE FROM facts WHERE scope = ? AND page = ?",
                           [(self.scope, p) for p in stored - keep - set(facts)])
            db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)",
                           [(self.scope, p, pickle.dumps(f, protocol=pickle.HIGHEST_PROTOCOL)) for p, f in facts.items()])

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _unpickle(data: bytes):
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None
