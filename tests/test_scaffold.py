"""`new`: each scaffold has every key, passes check once filled, and never overwrites."""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

from congkhai import model
from congkhai.build.schema_errors import allowed_keys
from congkhai.cli import main

CASES = [
    (["new", "procedure", "--code", "1.009999", "--name", "Đăng ký giám hộ", "--field", "ho-tich", "--agency", "ubnd-xa"],
     "procedures/1.009999.yaml", model.Procedure, {"documents", "cases", "explicit_none"}),  # (written "Không")
    (["new", "decision", "--slug", "qd-3", "--number", "3/QĐ-UBND", "--date", "01/07/2025"],
     "decisions/qd-3.yaml", model.Decision, set()),
    (["new", "plan", "--slug", "ke-hoach-2", "--number", "2/KH-UBND", "--date", "2025-01-15", "--title", "Kiểm soát TTHC năm 2025"],
     "plans/ke-hoach-2.md", model.Plan, set()),
    (["new", "feedback", "--slug", "xa-moi", "--agency", "ubnd-xa"], "feedback/xa-moi.yaml", model.FeedbackPosting, set()),
    (["new", "page", "--slug", "huong-dan", "--title", "Hướng dẫn nộp hồ sơ"], "pages/huong-dan.md", model.Page, set()),
]


@pytest.mark.parametrize("args, rel, content_model, optional_keys", CASES, ids=[c[1] for c in CASES])
def test_scaffold_passes_check_and_refuses_to_overwrite(scratch, tmp_path, monkeypatch, args, rel, content_model, optional_keys):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, "--content", "content"])
    assert result.exit_code == 0, result.output
    text = (scratch / rel).read_text(encoding="utf-8")
    data = yaml.safe_load(re.split(r"^---$", text, flags=re.M)[1] if rel.endswith(".md") else text)
    for key in allowed_keys(content_model):
        assert key in data or key in optional_keys or f"'{key}:" in text or f"{key}:" in text, key
    for line in text.splitlines():
        if line and not line.startswith(("#", "---", " ", "-", "Nội dung", "##")) and ":" in line:
            assert "#" in line, f"no Vietnamese comment on: {line}"
    check = CliRunner().invoke(main, ["check", "--content", "content"])
    assert check.exit_code == 0, check.output + check.stderr
    again = CliRunner().invoke(main, [*args, "--content", "content"])
    assert again.exit_code == 1 and "đã có; không ghi đè" in again.stderr


def test_prompts_for_missing_values(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new", "page", "--content", "content"], input="trang-moi\nTrang mới\n")
    assert result.exit_code == 0, result.output
    assert "title: \"Trang mới\"" in (scratch / "pages/trang-moi.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("args, message", [
    (["new", "procedure", "--code", "1.00999", "--name", "X", "--field", "ho-tich", "--agency", "ubnd-xa"], "không đúng dạng d.dddddd"),
    (["new", "page", "--slug", "Trang Mới", "--title", "X"], "ví dụ 'trang-moi'"),
])
def test_bad_values_are_usage_errors(scratch, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, "--content", "content"])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("cut", ["#", "# "])
@pytest.mark.parametrize("args, rel, content_model, optional_keys", CASES, ids=[c[1] for c in CASES])
def test_every_example_can_be_uncommented_as_it_is(scratch, tmp_path, monkeypatch, args, rel, content_model, optional_keys,
                                                    cut):
    """Staff uncomment an example by deleting its '#' (or '# '): the file then still passes check."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, [*args, "--content", "content"]).exit_code == 0
    path = scratch / rel
    text = path.read_text(encoding="utf-8")
    examples = [line for line in text.splitlines() if line.startswith("#  ")]
    assert examples or rel.startswith("pages/"), "no example to uncomment"
    path.write_text("\n".join(line[len(cut):] if line.startswith("#  ") else line for line in text.splitlines()) + "\n",
                    encoding="utf-8")
    (scratch / "forms" / "to-khai.docx").write_bytes(b"form")  # the files the examples name
    (scratch / "documents").mkdir(exist_ok=True)
    (scratch / "documents" / "qd-3582-2025.pdf").write_bytes(b"%PDF")
    (scratch / "procedures" / "1.001731.yaml").write_text('code: "1.001731"\nname: Hỗ trợ chi phí mai táng\n',
                                                          encoding="utf-8")  # the example's linked code
    agencies = scratch / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8") + "- id: van-phong-ubnd\n  name: Văn phòng\n"
                        "- id: bo-phan-mot-cua\n  name: Một cửa\n", encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--content", "content"])
    assert check.exit_code == 0, check.output + check.stderr
