"""Upcoming versions (DESIGN.md): procedures/<code>@<date>.yaml waits for its date while the content
in force stays on the page, in search, open data and the feed; on its date it is the content in
force. An incremental build across the date writes what a clean build writes."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import SCRATCH_FILES, run_cli, tree_digest, write_site

NEW_RESULT = "Trích lục khai tử – bản theo quyết định 3"
AMENDING = """\
    number: 3/QĐ-UBND
    date: 2029-12-01
    effective: 2030-01-01
    changes:
      - code: "1.000656"
        action: amended
        note: Sửa đổi kết quả
    """


def unit(tmp_path: Path) -> Path:
    content = write_site(tmp_path / "content", {**SCRATCH_FILES, "decisions/qd-3.yaml": AMENDING})
    base = (content / "procedures/1.000656.yaml").read_text(encoding="utf-8")
    assert "result: Trích lục khai tử\n" in base
    (content / "procedures/1.000656@2030-01-01.yaml").write_text(
        base.replace("result: Trích lục khai tử\n", f"result: {NEW_RESULT}\n"), encoding="utf-8")
    return content


def build(content: Path, out: Path, day: str, *extra: str):
    result = run_cli("build", "--content", str(content), "--output", str(out), "--as-of", day, *extra)
    assert result.returncode == 0, result.stderr
    return result


def text(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_before_its_date_the_content_in_force_stays_and_the_new_one_has_its_page(tmp_path):
    content = unit(tmp_path)
    out = tmp_path / "out"
    build(content, out, "2029-12-15")
    page = text(out, "thu-tuc/1.000656/index.html")
    assert NEW_RESULT not in page and "Trích lục khai tử" in page
    assert "Nội dung dưới đây đang áp dụng." in page and 'href="sap-ap-dung/index.html"' in page
    notice = page.split('id="sap-ap-dung"')[1].split("</div>")[0]
    assert "theo Quyết định" in notice and "3/QĐ-UBND" in notice
    assert "được sửa đổi, bổ sung theo" not in page  # one notice for the coming change, not two
    waiting = text(out, "thu-tuc/1.000656/sap-ap-dung/index.html")
    assert NEW_RESULT in waiting and "Nội dung này chưa áp dụng: áp dụng từ ngày 01 tháng 01 năm 2030." in waiting
    assert 'href="../index.html"' in waiting  # back to the content in force
    assert "sap-ap-dung" not in text(out, "sitemap.xml")
    records = json.loads(text(out, "du-lieu/thu-tuc.json"))
    record = next(r for r in (records["procedures"] if isinstance(records, dict) else records) if r["code"] == "1.000656")
    assert NEW_RESULT not in json.dumps(record, ensure_ascii=False)
    assert NEW_RESULT not in "".join(p.read_text(encoding="utf-8") for p in (out / "tim-kiem/chi-muc").glob("*.js"))


def test_on_its_date_it_is_the_content_in_force_and_an_incremental_build_agrees(tmp_path):
    content = unit(tmp_path)
    out = tmp_path / "out"
    build(content, out, "2029-12-15")  # with the cache: the next build reuses what it can
    build(content, out, "2030-01-01")
    page = text(out, "thu-tuc/1.000656/index.html")
    assert NEW_RESULT in page and "sap-ap-dung" not in page
    assert not (out / "thu-tuc/1.000656/sap-ap-dung").exists()
    assert NEW_RESULT in "".join(p.read_text(encoding="utf-8") for p in (out / "tim-kiem/chi-muc").glob("*.js"))
    clean = tmp_path / "clean"
    build(content, clean, "2030-01-01", "--no-cache")
    assert tree_digest(out) == tree_digest(clean)
