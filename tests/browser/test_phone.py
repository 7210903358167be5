"""A citizen on a 360×740 phone: the procedure page answers first, targets are big enough to
tap, the footer folds, the catalogue's filters live in the address. Expected values are read
from the sample content's YAML, not from the built pages."""

from __future__ import annotations

import re

import pytest
import yaml
from playwright.sync_api import expect

from ..conftest import SAMPLE
from .conftest import AS_OF
from .test_public_site import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def content(rel: str):
    return yaml.safe_load((SAMPLE / rel).read_text(encoding="utf-8"))


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", has_touch=True, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def test_the_summary_comes_first_and_answers_where_how_long_how_much_and_online(phone, site):
    proc = content("procedures/1.000656.yaml")
    place = next(a for a in content("agencies.yaml") if a["id"] == proc["receiving"][0])
    phone.goto((site / "thu-tuc/1.000656/index.html").as_uri())

    summary = phone.locator("section.summary")
    assert summary.bounding_box()["y"] < PHONE["height"] / 2  # starts in the first half of the first screen
    labels = summary.locator("dt").all_inner_texts()
    assert labels == ["Địa chỉ tiếp nhận hồ sơ", "Thời hạn giải quyết", "Phí, lệ phí", "Dịch vụ công trực tuyến",
                      "Thủ tục liên thông làm trọn trên mạng", "Thay đổi gần nhất"]
    facts = dict(zip(labels, summary.locator("dd").all_inner_texts()))
    where = facts["Địa chỉ tiếp nhận hồ sơ"]
    assert place["name"] in where and place["address"] in where and place["hours"] in where
    assert proc["methods"][0]["time"] in facts["Thời hạn giải quyết"]
    assert facts["Thời hạn giải quyết"].count(proc["methods"][0]["time"]) == 1  # the same for both: said once
    assert proc["methods"][0]["fee"] in facts["Phí, lệ phí"]
    assert facts["Dịch vụ công trực tuyến"].startswith("Có – một phần") and "phải đến cơ quan" in facts["Dịch vụ công trực tuyến"]
    # the fully online group that handles this procedure (2.002913 names it in 'linked')
    group = content("procedures/2.002913.yaml")
    assert "1.000656" in group["linked"] and group["online"] == "full"
    assert group["name"] in facts["Thủ tục liên thông làm trọn trên mạng"]
    button = summary.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    assert button.get_attribute("href") == proc["online_url"]

    # then the papers and the steps; the legal sections after them
    headings = phone.locator("main h2").all_inner_texts()
    order = [next(i for i, h in enumerate(headings) if h.startswith(title))
             for title in ("Tóm tắt", "Thành phần hồ sơ", "Trình tự thực hiện", "Căn cứ pháp lý", "Lịch sử công bố")]
    assert order == sorted(order), headings
    # no QR code and no tick boxes on a phone: they are for paper
    assert not phone.locator(".qr-block").is_visible()
    assert phone.evaluate("getComputedStyle(document.querySelector('.checklist li'), '::before').content") == "none"
    assert phone.js_errors == []


def test_plain_words_stand_next_to_the_official_counts(phone, site):
    phone.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    items = phone.locator(".checklist li")
    first, identity = items.nth(0).inner_text(), items.nth(2).inner_text()
    assert "Mang 1 bản chính." in first and "Bản chính: 1 · Bản sao: 0" in first
    assert "Chỉ mang theo để cán bộ xem, đối chiếu rồi trả lại; không phải nộp." in identity
    assert "Chỉ xuất trình." in identity  # the official note stays


def test_history_lists_every_decision_that_changed_the_procedure(phone, site):
    """1.004194 was published in 2020 and is amended from 2027 (sample decisions): both rows,
    the coming one marked; the summary names the latest change in effect."""
    import datetime as dt

    rows = []
    for path in (SAMPLE / "decisions").glob("*.yaml"):
        decision = content(f"decisions/{path.name}")
        for change in decision.get("changes", []):
            if change["code"] == "1.004194":
                day = change.get("effective") or decision.get("effective") or decision["date"]
                rows.append((day, change["action"], decision["number"]))
    rows.sort()
    assert len(rows) >= 2, rows
    phone.goto((site / "thu-tuc/1.004194/index.html").as_uri())
    texts = phone.locator("table.history tbody tr").all_inner_texts()
    assert len(texts) == len(rows)
    for (day, _, number), text in zip(reversed(rows), texts):  # newest first
        assert day.strftime("%d/%m/%Y") in text and number in text
        assert ("Sắp có hiệu lực" in text) == (day > dt.date.fromisoformat(AS_OF))
    latest = max(r for r in rows if r[0] <= dt.date.fromisoformat(AS_OF))
    summary = phone.locator("section.summary dd").last.inner_text()
    assert latest[0].strftime("ngày %d tháng %m năm %Y") in summary and latest[2] in summary


def test_the_header_is_compact_and_the_footer_folds(phone, site):
    phone.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] <= 0.25 * PHONE["height"], header
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the menu scrolls in its row
    fold = phone.locator("footer details.footer-fold")
    assert fold.get_attribute("open") is None
    assert fold.bounding_box()["height"] < 80
    posting = content("feedback/ubnd-huyen.yaml")
    fold.locator("summary").tap()
    expect(fold.locator(".footer-feedback")).to_be_visible()
    assert posting["phone"] in fold.inner_text()


def test_the_footer_is_open_on_a_wide_screen(page, site):
    page.goto((site / "thu-tuc/1.000656/index.html").as_uri())
    assert page.locator("footer details.footer-fold").get_attribute("open") is not None
    assert page.locator(".footer-feedback").is_visible()


TARGETS = "main a, main button, main summary, main input, main select, nav a, header a, header button, header input, footer summary"


@pytest.mark.parametrize("path, primary", [
    ("index.html", ".cards a, .search-main button, .hero .button-secondary"),
    ("thu-tuc/1.000656/index.html", ".actions a, .actions button, .doc-form a, .site-nav a, .footer-fold > summary"),
    ("thu-tuc/index.html", ".field-group > summary, table.procedures td:nth-child(2) a, #loc-chu, #loc-linh-vuc"),
    ("tim-kiem/index.html?q=khai%20sinh", "ol.results a, .search-filters label, .search-row button"),
])
def test_tap_targets(phone, site, path, primary):
    """Primary links and controls at least 44 px tall, the whole card is its link's target;
    everything else at least 24 px (WCAG 2.2, 2.5.8) unless it is a link inside a sentence."""
    rel, _, query = path.partition("?")
    phone.goto((site / rel).as_uri() + (f"?{query}" if query else ""))
    if "thu-tuc/index" in path:
        phone.locator("#nhom-ho-tich summary").tap()
    if "tim-kiem" in path:
        phone.wait_for_selector("ol.results li")
    small = phone.evaluate("""([primary, all]) => {
        const out = [];
        const seen = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
        const inSentence = (el) => { const p = el.parentElement; return p && /^(P|LI|DD|TD|SPAN)$/.test(p.tagName)
              && p.textContent.trim().length > el.textContent.trim().length + 10; };
        for (const el of document.querySelectorAll(primary)) {
          if (seen(el) && el.getBoundingClientRect().height < 44) out.push(['primary', el.outerHTML.slice(0, 80), el.getBoundingClientRect().height]);
        }
        for (const el of document.querySelectorAll(all)) {
          if (seen(el) && !inSentence(el) && el.getBoundingClientRect().height < 24) out.push(['any', el.outerHTML.slice(0, 80), el.getBoundingClientRect().height]);
        }
        return out; }""", [primary, TARGETS])
    assert small == []
    assert phone.locator(primary.split(",")[0]).count() > 0
    assert axe_violations(phone) == []


def test_a_whole_card_is_its_link(phone, site):
    phone.goto((site / "index.html").as_uri())
    card = phone.locator(".cards li").first
    card.scroll_into_view_if_needed()
    box = card.bounding_box()
    name = card.locator("a").inner_text()
    phone.mouse.click(box["x"] + box["width"] - 6, box["y"] + box["height"] - 6)  # the corner, not the text
    expect(phone.locator("h1")).to_have_text(name)


def test_catalogue_filters_whole_words_clear_and_survive_back(browser, served):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(served + "thu-tuc/")
    visible = page.locator("#danh-muc tbody tr:not([hidden])")
    page.fill("#loc-chu", "khai tu")
    codes = sorted(visible.locator("td.code").all_inner_texts())
    names = {code: content(f"procedures/{code}.yaml")["name"] for code in codes}
    assert "1.000656" in codes
    assert all(re.search(r"\btử\b", n.lower()) for n in names.values()), names  # not "thủ tục"
    expect(page).to_have_url(re.compile(r"\?q=khai\+tu$"))
    caption = page.locator("#so-ket-qua").inner_text()
    assert caption == f"Đang hiện {len(codes)} trên 26 thủ tục."
    page.select_option("#loc-cap", "xa")
    expect(page).to_have_url(re.compile(r"[?&]cap=xa"))
    shown = visible.count()

    page.locator("#danh-muc").get_by_role("link", name="Đăng ký khai tử", exact=True).click()
    expect(page).to_have_url(served + "thu-tuc/1.000656/")
    page.go_back()
    expect(page.locator("#loc-chu")).to_have_value("khai tu")
    assert page.locator("#loc-cap").input_value() == "xa"
    expect(visible).to_have_count(shown)

    page.fill("#loc-chu", "không có thủ tục này")
    expect(page.locator("#khong-co-ket-qua")).to_be_visible()
    assert page.locator("#so-ket-qua").inner_text() == "Đang hiện 0 trên 26 thủ tục."
    page.get_by_role("button", name="Bỏ lọc").click()
    expect(visible).to_have_count(26)
    assert page.locator("#loc-chu").input_value() == "" and page.locator("#loc-cap").input_value() == ""
    expect(page).to_have_url(served + "thu-tuc/")
    assert not page.get_by_role("button", name="Bỏ lọc").is_visible()
    page.fill("#loc-chu", "000656")  # digits match inside a code
    assert visible.locator("td.code").all_inner_texts() == ["1.000656"]
    page.fill("#loc-chu", "đăng kí khai tử")  # kí = ký, as search takes it
    expect(visible.locator("td.code").first).to_be_visible()
    spelt = visible.locator("td.code").all_inner_texts()
    names = [content(f"procedures/{code}.yaml")["name"].lower() for code in spelt]
    assert "1.000656" in spelt and all(re.search(r"\bký\b", n) and re.search(r"\btử\b", n) for n in names), names
    context.close()


def test_feedback_page_says_what_is_received_and_where_complaints_go(phone, site):
    phone.goto((site / "phan-anh-kien-nghi/index.html").as_uri())
    received = phone.locator("section", has=phone.locator("h2", has_text="Nơi đây nhận")).first.inner_text()
    assert "đòi thêm giấy tờ ngoài danh sách" in received and "quá hẹn" in received
    refused = phone.locator("section", has=phone.locator("h2", has_text="Nơi đây không nhận")).inner_text()
    assert "Luật Khiếu nại" in refused and "Luật Tố cáo" in refused and "Ban Tiếp công dân" in refused


def test_the_service_centre_from_site_yaml_is_on_the_home_page(phone, site):
    centre = content("site.yaml")["service_centre"]
    phone.goto((site / "index.html").as_uri())
    text = phone.locator("main").inner_text()
    assert centre["name"] in text and centre["address"] in text and centre["hours"] in text
    phone.locator("footer summary").tap()
    assert content("site.yaml")["contact"]["website"] in phone.locator("footer").inner_text()
