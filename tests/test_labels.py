"""Staff may write the Vietnamese labels of enumerated values; they mean the same as the keys."""

from click.testing import CliRunner

from congkhai.cli import main


def test_vietnamese_labels_build_like_the_keys(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build", "--content", "content", "--output", "keys", "--as-of", "2025-01-01"]).exit_code == 0
    proc = scratch / "procedures/1.000656.yaml"
    proc.write_text(proc.read_text(encoding="utf-8").replace("level: xa", "level: Cấp xã")
                    .replace("  - method: truc-tiep", "  - method: Trực tiếp"), encoding="utf-8")
    decision = scratch / "decisions/qd-1.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("action: new", "action: Ban hành mới"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "labels", "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.output
    for page in ("thu-tuc/1.000656/index.html", "quyet-dinh/qd-1/index.html", "du-lieu/thu-tuc.json"):
        assert (tmp_path / "labels" / page).read_bytes() == (tmp_path / "keys" / page).read_bytes(), page


def test_page_may_not_take_the_forms_folder(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (scratch / "pages/bieu-mau.md").write_text("---\ntitle: Biểu mẫu\n---\nx\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1 and "content/pages/bieu-mau.md:1:1: lỗi: tên tệp trang 'bieu-mau' trùng" in result.stderr
