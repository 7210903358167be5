"""Keep or render: which pages of the last build are still right, from what each one read.

A page is kept (the file in the output folder stays) when the build's global key (code,
templates, settings, the files every page reads) is the last build's, the page's own key
(template and context) is the same, the file is as the last build left it, and none of the
dependencies its last render recorded (model/dependencies.py) has a different value now.
The last build's value of every recorded dependency is kept, so one comparison per
dependency finds the changed ones; each page then needs one set-disjointness test.

A kept page's links were checked when it was written; it is checked again only when a file
it links to went away or a page whose ids it links to was rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


class PageRecord(NamedTuple):
    """What the last build knew of one page it wrote (a named tuple: 10,000 of them are read
    back by each build, and tuples unpickle fastest)."""

    key: tuple  # template and own context (model.dependencies.PageKeys)
    deps: frozenset  # what its templates read
    targets: frozenset = frozenset()  # the files it links to
    anchored: frozenset = frozenset()  # the other pages whose ids it links to


@dataclass
class ProfilePages:
    """One profile's pages in an output folder, as a build left them."""

    base_key: str = ""  # the global key they were rendered with
    pages: dict[str, PageRecord] = field(default_factory=dict)  # path under the folder -> record
    fingerprints: dict[tuple, object] = field(default_factory=dict)  # dependency -> its value then


def unchanged_pages(last: ProfilePages, base_key: str, keys: dict[str, tuple], changed: set[tuple],
                    trusted: frozenset[str]) -> set[str]:
    """The paths of ``keys`` (path -> page key now) whose page as the last build wrote it is
    still right; ``changed`` are the dependencies whose value differs, ``trusted`` the files
    still as that build left them."""
    if last.base_key != base_key:
        return set()
    pages = last.pages
    return {path for path, key in keys.items()
            if path in trusted and (record := pages.get(path)) is not None and record.key == key
            and record.deps.isdisjoint(changed)}


def to_check_again(records: dict[str, PageRecord], kept: set[str], paths: set[str], rendered: set[str]) -> list[str]:
    """Kept pages whose links must be checked again: a file they link to is gone, or a page
    whose ids they link to was rendered again."""
    return sorted(p for p in kept if not records[p].targets <= paths or not records[p].anchored.isdisjoint(rendered))


def fingerprints_now(last: ProfilePages, changed: set[tuple], rendered: dict[str, frozenset], value_now) -> dict:
    """The value of every dependency the pages now recorded read, for the next build: the last
    build's where it did not change, the value now for the rest."""
    values = {dep: value for dep, value in last.fingerprints.items() if dep not in changed}
    for deps in rendered.values():
        for dep in deps:
            if dep not in values:
                values[dep] = value_now(dep)
    return values
