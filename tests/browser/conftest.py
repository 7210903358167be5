"""Browser fixtures: Debian's chromium driven by Playwright, and a loopback web server.

Under CI=true a missing browser is a failure, not a skip: a skipped suite hides a
broken install.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from ..conftest import SAMPLE, require, run_cli

CHROMIUM = os.environ.get("CONGKHAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AS_OF = "2026-11-24"


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed: pip install -e '.[test]'")
    require(Path(CHROMIUM).exists(), f"no browser at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample unit built once, as of a fixed day."""
    out = tmp_path_factory.mktemp("browser") / "output"
    result = run_cli("build", "--content", str(SAMPLE), "--output", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def served(site, tmp_path_factory):
    """The built site served on 127.0.0.1 under the sub-path /tthc/, as the portal would."""
    root = tmp_path_factory.mktemp("webroot")
    shutil.copytree(site, root / "tthc")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tthc/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
