"""The catalogue: the site with every procedure's status and completeness, as of a day.
It is what every template reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import completeness, lifecycle
from .completeness import Completeness
from .lifecycle import Lifecycle
from .site import Site


@dataclass(frozen=True)
class Catalogue:
    site: Site
    lifecycle: Lifecycle
    completeness: Completeness

    def current_codes(self, codes=None) -> list[str]:
        """``codes`` (default: every procedure) that are in force, in Vietnamese order."""
        codes = self.site.procedures if codes is None else codes
        listed = self.lifecycle.listed
        return [c for c in self.site.sorted_codes(codes) if c in listed]


def make_catalogue(site: Site, as_of: dt.date) -> Catalogue:
    """Statuses from the decisions as of ``as_of``, then how complete each procedure is."""
    states = lifecycle.compute(site, as_of)
    return Catalogue(site, states, completeness.measure(site, states))
