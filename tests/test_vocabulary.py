"""The search vocabulary: the data shipped, a unit's content/search.yaml, and how a query is read
into slots (the same vectors are run in JavaScript by tests/browser/test_colloquial.py)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
import yaml

from congkhai.text.vietnamese import search_tokens
from congkhai.text.vocabulary import SHIPPED, Vocabulary

from .conftest import SCRATCH_FILES, run_cli, tree_digest, write_site
from .test_search_index import loaded

VECTORS = json.loads((Path(__file__).parent / "fixtures" / "query-vectors.json").read_text(encoding="utf-8"))
CORE = "tim-kiem/chi-muc/core.js"


def fixture_vocabulary() -> Vocabulary:
    data = VECTORS["vocabulary"]
    return Vocabulary(tuple(tuple(g) for g in data["groups"]), tuple(data["stop"]))


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["query"] for v in VECTORS["vectors"]])
def test_query_vectors(vector):
    slots = fixture_vocabulary().understand(list(search_tokens(vector["query"])))
    assert [[list(alt) for alt in slot] for slot in slots] == vector["slots"], vector["why"]


def test_the_shipped_vocabulary_is_broad_and_well_formed():
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    assert set(data) == {"synonyms", "stopwords"}
    groups, stops = data["synonyms"], data["stopwords"]
    phrases = [p for g in groups for p in g]
    assert len(groups) >= 150 and len(phrases) >= 1000  # hundreds of entries, not a handful
    for group in groups:
        assert len(group) >= 2, group
        assert len(set(group)) == len(group), group
    for phrase in phrases + stops:
        assert isinstance(phrase, str) and phrase == unicodedata.normalize("NFC", phrase) == phrase.strip(), phrase
        assert phrase == phrase.lower(), phrase  # written as spoken; the search folds case anyway
        assert search_tokens(phrase), phrase
    # the abbreviations staff and citizens write
    for abbreviation in ("cccd", "cmnd", "gcn", "qsdđ", "hkd", "ubnd", "bhyt", "bhxh", "tthc", "gpkd", "attp", "htx", "dvc"):
        assert abbreviation in phrases or abbreviation in stops, abbreviation
    # older and newer official names of the same thing sit in one group
    def together(*names):
        return any(all(n in g for n in names) for g in groups)
    assert together("đăng ký thường trú", "nhập hộ khẩu", "sổ hộ khẩu")
    assert together("căn cước", "chứng minh nhân dân", "căn cước công dân")
    assert together("giấy chứng nhận quyền sử dụng đất", "sổ đỏ", "sổ hồng")
    assert together("đăng ký thành lập hộ kinh doanh", "giấy phép kinh doanh")
    assert together("chứng thực bản sao từ bản chính", "photo công chứng")
    assert together("trợ cấp xã hội hằng tháng", "tiền người già")


def test_every_shipped_group_starts_with_words_of_an_official_name():
    """The first phrase of a group is the term documents use; later ones weigh less, and only
    ten alternatives are tried, so the official one must come first."""
    groups = Vocabulary.shipped().synonyms
    colloquial_starts = ("làm ", "xin ", "tiền ", "mất ", "đổi ", "sang ", "cắt ")
    assert [g[0] for g in groups if g[0].startswith(colloquial_starts)] == []


def test_words_without_meaning_are_dropped_unless_they_are_all_there_is():
    v = Vocabulary.shipped()
    slots = v.understand(list(search_tokens("thủ tục đăng ký khai tử")))
    assert all("thu" not in alt and "tuc" not in alt for slot in slots for alt in slot)
    assert v.understand(list(search_tokens("thủ tục"))) == [[("thu",)], [("tuc",)]]


def test_a_unit_adds_groups_tried_first_and_stop_words(tmp_path):
    v = Vocabulary.shipped().extended([["nhà văn hóa thôn", "hội trường thôn"]], ["bà con"])
    assert v.synonyms[0] == ("nhà văn hóa thôn", "hội trường thôn")
    assert v.understand(list(search_tokens("bà con hội trường thôn"))) == [
        [("hoi", "truong", "thon"), ("nha", "van", "hoa", "thon")]]


def test_search_yaml_reaches_the_index_and_edits_are_followed(tmp_path):
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    out = tmp_path / "output"
    (content / "search.yaml").write_text("synonyms:\n  - [nhà văn hóa thôn, hội trường thôn]\nstopwords: [bà con]\n",
                                         encoding="utf-8")
    assert run_cli("build", "--content", str(content), "--output", str(out)).returncode == 0
    vocabulary = loaded((out / CORE).read_bytes())[1]["vocabulary"]
    assert vocabulary["groups"][0] == ["nhà văn hóa thôn", "hội trường thôn"]
    assert vocabulary["groups"][1:] == [list(g) for g in Vocabulary.shipped().synonyms]
    assert vocabulary["stop"][-1] == "bà con"

    (content / "search.yaml").write_text("synonyms:\n  - [chợ phiên, chợ]\n", encoding="utf-8")
    assert run_cli("build", "--content", str(content), "--output", str(out)).returncode == 0
    vocabulary = loaded((out / CORE).read_bytes())[1]["vocabulary"]
    assert vocabulary["groups"][0] == ["chợ phiên", "chợ"] and "bà con" not in vocabulary["stop"]

    (content / "search.yaml").unlink()
    assert run_cli("build", "--content", str(content), "--output", str(out)).returncode == 0
    vocabulary = loaded((out / CORE).read_bytes())[1]["vocabulary"]
    assert vocabulary["groups"] == [list(g) for g in Vocabulary.shipped().synonyms]


def test_a_staff_note_in_search_yaml_is_a_warning_and_an_empty_file_an_error(tmp_path):
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    out = tmp_path / "output"
    (content / "search.yaml").write_text("synonyms:\n  - [sổ hồng, TODO kiểm tra]\n", encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--output", str(out))
    assert result.returncode == 0
    assert "search.yaml:2:15: cảnh báo: 'TODO' là ghi chú nội bộ" in result.stderr
    before = tree_digest(out)
    (content / "search.yaml").write_text("", encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--output", str(out))
    assert result.returncode == 1 and "search.yaml:1:1: lỗi: tệp rỗng" in result.stderr
    assert tree_digest(out) == before
