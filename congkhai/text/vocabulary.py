"""The search vocabulary: how citizens name procedures ↔ the official terms, and the words that
carry no meaning for search. Shipped in tu-vung.yaml; a unit adds its own in content/search.yaml.

``Vocabulary.understand`` reads a query's words into slots, by the rule search.js applies in
the browser (tests/fixtures/query-vectors.json holds vectors both sides must give):

- From the first word on, the longest synonym phrase and the longest stop phrase that start at
  the word are compared: a longer stop phrase is dropped ("cho con" is not "chợ"); otherwise a
  synonym phrase is a slot whose alternatives are the words as typed followed by the other
  phrases of every group holding that phrase, in the order written (at most
  ``MAX_ALTERNATIVES`` in all); otherwise the word is a slot of its own.
- The first phrase of a group is the official term: search.js weighs it above the others.
- A phrase of several words matches by the folded forms, whatever marks were typed ("nhap ho
  khau", "nhập hộ khảu" with a wrong tone). A one-word phrase is where marks tell words apart:
  typed with marks it needs the same marks ("chờ" is not "chợ"), typed without marks it
  matches only a phrase without marks ("cho" is not "chợ", "gcn" is "GCN").
- When every word is a stop word, nothing is dropped.

Slots are returned as folded words: the index is searched by folded words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .vietnamese import search_tokens

SHIPPED = Path(__file__).with_name("tu-vung.yaml")
MAX_ALTERNATIVES = 10  # the words as typed and up to nine phrases of their group: each costs index files

Word = tuple[str, str]  # (exact, folded), as search_tokens gives them
Phrase = tuple[Word, ...]


def _marked(word: Word) -> bool:
    return word[0] != word[1] and not word[1].replace(".", "").isdigit()


def _same(query: Word, vocabulary: Word, alone: bool) -> bool:
    if not alone:  # a phrase of several words is itself: "nhập hộ khảu", "nhap ho khau"
        return query[1] == vocabulary[1]
    if _marked(query):
        return query[0] == vocabulary[0]
    return query[1] == vocabulary[1] and not _marked(vocabulary)


@dataclass(frozen=True)
class Vocabulary:
    synonyms: tuple[tuple[str, ...], ...]  # groups of phrases, as written
    stopwords: tuple[str, ...]

    @classmethod
    def shipped(cls) -> Vocabulary:
        data = yaml.load(SHIPPED.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return cls(tuple(tuple(g) for g in data["synonyms"]), tuple(data["stopwords"]))

    def extended(self, synonyms: list[list[str]], stopwords: list[str]) -> Vocabulary:
        """This vocabulary with a unit's groups (tried first) and stop words."""
        return Vocabulary(tuple(tuple(g) for g in synonyms) + self.synonyms, self.stopwords + tuple(stopwords))

    def data(self) -> dict:
        """What search.js reads (core.js "vocabulary"): the phrases as written."""
        return {"groups": [list(g) for g in self.synonyms], "stop": list(self.stopwords)}

    def understand(self, query: list[Word]) -> list[list[tuple[str, ...]]]:
        """The slots of a query's words: each a list of alternatives (tuples of folded words),
        the words as typed first."""
        groups = [[tuple(search_tokens(p)) for p in group] for group in self.synonyms]
        stops = [tuple(search_tokens(p)) for p in self.stopwords]
        slots: list[list[tuple[str, ...]]] = []
        i = 0
        while i < len(query):
            found = [(p, g) for g, group in enumerate(groups) for p in group if _spells(query, i, p)]
            phrase = max((p for p, _ in found), key=len, default=None)
            stop = max((p for p in stops if _spells(query, i, p)), key=len, default=None)
            if stop and (phrase is None or len(stop) > len(phrase)):
                i += len(stop)
                continue
            if phrase is None:
                slots.append([(query[i][1],)])
                i += 1
                continue
            typed = tuple(w[1] for w in query[i:i + len(phrase)])
            alternatives = [typed]
            for p, g in found:
                if p == phrase:
                    for other in groups[g]:
                        folded = tuple(w[1] for w in other)
                        if folded not in alternatives:
                            alternatives.append(folded)
            slots.append(alternatives[:MAX_ALTERNATIVES])
            i += len(phrase)
        if not slots and query:  # nothing but stop words: they are the query
            return [[(w[1],)] for w in query]
        return slots


def _spells(query: list[Word], start: int, phrase: Phrase) -> bool:
    if not phrase or start + len(phrase) > len(query):
        return False
    alone = len(phrase) == 1
    return all(_same(q, v, alone) for q, v in zip(query[start:start + len(phrase)], phrase))
