"""Build the client-side search index from the model (not from HTML).

Output: classic script files under tim-kiem/chi-muc/ (they load from file:// where fetch()
does not), each calling ``CongkhaiSearch.load(name, data)``:

- ``core.js``: facets of every document, name lengths, the shard table;
- ``lex-<c>.js``: the folded words starting with <c> and their document frequency (prefix
  and typo expansion);
- ``s-<key>.js``: postings of the terms whose longest shard key is <key>; shards split by
  longer prefixes until each stays under SHARD_TARGET bytes gzip-compressed;
- ``d-<k>.js``: title, URL and snippet of documents k*BLOCK .. k*BLOCK+BLOCK-1, loaded only
  for the hits shown.

A posting is a doc-id delta (varint), one char for fields and term frequency, and, for name
and meta occurrences of a term with diacritic variants, one char saying which exact forms
occur (so "tử" can rank above "tu"). Adjacent name syllables are indexed as pairs
("dang_ky") for phrase ranking. docs/tim-kiem.md explains the choices.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field

from .markup import render_markdown
from .model import LEVELS, ONLINE
from .routes import Catalogue
from .vietnamese import collation_key, search_tokens

FOLDER = "tim-kiem/chi-muc"
KINDS = ["procedure", "plan", "decision", "page"]
NAME, META, BODY = 1, 2, 4
SHARD_TARGET = 24_000  # bytes gzip per shard, well under the 100 KB limit
BLOCK = 25  # documents per title block
MAX_VARIANTS = 6
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class SearchDoc:
    url: str  # site-absolute, e.g. /thu-tuc/1.000656/
    title: str
    kind: str
    name: str
    meta: list[str] = dc_field(default_factory=list)  # pieces: each is tokenised once (cached)
    body: list[str] = dc_field(default_factory=list)
    snippet: str = ""
    field: str | None = None
    levels: list[str] = dc_field(default_factory=list)
    online: str | None = None
    current: bool = True


def _plain(markdown_text: str | None) -> str:
    """Markdown as plain text (tags dropped) for indexing."""
    return re.sub(r"<[^>]+>", " ", render_markdown(markdown_text or ""))


def collect_documents(catalogue: Catalogue) -> list[SearchDoc]:
    site, statuses = catalogue.site, catalogue.lifecycle.statuses
    docs: list[SearchDoc] = []
    for code in site.sorted_codes(site.procedures):
        p = site.procedures[code]
        agencies = [site.agencies[a].name for a in dict.fromkeys([p.agency, p.authority, *p.receiving, *p.partners]) if a]
        body = [*p.applicants, *(d.name for d in p.all_documents), *(c.title for c in p.cases),
                *(_plain(s) for s in p.steps), p.result or "", _plain(p.requirements),
                *(f"{m.time or ''} {m.fee or ''} {m.note or ''}" for m in p.methods),
                *(f"{l.number or ''} {l.title or ''}" for l in p.legal_basis)]
        snippet = " · ".join(x for x in [site.fields[p.field].name, site.agencies[p.agency].name, p.result or ""] if x)
        docs.append(SearchDoc(
            url=f"/thu-tuc/{code}/", title=p.name, kind="procedure", name=f"{p.name} {code}",
            meta=[site.fields[p.field].name, *agencies, p.kind or ""], body=body,
            snippet=snippet[:160], field=p.field, levels=list(p.level), online=p.online,
            current=statuses[code].is_listed))
    for slug, doc in sorted(site.plans.items(), key=lambda kv: kv[1].plan.date, reverse=True):
        plan = doc.plan
        tasks = [" ".join(filter(None, [t.section, t.content, t.lead, t.partners, t.product, t.timeline]))
                 for a in plan.appendices for t in a.tasks]
        docs.append(SearchDoc(url=f"/ke-hoach/{slug}/", title=f"Kế hoạch số {plan.number}: {plan.title}",
                              kind="plan", name=f"Kế hoạch số {plan.number} {plan.title}", meta=[plan.issuer or ""],
                              body=[_plain(doc.body), *tasks, *(a.title for a in plan.appendices)],
                              snippet=plan.title[:160]))
    for slug, decision in sorted(site.decisions.items(), key=lambda kv: kv[1].date, reverse=True):
        changed = [f"{c.code} {site.procedures[c.code].name}" for c in decision.changes]
        docs.append(SearchDoc(url=f"/quyet-dinh/{slug}/", title=f"Quyết định số {decision.number}",
                              kind="decision", name=f"Quyết định số {decision.number} {decision.title or ''}",
                              meta=[decision.issuer or ""], body=changed,
                              snippet=(decision.title or "")[:160]))
    for slug, page in sorted(site.pages.items(), key=lambda kv: collation_key(kv[1].page.title)):
        docs.append(SearchDoc(url=f"/{slug}/", title=page.page.title, kind="page", name=page.page.title,
                              body=[_plain(page.body)], snippet=(page.page.description or "")[:160]))
    for slug, posting in sorted(site.feedback.items()):
        title = posting.title or f"Phản ánh, kiến nghị – {site.agencies[posting.agency].name}"
        docs.append(SearchDoc(url=f"/phan-anh-kien-nghi/{slug}/", title=title, kind="page",
                              name=f"{title} phản ánh kiến nghị", meta=[site.agencies[posting.agency].name],
                              body=[x for x in [posting.address, posting.phone, posting.email,
                                                *posting.scope, _plain(posting.guidance)] if x],
                              snippet=(posting.address or "")[:160]))
    return docs


# --- encoding -----------------------------------------------------------------------------

def _varint(value: int) -> str:
    """5 bits a char; chars 32-63 of B64 mean 'more follows'."""
    out = []
    while True:
        low, value = value & 31, value >> 5
        if value:
            out.append(B64[32 + low])
        else:
            out.append(B64[low])
            return "".join(out)


def _pack(values: list[int]) -> tuple[int, str]:
    """Fixed-width base-64 numbers: (width, string)."""
    width = 1
    while max(values, default=0) >= 64 ** width:
        width += 1
    chars = []
    for v in values:
        chars.append("".join(B64[(v >> (6 * i)) & 63] for i in reversed(range(width))))
    return width, "".join(chars)


def _script(name: str, data) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"CongkhaiSearch.load({json.dumps(name)},{payload});\n".encode("utf-8")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class _Term:
    postings: dict[int, list[int]] = dc_field(default_factory=dict)  # doc -> [fields, tf]
    variants: dict[int, set[str]] = dc_field(default_factory=lambda: defaultdict(set))  # doc -> exact forms


def _terms(docs: list[SearchDoc]) -> dict[str, _Term]:
    terms: dict[str, _Term] = defaultdict(_Term)
    for doc_id, doc in enumerate(docs):
        for bit, pieces in ((NAME, [doc.name]), (META, doc.meta), (BODY, doc.body)):
            tokens = [t for piece in pieces for t in search_tokens(piece)]
            for exact, folded in tokens:
                entry = terms[folded].postings.setdefault(doc_id, [0, 0])
                entry[0] |= bit
                entry[1] += 1
                if bit != BODY and exact != folded:
                    terms[folded].variants[doc_id].add(exact)
            if bit == NAME:
                for (_, a), (_, b) in zip(tokens, tokens[1:]):
                    entry = terms[f"{a}_{b}"].postings.setdefault(doc_id, [0, 0])
                    entry[0] |= NAME
                    entry[1] += 1
    return terms


def _encode_term(term: _Term) -> list:
    """[variants, postings string] for one term."""
    counts = Counter(v for forms in term.variants.values() for v in forms)
    variants = [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VARIANTS]]
    chars, previous = [], -1
    for doc_id in sorted(term.postings):
        fields, tf = term.postings[doc_id]
        chars.append(_varint(doc_id - previous - 1))
        chars.append(B64[fields | (min(tf, 7) << 3)])
        if variants and fields & (NAME | META):
            mask = sum(1 << i for i, v in enumerate(variants) if v in term.variants.get(doc_id, ()))
            chars.append(B64[mask])
        previous = doc_id
    return [variants, "".join(chars)]


def _shards(encoded: dict[str, list]) -> dict[str, dict[str, list]]:
    """Group terms under the shortest prefixes whose shard stays under SHARD_TARGET."""
    result: dict[str, dict[str, list]] = {}

    def place(prefix: str, names: list[str]) -> None:
        shard = {n: encoded[n] for n in names}
        longer = [n for n in names if len(n) > len(prefix)]
        if not longer or gzip_size(_script(prefix, shard)) <= SHARD_TARGET:
            result[prefix] = shard
            return
        own = [n for n in names if len(n) == len(prefix)]
        if own:
            result[prefix] = {n: encoded[n] for n in own}
        groups: dict[str, list[str]] = defaultdict(list)
        for n in longer:
            groups[n[: len(prefix) + 1]].append(n)
        for key in sorted(groups):
            place(key, groups[key])

    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(encoded):
        first[name[0]].append(name)
    for key in sorted(first):
        place(key, first[key])
    return result


def _shard_file(key: str) -> str:
    return "s-" + "".join(c if c.isalnum() else {"_": "~", ".": "."}.get(c, "-") for c in key) + ".js"


def _name_length(doc: SearchDoc) -> int:
    """Syllables in the document's name (a procedure's code is not part of its name)."""
    return len(search_tokens(doc.name)) - (1 if doc.kind == "procedure" else 0)


def build_search_index(catalogue: Catalogue) -> dict[str, bytes]:
    """Every index file, keyed by its path under the output root."""
    docs = collect_documents(catalogue)
    terms = _terms(docs)
    encoded = {name: _encode_term(term) for name, term in terms.items()}
    shards = _shards(encoded)
    files: dict[str, bytes] = {}
    for key, shard in shards.items():
        files[f"{FOLDER}/{_shard_file(key)}"] = _script("s:" + key, shard)
    lexicon: dict[str, list] = defaultdict(list)
    for name in sorted(terms):
        if "_" not in name:
            lexicon[name[0]].append([name, len(terms[name].postings)])
    for letter, words in lexicon.items():
        files[f"{FOLDER}/lex-{letter}.js"] = _script("lex:" + letter, words)
    for start in range(0, len(docs), BLOCK):
        block = [[d.title, d.url.lstrip("/"), d.snippet] for d in docs[start:start + BLOCK]]
        files[f"{FOLDER}/d-{start // BLOCK}.js"] = _script(f"d:{start // BLOCK}", block)
    site = catalogue.site
    field_ids = sorted(site.fields)
    facets = {
        "kind": _pack([KINDS.index(d.kind) for d in docs]),
        "field": _pack([field_ids.index(d.field) + 1 if d.field else 0 for d in docs]),
        "level": _pack([sum(1 << i for i, lv in enumerate(LEVELS) if lv in d.levels) for d in docs]),
        "online": _pack([list(ONLINE).index(d.online) + 1 if d.online else 0 for d in docs]),
        "current": _pack([1 if d.current else 0 for d in docs]),
        "namelen": _pack([min(_name_length(d), 4095) for d in docs]),
    }
    files[f"{FOLDER}/core.js"] = _script("core", {
        "version": 1, "count": len(docs), "block": BLOCK, "kinds": KINDS,
        "kindLabels": ["Thủ tục", "Kế hoạch", "Quyết định", "Trang"],
        "fields": [[f, site.fields[f].name] for f in field_ids],
        "levels": [[k, v] for k, v in LEVELS.items()], "onlines": [[k, v] for k, v in ONLINE.items()],
        "facets": {k: {"w": w, "s": s} for k, (w, s) in facets.items()},
        "shards": {key: _shard_file(key) for key in sorted(shards)},
        "lexicons": sorted(lexicon),
    })
    return files
