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
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field

from .cache import LazyTable
from .markup import render_markdown
from .model import LEVELS, ONLINE
from .routes import Catalogue
from .vietnamese import collation_key, search_tokens

FOLDER = "tim-kiem/chi-muc"
KINDS = ["procedure", "plan", "decision", "page"]
NAME, META, BODY = 1, 2, 4
SHARD_TARGET = 24_000  # bytes gzip per shard, well under the 100 KB limit
ROUGH_LIMIT = 8 * SHARD_TARGET  # characters of terms and postings above which a shard is split unzipped
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
    digest: str = dc_field(default="", repr=False, compare=False)  # _doc_key, once computed
    name_length: int = dc_field(default=-1, repr=False, compare=False)  # _name_length, once computed


def _plain(markdown_text: str | None) -> str:
    """Markdown as plain text (tags dropped) for indexing."""
    return re.sub(r"<[^>]+>", " ", render_markdown(markdown_text or ""))


def collect_documents(catalogue: Catalogue, known: dict | None = None) -> list[SearchDoc]:
    """The documents to index. ``known`` (code -> (sources, document), updated in place) keeps
    the procedure documents of an earlier build: one is made again only when the files it is
    made from (the procedure's, agencies.yaml, fields.yaml) or its status changed."""
    site, listed = catalogue.site, catalogue.lifecycle.listed
    docs: list[SearchDoc] = []
    known = {} if known is None else known
    shared = (site.sources.get(("agencies",)), site.sources.get(("fields",)))
    for code in site.sorted_codes(site.procedures):
        key = (site.sources.get(("procedure", code)), *shared, code in listed)
        if code in known and known[code][0] == key and key[0] is not None:
            docs.append(known[code][1])
            continue
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
            current=code in listed))
        known[code] = (key, docs[-1])
    for code in set(known) - set(site.procedures):
        del known[code]
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


_PAIRS = [B64[i >> 6] + B64[i & 63] for i in range(64 * 64)]


def _pack(values: list[int]) -> tuple[int, str]:
    """Fixed-width base-64 numbers: (width, string)."""
    width = 1
    while max(values, default=0) >= 64 ** width:
        width += 1
    if width == 1:
        return width, "".join(map(B64.__getitem__, values))
    if width == 2:
        return width, "".join(map(_PAIRS.__getitem__, values))
    return width, "".join("".join(B64[(v >> (6 * i)) & 63] for i in reversed(range(width))) for v in values)


def _script(name: str, data) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"CongkhaiSearch.load({json.dumps(name)},{payload});\n".encode("utf-8")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


@dataclass
class _Term:
    postings: dict[int, list[int]] = dc_field(default_factory=dict)  # doc -> [fields, tf]
    variants: dict[int, set[str]] = dc_field(default_factory=lambda: defaultdict(set))  # doc -> exact forms


def _analyse(doc: SearchDoc) -> dict[str, tuple[int, int, frozenset]]:
    """The terms of one document: folded term -> (fields, term frequency, exact forms)."""
    found: dict[str, list] = {}
    for bit, pieces in ((NAME, [doc.name]), (META, doc.meta), (BODY, doc.body)):
        tokens = [t for piece in pieces for t in search_tokens(piece)]
        for exact, folded in tokens:
            entry = found.get(folded)
            if entry is None:
                entry = found[folded] = [0, 0, set()]
            entry[0] |= bit
            entry[1] += 1
            if bit != BODY and exact != folded:
                entry[2].add(exact)
        if bit == NAME:
            for (_, a), (_, b) in zip(tokens, tokens[1:]):
                entry = found.setdefault(f"{a}_{b}", [0, 0, set()])
                entry[0] |= NAME
                entry[1] += 1
    return {term: (fields, tf, frozenset(forms)) for term, (fields, tf, forms) in found.items()}


def _add(terms: dict[str, _Term], doc_id: int, analysis: dict) -> None:
    for name, (fields, tf, forms) in analysis.items():
        term = terms.get(name)
        if term is None:
            term = terms[name] = _Term()
        term.postings[doc_id] = [fields, tf]
        if forms:
            term.variants[doc_id] = set(forms)


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


def _shards_of_letter(letter: str, names: list[str], encoded: dict[str, list], before: dict[str, bytes] | None = None,
                      touched: set[str] = frozenset()) -> dict[str, bytes]:
    """Group the terms starting with ``letter`` under the shortest prefixes whose shard stays
    under SHARD_TARGET: shard key -> its script. ``before`` is the same letter's layout from an
    earlier build: a prefix none of whose terms is in ``touched`` (added, removed or encoded
    differently since) had the same terms then, so it gets the same shards."""
    result: dict[str, bytes] = {}
    moved = {name[:i] for name in touched for i in range(1, len(name) + 1)}

    def place(prefix: str, names: list[str]) -> None:
        if before is not None and prefix not in moved:
            kept = {key: script for key, script in before.items() if key.startswith(prefix)}
            if kept:  # the earlier layout reached this prefix: its subtree is as it was
                result.update(kept)
                return
        longer = [n for n in names if len(n) > len(prefix)]
        if not longer or _rough_size(names, encoded) <= ROUGH_LIMIT:
            script = _script("s:" + prefix, {n: encoded[n] for n in names})
            if not longer or gzip_size(script) <= SHARD_TARGET:
                result[prefix] = script
                return
        own = [n for n in names if len(n) == len(prefix)]
        if own:
            result[prefix] = _script("s:" + prefix, {n: encoded[n] for n in own})
        groups: dict[str, list[str]] = defaultdict(list)
        for n in longer:
            groups[n[: len(prefix) + 1]].append(n)
        for key in sorted(groups):
            place(key, groups[key])

    place(letter, names)
    return result


def _rough_size(names: list[str], encoded: dict[str, list]) -> int:
    """Characters of the terms, variants and postings: shards far over SHARD_TARGET are split
    without compressing them first (scripts of these compress about 3 to 1)."""
    return sum(len(n) + len(encoded[n][1]) + sum(map(len, encoded[n][0])) for n in names)


def _by_letter(names) -> dict[str, list[str]]:
    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        first[name[0]].append(name)
    return first


def _shard_file(key: str) -> str:
    return "s-" + "".join(c if c.isalnum() else {"_": "~", ".": "."}.get(c, "-") for c in key) + ".js"


def _name_length(doc: SearchDoc) -> int:
    """Syllables in the document's name (a procedure's code is not part of its name)."""
    if doc.name_length < 0:
        doc.name_length = len(search_tokens(doc.name)) - (1 if doc.kind == "procedure" else 0)
    return doc.name_length




@dataclass
class SearchState:
    """What one index build knew, so the next can redo only what a few changed documents touch."""

    keys: list[str]  # a digest of each document, by document id
    urls: list[str]
    analyses: LazyTable  # document id -> its _analyse() (not procedures': see ``documents``)
    terms: LazyTable  # term -> _Term
    df: dict[str, int]  # term -> documents it occurs in
    encoded: dict[str, list]
    letters: dict[str, tuple[dict[str, bytes], dict[str, str], list[str]]]  # first letter -> files, shards, terms
    files: dict[str, bytes]
    documents: dict = dc_field(default_factory=dict)  # collect_documents' procedure documents
    facets: dict = dc_field(default_factory=dict)  # facet -> each document's value (_facets)


def _doc_key(doc: SearchDoc) -> str:
    if not doc.digest:
        doc.digest = hashlib.blake2b(repr(doc).encode("utf-8"), digest_size=16).hexdigest()
    return doc.digest


def build_search_index(catalogue: Catalogue) -> dict[str, bytes]:
    """Every index file, keyed by its path under the output root."""
    return build_search_state(catalogue, keep=False).files


def build_search_state(catalogue: Catalogue, previous: SearchState | None = None, keep: bool = True) -> SearchState:
    """The index and the state a later build can start from. With ``previous`` and the same
    documents in the same order, only the terms of the changed documents are encoded again and
    only the shards of their first letters laid out again; the files are the same as a full
    build's (tests/test_search_index.py checks it). A changed procedure's old terms are those
    of its previous document (kept in ``documents``, a fraction of the size of its analysis).
    ``keep=False`` keeps nothing for a later build."""
    documents = previous.documents if previous is not None and keep else {}
    indexed = {doc.url: doc for _, doc in documents.values()}  # as the previous build saw them
    docs = collect_documents(catalogue, documents)
    keys, urls = [_doc_key(d) for d in docs], [d.url for d in docs]
    changed = set(range(len(docs)))
    if previous is not None and previous.urls == urls:
        changed = {i for i, key in enumerate(keys) if key != previous.keys[i]}
    if (previous is None or not previous.keys or previous.urls != urls
            or not all(i in previous.analyses or urls[i] in indexed for i in changed)):
        analyses, terms = {}, {}
        for doc_id, doc in enumerate(docs):
            analysis = _analyse(doc)
            _add(terms, doc_id, analysis)
            if keep and doc.kind != "procedure":  # a procedure's is made again from its document
                analyses[doc_id] = analysis
        encoded = {name: _encode_term(term) for name, term in terms.items()}
        df = {name: len(term.postings) for name, term in terms.items()}
        letters = {letter: _letter_files(letter, names, encoded, df) for letter, names in _by_letter(terms).items()}
        changed = set(range(len(docs)))
        analyses, terms = LazyTable(analyses), LazyTable(terms)
    else:
        # The previous state is used up: its tables are updated in place.
        analyses, terms, df, encoded = previous.analyses, previous.terms, previous.df, dict(previous.encoded)
        touched: set[str] = set()
        for i in changed:
            old = analyses[i] if i in analyses else _analyse(indexed[urls[i]])
            new = _analyse(docs[i])
            # Only terms whose entry for this document differs need encoding again: editing
            # one step leaves the commonest words (10,000 postings each) as they were.
            differ = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
            for name in differ & old.keys():
                terms[name].postings.pop(i, None)
                terms[name].variants.pop(i, None)
            _add(terms, i, {name: new[name] for name in differ & new.keys()})
            if docs[i].kind != "procedure":
                analyses[i] = new
            touched |= differ
        for name in touched:
            if terms[name].postings:
                encoded[name] = _encode_term(terms[name])
                df[name] = len(terms[name].postings)
            else:
                del terms[name]
                encoded.pop(name, None)
                df.pop(name, None)
        moved = {n[0] for n in touched}
        letters = {letter: value for letter, value in previous.letters.items() if letter not in moved}
        for letter in moved:
            before = previous.letters.get(letter)
            names = sorted({*(before[2] if before else ()), *(n for n in touched if n[0] == letter)} & encoded.keys())
            if names:
                letters[letter] = _letter_files(letter, names, encoded, df, before, touched)
    files: dict[str, bytes] = {}
    shards: dict[str, str] = {}
    for letter in sorted(letters):
        letter_files, letter_shards, _ = letters[letter]
        files.update(letter_files)
        shards.update(letter_shards)
    old_blocks = previous.files if previous is not None and previous.urls == urls else {}
    for start in range(0, len(docs), BLOCK):
        name = f"{FOLDER}/d-{start // BLOCK}.js"
        if name in old_blocks and not changed & set(range(start, start + BLOCK)):
            files[name] = old_blocks[name]
        else:
            block = [[d.title, d.url.lstrip("/"), d.snippet] for d in docs[start:start + BLOCK]]
            files[name] = _script(f"d:{start // BLOCK}", block)
    facets = _facets(catalogue, docs, previous.facets if previous is not None and previous.urls == urls else None, changed)
    files[f"{FOLDER}/core.js"] = _core(catalogue, docs, facets, shards, sorted(letters))
    return SearchState(keys if keep else [], urls, analyses, terms, df, encoded, letters, files, documents, facets)


def _letter_files(letter: str, names: list[str], encoded: dict, df: dict, before: tuple | None = None,
                  touched: set[str] = frozenset()) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """The shard and lexicon files of the terms starting with ``letter``, its shard table and
    its terms (``names``, sorted); ``before`` is the letter's from an earlier build (see
    _shards_of_letter)."""
    earlier = {key: before[0][f"{FOLDER}/{name}"] for key, name in before[1].items()} if before else None
    shards = _shards_of_letter(letter, names, encoded, earlier, touched)
    files = {f"{FOLDER}/{_shard_file(key)}": script for key, script in shards.items()}
    words = [[name, df[name]] for name in names if "_" not in name]
    if words:
        files[f"{FOLDER}/lex-{letter}.js"] = _script("lex:" + letter, words)
    return files, {key: _shard_file(key) for key in shards}, names


def _facets(catalogue: Catalogue, docs: list[SearchDoc], previous: dict | None, changed: set[int]) -> dict[str, list[int]]:
    """Each facet's value for every document. ``previous`` are the facets of an earlier build
    with the same documents in the same order: only the ``changed`` ones are worked out again
    (all of them when the list of fields moved)."""
    field_ids = sorted(catalogue.site.fields)
    fields = {f: i + 1 for i, f in enumerate(field_ids)}
    kinds, onlines = {k: i for i, k in enumerate(KINDS)}, {o: i + 1 for i, o in enumerate(ONLINE)}
    levels = list(LEVELS)

    def values(d: SearchDoc) -> tuple[int, ...]:
        return (kinds[d.kind], fields[d.field] if d.field else 0,
                sum(1 << i for i, lv in enumerate(levels) if lv in d.levels),
                onlines[d.online] if d.online else 0, 1 if d.current else 0, min(_name_length(d), 4095))

    names = ("kind", "field", "level", "online", "current", "namelen")
    if previous is None or previous.get("field_ids") != field_ids:
        columns = [list(column) for column in zip(*map(values, docs))] if docs else [[] for _ in names]
        return {"field_ids": field_ids, **dict(zip(names, columns))}
    facets = {name: list(previous[name]) for name in names}
    for i in changed:
        for name, value in zip(names, values(docs[i])):
            facets[name][i] = value
    return {"field_ids": field_ids, **facets}


def _core(catalogue: Catalogue, docs: list[SearchDoc], facets: dict, shards: dict[str, str], letters: list[str]) -> bytes:
    site = catalogue.site
    field_ids = facets["field_ids"]
    packed = {name: _pack(facets[name]) for name in ("kind", "field", "level", "online", "current", "namelen")}
    return _script("core", {
        "version": 1, "count": len(docs), "block": BLOCK, "kinds": KINDS,
        "kindLabels": ["Thủ tục", "Kế hoạch", "Quyết định", "Trang"],
        "fields": [[f, site.fields[f].name] for f in field_ids],
        "levels": [[k, v] for k, v in LEVELS.items()], "onlines": [[k, v] for k, v in ONLINE.items()],
        "facets": {k: {"w": w, "s": s} for k, (w, s) in packed.items()},
        "shards": dict(sorted(shards.items())),
        "lexicons": letters,
    })
