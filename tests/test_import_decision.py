"""`import docx|pdf DECISION`: a publishing decision's annex (Word, PDF with a text layer) into the
decision file and complete procedure files; amendments update without clobbering.

The files are written by tests/annex_files.py in the official structure and its variations.
Expected values are written by hand from those files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from congkhai.annex.blocks import UnreadableFile, read_blocks, repair_broken_words
from congkhai.annex.legal import legal_reference
from congkhai.annex.procedure import Directory, build_procedure
from congkhai.annex.sections import parse_annex

from . import annex_files as af
from .conftest import SCRATCH_FILES, require, run_cli, tree_digest, write_site

WRITERS = {"docx": af.write_docx, "pdf": af.write_pdf}


def need_font():
    require(af.FONT.exists(), f"no font at {af.FONT}: apt-get install fonts-dejavu-core")


@pytest.fixture(params=["docx", "pdf"])
def decision_file(request, tmp_path):
    if request.param == "pdf":
        need_font()
    return WRITERS[request.param](tmp_path / f"qd-1590.{request.param}", af.DECISION)


def built(path: Path) -> dict[str, dict]:
    annex = parse_annex(read_blocks(path))
    listed = {c.code: c for c in annex.listed}
    agencies = Directory.of([{"id": "ubnd-xa", "name": "UBND xã", "aliases": ["Ủy ban nhân dân cấp xã"]}], aliases=True)
    fields = Directory.of([{"id": "ho-tich", "name": "Hộ tịch"}, {"id": "chung-thuc", "name": "Chứng thực"}])
    return {t.code: build_procedure(t, listed, agencies, fields, set()) for t in annex.procedures}


def test_the_decision_and_its_list(decision_file):
    annex = parse_annex(read_blocks(decision_file))
    assert (annex.number, annex.date, annex.effective) == ("1590/QĐ-UBND", dt.date(2024, 3, 15), dt.date(2024, 4, 1))
    assert annex.issuer == "Chủ tịch UBND tỉnh Hà Tĩnh"
    assert annex.title.startswith("Công bố Danh mục thủ tục hành chính mới ban hành, sửa đổi, bổ sung, thay thế")
    rows = {c.code: c for c in annex.listed}
    assert [(c.code, c.action) for c in annex.listed] == [("1.000656", "new"), ("2.000815", "amended"),
                                                          ("2.002913", "replaced"), ("2.000843", "abolished")]
    assert rows["2.002913"].replaces == ["2.002622"]
    assert rows["2.002913"].replaced_names["2.002622"].startswith("Liên thông đăng ký khai tử")
    assert rows["2.000843"].effective == dt.date(2025, 1, 1)  # the row's own date
    assert rows["1.000656"].level == "xa" and rows["1.000656"].field_name == "Hộ tịch"
    assert annex.problems == []


def test_every_element_of_a_procedure_printed_as_text(decision_file):
    khai_tu = built(decision_file)["1.000656"]
    c = khai_tu.content
    assert (c["name"], c["field"], c["level"], c["agency"]) == ("Đăng ký khai tử", "ho-tich", ["xa"], "ubnd-xa")
    assert len(c["steps"]) == 3 and c["steps"][0].startswith("Người có yêu cầu nộp hồ sơ")
    assert c["steps"][1].endswith("+ Hồ sơ chưa đầy đủ thì hướng dẫn bổ sung.")  # sub-items stay with their step
    assert [m["method"] for m in c["methods"]] == ["truc-tiep", "truc-tuyen", "buu-chinh"]
    assert all(m["time"].startswith("Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh") for m in c["methods"])
    assert all(m["fee"] == "Miễn lệ phí đối với đăng ký khai tử đúng hạn." for m in c["methods"])
    assert "days" not in c["methods"][0]  # "ngay trong ngày; … 03 ngày": not one number of days
    documents = c["documents"]
    assert [d["name"] for d in documents] == ["Tờ khai đăng ký khai tử (theo mẫu)",
                                              "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp",
                                              "Căn cước của người đi đăng ký khai tử."]
    assert documents[1]["original"] == 1 and documents[2]["note"] == "Chỉ xuất trình."
    assert documents[0]["note"].startswith("Mẫu: Tờ khai đăng ký khai tử")  # i) attached to its document
    assert c["applicants"] == ["Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết"]
    assert c["result"] == "Trích lục khai tử (bản chính)." and c["requirements"] == "Không"
    assert c["legal_basis"][0] == {"number": "60/2014/QH13", "date": dt.date(2014, 11, 20), "issuer": "Quốc hội",
                                   "title": "Luật Hộ tịch"}
    assert c["legal_basis"][2]["number"] == "04/2020/TT-BTP" and c["legal_basis"][2]["issuer"] == "Bộ trưởng Bộ Tư pháp"
    assert khai_tu.unplaced == ["Số lượng hồ sơ: 01 bộ."]  # kept for staff, not lost


def test_a_procedure_printed_with_tables_plain_numbered_headings_and_cases(decision_file):
    c = built(decision_file)["2.000815"].content  # code on its own line under the title
    assert c["name"].startswith("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức")
    assert c["field"] == "chung-thuc" and c["authority"] == "ubnd-xa" and c["partners"] == "Không"
    methods = {m["method"]: m for m in c["methods"]}
    assert methods["truc-tuyen"]["time"] == "02 ngày làm việc" and methods["truc-tuyen"]["days"] == 2
    assert methods["truc-tiep"]["fee"].startswith("Phí: 2.000 đồng/trang; từ trang thứ ba")
    assert methods["truc-tiep"]["note"] == "Nộp tại Bộ phận Một cửa"
    assert [case["title"] for case in c["cases"]] == ["Trường hợp người yêu cầu xuất trình bản chính",
                                                      "Trường hợp chỉ xuất trình bản chính"]
    first = c["cases"][0]["documents"]
    assert (first[1]["name"], first[1]["original"], first[1]["copy"]) == ("Bản sao cần chứng thực", 0, 1)
    assert c["applicants"] == ["Cá nhân", "Tổ chức"]
    assert c["requirements"] == "Bản chính giấy tờ, văn bản không bị tẩy xóa, sửa chữa."
    assert c["legal_basis"] == [{"number": "23/2015/NĐ-CP", "date": dt.date(2015, 2, 16), "issuer": "Chính phủ",
                                 "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính"}]


VARIATIONS = {
    "upper-case title, code in brackets, dashes": [
        ("b", "PHẦN II. NỘI DUNG CỤ THỂ"),
        ("p", "3. THỦ TỤC ĐĂNG KÝ KẾT HÔN (1.000894)"),
        ("p", "- Trình tự thực hiện:"), ("p", "+ Nộp hồ sơ.\n+ Nhận kết quả."),
        ("p", "- Thời hạn giải quyết: Ngay trong ngày."),
        ("p", "- Căn cứ pháp lý: Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014."),
    ],
    "numbered sub-elements 1.1, amended procedure printing two elements": [
        ("b", "Phần II"),
        ("b", "1. Cấp Giấy xác nhận tình trạng hôn nhân - 1.004873"),
        ("p", "1.3. Thành phần, số lượng hồ sơ:"),
        ("p", "- Tờ khai cấp Giấy xác nhận tình trạng hôn nhân: 01 bản chính."),
        ("p", "1.8. Phí, lệ phí: Theo Nghị quyết của HĐND tỉnh."),
        ("b", "2. Đăng ký khai sinh - 1.001193"),
        ("p", "1.3. Thành phần, số lượng hồ sơ:"),
        ("p", "- Giấy chứng sinh: 01 bản chính."),
    ],
}


@pytest.mark.parametrize("name", list(VARIATIONS))
@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_variations_of_real_annexes(tmp_path, name, kind):
    if kind == "pdf":
        need_font()
    path = WRITERS[kind](tmp_path / f"qd.{kind}", VARIATIONS[name])
    result = built(path)
    if name.startswith("upper"):
        c = result["1.000894"].content
        assert c["name"] == "Đăng ký kết hôn"
        assert c["steps"] == ["Nộp hồ sơ.", "Nhận kết quả."]
        assert c["legal_basis"][0]["number"] == "60/2014/QH13"
        assert result["1.000894"].unplaced == ["Thời hạn giải quyết: Ngay trong ngày."]  # no channel to put it on
    else:
        assert set(result) == {"1.004873", "1.001193"}  # the elements starting over open the next procedure
        assert result["1.004873"].content["documents"][0]["original"] == 1
        assert result["1.001193"].content["documents"] == [{"name": "Giấy chứng sinh", "original": 1}]
        assert "steps" not in result["1.004873"].content  # not printed: not invented


@pytest.mark.parametrize("line, expected", [
    ("Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014;",
     {"number": "60/2014/QH13", "date": dt.date(2014, 11, 20), "issuer": "Quốc hội", "title": "Luật Hộ tịch"}),
    ("Nghị quyết số 12/2023/NQ-HĐND ngày 10 tháng 7 năm 2023 của Hội đồng nhân dân tỉnh Hà Tĩnh quy định mức thu lệ phí",
     {"number": "12/2023/NQ-HĐND", "date": dt.date(2023, 7, 10), "issuer": "Hội đồng nhân dân tỉnh Hà Tĩnh",
      "title": "Nghị quyết quy định mức thu lệ phí"}),
    ("Thông tư số 04/2020/TT-BTP ngày 28/5/2020", {"number": "04/2020/TT-BTP", "date": dt.date(2020, 5, 28),
                                                   "issuer": "Bộ Tư pháp", "title": "Thông tư"}),
    ("Luật Cư trú năm 2020", {"title": "Luật Cư trú năm 2020"}),  # nothing to read: kept whole
])
def test_legal_basis_lines(line, expected):
    assert legal_reference(line) == expected


def test_a_scanned_pdf_is_refused_clearly(tmp_path):
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a picture of a page, no text
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(UnreadableFile, match="không có lớp chữ"):
        read_blocks(tmp_path / "scan.pdf")
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    before = tree_digest(content)
    result = run_cli("import", "pdf", str(tmp_path / "scan.pdf"), "--content", str(content))
    assert result.returncode == 1 and "không có lớp chữ" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(content) == before


@pytest.fixture
def unit(tmp_path):
    files = dict(SCRATCH_FILES)
    files["agencies.yaml"] = SCRATCH_FILES["agencies.yaml"].replace(
        "  name: UBND xã Thử Nghiệm\n", "  name: UBND xã Thử Nghiệm\n          aliases: [Ủy ban nhân dân cấp xã]\n")
    files["procedures/1.000656.yaml"] = "# Ghi chú của cán bộ: giữ lại.\n" + SCRATCH_FILES["procedures/1.000656.yaml"] \
        .replace('        code: "1.000656"\n', '        code: "1.000656"\n        online_url: https://dichvucong.gov.vn/p/1\n', 1)
    return write_site(tmp_path / "content", files)


def test_import_writes_checked_files_and_the_page_shows_each_element(unit, tmp_path):
    need_font()
    path = af.write_pdf(tmp_path / "qd-1590.pdf", af.DECISION)
    result = run_cli("import", "pdf", str(path), "--content", str(unit), "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1.000656 Đăng ký khai tử: cập nhật" in result.stdout
    assert "2.000843 Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật: mới, từ danh mục (Phần I)" in result.stdout
    decision = yaml.safe_load((unit / "decisions/qd-1590-2024.yaml").read_text(encoding="utf-8"))
    assert decision["number"] == "1590/QĐ-UBND" and decision["effective"] == dt.date(2024, 4, 1)
    assert {"code": "2.002913", "action": "replaced", "replaces": "2.002622"} in decision["changes"]
    assert {"code": "2.000843", "action": "abolished", "effective": dt.date(2025, 1, 1)} in decision["changes"]
    assert decision["sources"][0]["document"] == "qd-1590.pdf" and (unit / "documents/qd-1590.pdf").is_file()

    check = run_cli("check", "--content", str(unit))
    assert check.returncode == 0, check.stderr
    out = tmp_path / "output"
    assert run_cli("build", "--content", str(unit), "--output", str(out), "--as-of", "2024-05-01").returncode == 0
    page = (out / "thu-tuc/1.000656/index.html").read_text(encoding="utf-8")
    for printed in ("Người có yêu cầu nộp hồ sơ tại Bộ phận Một cửa",                     # a) steps
                    "+ Hồ sơ chưa đầy đủ thì hướng dẫn bổ sung",                          # a) sub-item
                    "Nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia", "Qua dịch vụ bưu chính",  # b)
                    "Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", "Chỉ xuất trình",    # c)
                    "Mẫu: Tờ khai đăng ký khai tử",                                      # i) on its document
                    "trường hợp cần xác minh thì không quá 03 ngày làm việc",            # d)
                    "Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết",  # đ)
                    "Trích lục khai tử (bản chính)",                                     # g)
                    "Miễn lệ phí đối với đăng ký khai tử đúng hạn",                      # h)
                    "60/2014/QH13", "Thông tư quy định chi tiết thi hành một số điều của Luật Hộ tịch"):  # l)
        assert printed in page, printed
    requirements = page.split("<h2>Yêu cầu, điều kiện thực hiện</h2>")[1].split("<h2")[0]
    assert "<p>Không</p>" in requirements and "Không có thông tin" not in requirements  # k) said, not missing


def test_an_amendment_shows_its_diff_and_keeps_comments_and_staff_keys(unit, tmp_path):
    path = af.write_docx(tmp_path / "qd-1590.docx", af.DECISION)
    target = unit / "procedures/1.000656.yaml"
    before = target.read_text(encoding="utf-8")

    result = run_cli("import", "docx", str(path), "--content", str(unit))
    assert result.returncode == 1
    assert "1.000656 Đăng ký khai tử: chờ --force" in result.stdout
    assert re.search(r"sửa: Kết quả thực hiện: Trích lục khai tử → Trích lục khai tử \(bản chính\)\.", result.stdout)
    assert "thêm --force để ghi" in result.stderr
    assert target.read_text(encoding="utf-8") == before  # not without --force

    result = run_cli("import", "docx", str(path), "--content", str(unit), "--force")
    assert result.returncode == 0, result.stderr
    after = target.read_text(encoding="utf-8")
    assert after.startswith("# Ghi chú của cán bộ: giữ lại.\n")
    data = yaml.safe_load(after)
    assert data["online_url"] == "https://dichvucong.gov.vn/p/1"  # a key the decision does not print
    assert data["agency"] == "ubnd-xa" and data["receiving"] == ["mot-cua"]  # the unit's own ids
    assert data["result"] == "Trích lục khai tử (bản chính)." and data["decision"] == "qd-1590-2024"
    assert list(data)[:3] == ["code", "online_url", "name"]  # key order kept

    again = run_cli("import", "docx", str(path), "--content", str(unit), "--force")
    assert again.returncode == 0 and "1.000656 Đăng ký khai tử: không đổi" in again.stdout
    assert target.read_text(encoding="utf-8") == after


def test_nothing_is_written_when_the_result_would_not_pass_check(unit, tmp_path):
    path = af.write_docx(tmp_path / "qd-1590.docx", af.DECISION)
    broken = unit / "procedures/1.001193.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("field: ho-tich", "field: khong-co-linh-vuc"),
                      encoding="utf-8")
    before = tree_digest(unit)
    result = run_cli("import", "docx", str(path), "--content", str(unit), "--force")
    assert result.returncode == 1
    assert "Chưa ghi gì" in result.stderr and "1.001193.yaml" in result.stderr and "khong-co-linh-vuc" in result.stderr
    assert tree_digest(unit) == before


def test_a_procedure_without_a_code_is_listed_not_guessed(unit, tmp_path):
    items = [("b", "PHẦN II. NỘI DUNG CỤ THỂ"), ("b", "1. Thủ tục thông báo lưu trú"), ("b", "a) Trình tự thực hiện:"),
             ("p", "Bước 1: Thông báo cho Công an cấp xã.")]
    path = af.write_docx(tmp_path / "qd.docx", items)
    result = run_cli("import", "docx", str(path), "--content", str(unit))
    assert result.returncode == 1
    assert "Phần II, mục 1 (1. Thủ tục thông báo lưu trú): không có mã thủ tục" in result.stderr


def test_an_amendment_not_yet_in_effect_leaves_the_content_in_force(unit, tmp_path):
    items = [item if "hiệu lực" not in item[1] else ("p", "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 01/01/2099.")
             for item in af.DECISION]
    path = af.write_docx(tmp_path / "qd-1590.docx", items)
    target = unit / "procedures/1.000656.yaml"
    before = target.read_text(encoding="utf-8")
    result = run_cli("import", "docx", str(path), "--content", str(unit), "--force")
    assert result.returncode == 1
    assert "1.000656 Đăng ký khai tử: chưa ghi: có hiệu lực từ 01/01/2099" in result.stdout  # listed as new
    assert "tệp đang áp dụng giữ nguyên đến ngày đó" in result.stderr
    assert target.read_text(encoding="utf-8") == before
    # an amended one waits in its own file, made from the file in force, which stays as it is
    amended = unit / "procedures/2.000815.yaml"
    assert "chờ áp dụng từ 01/01/2099: 2.000815@2099-01-01.yaml" in result.stdout
    waiting = yaml.safe_load((unit / "procedures/2.000815@2099-01-01.yaml").read_text(encoding="utf-8"))
    assert waiting["requirements"] == "Bản chính giấy tờ, văn bản không bị tẩy xóa, sửa chữa."
    assert "requirements" not in yaml.safe_load(amended.read_text(encoding="utf-8"))
    assert run_cli("check", "--content", str(unit)).returncode == 0


def test_a_title_without_its_code_takes_it_from_the_list_by_name(tmp_path):
    items = [*af.HEAD[:2], ("p", "ỦY BAN NHÂN DÂN"), *af.PART_ONE[:3], ("b", "PHẦN II. NỘI DUNG CỤ THỂ"),
             ("b", "1. Thủ tục đăng ký khai tử"), ("b", "a) Trình tự thực hiện:"), ("p", "Bước 1: Nộp hồ sơ.")]
    annex = parse_annex(read_blocks(af.write_docx(tmp_path / "qd.docx", items)))
    assert annex.procedures[0].code is None
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    (content / "procedures/1.000656.yaml").unlink()
    result = run_cli("import", "docx", str(tmp_path / "qd.docx"), "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((content / "procedures/1.000656.yaml").read_text(encoding="utf-8"))["steps"] == ["Nộp hồ sơ."]


def test_the_committee_itself_as_issuer_and_a_field_named_like_new():
    from congkhai.annex.blocks import Paragraph, Table
    annex = parse_annex([Table((("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                               ("Số: 12/QĐ-UBND", "Quảng Trị, ngày 02 tháng 01 năm 2026"))),
                         Paragraph("QUYẾT ĐỊNH"), Paragraph("Về việc công bố danh mục thủ tục hành chính"),
                         Paragraph("Quyết định này có hiệu lực kể từ ngày ký."),
                         Paragraph("PHẦN I. DANH MỤC"), Paragraph("1. Danh mục thủ tục hành chính được sửa đổi, bổ sung"),
                         Table((("STT", "Mã TTHC", "Tên TTHC", "Lĩnh vực"),
                                ("I", "Lĩnh vực Môi trường", "", ""),
                                ("1", "1.010727", "Đăng ký môi trường", "Môi trường")))])
    assert annex.issuer == "UBND tỉnh Quảng Trị" and annex.effective == dt.date(2026, 1, 2)
    assert [(c.code, c.action, c.field_name) for c in annex.listed] == [("1.010727", "amended", "Môi trường")]


@pytest.mark.parametrize("broken, whole", [
    ("phơi nhi ễm bệnh", "phơi nhiễm bệnh"), ("ngư ời dân", "người dân"), ("tr ường hợp", "trường hợp"),
    ("h ồ sơ", "hồ sơ"), ("ch ứng thực", "chứng thực"), ("ki ểm tra; hi ệu lực.", "kiểm tra; hiệu lực."),
    # words that begin with a vowel stay words
    ("đi ăn", "đi ăn"), ("cho ăn", "cho ăn"), ("người ở đâu", "người ở đâu"), ("có ý kiến", "có ý kiến"),
    ("ông bà", "ông bà"), ("UBND ủy quyền", "UBND ủy quyền"), ("và ở", "và ở"),
])
def test_words_broken_by_a_pdf_are_joined_and_words_are_not(broken, whole):
    assert repair_broken_words(broken) == whole


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_text_pasted_from_a_pdf_reads_whole(tmp_path, kind):
    if kind == "pdf":
        need_font()
    items = [("b", "PHẦN II"), ("b", "1. Thủ tục cấp giấy chứng nhận - 1.004873"), ("b", "a) Trình tự thực hiện:"),
             ("p", "Bước 1: Người có yêu cầu nộp h ồ sơ khi bị phơi nhi ễm."), ("b", "l) Căn cứ pháp lý:"),
             ("p", "- Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014.")]
    content = built(WRITERS[kind](tmp_path / f"qd.{kind}", items))["1.004873"].content
    assert content["steps"] == ["Người có yêu cầu nộp hồ sơ khi bị phơi nhiễm."]


def test_a_list_that_prints_the_elements_itself_fills_them(tmp_path):
    """Many decisions have no Phần II: their list has columns for time, methods, fee, place and
    legal basis."""
    items = [*af.HEAD, ("b", "DANH MỤC THỦ TỤC HÀNH CHÍNH"),
             ("b", "1. Danh mục thủ tục hành chính mới ban hành"),
             ("t", [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Địa điểm thực hiện",
                     "Cách thức thực hiện", "Phí, lệ phí", "Căn cứ pháp lý"],
                    ["1", "1.004194", "Đăng ký tạm trú", "Trực tiếp: 03 ngày làm việc; Trực tuyến: 02 ngày làm việc",
                     "Công an xã", "Trực tiếp; Trực tuyến", "15.000 đồng",
                     "Luật Cư trú số 68/2020/QH14 ngày 13/11/2020"]])]
    content = write_site(tmp_path / "content", SCRATCH_FILES)
    result = run_cli("import", "docx", str(af.write_docx(tmp_path / "qd.docx", items)), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    data = yaml.safe_load((content / "procedures/1.004194.yaml").read_text(encoding="utf-8"))
    assert data["methods"] == [{"method": "truc-tiep", "time": "03 ngày làm việc", "fee": "15.000 đồng", "days": 3},
                               {"method": "truc-tuyen", "time": "02 ngày làm việc", "fee": "15.000 đồng", "days": 2}]
    assert data["legal_basis"] == [{"number": "68/2020/QH14", "date": dt.date(2020, 11, 13), "issuer": "Quốc hội",
                                    "title": "Luật Cư trú"}]
    assert "Địa điểm thực hiện: Công an xã" in (content / "procedures/1.004194.yaml").read_text(encoding="utf-8")
    assert "1.004194 Đăng ký tạm trú: mới, từ danh mục (Phần I)" in result.stdout


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_elements_printed_as_a_table_of_label_and_content(tmp_path, kind):
    if kind == "pdf":
        need_font()
    items = [("b", "PHẦN II. NỘI DUNG CỤ THỂ"), ("b", "1. Đăng ký khai tử - 1.000656"),
             ("t", [["Trình tự thực hiện", "Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả."],
                    ["Cách thức thực hiện", "Trực tiếp tại Bộ phận Một cửa"],
                    ["Thời hạn giải quyết", "Ngay trong ngày"],
                    ["Kết quả thực hiện", "Trích lục khai tử"],
                    ["Căn cứ pháp lý", "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014"]]),
             ("b", "2. Cấp bản sao Trích lục hộ tịch - 2.000635"),
             ("t", [["Trình tự thực hiện", "Nộp yêu cầu."], ["Kết quả thực hiện", "Bản sao trích lục"]])]
    result = built(WRITERS[kind](tmp_path / f"qd.{kind}", items))
    c = result["1.000656"].content
    assert c["steps"] == ["Nộp hồ sơ.", "Nhận kết quả."]
    assert c["methods"] == [{"method": "truc-tiep", "time": "Ngay trong ngày", "days": 1,
                             "note": "Trực tiếp tại Bộ phận Một cửa"}]
    assert c["result"] == "Trích lục khai tử" and c["legal_basis"][0]["number"] == "60/2014/QH13"
    assert result["2.000635"].content["result"] == "Bản sao trích lục"
