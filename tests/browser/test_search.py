"""Search as citizens type it, in chromium, on the sample site opened from disk (file://)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VECTORS = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "search-vectors.json")
                     .read_text(encoding="utf-8"))["vectors"]

KHAI_TU = "Đăng ký khai tử"
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

# query -> the title expected first (sample content, as of 2026-11-24)
QUERIES = [
    ("dang ky khai tu", KHAI_TU),                                   # no diacritics
    ("Đăng ký khai tử", KHAI_TU),                                   # with
    ("ĐĂNG KÝ KHAI TỬ", KHAI_TU),                                   # upper case
    (NFD("Đăng ký khai tử"), KHAI_TU),                              # NFD input
    ("tử", KHAI_TU),                                                # exact diacritics first
    ("tư", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Phòng Tư pháp"),  # ... both ways
    ("1.000656", KHAI_TU),                                          # code
    ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận"),
    ("khai sinh", "Đăng ký khai sinh"),
    ("dang ky ket hon", "Đăng ký kết hôn"),
    ("DANG KY KET HON", "Đăng ký kết hôn"),
    ("thuogn tru", "Đăng ký thường trú"),                           # typo (transposition)
    ("chung thuc chu kyy", "Chứng thực chữ ký trong các giấy tờ, văn bản"),  # typo in a short word is not needed
    ("xac nhan tinh trnag hon nhan", "Cấp Giấy xác nhận tình trạng hôn nhân"),  # typo (5+ letters)
    ("ho kinh doan", "Chấm dứt hoạt động hộ kinh doanh"),           # prefix while typing
    ("thanh lap ho kinh doanh", "Đăng ký thành lập hộ kinh doanh"),  # multi-word
    ("tam tru", "Đăng ký tạm trú"),                                  # phrase beats scattered words
    ("hoà giải", "Hòa giải tranh chấp đất đai"),                     # old tone placement
    ("hòa giải", "Hòa giải tranh chấp đất đai"),                     # new tone placement
    ("dat dai", "Hòa giải tranh chấp đất đai"),                      # đ = d
    ("mai tang phi", "Giải quyết chế độ mai táng phí đối với thân nhân người có công với cách mạng từ trần"),
    ("quyet dinh 2345", "Quyết định số 2345/QĐ-UBND"),               # decisions
    ("qd 1590", "Quyết định số 1590/QĐ-UBND"),
    ("ke hoach 181", "Kế hoạch số 181/KH-UBND: Kiểm soát thủ tục hành chính và thực hiện cơ chế một cửa, một cửa liên thông trên địa bàn huyện năm 2020"),
    ("ke hoach 321", "Kế hoạch số 321/KH-UBND: Triển khai thực hiện Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính trên địa bàn tỉnh Hà Tĩnh"),
    ("phan anh kien nghi", "Địa chỉ tiếp nhận phản ánh, kiến nghị – UBND huyện Cẩm Xuyên"),  # pages
    ("gioi thieu", "Giới thiệu trang công khai thủ tục hành chính"),
    ("tuất", "Liên thông điện tử thủ tục hành chính: đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất"),
    ("giấy chứng sinh", "Đăng ký khai sinh"),                          # documents (body) are searched
    ("khai bao tam vang", "Khai báo tạm vắng"),
]


def results(page, site, query):
    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=" + query.replace(" ", "%20"))
    page.wait_for_selector("#search-results ol li a", timeout=10_000)
    return page.locator("#search-results ol li a").all_inner_texts()


@pytest.mark.parametrize("query, first", QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_expected_first(page, site, query, first):
    assert results(page, site, query)[0] == first
    assert page.js_errors == []


def test_typing_updates_results_per_keystroke(page, site):
    page.goto((site / "tim-kiem/index.html").as_uri())
    page.locator("#q-page").press_sequentially("khai t", delay=30)
    # (locator waits: a string predicate would need eval, which the page's CSP forbids)
    expect(page.locator("#search-results ol li a").first).to_have_text(KHAI_TU)
    assert "Tìm thấy" in page.locator("#search-status").inner_text()
    assert page.locator("#search-status").get_attribute("aria-live") == "polite"


def test_results_are_an_ordered_list_with_kind_and_highlighted_snippet(page, site):
    results(page, site, "dang ky khai tu")
    first = page.locator("#search-results > ol > li").first
    assert first.locator("a mark").count() >= 3  # Đăng, ký, khai, tử highlighted
    assert "Thủ tục" in first.locator(".result-kind").inner_text()
    assert first.locator(".snippet").inner_text()
    first.locator("a").click()
    expect(page.locator("h1")).to_have_text(KHAI_TU)  # from disk: the link reaches index.html


def test_arrow_keys_and_enter(page, site):
    results(page, site, "chung thuc")
    page.locator("#q-page").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#search-results ol li a").nth(1).inner_text()
    assert page.evaluate("document.activeElement.textContent") == second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "q-page"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"thu-tuc/.+/index\.html$"))


def test_filters_with_counts(page, site):
    results(page, site, "dang ky")
    filters = page.locator("#search-filters")
    assert filters.is_visible()
    assert filters.get_by_role("group", name="Loại").count() == 1
    label = filters.locator("label", has_text="Quyết định").inner_text()
    decisions = int(re.search(r"\((\d+)\)", label).group(1))
    filters.locator("label", has_text="Quyết định").click()
    expect(page.locator("#search-results ol li")).to_have_count(min(decisions, 10))
    kinds = page.locator("#search-results .result-kind").all_inner_texts()
    assert kinds and all(k.startswith("Quyết định") for k in kinds)
    filters.get_by_role("group", name="Loại").locator("label", has_text="Tất cả").click()
    filters.get_by_role("group", name="Lĩnh vực").locator("label", has_text="Hộ tịch").click()
    page.wait_for_timeout(300)
    count = page.locator("#search-results ol li").count()
    assert 1 <= count <= 5


def test_normalisation_vectors_agree_in_javascript(page, site):
    page.goto((site / "tim-kiem/index.html").as_uri())
    expect(page.locator("#search-results[data-ready]")).to_have_count(1)
    for vector in VECTORS:
        text = NFD(vector["input"]) if vector.get("nfd") else vector["input"]
        assert page.evaluate("t => CongkhaiSearch.tokens(t)", text) == vector["tokens"], vector["input"]


def test_without_javascript_the_page_says_so(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=khai")
    text = page.locator("main").inner_text()
    assert "cần JavaScript" in text
    page.get_by_role("link", name="toàn bộ danh mục thủ tục").click()
    assert page.locator("h1").inner_text() == "Danh mục thủ tục hành chính"
    context.close()


def test_search_page_has_no_accessibility_violations_with_results(page, site):
    from .test_public_site import axe_violations
    results(page, site, "khai sinh")
    assert page.js_errors == []
    assert axe_violations(page) == []


def test_header_search_box_submits_to_the_search_page(page, site):
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    page.fill("#q-top", "ket hon")
    page.keyboard.press("Enter")
    page.wait_for_selector("#search-results ol li a")
    assert page.locator("#search-results ol li a").first.inner_text() == "Đăng ký kết hôn"


def test_markup_in_titles_is_escaped(browser, tmp_path):
    """A title with HTML in it shows as text in results, never as markup."""
    from ..conftest import SCRATCH_FILES, run_cli, write_site
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    (content / "pages" / "xss.md").write_text('---\ntitle: "<img src=x onerror=alert(1)> Khai tử"\n---\nx\n', encoding="utf-8")
    assert run_cli("build", "--content", str(content), "--output", str(tmp_path / "out")).returncode == 0
    page = browser.new_page()
    page.goto((tmp_path / "out/tim-kiem/index.html").as_uri() + "?q=onerror")
    page.wait_for_selector("#search-results ol li a")
    assert page.locator("#search-results img").count() == 0
    assert "<img src=x onerror=alert(1)>" in page.locator("#search-results ol li a").first.inner_text()
    page.close()
