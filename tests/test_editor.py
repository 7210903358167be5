"""The editor's answers (congkhai/editor/app.py) without a browser: forms for every key,
saves that keep the file as staff wrote it, refusals that write nothing.

Requests are made as the preview server hands them over, with the session cookie and token a
browser would send; the security of those checks over real HTTP is in test_editor_server.py."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import urllib.parse

import pytest

from congkhai.editor.app import Editor, Request
from congkhai.editor.schema import KINDS, fields_of

from .conftest import run_cli, tree_digest
from .unit_tree import write_units

PORT = 8123
HOST = {"host": f"127.0.0.1:{PORT}", "origin": f"http://127.0.0.1:{PORT}"}


class Staff:
    """A browser session with the editor: the cookie it was given and the form's token."""

    def __init__(self, content, saved=None):
        self.editor = Editor(content, PORT, saved or (lambda path: None))
        self.cookie = ""

    def get(self, path: str):
        response = self.editor.handle(Request("GET", path.split("?")[0], urllib.parse.parse_qs(path.partition("?")[2]),
                                              {**HOST, "cookie": self.cookie}))
        if "Set-Cookie" in response.headers:
            self.cookie = response.headers["Set-Cookie"].split(";")[0]
        return response

    def form(self, path: str) -> dict[str, list[str]]:
        return form_fields(self.get(path).body.decode("utf-8"))

    def post(self, path: str, fields: dict, headers: dict | None = None):
        body = urllib.parse.urlencode([(k, v) for k, values in fields.items() for v in values]).encode("utf-8")
        return self.editor.handle(Request("POST", path.split("?")[0], urllib.parse.parse_qs(path.partition("?")[2]),
                                          {**HOST, "cookie": self.cookie, **(headers or {}),
                                           "content-type": "application/x-www-form-urlencoded"}, body))


def form_fields(html: str) -> dict[str, list[str]]:
    """The fields a browser would post from a form page (text inputs, selects, checked boxes,
    textareas)."""
    fields: dict[str, list[str]] = {}
    for tag in re.finditer(r"<input\b[^>]*>", html):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag.group(0)))
        if "name" in attrs and (attrs.get("type") != "checkbox" or " checked" in tag.group(0)):
            fields[_unescape(attrs["name"])] = [_unescape(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))]
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[_unescape(name)] = [_unescape(body)]
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        fields[_unescape(name)] = [_unescape(chosen.group(1)) if chosen else ""]
    return fields


def _unescape(text: str) -> str:
    return html.unescape(text)


COMMENTED = """\
# Thủ tục của xã; ghi chú của cán bộ ở đầu tệp.
code: "1.000656"
name: Đăng ký khai tử   # tên theo quyết định
field: ho-tich
level: xa
agency: ubnd-xa
receiving: [mot-cua]
steps:
- Nộp hồ sơ tại Bộ phận Một cửa.   # bước 1
- Nhận Trích lục khai tử.
methods:
- method: truc-tiep
  time: Ngay trong ngày
  fee: Miễn lệ phí khi đăng ký đúng hạn
updated: 01/7/2025
"""


@pytest.fixture
def commune(scratch):
    (scratch / "procedures" / "1.000656.yaml").write_text(COMMENTED, encoding="utf-8")
    return scratch


def test_every_key_of_every_content_file_has_a_form_field():
    def keys(widget, path=""):
        for child in widget.children:
            name = f"{path}.{child.key}" if path else child.key
            yield name
            yield from keys(child, name)

    for kind in KINDS.values():
        found = set(keys(kind.data_form()))
        for name, info in kind.model.model_fields.items():
            key = info.alias or name
            if key != "explicit_none":  # written "Không" through each element's own box
                assert any(k.split(".")[-1] == key for k in found), (kind.name, key)
    assert [w.key for w in fields_of(KINDS["procedures"].model)][:3] == ["code", "name", "field"]


@pytest.mark.parametrize("rel", ["site.yaml", "agencies.yaml", "fields.yaml", "procedures/1.000656.yaml",
                                 "decisions/qd-1.yaml", "feedback/ubnd-xa.yaml", "pages/gioi-thieu.md"])
def test_each_content_file_opens_as_a_form_with_its_values(commune, rel):
    staff = Staff(commune)
    response = staff.get("sua/" + rel)
    assert response.status == 200, response.body.decode()
    assert "Set-Cookie" in response.headers and "HttpOnly" in response.headers["Set-Cookie"]
    fields = staff.form("sua/" + rel)
    assert fields["_csrf"][0] and fields["_sha"][0]
    text = (commune / rel).read_text(encoding="utf-8")
    for value in [v[0] for k, v in fields.items() if not k.startswith("_") and not k.endswith(("__n", "__khong")) and v[0]]:
        assert value.split("\n")[0] in text or value in ("true",), value


def test_saving_an_unchanged_form_writes_the_file_byte_for_byte(commune):
    staff = Staff(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    response = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["luu"]})
    assert response.status == 303, response.body.decode()
    assert response.headers["Location"] == "/thu-tuc/1.000656/"
    assert (commune / "procedures" / "1.000656.yaml").read_text(encoding="utf-8") == COMMENTED


def test_a_save_changes_only_what_the_form_changed_and_keeps_comments(commune):
    saved = []
    staff = Staff(commune, saved.append)
    fields = staff.form("sua/procedures/1.000656.yaml")
    fields["methods.0.time"] = ["03 ngày làm việc"]
    fields["kind"] = ["Thủ tục hành chính"]
    response = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["luu"]})
    assert response.status == 303
    assert saved == [commune / "procedures" / "1.000656.yaml"]  # the preview is told, and waited for
    assert (commune / "procedures" / "1.000656.yaml").read_text(encoding="utf-8") == COMMENTED.replace(
        "level: xa\n", "level: xa\nkind: Thủ tục hành chính\n").replace("time: Ngay trong ngày", "time: 03 ngày làm việc")


def test_rows_are_added_moved_and_removed_by_the_server_without_writing(commune):
    staff = Staff(commune)
    before = tree_digest(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    added = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["them:steps"]}).body.decode()
    assert 'name="steps.2"' in added and 'id="f-steps.2"' in added and "autofocus" in added
    moved = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["len:steps.1"]}).body.decode()
    assert moved.index("Nhận Trích lục khai tử.") < moved.index("Nộp hồ sơ tại Bộ phận Một cửa.")
    removed = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["xoa:steps.0"]}).body.decode()
    assert "Nộp hồ sơ tại Bộ phận Một cửa." not in removed
    assert tree_digest(commune) == before


def test_a_save_with_errors_is_refused_with_checks_own_message_next_to_the_field(commune):
    staff = Staff(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    before = tree_digest(commune)
    fields["field"] = ["ho-tichh"]
    response = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["luu"]})
    assert response.status == 422
    assert tree_digest(commune) == before
    html = response.body.decode()
    # check prints the same message for the same mistake
    copy = commune.parent / "copy"
    shutil.copytree(commune, copy)
    (copy / "procedures" / "1.000656.yaml").write_text(COMMENTED.replace("field: ho-tich", "field: ho-tichh"),
                                                      encoding="utf-8")
    check = run_cli("check", "--content", str(copy))
    message = re.search(r"1\.000656\.yaml:4:\d+: lỗi: (.*)", check.stdout + check.stderr).group(1)
    box = re.search(r'<div class="messages" id="loi-field">(.*?)</div>', html, re.S).group(1)
    assert "dòng 4: " + message in _unescape(box)
    # the same answer while typing, as JSON
    typing = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["kiem-tra"]})
    assert typing.status == 200 and any(message in m for m in json.loads(typing.body)["errors"]["field"])


def test_a_file_changed_on_disk_since_the_form_opened_is_not_overwritten(commune):
    staff = Staff(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    path = commune / "procedures" / "1.000656.yaml"
    path.write_text(COMMENTED.replace("Ngay trong ngày", "Trong 01 ngày"), encoding="utf-8")  # another editor
    fields["kind"] = ["Thủ tục hành chính"]
    response = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["luu"]})
    assert response.status == 409
    assert path.read_text(encoding="utf-8") == COMMENTED.replace("Ngay trong ngày", "Trong 01 ngày")
    html = _unescape(response.body.decode())
    assert "Bản trên đĩa bây giờ" in html and "Trong 01 ngày" in html and "kind: Thủ tục hành chính" in html
    # saving again from the conflict page is a conscious choice: it carries the new digest
    new_sha = re.search(r'name="_sha" value="([0-9a-f]+)"', response.body.decode()).group(1)
    assert staff.post("sua/procedures/1.000656.yaml", {**fields, "_sha": [new_sha], "_action": ["luu"]}).status == 303


def test_a_new_file_is_made_from_the_scaffold_and_never_over_an_existing_one(commune):
    staff = Staff(commune)
    before = tree_digest(commune)
    fields = staff.form("moi/procedures")
    taken = staff.post("moi/procedures", {**fields, "_ten": ["1.000656"], "name": ["Khác"], "_action": ["luu"]})
    assert taken.status == 422 and "đã có tệp procedures/1.000656.yaml" in taken.body.decode()
    wrong = staff.post("moi/procedures", {**fields, "_ten": ["1.00065"], "name": ["Khác"], "_action": ["luu"]})
    assert wrong.status == 422 and "d.dddddd" in wrong.body.decode()
    assert tree_digest(commune) == before
    page = staff.post("moi/pages", {**staff.form("moi/pages"), "_ten": ["lien-he"], "title": ["Liên hệ"],
                                    "body": ["Gọi **0239 000 000**."], "_action": ["luu"]})
    assert page.status == 303 and page.headers["Location"] == "/lien-he/"
    text = (commune / "pages" / "lien-he.md").read_text(encoding="utf-8")
    assert text.startswith("---\n# Trang tự do, tạo bằng 'python build.py new page'.")
    assert "title: Liên hệ          # Tiêu đề trang (bắt buộc)\n" in text and text.endswith("---\nGọi **0239 000 000**.\n")


def test_pickers_find_by_name_without_diacritics(commune):
    staff = Staff(commune)
    found = json.loads(staff.get("chon/agencies?q=bo phan mot").body)
    assert found == [{"id": "mot-cua", "name": "Bộ phận Một cửa xã"}]
    assert json.loads(staff.get("chon/procedures?q=khai tu").body)[0]["id"] == "1.000656"
    assert json.loads(staff.get("chon/fields?q=HO TICH").body) == [{"id": "ho-tich", "name": "Hộ tịch"}]


def test_a_unit_file_of_a_tree_is_checked_in_its_unit(tmp_path):
    content = write_units(tmp_path / "content")
    staff = Staff(content)
    fields = staff.form("sua/units/xa-a/procedures/1.000001.yaml")
    assert fields["name"] == ["Đăng ký khai sinh"]  # the common values under the unit's own
    fields["receiving.__n"] = ["1"]
    fields["receiving.0"] = ["khong-co-dau"]
    response = staff.post("sua/units/xa-a/procedures/1.000001.yaml", {**fields, "_action": ["luu"]})
    assert response.status == 422 and "khong-co-dau" in response.body.decode()


def _content_files(root):
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and path.suffix in (".yaml", ".md") and not rel.startswith(("forms/", "documents/", "templates/")) \
                and "/forms/" not in rel:
            yield rel


@pytest.mark.parametrize("sample", ["content", "examples/tinh-ha-tinh"])
def test_every_sample_file_saved_unchanged_from_its_form_is_byte_for_byte_the_same(tmp_path, sample):
    from .conftest import REPO
    content = tmp_path / "content"
    shutil.copytree(REPO / sample, content)
    staff = Staff(content)
    before = tree_digest(content)
    for rel in _content_files(content):
        fields = staff.form("sua/" + rel)
        response = staff.post("sua/" + rel, {**fields, "_action": ["luu"]})
        assert response.status == 303, (rel, re.findall(r'class="bad">([^<]*)', response.body.decode()))
    assert tree_digest(content) == before


def test_a_plan_task_edited_in_its_table_changes_that_line_alone(tmp_path):
    from .conftest import REPO
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    path = content / "plans" / "ke-hoach-181-2020.md"
    before = path.read_text(encoding="utf-8").split("\n")
    staff = Staff(content)
    fields = staff.form("sua/plans/ke-hoach-181-2020.md")
    lead = next(k for k in fields if re.fullmatch(r"appendices\.0\.tasks\.\d+\.lead", k) and fields[k][0])
    old = fields[lead][0]
    fields[lead] = ["Văn phòng HĐND và UBND huyện (đã đổi)"]
    assert staff.post("sua/plans/ke-hoach-181-2020.md", {**fields, "_action": ["luu"]}).status == 303
    after = path.read_text(encoding="utf-8").split("\n")
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0][0].endswith(old) and changed[0][1].endswith("Văn phòng HĐND và UBND huyện (đã đổi)")


@pytest.mark.parametrize("text", [b"code: \"1.000656\"\nname: [khong dong\n", "name: Đăng ký khai tử".encode("utf-16"),
                                  b"- code: \"1.000656\"\n", b"chi mot dong chu\n"])
def test_a_file_the_form_cannot_hold_is_shown_not_overwritten(commune, text):
    path = commune / "procedures" / "1.000656.yaml"
    path.write_bytes(text)
    staff = Staff(commune)
    page = staff.get("sua/procedures/1.000656.yaml")
    assert page.status == 200 and "Không hiện được biểu mẫu" in page.body.decode()
    fields = {"_csrf": [staff.editor.guard.token(staff.cookie.split("=", 1)[1])], "name": ["Ghi đè"],
              "_sha": [hashlib.sha256(text).hexdigest()], "_action": ["luu"]}
    answer = staff.post("sua/procedures/1.000656.yaml", fields)
    assert answer.status == 409 and "Chưa ghi gì" in answer.body.decode()
    assert path.read_bytes() == text


def test_an_amendment_taking_effect_later_is_written_as_the_upcoming_version(commune):
    staff = Staff(commune)
    assert "moi/procedures?sap-ap-dung=1.000656" in staff.get("sua/procedures/1.000656.yaml").body.decode()
    fields = staff.form("moi/procedures?sap-ap-dung=1.000656")
    assert fields["name"] == ["Đăng ký khai tử"] and fields["methods.0.time"] == ["Ngay trong ngày"]
    fields["methods.0.time"] = ["Trong 02 ngày làm việc"]
    before = tree_digest(commune)
    bad = staff.post("moi/procedures?sap-ap-dung=1.000656", {**fields, "_ten": ["01/01/2027"], "_action": ["luu"]})
    assert bad.status == 422 and "năm-tháng-ngày" in bad.body.decode()
    # check's rule: an upcoming version needs a decision amending it from that day
    alone = staff.post("moi/procedures?sap-ap-dung=1.000656", {**fields, "_ten": ["2027-01-01"], "_action": ["luu"]})
    assert alone.status == 422
    assert "không có quyết định nào sửa đổi, bổ sung hay thay thế thủ tục 1.000656" in _unescape(alone.body.decode())
    assert tree_digest(commune) == before
    decision = staff.form("moi/decisions")
    decision.update({"_ten": ["qd-sua-2027"], "number": ["5/QĐ-UBND"], "date": ["2026-11-20"],
                     "effective": ["2027-01-01"], "changes.__n": ["1"], "changes.0.code": ["1.000656"],
                     "changes.0.action": ["amended"], "_action": ["luu"]})
    assert staff.post("moi/decisions", decision).status == 303
    saved = staff.post("moi/procedures?sap-ap-dung=1.000656", {**fields, "_ten": ["2027-01-01"], "_action": ["luu"]})
    assert saved.status == 303, re.findall(r'class="bad">([^<]*)', saved.body.decode())
    assert saved.headers["Location"] == "/thu-tuc/1.000656/sap-ap-dung/"
    assert (commune / "procedures" / "1.000656@2027-01-01.yaml").read_text(encoding="utf-8") == \
        COMMENTED.replace("time: Ngay trong ngày", "time: Trong 02 ngày làm việc")
    assert (commune / "procedures" / "1.000656.yaml").read_text(encoding="utf-8") == COMMENTED  # in force until then


@pytest.mark.parametrize("page, file", [
    ("/", "site.yaml"), ("/thu-tuc/1.000656/", "procedures/1.000656.yaml"),
    ("/thu-tuc/1.000656/index.html", "procedures/1.000656.yaml"), ("/quyet-dinh/qd-1/", "decisions/qd-1.yaml"),
    ("/co-quan/ubnd-xa/", "agencies.yaml"), ("/linh-vuc/ho-tich/", "fields.yaml"),
    ("/phan-anh-kien-nghi/ubnd-xa/", "feedback/ubnd-xa.yaml"), ("/gioi-thieu/", "pages/gioi-thieu.md"),
    ("/thu-tuc/", None), ("/tim-kiem/", None), ("/khong-co-trang-nay/", None),
])
def test_the_file_behind_each_previewed_page(commune, page, file):
    from congkhai.editor.places import file_of_page, page_of_file
    assert file_of_page(commune, page) == (file, None)
    if file is not None:  # and back: where the browser goes after a save (an agency's: the list of agencies)
        back = {"/thu-tuc/1.000656/index.html": "/thu-tuc/1.000656/", "/co-quan/ubnd-xa/": "/co-quan/",
                "/linh-vuc/ho-tich/": "/linh-vuc/"}
        assert page_of_file(file, None) == back.get(page, page)


def test_the_pages_of_a_tree_of_units_lead_to_the_unit_or_the_common_file(tmp_path):
    from congkhai.editor.places import file_of_page
    content = write_units(tmp_path / "content")
    assert file_of_page(content, "/xa-a/thu-tuc/1.000001/") == ("units/xa-a/procedures/1.000001.yaml", "xa-a")
    assert file_of_page(content, "/phuong-b/thu-tuc/1.000001/") == ("procedures/1.000001.yaml", "phuong-b")
    assert file_of_page(content, "/phuong-b/") == ("units/phuong-b/site.yaml", "phuong-b")
    assert file_of_page(content, "/") == (None, None)  # the hub: the list of files


def test_a_unit_named_in_the_address_that_is_not_one_is_ignored(commune):
    html = Staff(commune).get("sua/procedures/1.000656.yaml?don-vi=../../khac").body.decode()
    assert "../../khac" not in html and 'href="/thu-tuc/1.000656/"' in html


@pytest.mark.parametrize("token", ["", "x" * 64, "đ" * 64, "\x00"])
def test_a_wrong_token_of_any_kind_is_refused_without_a_fault(commune, token):
    staff = Staff(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    before = tree_digest(commune)
    answer = staff.post("sua/procedures/1.000656.yaml", {**fields, "_csrf": [token], "name": ["Khác"], "_action": ["luu"]})
    assert answer.status == 403 and "Phiên sửa đã hết" in answer.body.decode()
    assert tree_digest(commune) == before


def test_a_ticked_box_unticked_is_written_false_and_an_untouched_one_is_not_added(tmp_path):
    content = write_units(tmp_path / "content")
    staff = Staff(content)
    fields = staff.form("sua/agencies.yaml")
    assert fields["0.role"] == ["on"] and "1.role" not in fields  # ubnd-xa is a role, so-tu-phap is not
    del fields["0.role"]
    answer = staff.post("sua/agencies.yaml", {**fields, "_action": ["kiem-tra"]})
    assert answer.status == 200
    text = (content / "agencies.yaml").read_text(encoding="utf-8")
    from congkhai.editor.editing import Draft
    from congkhai.editor.paths import target
    from congkhai.editor.values import read
    t = target(content, "agencies.yaml")
    written = Draft(t, text.encode()).text(read(t.form, fields))
    assert "  role: false\n" in written and written.count("role:") == 1


def test_a_reference_shows_the_name_it_points_to_or_that_nothing_has_that_id(commune):
    staff = Staff(commune)
    html = _unescape(staff.get("sua/procedures/1.000656.yaml").body.decode())
    assert '<p class="named" id="ten-agency">= UBND xã Thử Nghiệm</p>' in html
    assert '<p class="named" id="ten-receiving.0">= Bộ phận Một cửa xã</p>' in html
    assert 'aria-describedby="loi-agency goi-y-agency ten-agency"' in html
    fields = staff.form("sua/procedures/1.000656.yaml")
    fields["agency"] = ["ubnd-khac"]
    again = _unescape(staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["them:steps"]}).body.decode())
    assert '<p class="named" id="ten-agency">Chưa có mã này trong danh sách' in again


def test_opening_the_editor_parses_the_content_in_the_background(commune):
    staff = Staff(commune)
    checker = staff.editor.checker
    assert checker._warming is None
    staff.get("sua/")
    checker._warming.join(30)
    files = [p for p in commune.rglob("*") if p.suffix in (".yaml", ".md") and "forms" not in p.parts]
    assert len(checker._documents) == len(files)  # the first check parses no file but the edited one


def test_a_refused_save_puts_the_cursor_on_the_first_wrong_field(commune):
    staff = Staff(commune)
    fields = staff.form("sua/procedures/1.000656.yaml")
    fields["agency"] = ["ubnd-khac"]
    html = staff.post("sua/procedures/1.000656.yaml", {**fields, "_action": ["luu"]}).body.decode()
    tag = re.search(r'<input id="f-agency"[^>]*>', html).group(0)
    assert "autofocus" in tag and 'aria-invalid="true"' in tag
    assert html.count("autofocus") == 1


def test_lines_of_a_block_of_text_are_never_taken_for_comments():
    from congkhai.editor.roundtrip import keep_gaps
    source = "fee: 10.000 đồng   # theo Nghị quyết\nnote: |\n  Nộp tại quầy # 2\n  rồi chờ.\n"
    written = "fee: 15.000 đồng # theo Nghị quyết\nnote: |\n  Nộp tại quầy # 2\n  rồi chờ.\n"
    assert keep_gaps(source, written) == "fee: 15.000 đồng   # theo Nghị quyết\nnote: |\n  Nộp tại quầy # 2\n  rồi chờ.\n"


def test_a_page_saved_unchanged_keeps_its_blank_lines(commune):
    path = commune / "pages" / "gioi-thieu.md"
    text = "---\ntitle: Giới thiệu   # tiêu đề\n---\n\n\nĐoạn một.\n\n"
    path.write_text(text, encoding="utf-8")
    staff = Staff(commune)
    assert staff.post("sua/pages/gioi-thieu.md", {**staff.form("sua/pages/gioi-thieu.md"), "_action": ["luu"]}).status == 303
    assert path.read_text(encoding="utf-8") == text


def test_site_yaml_shows_units_and_a_units_share_only_where_they_mean_something(commune, tmp_path):
    single = Staff(commune).form("sua/site.yaml")
    assert not any(k == "units" or k.startswith("procedures.") for k in single)
    tree = write_units(tmp_path / "tree")
    staff = Staff(tree)
    top = staff.form("sua/site.yaml")
    assert top.get("units") == ["on"] and not any(k.startswith("procedures.") for k in top)
    unit = staff.form("sua/units/phuong-b/site.yaml")
    assert "units" not in unit and unit["procedures.include.0"] == ["2.000003"]
    # a key the form hides is left as the file has it
    assert staff.post("sua/units/phuong-b/site.yaml", {**unit, "_action": ["luu"]}).status == 303
    assert "units" not in (tree / "units" / "phuong-b" / "site.yaml").read_text(encoding="utf-8")


def test_khong_is_offered_for_an_element_not_for_each_row_of_it(commune):
    html = Staff(commune).get("sua/procedures/1.000656.yaml").body.decode()
    assert 'name="receiving.__khong"' in html and 'name="agency.__khong"' in html
    assert 'name="receiving.0.__khong"' not in html
