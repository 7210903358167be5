"""Search in citizens' own words (issue 15), in chromium from file:// on the sample site: the
colloquial test set, the query vectors in JavaScript, honest counts, partial codes, the phone
layout and the home page's suggestions."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from congkhai.build.search.documents import search_documents
from congkhai.diagnostics import Report
from congkhai.pipeline import BuildConfig, load_catalogue
from congkhai.text.vietnamese import fold, search_tokens
from congkhai.text.vocabulary import Vocabulary

from ..conftest import SAMPLE, run_cli
from ..fixtures import commune_catalogue
from .test_search import results

pytestmark = pytest.mark.browser

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "query-vectors.json").read_text(encoding="utf-8"))
PARTIAL = "Không có kết quả khớp đủ các từ; các kết quả gần đúng:"

# How people at the one-stop desk ask -> the procedure they mean (sample content). Written from
# the vocabulary's fields: residence, civil status, land, household business, certification,
# social allowances, funerals, emergencies; with and without marks, wrapped in words that carry
# no meaning for search.
COLLOQUIAL = [
    ("nhập hộ khẩu", "1.004222"),
    ("nhap ho khau cho con", "1.004222"),
    ("chuyển hộ khẩu về nhà chồng", "1.004222"),
    ("thủ tục làm sổ hộ khẩu", "1.004222"),
    ("cắt khẩu người chết", "1.004258"),
    ("xóa tên khỏi hộ khẩu", "1.004258"),
    ("làm kt3", "1.004194"),
    ("đăng ký tạm trú cho người thuê trọ", "1.004194"),
    ("khai bao o tro", "1.004194"),
    ("đi làm ăn xa", "1.010077"),
    ("báo tạm vắng", "1.010077"),
    ("làm giấy khai sinh cho con", "1.001193"),
    ("khai sinh cho bé", "1.001193"),
    ("làm giấy chứng tử", "1.000656"),
    ("báo tử", "1.000656"),
    ("thu tuc dang ky khai tu", "1.000656"),
    ("khai tử cho người mất", "1.000656"),
    ("làm giấy kết hôn ở đâu", "1.000894"),
    ("đăng ký lấy vợ", "1.000894"),
    ("giấy hôn thú", "1.000894"),
    ("xin giấy xác nhận độc thân", "1.004873"),
    ("giấy xác nhận chưa kết hôn", "1.004873"),
    ("bản sao giấy khai sinh", "2.000635"),
    ("trích lục hộ tịch", "2.000635"),
    ("làm giám hộ", "1.000893"),
    ("làm sổ đỏ lần đầu", "1.012765"),
    ("cấp bìa đỏ", "1.012765"),
    ("sang tên sổ đỏ", "1.012770"),
    ("mua bán đất", "1.012770"),
    ("cho con đất", "1.012770"),
    ("tranh chấp đất với hàng xóm", "2.002333"),
    ("lấn đất", "2.002333"),
    ("xin giấy phép kinh doanh", "1.001612"),
    ("mở quán cà phê", "1.001612"),
    ("GPKD", "1.001612"),
    ("đăng kí kết hôn", "1.000894"),  # kí = ký
    ("nhập hộ khảu cho vợ", "1.004222"),  # a wrong tone inside a phrase
    ("đổi địa chỉ kinh doanh", "2.000575"),
    ("tạm nghỉ kinh doanh", "2.000583"),
    ("dẹp quán", "2.000720"),
    ("thôi kinh doanh", "2.000720"),
    ("photo công chứng", "2.000815"),
    ("sao y bản chính", "2.000815"),
    ("công chứng chữ ký", "2.000884"),
    ("xác nhận sơ yếu lý lịch", "2.000884"),
    ("dịch thuật công chứng", "2.000843"),
    ("công chứng mua bán xe máy", "2.001035"),
    ("tiền người già", "2.000286"),
    ("trợ cấp người khuyết tật", "2.000286"),
    ("tiền ma chay cho người có công", "1.002410"),
    ("tiền mai táng thương binh", "1.002410"),
    ("hỗ trợ đám tang bảo trợ xã hội", "1.001731"),
    ("nhà bị sập do bão", "2.000477"),
    ("nhà bị tốc mái", "2.000477"),
]


def first_url(page, site, query):
    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=" + query.replace(" ", "%20"))
    first = page.locator("#search-results ol li a").first
    first.wait_for(timeout=10_000)
    return first.get_attribute("href")


def test_the_colloquial_set_is_broad():
    assert len(COLLOQUIAL) >= 40 and len({q for q, _ in COLLOQUIAL}) == len(COLLOQUIAL)
    assert len({code for _, code in COLLOQUIAL}) >= 20  # across the catalogue, not a few procedures


@pytest.mark.parametrize("query, code", COLLOQUIAL, ids=[q for q, _ in COLLOQUIAL])
def test_colloquial_query_finds_the_procedure_first(page, site, query, code):
    assert f"thu-tuc/{code}/" in first_url(page, site, query)
    assert page.js_errors == []


@pytest.fixture
def engine(page, site):
    page.goto((site / "tim-kiem/index.html").as_uri())
    page.wait_for_selector("#search-results[data-ready]")
    page.evaluate("() => CongkhaiSearch.core()")
    return page


def test_query_vectors_agree_in_javascript(engine):
    for vector in VECTORS["vectors"]:
        got = engine.evaluate("([q, v]) => CongkhaiSearch.understand(q, v)", [vector["query"], VECTORS["vocabulary"]])
        assert got == vector["slots"], (vector["query"], vector["why"])


def test_the_shipped_vocabulary_reads_queries_alike_in_python_and_javascript(engine):
    shipped = Vocabulary.shipped()
    queries = [q for q, _ in COLLOQUIAL] + [v["query"] for v in VECTORS["vectors"]] + ["Sổ Đỏ", "CCCD", "cho"]
    for query in queries:
        python = [[list(alt) for alt in slot] for slot in shipped.understand(list(search_tokens(query)))]
        assert engine.evaluate("(q) => CongkhaiSearch.understand(q)", query) == python, query


def status(page) -> str:
    return page.locator("#search-status").inner_text()


def test_the_count_is_of_documents_holding_every_word(page, site):
    """Words outside the vocabulary: the count is the documents holding all of them, counted
    here from the search documents without the engine."""
    report = Report()
    catalogue = load_catalogue(BuildConfig(content=SAMPLE, as_of=__import__("datetime").date(2026, 11, 24)), report)
    docs = search_documents(catalogue)

    def holding(*words):
        found = 0
        for d in docs:
            folded = {f for piece in [d.name, *d.meta, *d.body] for _, f in search_tokens(piece)}
            found += all(w in folded for w in words)
        return found

    for query, words in (("tạm ngừng ", ("tam", "ngung")), ("trích lục ", ("trich", "luc"))):
        expected = holding(*words)
        assert 0 < expected < len(docs) / 3
        results(page, site, query)
        assert status(page) == f"Tìm thấy {expected} kết quả cho “{query.strip()}”.", query
        expect(page.locator("#search-results ol li")).to_have_count(min(expected, 10))
        assert not page.locator("#search-partial").is_visible()


def test_words_without_meaning_do_not_inflate_the_count(page, site):
    results(page, site, "thu tuc dang ky khai tu")
    shown = int(re.search(r"Tìm thấy (\d+) kết quả", status(page)).group(1))
    results(page, site, "dang ky khai tu")
    assert status(page) == f"Tìm thấy {shown} kết quả cho “dang ky khai tu”."
    assert shown <= 6  # of 36 documents: "thủ tục" alone is in nearly all of them


def test_when_no_document_holds_every_word_the_partial_ones_say_so(page, site):
    titles = results(page, site, "khai tử xyzabc")
    assert titles[0] == "Đăng ký khai tử"
    expect(page.locator("#search-partial")).to_be_visible()
    assert page.locator("#search-partial").inner_text() == PARTIAL
    assert status(page).startswith("Không có kết quả nào khớp đủ các từ của “khai tử xyzabc”; ")
    assert "gần đúng" in status(page)

    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=xyzabc%20qwerty")
    expect(page.locator("#search-status")).to_contain_text("Không tìm thấy kết quả nào")
    assert not page.locator("#search-partial").is_visible()
    assert page.locator("#search-results ol li").count() == 0


@pytest.mark.parametrize("typed, code", [("004873", "1.004873"), ("4873", "1.004873"), ("001612", "1.001612"),
                                         ("1612", "1.001612")])
def test_a_code_in_part_finds_the_procedure(page, site, typed, code):
    assert f"thu-tuc/{code}/" in first_url(page, site, typed)
    assert status(page).startswith("Tìm thấy 1 kết quả")  # the digits of one code, not of others'


def test_a_whole_code_finds_the_procedure_first_and_the_decisions_that_name_it(page, site):
    assert "thu-tuc/1.004873/" in first_url(page, site, "1.004873")
    assert "quyet-dinh/" in page.locator("#search-results ol li a").nth(1).get_attribute("href")


def test_an_expansion_weighs_less_than_the_words_typed(page, site):
    """'mai táng phí' is in the funeral group with 'hỗ trợ chi phí mai táng': the procedure
    whose name holds the typed phrase comes first, the other after it."""
    titles = results(page, site, "mai táng phí")
    assert titles[0].startswith("Giải quyết chế độ mai táng phí")
    assert "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội" in titles[1:3]


@pytest.fixture
def phone390(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("query", ["nhap ho khau", "khai sinh", "chứng thực"])
def test_on_a_phone_the_first_result_is_on_the_first_screen(phone390, site, query):
    phone390.goto((site / "tim-kiem/index.html").as_uri() + "?q=" + query.replace(" ", "%20"))
    first = phone390.locator("#search-results ol li a").first
    first.wait_for()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= 844, box
    fold = phone390.locator("#search-filter-box")
    expect(fold).to_be_visible()
    assert fold.get_attribute("open") is None  # closed on a phone
    assert fold.locator("summary").inner_text().strip() == "Lọc kết quả"
    fold.locator("summary").tap()
    kinds = fold.get_by_role("group", name="Loại")
    expect(kinds).to_be_visible()
    assert re.search(r"\(\d+\)", kinds.inner_text())  # the counts are kept


def test_on_a_wide_screen_the_filters_are_open(page, site):
    results(page, site, "khai sinh")
    assert page.locator("#search-filter-box").get_attribute("open") is not None
    expect(page.locator("#search-filters").get_by_role("group", name="Loại")).to_be_visible()
    page.locator("#search-filters label", has_text="Quyết định").click()
    expect(page.locator("#search-filter-box summary")).to_have_text("Lọc kết quả (đang lọc theo 1 mục)")


def test_the_home_page_suggests_as_you_type_and_enter_goes_to_the_search_page(page, site):
    page.goto((site / "index.html").as_uri())
    page.locator("#q-home").press_sequentially("nhap ho khau", delay=20)
    suggestions = page.locator("#goi-y ol li a")
    expect(suggestions.first).to_have_text("Đăng ký thường trú")
    assert suggestions.count() <= 5
    expect(page.locator("#goi-y .suggestions-all")).to_have_text(re.compile(r"Xem tất cả \d+ kết quả"))
    page.locator("#q-home").press("ArrowDown")
    assert page.evaluate("() => document.activeElement.textContent") == "Đăng ký thường trú"
    page.locator("#q-home").focus()
    page.locator("#q-home").press("Enter")
    page.wait_for_url(re.compile(r"tim-kiem/index\.html\?q=nhap\+ho\+khau"))
    expect(page.locator("#search-results ol li a").first).to_have_text("Đăng ký thường trú")
    assert page.js_errors == []


def test_a_suggestion_opens_its_procedure(page, site):
    page.goto((site / "index.html").as_uri())
    page.locator("#q-home").press_sequentially("sổ đỏ", delay=20)
    page.locator("#goi-y ol li a").first.click()
    page.wait_for_url(re.compile(r"thu-tuc/1\.012765/index\.html$"))
    assert page.js_errors == []


@pytest.fixture(scope="module")
def commune(tmp_path_factory):
    """A commune with the national catalogue's names for its 73 procedures, built once."""
    root = tmp_path_factory.mktemp("commune")
    content = root / "content"
    (content / "procedures").mkdir(parents=True)
    (content / "site.yaml").write_text("name: UBND xã Thử Nghiệm\nlevel: xa\n", encoding="utf-8")
    fields = "".join(f"- id: {f}\n  name: {f.replace('-', ' ').capitalize()}\n" for f in commune_catalogue.NAMES)
    (content / "fields.yaml").write_text(fields, encoding="utf-8")
    number = 0
    for field_id, names in commune_catalogue.NAMES.items():
        for name in names:
            number += 1
            code = f"9.{number:06d}"
            (content / "procedures" / f"{code}.yaml").write_text(
                f'code: "{code}"\nname: "{name}"\nfield: {field_id}\nlevel: xa\n', encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--output", str(root / "output"), "--as-of", "2026-11-24")
    assert result.returncode == 0, result.stderr
    return root / "output"


def test_the_commune_set_is_broad():
    assert len(commune_catalogue.QUERIES) >= 60
    expected = {e for _, e in commune_catalogue.QUERIES}
    assert len(expected) >= 50  # most procedures of the catalogue, not a few


@pytest.mark.parametrize("marks", [True, False], ids=["with-marks", "without-marks"])
@pytest.mark.parametrize("query, expected", commune_catalogue.QUERIES, ids=[q for q, _ in commune_catalogue.QUERIES])
def test_colloquial_query_in_a_commune_catalogue(page, commune, query, expected, marks):
    """As typed, and as typed on a phone without Vietnamese marks."""
    typed = query if marks else fold(query)
    page.goto((commune / "tim-kiem/index.html").as_uri() + "?q=" + typed.replace(" ", "%20"))
    first = page.locator("#search-results ol li a").first
    first.wait_for(timeout=10_000)
    assert first.inner_text().startswith(expected)
    assert page.js_errors == []



def test_the_open_suggestions_and_a_partial_result_page_have_no_accessibility_violations(page, site):
    from .test_public_site import axe_violations
    page.goto((site / "index.html").as_uri())
    page.locator("#q-home").press_sequentially("nhap ho khau", delay=20)
    expect(page.locator("#goi-y ol li a").first).to_be_visible()
    assert axe_violations(page) == []
    results(page, site, "khai tử xyzabc")
    expect(page.locator("#search-partial")).to_be_visible()
    assert axe_violations(page) == []


def test_without_filters_to_show_the_results_take_the_width(page, site):
    results(page, site, "004873")  # one result: nothing to filter
    assert not page.locator("#search-filter-box").is_visible()
    width = page.locator("#search-results").bounding_box()["width"]
    assert width > 0.8 * page.locator("main").bounding_box()["width"], width
