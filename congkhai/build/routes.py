"""Plan the site: every public URL with the template and context that renders it."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..model.catalogue import Catalogue
from ..text.vietnamese import collation_key


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


def plan_routes(catalogue: Catalogue) -> list[Route]:
    """Every route, in a fixed order."""
    site, lifecycle = catalogue.site, catalogue.lifecycle
    routes = [
        Route("/", "home.html"),
        Route("/thu-tuc/", "catalogue.html", {"codes": catalogue.current_codes()}),
        Route("/linh-vuc/", "fields.html"),
        Route("/co-quan/", "agencies.html"),
        Route("/ke-hoach/", "plans.html"),
        Route("/quyet-dinh/", "decisions.html"),
        Route("/phan-anh-kien-nghi/", "feedback.html"),
        Route("/thay-doi/", "changes.html"),
        Route("/tim-kiem/", "search.html"),
        Route("/tinh-day-du/", "completeness.html", in_sitemap=False),
        Route("/404.html", "404.html", in_sitemap=False),
    ]
    upcoming = catalogue.upcoming  # code -> (date, version): its notice here, its own page below
    for code in site.sorted_codes(site.procedures):
        routes.append(Route(f"/thu-tuc/{code}/", "procedure.html",
                            {"code": code, "procedure": site.procedures[code], "status": lifecycle.statuses[code],
                             "upcoming_version": upcoming[code][0] if code in upcoming else None, "version_page": None}))
        if code in upcoming:
            day, version = upcoming[code]
            routes.append(Route(f"/thu-tuc/{code}/sap-ap-dung/", "procedure.html",
                                {"code": code, "procedure": version, "status": lifecycle.statuses[code],
                                 "upcoming_version": None, "version_page": day}, in_sitemap=False))
    for field_id, field_of_work in site.fields.items():
        routes.append(Route(f"/linh-vuc/{field_id}/", "field.html",
                            {"field": field_of_work, "codes": catalogue.current_codes(site.by_field.get(field_id, []))}))
    for agency_id, agency in site.agencies.items():
        routes.append(Route(f"/co-quan/{agency_id}/", "agency.html",
                            {"agency": agency, "codes": catalogue.current_codes(site.by_agency.get(agency_id, []))}))
    for slug, plan in site.plans.items():
        routes.append(Route(f"/ke-hoach/{slug}/", "plan.html", {"plan_doc": plan, "plan": plan.plan}))
    rows_of: dict[str, list] = defaultdict(list)  # each decision's rows, newest first as in lifecycle.changes
    for event in lifecycle.changes:
        rows_of[event.decision].append(event)
    for slug, decision in site.decisions.items():
        routes.append(Route(f"/quyet-dinh/{slug}/", "decision.html",
                            {"slug": slug, "decision": decision, "rows": rows_of.get(slug, [])}))
    for slug, posting in site.feedback.items():
        routes.append(Route(f"/phan-anh-kien-nghi/{slug}/", "feedback_posting.html", {"slug": slug, "posting": posting}))
    for slug, page in sorted(site.pages.items(), key=lambda kv: (kv[1].page.order, collation_key(kv[1].page.title))):
        routes.append(Route(f"/{slug}/", "page.html", {"page_doc": page, "page": page.page}))
    sitemap_routes = [r for r in routes if r.in_sitemap]
    routes += [
        Route("/feed.xml", "feed.xml", in_sitemap=False),
        Route("/sitemap.xml", "sitemap.xml", {"sitemap_routes": sitemap_routes}, in_sitemap=False),
        Route("/robots.txt", "robots.txt", in_sitemap=False),
    ]
    return routes
