"""What a page read while it was rendered: the dependency graph of incremental builds.

Templates see the site through views that record every lookup: ``statuses[code]`` records
("status", code), iterating a collection records (kind, "*"). A procedure from
``site.procedures[code]`` records ("summary", code) while only the attributes listings show
are read (SUMMARY: name, field, level...), and ("procedure", code) once any other is: so
editing a procedure's steps renders its page again, not every listing that names it. Any attribute without a finer rule records ("all",): the
page then depends on all content, which is always safe. Files read by every page (site.yaml,
agencies.yaml, fields.yaml, feedback/, forms/, templates, the code and the build settings)
are not recorded per page; they make up the build's global key instead.

``Fingerprints`` gives the current value of a recorded dependency (a file's digest, a status,
a procedure's summary fields), compared with ``==`` to the last build's: a page is rendered
again exactly when something it read has changed.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Mapping
from typing import Any

ALL = ("all",)
SUMMARY_ORDER = ("code", "name", "field", "level", "agency", "authority", "receiving", "online", "kind", "explicit_none")
SUMMARY = frozenset(SUMMARY_ORDER)
_summary_of = operator.attrgetter(*SUMMARY_ORDER)
FROM_ONE_FILE = frozenset(("summary", "missing"))  # kinds whose value for a code depends on its file only


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


class ProcedureView:
    """One procedure as a template sees it: records what kind of attribute was read."""

    __slots__ = ("_target", "_code", "_deps")

    def __init__(self, target, code: str, deps: set):
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_code", code)
        object.__setattr__(self, "_deps", deps)

    def __getattr__(self, name):
        self._deps.add(("summary" if name in SUMMARY else "procedure", self._code))
        return getattr(self._target, name)

    def __eq__(self, other):
        self._deps.add(("procedure", self._code))
        return self._target == (other._target if isinstance(other, ProcedureView) else other)

    __hash__ = None


class ProcedureTable(TrackedMapping):
    """``site.procedures``: codes and presence are summary facts; values are ProcedureViews."""

    __slots__ = ()

    def __getitem__(self, code):
        return ProcedureView(self._data[self._note(code)], code, self._deps)

    def get(self, code, default=None):
        found = self._data.get(self._note(code))
        return default if found is None else ProcedureView(found, code, self._deps)

    def __contains__(self, code):
        return self._note(code) in self._data

    def _note(self, code):
        self._deps.add(("summary", code))
        return code

    def __iter__(self):
        self._deps.add(("summary", "*"))
        return iter(self._data)

    def __len__(self):
        self._deps.add(("summary", "*"))
        return len(self._data)

    def keys(self):
        self._deps.add(("summary", "*"))
        return self._data.keys()

    def items(self):
        self._deps.add(("summary", "*"))
        return [(code, ProcedureView(p, code, self._deps)) for code, p in self._data.items()]

    def values(self):
        return [p for _, p in self.items()]


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
    GLOBAL = ("config", "agencies", "fields", "feedback", "feedback_posting", "forms", "fields_in_order")

    def __init__(self, site, deps: set):
        super().__init__(site, deps)
        object.__setattr__(self, "procedures", ProcedureTable("procedure", site.procedures, deps))
        for kind, name in (("decision", "decisions"), ("plan", "plans"),
                           ("page", "pages"), ("by_field", "by_field"), ("by_agency", "by_agency"),
                           ("by_level", "by_level"), ("linked_from", "linked_from")):
            object.__setattr__(self, name, TrackedMapping(kind, getattr(site, name), deps))
        for name in self.GLOBAL:
            object.__setattr__(self, name, getattr(site, name))

    def decisions_newest_first(self):
        self._deps.add(("decision", "*"))
        return self._target.decisions_newest_first()

    def linked_with(self, code: str):
        self._deps.update((("procedure", code), ("linked_from", code)))
        codes = self._target.linked_with(code)
        self._deps.update(("summary", c) for c in codes)
        return codes

    def sorted_codes(self, codes):
        codes = list(codes)
        self._deps.update(("summary", c) for c in codes)  # the order follows their names
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

    def required_labels(self, code: str):
        self._deps.add(("missing", code))
        return self._target.required_labels(code)

    def _counts(self):  # complete and total: every procedure's missing list and status
        self._deps.update((("missing", "*"), ("status", "*")))
        return self._target

    def summary(self):
        return self._counts().summary()

    def percent_text(self):
        return self._counts().percent_text()

    @property
    def share(self):
        return self._counts().share

    @property
    def complete(self):
        return self._counts().complete

    @property
    def total(self):
        return self._counts().total


class CatalogueView(_View):
    def __init__(self, catalogue, deps: set):
        super().__init__(catalogue, deps)
        object.__setattr__(self, "site", SiteView(catalogue.site, deps))
        object.__setattr__(self, "lifecycle", LifecycleView(catalogue.lifecycle, deps))
        object.__setattr__(self, "completeness", CompletenessView(catalogue.completeness, deps))

    def current_codes(self, codes=None):
        if codes is None:
            self._deps.update((("summary", "*"), ("status", "*")))
        else:
            codes = list(codes)
            self._deps.update(("summary", c) for c in codes)
            self._deps.update(("status", c) for c in codes)
        return self._target.current_codes(codes)


class Fingerprints:
    """The values of the dependencies of one build (of one profile), computed on first use."""

    def __init__(self, catalogue, settings: dict):
        self.catalogue = catalogue
        self.settings = settings
        self.sources = catalogue.site.sources  # ("procedure", code) etc. -> digest of its file
        self._known: dict[tuple, object] = {}

    def __call__(self, dep: tuple):
        try:
            return self._known[dep]
        except KeyError:
            value = self._known[dep] = self._compute(dep)
            return value

    def changed(self, known: dict) -> set:
        """The dependencies in ``known`` (dependency -> its value at the last build) whose value
        differs now. A procedure's summary and missing elements come from its file alone: where
        the file's digest is as it was, they are not worked out."""
        sources = self.sources
        same_file = {dep[1] for dep, value in known.items()
                     if dep[0] == "procedure" and dep[1] != "*" and sources.get(dep) == value}
        return {dep for dep, value in known.items()
                if not (dep[0] in FROM_ONE_FILE and dep[1] in same_file) and self(dep) != value}

    def _compute(self, dep: tuple):
        kind = dep[0]
        if dep == ALL:
            return digest(*(self(k) for k in (("procedure", "*"), ("summary", "*"), ("decision", "*"), ("plan", "*"), ("page", "*"),
                                                ("status", "*"), ("missing", "*"), ("changes",), ("as_of",))))
        lifecycle, site = self.catalogue.lifecycle, self.catalogue.site
        if kind == "as_of":
            return lifecycle.as_of.isoformat()
        if kind == "changes":
            return tuple(lifecycle.changes)
        key = dep[1]
        if kind == "setting":
            return digest(sorted(self.settings.items(), key=repr) if key == "*" else self.settings.get(key, ()))
        # A whole kind's value lists its items in the table's own order, which the same content
        # always gives (files are read in name order).
        if kind == "summary":
            if key == "*":
                return tuple(site.procedures), tuple(map(_summary_of, site.procedures.values()))
            procedure = site.procedures.get(key)
            return None if procedure is None else _summary_of(procedure)
        if kind in ("procedure", "decision", "plan", "page"):
            if key == "*":
                return tuple(sorted((k[1], v) for k, v in self.sources.items() if k[0] == kind))
            return self.sources.get((kind, key))
        if kind == "status" and key != "*":  # a digest: statuses are compared, and kept between builds
            status = lifecycle.statuses.get(key)
            return None if status is None else status.fingerprint
        table = {"status": lifecycle.statuses, "missing": self.catalogue.completeness.missing,
                 "by_field": site.by_field, "by_agency": site.by_agency, "by_level": site.by_level,
                 "linked_from": site.linked_from}[kind]
        if key == "*":
            return digest(tuple(table.items())) if kind == "status" else tuple(table.items())
        return table.get(key)


class PageKeys:
    """A page's key: its template and its own context in comparable form, where a model object
    stands for the digest of the file it came from and any other value for a digest of its
    repr. Equal keys and unchanged dependencies mean the page as the last build wrote it is
    still right."""

    def __init__(self, catalogue):
        site, sources = catalogue.site, catalogue.site.sources
        self._sources: dict[int, str] = {}
        for kind, table in (("procedure", site.procedures), ("decision", site.decisions)):
            for key, obj in table.items():
                self._sources[id(obj)] = sources[(kind, key)]
        for kind, table, inner in (("plan", site.plans, "plan"), ("page", site.pages, "page")):
            for key, doc in table.items():
                self._sources[id(doc)] = self._sources[id(getattr(doc, inner))] = sources[(kind, key)]

    def __call__(self, template: str, context: dict) -> tuple:
        return template, self._stable(context)

    def _stable(self, value):
        kind = type(value)
        if kind is str or value is None:
            return value
        known = self._sources.get(id(value))
        if known is not None:
            return ("source", known)
        if kind is dict:
            return [(k, self._stable(v)) for k, v in value.items()]
        if kind is list or kind is tuple:
            if all(type(v) is str for v in value):  # a listing's procedure codes: as they are
                return list(value)
            return [self._stable(v) for v in value]
        url = getattr(value, "url", None)
        if isinstance(url, str) and hasattr(value, "template"):  # a route: its address is enough
            return ("route", url)
        fingerprint = getattr(value, "fingerprint", None)  # a status: its digest, made once
        return ("value", fingerprint if isinstance(fingerprint, str) else digest(value))  # a date...: only compared
