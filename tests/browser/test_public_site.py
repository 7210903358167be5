"""What a person sees: every page type in a real browser (Debian chromium via Playwright)."""

from __future__ import annotations

import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# page -> text its main content must show (sample content, as of 2026-11-24)
PAGE_TYPES = {
    "index.html": "Bạn cần làm thủ tục gì?",
    "thu-tuc/index.html": "26 thủ tục đang áp dụng",
    "thu-tuc/1.000656/index.html": "Tờ khai đăng ký khai tử theo mẫu",
    "thu-tuc/2.002622/index.html": "Thủ tục này đã được thay thế",
    "thu-tuc/1.010077/index.html": "áp dụng từ ngày 01 tháng 01 năm 2027",
    "thu-tuc/2.002913/index.html": "Trường hợp đề nghị giải quyết chế độ tử tuất",
    "linh-vuc/index.html": "Hộ tịch",
    "linh-vuc/ho-tich/index.html": "Đăng ký khai sinh",
    "co-quan/index.html": "Trung tâm Hành chính công huyện Cẩm Xuyên",
    "co-quan/trung-tam-hcc/index.html": "Sáng 7h00–11h30",
    "ke-hoach/index.html": "181/KH-UBND",
    "ke-hoach/ke-hoach-181-2020/index.html": "Tổ chức niêm yết, công khai TTHC.",
    "ke-hoach/ke-hoach-321-2018/index.html": "Đặng Quốc Vinh",
    "quyet-dinh/index.html": "2345/QĐ-UBND",
    "quyet-dinh/qd-lien-thong-2024/index.html": "Thay thế",
    "thay-doi/index.html": "Sắp có hiệu lực",
    "phan-anh-kien-nghi/index.html": "Khiếu nại, tố cáo",
    "phan-anh-kien-nghi/thi-tran-cam-xuyen/index.html": "UBND thị trấn Cẩm Xuyên",
    "tim-kiem/index.html": "Tìm thủ tục",
    "404.html": "Không tìm thấy trang",
    "gioi-thieu/index.html": "Giới thiệu trang công khai",
    "tinh-day-du/index.html": "Mức độ công khai đầy đủ",
}


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    # target-size (WCAG 2.2, 2.5.8) is off in axe by default: turned on here, on every page checked
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                      "rules": {"target-size": {"enabled": True}}})
    return [f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


@pytest.mark.parametrize("path", list(PAGE_TYPES))
def test_page_type(page, site, path):
    page.goto((site / path).as_uri())
    main = page.locator("main")
    assert PAGE_TYPES[path] in main.inner_text()
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "vi"
    # The feedback address is posted on every page (the plans require it).
    assert "Tiếp nhận phản ánh, kiến nghị" in page.locator("footer").inner_text()
    assert page.js_errors == []  # before axe: its own stylesheet requests fail on file://
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", list(PAGE_TYPES))
def test_no_horizontal_scroll_at_320px(page, site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto((site / path).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def tab_to(page, name: str, limit: int = 300) -> None:
    """Press Tab until the focused element's text is ``name`` (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement ? document.activeElement.textContent || '' : ''")
        if " ".join(text.split()) == name:
            return
    raise AssertionError(f"could not reach {name!r} with the Tab key")


def test_keyboard_only_path_from_home_to_a_checklist(page, site):
    page.goto((site / "index.html").as_uri())
    tab_to(page, "Bỏ qua, đến nội dung chính")
    tab_to(page, "Hộ tịch")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"linh-vuc/ho-tich/index\.html$"))
    tab_to(page, "Đăng ký khai tử")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"thu-tuc/1\.000656/index\.html$"))
    tab_to(page, "Xem giấy tờ cần mang")
    page.keyboard.press("Enter")
    # Enter on an in-page link changes the URL asynchronously: wait, do not race.
    page.wait_for_url(re.compile(r"#giay-to$"))
    assert page.locator("#giay-to").is_visible()
    # The focus ring is visible: the focused link has an outline.
    tab_to(page, "Tải mẫu đơn, tờ khai: Tờ khai đăng ký khai tử theo mẫu")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("bieu-mau/to-khai-dang-ky-khai-tu.txt")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_pages_opened_from_disk_follow_links(page, site):
    """file://: links reach index.html pages, never a folder listing."""
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name=re.compile(r"^Xem toàn bộ \d+ thủ tục")).click()
    expect(page.locator("h1")).to_have_text("Danh mục thủ tục hành chính")
    page.locator("#nhom-ho-tich summary").click()  # the field's group, closed at first
    page.locator("#danh-muc").get_by_role("link", name="Đăng ký khai tử", exact=True).click()
    expect(page.locator("h1")).to_have_text("Đăng ký khai tử")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kế hoạch").click()
    page.get_by_role("link", name="Kế hoạch số 181/KH-UBND").click()
    expect(page.locator("h1")).to_contain_text("Kiểm soát thủ tục hành chính")
    page.get_by_role("link", name="Cách gửi phản ánh, kiến nghị").first.click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Địa chỉ tiếp nhận phản ánh"))
    assert page.url.startswith("file://") and page.url.endswith("index.html")


def test_portal_under_a_sub_path_keeps_clean_urls(page, served):
    page.goto(served)
    assert page.locator("h1").inner_text().startswith("Thủ tục hành chính")
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.endswith("index.html")]
    page.get_by_role("link", name=re.compile(r"^Xem toàn bộ")).click()
    expect(page).to_have_url(served + "thu-tuc/")
    page.locator("#nhom-ho-tich summary").click()
    page.locator("#danh-muc").get_by_role("link", name="Đăng ký khai tử", exact=True).click()
    expect(page).to_have_url(served + "thu-tuc/1.000656/")
    assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null")


def test_catalogue_filters_instantly_and_reads_the_address(page, site):
    page.goto((site / "thu-tuc/index.html").as_uri())
    rows = page.locator("#danh-muc tbody tr")
    total = rows.count()
    assert total == 26
    page.select_option("#loc-linh-vuc", "ho-tich")
    visible = page.locator("#danh-muc tbody tr:not([hidden])")
    assert visible.count() == 5
    assert page.locator("#so-ket-qua").inner_text() == "Đang hiện 5 trên 26 thủ tục."
    page.select_option("#loc-linh-vuc", "")
    page.fill("#loc-chu", "dang ky khai tu")
    # Every word folded (đ = d, no marks) must appear in the name or code.
    assert sorted(r.split("\t")[0] for r in visible.all_inner_texts()) == ["1.000656", "2.002913", "3.000722"]
    page.fill("#loc-chu", "1.000656")
    assert [r.split("\t")[1] for r in visible.all_inner_texts()] == ["Đăng ký khai tử"]
    page.goto((site / "thu-tuc/index.html").as_uri() + "?cap=huyen&truc-tuyen=partial")
    assert page.locator("#loc-cap").input_value() == "huyen"
    names = [r.split("\t")[1] for r in page.locator("#danh-muc tbody tr:not([hidden])").all_inner_texts()]
    assert names == ["Đăng ký thành lập hộ kinh doanh"]


def test_without_javascript_the_catalogue_is_complete(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "thu-tuc/index.html").as_uri())
    assert page.locator("#danh-muc tbody tr").count() == 26  # every procedure, in its field's group
    assert not page.locator("#bo-loc").is_visible()
    page.locator("#nhom-ho-tich summary").click()  # a <details> opens without scripts
    assert page.locator("#nhom-ho-tich tbody tr:visible").count() == 5
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    assert not page.locator("[data-print]").is_visible()
    context.close()


def test_print_view_is_the_checklist_with_a_qr_code(page, site):
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    assert page.locator("[data-print]").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator("footer").is_visible()
    assert page.locator(".checklist li").count() == 3
    assert page.locator(".checklist").is_visible()
    assert page.locator(".qr-block svg").is_visible()
    assert page.locator(".print-only").is_visible()


def test_printed_qr_code_scans_to_the_public_page(page, site):
    """The QR code as the browser draws it, read back by a decoder (zxing-cpp's reader, not
    the writer that made it): a citizen's phone opens the public page."""
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    page.emulate_media(media="print")
    shot = page.locator(".qr-block svg").screenshot()
    image = Image.open(io.BytesIO(shot)).convert("L")
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert [code.text for code in found] == ["https://camxuyen.hatinh.gov.vn/tthc/thu-tuc/1.000656/"]


def test_print_button_calls_print(page, site):
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    # (ends in a number: Playwright would call a function-valued expression)
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; 0")
    page.get_by_role("button", name="In danh sách giấy tờ").click()
    assert page.evaluate("window.__printed") == 1


@pytest.mark.parametrize("width", [390, 1280])
def test_screenshots(page, site, screenshots, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in [("trang-chu", "index.html"), ("thu-tuc", "thu-tuc/1.000656/index.html")]:
        page.goto((site / path).as_uri())
        page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / f"thu-tuc-in-{width}.png"), full_page=True)
    assert (screenshots / f"thu-tuc-in-{width}.png").stat().st_size > 10_000
