"""Every content mistake: exact file:line:col, a Vietnamese message, exit 1, no traceback,
and the previous output/ left byte-for-byte as it was.

Positions are counted by hand from the scratch files in conftest.py.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from congkhai.cli import main

from .conftest import SCRATCH_FILES, tree_digest, write_site

P = "procedures/1.000656.yaml"
D1 = "decisions/qd-1.yaml"
D2 = "decisions/qd-2.yaml"
PLAN = "plans/ke-hoach-1.md"


def edited(rel: str, old: str, new: str) -> dict[str, str]:
    """The scratch file ``rel`` with one exact piece of text replaced."""
    text = textwrap.dedent(SCRATCH_FILES[rel])
    assert old in text, f"{old!r} not in {rel}"
    return {rel: text.replace(old, new, 1)}


@dataclass
class Mistake:
    name: str
    files: dict  # relative path -> new text or bytes (None deletes the file)
    where: str  # "content/<path>:<line>:<col>"
    message: str  # a fragment of the Vietnamese message on that line
    hint: str = ""  # a fragment expected in the hint, if any
    extra: list = field(default_factory=list)


MISTAKES = [
    # --- YAML itself -------------------------------------------------------------------
    Mistake("unclosed quote", edited("procedures/2.000815.yaml", "name: Chứng", 'name: "Chứng'),
            "procedures/2.000815.yaml:2:7", "dấu nháy mở nhưng chưa đóng"),
    Mistake("unclosed quote closed by a later one", edited(P, "name: Đăng ký khai tử", 'name: "Đăng ký khai tử'),
            f"{P}:26:11", "thụt lề không thẳng hàng", "Dòng 2 có dấu nháy kép \" mở mà chưa đóng"),
    Mistake("tab indentation", edited(P, "  - method: truc-tiep", "\t- method: truc-tiep"),
            f"{P}:11:1", "có ký tự tab", "thay mỗi Tab bằng dấu cách"),
    Mistake("colon inside a plain value", edited(P, "result: Trích lục khai tử", "result: Kết quả: Trích lục: khai tử"),
            f"{P}:20:16", "dấu hai chấm ':' đặt sai chỗ", "dấu nháy kép"),
    Mistake("key indented deeper than its siblings", edited(P, "result: Trích lục", "  result: Trích lục"),
            f"{P}:20:3", "thụt lề sai: dòng 20 bắt đầu ở cột 3, các khóa cùng cấp (dòng 1) bắt đầu ở cột 1",
            "Cho dòng 20 bắt đầu ở cột 1 (bớt 2 dấu cách)"),
    Mistake("nested key indented deeper", edited(P, "    fee: Miễn", "      fee: Miễn"), f"{P}:13:7",
            "thụt lề sai: dòng 13 bắt đầu ở cột 7, sâu hơn khóa cùng cấp ở dòng 12 (cột 5)",
            "Cho dòng 13 bắt đầu ở cột 5 (bớt 2 dấu cách)"),
    Mistake("nested key indented shallower", edited(P, "    fee: Miễn", "   fee: Miễn"), f"{P}:13:4",
            "thụt lề sai: dòng 13 bắt đầu ở cột 4, các khóa cùng cấp (dòng 11) bắt đầu ở cột 5",
            "Cho dòng 13 bắt đầu ở cột 5 (thêm 1 dấu cách)"),
    Mistake("list item out of line", edited(P, "  - Nhận Trích", "- Nhận Trích"), f"{P}:9:1",
            "thụt lề sai: dòng 9 bắt đầu ở cột 1, mục trên nó (dòng 8) bắt đầu ở cột 3",
            "Cho dòng 9 bắt đầu ở cột 3 (thêm 2 dấu cách)"),
    Mistake("empty list followed by items", edited(P, "steps:\n", "steps: []\n"), f"{P}:8:3",
            "khóa 'steps' ở dòng 7 đã có giá trị rỗng, nên các dòng '- ...' bên dưới không thuộc về nó",
            "Xóa '[]' (hoặc '{}') sau 'steps:' ở dòng 7."),
    Mistake("duplicate key", edited(P, "name: Đăng ký khai tử\n", "name: Đăng ký khai tử\nname: Khác\n"),
            f"{P}:3:1", "khóa 'name' bị lặp lại (đã có ở dòng 2)"),
    Mistake("not a mapping", {P: "- một\n- hai\n"}, f"{P}:1:1", "nội dung tệp phải gồm các cặp 'khóa: giá trị'"),
    Mistake("empty file", {P: "\n  \n"}, f"{P}:1:1", "tệp rỗng"),
    Mistake("not UTF-8", {P: b'code: "1.000656"\nname: \xd0\xe3ng k\xfd\n'}, f"{P}:2:7",
            "tệp không được lưu bằng bảng mã UTF-8", "UTF-8"),
    # --- keys, types and values -----------------------------------------------------------
    Mistake("missing required key", edited(P, "name: Đăng ký khai tử\n", ""), f"{P}:1:1",
            "thiếu khóa bắt buộc 'name' (Tên thủ tục)"),
    Mistake("unknown key with suggestion", edited(P, "field: ho-tich", "feild: ho-tich"), f"{P}:3:1",
            "khóa không hợp lệ 'feild'", "có phải ý bạn là 'field'?"),
    Mistake("unknown nested key", edited(P, "    fee: Miễn", "    fees: Miễn"), f"{P}:13:5",
            "khóa không hợp lệ 'fees'", "có phải ý bạn là 'fee'?"),
    Mistake("wrong type: list for text", edited(P, "result: Trích lục khai tử", "result: [a, b]"), f"{P}:20:9",
            "'result' (Kết quả thực hiện) phải là một đoạn chữ"),
    Mistake("wrong type: mapping for list", edited(P, "applicants: [Người thân của người chết]", "applicants: {a: b}"),
            f"{P}:19:13", "'applicants' (Đối tượng thực hiện) phải là một đoạn chữ"),
    Mistake("bad level", edited(P, "level: xa", "level: quan"), f"{P}:4:8",
            "giá trị 'quan' không hợp lệ cho 'level' (Cấp thực hiện)", "tinh', 'huyen', 'xa"),
    Mistake("bad method", edited(P, "  - method: truc-tiep", "  - method: online"), f"{P}:11:13",
            "giá trị 'online' không hợp lệ cho 'method'"),
    Mistake("bad online level", edited(P, "updated: 2020-03-01", "updated: 2020-03-01\nonline: toan-trinh"), f"{P}:29:9",
            "giá trị 'toan-trinh' không hợp lệ cho 'online'"),
    Mistake("negative count", edited(P, "    original: 1", "    original: -1"), f"{P}:16:15",
            "'original' có giá trị -1 nằm ngoài khoảng cho phép"),
    Mistake("bad code format", edited(P, 'code: "1.000656"', 'code: "1.00656"'), f"{P}:1:7",
            "mã thủ tục '1.00656' không đúng dạng d.dddddd"),
    Mistake("code differs from file name", edited(P, 'code: "1.000656"', 'code: "1.000657"'), f"{P}:1:7",
            "mã thủ tục '1.000657' khác tên tệp '1.000656.yaml'"),
    Mistake("duplicate code", {"procedures/1.000656.yml": textwrap.dedent(SCRATCH_FILES[P])},
            "procedures/1.000656.yml:1:7", "mã thủ tục '1.000656' bị trùng"),
    Mistake("bad date", edited(P, "updated: 2020-03-01", "updated: 2020-02-30"), f"{P}:28:10",
            "ngày không hợp lệ cho 'updated' (Ngày cập nhật): '2020-02-30'"),
    Mistake("documents and cases together", edited(P, "updated: 2020-03-01", "updated: 2020-03-01\ncases:\n  - title: A"),
            f"{P}:1:1", "chỉ dùng một trong hai khóa 'documents' hoặc 'cases'"),
    Mistake("javascript: online link", edited(P, "updated: 2020-03-01", "updated: 2020-03-01\nonline_url: javascript:alert(1)"),
            f"{P}:29:13", "địa chỉ web 'javascript:alert(1)' của 'online_url' không hợp lệ", "https://"),
    Mistake("base_url without scheme", edited("site.yaml", "base_url: https://example.gov.vn/tthc/", "base_url: example.gov.vn/tthc"),
            "site.yaml:4:11", "địa chỉ web 'example.gov.vn/tthc' của 'base_url' không hợp lệ"),
    Mistake("bad id", edited("fields.yaml", "- id: chung-thuc", "- id: Chứng Thực"), "fields.yaml:4:7",
            "mã định danh 'Chứng Thực' chỉ được gồm chữ thường không dấu", "có phải ý bạn là 'chung-thuc'?"),
    Mistake("list file is not a list", {"fields.yaml": "ho-tich: Hộ tịch\n"}, "fields.yaml:1:1",
            "tệp fields.yaml phải là một danh sách"),
    Mistake("duplicate agency id", edited("agencies.yaml", "  parent: ubnd-xa\n", "  parent: ubnd-xa\n- id: mot-cua\n  name: X\n"),
            "agencies.yaml:9:7", "mã 'mot-cua' bị trùng trong agencies.yaml"),
    Mistake("bad site level", edited("site.yaml", "level: xa", "level: quan"), "site.yaml:2:8",
            "giá trị 'quan' không hợp lệ cho 'level'"),
    Mistake("missing site.yaml", {"site.yaml": None}, "site.yaml:1:1", "thiếu tệp site.yaml"),
    # --- references ----------------------------------------------------------------------
    Mistake("dangling field", edited(P, "field: ho-tich", "field: ho-tic"), f"{P}:3:8",
            "không tìm thấy lĩnh vực 'ho-tic'", "có phải ý bạn là 'ho-tich'?"),
    Mistake("dangling agency", edited(P, "agency: ubnd-xa", "agency: ubnd-huyen"), f"{P}:5:9",
            "không tìm thấy cơ quan 'ubnd-huyen'", "agencies.yaml"),
    Mistake("dangling receiving", edited(P, "receiving: [mot-cua]", "receiving: [mot-cua, kho]"), f"{P}:6:22",
            "không tìm thấy cơ quan 'kho'"),
    Mistake("dangling partner", edited(P, "receiving: [mot-cua]", "receiving: [mot-cua]\npartners: [cong-an]"), f"{P}:7:12",
            "không tìm thấy cơ quan 'cong-an'"),
    Mistake("dangling linked", edited(P, 'linked: ["2.000815"]', 'linked: ["9.999999"]'), f"{P}:26:10",
            "không tìm thấy thủ tục '9.999999'"),
    Mistake("linked to itself", edited(P, 'linked: ["2.000815"]', 'linked: ["1.000656"]'), f"{P}:26:10",
            "thủ tục không thể liên thông với chính nó"),
    Mistake("dangling decision", edited(P, "decision: qd-1", "decision: qd-9"), f"{P}:27:11",
            "không tìm thấy quyết định 'qd-9'"),
    Mistake("missing form file", edited(P, "form: to-khai.txt", "form: mau-1.docx"), f"{P}:18:11",
            "không tìm thấy tệp mẫu 'mau-1.docx' trong content/forms/"),
    Mistake("form outside forms/", edited(P, "form: to-khai.txt", "form: ../site.yaml"), f"{P}:18:11",
            "không được ra ngoài thư mục forms/"),
    Mistake("dangling agency parent", edited("agencies.yaml", "  parent: ubnd-xa", "  parent: ubnd-huyen"),
            "agencies.yaml:8:11", "không tìm thấy cơ quan 'ubnd-huyen'"),
    Mistake("dangling site feedback", edited("site.yaml", "feedback: ubnd-xa", "feedback: khong-co"), "site.yaml:5:11",
            "không tìm thấy địa chỉ phản ánh, kiến nghị 'khong-co'"),
    Mistake("dangling popular procedure", edited("site.yaml", "feedback: ubnd-xa", 'feedback: ubnd-xa\npopular: ["9.999999"]'),
            "site.yaml:6:11", "không tìm thấy thủ tục '9.999999'"),
    Mistake("dangling feedback agency", edited("feedback/ubnd-xa.yaml", "agency: ubnd-xa", "agency: ubnd-tinh"),
            "feedback/ubnd-xa.yaml:1:9", "không tìm thấy cơ quan 'ubnd-tinh'"),
    # --- decisions -----------------------------------------------------------------------
    Mistake("bad decision date", edited(D1, "date: 2020-03-20", "date: 31/13/2020"), f"{D1}:2:7",
            "ngày không hợp lệ cho 'date': '31/13/2020'"),
    Mistake("dangling change code", edited(D1, '  - code: "2.000815"', '  - code: "2.999999"'), f"{D1}:9:11",
            "không tìm thấy thủ tục '2.999999'"),
    Mistake("bad action", edited(D1, "    action: new\n  - code", "    action: deleted\n  - code"), f"{D1}:8:13",
            "giá trị 'deleted' không hợp lệ cho 'action'", "new', 'amended', 'replaced', 'abolished"),
    Mistake("replaced without replaces", edited(D1, "    action: new\n  - code", "    action: replaced\n  - code"),
            f"{D1}:7:5", "thiếu khóa 'replaces'"),
    Mistake("dangling replaces", edited(D2, 'replaces: "2.000815"', 'replaces: "2.000816"'), f"{D2}:7:15",
            "không tìm thấy thủ tục '2.000816'"),
    Mistake("conflicting changes in two decisions",
            edited(D2, '    replaces: "2.000815"\n', '    replaces: "2.000815"\n  - code: "1.000656"\n    action: amended\n    effective: 2020-04-01\n'),
            f"{D2}:8:11", "thủ tục 1.000656 có 2 thay đổi cùng có hiệu lực ngày 01/04/2020: content/decisions/qd-1.yaml:7 "
            "(ban hành mới, quyết định số 1/QĐ-UBND); content/decisions/qd-2.yaml:8 (sửa đổi, bổ sung, quyết định số 2/QĐ-UBND)",
            "nếu để nguyên, thủ tục được coi là đang áp dụng"),
    Mistake("decision does not list its procedure", edited(D1, '  - code: "2.000815"\n    action: new\n', ""),
            "procedures/2.000815.yaml:10:11", "quyết định số 1/QĐ-UBND không có dòng thay đổi nào cho thủ tục 2.000815"),
    Mistake("file name unusable as slug", {"decisions/QĐ 3.yaml": "number: 3/QĐ-UBND\ndate: 2021-01-01\n"},
            "decisions/QĐ 3.yaml:1:1", "tên tệp 'QĐ 3.yaml' không dùng được làm địa chỉ trang", "qd-3.yaml"),
    # --- plans and pages --------------------------------------------------------------------
    Mistake("unclosed front matter", {PLAN: "---\nnumber: 1/KH-UBND\ndate: 2020-01-31\ntitle: X\n\nNội dung.\n"},
            f"{PLAN}:1:1", "không có dòng '---' đóng lại"),
    Mistake("missing front matter", {"pages/gioi-thieu.md": "# Giới thiệu\n\nNội dung.\n"}, "pages/gioi-thieu.md:1:1",
            "thiếu phần thông tin đầu tệp (front matter)"),
    Mistake("plan missing title", edited(PLAN, "title: Kiểm soát thủ tục hành chính năm 2020\n", ""), f"{PLAN}:2:1",
            "thiếu khóa bắt buộc 'title'"),
    Mistake("plan bad date", edited(PLAN, "date: 2020-01-31", "date: 2020-01-32"), f"{PLAN}:3:7",
            "ngày không hợp lệ cho 'date': '2020-01-32'"),
    Mistake("plan unknown column", edited(PLAN, "  - title: PHỤ LỤC\n", "  - title: PHỤ LỤC\n    columns: [TT, Ghi chú]\n"),
            f"{PLAN}:10:5", "có tên cột không nhận ra"),
    Mistake("page takes a reserved slug", {"pages/thu-tuc.md": "---\ntitle: Thủ tục\n---\nx\n"}, "pages/thu-tuc.md:1:1",
            "trùng với một mục có sẵn của trang web"),
    # --- procedures/<code>@<date>.yaml: a version waiting to take effect ----------------------
    Mistake("version without an amending row", {"procedures/1.000656@2027-01-01.yaml": "code: \"1.000656\"\nname: Đăng ký khai tử\n"},
            "procedures/1.000656@2027-01-01.yaml:1:1",
            "không có quyết định nào sửa đổi, bổ sung hay thay thế thủ tục 1.000656 có hiệu lực ngày 01/01/2027",
            "action: amended"),
    Mistake("version of a procedure without its file", {"procedures/1.004222@2024-07-01.yaml":
                                                        "code: \"1.004222\"\nname: Đăng ký thường trú\n"},
            "procedures/1.004222@2024-07-01.yaml:1:1", "bản chờ áp dụng của thủ tục 1.004222 nhưng chưa có tệp 1.004222.yaml"),
    Mistake("version with an impossible date", {"procedures/1.000656@2027-02-30.yaml": "code: \"1.000656\"\nname: X\n"},
            "procedures/1.000656@2027-02-30.yaml:1:1", "không đúng dạng <mã>@<năm-tháng-ngày>.yaml"),
    Mistake("version with another code", {"procedures/1.001193@2024-07-01.yaml": "code: \"1.000656\"\nname: X\n"},
            "procedures/1.001193@2024-07-01.yaml:1:7", "mã thủ tục '1.000656' khác mã trong tên tệp"),
    # --- search.yaml: the unit's search vocabulary -----------------------------------------
    Mistake("search group of one phrase", {"search.yaml": "synonyms:\n  - [sổ hồng, giấy chứng nhận]\n  - [nhà văn hóa]\n"},
            "search.yaml:3:5", "mỗi nhóm trong 'synonyms' cần ít nhất hai cách nói", "cách nhau bằng dấu phẩy"),
    Mistake("search unknown key", {"search.yaml": "synonyms:\n  - [sổ hồng, giấy chứng nhận]\nstopword: [xin]\n"},
            "search.yaml:3:1", "khóa không hợp lệ 'stopword'", "stopwords"),
    Mistake("search synonyms not a list", {"search.yaml": "synonyms: sổ hồng\n"},
            "search.yaml:1:11", "'synonyms' phải là một danh sách"),
    Mistake("search phrase is a number", {"search.yaml": "synonyms:\n  - [ct07, 7]\n"},
            "search.yaml:2:12", "phải là chữ, không phải số 7"),
]


@pytest.fixture
def built_site(tmp_path, monkeypatch):
    """A scratch site with one good build in output/; the working directory is tmp_path."""
    write_site(tmp_path / "content", SCRATCH_FILES)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "output", "--as-of", "2025-01-01"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_there_are_at_least_thirty_distinct_mistakes():
    assert len({m.name for m in MISTAKES}) == len(MISTAKES) >= 30


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_content_mistake(mistake: Mistake, built_site: Path):
    before = tree_digest(built_site / "output")
    for rel, text in mistake.files.items():
        path = built_site / "content" / rel
        if text is None:
            path.unlink()
        elif isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "--content", "content", "--output", "output", "--as-of", "2025-01-01"])

    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    # staff read Vietnamese: nothing of pydantic's or YAML's English leaks through
    assert not re.search(r"\b(Input should|Field required|Value error|Extra inputs|found character|mapping values)\b",
                         result.stderr), result.stderr
    lines = result.stderr.splitlines()
    prefix = f"content/{mistake.where}: lỗi: "
    matching = [i for i, line in enumerate(lines) if line.startswith(prefix) and mistake.message in line]
    assert matching, f"no line starting {prefix!r} with {mistake.message!r} in:\n{result.stderr}"
    if mistake.hint:
        following = lines[matching[0] + 1] if matching[0] + 1 < len(lines) else ""
        assert following.strip().startswith("gợi ý:") and mistake.hint in following, following
    assert tree_digest(built_site / "output") == before
    assert not list(built_site.glob(".output.*")), "a staging folder was left behind"


@pytest.mark.parametrize("rel, old, new, where, message", [
    ("agencies.yaml", "  name: Bộ phận Một cửa xã\n", "", "agencies.yaml:6:3", "thiếu khóa bắt buộc 'name'"),
    ("decisions/qd-1.yaml", "number:", "numbr:", "decisions/qd-1.yaml:1:1", "khóa không hợp lệ 'numbr'"),
    ("procedures/2.000815.yaml", "name: Chứng", 'name: "Chứng', "procedures/2.000815.yaml:2:7",
     "dấu nháy mở nhưng chưa đóng"),
], ids=["agency", "decision", "procedure"])
def test_one_mistake_is_reported_once_not_where_the_item_is_named(built_site, rel, old, new, where, message):
    """An agency, decision or procedure whose own file is wrong is named elsewhere (receiving,
    decision, linked): staff see the one mistake, not a second 'does not exist' for each use."""
    (built_site / "content" / rel).write_text(edited(rel, old, new)[rel], encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": lỗi: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"content/{where}: lỗi: ") and message in errors[0], errors
    assert "chưa có" not in errors[0] and "không có" not in errors[0]


def test_staff_notes_left_in_published_text_are_warnings_at_their_place(built_site):
    """'chưa xác minh', TODO, xxx in a value or a page's text: check warns at the line and
    column; the same words in a YAML comment are the right place for them and pass."""
    content = built_site / "content"
    (content / P).write_text(edited(P, "result: Trích lục khai tử", "result: Trích lục khai tử (chưa xác minh)  # chưa xác minh")[P],
                             encoding="utf-8")
    plan = content / PLAN
    plan.write_text(plan.read_text(encoding="utf-8") + "\nTODO: bổ sung phụ lục.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--content", "content"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "ghi chú nội bộ" in line]
    plan_line = len(plan.read_text(encoding="utf-8").splitlines())
    assert warnings == [  # in file order: plans/ before procedures/
        f"content/{PLAN}:{plan_line}:1: cảnh báo: 'TODO' là ghi chú nội bộ nhưng nằm trong nội dung sẽ đăng lên trang",
        f"content/{P}:20:28: cảnh báo: 'chưa xác minh' là ghi chú nội bộ nhưng nằm trong nội dung sẽ đăng lên trang",
    ], result.stderr


def test_the_sample_content_publishes_no_staff_notes():
    from .conftest import SAMPLE

    result = CliRunner().invoke(main, ["check", "--content", str(SAMPLE)])
    assert result.exit_code == 0 and "ghi chú nội bộ" not in result.stderr
