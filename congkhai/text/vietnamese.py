"""Vietnamese text helpers: NFC, collation order, dates, diacritic folding, slugs."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

# Letters in Vietnamese alphabetical order; f, j, w, z (loan words) sit at their Latin places.
_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}

# Tone marks, in dictionary order (ngang, huyền, hỏi, ngã, sắc, nặng).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Marks that make a distinct letter (ă, â, ê, ô, ơ, ư): part of the letter, not a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form every stored text takes."""
    return unicodedata.normalize("NFC", text)


def _split_letters(text: str):
    """Yield (base letter with its letter marks, tone mark or '') for each character."""
    for char in nfc(text):
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0]
        letter_marks = "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
        tone = next((m for m in decomposed[1:] if m in _TONE_RANK), "")
        yield unicodedata.normalize("NFC", base + letter_marks), tone


def collation_key(text: str) -> tuple:
    """A sort key for Vietnamese alphabetical order.

    Letters compare first (a < ă < â < b ... d < đ < e), then tones
    (none < huyền < hỏi < ngã < sắc < nặng), then case, as in Vietnamese dictionaries.
    """
    text = nfc(text)
    return text.translate(_LETTERS), text.translate(_TONES), text.translate(_CASES), text


def _char_key(char: str) -> tuple[tuple[int, int], int, int]:
    """(letter rank, tone rank, case) of one NFC character."""
    (letter, tone), = _split_letters(char)
    lower = letter.lower()
    if lower in _LETTER_RANK:
        primary = (2, _LETTER_RANK[lower])
    elif lower.isdecimal():
        primary = (1, int(lower))
    elif lower.isspace():
        primary = (0, 0)
    else:
        primary = (0, ord(lower))
    return primary, _TONE_RANK.get(tone, 0), 0 if letter == lower else 1


def _vietnamese_characters() -> set[str]:
    """Every letter of the alphabet with every tone, both cases, the digits and a space."""
    chars = set("0123456789 ")
    for letter in _ALPHABET:
        for tone in ("", *_TONE_RANK):
            composed = unicodedata.normalize("NFC", unicodedata.normalize("NFD", letter) + tone)
            chars |= {composed, composed.upper()}
    return chars


class _KeyPart(dict):
    """A str.translate table: each character -> one part of its sort key as characters, so that
    comparing translated strings compares the parts in order (a letter's rank is two characters:
    its class (other, digit, letter) and its value). The characters of Vietnamese names are in
    the table; any other is worked out when met, and not stored."""

    def __init__(self, part):
        chars = _vietnamese_characters() | set(map(chr, range(32, 127)))
        super().__init__({ord(c): part(_char_key(c)) for c in chars if len(c) == 1})
        self.part = part

    def __missing__(self, code: int) -> str:
        return self.part(_char_key(chr(code)))


_LETTERS = _KeyPart(lambda key: chr(key[0][0]) + chr(key[0][1]))
_TONES = _KeyPart(lambda key: chr(key[1]))
_CASES = _KeyPart(lambda key: chr(key[2]))


def fold(text: str) -> str:
    """Lower-case ``text`` and remove every diacritic; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


def slugify(text: str) -> str:
    """A URL slug: folded, ASCII letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def format_date(value: dt.date) -> str:
    """The long Vietnamese date: 'ngày 31 tháng 01 năm 2020'."""
    return f"ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def format_short_date(value: dt.date) -> str:
    """The short Vietnamese date: '31/01/2020'."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date:
    """Parse '2020-01-31', '31/01/2020' or '31-01-2020'; raise ValueError otherwise."""
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise ValueError(text)
    return dt.date(year, month, day)


# --- search tokens (the same rules are implemented in theme/search.js) ---------------------

_TONE_DIGIT = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


def search_tokens(text: str) -> tuple[tuple[str, str], ...]:
    """Split ``text`` into search tokens, each as (exact, folded).

    folded: lower case, every mark removed, đ -> d ("Đăng" -> "dang").
    exact: lower case with the letter marks kept (ă â ê ô ơ ư đ) and the tone moved to a
    trailing digit 1-5 (huyền, hỏi, ngã, sắc, nặng), so that the old and new tone
    placements give the same token ("hòa" and "hoà" -> "hoa1"; "tử" -> "tư2").
    In both, a final y after a consonant, or after the u of qu, is i: "ký" and "kí" -> "ki4",
    "quy" and "qui" -> "qui" (both spellings are in use); "thuý", "ủy" keep their y.
    A procedure code such as 1.000656 stays one token.
    """
    return tuple(_exact_and_folded(token) for token in _raw_tokens(text))


class Tokenizer:
    """``search_tokens`` with a memo of the words met so far: an index of thousands of
    documents meets the same few thousand words again and again. The memo belongs to the
    tokenizer (one per index), not to the process."""

    def __init__(self):
        self._words: dict[str, tuple[str, str]] = {}

    def __call__(self, text: str) -> tuple[tuple[str, str], ...]:
        words = self._words
        found = []
        for token in _raw_tokens(text):
            pair = words.get(token)
            if pair is None:
                pair = words[token] = _exact_and_folded(token)
            found.append(pair)
        return tuple(found)


def _raw_tokens(text: str) -> list[str]:
    """The words of ``text`` in NFD, lower case; digits joined by '.' stay one word."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("ð", "đ"))
    tokens, current = [], []
    for i, char in enumerate(decomposed):
        if char.isalnum() or (unicodedata.category(char) == "Mn" and current):
            current.append(char)
        elif (char == "." and current and "".join(current).isdigit()
              and i + 1 < len(decomposed) and decomposed[i + 1].isdigit()):
            current.append(char)
        else:
            if current:
                tokens.append("".join(current))
            current = []
    if current:
        tokens.append("".join(current))
    return tokens


def _exact_and_folded(token: str) -> tuple[str, str]:
    letters, tone = [], ""
    for char in token:
        if char in _TONE_DIGIT:
            tone = _TONE_DIGIT[char]
        elif unicodedata.category(char) != "Mn" or char in _LETTER_MARKS:
            letters.append(char)
    exact = unicodedata.normalize("NFC", "".join(letters))
    folded = "".join(c for c in token if unicodedata.category(c) != "Mn").replace("đ", "d")
    if _FINAL_Y.search(folded):  # "ký" and "kí", "lý" and "lí", "quy" and "qui" are one word
        exact, folded = exact[:-1] + "i", folded[:-1] + "i"
    return exact + tone, folded


# A final y after a consonant (or after the u of qu) is spelt i as well: both spellings are in use.
_FINAL_Y = re.compile(r"(?:[^aeiouy]|^qu)y$")
