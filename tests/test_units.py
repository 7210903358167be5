"""A tree of units (DESIGN.md "Units"): one common catalogue, one site per unit, a hub page.

Inheritance and override key by key, role binding, include/exclude, a unit's own procedure,
each unit's own pages and files; --unit; the hub; check naming the unit; each mistake at
file:line with exit 1 and output/ unchanged."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from congkhai.cli import main

from .conftest import tree_digest
from .unit_tree import UNIT_FILES, write_units

AS_OF = ["--as-of", "2025-12-01"]


def run(*args: str):
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("units")
    content = write_units(root / "content")
    result = run("build", "--content", str(content), "--output", str(root / "output"), "--no-cache", *AS_OF)
    assert result.exit_code == 0, result.output
    return root / "output"


def page(output: Path, unit: str, rel: str) -> str:
    return (output / unit / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_unit_is_built_into_its_folder_with_a_hub(built):
    assert (built / "xa-a" / "index.html").is_file() and (built / "phuong-b" / "index.html").is_file()
    hub = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="xa-a/index.html"' in hub and "UBND xã An Phú" in hub
    assert 'href="phuong-b/index.html"' in hub and "UBND phường Bình Minh" in hub
    assert 'id="tim-don-vi"' in hub and (built / "assets" / "hub.js").is_file()
    assert json.loads((built / ".congkhai-units.json").read_text())["units"] == ["phuong-b", "xa-a"]


def test_an_override_replaces_only_its_keys(built):
    a = text_of(page(built, "xa-a", "thu-tuc/1.000001/index.html"))
    b = text_of(page(built, "phuong-b", "thu-tuc/1.000001/index.html"))
    assert "nhận hồ sơ cả sáng thứ Bảy" in a and "Đăng ký trong 60 ngày" not in a
    assert "Đăng ký trong 60 ngày" in b and "sáng thứ Bảy" not in b
    for text in (a, b):  # the keys the override does not write come from the common file
        assert "Miễn lệ phí đăng ký đúng hạn" in text and "Giấy khai sinh" in text


def test_roles_are_the_units_own_agencies(built):
    a = text_of(page(built, "xa-a", "thu-tuc/1.000001/index.html"))
    b = text_of(page(built, "phuong-b", "thu-tuc/1.000001/index.html"))
    assert "UBND xã An Phú" in a and "Thôn Một, xã An Phú" in a and "Bình Minh" not in a
    assert "UBND phường Bình Minh" in b and "An Phú" not in b
    assert "Ủy ban nhân dân cấp xã" not in a + b  # the role's common name is not shown
    agency = text_of(page(built, "xa-a", "co-quan/ubnd-xa/index.html"))
    assert "0239 222 001" in agency
    assert not (built / "xa-a" / "co-quan" / "so-tu-phap").exists()  # names no procedure of the unit


def test_levels_include_exclude_and_own_procedures(built):
    have = lambda unit: {p.name for p in (built / unit / "thu-tuc").iterdir() if p.is_dir()}  # noqa: E731
    assert {"1.000001", "1.000002"} <= have("xa-a") and not {"2.000003", "1.999999"} & have("xa-a")
    assert {"1.000001", "2.000003", "1.999999"} <= have("phuong-b") and "1.000002" not in have("phuong-b")


def test_the_common_decision_shows_the_units_rows_only(built):
    a = text_of(page(built, "xa-a", "quyet-dinh/qd-1/index.html"))
    assert "Đăng ký khai sinh" in a and "Đăng ký kết hôn" in a and "lý lịch tư pháp" not in a
    b = text_of(page(built, "phuong-b", "quyet-dinh/qd-1/index.html"))
    assert "lý lịch tư pháp" in b and "kết hôn" not in b
    # a link to a procedure the unit does not carry out is left out, not broken
    assert "lý lịch" not in text_of(page(built, "xa-a", "thu-tuc/1.000002/index.html"))


def test_footer_search_open_data_feed_and_sitemap_are_the_units(built):
    assert "pakn.anphu@example.gov.vn" in page(built, "xa-a", "thu-tuc/1.000002/index.html")
    assert "pakn.binhminh@example.gov.vn" in page(built, "phuong-b", "index.html")
    assert "pakn.binhminh" not in page(built, "xa-a", "index.html")
    sitemap = page(built, "xa-a", "sitemap.xml")
    assert "https://tinh.example.gov.vn/tthc/xa-a/thu-tuc/1.000001/" in sitemap and "2.000003" not in sitemap
    assert "https://tinh.example.gov.vn/tthc/phuong-b/thu-tuc/2.000003/" in page(built, "phuong-b", "sitemap.xml")
    assert "1.000002" in page(built, "xa-a", "feed.xml") and "1.000002" not in page(built, "phuong-b", "feed.xml")
    data = "".join(p.read_text(encoding="utf-8") for p in (built / "xa-a" / "du-lieu").rglob("*") if p.is_file())
    assert "1.000001" in data and "2.000003" not in data and "1.999999" not in data
    index = "".join(p.read_text(encoding="utf-8", errors="replace") for p in (built / "phuong-b" / "tim-kiem").rglob("*.js"))
    assert "chợ đêm" in index.lower() or "cho dem" in index


def test_unit_option_builds_that_unit_alone(tmp_path):
    content = write_units(tmp_path / "content")
    result = run("build", "--content", str(content), "--output", str(tmp_path / "out"), "--unit", "phuong-b",
                 "--no-cache", *AS_OF)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "phuong-b" / "index.html").is_file()
    assert not (tmp_path / "out" / "xa-a").exists() and not (tmp_path / "out" / "index.html").exists()
    result = run("build", "--content", str(content), "--output", str(tmp_path / "out"), "--unit", "xa-z", *AS_OF)
    assert result.exit_code == 2 and "không có đơn vị 'xa-z'" in result.output


def test_one_unit_edit_rebuilds_that_unit_only(tmp_path):
    content = write_units(tmp_path / "content")
    args = ["build", "--content", str(content), "--output", str(tmp_path / "out"), *AS_OF]
    assert run(*args).exit_code == 0
    before = tree_digest(tmp_path / "out" / "xa-a")
    (content / "units" / "phuong-b" / "agencies.yaml").write_text(
        textwrap.dedent(UNIT_FILES["units/phuong-b/agencies.yaml"]).replace("0239 222 002", "0239 999 002"), encoding="utf-8")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "xa-a: không có gì thay đổi" in result.output
    assert tree_digest(tmp_path / "out" / "xa-a") == before
    assert "0239 999 002" in page(tmp_path / "out", "phuong-b", "co-quan/ubnd-xa/index.html")


def test_units_json_lists_the_units(tmp_path):
    content = write_units(tmp_path / "content")
    result = run("units", "--content", str(content), "--json")
    assert result.exit_code == 0, result.output
    units = json.loads(result.output)
    assert [u["id"] for u in units] == ["phuong-b", "xa-a"]
    assert units[1]["name"] == "UBND xã An Phú" and units[1]["level"] == "xa" and units[1]["output"] == "output/xa-a"


# --- mistakes: file:line, the unit named, exit 1, output/ unchanged -----------------------

MISTAKES = [
    ("override of an unknown code", {"units/xa-a/procedures/1.000404.yaml": "fee: 5.000 đồng\n"},
     "units/xa-a/procedures/1.000404.yaml:1:1", "đơn vị xa-a: ghi đè thủ tục 1.000404 nhưng danh mục chung không có"),
    ("unbound role", {"units/xa-a/agencies.yaml": "- id: khac\n  name: Cơ quan khác\n"},
     "units/xa-a/agencies.yaml:1:1", "đơn vị xa-a: đơn vị chưa gán vai trò 'ubnd-xa' (Ủy ban nhân dân cấp xã)"),
    ("unbound role without agencies.yaml", {"units/xa-a/agencies.yaml": None},
     "units/xa-a/agencies.yaml:1:1", "chưa gán vai trò 'ubnd-xa'"),
    ("include of an unknown code", {"units/phuong-b/site.yaml": UNIT_FILES["units/phuong-b/site.yaml"].replace(
        '"2.000003"', '"2.000404"')}, "units/phuong-b/site.yaml:5:13", "đơn vị phuong-b: không có thủ tục mã '2.000404'"),
    ("override of an excluded procedure", {"units/phuong-b/procedures/1.000002.yaml": "result: Giấy chứng nhận\n"},
     "units/phuong-b/procedures/1.000002.yaml:1:1", "không thuộc danh mục của đơn vị"),
    ("unknown key in an override", {"units/xa-a/procedures/1.000001.yaml": "# note\nrequirments: Sai tên khóa\n"},
     "units/xa-a/procedures/1.000001.yaml:2:1", "đơn vị xa-a"),
    ("wrong code in an override", {"units/xa-a/procedures/1.000001.yaml": 'code: "1.000002"\nresult: X\n'},
     "units/xa-a/procedures/1.000001.yaml:1:7", "khác tên tệp"),
    ("no units: true", {"site.yaml": UNIT_FILES["site.yaml"].replace("units: true", "units: false")},
     "site.yaml:1:1", "mọi đơn vị: có thư mục units/ (nhiều đơn vị) nhưng site.yaml chưa khai báo 'units: true'"),
    ("a unit without site.yaml", {"units/xa-a/site.yaml": None},
     "units/xa-a/site.yaml:1:1", "đơn vị xa-a: thiếu tệp site.yaml"),
    ("a mistake in the common catalogue", {"procedures/1.000002.yaml": UNIT_FILES["procedures/1.000002.yaml"].replace(
        "field: ho-tich", "field: ho-tch")}, "procedures/1.000002.yaml:3:8", "đơn vị xa-a: không tìm thấy lĩnh vực 'ho-tch'"),
    ("a feedback address of the unit names an unknown agency", {"units/phuong-b/feedback/pakn-b.yaml":
        "agency: ubnd-phuong\nemail: x@example.gov.vn\n"}, "units/phuong-b/feedback/pakn-b.yaml:1:9",
     "đơn vị phuong-b: không tìm thấy cơ quan 'ubnd-phuong'"),
]


@pytest.mark.parametrize("name,changes,where,message", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_located_and_names_its_unit(tmp_path, name, changes, where, message):
    content = write_units(tmp_path / "content")
    output = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(output), *AS_OF).exit_code == 0
    before = tree_digest(output)
    for rel, text in changes.items():
        if text is None:
            (content / rel).unlink()
        else:
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).write_text(textwrap.dedent(text), encoding="utf-8")
    for command in (["check"], ["build", "--output", str(output)]):
        result = run(*command, "--content", str(content), *AS_OF)
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if f"{content}/{where}:" in line and ": lỗi: " in line]
        assert lines and any(message in line for line in lines), result.output
        assert "Traceback" not in result.output
    assert tree_digest(output) == before


# --- deploy, one unit at a time -------------------------------------------------------

def live(target: Path) -> dict[str, str]:
    from .conftest import release_files
    return release_files(target / "current")


def test_deploy_each_unit_to_its_own_target_or_a_folder_each(tmp_path):
    from .conftest import release_files
    content = write_units(tmp_path / "content")
    output = tmp_path / "output"
    assert run("build", "--content", str(content), "--output", str(output), *AS_OF).exit_code == 0
    result = run("deploy", str(tmp_path / "web" / "{unit}"), "--output", str(output), "--content", str(content),
                 "--unit", "xa-a")
    assert result.exit_code == 0, result.output
    assert live(tmp_path / "web" / "xa-a") == release_files(output / "xa-a")
    assert not (tmp_path / "web" / "phuong-b").exists()
    result = run("deploy", str(tmp_path / "portal"), "--output", str(output), "--content", str(content), "--unit", "all")
    assert result.exit_code == 0, result.output
    for unit in ("phuong-b", "xa-a"):
        assert live(tmp_path / "portal" / unit) == release_files(output / unit)
    # or the whole tree as one release: the hub at the top, a folder per unit
    result = run("deploy", str(tmp_path / "whole"), "--output", str(output), "--content", str(content))
    assert result.exit_code == 0, result.output
    whole = tmp_path / "whole" / "current"
    assert (whole / "index.html").read_bytes() == (output / "index.html").read_bytes()
    for unit in ("phuong-b", "xa-a"):
        assert release_files(whole / unit) == release_files(output / unit)
    assert not [p for p in whole.iterdir() if "spare" in p.name]
    # a unit edited after building is refused, alone or in the tree
    (content / "units/xa-a/site.yaml").write_text("name: UBND xã An Phú mới\nlevel: xa\nfeedback: pakn-a\n",
                                                  encoding="utf-8")
    result = run("deploy", str(tmp_path / "web" / "{unit}"), "--output", str(output), "--content", str(content),
                 "--unit", "xa-a")
    assert result.exit_code == 1 and "đã thay đổi sau lần dựng" in result.output
    result = run("deploy", str(tmp_path / "whole"), "--output", str(output), "--content", str(content))
    assert result.exit_code == 1 and "đã thay đổi sau lần dựng" in result.output
    # another unit's content is untouched: its build may still go
    result = run("deploy", str(tmp_path / "web" / "{unit}"), "--output", str(output), "--content", str(content),
                 "--unit", "phuong-b")
    assert result.exit_code == 0, result.output


def test_rebuilds_after_common_and_unit_edits_equal_clean_builds(tmp_path):
    """The cache of each unit: after an edit of the common catalogue, of an override and of a
    unit's role binding, the build equals a clean one byte for byte."""
    content = write_units(tmp_path / "content")
    args = ["--content", str(content), *AS_OF]
    assert run("build", "--output", str(tmp_path / "out"), *args).exit_code == 0
    edits = [
        ("procedures/1.000001.yaml", "Miễn lệ phí đăng ký đúng hạn", "Miễn lệ phí"),
        ("units/xa-a/procedures/1.000001.yaml", "cả sáng thứ Bảy", "cả sáng Chủ nhật"),
        ("units/phuong-b/agencies.yaml", "UBND phường Bình Minh", "Ủy ban nhân dân phường Bình Minh"),
        ("decisions/qd-1.yaml", "action: new\n  - code: \"1.000002\"", "action: new\n    effective: 2025-08-01\n  - code: \"1.000002\""),
    ]
    for n, (rel, old, new) in enumerate(edits):
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = run("build", "--output", str(tmp_path / "out"), *args)
        assert result.exit_code == 0, result.output
        clean = tmp_path / f"clean-{n}"
        assert run("build", "--output", str(clean), "--no-cache", *args).exit_code == 0
        for unit in ("xa-a", "phuong-b"):
            assert tree_digest(tmp_path / "out" / unit) == tree_digest(clean / unit), (rel, unit)


def test_a_unit_folder_name_that_cannot_be_an_address_is_an_error(tmp_path):
    content = write_units(tmp_path / "content")
    (content / "units" / "Xã C").mkdir()
    result = run("check", "--content", str(content), *AS_OF)
    assert result.exit_code == 1
    assert f"{content}/units/Xã C:1:1: lỗi: tên thư mục đơn vị 'Xã C' không dùng được làm địa chỉ" in result.output


def test_folders_a_tree_of_units_does_not_read_are_named(tmp_path):
    """feedback/, pages/, plans/, templates/ and theme/ belong to each unit: at the top of a tree
    of units they would be silently left out, so check says so."""
    content = write_units(tmp_path / "content", {"feedback/chung.yaml": "agency: ubnd-xa\n"})
    result = run("check", "--content", str(content), *AS_OF)
    assert result.exit_code == 0, result.output
    assert f"{content}/feedback:1:1: cảnh báo: nội dung nhiều đơn vị không dùng thư mục feedback/ ở trên cùng" \
        in result.output


def test_common_files_are_parsed_once_for_all_units_of_a_process(tmp_path, monkeypatch):
    import datetime as dt

    from congkhai import pipeline
    from congkhai.pipeline import BuildConfig
    from congkhai.units.build import build_units
    content = write_units(tmp_path / "content")
    parsed: list[str] = []
    original = pipeline.parse_document
    monkeypatch.setattr(pipeline, "parse_document", lambda f, report: parsed.append(f.display) or original(f, report))
    config = BuildConfig(content=content, output=tmp_path / "out", as_of=dt.date(2025, 12, 1), parallel=False)
    result = build_units(config, jobs=1)
    assert result.ok, result.report.diagnostics
    common = [p for p in parsed if "/units/" not in p]
    assert sorted(common) == sorted(set(common)) and any(p.endswith("procedures/1.000001.yaml") for p in common)
    own = [p for p in parsed if "/units/" in p]
    assert any("/units/xa-a/" in p for p in own) and any("/units/phuong-b/" in p for p in own)


def test_a_unit_taken_out_of_the_tree_leaves_output_and_the_hub(tmp_path):
    import shutil
    content = write_units(tmp_path / "content")
    output = tmp_path / "output"
    args = ["build", "--content", str(content), "--output", str(output), *AS_OF]
    assert run(*args).exit_code == 0
    common = content / "procedures" / "1.000001.yaml"
    common.write_text(common.read_text(encoding="utf-8").replace("Giấy khai sinh", "Bản chính Giấy khai sinh"),
                      encoding="utf-8")
    assert run(*args).exit_code == 0  # both units change: each keeps its last build as a spare
    (output / "not-a-unit").mkdir()  # a folder congkhai did not write is left alone
    shutil.rmtree(content / "units" / "phuong-b")
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Đã xóa" in result.output and not (output / "phuong-b").exists()
    assert (tmp_path / ".output.units.congkhai-spare" / "xa-a").is_dir()  # spares beside output/, not in it
    assert not (tmp_path / ".output.units.congkhai-spare" / "phuong-b").exists() and (output / "not-a-unit").is_dir()
    assert not [p for p in output.iterdir() if p.name.endswith("spare")]
    assert "phuong-b" not in (output / "index.html").read_text(encoding="utf-8")


def test_each_unit_has_its_own_kiosk(tmp_path):
    content = write_units(tmp_path / "content")
    result = run("build", "--content", str(content), "--output", str(tmp_path / "out"), "--profile", "all", *AS_OF)
    assert result.exit_code == 0, result.output
    for unit, name in (("xa-a", "UBND xã An Phú"), ("phuong-b", "UBND phường Bình Minh")):
        kiosk = (tmp_path / "out" / unit / "kiosk" / "index.html").read_text(encoding="utf-8")
        assert name in kiosk
    assert "An Phú" not in (tmp_path / "out" / "phuong-b" / "kiosk" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("level", ["xa", "phuong", "dac-khu", "Đặc khu", "Phường", "thi-tran", "Cấp xã"])
def test_a_commune_ward_or_special_zone_is_a_unit_of_level_xa(level):
    from congkhai.model.content import SiteConfig
    assert SiteConfig(name="UBND đặc khu Thử Nghiệm", level=level).level == "xa"


def test_the_multi_unit_sample_checks_and_gives_each_unit_its_own_feedback_and_an_override():
    from .conftest import REPO
    sample = REPO / "examples" / "tinh-ha-tinh"
    result = run("check", "--content", str(sample), *AS_OF)
    assert result.exit_code == 0, result.output
    units = sorted(p.name for p in (sample / "units").iterdir())
    assert len(units) == 3
    emails = set()
    for unit in units:
        assert list((sample / "units" / unit / "procedures").glob("*.yaml")), unit
        feedback = list((sample / "units" / unit / "feedback").glob("*.yaml"))
        assert len(feedback) == 1
        emails.add(re.search(r"email: (\S+)", feedback[0].read_text(encoding="utf-8")).group(1))
        assert "CHƯA XÁC MINH" in (sample / "units" / unit / "site.yaml").read_text(encoding="utf-8")
    assert len(emails) == 3
