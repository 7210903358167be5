"""import xlsx with workbooks built here by openpyxl: merged cells, blank rows, a repeated
header, bad rows, an existing file, and a decision appendix with its sections."""

from __future__ import annotations

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import Workbook

from congkhai.cli import main

HEADER = ["STT", "Mã thủ tục", "Tên thủ tục hành chính", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết",
          "Phí, lệ phí", "Cách thức thực hiện", "Căn cứ pháp lý", "Mã TTHC bị thay thế"]


def decision_workbook(path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    sheet.append(["DANH MỤC THỦ TỤC HÀNH CHÍNH"])
    sheet.merge_cells("A1:J1")
    sheet.append(["(Kèm theo Quyết định số 3582/QĐ-UBND ngày 15/10/2024 của Chủ tịch UBND tỉnh)"])
    sheet.merge_cells("A2:J2")
    sheet.append(HEADER)                                                           # row 3
    sheet.append(["A", "THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"])                       # row 4
    sheet.merge_cells("B4:J4")
    sheet.append(["I", "Thủ tục hành chính cấp xã"])                              # row 5
    sheet.append([1, "1.000656", "Đăng ký khai tử", "Hộ tịch", None, "Ngay trong ngày", "Miễn lệ phí",
                  "Trực tiếp; Trực tuyến", "Luật Hộ tịch 2014;\nNghị định 123/2015/NĐ-CP"])  # row 6
    sheet.append([])                                                               # row 7: blank
    sheet.append([2, "1.0006", "Mã sai", "Hộ tịch"])                              # row 8: bad code
    sheet.append(HEADER)                                                           # row 9: repeated header
    sheet.append([3, "2.000815", None, "Chứng thực"])                             # row 10: no name
    sheet.append([4, "1.001193", "Đăng ký khai sinh", "Hộ tịch mới", "Cấp huyện, cấp xã", "03 ngày", "Không",
                  "Trực tiếp", None])                                              # row 11
    sheet.append(["B", "THỦ TỤC HÀNH CHÍNH BỊ BÃI BỎ"])                          # row 12
    sheet.append([1, "2.000843", "Chứng thực chữ ký người dịch", "Chứng thực", "Cấp huyện"])  # row 13
    sheet.append(["C", "THỦ TỤC HÀNH CHÍNH THAY THẾ"])                           # row 14
    sheet.append([1, "2.002913", "Liên thông khai tử", "Hộ tịch", "Cấp xã", None, None, "Trực tuyến", None,
                  "2.002622"])                                                     # row 15
    sheet.append([5, "1.000656", "Trùng mã", "Hộ tịch"])                          # row 16: duplicate
    book.save(path)


@pytest.fixture
def run(scratch, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(main, ["import", "xlsx", *map(str, args), "--content", "content"])
    return invoke


def test_imports_rows_reports_bad_ones_and_writes_the_decision(run, scratch, tmp_path):
    (scratch / "procedures/1.000656.yaml").unlink()
    (scratch / "procedures/1.001193.yaml").unlink()
    book = tmp_path / "qd.xlsx"
    decision_workbook(book)
    result = run(book)
    assert result.exit_code == 1  # some rows could not be imported
    assert "trang 'Phụ lục', dòng 8: mã thủ tục '1.0006' không đúng dạng d.dddddd" in result.stderr
    assert "trang 'Phụ lục', dòng 10: thiếu tên thủ tục" in result.stderr
    assert "trang 'Phụ lục', dòng 16: mã 1.000656 trùng với trang 'Phụ lục', dòng 6" in result.stderr
    assert "Không nhập được 3 dòng/tệp" in result.stderr  # section rows are not reported as bad rows
    khai_tu = yaml.safe_load((scratch / "procedures/1.000656.yaml").read_text(encoding="utf-8"))
    assert khai_tu["name"] == "Đăng ký khai tử" and khai_tu["field"] == "ho-tich" and khai_tu["level"] == ["xa"]
    assert khai_tu["methods"] == [{"method": "truc-tiep", "time": "Ngay trong ngày", "fee": "Miễn lệ phí"},
                                  {"method": "truc-tuyen", "time": "Ngay trong ngày", "fee": "Miễn lệ phí"}]
    assert khai_tu["legal_basis"] == [{"title": "Luật Hộ tịch 2014"},
                                      {"number": "123/2015/NĐ-CP", "issuer": "Chính phủ", "title": "Nghị định"}]
    assert khai_tu["sources"][0]["document"] == "qd.xlsx" and khai_tu["sources"][0]["note"] == "trang 'Phụ lục', dòng 6."
    khai_sinh = yaml.safe_load((scratch / "procedures/1.001193.yaml").read_text(encoding="utf-8"))
    assert khai_sinh["level"] == ["huyen", "xa"] and khai_sinh["field"] == "ho-tich-moi"
    # a field the unit does not have is added once, for staff to check, so that the result passes check
    assert "Đã thêm vào fields.yaml" in result.output and "- id: ho-tich-moi  # Hộ tịch mới" in result.output
    assert {"id": "ho-tich-moi", "name": "Hộ tịch mới"} in yaml.safe_load((scratch / "fields.yaml").read_text(encoding="utf-8"))
    # the replaced code gets a file of its own, so the decision's row can be checked
    assert yaml.safe_load((scratch / "procedures/2.002622.yaml").read_text(encoding="utf-8"))["code"] == "2.002622"
    assert run_check(scratch).exit_code == 0
    decision = yaml.safe_load((scratch / "decisions/qd-3582-qd-ubnd.yaml").read_text(encoding="utf-8"))
    assert decision["number"] == "3582/QĐ-UBND" and decision["date"] == "2024-10-15"
    assert decision["changes"] == [
        {"code": "1.000656", "action": "new"}, {"code": "1.001193", "action": "new"},
        {"code": "2.000843", "action": "abolished"},
        {"code": "2.002913", "action": "replaced", "replaces": ["2.002622"]}]


def test_existing_files_are_updated_by_element_with_force_never_clobbered(run, scratch, tmp_path):
    book = tmp_path / "qd.xlsx"
    decision_workbook(book)
    target = scratch / "procedures/1.000656.yaml"
    target.write_text("# ghi chú của cán bộ\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    result = run(book)
    assert result.exit_code == 1
    assert "procedures/1.000656.yaml: đã có và bảng tính này sửa" in result.stderr and "thêm --force" in result.stderr
    assert "sửa: Cách thức thực hiện:" in result.output  # the diff, element by element
    assert target.read_text(encoding="utf-8") == before
    forced = run(book, "--force")
    after = target.read_text(encoding="utf-8")
    assert after.startswith("# ghi chú của cán bộ\n")
    data, old = yaml.safe_load(after), yaml.safe_load(before)
    assert data["steps"] == old["steps"] and data["agency"] == old["agency"]  # what the sheet has no column for stays
    assert data["methods"][0]["time"] == "Ngay trong ngày"
    again = run(book, "--force")
    assert "1.000656 Đăng ký khai tử: không đổi" in again.output and target.read_text(encoding="utf-8") == after
    assert forced.exit_code == 1  # the sheet's bad rows are still listed


def test_time_by_channel_level_before_the_dash_and_aliases(run, scratch, tmp_path):
    (scratch / "agencies.yaml").write_text((scratch / "agencies.yaml").read_text(encoding="utf-8").replace(
        "  name: UBND xã Thử Nghiệm\n", "  name: UBND xã Thử Nghiệm\n  aliases: [UBND cấp xã]\n"), encoding="utf-8")
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã TTHC", "Tên TTHC", "Cấp thực hiện", "Cơ quan thực hiện", "Thời hạn giải quyết", "Phí, lệ phí",
                  "Cách thức thực hiện"])
    sheet.append(["1.004194", "Đăng ký tạm trú", "Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã", "UBND cấp xã",
                  "Trực tiếp: 03 ngày làm việc; Trực tuyến: 02 ngày làm việc", "15.000 đồng",
                  "Trực tiếp, trực tuyến"])
    book.save(tmp_path / "ds.xlsx")
    result = run(tmp_path / "ds.xlsx")
    assert result.exit_code == 0, result.output + result.stderr
    data = yaml.safe_load((scratch / "procedures/1.004194.yaml").read_text(encoding="utf-8"))
    assert data["level"] == ["tinh"] and data["agency"] == "ubnd-xa"
    assert data["methods"] == [{"method": "truc-tiep", "time": "03 ngày làm việc", "fee": "15.000 đồng"},
                               {"method": "truc-tuyen", "time": "02 ngày làm việc", "fee": "15.000 đồng"}]
    assert "Đã thêm vào agencies.yaml" not in result.output


def run_check(content):
    return CliRunner().invoke(main, ["check", "--content", str(content)])


def test_not_a_workbook(run, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("không phải Excel", encoding="utf-8")
    result = run(bad)
    assert result.exit_code == 1 and "không đọc được tệp Excel" in result.stderr and "Traceback" not in result.output


def test_an_existing_file_with_a_mistake_is_named_with_its_own_error_and_nothing_is_written(run, scratch, tmp_path):
    from .conftest import tree_digest
    book = tmp_path / "qd.xlsx"
    decision_workbook(book)
    (scratch / "procedures/1.000656.yaml").write_text('code: "1.000656\nname: Đăng ký khai tử\n', encoding="utf-8")
    before = tree_digest(scratch)
    result = run(book, "--force")
    assert result.exit_code == 1
    assert "Chưa ghi gì" in result.stderr and "content/procedures/1.000656.yaml:1:7: lỗi: dấu nháy mở nhưng chưa đóng" \
        in result.stderr
    assert "không tìm thấy thủ tục '1.000656'" not in result.stderr
    assert tree_digest(scratch) == before
