"""The one interface through which a build reuses what earlier builds made.

``build()`` (pipeline.py) asks a ``Reuse`` at each place where earlier work may stand in for
new work; stage functions never see it. Every answer is what a clean build would compute:
reuse changes how fast a build is, never what it writes. ``NoReuse`` is a clean build;
``BuildCache`` (cache.py) keeps what builds made, on disk between commands or in memory in
the preview server.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from ..diagnostics import Diagnostic
from .pages import ProfilePages

T = TypeVar("T")


@dataclass(frozen=True)
class Unchanged:
    """The last build, whose output is still right: no input changed since."""

    files: list[str]
    warnings: list[Diagnostic]
    summary: str


@dataclass
class PreviousOutput:
    """What the last build left in one output folder, as far as it can be trusted."""

    trusted: frozenset[str] = frozenset()  # files still as that build left them
    profiles: dict[str, ProfilePages] = field(default_factory=dict)

    def profile(self, name: str) -> ProfilePages:
        return self.profiles.get(name) or ProfilePages()


@dataclass
class FinishedOutput:
    """One output folder as a build left it."""

    root: Path
    paths: list[str]  # every file in it, the manifest ``guard`` included
    written: set[str]  # the files whose bytes are new
    guard: str  # a file any other writer of the folder changes (the manifest)
    profiles: dict[str, ProfilePages]


@dataclass
class FinishedBuild:
    outputs: list[FinishedOutput]
    warnings: list[Diagnostic]
    summary: str


class Reuse(Protocol):
    def start(self, config) -> Unchanged | None:
        """A build of ``config`` begins (``config.input_digest()`` names its inputs,
        ``config.roots()`` its output folders); the last build when nothing changed since."""

    def document(self, file, parse: Callable[[], T]) -> T:
        """The raw document of a content file (``file.key`` names its place and bytes):
        ``parse()``, or the one made from the same bytes before."""

    def derived(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, or the value it gave for the same ``key`` (which names all it reads)."""

    def evolved(self, kind: str, inputs, make: Callable[..., T]) -> T:
        """``make(inputs)``, or the last build's value of ``kind`` evolved to ``inputs``
        (``value.evolved(inputs)``, which equals ``make(inputs)``)."""

    def previous_output(self, root: Path, guard: str) -> PreviousOutput:
        """What the last build wrote to ``root`` (``guard``: see FinishedOutput)."""

    def finish(self, build: FinishedBuild) -> str | None:
        """Keep what the next build may reuse; a reason when it could not be kept."""


class NoReuse:
    """A clean build: everything made anew, nothing kept."""

    def start(self, config) -> Unchanged | None:
        return None

    def document(self, file, parse: Callable[[], T]) -> T:
        return parse()

    def derived(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        return make()

    def evolved(self, kind: str, inputs, make: Callable[..., T]) -> T:
        return make(inputs)

    def previous_output(self, root: Path, guard: str) -> PreviousOutput:
        return PreviousOutput()

    def finish(self, build: FinishedBuild) -> str | None:
        return None


NO_REUSE = NoReuse()


class SharedDocuments:
    """A unit's reuse in a tree of units, with the common catalogue's documents kept in this
    process for every unit it builds: the first unit parses (or takes from its cache) and
    validates a common file; the next ones take that document, its model attached, as it is.
    ``common`` maps a file's path and stat signature to its document and belongs to one
    worker process (made before the fork, filled after it)."""

    def __init__(self, inner: Reuse, common: dict):
        self.inner, self.common = inner, common

    def start(self, config) -> Unchanged | None:
        return self.inner.start(config)

    def document(self, file, parse: Callable[[], T]) -> T:
        if file.layer != "shared":
            return self.inner.document(file, parse)
        doc = self.common.get(file.quick_key)
        if doc is None:
            doc = self.inner.document(file, parse)
            if doc is not None:
                self.common[file.quick_key] = doc
        return doc

    def derived(self, kind: str, key: Hashable, make: Callable[[], T]) -> T:
        return self.inner.derived(kind, key, make)

    def evolved(self, kind: str, inputs, make: Callable[..., T]) -> T:
        return self.inner.evolved(kind, inputs, make)

    def previous_output(self, root: Path, guard: str) -> PreviousOutput:
        return self.inner.previous_output(root, guard)

    def finish(self, build: FinishedBuild) -> str | None:
        return self.inner.finish(build)
