"""Whole builds: every route written, links resolve, reproducible, atomic, exit codes."""

from __future__ import annotations

import datetime as dt
import html
import html.parser
import json
import os
import posixpath
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from congkhai import pipeline
from congkhai.build import write as writer
from congkhai.cli import main
from congkhai.incremental.cache import BuildCache
from congkhai.incremental.store import default_cache_dir

from .conftest import REPO, SAMPLE, run_cli, tree_digest

SEEDS = REPO / "tests" / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "output"
    result = run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--as-of", "2026-11-24")
    assert result.returncode == 0, result.stderr
    return out


def test_every_public_url_is_written(sample_output):
    fixed = ["index.html", "thu-tuc/index.html", "linh-vuc/index.html", "co-quan/index.html", "ke-hoach/index.html",
             "phan-anh-kien-nghi/index.html", "quyet-dinh/index.html", "thay-doi/index.html", "tim-kiem/index.html",
             "feed.xml", "du-lieu/thu-tuc.json", "du-lieu/thu-tuc.csv", "sitemap.xml", "robots.txt", "404.html",
             "tinh-day-du/index.html"]
    for rel in fixed:
        assert (sample_output / rel).is_file(), rel
    for kind, folder in [("procedures", "thu-tuc"), ("decisions", "quyet-dinh"), ("plans", "ke-hoach"),
                         ("feedback", "phan-anh-kien-nghi")]:
        slugs = [p.stem for p in (SAMPLE / kind).iterdir() if p.suffix in (".yaml", ".md")]
        assert slugs
        for slug in slugs:
            assert (sample_output / folder / slug / "index.html").is_file(), (kind, slug)
    import yaml
    for entry in yaml.safe_load((SAMPLE / "fields.yaml").read_text(encoding="utf-8")):
        assert (sample_output / "linh-vuc" / entry["id"] / "index.html").is_file()
    for entry in yaml.safe_load((SAMPLE / "agencies.yaml").read_text(encoding="utf-8")):
        assert (sample_output / "co-quan" / entry["id"] / "index.html").is_file()
    for page in (SAMPLE / "pages").glob("*.md"):
        assert (sample_output / page.stem / "index.html").is_file()


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append(value)


def test_every_internal_link_is_relative_and_resolves(sample_output):
    for page in sample_output.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            if re.match(r"^(https?:|mailto:|tel:)", link) or link.startswith("#"):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            target = posixpath.normpath(posixpath.join(page.parent.relative_to(sample_output).as_posix(),
                                                       link.split("#")[0].split("?")[0]))
            path = sample_output / target
            if link.split("#")[0].endswith("/") or path.is_dir():
                path = path / "index.html"
            assert path.is_file(), f"{page.relative_to(sample_output)}: broken link {link}"


def test_pages_are_nfc_with_lang_vi_and_csp(sample_output):
    for page in sample_output.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), page
        assert '<html lang="vi">' in text
        assert "Content-Security-Policy" in text
        assert "<script>" not in text and " onclick=" not in text


def _seed_task_contents(name: str) -> list[str]:
    """Task texts of a seed plan's appendix tables: rows whose first cell is a number."""
    rows = []
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in line.split("\t")]
        if len(cells) >= 5 and cells[0].isdigit():
            rows.append(cells[1])
    return rows


@pytest.mark.parametrize("seed, slug, expected_rows", [
    ("000_e75dbe24f752df4f.txt", "ke-hoach-181-2020", 19),
    ("003_03718bf95a996b85.txt", "ke-hoach-321-2018", 15),
])
def test_seed_plans_are_transcribed_completely(sample_output, seed, slug, expected_rows):
    if not SEEDS.is_dir():
        pytest.fail(f"the seed plans are missing: {SEEDS}")
    page = (sample_output / "ke-hoach" / slug / "index.html").read_text(encoding="utf-8")
    page_text = re.sub(r"\s+", " ", html.unescape(page))
    contents = _seed_task_contents(seed)
    assert len(contents) == expected_rows
    for content in contents:
        assert re.sub(r"\s+", " ", content) in page_text, content
    assert page.count("<tr class=\"section\">") >= 4


def test_open_data_json_round_trips_to_the_model(sample_output):
    from congkhai.model import Procedure
    data = json.loads((sample_output / "du-lieu/thu-tuc.json").read_text(encoding="utf-8"))
    assert data["schema_version"]
    import yaml
    for record in data["procedures"]:
        record.pop("status")
        url = record.pop("url")
        assert url == f"thu-tuc/{record['code']}/"
        again = Procedure.model_validate(record)
        original = yaml.safe_load((SAMPLE / "procedures" / f"{record['code']}.yaml").read_text(encoding="utf-8"))
        assert again.name == original["name"] and again.code == str(original["code"])
    assert (sample_output / "du-lieu/thu-tuc.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_two_builds_are_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", "--content", str(SAMPLE), "--output", str(first)).returncode == 0
    assert run_cli("build", "--content", str(SAMPLE), "--output", str(second)).returncode == 0
    assert tree_digest(first) == tree_digest(second) != {}


def test_source_date_epoch_sets_the_default_date(tmp_path):
    out = tmp_path / "o"
    result = run_cli("build", "--content", str(SAMPLE), "--output", str(out), env={"SOURCE_DATE_EPOCH": "1719792000"})
    assert result.returncode == 0, result.stderr
    assert "ngày 01 tháng 07 năm 2024" in (out / "thu-tuc/index.html").read_text(encoding="utf-8")


def test_check_writes_nothing_and_reports_completeness(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content", "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.output
    # 2 current procedures (1.000656, 1.001193); only 1.000656 has every element.
    assert "1/2 thủ tục đang áp dụng" in result.output and "(50,0%)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_check_exits_1_on_errors(scratch, tmp_path, monkeypatch):
    (scratch / "fields.yaml").write_text("- id: ho-tich\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    assert "content/fields.yaml:1:3: lỗi: thiếu khóa bắt buộc 'name'" in result.stderr


def test_a_failure_while_writing_leaves_output_intact(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"]).exit_code == 0
    before = tree_digest(tmp_path / "out")
    (scratch / "pages" / "gioi-thieu.md").write_text("---\ntitle: Mới\n---\nMới\n", encoding="utf-8")
    calls = {"n": 0}
    real_write = writer.StagedOutput.write

    def failing_write(self, rel, data):
        calls["n"] += 1
        if calls["n"] == 10:
            raise OSError(28, "No space left on device")
        return real_write(self, rel, data)

    monkeypatch.setattr(writer.StagedOutput, "write", failing_write)
    with pytest.raises(OSError):
        pipeline.build(pipeline.BuildConfig(content=Path("content"), output=Path("out")))
    assert tree_digest(tmp_path / "out") == before
    assert not list(tmp_path.glob(".out.*"))


def _build_out(extra_text: str) -> None:
    """Edit a page (so each build changes something) and build content/ into out/."""
    (Path("content") / "pages" / "gioi-thieu.md").write_text(f"---\ntitle: Giới thiệu\n---\n{extra_text}\n",
                                                            encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--as-of", "2026-11-24"])
    assert result.exit_code == 0, result.output


def _clean_digest(tmp_path: Path) -> dict:
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", str(tmp_path / "clean"),
                                       "--as-of", "2026-11-24", "--no-cache"])
    assert result.exit_code == 0, result.output
    return tree_digest(tmp_path / "clean")


def test_the_spare_staging_folder_is_reused_and_nothing_of_it_leaks(scratch, tmp_path, monkeypatch):
    """The folder swapped out stays as the next build's staging folder; whatever is found in
    it (files no build wrote, a file edited in it, links pointing elsewhere) never reaches
    output/ and nothing is written through a link."""
    monkeypatch.chdir(tmp_path)
    _build_out("Một")
    _build_out("Hai")
    spare = tmp_path / ".out.congkhai-spare"
    assert (spare / writer.MANIFEST).is_file()
    outside = tmp_path / "outside"
    outside.mkdir()
    (spare / "thu-tuc" / "la.html").write_text("không phải của bản dựng", encoding="utf-8")
    page = spare / "thu-tuc" / "1.000656" / "index.html"
    page.unlink()  # not the hard link output/ has any more: a copy edited by hand
    page.write_text("sửa tay", encoding="utf-8")
    (spare / "lien-ket").symlink_to(outside, target_is_directory=True)
    (spare / "bieu-mau").rename(tmp_path / "moved")  # a folder the build needs, gone
    (spare / "bieu-mau").symlink_to(outside, target_is_directory=True)
    _build_out("Ba")
    assert tree_digest(tmp_path / "out") == _clean_digest(tmp_path)
    assert not any(outside.iterdir())
    assert not list(tmp_path.glob(".out.*staging*")) and not list(tmp_path.glob(".out.old-*"))


def test_a_spare_that_is_not_a_folder_is_made_again(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _build_out("Một")
    (tmp_path / ".out.congkhai-spare").write_text("một tệp", encoding="utf-8")
    _build_out("Hai")
    assert tree_digest(tmp_path / "out") == _clean_digest(tmp_path)
    assert (tmp_path / ".out.congkhai-spare").is_dir()


def test_a_failure_while_bringing_the_spare_up_to_date_leaves_output_intact(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _build_out("Một")
    _build_out("Hai")
    before = tree_digest(tmp_path / "out")
    calls = {"n": 0}
    real = writer._inode

    def failing(path):
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("stopped half way")
        return real(path)

    monkeypatch.setattr(writer, "_inode", failing)
    (Path("content") / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nBa\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        pipeline.build(pipeline.BuildConfig(content=Path("content"), output=Path("out"), as_of=dt.date(2026, 11, 24)),
                       BuildCache.on_disk(default_cache_dir(Path("out"))))  # as the command line does
    assert calls["n"] == 20
    assert tree_digest(tmp_path / "out") == before
    monkeypatch.setattr(writer, "_inode", real)
    _build_out("Ba")
    assert tree_digest(tmp_path / "out") == _clean_digest(tmp_path)


def test_refuses_to_replace_a_folder_it_did_not_build(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "important.docx").write_bytes(b"staff file")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"])
    assert result.exit_code == 2
    assert "không phải kết quả dựng của congkhai" in result.stderr
    assert (tmp_path / "out" / "important.docx").read_bytes() == b"staff file"


@pytest.mark.parametrize("args, message", [
    (["build", "--as-of", "31/02/2025"], "không phải ngày hợp lệ"),
    (["build", "--content", "khong-co"], "không tìm thấy thư mục nội dung"),
    (["build", "--profile", "tv"], "tv"),
    (["build", "--base-url", "camxuyen.gov.vn/tthc"], "không phải địa chỉ web"),
    (["build", "--khong-co"], "--khong-co"),
    (["xay-dung"], "xay-dung"),
])
def test_wrong_usage_exits_2(args, message, scratch, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "output").exists()


def test_build_py_and_module_entry_points(scratch, tmp_path):
    import subprocess
    import sys
    a = run_cli("build", "--content", str(scratch), "--output", str(tmp_path / "a"))
    b = subprocess.run([sys.executable, "-m", "congkhai", "build", "--content", str(scratch), "--output",
                        str(tmp_path / "b")], capture_output=True, text=True, cwd=REPO,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "1764547200"})
    assert a.returncode == b.returncode == 0, (a.stderr, b.stderr)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_nfd_content_is_published_in_nfc(scratch, tmp_path, monkeypatch):
    path = scratch / "procedures" / "1.001193.yaml"
    path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"]).exit_code == 0
    page = (tmp_path / "out/thu-tuc/1.001193/index.html").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh" in page and unicodedata.is_normalized("NFC", page)


def test_warning_does_not_fail_the_build(scratch, tmp_path, monkeypatch):
    path = scratch / "procedures" / "1.001193.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("decision: qd-2\n", ""), encoding="utf-8")
    (scratch / "decisions" / "qd-2.yaml").write_text("number: 2/QĐ-UBND\ndate: 2024-06-01\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"])
    assert result.exit_code == 0, result.output
    assert "content/procedures/1.001193.yaml:1:1: cảnh báo: thủ tục 1.001193 chưa gắn với quyết định công bố nào" in result.stderr


def test_missing_element_reads_no_information(sample_output):
    page = (sample_output / "thu-tuc/1.002410/index.html").read_text(encoding="utf-8")
    legal = page.split("Căn cứ pháp lý</h2>", 1)[1].split("<h2", 1)[0]
    assert "Không có thông tin" in legal
    staff = (sample_output / "tinh-day-du/index.html").read_text(encoding="utf-8")
    assert "1.002410" in staff and "Căn cứ pháp lý" in staff


def test_unit_template_override_and_its_mistakes(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (scratch / "templates").mkdir()
    (scratch / "templates" / "page.html").write_text(
        '{% extends "!builtin/page.html" %}{% block main %}<p class="ours">Trang riêng</p>{{ super() }}{% endblock %}',
        encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"]).exit_code == 0
    page = (tmp_path / "out/gioi-thieu/index.html").read_text(encoding="utf-8")
    assert '<p class="ours">Trang riêng</p>' in page and "Trang giới thiệu." in page
    before = tree_digest(tmp_path / "out")
    (scratch / "templates" / "page.html").write_text("{% block main %}{{ khong_co.x }}{% endblock %}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "mẫu trang page.html không dựng được" in result.stderr
    (scratch / "templates" / "page.html").write_text("{% block main %}\n{% if %}{% endblock %}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"])
    assert result.exit_code == 1 and "content/templates/page.html:2:1: lỗi: lỗi cú pháp trong mẫu trang" in result.stderr
    assert tree_digest(tmp_path / "out") == before


def test_base_url_makes_only_sitemap_feed_and_canonical_absolute(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    base = "https://camxuyen.hatinh.gov.vn/tthc/"
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out", "--base-url", base])
    assert result.exit_code == 0, result.output
    sitemap = (tmp_path / "out/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{base}thu-tuc/1.000656/</loc>" in sitemap and "tinh-day-du" not in sitemap
    assert f"Sitemap: {base}sitemap.xml" in (tmp_path / "out/robots.txt").read_text(encoding="utf-8")
    page = (tmp_path / "out/thu-tuc/1.000656/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}thu-tuc/1.000656/">' in page
    # Absolute only where it must be: the canonical link (the QR code carries the URL as text).
    assert re.findall(r'(?:href|src|action)="(https://camxuyen[^"]*)"', page) == [f"{base}thu-tuc/1.000656/"]
    feed = (tmp_path / "out/feed.xml").read_text(encoding="utf-8")
    assert f'<link href="{base}thu-tuc/1.000656/"/>' in feed


def test_feed_and_sitemap_are_well_formed_xml(sample_output):
    import xml.etree.ElementTree as ET
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(sample_output / "feed.xml").getroot()
    assert feed.tag == f"{atom}feed"
    entries = feed.findall(f"{atom}entry")
    assert entries and all(e.find(f"{atom}id") is not None and e.find(f"{atom}updated") is not None for e in entries)
    assert any(e.find(f"{atom}title").text.startswith("[Sắp có hiệu lực]") for e in entries)
    urls = ET.parse(sample_output / "sitemap.xml").getroot().findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    assert len(urls) > 50


def test_plan_tasks_link_the_agencies_they_name(sample_output):
    page = (sample_output / "ke-hoach/ke-hoach-181-2020/index.html").read_text(encoding="utf-8")
    assert '<a href="../../co-quan/van-phong-hdnd-ubnd/index.html">Văn phòng HĐND-UBND huyện</a>' in page
    assert '<a href="../../co-quan/trung-tam-hcc/index.html">Trung tâm HCC huyện</a>' in page
    assert '<a href="../../co-quan/ubnd-cap-xa/index.html">UBND cấp xã</a>' in page


def test_home_lists_the_popular_procedures_in_the_given_order(sample_output):
    page = (sample_output / "index.html").read_text(encoding="utf-8")
    section = page.split('id="hay-dung"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="thu-tuc/([\d.]+)/index.html"', section) == [
        "1.001193", "1.000656", "2.000815", "1.004194", "1.001612", "2.002913"]


def test_the_manifest_is_the_json_of_its_files_one_a_line():
    """Written with the C string encoder for speed; the same bytes as json.dumps would write."""
    from congkhai.build.write import manifest_bytes, parse_manifest

    for files in ({}, {"index.html": "1" * 64},
                  {"bieu-mau/tờ khai, mẫu 01.docx": "a" * 64, 'x"y\\z': "b" * 64, "thu-tuc/1.000656/index.html": "c" * 64}):
        expected = json.dumps({"files": dict(sorted(files.items()))}, indent=0, sort_keys=True) + "\n"
        assert manifest_bytes(files) == expected.encode("utf-8")
        assert parse_manifest(manifest_bytes(files)) == files


def test_keeping_a_file_the_last_build_did_not_write_is_refused(tmp_path):
    """keep_all checks as keep does: a path not in the last manifest, or kept twice."""
    out = tmp_path / "out"
    staged = writer.StagedOutput(out)
    staged.write("a/index.html", b"a")
    staged.write("b/index.html", b"b")
    staged.commit()
    for paths in (["a/index.html", "c/index.html"], ["a/index.html", "a/index.html"]):
        again = writer.StagedOutput(out)
        with pytest.raises(writer.OutputError):
            again.keep_all(paths)
    again = writer.StagedOutput(out)
    again.keep_all(["a/index.html"])
    with pytest.raises(writer.OutputError):
        again.keep_all(["a/index.html"])
    again.write("b/index.html", b"b2")
    assert again.commit() and (out / "a/index.html").read_bytes() == b"a" and (out / "b/index.html").read_bytes() == b"b2"
