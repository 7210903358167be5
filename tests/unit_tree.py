"""A small tree of units (DESIGN.md "Units") for the tests: a province's common catalogue and
two communes. Positions in test messages are counted by hand from these texts."""

from __future__ import annotations

from pathlib import Path

from .conftest import write_site

UNIT_FILES = {
    "site.yaml": """\
        name: UBND tỉnh Thử Nghiệm
        level: tinh
        base_url: https://tinh.example.gov.vn/tthc/
        units: true
        """,
    "agencies.yaml": """\
        - id: ubnd-xa
          name: Ủy ban nhân dân cấp xã
          role: true
        - id: so-tu-phap
          name: Sở Tư pháp tỉnh Thử Nghiệm
          phone: "0239 111 111"
        """,
    "fields.yaml": """\
        - id: ho-tich
          name: Hộ tịch
        - id: ly-lich
          name: Lý lịch tư pháp
        """,
    "procedures/1.000001.yaml": """\
        code: "1.000001"
        name: Đăng ký khai sinh
        field: ho-tich
        level: xa
        agency: ubnd-xa
        receiving: [ubnd-xa]
        methods:
          - method: truc-tiep
            time: Ngay trong ngày
            fee: Miễn lệ phí đăng ký đúng hạn
        requirements: Đăng ký trong 60 ngày kể từ ngày sinh.
        result: Giấy khai sinh
        decision: qd-1
        """,
    "procedures/1.000002.yaml": """\
        code: "1.000002"
        name: Đăng ký kết hôn
        field: ho-tich
        level: xa
        agency: ubnd-xa
        linked: ["2.000003"]
        decision: qd-1
        """,
    "procedures/2.000003.yaml": """\
        code: "2.000003"
        name: Cấp phiếu lý lịch tư pháp
        field: ly-lich
        level: tinh
        agency: so-tu-phap
        decision: qd-1
        """,
    "decisions/qd-1.yaml": """\
        number: 1/QĐ-UBND
        date: 2025-07-01
        issuer: Chủ tịch UBND tỉnh Thử Nghiệm
        title: Công bố danh mục thủ tục hành chính
        changes:
          - code: "1.000001"
            action: new
          - code: "1.000002"
            action: new
          - code: "2.000003"
            action: new
        """,
    "units/xa-a/site.yaml": """\
        name: UBND xã An Phú
        level: xa
        feedback: pakn-a
        """,
    "units/xa-a/agencies.yaml": """\
        - id: ubnd-xa
          name: UBND xã An Phú
          address: Thôn Một, xã An Phú
          phone: "0239 222 001"
        """,
    "units/xa-a/feedback/pakn-a.yaml": """\
        agency: ubnd-xa
        email: pakn.anphu@example.gov.vn
        """,
    "units/xa-a/procedures/1.000001.yaml": """\
        # Only what xã An Phú changes
        requirements: Tại xã An Phú, nhận hồ sơ cả sáng thứ Bảy.
        """,
    "units/phuong-b/site.yaml": """\
        name: UBND phường Bình Minh
        level: phuong
        feedback: pakn-b
        procedures:
          include: ["2.000003"]
          exclude: ["1.000002"]
        """,
    "units/phuong-b/agencies.yaml": """\
        - id: ubnd-xa
          name: UBND phường Bình Minh
          phone: "0239 222 002"
        """,
    "units/phuong-b/feedback/pakn-b.yaml": """\
        agency: ubnd-xa
        email: pakn.binhminh@example.gov.vn
        """,
    "units/phuong-b/procedures/1.999999.yaml": """\
        code: "1.999999"
        name: Đăng ký tham gia chợ đêm Bình Minh
        field: ho-tich
        level: xa
        agency: ubnd-xa
        """,
}


def write_units(root: Path, changes: dict | None = None) -> Path:
    files = dict(UNIT_FILES)
    for rel, text in (changes or {}).items():
        if text is None:
            files.pop(rel, None)
        else:
            files[rel] = text
    return write_site(root, files)
