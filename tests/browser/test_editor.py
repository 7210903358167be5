"""The editor in the preview server, used as staff use it: only the forms, in chromium.

Each flow ends with the previewed page showing the change and the YAML on disk equal to what
the staff guide (docs/huong-dan-bien-tap.md) has staff type: the scaffold of `new`, its
comments kept, the values filled in where the guide's samples put them."""

from __future__ import annotations

import re
import shutil

import pytest

from ..conftest import SAMPLE
from ..test_serve import launch
from ..unit_tree import write_units
from .test_public_site import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served_copy(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    proc, address, _ = launch(content)
    yield address, content
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def served_units(tmp_path):
    content = write_units(tmp_path / "content")
    proc, address, _ = launch(content)
    yield address, content
    proc.terminate()
    proc.wait(timeout=10)


def pick(page, field_id: str, typed: str, option: str) -> None:
    """Type a few letters without diacritics into a picker and choose the option named."""
    box = page.locator(f"#{field_id}")
    box.fill(typed)
    page.get_by_role("option", name=option).click()


def add_row(page, list_label: str) -> None:
    page.get_by_role("button", name=f"Thêm {list_label}", exact=True).click()
    page.wait_for_load_state()


NEW_PROCEDURE = '''\
# Thủ tục hành chính, tạo bằng 'python build.py new procedure'. Điền các mục còn trống rồi chạy
# 'python build.py check'. Mục để trống hiện "Không có thông tin" trên trang và bị tính là thiếu
# trong chỉ số công khai đầy đủ; thủ tục không có nội dung đó (theo quyết định công bố) thì viết
# Không, ví dụ 'partners: Không'. Hướng dẫn: docs/huong-dan-bien-tap.md; mọi khóa: docs/noi-dung.md.
# Quyết định sửa đổi chưa có hiệu lực: không sửa tệp này, chép thành 1.999001@<năm-tháng-ngày>.yaml
# (ngày có hiệu lực) và sửa bản chép; có quyết định thì nhập bằng 'python build.py import docx'.
code: "1.999001"          # Mã thủ tục (d.dddddd), phải trùng tên tệp
name: Đăng ký nhận cha, mẹ, con          # Tên thủ tục (bắt buộc)
field: ho-tich          # Lĩnh vực: id trong fields.yaml (bắt buộc)
level: [huyen]          # Cấp thực hiện: tinh, huyen, xa; có thể nhiều cấp: [huyen, xa]
kind:          # Loại thủ tục (nếu có)
agency: ubnd-huyen          # Cơ quan thực hiện: id trong agencies.yaml (bắt buộc)
authority:          # Cơ quan có thẩm quyền: id cơ quan (nếu có)
delegated:          # Cơ quan được ủy quyền: id cơ quan (nếu có)
# Các mục có dòng mẫu bên dưới: bỏ dấu # ở đầu các dòng mẫu rồi sửa nội dung.
partners: Không          # Cơ quan phối hợp: danh sách id cơ quan
#  - van-phong-ubnd
receiving:          # Địa chỉ tiếp nhận hồ sơ: danh sách id cơ quan (trung tâm, bộ phận một cửa)
#  - bo-phan-mot-cua
steps:          # Trình tự thực hiện: mỗi bước một dòng bắt đầu bằng "- "
#  - Nộp hồ sơ tại Bộ phận Tiếp nhận và Trả kết quả.
#  - Công chức tiếp nhận kiểm tra hồ sơ.
methods:          # Cách thức thực hiện; mỗi cách một mục:
#  - method: truc-tiep          # truc-tiep, truc-tuyen hoặc buu-chinh
#    time: 03 ngày làm việc     # Thời hạn giải quyết, ghi như văn bản công bố
#    fee: Không                 # Phí, lệ phí ("Không" nếu không thu)
#    days: 3                    # Số ngày làm việc (để sắp xếp, không bắt buộc)
#    note: Miễn phí cho ...     # Ghi chú: các trường hợp miễn, giảm phí ghi ở đây
  - method: truc-tiep
    time: 03 ngày làm việc
    fee: 15.000 đồng
    days: 3
  - method: buu-chinh
    time: 05 ngày làm việc
    fee: 15.000 đồng
online:          # Dịch vụ công trực tuyến: none (không), partial (một phần), full (toàn trình)
online_url:          # Địa chỉ nộp hồ sơ trực tuyến (https://...)
formality_id:          # Mã thủ tục trên Cổng Dịch vụ công quốc gia
documents:          # Thành phần hồ sơ; mỗi giấy tờ một mục:
#  - name: Tờ khai theo mẫu     # Tên giấy tờ
#    original: 1                # Số bản chính
#    copy: 0                    # Số bản sao
#    form: to-khai.docx         # Mẫu đơn: tệp trong content/forms/ hoặc địa chỉ web
#    note: Chỉ xuất trình       # Ghi chú
# (Khi hồ sơ khác nhau theo trường hợp, xóa 'documents' và dùng 'cases: [- title: ..., documents: [...]]'.)
  - name: Tờ khai đăng ký nhận cha, mẹ, con
    original: 1
    form: to-khai-nhan-cha-me-con.docx
  - name: Chứng cứ chứng minh quan hệ cha, mẹ, con
    original: 1
  - name: Giấy tờ tùy thân của người yêu cầu
    copy: 1
    note: Xuất trình bản chính để đối chiếu
applicants:          # Đối tượng thực hiện: danh sách
#  - Công dân Việt Nam
result:          # Kết quả thực hiện
requirements:          # Yêu cầu, điều kiện thực hiện (có thể viết Markdown, dùng '|' cho nhiều dòng)
legal_basis:          # Căn cứ pháp lý; mỗi văn bản một mục:
#  - number: 60/2014/QH13       # Số ký hiệu
#    title: Luật Hộ tịch        # Trích yếu
#    date: 2014-11-20           # Ngày ban hành
#    issuer: Quốc hội           # Cơ quan ban hành
  - number: 60/2014/QH13
    title: Luật Hộ tịch
    date: 2014-11-20
    issuer: Quốc hội
linked:          # Liên thông: mã các thủ tục giải quyết cùng
#  - "1.001731"
decision:          # Quyết định công bố: tên tệp (không đuôi) trong decisions/
updated:          # Ngày cập nhật, ví dụ 2025-07-01 hoặc 01/07/2025
sources:          # Nguồn: văn bản đã đối chiếu nội dung này; mỗi nguồn một mục:
#  - document: qd-3582-2025.pdf   # tệp trong content/documents/ hoặc địa chỉ web
#    sha256:                      # mã kiểm tra của tệp: để trống, 'check' in mã đúng để chép vào
#    checked: 2025-07-01          # ngày đối chiếu
#    note: Phụ lục II, mục 3      # ghi chú
'''


NEW_DECISION = '''\
# Quyết định công bố thủ tục hành chính, tạo bằng 'python build.py new decision'.
# Tình trạng của thủ tục (đang áp dụng, sắp áp dụng, bãi bỏ, thay thế) lấy từ các dòng 'changes'.
number: 99/QĐ-UBND          # Số ký hiệu, ví dụ 3582/QĐ-UBND (để trống nếu văn bản không số)
date: 2025-01-15          # Ngày ký, ví dụ 2025-07-01
issuer:          # Cơ quan, người ban hành
title: Công bố thủ tục hành chính bị bãi bỏ          # Trích yếu
effective:          # Ngày có hiệu lực (để trống: bằng ngày ký); ngày sau hôm nay: thay đổi "sắp có hiệu lực"
document:          # Văn bản đã ký: tệp trong content/forms/ hoặc địa chỉ web
changes:          # Các thủ tục được công bố; mỗi thủ tục một mục:
#  - code: "1.000656"           # Mã thủ tục (phải có tệp trong procedures/)
#    action: new                # new (ban hành mới), amended (sửa đổi, bổ sung), replaced (thay thế), abolished (bãi bỏ)
#    effective: 2027-01-01      # ngày hiệu lực riêng của dòng này (nếu khác)
#    note: Ghi chú              # ghi chú
# (Với action: replaced, thêm dòng 'replaces: "mã thủ tục cũ"'.)
  - code: "1.999001"
    action: abolished
sources:          # Nguồn: bản quyết định đã đối chiếu; mỗi nguồn một mục:
#  - document: qd-3582-2025.pdf   # tệp trong content/documents/ hoặc địa chỉ web
#    sha256:                      # mã kiểm tra của tệp: để trống, 'check' in mã đúng để chép vào
#    checked: 2025-07-01          # ngày đối chiếu
'''


def test_staff_add_amend_and_abolish_a_procedure_with_the_forms(page, served_copy, tmp_path):
    address, content = served_copy
    page.goto(address + "__congkhai__/sua/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Thêm thủ tục").click()
    page.get_by_label("Mã thủ tục (tên tệp)").fill("1.999001")
    page.get_by_label("Tên thủ tục").fill("Đăng ký nhận cha, mẹ, con")
    pick(page, "f-field", "ho tich", "Hộ tịch (ho-tich)")
    pick(page, "f-agency", "ubnd huyen cam", "UBND huyện Cẩm Xuyên (ubnd-huyen)")
    page.locator("#f-partners-khong").check()
    # three documents, one with its form file uploaded through the form
    for _ in range(3):
        add_row(page, "thành phần hồ sơ")
    page.locator("#f-documents\\.0\\.name").fill("Tờ khai đăng ký nhận cha, mẹ, con")
    page.locator("#f-documents\\.0\\.original").fill("1")
    blank = tmp_path / "to-khai-nhan-cha-me-con.docx"
    blank.write_bytes(b"PK\x03\x04 a form staff were given")
    page.locator("#f-documents\\.0\\.form-tep").set_input_files(str(blank))
    page.get_by_text("Đã tải lên: to-khai-nhan-cha-me-con.docx").wait_for()
    page.locator("#f-documents\\.1\\.name").fill("Chứng cứ chứng minh quan hệ cha, mẹ, con")
    page.locator("#f-documents\\.1\\.original").fill("1")
    page.locator("#f-documents\\.2\\.name").fill("Giấy tờ tùy thân của người yêu cầu")
    page.locator("#f-documents\\.2\\.copy").fill("1")
    page.locator("#f-documents\\.2\\.note").fill("Xuất trình bản chính để đối chiếu")
    # two methods
    add_row(page, "cách thức thực hiện")
    add_row(page, "cách thức thực hiện")
    page.locator("#f-methods\\.0\\.method").select_option(label="Trực tiếp")
    page.locator("#f-methods\\.0\\.time").fill("03 ngày làm việc")
    page.locator("#f-methods\\.0\\.fee").fill("15.000 đồng")
    page.locator("#f-methods\\.0\\.days").fill("3")
    page.locator("#f-methods\\.1\\.method").select_option(label="Dịch vụ bưu chính")
    page.locator("#f-methods\\.1\\.time").fill("05 ngày làm việc")
    page.locator("#f-methods\\.1\\.fee").fill("15.000 đồng")
    # a legal-basis row
    add_row(page, "căn cứ pháp lý")
    page.locator("#f-legal_basis\\.0\\.number").fill("60/2014/QH13")
    page.locator("#f-legal_basis\\.0\\.title").fill("Luật Hộ tịch")
    page.locator("#f-legal_basis\\.0\\.date").fill("2014-11-20")
    page.locator("#f-legal_basis\\.0\\.issuer").fill("Quốc hội")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(address + "thu-tuc/1.999001/")
    main = page.locator("main").inner_text()
    assert "Đăng ký nhận cha, mẹ, con" in main and "Chứng cứ chứng minh quan hệ cha, mẹ, con" in main
    assert "05 ngày làm việc" in main and "Luật Hộ tịch" in main
    assert page.locator("a[href$='to-khai-nhan-cha-me-con.docx']").count() >= 1
    assert (content / "forms" / "to-khai-nhan-cha-me-con.docx").read_bytes() == blank.read_bytes()
    assert (content / "procedures" / "1.999001.yaml").read_text(encoding="utf-8") == NEW_PROCEDURE

    # amend: from the page, "Sửa trang này"; one value changed, one step added
    page.get_by_role("link", name="Sửa trang này").click()
    page.locator("#f-methods\\.0\\.time").fill("02 ngày làm việc")
    add_row(page, "trình tự thực hiện")
    page.locator("#f-steps\\.0").fill("Nộp hồ sơ tại Bộ phận một cửa.")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(address + "thu-tuc/1.999001/")
    assert "02 ngày làm việc" in page.locator("main").inner_text()
    amended = NEW_PROCEDURE.replace("    time: 03 ngày làm việc\n", "    time: 02 ngày làm việc\n").replace(
        "#  - Công chức tiếp nhận kiểm tra hồ sơ.\n", "#  - Công chức tiếp nhận kiểm tra hồ sơ.\n  - Nộp hồ sơ tại Bộ phận một cửa.\n")
    assert (content / "procedures" / "1.999001.yaml").read_text(encoding="utf-8") == amended

    # abolish: the editor offers a decision with the abolishing row
    page.get_by_role("link", name="Sửa trang này").click()
    page.get_by_role("link", name=re.compile("Bãi bỏ thủ tục này")).click()
    page.get_by_label("Tên tệp").fill("qd-bai-bo-1999001")
    page.get_by_label("Số ký hiệu").fill("99/QĐ-UBND")
    page.get_by_label("Ngày", exact=True).fill("2025-01-15")
    page.get_by_label("Tiêu đề, trích yếu").fill("Công bố thủ tục hành chính bị bãi bỏ")
    assert page.locator("#f-changes\\.0\\.code").input_value() == "1.999001"
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(address + "quyet-dinh/qd-bai-bo-1999001/")
    page.goto(address + "thu-tuc/1.999001/")
    assert "bãi bỏ" in page.locator("main").inner_text().lower()
    decision = (content / "decisions" / "qd-bai-bo-1999001.yaml").read_text(encoding="utf-8")
    assert 'number: 99/QĐ-UBND          # Số ký hiệu' in decision
    assert "changes:          # Các thủ tục được công bố; mỗi thủ tục một mục:\n" in decision
    assert decision == NEW_DECISION
    assert page.js_errors == []


def test_a_unit_overrides_a_common_procedure_with_only_the_changed_keys(page, served_units):
    address, content = served_units
    page.goto(address + "phuong-b/thu-tuc/1.000001/")
    page.get_by_role("link", name="Sửa trang này").click()
    assert "/__congkhai__/sua/procedures/1.000001.yaml" in page.url  # the common file, offered from the unit
    page.get_by_role("link", name=re.compile("Ghi đè riêng cho đơn vị phuong-b")).click()
    assert page.locator("#f-name").input_value() == "Đăng ký khai sinh"  # the common values, to change
    page.locator("#f-methods\\.0\\.time").fill("Trong ngày, cả sáng thứ Bảy")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(address + "phuong-b/thu-tuc/1.000001/")
    assert "Trong ngày, cả sáng thứ Bảy" in page.locator("main").inner_text()
    own = content / "units" / "phuong-b" / "procedures" / "1.000001.yaml"
    assert own.read_text(encoding="utf-8") == (
        "# Ghi đè thủ tục 1.000001 của danh mục chung, chỉ tại đơn vị này: chỉ ghi các mục khác với\n"
        "# content/procedures/1.000001.yaml; các mục khác lấy từ tệp đó.\n"
        "methods:\n"
        "  - method: truc-tiep\n"
        "    time: Trong ngày, cả sáng thứ Bảy\n"
        "    fee: Miễn lệ phí đăng ký đúng hạn\n")  # a key is replaced whole: the method's other values come along
    page.goto(address + "xa-a/thu-tuc/1.000001/")  # the other unit keeps the common text
    assert "Trong ngày, cả sáng thứ Bảy" not in page.locator("main").inner_text()
    # the unit's override opens as a form again, its own comment kept on the next save
    page.goto(address + "phuong-b/thu-tuc/1.000001/")
    page.get_by_role("link", name="Sửa trang này").click()
    assert "/units/phuong-b/procedures/1.000001.yaml" in page.url
    page.locator("#f-kind").fill("Thủ tục hành chính cấp xã")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(address + "phuong-b/thu-tuc/1.000001/")
    text = own.read_text(encoding="utf-8")
    assert text.startswith("# Ghi đè thủ tục 1.000001") and "kind: Thủ tục hành chính cấp xã\n" in text
    assert "name:" not in text and "code:" not in text
    assert page.js_errors == []


EDITOR_PAGES = ["sua/", "sua/site.yaml", "sua/agencies.yaml", "sua/fields.yaml", "sua/procedures/1.000656.yaml",
                "sua/decisions/qd-sua-doi-2026.yaml", "sua/plans/ke-hoach-181-2020.md", "sua/feedback/ubnd-huyen.yaml",
                "sua/pages/gioi-thieu.md", "moi/procedures", "moi/decisions?bai-bo=1.000656", "moi/plans",
                "moi/feedback", "moi/pages", "sua/khong-co.yaml"]


@pytest.mark.parametrize("width", [1280, 768])
def test_every_editor_page_passes_axe_at_desktop_and_tablet_width(browser, served_copy, width, screenshots):
    address, _ = served_copy
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    page = context.new_page()
    for path in EDITOR_PAGES:
        page.goto(address + "__congkhai__/" + path)
        assert axe_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path  # nothing wider than the screen
    page.goto(address + "__congkhai__/sua/procedures/1.000656.yaml")
    page.screenshot(path=str(screenshots / f"editor-procedure-{width}.png"), full_page=False)
    context.close()


def test_mistakes_show_next_to_the_field_while_typing_and_block_the_save(page, served_copy):
    address, content = served_copy
    before = (content / "procedures" / "1.000656.yaml").read_bytes()
    page.goto(address + "__congkhai__/sua/procedures/1.000656.yaml")
    page.locator("#f-field").fill("ho-tichh")
    page.keyboard.press("Escape")
    box = page.locator("#loi-field")
    box.get_by_text("không tìm thấy lĩnh vực 'ho-tichh'").wait_for()
    assert page.locator("#f-field").get_attribute("aria-invalid") == "true"
    assert "Còn 1 lỗi" in page.locator("#tom-tat").inner_text()
    assert axe_violations(page) == []  # the page with its messages, too
    page.get_by_role("button", name="Lưu").click()
    assert "không tìm thấy lĩnh vực 'ho-tichh'" in page.locator("#loi-field").inner_text()
    assert (content / "procedures" / "1.000656.yaml").read_bytes() == before
    # the picker, with the keyboard only: type, arrow down, Enter
    page.locator("#f-field").fill("chung thu")
    page.get_by_role("option").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#f-field").input_value() == "chung-thuc"
    page.locator("#tom-tat").get_by_text("Không có lỗi: lưu được.").wait_for()
    # the Markdown preview shows what the page will show, sanitised
    page.locator("#f-requirements").fill("Người **thân thích**<script>alert(1)</script>")
    page.get_by_role("button", name="Xem trước").click()
    preview = page.locator("#f-requirements-xem")
    preview.locator("strong", has_text="thân thích").wait_for()
    assert preview.locator("script").count() == 0
    assert [e for e in page.js_errors if "422" not in e] == []  # the refused save answers 422, as it should


def test_the_list_of_files_filters_by_name_without_diacritics(page, served_copy):
    address, _ = served_copy
    page.goto(address + "__congkhai__/sua/")
    page.get_by_label("Tìm tệp theo tên hoặc mã (không cần dấu)").fill("khai tu")
    visible = page.locator(".files li:visible")
    assert visible.count() >= 1
    assert all("khai tử" in t.lower() for t in visible.all_inner_texts())
    assert "tệp khớp" in page.locator("#loc-so").inner_text()
    assert axe_violations(page) == []
    assert page.js_errors == []
