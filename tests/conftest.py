"""Shared fixtures: a small scratch site written with textwrap.dedent, and CLI runners."""

from __future__ import annotations

import hashlib
import re
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "content"

SCRATCH_FILES = {
    "site.yaml": """\
        name: UBND xã Thử Nghiệm
        level: xa
        parent: tỉnh Hà Tĩnh
        base_url: https://example.gov.vn/tthc/
        feedback: ubnd-xa
        """,
    "agencies.yaml": """\
        - id: ubnd-xa
          name: UBND xã Thử Nghiệm
          address: Thôn 1, xã Thử Nghiệm
          phone: "0239 000 000"
          email: xa@example.gov.vn
        - id: mot-cua
          name: Bộ phận Một cửa xã
          parent: ubnd-xa
        """,
    "fields.yaml": """\
        - id: ho-tich
          name: Hộ tịch
          code: G15-TP07
        - id: chung-thuc
          name: Chứng thực
        """,
    "procedures/1.000656.yaml": """\
        code: "1.000656"
        name: Đăng ký khai tử
        field: ho-tich
        level: xa
        agency: ubnd-xa
        receiving: [mot-cua]
        steps:
          - Nộp hồ sơ tại Bộ phận Một cửa.
          - Nhận Trích lục khai tử.
        methods:
          - method: truc-tiep
            time: Ngay trong ngày
            fee: Miễn lệ phí khi đăng ký đúng hạn
        documents:
          - name: Tờ khai đăng ký khai tử
            original: 1
            copy: 0
            form: to-khai.txt
        applicants: [Người thân của người chết]
        result: Trích lục khai tử
        legal_basis:
          - number: 60/2014/QH13
            title: Luật Hộ tịch
            date: 2014-11-20
            issuer: Quốc hội
        linked: ["2.000815"]
        decision: qd-1
        updated: 2020-03-01
        """,
    "procedures/2.000815.yaml": """\
        code: "2.000815"
        name: Chứng thực bản sao từ bản chính
        field: chung-thuc
        level: [xa]
        agency: ubnd-xa
        methods:
          - method: truc-tiep
            time: 01 ngày làm việc
            fee: 2.000 đồng/trang
        decision: qd-1
        """,
    "procedures/1.001193.yaml": """\
        code: "1.001193"
        name: Đăng ký khai sinh
        field: ho-tich
        level: xa
        agency: ubnd-xa
        decision: qd-2
        """,
    "decisions/qd-1.yaml": """\
        number: 1/QĐ-UBND
        date: 2020-03-20
        issuer: Chủ tịch UBND tỉnh
        title: Công bố thủ tục
        effective: 2020-04-01
        changes:
          - code: "1.000656"
            action: new
          - code: "2.000815"
            action: new
        """,
    "decisions/qd-2.yaml": """\
        number: 2/QĐ-UBND
        date: 2024-06-01
        effective: 2024-07-01
        changes:
          - code: "1.001193"
            action: replaced
            replaces: "2.000815"
        """,
    "plans/ke-hoach-1.md": """\
        ---
        number: 1/KH-UBND
        date: 2020-01-31
        place: Thử Nghiệm
        title: Kiểm soát thủ tục hành chính năm 2020
        signer: Nguyễn Văn A
        signer_title: CHỦ TỊCH
        recipients: [UBND huyện;, "Lưu: VT."]
        appendices:
          - title: PHỤ LỤC
            tasks:
              - section: I. Niêm yết
              - no: 1
                content: Niêm yết thủ tục
                lead: Bộ phận Một cửa
        ---
        ## I. MỤC ĐÍCH

        Công khai **đầy đủ** thủ tục.
        """,
    "feedback/ubnd-xa.yaml": """\
        agency: ubnd-xa
        address: Thôn 1, xã Thử Nghiệm
        phone: "0239 000 000"
        email: pakn@example.gov.vn
        guidance: Gửi bằng văn bản hoặc điện thoại.
        """,
    "pages/gioi-thieu.md": """\
        ---
        title: Giới thiệu
        ---
        Trang giới thiệu.
        """,
    "forms/to-khai.txt": "Tờ khai\n",
}


def require(condition: bool, why: str) -> None:
    """A browser or server a test needs: under CI=true its absence fails (a skipped suite
    hides a broken install); on a developer's machine the test is skipped with the reason."""
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{why} (CI=true: this test must run)")
        pytest.skip(why)


def release_files(folder: Path) -> dict[str, str]:
    """The digest of a build or deployed release, without its manifest."""
    digest = tree_digest(folder)
    digest.pop(".congkhai-manifest.json", None)
    return digest


def write_site(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A small valid content tree under tmp_path/content."""
    return write_site(tmp_path / "content", SCRATCH_FILES)


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root with the sha256 of its bytes (empty if root is missing). The
    manifest counts without its build stamp, which records the content's file times: content
    edited and put back is the same content, its build the same site."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): hashlib.sha256(_without_stamp(p)).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _without_stamp(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name != ".congkhai-manifest.json":
        return data
    return re.sub(rb'(?m)^"build": .*\n', b"", data)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ...` as staff would, in a separate process."""
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd or REPO,
                          capture_output=True, text=True, env=full_env, timeout=120)
