"""Checks of the built files themselves: page weight, nothing fetched from outside."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import pytest

from .conftest import SAMPLE, run_cli

LIMIT = 60 * 1024  # a procedure page with its CSS and JS, uncompressed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("static") / "output"
    assert run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--as-of", "2026-11-24").returncode == 0
    return out


class _Resources(html.parser.HTMLParser):
    """Every URL a page would fetch by itself: scripts, styles, icons, images, frames, media."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []
        self.scripts_inline = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            if a.get("src"):
                self.fetched.append(a["src"])
            else:
                self.scripts_inline += 1
        elif tag == "link" and a.get("rel") not in ("canonical", "alternate"):
            self.fetched.append(a.get("href", ""))
        elif tag in ("img", "iframe", "embed", "source", "audio", "video", "input") and a.get("src"):
            self.fetched.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.fetched.append(a["data"])
        for name, value in attrs:
            if name.startswith("on"):
                raise AssertionError(f"inline event handler {name}")
            if name == "style":
                raise AssertionError("inline style attribute (the CSP forbids it)")


def _external(url: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|//)", url.strip(), re.I)) and not url.startswith("data:")


def test_no_page_fetches_anything_from_another_host(built):
    pages = list(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.scripts_inline == 0, f"{page}: inline script"
        outside = [u for u in parser.fetched if _external(u)]
        assert not outside, f"{page}: {outside}"
    for css in built.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        assert not [u for u in urls if _external(u)], css
        assert "@font-face" not in text  # system fonts only


def test_procedure_pages_are_light(built):
    """What a phone downloads for a procedure page: the page and the styles and scripts it loads."""
    heaviest = max((p.stat().st_size, p) for p in (built / "thu-tuc").glob("*/index.html"))
    loaded = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', heaviest[1].read_text(encoding="utf-8"))
    assert any(u.endswith("style.css") for u in loaded) and any(u.endswith("site.js") for u in loaded)
    assets = sum((heaviest[1].parent / u).stat().st_size for u in loaded)
    assert heaviest[0] + assets < LIMIT, f"{heaviest[1]}: {heaviest[0]} + {assets} bytes"
