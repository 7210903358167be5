"""The preview server, started as staff start it (a subprocess on 127.0.0.1) and stopped after."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import pytest

from .conftest import REPO


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def private_folders() -> set:
    return set(pathlib.Path(tempfile.gettempdir()).glob("congkhai-serve-*"))


def launch(content: pathlib.Path) -> tuple[subprocess.Popen, str, list[str]]:
    """`serve` on ``content`` as staff start it; its address, once it says it, and the lines it
    printed until then."""
    proc = subprocess.Popen([sys.executable, "-u", str(REPO / "build.py"), "serve", "--content", str(content),
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=dict(os.environ, SOURCE_DATE_EPOCH="1764547200"))
    address, lines = None, []
    deadline = time.monotonic() + 60
    while address is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        lines.append(line)
        if match := re.search(r"http://127\.0\.0\.1:\d+/", line):
            address = match.group(0)
    assert address, "".join(lines)
    return proc, address, lines


@pytest.fixture
def server(scratch):
    folders_before = private_folders()
    proc, address, _ = launch(scratch)
    yield address, scratch
    proc.terminate()
    proc.wait(timeout=10)
    assert private_folders() <= folders_before  # stopped, the server leaves no private build behind


def status(address: str) -> dict:
    return json.loads(get(address + "__congkhai__/status"))


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_edit_rebuilds_and_signals_a_reload(server):
    address, content = server
    page = get(address + "thu-tuc/1.000656/")
    assert "<h1>Đăng ký khai tử</h1>" in page and "/__congkhai__/reload.js" in page
    before = status(address)
    proc = content / "procedures/1.000656.yaml"
    proc.write_text(proc.read_text(encoding="utf-8").replace("name: Đăng ký khai tử", "name: Đăng ký khai tử (mới)"),
                    encoding="utf-8")
    wait_for(lambda: status(address)["version"] > before["version"])
    assert "<h1>Đăng ký khai tử (mới)</h1>" in get(address + "thu-tuc/1.000656/")


def test_a_burst_of_saves_gives_one_rebuild(server):
    address, content = server
    before = status(address)
    for i in range(10):
        (content / "pages" / f"trang-{i}.md").write_text(f"---\ntitle: Trang {i}\n---\nNội dung {i}\n", encoding="utf-8")
    wait_for(lambda: status(address)["version"] > before["version"])
    time.sleep(1.5)
    after = status(address)
    assert after["builds"] == before["builds"] + 1
    assert "Trang 9" in get(address + "trang-9/")


def test_errors_show_as_overlay_while_the_last_good_site_is_served(server):
    address, content = server
    before = status(address)
    fields = content / "fields.yaml"
    good = fields.read_text(encoding="utf-8")
    fields.write_text(good.replace("  name: Hộ tịch\n", ""), encoding="utf-8")
    errors = wait_for(lambda: status(address)["errors"])
    assert errors[0].startswith(f"{content / 'fields.yaml'}:1:3: lỗi: thiếu khóa bắt buộc 'name'") or \
        re.match(r".*fields\.yaml:1:3: lỗi: thiếu khóa bắt buộc 'name'", errors[0])
    assert status(address)["version"] == before["version"]
    assert "Hộ tịch" in get(address + "linh-vuc/ho-tich/")  # the last good build is still served
    assert "congkhai-loi" in get(address + "__congkhai__/reload.js")
    fields.write_text(good, encoding="utf-8")
    wait_for(lambda: not status(address)["errors"] and status(address)["version"] > before["version"])


def test_a_waiting_status_request_answers_when_the_next_build_finishes(server):
    """The reload script's long poll: ``?sau=<build>`` holds the answer until a later build is
    done, so the browser reloads the moment the new version exists."""
    address, content = server
    before = status(address)
    answers: list = []
    started = time.monotonic()
    waiting = threading.Thread(target=lambda: answers.append(
        (json.loads(get(address + f"__congkhai__/status?sau={before['builds']}")), time.monotonic())))
    waiting.start()
    time.sleep(1.0)
    assert not answers  # nothing built yet: still waiting
    saved = time.monotonic()
    path = content / "procedures" / "1.000656.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Đăng ký khai tử", "Đăng ký khai tử (thử)", 1),
                    encoding="utf-8")
    waiting.join(timeout=20)
    (answer, answered), = answers
    assert answer["builds"] > before["builds"] and answer["version"] > before["version"]
    assert saved - started >= 1.0 and answered >= saved


def test_saves_of_every_kind_are_seen(server):
    """An editor's save by rename, then another file, then a folder moved in with files that
    were never saved there: each one gives a build that shows it."""
    address, content = server
    procedures = content / "procedures"

    def save_by_rename(path, old, new):
        temp = path.with_name(path.name + ".tmp~")
        temp.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        os.replace(temp, path)

    before = status(address)
    save_by_rename(procedures / "1.000656.yaml", "name: Đăng ký khai tử", "name: Đăng ký khai tử (đổi tên)")
    wait_for(lambda: status(address)["version"] > before["version"])
    before = status(address)
    save_by_rename(procedures / "2.000815.yaml", "name: ", "name: (Sửa) ")
    wait_for(lambda: status(address)["version"] > before["version"])
    assert "<h1>Đăng ký khai tử (đổi tên)</h1>" in get(address + "thu-tuc/1.000656/")
    assert "<h1>(Sửa) " in get(address + "thu-tuc/2.000815/")
    # A whole folder swapped for an edited copy: no file in it was saved where it now is.
    copy = content.parent / "procedures-copy"
    copy.mkdir()
    for path in procedures.iterdir():
        text = path.read_text(encoding="utf-8")
        (copy / path.name).write_text(text.replace("name: Đăng ký khai tử (đổi tên)", "name: Khai tử (bản sao)"),
                                      encoding="utf-8")
    time.sleep(1.0)  # writes outside the content folder: no build
    before = status(address)
    os.rename(procedures, content.parent / "procedures-old")
    os.rename(copy, procedures)
    wait_for(lambda: status(address)["version"] > before["version"]
             and "<h1>Khai tử (bản sao)</h1>" in get(address + "thu-tuc/1.000656/"))
