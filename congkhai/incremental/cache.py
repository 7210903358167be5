"""The build cache: what builds made, kept for the next one (see reuse.py for the interface).

It keeps four tables, each keyed so that a stale entry can never be used:

- ``documents``: raw documents with their validated models, by the file's place and digest
  (a file with the same bytes is not parsed or validated again), and ``signatures``: the
  digest of each file by its place and stat signature (a file whose size, times and inode
  are the same is not even read);
- ``derived``: values made from named inputs (each procedure's open data lines and search
  document), by the digests of those inputs;
- ``evolved-<kind>``: the last value of a kind that makes its successor (the search index);
- ``outputs``: per output folder, the inputs digest of the last build, the size and time of
  each file it wrote, and per profile each page's record (pages.py).

On disk (``DiskStore``, default ``.congkhai-cache/<output name>/`` next to the output) the
tables of many entries are LazyTables, so a build reads and writes again only the entries it
used. In memory (``MemoryStore``, the preview server) they are kept as they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic
from ..lazy_table import LazyTable
from .pages import ProfilePages
from .reuse import FinishedBuild, PreviousOutput, Unchanged
from .store import DiskStore, MemoryStore


@dataclass
class OutputRecord:
    """The last build into one output folder."""

    inputs: str = ""  # digest of every input file and setting, at the start of that build
    warnings: list = field(default_factory=list)  # its warnings, to repeat when nothing changed
    summary: str = ""  # its completeness summary, likewise
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns) as left
    guard: str = ""
    profiles: dict[str, ProfilePages] = field(default_factory=dict)


class BuildCache:
    def __init__(self, store: DiskStore | MemoryStore):
        self.store = store
        self._tables: dict[str, object] = {}  # read from the store on first use
        self._begin()

    @classmethod
    def on_disk(cls, folder: Path) -> BuildCache:
        return cls(DiskStore(folder))

    @classmethod
    def in_memory(cls) -> BuildCache:
        return cls(MemoryStore())

    def _begin(self) -> None:
        self._inputs = ""
        self._used: dict[str, dict] = {"documents": {}, "signatures": {}, "derived": {}}
        self._evolved: dict[str, object] = {}

    def _table(self, name: str):
        """``outputs`` and ``signatures`` (dicts), ``documents`` or ``derived`` (LazyTables on
        disk, dicts in memory)."""
        if name not in self._tables:
            value = self.store.read(name)
            if name in ("outputs", "signatures") or isinstance(self.store, MemoryStore):
                value = value if isinstance(value, dict) else {}
            elif not isinstance(value, LazyTable):
                value = LazyTable(frozen=True)
            self._tables[name] = value
        return self._tables[name]

    # --- the Reuse interface -------------------------------------------------------------

    def start(self, config) -> Unchanged | None:
        self._begin()
        if not config.write:
            return None
        self._inputs = config.input_digest()
        records = [self._table("outputs").get(str(root.resolve())) for root in config.roots()]
        if not all(r is not None and r.inputs == self._inputs for r in records):
            return None
        if not all(_trusted(root, r) == r.stamps.keys() for root, r in zip(config.roots(), records)):
            return None
        files = sorted({p for r in records for p in r.stamps if p != r.guard})
        return Unchanged(files, [Diagnostic(*w) for w in records[0].warnings], records[0].summary)

    def document(self, file, parse: Callable):
        documents = self._table("documents")
        key = self._table("signatures").get(file.quick_key)  # the same file, unchanged: not even read
        doc = documents.get(key) if key is not None else None
        if doc is None:
            key = file.key
            doc = documents.get(key) or parse()
        if doc is not None:
            self._used["documents"][key] = doc
            self._used["signatures"][file.quick_key] = key
        return doc

    def derived(self, kind: str, key: Hashable, make: Callable):
        full = (kind, key)
        value = self._table("derived").get(full)
        if value is None:
            value = make()
        self._used["derived"][full] = value
        return value

    def evolved(self, kind: str, inputs, make: Callable):
        name = f"evolved-{kind}"
        last = self._tables.pop(name) if name in self._tables else self.store.read(name)
        self._tables[name] = None  # used up by evolving: only the new value may be kept
        value = last.evolved(inputs) if hasattr(last, "evolved") else make(inputs)
        self._evolved[name] = value
        return value

    def previous_output(self, root: Path, guard: str) -> PreviousOutput:
        record = self._table("outputs").get(str(root.resolve()))
        if record is None or record.guard != guard:
            return PreviousOutput()
        return PreviousOutput(frozenset(_trusted(root, record)), record.profiles)

    def finish(self, build: FinishedBuild) -> str | None:
        outputs = self._table("outputs")
        warnings = [(d.path, d.line, d.col, d.message, d.hint, d.severity) for d in build.warnings]
        for finished in build.outputs:
            key = str(finished.root.resolve())
            before = outputs[key].stamps if key in outputs else {}
            root = str(finished.root)
            stamps = {p: before[p] if p in before and p not in finished.written and p != finished.guard
                      else _stamp(os.path.join(root, p)) for p in finished.paths}
            outputs[key] = OutputRecord(self._inputs, warnings, build.summary, stamps, finished.guard,
                                        finished.profiles)
        for name in ("documents", "signatures", "derived"):
            table = self._table(name)
            used = self._used[name]
            self._tables[name] = table.replaced(used, same_key_same_value=True) if isinstance(table, LazyTable) else used
        self._tables.update(self._evolved)
        try:
            for name in ("outputs", "documents", "signatures", "derived", *self._evolved):
                self.store.write(name, self._tables[name])
        except OSError as exc:  # the site is written; only the next build will be slower
            return exc.strerror or str(exc)
        return None


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _trusted(root: Path, record: OutputRecord) -> set[str]:
    """The files of ``root`` still as the recorded build left them: none at all when the guard
    (the manifest) was written since by anything else."""
    stamps, folder = record.stamps, str(root)
    if record.guard and _stamp(os.path.join(folder, record.guard)) != stamps.get(record.guard):
        return set()
    return {path for path, stamp in stamps.items() if stamp is not None and _stamp(os.path.join(folder, path)) == stamp}
