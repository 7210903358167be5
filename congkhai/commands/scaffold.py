"""`python build.py new ...`: a new content file with every key and a Vietnamese comment on each."""

from __future__ import annotations

import json
from pathlib import Path


class ScaffoldError(Exception):
    """The file cannot be created (it exists already, or a value is unusable)."""


def _q(value) -> str:
    """A YAML value: text in double quotes (valid YAML), nothing for None."""
    if value is None or value == "":
        return ""
    return json.dumps(str(value), ensure_ascii=False)


def _v(value) -> str:
    """What follows 'key:' in a scaffold: ' value', or nothing (every empty key then reads
    'key:' and its comment, so a value typed after the colon leaves the comment in place)."""
    text = _q(value)
    return f" {text}" if text else ""


def procedure(code: str, name: str | None, field: str | None, agency: str | None, level: str) -> tuple[str, str]:
    text = f"""\
# Thủ tục hành chính, tạo bằng 'python build.py new procedure'. Điền các mục còn trống rồi chạy
# 'python build.py check'. Mục để trống hiện "Không có thông tin" trên trang và bị tính là thiếu
# trong chỉ số công khai đầy đủ; thủ tục không có nội dung đó (theo quyết định công bố) thì viết
# Không, ví dụ 'partners: Không'. Hướng dẫn: docs/huong-dan-bien-tap.md; mọi khóa: docs/noi-dung.md.
# Quyết định sửa đổi chưa có hiệu lực: không sửa tệp này, chép thành {code}@<năm-tháng-ngày>.yaml
# (ngày có hiệu lực) và sửa bản chép; có quyết định thì nhập bằng 'python build.py import docx'.
code:{_v(code)}          # Mã thủ tục (d.dddddd), phải trùng tên tệp
name:{_v(name)}          # Tên thủ tục (bắt buộc)
field:{_v(field)}          # Lĩnh vực: id trong fields.yaml (bắt buộc)
level: [{level}]          # Cấp thực hiện: tinh, huyen, xa; có thể nhiều cấp: [huyen, xa]
kind:          # Loại thủ tục (nếu có)
agency:{_v(agency)}          # Cơ quan thực hiện: id trong agencies.yaml (bắt buộc)
authority:          # Cơ quan có thẩm quyền: id cơ quan (nếu có)
delegated:          # Cơ quan được ủy quyền: id cơ quan (nếu có)
# Các mục có dòng mẫu bên dưới: bỏ dấu # ở đầu các dòng mẫu rồi sửa nội dung.
partners:          # Cơ quan phối hợp: danh sách id cơ quan
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
applicants:          # Đối tượng thực hiện: danh sách
#  - Công dân Việt Nam
result:          # Kết quả thực hiện
requirements:          # Yêu cầu, điều kiện thực hiện (có thể viết Markdown, dùng '|' cho nhiều dòng)
legal_basis:          # Căn cứ pháp lý; mỗi văn bản một mục:
#  - number: 60/2014/QH13       # Số ký hiệu
#    title: Luật Hộ tịch        # Trích yếu
#    date: 2014-11-20           # Ngày ban hành
#    issuer: Quốc hội           # Cơ quan ban hành
linked:          # Liên thông: mã các thủ tục giải quyết cùng
#  - "1.001731"
decision:          # Quyết định công bố: tên tệp (không đuôi) trong decisions/
updated:          # Ngày cập nhật, ví dụ 2025-07-01 hoặc 01/07/2025
sources:          # Nguồn: văn bản đã đối chiếu nội dung này; mỗi nguồn một mục:
#  - document: qd-3582-2025.pdf   # tệp trong content/documents/ hoặc địa chỉ web
#    sha256:                      # mã kiểm tra của tệp: để trống, 'check' in mã đúng để chép vào
#    checked: 2025-07-01          # ngày đối chiếu
#    note: Phụ lục II, mục 3      # ghi chú
"""
    return f"procedures/{code}.yaml", text


def decision(slug: str, number: str | None, date: str | None) -> tuple[str, str]:
    text = f"""\
# Quyết định công bố thủ tục hành chính, tạo bằng 'python build.py new decision'.
# Tình trạng của thủ tục (đang áp dụng, sắp áp dụng, bãi bỏ, thay thế) lấy từ các dòng 'changes'.
number:{_v(number)}          # Số ký hiệu, ví dụ 3582/QĐ-UBND (để trống nếu văn bản không số)
date:{_v(date)}          # Ngày ký, ví dụ 2025-07-01
issuer:          # Cơ quan, người ban hành
title:          # Trích yếu
effective:          # Ngày có hiệu lực (để trống: bằng ngày ký); ngày sau hôm nay: thay đổi "sắp có hiệu lực"
document:          # Văn bản đã ký: tệp trong content/forms/ hoặc địa chỉ web
changes:          # Các thủ tục được công bố; mỗi thủ tục một mục:
#  - code: "1.000656"           # Mã thủ tục (phải có tệp trong procedures/)
#    action: new                # new (ban hành mới), amended (sửa đổi, bổ sung), replaced (thay thế), abolished (bãi bỏ)
#    effective: 2027-01-01      # ngày hiệu lực riêng của dòng này (nếu khác)
#    note: Ghi chú              # ghi chú
# (Với action: replaced, thêm dòng 'replaces: "mã thủ tục cũ"'.)
sources:          # Nguồn: bản quyết định đã đối chiếu; mỗi nguồn một mục:
#  - document: qd-3582-2025.pdf   # tệp trong content/documents/ hoặc địa chỉ web
#    sha256:                      # mã kiểm tra của tệp: để trống, 'check' in mã đúng để chép vào
#    checked: 2025-07-01          # ngày đối chiếu
"""
    return f"decisions/{slug}.yaml", text


def plan(slug: str, number: str | None, date: str | None, title: str | None) -> tuple[str, str]:
    text = f"""\
---
# Kế hoạch, tạo bằng 'python build.py new plan'. Phần giữa hai dòng '---' là thông tin; phần sau là
# nội dung kế hoạch viết bằng Markdown (## I. MỤC ĐÍCH, YÊU CẦU ...).
number:{_v(number)}          # Số kế hoạch, ví dụ 181/KH-UBND (bắt buộc)
date:{_v(date)}          # Ngày ban hành (bắt buộc)
place:          # Địa danh ghi cạnh ngày, ví dụ Cẩm Xuyên
issuer:          # Cơ quan ban hành, ví dụ ỦY BAN NHÂN DÂN HUYỆN CẨM XUYÊN
title:{_v(title)}          # Trích yếu (bắt buộc)
legal_basis:          # Các đoạn "Căn cứ ..."
#  - Căn cứ Nghị định số 63/2010/NĐ-CP của Chính phủ về kiểm soát thủ tục hành chính;
signer:          # Người ký
signer_title:          # Chức danh, nhiều dòng: "TM. ỦY BAN NHÂN DÂN\\nKT. CHỦ TỊCH\\nPHÓ CHỦ TỊCH"
recipients:          # Nơi nhận
#  - UBND tỉnh;
#  - "Lưu: VT."
appendices:          # Phụ lục; mỗi phụ lục:
#  - title: PHỤ LỤC 1           # Tiêu đề
#    subtitle: (Kèm theo Kế hoạch) # Dòng dưới tiêu đề
#    columns: [TT, Nội dung công việc, Cơ quan chủ trì, Cơ quan phối hợp, Dự kiến sản phẩm, Thời gian thực hiện]
#    tasks:
#      - section: I. Tên mục    # dòng chỉ có 'section' là dòng tiêu đề mục
#      - no: 1
#        content: Nội dung công việc
#        lead: Cơ quan chủ trì
#        partners: Cơ quan phối hợp
#        product: Dự kiến sản phẩm
#        timeline: Thời gian thực hiện
---
## I. MỤC ĐÍCH, YÊU CẦU

"""
    return f"plans/{slug}.md", text


def feedback(slug: str, agency: str | None) -> tuple[str, str]:
    text = f"""\
# Địa chỉ tiếp nhận phản ánh, kiến nghị về quy định hành chính (Nghị định 20/2008/NĐ-CP),
# tạo bằng 'python build.py new feedback'. Địa chỉ này hiện ở chân mọi trang nếu site.yaml chọn nó.
title:          # Tiêu đề, ví dụ Địa chỉ tiếp nhận phản ánh, kiến nghị – UBND xã ...
agency:{_v(agency)}          # Cơ quan tiếp nhận: id trong agencies.yaml (bắt buộc)
address:          # Địa chỉ cơ quan
mail_address:          # Địa chỉ thư tín
phone:          # Số điện thoại chuyên dùng, viết trong dấu nháy: "0239 3861 000"
email:          # Thư điện tử
online:          # Kênh trực tuyến; mỗi kênh một mục:
#  - name: Cổng Dịch vụ công quốc gia
#    url: https://dichvucong.gov.vn/
hours:          # Thời gian tiếp nhận
scope:          # Phạm vi tiếp nhận
#  - Quy định hành chính và việc giải quyết thủ tục hành chính của các cơ quan trên địa bàn
legal_basis:          # Căn cứ pháp lý
#  - Nghị định số 20/2008/NĐ-CP
posted_at:          # Nơi niêm yết
#  - Bộ phận Tiếp nhận và Trả kết quả
guidance:          # Hướng dẫn gửi phản ánh (Markdown, dùng '|' cho nhiều dòng)
"""
    return f"feedback/{slug}.yaml", text


def page(slug: str, title: str | None) -> tuple[str, str]:
    text = f"""\
---
# Trang tự do, tạo bằng 'python build.py new page'. Địa chỉ trang: /{slug}/
title:{_v(title)}          # Tiêu đề trang (bắt buộc)
order: 0          # Thứ tự trong danh sách trang
description:          # Mô tả ngắn
---
Nội dung trang viết bằng Markdown.
"""
    return f"pages/{slug}.md", text


def write(content: Path, rel: str, text: str) -> Path:
    path = content / rel
    if path.exists():
        raise ScaffoldError(f"tệp '{path}' đã có; không ghi đè. Chọn tên khác hoặc sửa trực tiếp tệp đó.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def unit(content: Path, unit_id: str, name: str, level: str) -> list[Path]:
    """`new unit ID`: units/<ID>/site.yaml, agencies.yaml binding every shared role, and a
    feedback address; the shared site.yaml gets 'units: true' if it lacks it. Nothing is
    written when the unit exists."""
    from ..units.tree import read_site
    folder = content / "units" / unit_id
    if folder.exists():
        raise ScaffoldError(f"đơn vị '{unit_id}' đã có ({folder}); không ghi đè.")
    roles = _roles(content / "agencies.yaml")
    site = f"""\
# Đơn vị {name}, tạo bằng 'python build.py new unit {unit_id}'. Thủ tục lấy từ danh mục chung
# (content/procedures/); tệp này chỉ ghi thông tin riêng của đơn vị. Mọi khóa: docs/noi-dung.md.
name:{_v(name)}          # Tên đơn vị, hiện ở đầu mọi trang (bắt buộc)
short_name:          # Tên ngắn, dùng trong tiêu đề cửa sổ
level: {level}          # Cấp: xa (phường, đặc khu cũng là cấp xã) hoặc tinh
parent:          # Đơn vị cấp trên, ví dụ "tỉnh Hà Tĩnh"
base_url:          # Địa chỉ riêng trên cổng (nếu có); để trống: <địa chỉ chung>/{unit_id}/
description:          # Một câu giới thiệu trên trang chủ
contact:          # Liên hệ của đơn vị
  address:
  phone:
  email:
service_centre:          # Trung tâm phục vụ hành chính công / Bộ phận một cửa
  name:{_v("Bộ phận Một cửa " + name)}
  address:
  hours:
feedback: {unit_id}          # Tệp trong feedback/ hiện ở chân mọi trang
popular: []          # Mã thủ tục người dân hay làm, hiện đầu trang chủ, ví dụ ["1.001193"]
procedures:          # Thủ tục của danh mục chung mà đơn vị công bố
  levels: [{level}]          # Các cấp; thêm mã bằng include: [...], bỏ mã bằng exclude: [...]
"""
    bindings = "".join(f"""\
- id: {role}          # vai trò "{role_name}" trong agencies.yaml chung
  name:{_v(role_name + " – " + name)}          # sửa thành tên thật của cơ quan
  address:
  phone:
  email:
  hours:
""" for role, role_name in roles)
    agencies = f"""\
# Cơ quan của {name}. Mỗi mục có id trùng một vai trò chung (role: true trong agencies.yaml
# chung) là cơ quan thật giữ vai trò đó ở đơn vị này: điền tên, địa chỉ, điện thoại thật.
# Thêm cơ quan riêng của đơn vị bằng mục mới với id khác.
{bindings or "[]" + chr(10)}"""
    agency = roles[0][0] if roles else "ubnd-xa"
    feedback_text = f"""\
# Địa chỉ tiếp nhận phản ánh, kiến nghị của {name} (hiện ở chân mọi trang của đơn vị).
agency: {agency}          # Cơ quan tiếp nhận: id trong agencies.yaml của đơn vị
address:          # Địa chỉ nhận thư
phone:          # Điện thoại
email:          # Thư điện tử
"""
    if not roles:
        agencies += f"- id: {agency}\n  name:{_v('UBND ' + name)}\n"
    written = [write(content, f"units/{unit_id}/site.yaml", site),
               write(content, f"units/{unit_id}/agencies.yaml", agencies),
               write(content, f"units/{unit_id}/feedback/{unit_id}.yaml", feedback_text)]
    publisher = read_site(content / "site.yaml")
    if publisher is not None and not publisher.units:
        _set_units_true(content / "site.yaml")
        written.append(content / "site.yaml")
    return written


def _roles(path: Path) -> list[tuple[str, str]]:
    """The shared roles (id, name) of agencies.yaml."""
    from ..units.tree import read_data
    items = read_data(path)
    return [(str(i["id"]), str(i.get("name") or i["id"])) for i in items if isinstance(i, dict) and i.get("role") is True
            and i.get("id")] if isinstance(items, list) else []


def _set_units_true(path: Path) -> None:
    """Add 'units: true' to the shared site.yaml, keeping its comments (round trip)."""
    from ruamel.yaml import YAML
    yaml = YAML()
    yaml.preserve_quotes = True
    data = yaml.load(path.read_text(encoding="utf-8"))
    data["units"] = True
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)
