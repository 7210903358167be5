"""A tree of units in the browser: the multi-unit sample (examples/tinh-ha-tinh) built once;
the hub from file:// (axe 0, search over unit names), a unit's pages from file:// and under a
sub-path of a portal."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import REPO, run_cli
from .conftest import AS_OF
from .test_public_site import axe_violations

pytestmark = pytest.mark.browser

SAMPLE_UNITS = REPO / "examples" / "tinh-ha-tinh"


@pytest.fixture(scope="module")
def units_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("units") / "output"
    result = run_cli("build", "--content", str(SAMPLE_UNITS), "--output", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return out


def test_hub_lists_and_finds_units_without_marks(page, units_site):
    page.goto((units_site / "index.html").as_uri())
    assert page.js_errors == []
    assert axe_violations(page) == []
    cards = page.locator("#danh-sach-don-vi li")
    expect(cards).to_have_count(3)
    page.fill("#tim-don-vi", "thien cam")
    expect(page.locator("#danh-sach-don-vi li:visible")).to_have_count(1)
    expect(page.locator("#so-don-vi")).to_contain_text("1 đơn vị")
    page.fill("#tim-don-vi", "không có xã này")
    expect(page.locator("#khong-co-don-vi")).to_be_visible()
    page.fill("#tim-don-vi", "Thành Sen")
    page.get_by_role("link", name="UBND phường Thành Sen").click()
    expect(page.locator(".brand-unit")).to_have_text("UBND phường Thành Sen")
    assert page.url.startswith("file://") and page.url.endswith("phuong-thanh-sen/index.html")


def test_a_units_pages_work_from_disk(page, units_site):
    page.goto((units_site / "xa-thien-cam" / "index.html").as_uri())
    page.get_by_role("link", name=re.compile(r"^Xem toàn bộ \d+ thủ tục")).click()
    expect(page.locator("h1")).to_have_text("Danh mục thủ tục hành chính")
    page.goto((units_site / "xa-thien-cam" / "thu-tuc" / "1.001193" / "index.html").as_uri())
    expect(page.locator("h1")).to_have_text("Đăng ký khai sinh")
    main = page.locator("main").inner_text()
    assert "Điểm tiếp nhận hồ sơ tại khu du lịch Thiên Cầm" in main  # the unit's override
    assert "pakn.thien-cam@example.vn" in page.locator("footer").inner_text()
    assert page.js_errors == []
    assert axe_violations(page) == []


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_a_unit_under_a_sub_path_of_a_portal(page, units_site, tmp_path):
    root = tmp_path / "webroot"
    shutil.copytree(units_site / "xa-cam-xuyen", root / "dich-vu" / "cam-xuyen")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/dich-vu/cam-xuyen/"
        missing: list[str] = []
        page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
        page.goto(base)
        expect(page.locator(".brand-unit")).to_have_text("UBND xã Cẩm Xuyên")
        assert page.locator("link[rel=stylesheet]").evaluate("l => l.sheet !== null")
        page.fill("#q-top", "khai tu")
        page.keyboard.press("Enter")
        page.wait_for_selector("#search-results ol li a")
        assert page.locator("#search-results ol li a").first.inner_text() == "Đăng ký khai tử"
        page.locator("#search-results ol li a").first.click()
        expect(page).to_have_url(base + "thu-tuc/1.000656/")
        assert "hồ sơ nộp vào buổi sáng được trả kết quả trong ngày" in page.locator("main").inner_text()
        assert [u for u in missing if not u.endswith("/favicon.ico")] == []  # the browser's own guess aside
    finally:
        server.shutdown()
        server.server_close()
