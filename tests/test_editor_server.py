"""The editor's defences, tried over real HTTP against `serve` on 127.0.0.1: a request from
another site (no session token, a foreign Origin, a foreign Host name: DNS rebinding), and
paths that try to leave the content folder (.., absolute paths, symbolic links). Every refusal
is checked to have written nothing. And the public build never carries the editor."""

from __future__ import annotations

import http.client
import os
import re
import urllib.parse

import pytest

from .conftest import run_cli, tree_digest
from .test_editor import form_fields
from .test_serve import launch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def editor_server(tmp_path_factory):
    from .conftest import SCRATCH_FILES, write_site
    root = tmp_path_factory.mktemp("editor")
    content = write_site(root / "content", SCRATCH_FILES)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("name: BÍ MẬT NGOÀI THƯ MỤC\n", encoding="utf-8")
    os.symlink(outside / "secret.yaml", content / "procedures" / "1.999999.yaml")  # a link out of the folder
    os.symlink(outside, content / "pages-link")
    proc, address, _ = launch(content)
    port = int(re.search(r":(\d+)/", address).group(1))
    yield port, content, outside
    proc.terminate()
    proc.wait(timeout=10)


def call(port: int, method: str, path: str, body: bytes = b"", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in {"Host": f"127.0.0.1:{port}", **(headers or {})}.items():
        if value is not None:
            connection.putheader(name, value)
    connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    answer = response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    connection.close()
    return answer


def session(port: int, path: str = "/__congkhai__/sua/procedures/1.000656.yaml") -> tuple[str, dict]:
    """Open a form as a browser does: the session cookie and the form's fields."""
    status, headers, html = call(port, "GET", path)
    assert status == 200, html
    cookie = headers["Set-Cookie"].split(";")[0]
    fields = form_fields(html)
    return cookie, fields


def save(port: int, cookie: str | None, fields: dict, origin: str | None = "same", host: str | None = None,
         path: str = "/__congkhai__/sua/procedures/1.000656.yaml"):
    body = urllib.parse.urlencode([(k, v) for k, values in {**fields, "_action": ["luu"]}.items() for v in values]).encode()
    return call(port, "POST", path, body, {
        "Host": host or f"127.0.0.1:{port}", "Cookie": cookie,
        "Origin": f"http://127.0.0.1:{port}" if origin == "same" else origin,
        "Content-Type": "application/x-www-form-urlencoded"})


def test_a_save_from_this_editor_goes_through(editor_server):
    port, content, _ = editor_server
    cookie, fields = session(port)
    fields["name"] = ["Đăng ký khai tử (đã sửa qua trình sửa)"]
    status, headers, _ = save(port, cookie, fields)
    assert status == 303 and headers["Location"] == "/thu-tuc/1.000656/"
    assert "(đã sửa qua trình sửa)" in (content / "procedures" / "1.000656.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("attack", ["no token", "no cookie", "token of another session", "foreign origin",
                                    "no origin", "foreign host", "rebound host"])
def test_a_request_from_elsewhere_changes_nothing(editor_server, attack):
    port, content, _ = editor_server
    cookie, fields = session(port)
    other_cookie, other_fields = session(port)
    before = tree_digest(content)
    fields["name"] = ["Bị sửa từ trang khác"]
    kwargs = {}
    if attack == "no token":
        fields.pop("_csrf")
    elif attack == "no cookie":
        cookie = None
    elif attack == "token of another session":
        fields["_csrf"] = other_fields["_csrf"]
    elif attack == "foreign origin":
        kwargs["origin"] = "http://evil.example"
    elif attack == "no origin":
        kwargs["origin"] = None
    elif attack == "foreign host":
        kwargs["host"] = "evil.example"
    else:  # DNS rebinding: the attacker's name now points at 127.0.0.1, with our port
        kwargs.update(host=f"evil.example:{port}", origin=f"http://evil.example:{port}")
    status, _, body = save(port, cookie, fields, **kwargs)
    assert status == 403, body
    assert tree_digest(content) == before


def test_a_foreign_host_cannot_even_read_a_form(editor_server):
    port, _, _ = editor_server
    status, _, body = call(port, "GET", "/__congkhai__/sua/procedures/1.000656.yaml", headers={"Host": f"evil.example:{port}"})
    assert status == 403 and "Đăng ký khai tử" not in body


@pytest.mark.parametrize("path", [
    "/__congkhai__/sua/../outside/secret.yaml",
    "/__congkhai__/sua/procedures/../../outside/secret.yaml",
    "/__congkhai__/sua/%2e%2e/outside/secret.yaml",
    "/__congkhai__/sua/procedures/%2e%2e%2f%2e%2e%2foutside%2fsecret.yaml",
    "/__congkhai__/sua//etc/passwd",
    "/__congkhai__/sua/%2Fetc%2Fpasswd",
    "/__congkhai__/sua/procedures/1.999999.yaml",  # a symbolic link to a file outside
    "/__congkhai__/sua/pages-link/secret.yaml",  # through a linked folder
    "/__congkhai__/sua/procedures\\..\\..\\outside\\secret.yaml",
])
def test_no_path_outside_the_content_folder_is_read_or_written(editor_server, path):
    port, content, outside = editor_server
    status, _, body = call(port, "GET", path)
    assert status in (403, 404) and "BÍ MẬT" not in body and "root:" not in body
    cookie, fields = session(port)
    before, secret = tree_digest(content), (outside / "secret.yaml").read_bytes()
    status, _, body = save(port, cookie, {**fields, "name": ["ghi đè"]}, path=path)
    assert status in (403, 404), body
    assert tree_digest(content) == before and (outside / "secret.yaml").read_bytes() == secret


@pytest.mark.parametrize("query", ["noi=forms&ten=../site.yaml", "noi=forms&ten=/etc/x", "noi=../outside&ten=x.docx",
                                   "noi=procedures&ten=1.000001.yaml", "noi=pages-link&ten=x.docx",
                                   "noi=forms&ten=.hidden"])
def test_a_form_upload_stays_in_forms(editor_server, query):
    port, content, outside = editor_server
    cookie, fields = session(port)
    before, listing = tree_digest(content), sorted(os.listdir(outside))
    status, _, body = call(port, "POST", "/__congkhai__/tai-len?" + query, b"PK\x03\x04", {
        "Cookie": cookie, "Origin": f"http://127.0.0.1:{port}", "X-Congkhai-Token": fields["_csrf"][0],
        "Content-Type": "application/octet-stream"})
    assert status == 403, body
    assert tree_digest(content) == before and sorted(os.listdir(outside)) == listing


def test_a_form_upload_lands_in_forms(editor_server):
    port, content, _ = editor_server
    cookie, fields = session(port)
    status, _, body = call(port, "POST", "/__congkhai__/tai-len?noi=forms&ten=to-khai-moi.docx", b"PK\x03\x04", {
        "Cookie": cookie, "Origin": f"http://127.0.0.1:{port}", "X-Congkhai-Token": fields["_csrf"][0],
        "Content-Type": "application/octet-stream"})
    assert status == 200 and '"ten": "to-khai-moi.docx"' in body
    assert (content / "forms" / "to-khai-moi.docx").read_bytes() == b"PK\x03\x04"


def test_the_public_build_never_contains_the_editor(scratch, tmp_path):
    out = tmp_path / "output"
    assert run_cli("build", "--content", str(scratch), "--output", str(out)).returncode == 0
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"__congkhai__" not in data and "Sửa trang này".encode() not in data, path
