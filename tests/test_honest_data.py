"""Real data, shown honestly: every element in its three states (given, explicitly none, not
given) on the page, in the completeness indicator and in check's warnings; what is given is
never dropped and nothing is invented."""

from __future__ import annotations

import hashlib
import html
import json
import re
import time

import pytest
from click.testing import CliRunner

from congkhai.cli import main
from congkhai.model.completeness import ELEMENTS, REQUIRED

from .conftest import SCRATCH_FILES, write_site

AS_OF = "2025-01-01"

# One procedure per state: every element given; every element written "Không" where that is a
# value; and nothing but code and name.
GIVEN = SCRATCH_FILES["procedures/1.000656.yaml"].replace("        updated: 2020-03-01\n", """\
        updated: 2020-03-01
        kind: TTHC được luật giao quy định chi tiết
        authority: ubnd-xa
        delegated: mot-cua
        partners: [mot-cua]
        online: partial
        online_url: https://dichvucong.gov.vn/nop/1.000656
        requirements: Người chết có nơi cư trú cuối cùng tại xã.
        """)
NONE = """\
    code: "1.001193"
    name: Đăng ký khai sinh
    field: ho-tich
    level: xa
    kind: Không
    agency: Không
    authority: Không
    delegated: Không
    partners: Không
    receiving: Không
    steps: Không
    methods: Không
    online: none
    documents: Không
    applicants: Không
    result: Không
    requirements: Không
    legal_basis: Không
    linked: Không
    decision: qd-2
    updated: 2024-06-01
    """
BARE = """\
    code: "2.000815"
    name: Chứng thực bản sao từ bản chính
    decision: qd-1
    """


@pytest.fixture
def states(tmp_path):
    files = dict(SCRATCH_FILES, **{"procedures/1.000656.yaml": GIVEN, "procedures/1.001193.yaml": NONE,
                                   "procedures/2.000815.yaml": BARE})
    # qd-2 replaces 2.000815 by 1.001193: keep every procedure current for this test
    files["decisions/qd-2.yaml"] = "number: 2/QĐ-UBND\ndate: 2024-06-01\nchanges:\n  - code: \"1.001193\"\n    action: new\n"
    return write_site(tmp_path / "content", files)


def run(content, *args):
    return CliRunner().invoke(main, [*args, "--content", str(content), "--as-of", AS_OF])


def facts(page: str) -> dict[str, str]:
    """Each <dt> label of a page with the text of its <dd>."""
    pairs = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page, re.S)
    return {html.unescape(re.sub("<[^>]+>", "", k)).strip(): html.unescape(re.sub("<[^>]+>", "", v)).strip() for k, v in pairs}


def section(page: str, heading: str) -> str:
    """The text between a <h2> and the next heading (or the end of the article)."""
    match = re.search(rf"<h2[^>]*>{heading}.*?</h2>(.*?)(?:<h[12]|</article>)", page, re.S)
    assert match, heading
    return html.unescape(re.sub("<[^>]+>", " ", match.group(1))).split()


@pytest.fixture
def built(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    return tmp_path / "out", result


def page_of(out, code):
    return (out / "thu-tuc" / code / "index.html").read_text(encoding="utf-8")


AGENCIES = ("Cơ quan thực hiện", "Cơ quan có thẩm quyền", "Địa chỉ tiếp nhận hồ sơ", "Cơ quan được ủy quyền", "Cơ quan phối hợp")


def test_given_elements_reach_the_page(built):
    page = page_of(built[0], "1.000656")
    got = facts(page)
    assert got["Cơ quan thực hiện"] == "UBND xã Thử Nghiệm" and got["Cơ quan phối hợp"] == "Bộ phận Một cửa xã"
    assert got["Dịch vụ công trực tuyến"].startswith("Có – một phần")
    assert "vẫn có bước phải đến cơ quan" in got["Dịch vụ công trực tuyến"]  # what "một phần" means, in plain words
    assert got["Loại thủ tục"] == "TTHC được luật giao quy định chi tiết"
    assert "Không có thông tin" not in " ".join(got[k] for k in AGENCIES)
    assert "Nộp hồ sơ trực tuyến" in page and "https://dichvucong.gov.vn/nop/1.000656" in page


def test_explicitly_none_reads_khong(built):
    page = page_of(built[0], "1.001193")
    got = facts(page)
    for label in (*AGENCIES, "Dịch vụ công trực tuyến", "Loại thủ tục", "Thời hạn giải quyết", "Phí, lệ phí"):
        assert got[label] == "Không", (label, got[label])
    for heading in ("Đối tượng thực hiện", "Cách thức thực hiện", "Trình tự thực hiện", "Kết quả thực hiện",
                    "Yêu cầu, điều kiện thực hiện", "Căn cứ pháp lý", "Thủ tục liên thông"):
        assert section(page, heading) == ["Không"], heading
    assert "Không có thông tin" not in section(page, "Thành phần hồ sơ")


def test_not_given_reads_no_information_and_nothing_is_invented(built):
    page = page_of(built[0], "2.000815")
    got = facts(page)
    for label in (*AGENCIES, "Dịch vụ công trực tuyến", "Loại thủ tục", "Thời hạn giải quyết", "Phí, lệ phí",
                  "Cấp thực hiện", "Lĩnh vực", "Ngày cập nhật"):
        assert got[label] == "Không có thông tin", (label, got[label])
    for heading in ("Đối tượng thực hiện", "Cách thức thực hiện", "Trình tự thực hiện", "Kết quả thực hiện",
                    "Căn cứ pháp lý", "Nguồn"):
        assert section(page, heading) == ["Không", "có", "thông", "tin"], heading
    # its own file names no linked procedure, but 1.000656's names it: a link shows both ways
    assert section(page, "Thủ tục liên thông") == "Đăng ký khai tử (1.000656)".split()
    assert "Nộp hồ sơ trực tuyến" not in page  # no link given: none invented
    assert "Chưa phân loại" in page  # no field: the unclassified group


def test_completeness_counts_not_given_elements_only(states):
    import datetime as dt

    from congkhai.diagnostics import Report
    from congkhai.pipeline import BuildConfig, load_catalogue
    catalogue = load_catalogue(BuildConfig(content=states, as_of=dt.date(2025, 1, 1)), Report())
    missing = catalogue.completeness.missing
    assert missing["1.000656"] == () and missing["1.001193"] == ()  # "Không" is given
    assert missing["2.000815"] == tuple(k for k in ELEMENTS if k != "decision")
    assert catalogue.completeness.complete == 2 and catalogue.completeness.total == 3
    assert set(catalogue.completeness.required_labels("2.000815")) == {
        "Trình tự thực hiện", "Cách thức thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Thành phần hồ sơ",
        "Đối tượng thực hiện", "Cơ quan thực hiện", "Địa chỉ tiếp nhận hồ sơ", "Kết quả thực hiện", "Căn cứ pháp lý"}
    assert {"name", "decision"} <= set(REQUIRED)


def test_check_warns_once_for_each_element_not_given_at_its_line(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "procedures/2.000815.yaml").write_text(
        'code: "2.000815"\nname: Chứng thực bản sao từ bản chính\ndecision: qd-1\nsteps: []\n', encoding="utf-8")
    result = run("content", "check")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if "chưa có thông tin" in line]
    assert len(warnings) == len(ELEMENTS) - 1
    assert all(w.startswith("content/procedures/2.000815.yaml:") for w in warnings)
    assert "content/procedures/2.000815.yaml:4:1: cảnh báo: thủ tục 2.000815 chưa có thông tin 'Trình tự thực hiện' (steps)" \
        in result.output  # the empty list, at its key
    assert "content/procedures/2.000815.yaml:1:1: cảnh báo: thủ tục 2.000815 chưa có thông tin 'Căn cứ pháp lý'" in result.output
    assert "Mức độ công khai đầy đủ: 2/3 thủ tục" in result.output


def test_an_online_link_is_never_dropped(states, tmp_path, monkeypatch):
    """The link to submit online shows whatever ``online`` says; a contradiction is a warning."""
    monkeypatch.chdir(tmp_path)
    bare = states / "procedures/2.000815.yaml"
    bare.write_text(bare.read_text(encoding="utf-8") + "online_url: https://dichvucong.gov.vn/nop/2.000815\n", encoding="utf-8")
    none = states / "procedures/1.001193.yaml"
    none.write_text(none.read_text(encoding="utf-8") + "formality_id: 123456\n", encoding="utf-8")
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    bare_page, none_page = page_of(tmp_path / "out", "2.000815"), page_of(tmp_path / "out", "1.001193")
    assert "Nộp hồ sơ trực tuyến" in bare_page and "https://dichvucong.gov.vn/nop/2.000815" in bare_page
    assert facts(bare_page)["Dịch vụ công trực tuyến"] == "Không có thông tin"
    assert "Nộp hồ sơ trực tuyến" in none_page and "123456" in none_page
    line = next(i for i, t in enumerate(none.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("online:"))
    assert f"content/procedures/1.001193.yaml:{line}:1: cảnh báo: 'online: none'" in result.output


def test_counts_of_originals_and_copies_appear_only_when_given(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "procedures/2.000815.yaml").write_text(
        'code: "2.000815"\nname: Chứng thực bản sao\ndecision: qd-1\ndocuments:\n  - name: Bản chính giấy tờ\n'
        '  - name: Tờ khai\n    original: 1\n  - name: Giấy ủy quyền\n    copy: 0\n', encoding="utf-8")
    assert run("content", "build", "--output", "out").exit_code == 0
    counts = re.findall(r'<span class="doc-name">(.*?)</span>\s*(?:<span class="doc-plain">.*?</span>\s*)?'
                        r'(?:<span class="doc-count">(.*?)</span>)?',
                        page_of(tmp_path / "out", "2.000815"))
    assert counts == [("Bản chính giấy tờ", ""), ("Tờ khai", "Bản chính: 1"), ("Giấy ủy quyền", "Bản sao: 0")]


def test_a_procedure_without_a_field_is_listed_as_unclassified(built):
    catalogue = (built[0] / "thu-tuc/index.html").read_text(encoding="utf-8")
    group = re.search(r'<details class="field-group" id="nhom-chua-phan-loai">.*?</details>', catalogue, re.S).group(0)
    assert "Chưa phân loại" in group and "1 thủ tục" in group and "Chứng thực bản sao từ bản chính" in group


# --- decisions -----------------------------------------------------------------------------

def test_a_posting_without_number_or_date_is_published(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "decisions/qd-2.yaml").write_text(
        'issuer: UBND xã\ntitle: Bản niêm yết\nchanges:\n  - code: "1.001193"\n    action: new\n    effective: 2024-06-01\n',
        encoding="utf-8")
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out/quyet-dinh/qd-2/index.html").read_text(encoding="utf-8")
    assert "<h1>Quyết định không số</h1>" in page and facts(page)["Ngày ban hành"] == "Không có thông tin"
    assert facts(page_of(tmp_path / "out", "1.001193"))["Quyết định công bố"] == "không số"


def test_a_change_that_cannot_be_dated_is_an_error(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "decisions/qd-2.yaml").write_text('number: 2/QĐ\nchanges:\n  - code: "1.001193"\n    action: new\n',
                                               encoding="utf-8")
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 1
    assert "content/decisions/qd-2.yaml:3:5: lỗi: không biết thay đổi của thủ tục 1.001193 có hiệu lực từ ngày nào" \
        in result.output
    assert not (tmp_path / "out").exists()


def test_published_and_abolished_by_one_decision_on_one_day_is_abolished_with_a_warning(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "decisions/qd-2.yaml").write_text(
        'number: 2/QĐ\ndate: 2024-06-01\nchanges:\n  - code: "1.001193"\n    action: abolished\n'
        '  - code: "1.001193"\n    action: new\n', encoding="utf-8")
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert ("content/decisions/qd-2.yaml:4:11: cảnh báo: thủ tục 1.001193 được ban hành mới và bãi bỏ cùng ngày "
            "01/06/2024: content/decisions/qd-2.yaml:6 (ban hành mới, quyết định số 2/QĐ); content/decisions/qd-2.yaml:4 "
            "(bãi bỏ, quyết định số 2/QĐ). Thủ tục được coi là đã bãi bỏ") in result.output
    assert "Thủ tục này đã bị bãi bỏ" in page_of(tmp_path / "out", "1.001193")
    assert "quyết định 2/QĐ và 2/QĐ" not in result.output


# --- sources -------------------------------------------------------------------------------

def with_source(content, sha256: str | None) -> str:
    (content / "documents").mkdir(exist_ok=True)
    (content / "documents/qd-1.txt").write_text("Quyết định 1/QĐ-UBND (bản chụp)\n", encoding="utf-8")
    real = hashlib.sha256((content / "documents/qd-1.txt").read_bytes()).hexdigest()
    decision = content / "decisions/qd-1.yaml"
    decision.write_text(decision.read_text(encoding="utf-8") + "sources:\n  - document: qd-1.txt\n"
                        + (f"    sha256: {sha256}\n" if sha256 else "") + "    checked: 2020-04-02\n", encoding="utf-8")
    procedure = content / "procedures/1.000656.yaml"
    procedure.write_text(procedure.read_text(encoding="utf-8") + "sources:\n  - document: qd-1.txt\n"
                         f"    sha256: {real}\n    note: Phụ lục, mục 1\n", encoding="utf-8")
    return real


def test_sources_reach_the_page_and_open_data(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real = with_source(states, None)
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    assert "tài liệu nguồn 'qd-1.txt' chưa ghi sha256" in result.output and f"sha256: {real}" in result.output
    page = page_of(tmp_path / "out", "1.000656")
    assert re.search(r'<h2 id="nguon">Nguồn</h2>\s*<ul class="sources">\s*<li><a href="../../tai-lieu/qd-1.txt">qd-1.txt</a>'
                     r'. Phụ lục, mục 1</li>', page)
    assert (tmp_path / "out/tai-lieu/qd-1.txt").read_bytes() == (states / "documents/qd-1.txt").read_bytes()
    data = json.loads((tmp_path / "out/du-lieu/thu-tuc.json").read_text(encoding="utf-8"))
    record = next(r for r in data["procedures"] if r["code"] == "1.000656")
    assert record["sources"] == [{"document": "qd-1.txt", "sha256": real, "note": "Phụ lục, mục 1"}]
    assert next(r for r in data["procedures"] if r["code"] == "1.001193")["explicit_none"][:2] == ["partners", "receiving"]


def test_a_source_document_changed_since_it_was_checked_is_an_error_naming_both_digests(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    real = with_source(states, "0" * 64)
    result = run("content", "check")
    assert result.exit_code == 1
    assert (f"lỗi: tài liệu nguồn 'qd-1.txt' đã khác bản đã đối chiếu: sha256 ghi trong tệp là {'0' * 64}, "
            f"của tệp hiện có là {real}") in result.output
    (states / "documents/qd-1.txt").unlink()
    result = run("content", "check")
    assert "lỗi: không tìm thấy tài liệu nguồn 'qd-1.txt' trong content/documents/" in result.output


# --- bad input ---------------------------------------------------------------------------

ALIAS_BOMB = 'code: "1.000656"\nname: X\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))


def test_an_alias_bomb_is_rejected_quickly_at_its_line(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (states / "procedures/1.000656.yaml").write_text(ALIAS_BOMB, encoding="utf-8")
    started = time.perf_counter()
    result = run("content", "check")
    assert time.perf_counter() - started < 10  # a billion values if expanded; minutes before the fix
    assert result.exit_code == 1
    assert "content/procedures/1.000656.yaml:4:8: lỗi: không dùng được tham chiếu '*' tới neo '&' trong nội dung" \
        in result.output


@pytest.mark.parametrize("text, where, message", [
    ("steps: 3\n", "6:8", "mỗi mục của 'steps' (Trình tự thực hiện) phải là chữ, không phải số 3"),
    ("result: 12\n", "6:9", "'result' (Kết quả thực hiện) phải là chữ, không phải số 12"),
    ("applicants:\n  - 5\n", "7:5", "mỗi mục của 'applicants' (Đối tượng thực hiện) phải là chữ, không phải số 5"),
    ("kind:\n  a: b\n", "7:3", "'kind' (Loại thủ tục) phải là một đoạn chữ, không phải danh sách hay bảng"),
])
def test_a_number_or_a_mapping_where_text_is_expected_is_an_error(states, tmp_path, monkeypatch, text, where, message):
    monkeypatch.chdir(tmp_path)
    path = states / "procedures/2.000815.yaml"
    path.write_text('code: "2.000815"\nname: X\nfield: ho-tich\nlevel: xa\ndecision: qd-1\n' + text, encoding="utf-8")
    result = run("content", "check")
    assert result.exit_code == 1
    assert f"content/procedures/2.000815.yaml:{where}: lỗi: {message}" in result.output


def test_phone_numbers_and_numbers_written_as_numbers_stay_accepted(states, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    agencies = states / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace('phone: "0239 000 000"', "phone: 2393000000"),
                        encoding="utf-8")
    decision = states / "decisions/qd-2.yaml"
    decision.write_text(decision.read_text(encoding="utf-8").replace("number: 2/QĐ-UBND", "number: 2"), encoding="utf-8")
    result = run("content", "check")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("url, warned", [("https://dichvucong.gov.vn", True), ("https://dichvucong.gov.vn/", True),
                                         ("https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html"
                                          "?ma_thu_tuc=2.000815", False)])
def test_an_online_link_to_a_portal_home_page_is_a_warning(states, tmp_path, monkeypatch, url, warned):
    """A home page leaves citizens to find the procedure again: check says so, the link still shows."""
    monkeypatch.chdir(tmp_path)
    bare = states / "procedures/2.000815.yaml"
    text = bare.read_text(encoding="utf-8") + f"online_url: {url}\n"
    bare.write_text(text, encoding="utf-8")
    result = run("content", "build", "--output", "out")
    assert result.exit_code == 0, result.output
    line = len(text.splitlines())
    message = f"content/procedures/2.000815.yaml:{line}:1: cảnh báo: 'online_url' ({url}) là trang chủ của một cổng"
    assert (message in result.output) is warned, result.output
    assert url in page_of(tmp_path / "out", "2.000815")
