"""The kiosk build: every link stays inside the kiosk root; both profiles in one run."""

from __future__ import annotations

import html.parser
import posixpath
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from congkhai.cli import main

from .conftest import SAMPLE, run_cli, tree_digest


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("both") / "output"
    result = run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--profile", "all", "--as-of", "2026-11-24")
    assert result.returncode == 0, result.stderr
    return out


class _Urls(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action", "data", "formaction", "poster", "srcset") and value is not None:
                self.urls.append((tag, value))


def test_no_kiosk_file_links_off_the_site(both):
    kiosk = both / "kiosk"
    pages = list(kiosk.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        parser = _Urls()
        parser.feed(page.read_text(encoding="utf-8"))
        folder = page.parent.relative_to(kiosk).as_posix()
        for tag, url in parser.urls:
            assert not re.match(r"^([a-z][a-z0-9+.-]*:|//)", url, re.I), f"{page}: {tag} {url}"
            target = posixpath.normpath(posixpath.join(folder, url.split("#")[0].split("?")[0]))
            assert not target.startswith(".."), f"{page}: {url} leaves the kiosk root"
            if tag == "a":  # no download that would open another program
                assert not re.match(r"^(bieu-mau/|du-lieu/|feed\.xml)", target), f"{page}: download link {url}"
    for css in kiosk.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:|//)", css.read_text(encoding="utf-8")), css


def test_web_output_keeps_its_links(both):
    page = (both / "thu-tuc/1.001193/index.html").read_text(encoding="utf-8")
    online = "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.001193"
    assert f'href="{online}"' in page and 'href="../../bieu-mau/to-khai-dang-ky-khai-sinh.txt"' in page
    kiosk = (both / "kiosk/thu-tuc/1.001193/index.html").read_text(encoding="utf-8")
    assert 'class="qr-out"' in kiosk and "dichvucong.gov.vn" in kiosk and 'href="https://' not in kiosk


def test_profile_all_writes_both_in_one_atomic_output(both):
    assert (both / "index.html").is_file() and (both / "kiosk/index.html").is_file()
    assert (both / "kiosk/assets/kiosk.js").is_file() and (both / "kiosk/tim-kiem/chi-muc/core.js").is_file()
    manifest = (both / ".congkhai-manifest.json").read_text(encoding="utf-8")
    assert '"kiosk/index.html"' in manifest


def test_kiosk_output_elsewhere_and_usage(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "web", "--profile", "all",
                                       "--kiosk-output", "kiosk-out"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "web/index.html").is_file() and (tmp_path / "kiosk-out/index.html").is_file()
    assert not (tmp_path / "web/kiosk").exists()
    before = tree_digest(tmp_path / "web")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "web", "--kiosk-output", "k"])
    assert result.exit_code == 2 and "--kiosk-output chỉ dùng cùng --profile all" in result.output
    assert tree_digest(tmp_path / "web") == before


def test_kiosk_alone_and_unit_kiosk_override(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (scratch / "templates" / "kiosk").mkdir(parents=True)
    (scratch / "templates" / "kiosk" / "page.html").write_text(
        '{% extends "!builtin/page.html" %}{% block main %}<p class="unit-kiosk">Kiosk riêng</p>{{ super() }}{% endblock %}',
        encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "k", "--profile", "kiosk"]).exit_code == 0
    page = (tmp_path / "k/gioi-thieu/index.html").read_text(encoding="utf-8")
    assert 'class="kiosk"' in page and '<p class="unit-kiosk">Kiosk riêng</p>' in page
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "w"]).exit_code == 0
    assert "unit-kiosk" not in (tmp_path / "w/gioi-thieu/index.html").read_text(encoding="utf-8")
