"""The validated unit: every content object with its cross-reference indexes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..text.vietnamese import collation_key
from .content import Agency, Decision, FieldOfWork, Procedure, SearchVocabulary, SiteConfig
from .pages import FeedbackPosting, Page, Plan


@dataclass(frozen=True)
class PlanDoc:
    slug: str
    plan: Plan
    body: str


@dataclass(frozen=True)
class PageDoc:
    slug: str
    page: Page
    body: str


@dataclass
class Site:
    """Everything a build knows about the unit; references are resolved ids."""

    config: SiteConfig
    agencies: dict[str, Agency]
    fields: dict[str, FieldOfWork]
    procedures: dict[str, Procedure]
    decisions: dict[str, Decision]
    plans: dict[str, PlanDoc]
    feedback: dict[str, FeedbackPosting]
    pages: dict[str, PageDoc]
    forms: frozenset[str] = frozenset()
    search: SearchVocabulary | None = None  # content/search.yaml, added to the shipped vocabulary
    # code -> ((date it takes effect, version), ...) from procedures/<code>@<date>.yaml, earliest first
    versions: dict[str, tuple] = field(default_factory=dict)
    # (kind, key) -> digest of the file it came from: ("procedure", code), ("decision", slug),
    # ("plan", slug), ("page", slug), ("feedback", slug), ("site",), ("agencies",), ("fields",), ("search",),
    # ("version", code, "YYYY-MM-DD")
    sources: dict[tuple, str] = field(default_factory=dict, repr=False)
    by_field: dict[str, list[str]] = field(init=False)
    by_agency: dict[str, list[str]] = field(init=False)
    by_level: dict[str, list[str]] = field(init=False)
    # code -> the codes whose 'linked' names it: a link goes both ways on the pages
    linked_from: dict[str, list[str]] = field(init=False)
    _rank: dict[str, int] = field(init=False, repr=False)
    _ordered: list[str] = field(init=False, repr=False)  # every code, in Vietnamese order

    def __post_init__(self):
        # Vietnamese order of procedure names, computed once; sorted_codes() then only looks up.
        self._ordered = sorted(self.procedures, key=lambda c: (self.procedures[c].sort_key, c))
        self._rank = {code: i for i, code in enumerate(self._ordered)}
        by_field, by_agency, by_level = defaultdict(list), defaultdict(list), defaultdict(list)
        linked_from = defaultdict(list)
        for code in self._ordered:
            proc = self.procedures[code]
            by_field[proc.field].append(code)
            named = [proc.agency, proc.authority, *proc.receiving]
            for agency in dict.fromkeys(a for a in named if a):
                by_agency[agency].append(code)
            for level in proc.level:
                by_level[level].append(code)
            for other in proc.linked:
                linked_from[other].append(code)
        self.by_field, self.by_agency, self.by_level = dict(by_field), dict(by_agency), dict(by_level)
        self.linked_from = dict(linked_from)

    def linked_with(self, code: str) -> list[str]:
        """The procedures linked with ``code`` either way, in Vietnamese order."""
        proc = self.procedures[code]
        return self.sorted_codes(dict.fromkeys([*proc.linked, *self.linked_from.get(code, ())]))

    def sorted_codes(self, codes) -> list[str]:
        """Procedure codes in Vietnamese alphabetical order of their names."""
        if codes is self.procedures:
            return list(self._ordered)
        return sorted(codes, key=self._rank.__getitem__)

    def fields_in_order(self) -> list[str]:
        """Field ids in Vietnamese alphabetical order of their names."""
        return sorted(self.fields, key=lambda f: (collation_key(self.fields[f].name), f))

    def decisions_newest_first(self) -> list[str]:
        """Decision slugs by date, newest first; those without a date last."""
        return sorted(self.decisions, key=lambda s: (self.decisions[s].date is not None, self.decisions[s].date or 0, s),
                      reverse=True)

    @property
    def feedback_posting(self) -> FeedbackPosting | None:
        """The posting shown on every page: the one named in site.yaml, else the first."""
        if self.config.feedback:
            return self.feedback[self.config.feedback]
        return self.feedback[sorted(self.feedback)[0]] if self.feedback else None
