"""Relative links between site paths: the fast path agrees with posixpath.relpath."""

from __future__ import annotations

import posixpath
import random

import pytest

from congkhai.build.routes import relative_url


def reference(from_url: str, to_url: str) -> str:
    """The definition: relpath from the page's folder; folders get index.html (file://)."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    target, _, fragment = to_url.partition("#")
    if target.endswith("/"):
        target += "index.html"
    return posixpath.relpath(target, base) + (f"#{fragment}" if fragment else "")


@pytest.mark.parametrize("from_url, to_url, expected", [
    ("/", "/", "index.html"),
    ("/", "/thu-tuc/", "thu-tuc/index.html"),
    ("/thu-tuc/1.000656/", "/", "../../index.html"),
    ("/thu-tuc/1.000656/", "/thu-tuc/1.000656/#giay-to", "index.html#giay-to"),
    ("/thu-tuc/1.000656/", "/bieu-mau/to-khai.docx", "../../bieu-mau/to-khai.docx"),
    ("/404.html", "/assets/site.css", "assets/site.css"),
    ("/linh-vuc/ho-tich/", "/linh-vuc/", "../index.html"),
])
def test_known_links(from_url, to_url, expected):
    assert relative_url(from_url, to_url) == expected == reference(from_url, to_url)


def test_agrees_with_relpath_on_random_paths():
    rng = random.Random(20201)
    parts = ["a", "b", "thu-tuc", "1.000656", "x.html", "index.html", "kiosk", ".", "..", ""]

    def path() -> str:
        url = "/" + "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4)))
        return url + ("/" if rng.random() < 0.5 and not url.endswith("/") else "")

    for _ in range(20000):
        source, target = path(), path() + ("#x" if rng.random() < 0.2 else "")
        assert relative_url(source, target) == reference(source, target), (source, target)
