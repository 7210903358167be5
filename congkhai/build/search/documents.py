"""What search indexes: one document per procedure, plan, decision, page and feedback posting,
made from the model (not from HTML)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from ...model.catalogue import Catalogue
from ...text.markup import render_markdown
from ...text.vietnamese import collation_key


@dataclass
class SearchDoc:
    url: str  # site-absolute, e.g. /thu-tuc/1.000656/
    title: str
    kind: str
    name: str
    meta: list[str] = dc_field(default_factory=list)  # pieces: each is tokenised once
    body: list[str] = dc_field(default_factory=list)
    snippet: str = ""
    field: str | None = None
    levels: list[str] = dc_field(default_factory=list)
    online: str | None = None
    current: bool = True
    digest: str = dc_field(default="", repr=False, compare=False)  # ``key``, once computed

    @property
    def key(self) -> str:
        """A digest of everything indexed of the document."""
        if not self.digest:
            self.digest = hashlib.blake2b(repr(self).encode("utf-8"), digest_size=16).hexdigest()
        return self.digest


# Markdown that changes the words of a text once rendered: entities and HTML, links, code,
# escapes, numbered lists. Other text reads the same rendered or not, and is not rendered.
_MARKUP = re.compile(r"[&<\[`\\]|^\s*\d+[.)]\s", re.M)


def plain(markdown_text: str | None) -> str:
    """Markdown as plain text (tags dropped) for indexing."""
    if not markdown_text:
        return ""
    if not _MARKUP.search(markdown_text):
        return markdown_text
    return re.sub(r"<[^>]+>", " ", render_markdown(markdown_text))


def procedure_document(catalogue: Catalogue, code: str) -> SearchDoc:
    """One procedure's document: made from its file, agencies.yaml, fields.yaml and whether it
    is in force (``procedure_document_inputs``)."""
    site = catalogue.site
    p = site.procedures[code]
    agencies = [site.agencies[a].name for a in dict.fromkeys([p.agency, p.authority, *p.receiving, *p.partners]) if a]
    field_name = site.fields[p.field].name if p.field else ""
    agency_name = site.agencies[p.agency].name if p.agency else ""
    body = [*p.applicants, *(d.name for d in p.all_documents), *(c.title for c in p.cases),
            *(plain(s) for s in p.steps), p.result or "", plain(p.requirements),
            *(f"{m.time or ''} {m.fee or ''} {m.note or ''}" for m in p.methods),
            *(f"{ref.number or ''} {ref.title or ''}" for ref in p.legal_basis)]
    snippet = " · ".join(x for x in [field_name, agency_name, p.result or ""] if x)
    digits = code.partition(".")[2]  # "004873" and "4873": a code typed in part finds it
    return SearchDoc(url=f"/thu-tuc/{code}/", title=p.name, kind="procedure", name=f"{p.name} {code}",
                     meta=[field_name, *agencies, p.kind or "", digits, digits.lstrip("0")], body=body,
                     snippet=snippet[:160], field=p.field, levels=list(p.level), online=p.online,
                     current=code in catalogue.lifecycle.listed)


def procedure_document_inputs(catalogue: Catalogue, code: str) -> tuple:
    """What ``procedure_document`` reads, as digests: equal inputs give an equal document."""
    sources = catalogue.site.sources
    return (sources.get(("procedure", code)), sources.get(("agencies",)), sources.get(("fields",)),
            code in catalogue.lifecycle.listed)


def other_documents(catalogue: Catalogue) -> list[SearchDoc]:
    """Plans, decisions, pages and feedback postings."""
    site = catalogue.site
    docs: list[SearchDoc] = []
    for slug, doc in sorted(site.plans.items(), key=lambda kv: kv[1].plan.date, reverse=True):
        plan = doc.plan
        tasks = [" ".join(filter(None, [t.section, t.content, t.lead, t.partners, t.product, t.timeline]))
                 for a in plan.appendices for t in a.tasks]
        docs.append(SearchDoc(url=f"/ke-hoach/{slug}/", title=f"Kế hoạch số {plan.number}: {plan.title}",
                              kind="plan", name=f"Kế hoạch số {plan.number} {plan.title}", meta=[plan.issuer or ""],
                              body=[plain(doc.body), *tasks, *(a.title for a in plan.appendices)],
                              snippet=plan.title[:160]))
    for slug in site.decisions_newest_first():
        decision = site.decisions[slug]
        changed = [f"{c.code} {site.procedures[c.code].name}" for c in decision.changes]
        title = f"Quyết định số {decision.number}" if decision.number else "Quyết định không số"
        docs.append(SearchDoc(url=f"/quyet-dinh/{slug}/", title=title,
                              kind="decision", name=f"{title} {decision.title or ''}",
                              meta=[decision.issuer or ""], body=changed,
                              snippet=(decision.title or "")[:160]))
    for slug, page in sorted(site.pages.items(), key=lambda kv: collation_key(kv[1].page.title)):
        docs.append(SearchDoc(url=f"/{slug}/", title=page.page.title, kind="page", name=page.page.title,
                              body=[plain(page.body)], snippet=(page.page.description or "")[:160]))
    for slug, posting in sorted(site.feedback.items()):
        title = posting.title or f"Phản ánh, kiến nghị – {site.agencies[posting.agency].name}"
        docs.append(SearchDoc(url=f"/phan-anh-kien-nghi/{slug}/", title=title, kind="page",
                              name=f"{title} phản ánh kiến nghị", meta=[site.agencies[posting.agency].name],
                              body=[x for x in [posting.address, posting.phone, posting.email,
                                                *posting.scope, plain(posting.guidance)] if x],
                              snippet=(posting.address or "")[:160]))
    return docs


def search_documents(catalogue: Catalogue) -> list[SearchDoc]:
    """Every document to index: procedures in catalogue order, then the others."""
    site = catalogue.site
    return [procedure_document(catalogue, c) for c in site.sorted_codes(site.procedures)] + other_documents(catalogue)
