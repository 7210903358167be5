"""The catalogue on a 390 px phone: grouped by field in <details>, closed, so 300 procedures fit
in a few screens; the filters still find procedures across the groups."""

from __future__ import annotations

import sys

import pytest

from ..conftest import REPO, run_cli
from .conftest import AS_OF

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def big_catalogue(tmp_path_factory):
    sys.path.insert(0, str(REPO / "benchmarks"))
    from generate import generate
    root = tmp_path_factory.mktemp("catalogue")
    generate(300, root / "content")
    result = run_cli("build", "--content", str(root / "content"), "--output", str(root / "out"), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return root / "out"


def open_phone(browser, url, javascript=True):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return context, page


def test_300_procedures_closed_fit_in_a_few_screens(browser, big_catalogue):
    context, page = open_phone(browser, (big_catalogue / "thu-tuc/index.html").as_uri())
    groups = page.locator("details.field-group")
    assert groups.count() >= 20 and page.locator("details.field-group[open]").count() == 0
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 5 * PHONE["height"], f"{height} px: over five screens"
    # each group says how many it holds, and holds that many
    for i in range(groups.count()):
        group = groups.nth(i)
        total = int(group.locator("summary .count").get_attribute("data-total"))
        assert group.locator("tbody tr").count() == total
    context.close()


def test_groups_open_and_work_without_javascript(browser, big_catalogue):
    context, page = open_phone(browser, (big_catalogue / "thu-tuc/index.html").as_uri(), javascript=False)
    first = page.locator("details.field-group").first
    first.locator("summary").click()
    assert first.get_attribute("open") is not None and first.locator("tbody tr").first.is_visible()
    context.close()


def test_filters_find_procedures_across_the_groups(browser, big_catalogue):
    context, page = open_phone(browser, (big_catalogue / "thu-tuc/index.html").as_uri())
    rows = page.locator("#danh-muc tbody tr")
    total = rows.count()
    word = page.locator("#danh-muc tbody tr td:nth-child(2)").first.text_content().split()[-1]
    page.fill("#loc-chu", word)
    visible = page.locator("#danh-muc tbody tr:not([hidden])")
    shown = visible.count()
    assert 0 < shown < total
    assert page.locator("#so-ket-qua").inner_text() == f"Đang hiện {shown} trên {total} thủ tục."
    # the groups with a match are open, the others hidden; each one counts its matches
    for i in range(page.locator("details.field-group").count()):
        group = page.locator("details.field-group").nth(i)
        matches = group.locator("tbody tr:not([hidden])").count()
        assert group.is_visible() == (matches > 0)
        if matches:
            assert group.get_attribute("open") is not None
            assert group.locator("summary .count").inner_text().startswith(f"{matches} trên ")
    assert visible.first.is_visible()
    page.fill("#loc-chu", "zzzz khong co")
    assert page.locator("#khong-co-ket-qua").is_visible() and page.locator("details.field-group:visible").count() == 0
    context.close()
