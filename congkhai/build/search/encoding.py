"""The index files' encoding: base-64 numbers, postings, scripts, and shards of terms by prefix."""

from __future__ import annotations

import gzip
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from dataclasses import field as dc_field

NAME, META, BODY = 1, 2, 4
SHARD_TARGET = 12_000  # bytes gzip per shard: a query downloads a shard per word and expansion
ROUGH_LIMIT = 8 * SHARD_TARGET  # characters of terms and postings above which a shard is split unzipped
MAX_VARIANTS = 6
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class Term:
    postings: dict[int, list[int]] = dc_field(default_factory=dict)  # doc -> [fields, tf]
    variants: dict[int, set[str]] = dc_field(default_factory=lambda: defaultdict(set))  # doc -> exact forms


def varint(value: int) -> str:
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


def pack(values: list[int]) -> tuple[int, str]:
    """Fixed-width base-64 numbers: (width, string)."""
    width = 1
    while max(values, default=0) >= 64 ** width:
        width += 1
    if width == 1:
        return width, "".join(map(B64.__getitem__, values))
    if width == 2:
        return width, "".join(map(_PAIRS.__getitem__, values))
    return width, "".join("".join(B64[(v >> (6 * i)) & 63] for i in reversed(range(width))) for v in values)


def script(name: str, data) -> bytes:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"CongkhaiSearch.load({json.dumps(name)},{payload});\n".encode("utf-8")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def encode_term(term: Term) -> list:
    """[variants, postings string] for one term."""
    counts = Counter(v for forms in term.variants.values() for v in forms)
    variants = [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_VARIANTS]]
    chars, previous = [], -1
    for doc_id in sorted(term.postings):
        fields, tf = term.postings[doc_id]
        chars.append(varint(doc_id - previous - 1))
        chars.append(B64[fields | (min(tf, 7) << 3)])
        if variants and fields & (NAME | META):
            mask = sum(1 << i for i, v in enumerate(variants) if v in term.variants.get(doc_id, ()))
            chars.append(B64[mask])
        previous = doc_id
    return [variants, "".join(chars)]


def shards_of_letter(letter: str, names: list[str], encoded: dict[str, list], before: dict[str, bytes] | None = None,
                      touched: set[str] = frozenset()) -> dict[str, bytes]:
    """Group the terms starting with ``letter`` under the shortest prefixes whose shard stays
    under SHARD_TARGET: shard key -> its script. ``before`` is the same letter's layout from an
    earlier build: a prefix none of whose terms is in ``touched`` (added, removed or encoded
    differently since) had the same terms then, so it gets the same shards."""
    result: dict[str, bytes] = {}
    moved = {name[:i] for name in touched for i in range(1, len(name) + 1)}

    def place(prefix: str, names: list[str]) -> None:
        if before is not None and prefix not in moved:
            kept = {key: data for key, data in before.items() if key.startswith(prefix)}
            if kept:  # the earlier layout reached this prefix: its subtree is as it was
                result.update(kept)
                return
        longer = [n for n in names if len(n) > len(prefix)]
        if not longer or _rough_size(names, encoded) <= ROUGH_LIMIT:
            data = script("s:" + prefix, {n: encoded[n] for n in names})
            if not longer or gzip_size(data) <= SHARD_TARGET:
                result[prefix] = data
                return
        own = [n for n in names if len(n) == len(prefix)]
        if own:
            result[prefix] = script("s:" + prefix, {n: encoded[n] for n in own})
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


def by_letter(names) -> dict[str, list[str]]:
    first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(names):
        first[name[0]].append(name)
    return first


def shard_file(key: str) -> str:
    return "s-" + "".join(c if c.isalnum() else {"_": "~", ".": "."}.get(c, "-") for c in key) + ".js"
