"""The search normalisation vectors, Python side (the browser checks the same file in JS)."""

import json
import unicodedata
from pathlib import Path

import pytest

from congkhai.text.vietnamese import search_tokens

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "search-vectors.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[v["input"] or "(empty)" for v in VECTORS])
def test_vector(vector):
    text = unicodedata.normalize("NFD", vector["input"]) if vector.get("nfd") else vector["input"]
    assert [list(t) for t in search_tokens(text)] == vector["tokens"]


def test_tone_placement_and_form_do_not_matter():
    for a, b in [("hòa", "hoà"), ("thúy", "thuý"), ("khỏe", "khoẻ"), ("Tử", unicodedata.normalize("NFD", "tử"))]:
        assert search_tokens(a) == search_tokens(b)
