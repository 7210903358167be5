"""Procedure status from decisions, as of a date: current, upcoming, abolished, replaced."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

from .dependencies import digest
from .site import Site

CURRENT, UPCOMING, ABOLISHED, REPLACED = "current", "upcoming", "abolished", "replaced"
STATE_LABELS = {CURRENT: "Đang áp dụng", UPCOMING: "Sắp áp dụng", ABOLISHED: "Đã bãi bỏ", REPLACED: "Đã được thay thế"}
# Changes to one code on one day apply in this order (validation reports them): a procedure
# published and abolished on the same day is abolished.
PRECEDENCE = {"new": 0, "amended": 1, "replaced": 2, "replaced-by": 3, "abolished": 4}


def state_after(action: str) -> str:
    """A procedure's state once a change of ``action`` is in effect."""
    return {"abolished": ABOLISHED, "replaced-by": REPLACED}.get(action, CURRENT)


@dataclass(frozen=True)
class ChangeEvent:
    """One change to one procedure, from one decision, taking effect on one day."""

    code: str
    action: str  # new, amended, replaced, abolished; or replaced-by (the old code's side)
    effective: dt.date
    decision: str  # the decision's slug
    other: tuple[str, ...] = ()  # codes it replaces, or for replaced-by the codes replacing it
    upcoming: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Status:
    code: str
    state: str
    since: dt.date | None
    decision: str | None
    replaces: tuple[str, ...]
    replaced_by: tuple[str, ...]
    history: tuple[ChangeEvent, ...]  # in effect, oldest first
    upcoming: tuple[ChangeEvent, ...]  # not yet in effect, soonest first

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @functools.cached_property
    def fingerprint(self) -> str:
        """A digest of the whole status, made once: page keys and dependency values compare it."""
        return digest(self)

    @property
    def is_listed(self) -> bool:
        """Whether the procedure belongs in the current catalogue."""
        return self.state == CURRENT


@dataclass(frozen=True)
class Lifecycle:
    as_of: dt.date
    statuses: dict[str, Status]
    changes: tuple[ChangeEvent, ...]  # every decision row, newest first (no replaced-by mirrors)

    def codes(self, state: str) -> list[str]:
        return [code for code, status in self.statuses.items() if status.state == state]

    @functools.cached_property
    def listed(self) -> frozenset[str]:
        """The codes in the current catalogue (Status.is_listed)."""
        return frozenset(code for code, status in self.statuses.items() if status.is_listed)


def _decision_events(site: Site, as_of: dt.date) -> list[ChangeEvent]:
    events = []
    for slug, decision in site.decisions.items():
        for change in decision.changes:
            day = change.effective or decision.effective_date
            if day is None:  # reported by validation; a build stops there
                continue
            events.append(ChangeEvent(change.code, change.action, day, slug, tuple(change.replaces), day > as_of,
                                      change.note))
            for old in change.replaces:
                events.append(ChangeEvent(old, "replaced-by", day, slug, (change.code,), day > as_of))
    return events


def _own_event(site: Site, code: str, as_of: dt.date) -> ChangeEvent | None:
    """A procedure published by a decision that lists no changes is new on its effective date."""
    proc = site.procedures[code]
    decision = site.decisions.get(proc.decision) if proc.decision else None
    if decision is None or decision.changes or decision.effective_date is None:
        return None
    day = decision.effective_date
    return ChangeEvent(code, "new", day, proc.decision, (), day > as_of)


def _status(code: str, events: list[ChangeEvent]) -> Status:
    events = sorted(events, key=lambda e: (e.effective, PRECEDENCE[e.action], e.decision))
    past = [e for e in events if not e.upcoming]
    future = [e for e in events if e.upcoming]
    replaces = tuple(dict.fromkeys(c for e in events if e.action == "replaced" for c in e.other))
    replaced_by = tuple(dict.fromkeys(c for e in events if e.action == "replaced-by" for c in e.other))
    if past:
        last = past[-1]
        state = state_after(last.action)
        since, decision = last.effective, last.decision
    elif future:
        state, since, decision = UPCOMING, future[0].effective, future[0].decision
    else:
        state, since, decision = CURRENT, None, None
    return Status(code, state, since, decision, replaces, replaced_by, tuple(past), tuple(future))


def _rows(by_decisions: list[ChangeEvent], own: dict[str, ChangeEvent]) -> tuple[ChangeEvent, ...]:
    rows = [e for e in by_decisions if e.action != "replaced-by"] + list(own.values())
    rows.sort(key=lambda e: (e.effective, e.decision, e.code), reverse=True)
    return tuple(rows)


def compute(site: Site, as_of: dt.date) -> Lifecycle:
    """Every procedure's status as of ``as_of``."""
    events = _decision_events(site, as_of)
    by_code: dict[str, list[ChangeEvent]] = defaultdict(list)
    for event in events:
        by_code[event.code].append(event)
    own = {code: event for code in site.procedures if (event := _own_event(site, code, as_of)) is not None}
    statuses = {code: _status(code, [*by_code.get(code, ()), *([own[code]] if code in own else [])])
                for code in site.procedures}
    return Lifecycle(as_of, statuses, _rows(events, own))
