"""The kiosk profile with touch emulation, portrait 1080×1920 and landscape 1920×1080."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from ..conftest import SAMPLE, run_cli
from .conftest import AS_OF
from .test_public_site import axe_violations

pytestmark = pytest.mark.browser

ORIENTATIONS = {"doc": (1080, 1920), "ngang": (1920, 1080)}
KHAI_TU = "Đăng ký khai tử"


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory):
    """The sample unit built with --profile all and a short idle time (10 s)."""
    root = tmp_path_factory.mktemp("kiosk")
    content = root / "content"
    shutil.copytree(SAMPLE, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("idle_seconds: 90", "idle_seconds: 10"), encoding="utf-8")
    result = run_cli("build", "--content", str(content), "--output", str(root / "output"), "--profile", "all",
                     "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return root / "output" / "kiosk"


@pytest.fixture
def touch(browser, request):
    width, height = ORIENTATIONS[getattr(request, "param", "doc")]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, locale="vi-VN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def tap_keys(page, keys):
    for key in keys:
        name = {" ": "Dấu cách"}.get(key, key)
        page.locator(".kiosk-keyboard").get_by_role("button", name=name, exact=True).tap()


@pytest.mark.parametrize("touch", list(ORIENTATIONS), indirect=True)
@pytest.mark.parametrize("keys, typed", [
    (["k", "h", "a", "i", " ", "t", "ư", "dấu hỏi"], "khai tử"),
    (["k", "h", "a", "i", " ", "t", "u"], "khai tu"),
])
def test_on_screen_keyboard_types_and_finds(touch, kiosk, keys, typed):
    page = touch
    page.goto((kiosk / "index.html").as_uri())
    page.locator("#q-home").tap()
    expect(page.locator(".kiosk-keyboard")).to_be_visible()
    tap_keys(page, keys)
    assert page.locator("#q-home").input_value() == typed
    page.locator(".kiosk-keyboard").get_by_role("button", name="Tìm", exact=True).tap()
    page.wait_for_url(re.compile(r"tim-kiem/index\.html\?q="))
    expect(page.locator("#search-results ol li a").first).to_have_text(KHAI_TU)
    assert page.js_errors == []


@pytest.mark.parametrize("word, tone, expected", [
    ("hoa", "huyền", "hòa"), ("toan", "sắc", "toán"), ("thuy", "hỏi", "thủy"), ("quy", "sắc", "quý"),
    ("gia", "huyền", "già"), ("nguyên", "huyền", "nguyền"), ("tươi", "sắc", "tưới"), ("khai tư", "hỏi", "khai tử"),
    ("ngoai", "huyền", "ngoài"), ("hoach", "nặng", "hoạch"), ("tử", "hỏi", "tư"), ("tử", "sắc", "tứ"),
    ("đăng ky", "sắc", "đăng ký"), ("k", "sắc", "k"), ("", "sắc", ""),
])
def test_tone_keys_put_the_tone_on_the_right_vowel(touch, kiosk, word, tone, expected):
    touch.goto((kiosk / "index.html").as_uri())
    marks = {"huyền": "\u0300", "hỏi": "\u0309", "ngã": "\u0303", "sắc": "\u0301", "nặng": "\u0323"}
    assert touch.evaluate("([w, m]) => CongkhaiKiosk.applyTone(w, m)", [word, marks[tone]]) == expected


def test_idle_reset_counts_down_then_returns_home(touch, kiosk):
    page = touch
    page.clock.install()
    page.goto((kiosk / "thu-tuc/1.000656/index.html").as_uri())
    dialog = page.locator("#kiosk-idle")
    page.clock.run_for(9_000)
    assert dialog.is_hidden()
    page.locator("h1").tap()  # a touch restarts the wait
    page.clock.run_for(9_000)
    assert dialog.is_hidden()
    page.clock.run_for(1_500)
    expect(dialog).to_be_visible()
    assert re.fullmatch(r"\d+", page.locator("#kiosk-idle-count").inner_text())
    page.clock.run_for(5_000)
    page.wait_for_url(re.compile(r"/kiosk/index\.html$"))
    assert page.locator("#q-home").input_value() == ""


def test_print_button_prints_the_checklist(touch, kiosk):
    page = touch
    page.goto((kiosk / "thu-tuc/1.000656/index.html").as_uri())
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }; 0")
    page.get_by_role("button", name="In danh sách giấy tờ").tap()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    assert page.locator(".checklist").is_visible() and page.locator(".qr-block svg").is_visible()
    assert not page.locator(".kiosk-header").is_visible()


def test_no_context_menu_and_no_way_out(touch, kiosk):
    page = touch
    page.goto((kiosk / "thu-tuc/1.001193/index.html").as_uri())
    prevented = page.evaluate("""() => { const e = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
                                          document.body.dispatchEvent(e); return e.defaultPrevented; }""")
    assert prevented
    # the online service and the form are QR codes to scan, not links
    online = page.locator(".qr-out", has_text="Nộp hồ sơ trực tuyến")
    assert online.locator("svg").count() == 1 and "dichvucong.gov.vn" in online.inner_text()
    assert page.locator(".qr-out", has_text="Tải mẫu đơn, tờ khai").count() == 1
    assert page.evaluate("getComputedStyle(document.body).userSelect") == "none"


@pytest.mark.parametrize("path", ["index.html", "tim-kiem/index.html?q=khai%20sinh", "thu-tuc/1.000656/index.html"])
def test_kiosk_pages_have_no_accessibility_violations(touch, kiosk, path):
    touch.goto((kiosk / path.split("?")[0]).as_uri() + ("?" + path.split("?")[1] if "?" in path else ""))
    if "tim-kiem" in path:
        touch.wait_for_selector("#search-results ol li")
        touch.locator("#q-page").tap()  # keyboard open
    assert axe_violations(touch) == []


@pytest.mark.parametrize("touch", list(ORIENTATIONS), indirect=True)
def test_kiosk_screenshots(touch, kiosk, screenshots, request):
    page = touch
    orientation = request.node.callspec.params["touch"]
    page.goto((kiosk / "index.html").as_uri())
    page.screenshot(path=str(screenshots / f"kiosk-trang-chu-{orientation}.png"))
    page.goto((kiosk / "tim-kiem/index.html").as_uri() + "?q=khai")
    page.wait_for_selector("#search-results ol li")
    page.locator("#q-page").tap()
    page.screenshot(path=str(screenshots / f"kiosk-tim-kiem-ban-phim-{orientation}.png"))
    page.goto((kiosk / "thu-tuc/1.000656/index.html").as_uri())
    page.screenshot(path=str(screenshots / f"kiosk-thu-tuc-{orientation}.png"), full_page=True)
    assert (screenshots / f"kiosk-thu-tuc-{orientation}.png").stat().st_size > 10_000


@pytest.mark.parametrize("query, code", [("khai sinh", "1.001193"), ("dang ky khai tu", "1.000656")])
def test_a_result_title_reads_as_the_procedure_name(touch, kiosk, query, code):
    """The matched words are marked; the title a citizen reads keeps its spaces."""
    import yaml

    name = yaml.safe_load((SAMPLE / "procedures" / f"{code}.yaml").read_text(encoding="utf-8"))["name"]
    touch.goto((kiosk / "tim-kiem/index.html").as_uri() + "?q=" + query.replace(" ", "%20"))
    links = touch.locator("#search-results ol li a")
    links.first.wait_for()
    titles = links.evaluate_all("links => links.map(a => a.innerText)")  # as rendered, not as written
    assert name in titles, titles
    assert links.nth(titles.index(name)).locator("mark").count() >= 2


def test_form_qr_title_is_plain_text_and_no_keyboard_hint_on_touch(touch, kiosk):
    touch.goto((kiosk / "thu-tuc/1.001193/index.html").as_uri())
    titles = touch.locator(".qr-out svg title").all_text_contents()
    assert titles and all("<" not in t and "visually-hidden" not in t for t in titles), titles
    assert any(t.startswith("Mã QR: Tải mẫu đơn, tờ khai: ") for t in titles), titles
    touch.goto((kiosk / "tim-kiem/index.html").as_uri())
    assert "mũi tên" not in touch.locator("#search-hint").inner_text()


def test_the_kiosk_home_suggests_as_you_type_on_its_keyboard(touch, kiosk):
    page = touch
    page.goto((kiosk / "index.html").as_uri())
    page.locator("#q-home").tap()
    tap_keys(page, list("nhap ho khau"))
    first = page.locator("#goi-y ol li a").first
    expect(first).to_have_text("Đăng ký thường trú")
    box = first.bounding_box()  # above the on-screen keyboard, not under it
    assert page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a').textContent",
                         [box["x"] + 5, box["y"] + box["height"] / 2]) == "Đăng ký thường trú"
    first.tap()
    page.wait_for_url(re.compile(r"thu-tuc/1\.004222/index\.html$"))
    assert page.js_errors == []
