"""What the portal and other systems read: the site under a sub-path, the feed, the sitemap,
the open data."""

from __future__ import annotations

import csv
import functools
import html.parser
import http.server
import io
import json
import os
import posixpath
import socket
import threading
import urllib.error
import urllib.request
from collections import deque
from pathlib import Path

import pytest

from congkhai.model import Procedure

from .conftest import SAMPLE, run_cli

FIXTURES = Path(__file__).parent / "fixtures"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Hrefs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        elif tag == "form" and a.get("action") and a.get("method", "get").lower() == "get":
            self.hrefs.append(a["action"])  # the search box is a GET form: a visitor reaches its page


def test_deployed_site_under_a_sub_path_is_fully_crawlable(tmp_path):
    """A real web server serves the deployed release at /tthc/; a crawl from the home page
    reaches every page in the sitemap, and no link gives a 404."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/tthc/"
    out, www, webroot = tmp_path / "out", tmp_path / "www", tmp_path / "webroot"
    assert run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--base-url", base,
                   "--as-of", "2026-11-24").returncode == 0
    assert run_cli("deploy", str(www), "--output", str(out), "--content", str(SAMPLE)).returncode == 0
    webroot.mkdir()
    os.symlink(www / "current", webroot / "tthc")  # the portal serves the live release under /tthc/
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(webroot)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seen, broken, queue = set(), [], deque([base])
        while queue:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    body = response.read()
                    kind = response.headers.get("Content-Type", "")
            except urllib.error.HTTPError as exc:
                broken.append((url, exc.code))
                continue
            if "text/html" in kind:
                parser = _Hrefs()
                parser.feed(body.decode("utf-8"))
                for href in parser.hrefs:
                    if href.startswith(("http:", "https:", "mailto:", "tel:", "#")):
                        continue
                    path = url.split(f":{port}", 1)[1]
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href.split("#")[0]))
                    if href.split("#")[0].endswith("/"):
                        target += "/"
                    queue.append(f"http://127.0.0.1:{port}{target}")
        assert broken == []
        reached = {u.removesuffix("index.html") for u in seen}
        sitemap = (www / "current/sitemap.xml").read_text(encoding="utf-8")
        locs = [line.split("<loc>")[1].split("</loc>")[0] for line in sitemap.splitlines() if "<loc>" in line]
        assert len(locs) > 50
        assert sorted(set(locs) - reached) == []
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("pub") / "out"
    assert run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--as-of", "2026-11-24").returncode == 0
    return out


def test_feed_parses_and_has_the_required_atom_elements(sample_out):
    import feedparser
    feed = feedparser.parse((sample_out / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id.startswith("tag:") and feed.feed.title.startswith("Thay đổi thủ tục hành chính")
    assert feed.feed.updated and feed.feed.get("author")
    assert any(link.rel == "self" for link in feed.feed.links)
    assert len(feed.entries) == len({e.id for e in feed.entries}) >= 20
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.link.startswith("https://camxuyen.hatinh.gov.vn/tthc/thu-tuc/")
    upcoming = [e for e in feed.entries if e.title.startswith("[Sắp có hiệu lực]")]
    assert {e.link.rsplit("/", 2)[1] for e in upcoming} == {"1.010077", "1.004194", "2.000843"}


def test_sitemap_is_valid_against_the_sitemap_schema(sample_out):
    import xmlschema
    schema = xmlschema.XMLSchema(str(FIXTURES / "sitemap.xsd"))
    schema.validate(str(sample_out / "sitemap.xml"))
    text = (sample_out / "sitemap.xml").read_text(encoding="utf-8")
    assert "tinh-day-du" not in text and "404" not in text
    robots = (sample_out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://camxuyen.hatinh.gov.vn/tthc/sitemap.xml" in robots


def test_open_data_json_loads_back_to_the_same_model(sample_out):
    import yaml

    from congkhai.build.parse import RawDocument  # noqa: F401  (the model is the contract, not the loader)
    data = json.loads((sample_out / "du-lieu/thu-tuc.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == "2.0" and data["as_of"] == "2026-11-24"
    codes = []
    for record in data["procedures"]:
        record = dict(record)
        status, url = record.pop("status"), record.pop("url")
        assert status in {"current", "upcoming", "abolished", "replaced"} and url.endswith(f"{record['code']}/")
        again = Procedure.model_validate(record)
        source = yaml.safe_load((SAMPLE / "procedures" / f"{record['code']}.yaml").read_text(encoding="utf-8"))
        original = Procedure.model_validate(source)
        assert again == original
        codes.append(record["code"])
    assert len(codes) == len(list((SAMPLE / "procedures").glob("*.yaml")))


def test_open_data_csv_opens_in_excel(sample_out):
    raw = (sample_out / "du-lieu/thu-tuc.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel shows Vietnamese correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0].keys() >= {"code", "name", "field", "level", "status", "time", "fee"}
    by_code = {r["code"]: r for r in rows}
    assert by_code["1.000656"]["name"] == "Đăng ký khai tử" and by_code["2.002622"]["status"] == "replaced"


def test_no_base_url_warns(scratch, tmp_path):
    site = scratch / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("base_url: https://example.gov.vn/tthc/\n", ""), encoding="utf-8")
    r = run_cli("build", "--content", str(scratch), "--output", str(tmp_path / "o"))
    assert r.returncode == 0 and "cảnh báo: chưa khai báo base_url" in r.stderr
