"""The search index files, decoded here in Python, independently of the JavaScript engine."""

from __future__ import annotations

import json
import re

import pytest

from congkhai.build.search.documents import plain, search_documents
from congkhai.build.search.encoding import B64, gzip_size
from congkhai.build.search.index import FOLDER, SearchIndex, build_search_index, search_inputs
from congkhai.diagnostics import Report
from congkhai.lazy_table import LazyTable
from congkhai.pipeline import BuildConfig, load_catalogue
from congkhai.text.markup import render_markdown

from .conftest import SAMPLE

DIGIT = {c: i for i, c in enumerate(B64)}


def loaded(data: bytes):
    match = re.match(r'CongkhaiSearch\.load\("([^"]+)",(.*)\);\n$', data.decode("utf-8"), re.S)
    assert match, data[:80]
    return match.group(1), json.loads(match.group(2))


def decode(entry):
    variants, s = entry
    i, doc, out = 0, -1, []
    while i < len(s):
        delta, shift = 0, 0
        while True:
            d = DIGIT[s[i]]
            i += 1
            delta += (d & 31) << shift
            shift += 5
            if d < 32:
                break
        doc += delta + 1
        w = DIGIT[s[i]]
        i += 1
        mask = 0
        if variants and w & 3:
            mask = DIGIT[s[i]]
            i += 1
        out.append((doc, w & 7, w >> 3, {v for b, v in enumerate(variants) if mask & (1 << b)}))
    return out


@pytest.fixture(scope="module")
def index():
    report = Report()
    catalogue = load_catalogue(BuildConfig(content=SAMPLE, as_of=__import__("datetime").date(2026, 11, 24)), report)
    files = build_search_index(catalogue)
    shards = {}
    core = loaded(files[f"{FOLDER}/core.js"])[1]
    for key, name in core["shards"].items():
        assert loaded(files[f"{FOLDER}/{name}"])[0] == f"s:{key}"
        shards[key] = loaded(files[f"{FOLDER}/{name}"])[1]
    return catalogue, files, core, shards


def lookup(core, shards, term):
    key = max((k for k in core["shards"] if term.startswith(k)), key=len)
    return decode(shards[key][term])


def test_every_term_is_in_the_shard_its_longest_key_names(index):
    _, _, core, shards = index
    for key, shard in shards.items():
        for term in shard:
            assert max((k for k in core["shards"] if term.startswith(k)), key=len) == key


def test_postings_point_at_the_right_documents(index):
    catalogue, _, core, shards = index
    docs = search_documents(catalogue)
    khai = lookup(core, shards, "khai")
    in_name = {docs[d].title for d, fields, _, _ in khai if fields & 1}
    assert {"Đăng ký khai tử", "Đăng ký khai sinh"} <= in_name
    assert all("khai" in docs[d].name.lower() for d, fields, _, _ in khai if fields & 1)
    tu = {docs[d].title: variants for d, fields, _, variants in lookup(core, shards, "tu") if fields & 1}
    assert "tư2" in tu["Đăng ký khai tử"]  # the exact form "tử" is recorded for the name
    code = lookup(core, shards, "1.000656")
    assert docs[code[0][0]].url == "/thu-tuc/1.000656/"
    pair = {docs[d].title for d, *_ in lookup(core, shards, "khai_tu")}
    assert "Đăng ký khai tử" in pair and "Đăng ký khai sinh" not in pair


def test_facets_and_blocks_describe_every_document(index):
    catalogue, files, core, _ = index
    docs = search_documents(catalogue)
    assert core["count"] == len(docs)
    for name, facet in core["facets"].items():
        assert len(facet["s"]) == facet["w"] * len(docs), name
    titles = []
    for k in range((len(docs) + core["block"] - 1) // core["block"]):
        titles += [row[0] for row in loaded(files[f"{FOLDER}/d-{k}.js"])[1]]
    assert titles == [d.title for d in docs]


def test_no_shard_is_over_the_limit(index):
    _, files, _, _ = index
    assert max(gzip_size(data) for rel, data in files.items() if "/s-" in rel) < 100 * 1024


def test_an_index_updated_from_the_last_one_equals_a_full_build(tmp_path):
    """An index evolved from the last one redoes only what changed documents touch; its files
    must be exactly a full build's, edit after edit."""
    import datetime as dt
    import pickle
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)

    def catalogue(day=dt.date(2026, 11, 24)):
        report = Report()
        loaded_catalogue = load_catalogue(BuildConfig(content=content, as_of=day), report)
        assert loaded_catalogue is not None, [d.format() for d in report.errors]
        return loaded_catalogue

    def edit(rel, old, new):
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def inputs(current):
        return search_inputs(current, search_documents(current))

    index = SearchIndex.of(inputs(catalogue()))
    steps = [
        lambda: edit("procedures/1.000656.yaml", "nộp hồ sơ tại", "nộp hồ sơ zyxwv tại"),  # a new word, new letter
        lambda: edit("procedures/1.000656.yaml", "nộp hồ sơ zyxwv tại", "nộp hồ sơ tại"),  # and gone again
        lambda: edit("procedures/1.000656.yaml", "name: Đăng ký khai tử", "name: Đăng ký khai tử lưu động"),
        lambda: edit("decisions/qd-sua-doi-2026.yaml", "2027-01-01", "2026-11-01"),  # statuses move
        lambda: (content / "pages" / "moi.md").write_text("---\ntitle: Trang mới\n---\nNội dung\n", encoding="utf-8"),
        # an agency renamed: every procedure document naming it changes, its own file did not
        lambda: edit("agencies.yaml", "name: UBND huyện Cẩm Xuyên", "name: Ủy ban nhân dân huyện Cẩm Xuyên"),
        # a field that sorts first: no document changes, every procedure's field number does
        lambda: edit("fields.yaml", "- id: ho-tich", "- id: an-toan\n  name: An toàn thực phẩm\n- id: ho-tich"),
        # a vocabulary phrase comes into a name ("giấy khai sinh"), then the unit's own words
        lambda: edit("procedures/1.001193.yaml", "name: Đăng ký khai sinh", "name: Đăng ký khai sinh, cấp giấy khai sinh"),
        lambda: (content / "search.yaml").write_text("synonyms:\n  - [giấy khai sinh lưu động, khai sinh tại nhà]\n",
                                                     encoding="utf-8"),
        lambda: edit("procedures/1.001193.yaml", "name: Đăng ký khai sinh, cấp giấy khai sinh", "name: Đăng ký khai sinh"),
    ]
    for number, step in enumerate(steps):
        step()
        current = catalogue()
        evolved = index.evolved(inputs(current))
        full = SearchIndex.of(inputs(current))
        assert evolved.files == full.files
        assert evolved.found == full.found
        # every other step through the build cache's round trip (pickled, read back lazily)
        index = pickle.loads(pickle.dumps(evolved)) if number % 2 else evolved


def test_lazy_table_round_trip_keeps_every_entry_and_change():
    import pickle

    table = LazyTable({"a": [1], "b": {"x": 2}, 3: "c"})
    again = pickle.loads(pickle.dumps(table))
    assert dict(again.items()) == {"a": [1], "b": {"x": 2}, 3: "c"}
    again["a"].append(5)  # an entry read back and changed in place is pickled again
    del again["b"]
    again["d"] = "new"
    third = pickle.loads(pickle.dumps(again))
    assert dict(third.items()) == {"a": [1, 5], 3: "c", "d": "new"} and len(third) == 3
    assert "b" not in third and 3 in third
    with pytest.raises(KeyError):
        third["b"]


@pytest.mark.parametrize("text", [
    "Nộp hồ sơ tại Bộ phận Một cửa.", "Mang **bản chính** để đối chiếu", "Phí: 10.000 đồng/trường hợp",
    "Xem [mẫu tờ khai](https://example.gov.vn/to-khai.docx) & nộp", "1. Nộp hồ sơ\n2. Nhận kết quả",
    "Dùng `mã` \\* và <b>in đậm</b>", "Trường hợp a) hoặc b) — theo Điều 5", "# Tiêu đề\n\n- ý một\n- ý hai",
])
def test_plain_text_for_the_index_has_the_words_the_rendered_markdown_has(text):
    """Text without markup that changes its words is not rendered; the words are the same."""
    from congkhai.text.vietnamese import search_tokens

    rendered = re.sub(r"<[^>]+>", " ", render_markdown(text))
    assert search_tokens(plain(text)) == search_tokens(rendered)
