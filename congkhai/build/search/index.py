"""The client-side search index, built from the search documents (documents.py).

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

A ``SearchIndex`` is a value: ``SearchIndex.of(inputs)`` builds one; ``index.evolved(inputs)``
builds the index of other inputs from it, redoing only what the changed documents touch (the
result equals ``SearchIndex.of``; tests/test_search_index.py checks it). The old index is used
up by that: its tables are taken over.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ...lazy_table import LazyTable
from ...model.content import LEVELS, ONLINE
from ...text.vietnamese import Tokenizer, search_tokens
from ...text.vocabulary import Vocabulary
from .documents import SearchDoc, search_documents
from .encoding import BODY, META, NAME, Term, by_letter, encode_term, pack, script, shard_file, shards_of_letter

FOLDER = "tim-kiem/chi-muc"
KINDS = ["procedure", "plan", "decision", "page"]
BLOCK = 25  # documents per title block
FACETS = ("kind", "field", "level", "online", "current", "namelen")


@dataclass(frozen=True)
class SearchInput:
    documents: list[SearchDoc]
    fields: dict[str, str]  # every field's id -> name (the field facet)
    vocabulary: dict = field(default_factory=dict)  # Vocabulary.data(): read by search.js with core.js


def _analyse(doc: SearchDoc, tokens: Tokenizer) -> dict[str, tuple[int, int, frozenset]]:
    """The terms of one document: folded term -> (fields, term frequency, exact forms)."""
    found: dict[str, list] = {}
    for bit, pieces in ((NAME, [doc.name]), (META, doc.meta), (BODY, doc.body)):
        words = [t for piece in pieces for t in tokens(piece)]
        for exact, folded in words:
            entry = found.get(folded)
            if entry is None:
                entry = found[folded] = [0, 0, set()]
            entry[0] |= bit
            entry[1] += 1
            if bit != BODY and exact != folded:
                entry[2].add(exact)
        if bit == NAME:
            for (_, a), (_, b) in zip(words, words[1:]):
                entry = found.setdefault(f"{a}_{b}", [0, 0, set()])
                entry[0] |= NAME
                entry[1] += 1
    return {term: (fields, tf, frozenset(forms)) for term, (fields, tf, forms) in found.items()}


def _add(terms, doc_id: int, analysis: dict) -> None:
    for name, (fields, tf, forms) in analysis.items():
        term = terms.get(name)
        if term is None:
            term = terms[name] = Term()
        term.postings[doc_id] = [fields, tf]
        if forms:
            term.variants[doc_id] = set(forms)


class SearchIndex:
    """The index files of some documents, with the tables a successor is made from."""

    def __init__(self, inputs: SearchInput, keys: list[str], terms: LazyTable, df: dict, encoded: dict,
                 letters: dict, tokens: Tokenizer, found: frozenset[str]):
        self.inputs, self.keys, self.terms, self.df, self.encoded = inputs, keys, terms, df, encoded
        self.found = found  # the vocabulary phrases some document holds (see _found_phrases)
        # first letter -> (its files, its shard table, its terms)
        self.letters: dict[str, tuple[dict[str, bytes], dict[str, str], list[str]]] = letters
        self.tokens = tokens
        self.facets: dict = {}
        self.files: dict[str, bytes] = {}

    @property
    def urls(self) -> list[str]:
        return [d.url for d in self.inputs.documents]

    @classmethod
    def of(cls, inputs: SearchInput) -> SearchIndex:
        tokens = Tokenizer()
        terms: dict[str, Term] = {}
        for doc_id, doc in enumerate(inputs.documents):
            _add(terms, doc_id, _analyse(doc, tokens))
        encoded = {name: encode_term(term) for name, term in terms.items()}
        df = {name: len(term.postings) for name, term in terms.items()}
        letters = {letter: _letter_files(letter, names, encoded, df) for letter, names in by_letter(terms).items()}
        found = _found_phrases(inputs.vocabulary, terms, df, tokens)
        table = LazyTable(terms)
        table.pack()  # kept for a successor, which reads back only the terms its changes touch
        index = cls(inputs, [d.key for d in inputs.documents], table, df, encoded, letters, tokens, found)
        index._finish(None, set(range(len(inputs.documents))))
        return index

    def evolved(self, inputs: SearchInput) -> SearchIndex:
        """The index of ``inputs``. With the same documents in the same order, only the terms of
        the changed documents are encoded again and only the shards of their first letters laid
        out again; otherwise it is built from scratch."""
        docs = inputs.documents
        if [d.url for d in docs] != self.urls:
            return SearchIndex.of(inputs)
        keys = [d.key for d in docs]
        changed = {i for i, key in enumerate(keys) if key != self.keys[i]}
        terms, df, encoded, tokens = self.terms, self.df, dict(self.encoded), self.tokens
        touched: set[str] = set()
        for i in changed:
            old, new = _analyse(self.inputs.documents[i], tokens), _analyse(docs[i], tokens)
            # Only terms whose entry for this document differs need encoding again: editing
            # one step leaves the commonest words (10,000 postings each) as they were.
            differ = {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}
            for name in differ & old.keys():
                terms[name].postings.pop(i, None)
                terms[name].variants.pop(i, None)
            _add(terms, i, {name: new[name] for name in differ & new.keys()})
            touched |= differ
        for name in touched:
            if terms[name].postings:
                encoded[name] = encode_term(terms[name])
                df[name] = len(terms[name].postings)
            else:
                del terms[name]
                encoded.pop(name, None)
                df.pop(name, None)
        if inputs.vocabulary != self.inputs.vocabulary:
            found = _found_phrases(inputs.vocabulary, terms, df, tokens)
        else:  # only phrases with a word whose postings changed can have changed
            found = _found_phrases(inputs.vocabulary, terms, df, tokens, self.found, touched)
        terms.pack()
        moved = {n[0] for n in touched}
        letters = {letter: value for letter, value in self.letters.items() if letter not in moved}
        for letter in moved:
            before = self.letters.get(letter)
            names = sorted({*(before[2] if before else ()), *(n for n in touched if n[0] == letter)} & encoded.keys())
            if names:
                letters[letter] = _letter_files(letter, names, encoded, df, before, touched)
        index = SearchIndex(inputs, keys, terms, df, encoded, letters, tokens, found)
        index._finish(self, changed)
        return index

    def _finish(self, before: SearchIndex | None, changed: set[int]) -> None:
        """The files: shards and lexicons by letter, title blocks, and core.js with the facets."""
        docs, files, shards = self.inputs.documents, {}, {}
        for letter in sorted(self.letters):
            letter_files, letter_shards, _ = self.letters[letter]
            files.update(letter_files)
            shards.update(letter_shards)
        for start in range(0, len(docs), BLOCK):
            name = f"{FOLDER}/d-{start // BLOCK}.js"
            if before is not None and name in before.files and not changed & set(range(start, start + BLOCK)):
                files[name] = before.files[name]
            else:
                block = [[d.title, d.url.lstrip("/"), d.snippet] for d in docs[start:start + BLOCK]]
                files[name] = script(f"d:{start // BLOCK}", block)
        self.facets = self._facets(before.facets if before is not None else None, changed)
        files[f"{FOLDER}/core.js"] = self._core(shards, sorted(self.letters))
        self.files = files

    def _facets(self, previous: dict | None, changed: set[int]) -> dict[str, list[int]]:
        """Each facet's value for every document; from ``previous`` (the same documents'), only
        the ``changed`` ones are worked out again (all of them when the list of fields moved)."""
        field_ids = sorted(self.inputs.fields)
        fields = {f: i + 1 for i, f in enumerate(field_ids)}
        kinds, onlines = {k: i for i, k in enumerate(KINDS)}, {o: i + 1 for i, o in enumerate(ONLINE)}
        levels = list(LEVELS)

        def values(d: SearchDoc) -> tuple[int, ...]:
            syllables = len(self.tokens(d.name)) - (1 if d.kind == "procedure" else 0)  # a code is not a syllable
            return (kinds[d.kind], fields[d.field] if d.field else 0,
                    sum(1 << i for i, lv in enumerate(levels) if lv in d.levels),
                    onlines[d.online] if d.online else 0, 1 if d.current else 0, min(syllables, 4095))

        docs = self.inputs.documents
        if previous is None or previous.get("field_ids") != field_ids:
            columns = [list(column) for column in zip(*map(values, docs))] if docs else [[] for _ in FACETS]
            return {"field_ids": field_ids, **dict(zip(FACETS, columns))}
        facets = {name: list(previous[name]) for name in FACETS}
        for i in changed:
            for name, value in zip(FACETS, values(docs[i])):
                facets[name][i] = value
        return {"field_ids": field_ids, **facets}

    def _core(self, shards: dict[str, str], letters: list[str]) -> bytes:
        field_ids = self.facets["field_ids"]
        packed = {name: pack(self.facets[name]) for name in FACETS}
        return script("core", {
            "version": 1, "count": len(self.inputs.documents), "block": BLOCK, "kinds": KINDS,
            "kindLabels": ["Thủ tục", "Kế hoạch", "Quyết định", "Trang"],
            "fields": [[f, self.inputs.fields[f]] for f in field_ids],
            "levels": [[k, v] for k, v in LEVELS.items()], "onlines": [[k, v] for k, v in ONLINE.items()],
            "facets": {k: {"w": w, "s": s} for k, (w, s) in packed.items()},
            "shards": dict(sorted(shards.items())),
            "lexicons": letters,
            "vocabulary": {**self.inputs.vocabulary,
                           "found": [p for p in _phrases(self.inputs.vocabulary) if p in self.found]},
        })

    def __getstate__(self) -> dict:
        return {**self.__dict__, "tokens": None}  # the tokenizer's memo is made again as used

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, tokens=Tokenizer())


def _phrases(vocabulary: dict) -> list[str]:
    return list(dict.fromkeys(p for group in vocabulary.get("groups", ()) for p in group))


def _found_phrases(vocabulary: dict, terms, df: dict, tokens: Tokenizer, before: frozenset[str] | None = None,
                   touched: set[str] = frozenset()) -> frozenset[str]:
    """The vocabulary phrases some document holds in its name or metadata, every word with its
    marks: search.js counts an expansion only there, so it fetches no others. With ``before``
    (the last build's), only phrases with a word in ``touched`` are looked at again."""
    found, memo = set(), {}
    for phrase in _phrases(vocabulary):
        words = _phrase_words(phrase)
        if before is not None and not any(folded in touched for _, folded in words):
            if phrase in before:
                found.add(phrase)
        elif words and _held_together(words, terms, df, memo):
            found.add(phrase)
    return frozenset(found)


@functools.lru_cache(maxsize=8192)
def _phrase_words(phrase: str) -> tuple[tuple[str, str], ...]:
    """A vocabulary phrase's (exact, folded) words, remembered: the same phrases are looked at
    in every build, and in every unit of a tree."""
    return search_tokens(phrase)


def _held_together(words, terms, df: dict, memo: dict) -> bool:
    """Whether one document holds every (exact, folded) word in its name or metadata."""
    holders = []
    for exact, folded in words:
        if folded not in df:
            return False
        marked = exact != folded and not folded.replace(".", "").isdigit()
        key = (folded, exact if marked else None)
        if key not in memo:
            term = terms[folded]
            memo[key] = {doc for doc, (fields, _) in term.postings.items() if fields & (NAME | META)
                         and (not marked or exact in term.variants.get(doc, ()))}
        holders.append(memo[key])
    holders.sort(key=len)
    return bool(holders[0].intersection(*holders[1:]))


def _letter_files(letter: str, names: list[str], encoded: dict, df: dict, before: tuple | None = None,
                  touched: set[str] = frozenset()) -> tuple[dict[str, bytes], dict[str, str], list[str]]:
    """The shard and lexicon files of the terms starting with ``letter``, its shard table and
    its terms (``names``, sorted); ``before`` is the letter's from an earlier index (see
    encoding.shards_of_letter)."""
    earlier = {key: before[0][f"{FOLDER}/{name}"] for key, name in before[1].items()} if before else None
    shards = shards_of_letter(letter, names, encoded, earlier, touched)
    files = {f"{FOLDER}/{shard_file(key)}": data for key, data in shards.items()}
    words = [[name, df[name]] for name in names if "_" not in name]
    if words:
        files[f"{FOLDER}/lex-{letter}.js"] = script("lex:" + letter, words)
    return files, {key: shard_file(key) for key in shards}, names


def search_inputs(catalogue, documents: list[SearchDoc]) -> SearchInput:
    site = catalogue.site
    vocabulary = Vocabulary.shipped()
    if site.search is not None:
        vocabulary = vocabulary.extended(site.search.synonyms, site.search.stopwords)
    return SearchInput(documents, {f: fw.name for f, fw in site.fields.items()}, vocabulary.data())


def build_search_index(catalogue) -> dict[str, bytes]:
    """Every index file of ``catalogue``, keyed by its path under the output root."""
    return SearchIndex.of(search_inputs(catalogue, search_documents(catalogue))).files
