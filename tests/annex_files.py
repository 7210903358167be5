"""Decision files for the import tests, written here the way provinces print them (structure of
Thông tư 02/2017/TT-VPCP: the decision, Phần I lists by section, Phần II each procedure's
elements a) … l)), as Word (python-docx) or PDF (fpdf2 with DejaVu Sans, tables with borders).

A file is a list of items: ("p", text) a paragraph, ("b", text) a bold one, ("t", rows) a table.
"""

from __future__ import annotations

from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def write_docx(path: Path, items: list) -> Path:
    import docx
    document = docx.Document()
    for kind, value in items:
        if kind == "t":
            table = document.add_table(rows=len(value), cols=max(len(r) for r in value))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    cell = table.cell(r, c)
                    if text is None:  # merged with the cell on its left
                        cell.merge(table.cell(r, c - 1))
                        continue
                    lines = text.split("\n")
                    cell.paragraphs[0].text = lines[0]
                    for line in lines[1:]:
                        cell.add_paragraph(line)
        else:
            paragraph = document.add_paragraph()
            lines = value.split("\n")
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                run.bold = kind == "b"
                if i + 1 < len(lines):
                    run.add_break()
    document.save(str(path))
    return path


def write_pdf(path: Path, items: list) -> Path:
    from fpdf import FPDF
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    for kind, value in items:
        if kind == "t":
            pdf.set_font("DejaVu", "", 9)
            with pdf.table(first_row_as_headings=False, line_height=5) as table:
                for row in value:
                    cells = table.row()
                    for text in row:
                        cells.cell("" if text is None else text)
            pdf.ln(2)
        else:
            pdf.set_font("DejaVu", "B" if kind == "b" else "", 11)
            pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


HEAD = [
    ("t", [["ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
           ["Số: 1590/QĐ-UBND", "Hà Tĩnh, ngày 15 tháng 3 năm 2024"]]),
    ("b", "QUYẾT ĐỊNH"),
    ("b", "Về việc công bố Danh mục thủ tục hành chính mới ban hành, sửa đổi, bổ sung, thay thế và bãi bỏ "
          "trong lĩnh vực Hộ tịch, Chứng thực thuộc thẩm quyền giải quyết của UBND cấp xã"),
    ("b", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH"),
    ("p", "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính;"),
    ("b", "QUYẾT ĐỊNH:"),
    ("p", "Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính (có Phụ lục kèm theo)."),
    ("p", "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 01/4/2024."),
    ("b", "PHỤ LỤC"),
    ("p", "(Kèm theo Quyết định số 1590/QĐ-UBND ngày 15/3/2024 của Chủ tịch UBND tỉnh Hà Tĩnh)"),
]

PART_ONE = [
    ("b", "PHẦN I. DANH MỤC THỦ TỤC HÀNH CHÍNH"),
    ("b", "1. Danh mục thủ tục hành chính mới ban hành"),
    ("t", [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"],
           ["A", "Thủ tục hành chính cấp xã", None, None, None],
           ["1", "1.000656", "Đăng ký khai tử", "Hộ tịch", "UBND cấp xã"]]),
    ("b", "2. Danh mục thủ tục hành chính được sửa đổi, bổ sung"),
    ("t", [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Cơ quan thực hiện"],
           ["1", "2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền "
                         "của Việt Nam cấp hoặc chứng nhận", "Chứng thực", "UBND cấp xã"]]),
    ("b", "3. Danh mục thủ tục hành chính được thay thế"),
    ("t", [["STT", "Mã TTHC được thay thế", "Tên TTHC được thay thế", "Mã TTHC thay thế", "Tên TTHC thay thế"],
           ["1", "2.002622", "Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất", "2.002913",
            "Liên thông điện tử thủ tục hành chính: đăng ký khai tử, xóa đăng ký thường trú, giải quyết mai táng phí, tử tuất"]]),
    ("b", "4. Danh mục thủ tục hành chính bị bãi bỏ"),
    ("t", [["STT", "Mã TTHC", "Tên thủ tục hành chính", "Lĩnh vực", "Ngày bãi bỏ"],
           ["1", "2.000843", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật", "Chứng thực",
            "01/01/2025"]]),
]

KHAI_TU = [
    ("b", "1. Thủ tục đăng ký khai tử - 1.000656"),
    ("b", "a) Trình tự thực hiện:"),
    ("p", "Bước 1: Người có yêu cầu nộp hồ sơ tại Bộ phận Một cửa của UBND cấp xã."),
    ("p", "Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ:\n+ Hồ sơ đầy đủ thì tiếp nhận;\n+ Hồ sơ chưa đầy đủ thì hướng dẫn bổ sung."),
    ("p", "Bước 3: Trả kết quả cho người có yêu cầu."),
    ("b", "b) Cách thức thực hiện:"),
    ("p", "- Nộp hồ sơ trực tiếp tại Bộ phận Một cửa UBND cấp xã;"),
    ("p", "- Nộp hồ sơ trực tuyến qua Cổng Dịch vụ công quốc gia;"),
    ("p", "- Qua dịch vụ bưu chính."),
    ("b", "c) Thành phần, số lượng hồ sơ:"),
    ("p", "* Giấy tờ phải nộp:"),
    ("p", "- Tờ khai đăng ký khai tử (theo mẫu);"),
    ("p", "- Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử do cơ quan có thẩm quyền cấp: 01 bản chính."),
    ("p", "* Giấy tờ phải xuất trình:"),
    ("p", "- Căn cước của người đi đăng ký khai tử."),
    ("p", "* Số lượng hồ sơ: 01 bộ."),
    ("b", "d) Thời hạn giải quyết: Ngay trong ngày tiếp nhận hồ sơ; trường hợp cần xác minh thì không quá 03 ngày làm việc."),
    ("b", "đ) Đối tượng thực hiện thủ tục hành chính:"),
    ("p", "Vợ, chồng, con, cha, mẹ hoặc người thân thích khác của người chết."),
    ("b", "e) Cơ quan thực hiện thủ tục hành chính: Ủy ban nhân dân cấp xã."),
    ("b", "g) Kết quả thực hiện thủ tục hành chính: Trích lục khai tử (bản chính)."),
    ("b", "h) Phí, lệ phí: Miễn lệ phí đối với đăng ký khai tử đúng hạn."),
    ("b", "i) Tên mẫu đơn, mẫu tờ khai: Tờ khai đăng ký khai tử (Mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP)."),
    ("b", "k) Yêu cầu, điều kiện thực hiện thủ tục hành chính: Không."),
    ("b", "l) Căn cứ pháp lý:"),
    ("p", "- Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014;"),
    ("p", "- Nghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi "
          "hành Luật Hộ tịch;"),
    ("p", "- Thông tư số 04/2020/TT-BTP ngày 28/5/2020 của Bộ trưởng Bộ Tư pháp quy định chi tiết thi hành một số điều "
          "của Luật Hộ tịch."),
]

# the same kind of procedure printed the other way: plain numbered headings, the code on its own
# line, tables for the methods, the documents and the legal basis, cases
CHUNG_THUC = [
    ("p", "2. Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp "
          "hoặc chứng nhận"),
    ("p", "Mã số TTHC: 2.000815"),
    ("p", "1. Trình tự thực hiện"),
    ("p", "- Người yêu cầu chứng thực nộp bản chính và bản sao cần chứng thực."),
    ("p", "- Người thực hiện chứng thực kiểm tra, đối chiếu và chứng thực."),
    ("p", "2. Cách thức thực hiện"),
    ("t", [["Hình thức nộp", "Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"],
           ["Trực tiếp", "Trong ngày tiếp nhận; nếu sau 15 giờ thì trả trong ngày làm việc tiếp theo",
            "Phí: 2.000 đồng/trang; từ trang thứ ba trở lên: 1.000 đồng/trang, tối đa 200.000 đồng/bản",
            "Nộp tại Bộ phận Một cửa"],
           ["Trực tuyến", "02 ngày làm việc", "Phí: 2.000 đồng/trang", "Nộp qua Cổng Dịch vụ công"]]),
    ("p", "3. Thành phần, số lượng hồ sơ"),
    ("p", "Trường hợp người yêu cầu xuất trình bản chính:"),
    ("t", [["Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng"],
           ["Bản chính giấy tờ, văn bản làm cơ sở để chứng thực bản sao", "", "Bản chính: 1\nBản sao: 0"],
           ["Bản sao cần chứng thực", "", "Bản chính: 0\nBản sao: 1"]]),
    ("p", "Trường hợp chỉ xuất trình bản chính:"),
    ("t", [["Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng"],
           ["Bản chính giấy tờ, văn bản", "", "Bản chính: 1\nBản sao: 0"]]),
    ("p", "4. Thời hạn giải quyết"),
    ("p", "Trực tiếp: trong ngày tiếp nhận; Trực tuyến: 02 ngày làm việc."),
    ("p", "5. Đối tượng thực hiện thủ tục hành chính"),
    ("p", "- Cá nhân;\n- Tổ chức."),
    ("p", "6. Cơ quan thực hiện thủ tục hành chính"),
    ("p", "- Cơ quan có thẩm quyền quyết định: Ủy ban nhân dân cấp xã.\n- Cơ quan phối hợp: Không."),
    ("p", "7. Kết quả thực hiện thủ tục hành chính"),
    ("p", "Bản sao được chứng thực từ bản chính."),
    ("p", "8. Phí, lệ phí"),
    ("p", "Trực tiếp: 2.000 đồng/trang; Trực tuyến: 2.000 đồng/trang."),
    ("p", "9. Yêu cầu, điều kiện thực hiện thủ tục hành chính"),
    ("p", "Bản chính giấy tờ, văn bản không bị tẩy xóa, sửa chữa."),
    ("p", "10. Căn cứ pháp lý"),
    ("t", [["Số ký hiệu", "Trích yếu", "Ngày ban hành", "Cơ quan ban hành"],
           ["23/2015/NĐ-CP", "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính", "16/02/2015",
            "Chính phủ"]]),
]

PART_TWO = [("b", "PHẦN II. NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH"), ("b", "A. THỦ TỤC HÀNH CHÍNH CẤP XÃ"),
            ("b", "I. LĨNH VỰC HỘ TỊCH"), *KHAI_TU, ("b", "II. LĨNH VỰC CHỨNG THỰC"), *CHUNG_THUC]

DECISION = [*HEAD, *PART_ONE, *PART_TWO]
