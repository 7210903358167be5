"""import docx with Word files built here by python-docx, shaped like the seed plans' appendices."""

from __future__ import annotations

import docx
import pytest
import yaml
from click.testing import CliRunner

from congkhai.cli import main

HEADER = ["TT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp", "Dự kiến sản phẩm", "Thời gian thực hiện"]


def plan_document(path):
    document = docx.Document()
    document.add_paragraph("Số: 181/KH-UBND")
    document.add_paragraph("Cẩm Xuyên, ngày 31 tháng 01 năm 2020")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Kiểm soát thủ tục hành chính năm 2020")
    document.add_paragraph("PHỤ LỤC 1")
    document.add_paragraph("NỘI DUNG KẾ HOẠCH HOẠT ĐỘNG KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2020")
    document.add_paragraph("(Kèm theo Kế hoạch số 181/KH-UBND ngày 31 tháng 01 năm 2020 của UBND huyện)")
    rows = [
        HEADER,
        ["I", "Thực hiện rà soát, đơn giản hóa", "", "", "", ""],          # section row, merged below
        ["1", "Lựa chọn TTHC để rà soát.", "Văn phòng HĐND-UBND huyện", "Các phòng, ban", "Kế hoạch rà soát", "Tháng 2 năm 2019"],
        ["", "", "", "", "", ""],                                            # blank row
        HEADER,                                                              # repeated header (page break)
        ["II", "Kiểm soát việc thực hiện TTHC", "", "", "", ""],
        ["1", "Tổ chức niêm yết, công khai TTHC.", "Trung tâm HCC huyện", "UBND cấp xã", "Niêm yết tại Trung tâm", "Thường xuyên"],
        ["", "", "Văn phòng HĐND-UBND huyện", "UBND cấp xã", "Cung cấp tài liệu hướng dẫn", "Thường xuyên"],  # continuation
    ]
    table = document.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for r in (1, 5):  # section titles span the row, as in the seed plans
        merged = table.cell(r, 1).merge(table.cell(r, 5))
        merged.text = rows[r][1]
        merged.paragraphs[0].runs[0].bold = True
    document.add_paragraph("PHỤ LỤC 2")
    second = document.add_table(rows=2, cols=6)
    for c, value in enumerate(["TT", "Nội dung thực hiện", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"]):
        second.cell(0, c).text = value
    for c, value in enumerate(["1", "Kiện toàn Bộ phận Một cửa.", "UBND cấp xã", "UBND cấp huyện", "Quý I/2020", "Quyết định kiện toàn"]):
        second.cell(1, c).text = value
    document.save(path)


@pytest.fixture
def run(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: CliRunner().invoke(main, ["import", "docx", *map(str, args), "--content", "content"])


def front(path):
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n"))


def test_new_plan_from_word(run, scratch, tmp_path):
    source = tmp_path / "ke-hoach-181.docx"
    plan_document(source)
    result = run(source)
    assert result.exit_code == 0, result.output
    assert "Đọc được 2 phụ lục, 4 nhiệm vụ." in result.output
    data = front(scratch / "plans/ke-hoach-181.md")
    assert data["number"] == "181/KH-UBND" and data["date"] == "2020-01-31"
    assert data["title"] == "Kiểm soát thủ tục hành chính năm 2020"
    first, second = data["appendices"]
    assert first["title"] == "PHỤ LỤC 1: NỘI DUNG KẾ HOẠCH HOẠT ĐỘNG KIỂM SOÁT THỦ TỤC HÀNH CHÍNH NĂM 2020"
    assert first["subtitle"].startswith("(Kèm theo Kế hoạch số 181/KH-UBND")
    assert first["columns"] == HEADER
    assert first["tasks"] == [
        {"section": "I. Thực hiện rà soát, đơn giản hóa"},
        {"section": "I. Thực hiện rà soát, đơn giản hóa", "no": "1", "content": "Lựa chọn TTHC để rà soát.",
         "lead": "Văn phòng HĐND-UBND huyện", "partners": "Các phòng, ban", "product": "Kế hoạch rà soát",
         "timeline": "Tháng 2 năm 2019"},
        {"section": "II. Kiểm soát việc thực hiện TTHC"},
        {"section": "II. Kiểm soát việc thực hiện TTHC", "no": "1", "content": "Tổ chức niêm yết, công khai TTHC.",
         "lead": "Trung tâm HCC huyện", "partners": "UBND cấp xã", "product": "Niêm yết tại Trung tâm", "timeline": "Thường xuyên"},
        {"section": "II. Kiểm soát việc thực hiện TTHC", "lead": "Văn phòng HĐND-UBND huyện", "partners": "UBND cấp xã",
         "product": "Cung cấp tài liệu hướng dẫn", "timeline": "Thường xuyên"},
    ]
    assert second["columns"][4:] == ["Thời gian hoàn thành", "Sản phẩm"]
    assert second["tasks"][0]["timeline"] == "Quý I/2020" and second["tasks"][0]["product"] == "Quyết định kiện toàn"
    check = CliRunner().invoke(main, ["check", "--content", "content"])
    assert check.exit_code == 0, check.output + check.stderr


def test_existing_plan_keeps_its_text_and_needs_force(run, scratch, tmp_path):
    source = tmp_path / "phu-luc.docx"
    plan_document(source)
    before = (scratch / "plans/ke-hoach-1.md").read_text(encoding="utf-8")
    refused = run(source, "--plan", "ke-hoach-1")
    assert refused.exit_code == 1 and "đã có phụ lục, không ghi đè" in refused.stderr
    assert (scratch / "plans/ke-hoach-1.md").read_text(encoding="utf-8") == before
    forced = run(source, "--plan", "ke-hoach-1", "--force")
    assert forced.exit_code == 0 and "(cũ)" in forced.output
    after = (scratch / "plans/ke-hoach-1.md").read_text(encoding="utf-8")
    assert "Công khai **đầy đủ** thủ tục." in after  # the body is kept
    assert front(scratch / "plans/ke-hoach-1.md")["number"] == "1/KH-UBND"
    assert CliRunner().invoke(main, ["check", "--content", "content"]).exit_code == 0


def test_not_a_word_file(run, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a docx")
    result = run(bad)
    assert result.exit_code == 1 and "không đọc được tệp Word" in result.stderr
