"""The link check at the end of every build: planted faults fail the build, naming page and link."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from congkhai.build.linkcheck import check_files
from congkhai.cli import main
from congkhai.diagnostics import Report

from .conftest import tree_digest

OVERRIDE = '{% extends "!builtin/page.html" %}{% block main %}{{ super() }}\n'


@pytest.mark.parametrize("planted, expected", [
    ('<a href="../khong-co/">x</a>', "content/out/gioi-thieu/index.html:2:1: lỗi: liên kết nội bộ hỏng '../khong-co/'"),
    ('<a href="../bieu-mau/mau-khong-co.docx">Mẫu</a>',
     "content/out/gioi-thieu/index.html:2:1: lỗi: liên kết nội bộ hỏng '../bieu-mau/mau-khong-co.docx'"),
    ('<img src="../assets/khong-co.png" alt="">', "liên kết nội bộ hỏng '../assets/khong-co.png'"),
    ('<p id="noi-dung">trùng</p>', "content/out/gioi-thieu/index.html:2:1: lỗi: id 'noi-dung' bị trùng trong trang"),
    ('<a href="#khong-co-id">x</a>', "liên kết tới '#khong-co-id' nhưng trang không có id này"),
    ('<a href="../thu-tuc/1.000656/index.html#khong-co">x</a>', "trỏ tới id 'khong-co' không có trong trang đích"),
    ('<a href="../../ra-ngoai.html">x</a>', "liên kết nội bộ hỏng '../../ra-ngoai.html'"),
])
def test_planted_fault_fails_the_build(scratch, tmp_path, monkeypatch, planted, expected):
    monkeypatch.chdir(tmp_path)
    output = scratch / "out"  # label shown in messages: content/out/...
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", str(output.relative_to(tmp_path))]).exit_code == 0
    before = tree_digest(output)
    (scratch / "templates").mkdir()
    (scratch / "templates" / "page.html").write_text(OVERRIDE + planted + "{% endblock %}", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", str(output.relative_to(tmp_path))])
    assert result.exit_code == 1
    assert re.search(re.escape(expected).replace(r"index\.html:2:1", r"index\.html:\d+:\d+"), result.stderr), result.stderr
    assert tree_digest(output) == before
    check = CliRunner().invoke(main, ["check", "--content", "content"])
    assert check.exit_code == 1


def test_external_links_are_listed_not_fetched(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (scratch / "templates").mkdir()
    (scratch / "templates" / "page.html").write_text(
        OVERRIDE + '<a href="https://dichvucong.gov.vn/">Cổng</a>{% endblock %}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 0, result.output
    assert "Liên kết ra ngoài trang (không tải về để kiểm tra): 1" in result.output
    assert "  https://dichvucong.gov.vn/" in result.output


def test_positions_and_resolution_on_a_small_build():
    files = {
        "index.html": b'<html><body>\n<a href="a/">ok</a>\n  <a href="b/">broken</a>\n<p id="x"></p><p id="x"></p>\n'
                      b'<a href="a/index.html#top">ok</a> <a href="mailto:a@b.vn">m</a> <a href="https://e.vn/">e</a>\n</body></html>',
        "a/index.html": b'<h1 id="top">A</h1><a href="../">up</a> <a href="../index.html#x">x</a>',
        "assets/s.css": b"",
    }
    report = Report()
    external = check_files(files, report, "out")
    assert [d.format().splitlines()[0] for d in report.errors] == [
        "out/index.html:3:3: lỗi: liên kết nội bộ hỏng 'b/': không có tệp 'b/index.html' trong bản dựng",
        "out/index.html:4:15: lỗi: id 'x' bị trùng trong trang (đã có ở dòng 4)",
    ]
    assert external == ["https://e.vn/"]


def test_a_broken_image_in_staff_markdown_is_reported(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (scratch / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\n![Sơ đồ](so-do.png)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "out"])
    assert result.exit_code == 1
    assert re.search(r"^out/gioi-thieu/index\.html:\d+:\d+: lỗi: liên kết nội bộ hỏng 'so-do\.png'", result.stderr, re.M)
    assert "phần Markdown của nội dung" in result.stderr
    assert not (tmp_path / "out").exists()
