"""What a page read while it was rendered: the dependency graph of incremental builds.

Templates see the site through views that record every lookup: ``site.procedures[code]``
records ("procedure", code), ``statuses[code]`` records ("status", code), iterating a
collection records (kind, "*"). Any attribute without a finer rule records ("all",): the
page then depends on all content, which is always safe. Files read by every page (site.yaml,
agencies.yaml, fields.yaml, feedback/, forms/, templates, the code and the build settings)
are not recorded per page; they make up the build's global key instead.

``Fingerprints`` gives the current digest of a recorded dependency, so a page is rendered
again exactly when something it read has changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

ALL = ("all",)


def digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


class TrackedMapping(Mapping):
    """A read-only mapping that records which keys were read."""

    __slots__ = ("_kind", "_data", "_deps")

    def __init__(self, kind: str, data: Mapping, deps: set):
        self._kind, self._data, self._deps = kind, data, deps

    def __getitem__(self, key):
        self._deps.add((self._kind, key))
        return self._data[key]

    def get(self, key, default=None):
        self._deps.add((self._kind, key))
        return self._data.get(key, default)

    def __contains__(self, key):
        self._deps.add((self._kind, key))
        return key in self._data

    def __iter__(self):
        self._deps.add((self._kind, "*"))
        return iter(self._data)

    def __len__(self):
        self._deps.add((self._kind, "*"))
        return len(self._data)

    def keys(self):
        self._deps.add((self._kind, "*"))
        return self._data.keys()

    def items(self):
        self._deps.add((self._kind, "*"))
        return self._data.items()

    def values(self):
        self._deps.add((self._kind, "*"))
        return self._data.values()


class _View:
    """Attributes not handled by a subclass mean 'depends on everything'."""

    def __init__(self, target, deps: set):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_deps", deps)

    def __getattr__(self, name):
        self._deps.add(ALL)
        return getattr(self._target, name)


class SiteView(_View):
    # Read by every page (or cheap to treat so): part of the global key, not recorded.
    GLOBAL = ("config", "agencies", "fields", "feedback", "feedback_posting", "forms")

    def __init__(self, site, deps: set):
        super().__init__(site, deps)
        for kind, name in (("procedure", "procedures"), ("decision", "decisions"), ("plan", "plans"),
                           ("page", "pages"), ("by_field", "by_field"), ("by_agency", "by_agency"),
                           ("by_level", "by_level")):
            object.__setattr__(self, name, TrackedMapping(kind, getattr(site, name), deps))
        for name in self.GLOBAL:
            object.__setattr__(self, name, getattr(site, name))

    def sorted_codes(self, codes):
        codes = list(codes)
        self._deps.update(("procedure", c) for c in codes)  # the order follows their names
        return self._target.sorted_codes(codes)


class LifecycleView(_View):
    def __init__(self, lifecycle, deps: set):
        super().__init__(lifecycle, deps)
        object.__setattr__(self, "statuses", TrackedMapping("status", lifecycle.statuses, deps))

    @property
    def as_of(self):
        self._deps.add(("as_of",))
        return self._target.as_of

    @property
    def changes(self):
        self._deps.add(("changes",))
        return self._target.changes

    def codes(self, state: str):
        self._deps.add(("status", "*"))
        return self._target.codes(state)


class CompletenessView(_View):
    def __init__(self, completeness, deps: set):
        super().__init__(completeness, deps)
        object.__setattr__(self, "missing", TrackedMapping("missing", completeness.missing, deps))

    def labels(self, code: str):
        self._deps.add(("missing", code))
        return self._target.labels(code)


class CatalogueView(_View):
    def __init__(self, catalogue, deps: set):
        super().__init__(catalogue, deps)
        object.__setattr__(self, "site", SiteView(catalogue.site, deps))
        object.__setattr__(self, "lifecycle", LifecycleView(catalogue.lifecycle, deps))
        object.__setattr__(self, "completeness", CompletenessView(catalogue.completeness, deps))

    def current_codes(self, codes=None):
        if codes is None:
            self._deps.update((("procedure", "*"), ("status", "*")))
        else:
            codes = list(codes)
            self._deps.update(("procedure", c) for c in codes)
            self._deps.update(("status", c) for c in codes)
        return self._target.current_codes(codes)


class Fingerprints:
    """Digests of the dependencies of one build, computed on first use."""

    def __init__(self, catalogue, settings: dict, memo: dict | None = None):
        self.catalogue = catalogue
        self.settings = settings  # of one profile; the rest is the same for every profile
        self.sources = catalogue.site.sources  # ("procedure", code) etc. -> digest of its file
        self._memo: dict[tuple, str | None] = {} if memo is None else memo  # shareable within a build

    def __call__(self, dep: tuple) -> str | None:
        if dep[0] == "setting":  # per profile: not in the shared memo (and cheap)
            return self._compute(dep)
        try:
            return self._memo[dep]
        except KeyError:
            value = self._memo[dep] = self._compute(dep)
            return value

    def _compute(self, dep: tuple) -> str | None:
        kind = dep[0]
        if dep == ALL:
            return digest(*(self(k) for k in (("procedure", "*"), ("decision", "*"), ("plan", "*"), ("page", "*"),
                                                ("status", "*"), ("missing", "*"), ("changes",), ("as_of",))))
        lifecycle, site = self.catalogue.lifecycle, self.catalogue.site
        if kind == "as_of":
            return lifecycle.as_of.isoformat()
        if kind == "changes":
            return digest(lifecycle.changes)
        key = dep[1]
        if kind == "setting":
            return digest(sorted(self.settings.items(), key=repr) if key == "*" else self.settings.get(key, ()))
        if kind in ("procedure", "decision", "plan", "page"):
            if key == "*":
                return digest(sorted((k[1], v) for k, v in self.sources.items() if k[0] == kind))
            return self.sources.get((kind, key))
        table = {"status": lifecycle.statuses, "missing": self.catalogue.completeness.missing,
                 "by_field": site.by_field, "by_agency": site.by_agency, "by_level": site.by_level}[kind]
        if key == "*":
            return digest(sorted(table.items()))
        return digest(table[key]) if key in table else None

    def key(self, base: str, deps) -> str:
        return digest(base, [(dep, self(dep)) for dep in deps])


def context_digest(value, sources_by_id: dict[int, str]) -> str:
    """A digest of a route's own context: models stand for the file they came from."""
    return digest(_stable(value, sources_by_id))


def _stable(value, sources_by_id):
    known = sources_by_id.get(id(value))
    if known is not None:
        return ("source", known)
    if isinstance(value, dict):
        return [(k, _stable(v, sources_by_id)) for k, v in value.items()]
    if isinstance(value, (list, tuple)):
        return [_stable(v, sources_by_id) for v in value]
    url = getattr(value, "url", None)
    if isinstance(url, str) and hasattr(value, "template"):  # a Route: its address is enough
        return ("route", url)
    return value
