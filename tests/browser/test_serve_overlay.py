"""The preview in a real browser: an error shows as an overlay; fixing the file reloads the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..test_serve import server  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser


def test_overlay_appears_and_clears(page, server):  # noqa: F811
    address, content = server
    page.goto(address + "linh-vuc/ho-tich/")
    expect(page.locator("h1")).to_have_text("Lĩnh vực Hộ tịch")
    fields = content / "fields.yaml"
    good = fields.read_text(encoding="utf-8")
    fields.write_text(good.replace("  name: Hộ tịch\n", ""), encoding="utf-8")
    overlay = page.locator("#congkhai-loi")
    expect(overlay).to_be_visible(timeout=15_000)
    assert re.search(r"fields\.yaml:1:3: lỗi: thiếu khóa bắt buộc 'name'", overlay.inner_text())
    expect(page.locator("h1")).to_have_text("Lĩnh vực Hộ tịch")  # the last good page stays
    fields.write_text(good.replace("name: Hộ tịch", "name: Hộ tịch (sửa)"), encoding="utf-8")
    expect(page.locator("h1")).to_have_text("Lĩnh vực Hộ tịch (sửa)", timeout=15_000)  # reloaded
    expect(overlay).to_have_count(0)
