"""Plan the site: every public URL with the template and context that renders it."""

from __future__ import annotations

import functools
import operator
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .completeness import Completeness
from .lifecycle import Lifecycle
from .site import Site
from .vietnamese import collation_key


@dataclass(frozen=True)
class Route:
    url: str  # site-absolute, e.g. /thu-tuc/1.000656/
    template: str
    context: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    in_sitemap: bool = True

    @property
    def output_path(self) -> str:
        """The file under the output root: folders get index.html."""
        path = self.url.lstrip("/")
        return path + "index.html" if path == "" or path.endswith("/") else path


def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` that works under any sub-path.

    A folder target gets an explicit ``index.html``: opened from disk (file://, kiosks) a
    folder link would show a directory listing. On http(s), theme/site.js drops the
    ``index.html`` again so the portal's address bar keeps clean URLs.
    """
    return _relative_url(from_url, to_url)


@functools.lru_cache(maxsize=1 << 17)  # listings link 10,000 procedures; serve renders them again
def _relative_url(from_url: str, to_url: str) -> str:
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target, _, fragment = to_url.partition("#")
    if target.endswith("/"):
        target += "index.html"
    if base.startswith("/") and target.startswith("/") and "/." not in base and "/." not in target \
            and "//" not in base and "//" not in target:
        # Both clean site-absolute paths (what templates pass): common folders, then '../'.
        here, there = base[1:-1].split("/") if base != "/" else [], target[1:].split("/")
        common = 0
        while common < len(here) and common < len(there) and here[common] == there[common]:
            common += 1
        rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    else:
        rel = posixpath.relpath(target, base)
    return rel + (f"#{fragment}" if fragment else "")


@dataclass(frozen=True)
class Catalogue:
    """What every template may read: the site, procedure states, completeness."""

    site: Site
    lifecycle: Lifecycle
    completeness: Completeness

    def current_codes(self, codes=None) -> list[str]:
        codes = self.site.procedures if codes is None else codes
        listed = self.lifecycle.listed
        return [c for c in self.site.sorted_codes(codes) if c in listed]


def plan_routes(catalogue: Catalogue, earlier: dict[str, Route] | None = None) -> list[Route]:
    """Every route, in a fixed order. ``earlier`` (URL -> route) are an earlier plan's routes:
    an earlier route is kept, the very object, when its context holds the very same objects
    (lists: the same objects in the same order), so a build can tell it is unchanged at once."""
    site, lifecycle = catalogue.site, catalogue.lifecycle
    earlier = earlier or {}

    def planned(url: str, template: str, context: dict | None = None, in_sitemap: bool = True) -> Route:
        context = context or {}
        old = earlier.get(url)
        if (old is not None and old.template == template and old.in_sitemap == in_sitemap
                and old.context.keys() == context.keys() and all(_same(old.context[k], v) for k, v in context.items())):
            return old
        return Route(url, template, context, in_sitemap)

    routes = [
        planned("/", "home.html"),
        planned("/thu-tuc/", "catalogue.html", {"codes": catalogue.current_codes()}),
        planned("/linh-vuc/", "fields.html"),
        planned("/co-quan/", "agencies.html"),
        planned("/ke-hoach/", "plans.html"),
        planned("/quyet-dinh/", "decisions.html"),
        planned("/phan-anh-kien-nghi/", "feedback.html"),
        planned("/thay-doi/", "changes.html"),
        planned("/tim-kiem/", "search.html"),
        planned("/tinh-day-du/", "completeness.html", in_sitemap=False),
        planned("/404.html", "404.html", in_sitemap=False),
    ]
    for code in site.sorted_codes(site.procedures):
        url, procedure, status = f"/thu-tuc/{code}/", site.procedures[code], lifecycle.statuses[code]
        route = earlier.get(url)
        if route is None or route.context.get("procedure") is not procedure or route.context.get("status") is not status:
            route = Route(url, "procedure.html", {"code": code, "procedure": procedure, "status": status})
        routes.append(route)
    for field_id, field_of_work in site.fields.items():
        routes.append(planned(f"/linh-vuc/{field_id}/", "field.html",
                            {"field": field_of_work, "codes": catalogue.current_codes(site.by_field.get(field_id, []))}))
    for agency_id, agency in site.agencies.items():
        routes.append(planned(f"/co-quan/{agency_id}/", "agency.html",
                            {"agency": agency, "codes": catalogue.current_codes(site.by_agency.get(agency_id, []))}))
    for slug, plan in site.plans.items():
        routes.append(planned(f"/ke-hoach/{slug}/", "plan.html", {"plan_doc": plan, "plan": plan.plan}))
    rows_of: dict[str, list] = defaultdict(list)  # each decision's rows, newest first as in lifecycle.changes
    for event in lifecycle.changes:
        rows_of[event.decision].append(event)
    for slug, decision in site.decisions.items():
        routes.append(planned(f"/quyet-dinh/{slug}/", "decision.html",
                            {"slug": slug, "decision": decision, "rows": rows_of.get(slug, [])}))
    for slug, posting in site.feedback.items():
        routes.append(planned(f"/phan-anh-kien-nghi/{slug}/", "feedback_posting.html",
                            {"slug": slug, "posting": posting}))
    for slug, page in sorted(site.pages.items(), key=lambda kv: (kv[1].page.order, collation_key(kv[1].page.title))):
        routes.append(planned(f"/{slug}/", "page.html", {"page_doc": page, "page": page.page}))
    sitemap_routes = [r for r in routes if r.in_sitemap]
    routes += [
        planned("/feed.xml", "feed.xml", in_sitemap=False),
        planned("/sitemap.xml", "sitemap.xml", {"sitemap_routes": sitemap_routes}, in_sitemap=False),
        planned("/robots.txt", "robots.txt", in_sitemap=False),
    ]
    return routes


def _same(old, new) -> bool:
    """The very same object, or lists of the very same objects."""
    return old is new or (type(old) is list and type(new) is list and len(old) == len(new)
                          and all(map(operator.is_, old, new)))
