"""The catalogue: the site with every procedure's status and completeness, as of a day.
It is what every template reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from . import completeness, lifecycle
from .completeness import Completeness
from .lifecycle import Lifecycle
from .site import Site


@dataclass(frozen=True)
class Catalogue:
    site: Site  # with each procedure's version in force as of the day
    lifecycle: Lifecycle
    completeness: Completeness
    upcoming: dict = field(default_factory=dict)  # code -> (date, version) waiting to take effect

    def current_codes(self, codes=None) -> list[str]:
        """``codes`` (default: every procedure) that are in force, in Vietnamese order."""
        codes = self.site.procedures if codes is None else codes
        listed = self.lifecycle.listed
        return [c for c in self.site.sorted_codes(codes) if c in listed]


def make_catalogue(site: Site, as_of: dt.date) -> Catalogue:
    """The version of each procedure in force as of ``as_of``; statuses from the decisions as of
    that day, then how complete each procedure is."""
    site, upcoming = in_force(site, as_of)
    states = lifecycle.compute(site, as_of)
    return Catalogue(site, states, completeness.measure(site, states), upcoming)


def in_force(site: Site, as_of: dt.date) -> tuple[Site, dict]:
    """``site`` with each procedure that has dated versions (procedures/<code>@<date>.yaml) at
    the latest one whose date has come, its digest standing for the procedure's (so pages, search
    and open data follow); and the next version of each, for its notice and its own page."""
    if not site.versions:
        return site, {}
    procedures, sources, upcoming = dict(site.procedures), dict(site.sources), {}
    swapped = False
    for code, dated in site.versions.items():
        if code not in procedures:
            continue
        come = [(day, version) for day, version in dated if day <= as_of]
        waiting = [(day, version) for day, version in dated if day > as_of]
        if come:
            day, procedures[code] = come[-1]
            sources[("procedure", code)] = sources[("version", code, day.isoformat())]
            swapped = True
        if waiting:
            upcoming[code] = waiting[0]
    return (replace(site, procedures=procedures, sources=sources) if swapped else site), upcoming
