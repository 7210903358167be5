"""Cached, incremental builds: after any sequence of edits the output is byte for byte a clean
build's, and each build rewrites exactly the files whose bytes changed."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from congkhai.incremental import store as store_module
from congkhai.incremental.cache import BuildCache
from congkhai.pipeline import BuildConfig, build

from .conftest import run_cli, tree_digest

SAMPLE = Path(__file__).resolve().parent.parent / "content"
DAY = dt.date(2026, 11, 24)


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


class Site:
    """A copy of the sample unit, built with a cache and, for comparison, from scratch."""

    def __init__(self, root: Path, profile: str = "web", memory: bool = False):
        """``memory``: one cache kept in memory from build to build, as the preview server does;
        otherwise a cache on disk, opened anew for each build as each command does."""
        self.root, self.profile = root, profile
        self.memory = BuildCache.in_memory() if memory else None
        self.content = root / "content"
        shutil.copytree(SAMPLE, self.content)
        self.output, self.clean_output = root / "out", root / "clean"
        self.clean_count = 0

    def config(self, output: Path, as_of: dt.date = DAY) -> BuildConfig:
        return BuildConfig(content=self.content, output=output, base_url="https://tthc.example.vn/",
                           profile=self.profile, as_of=as_of)

    def cache(self) -> BuildCache:
        return self.memory or BuildCache.on_disk(self.root / "cache")

    def cached(self, as_of: dt.date = DAY):
        result = build(self.config(self.output, as_of), self.cache())
        assert result.ok, [d.format() for d in result.report.errors]
        return result

    def clean(self, as_of: dt.date = DAY) -> dict[str, str]:
        self.clean_count += 1
        folder = self.root / f"clean-{self.clean_count}"
        result = build(self.config(folder, as_of))
        assert result.ok
        return tree_digest(folder)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_step(site: Site, before_clean: dict[str, str], as_of: dt.date = DAY) -> tuple[dict[str, str], object]:
    """Build with the cache; compare with a clean build; return the clean digest and result."""
    before_inodes = inodes(site.output)
    result = site.cached(as_of)
    after_clean = site.clean(as_of)
    assert tree_digest(site.output) == after_clean  # byte-identical, manifest included
    changed = {p for p in after_clean if before_clean.get(p) != after_clean[p]}
    after_inodes = inodes(site.output)
    rewritten = {p for p in after_inodes if before_inodes.get(p) != after_inodes[p]}
    assert rewritten == changed  # exactly the files whose bytes changed got new bytes
    assert set(result.written) | {".congkhai-manifest.json"} >= changed - {".congkhai-manifest.json"}
    return after_clean, result


def procedure_pages(paths) -> set[str]:
    return {p.split("/")[1] for p in paths if p.startswith("thu-tuc/") and p.count("/") == 2}


@pytest.mark.slow
@pytest.mark.parametrize("profile, memory", [("web", False), ("all", False), ("web", True), ("all", True)])
def test_a_sequence_of_edits_matches_a_clean_build_each_time(tmp_path, profile, memory):
    """``memory`` is the preview server's way of keeping the cache."""
    site = Site(tmp_path, profile, memory)
    first = site.cached()
    assert len(first.rendered) > 50
    clean = site.clean()
    assert tree_digest(site.output) == clean

    # Nothing changed: nothing is rendered or written.
    before = inodes(site.output)
    again = site.cached()
    assert (again.unchanged or memory) and inodes(site.output) == before
    assert not again.rendered

    # One procedure's steps: listings show only its name, field, level...: its page alone.
    site.edit("procedures/1.000656.yaml", "nộp hồ sơ tại Bộ phận", "nộp hồ sơ trực tiếp tại Bộ phận")
    clean, result = check_step(site, clean)
    kiosk = {"kiosk/" + p for p in result.rendered} if profile == "all" else set()
    assert set(result.rendered) - kiosk == {"thu-tuc/1.000656/index.html"}

    # A link written on one side only: 2.002913 stops naming 1.000656, whose page (which listed
    # 2.002913 as the online way to do it) changes with it.
    site.edit("procedures/2.002913.yaml", '- "1.000656"\n', "")
    clean, result = check_step(site, clean)
    assert {"thu-tuc/1.000656/index.html", "thu-tuc/2.002913/index.html"} <= set(result.rendered)
    site.edit("procedures/2.002913.yaml", "linked:", 'linked:\n- "1.000656"')
    clean, result = check_step(site, clean)

    # A procedure's name: pages linking to it show the new name, unrelated ones are kept.
    site.edit("procedures/1.000656.yaml", "name: Đăng ký khai tử", "name: Đăng ký khai tử (sửa)")
    clean, result = check_step(site, clean)
    assert {"thu-tuc/index.html", "linh-vuc/ho-tich/index.html", "thu-tuc/1.000656/index.html"} <= set(result.rendered)
    mentioning = {p.stem for p in (site.content / "procedures").glob("*.yaml")
                  if "1.000656" in p.read_text(encoding="utf-8")}
    assert procedure_pages(result.rendered) <= mentioning
    assert len(result.rendered) < 30 * (2 if profile == "all" else 1)

    # A name that moves the procedure to the top of the catalogue, then its field and agency.
    site.edit("procedures/1.000656.yaml", "name: Đăng ký khai tử (sửa)", "name: An táng (thử)")
    clean, result = check_step(site, clean)
    site.edit("procedures/1.000656.yaml", "field: ho-tich", "field: chung-thuc")
    clean, result = check_step(site, clean)
    assert "linh-vuc/chung-thuc/index.html" in result.written
    site.edit("procedures/1.000656.yaml", "agency: ubnd-cap-xa", "agency: phong-tu-phap")
    clean, result = check_step(site, clean)
    site.edit("procedures/1.000656.yaml", "name: An táng (thử)", "name: Đăng ký khai tử (sửa)")
    site.edit("procedures/1.000656.yaml", "field: chung-thuc", "field: ho-tich")
    site.edit("procedures/1.000656.yaml", "agency: phong-tu-phap", "agency: ubnd-cap-xa")
    clean, result = check_step(site, clean)

    # A template of the unit overrides a built-in one: every page using it is rendered again.
    (site.content / "templates").mkdir()
    (site.content / "templates" / "page.html").write_text(
        '{% extends "!builtin/page.html" %}{% block main %}{{ super() }}<p>Trang của đơn vị.</p>{% endblock %}',
        encoding="utf-8")
    clean, result = check_step(site, clean)
    assert "gioi-thieu/index.html" in result.written

    # A setting: the unit's name is on every page.
    site.edit("site.yaml", "name: ", "name: Ủy ban ")
    clean, result = check_step(site, clean)

    # A form file's bytes: only its copy changes.
    form = next((site.content / "forms").iterdir())
    form.write_bytes(form.read_bytes() + "\n(bản sửa)\n".encode())
    clean, result = check_step(site, clean)
    assert set(result.written) - {".congkhai-manifest.json"} == {f"bieu-mau/{form.name}"} | (
        {f"kiosk/bieu-mau/{form.name}"} if profile == "all" else set())

    # A decision's effective date: statuses move, pages follow.
    site.edit("decisions/qd-sua-doi-2026.yaml", "2027-01-01", "2026-11-01")
    clean, result = check_step(site, clean)

    # Adding a procedure, then deleting it: its page comes and goes, listings follow.
    text = (site.content / "procedures" / "1.000656.yaml").read_text(encoding="utf-8")
    (site.content / "procedures" / "1.999999.yaml").write_text(
        re.sub(r"(?m)^decision:.*$", "", text.replace('code: "1.000656"', 'code: "1.999999"'))
        .replace("name: Đăng ký khai tử (sửa)", "name: Thủ tục thử"), encoding="utf-8")
    clean, result = check_step(site, clean)
    assert "thu-tuc/1.999999/index.html" in result.written

    # Published by a decision that lists no changes: new on that decision's day; then its steps,
    # then a decision with changes again.
    (site.content / "decisions" / "qd-thu.yaml").write_text(
        "number: 9/QĐ-THU\ndate: 2026-10-01\ntitle: Công bố thủ tục thử\n", encoding="utf-8")
    site.edit("procedures/1.999999.yaml", 'code: "1.999999"', 'code: "1.999999"\ndecision: qd-thu')
    clean, result = check_step(site, clean)
    assert "quyet-dinh/qd-thu/index.html" in result.written
    site.edit("procedures/1.999999.yaml", "nộp hồ sơ trực tiếp tại Bộ phận", "nộp hồ sơ tại Bộ phận")
    clean, result = check_step(site, clean)
    site.edit("decisions/qd-thu.yaml", "date: 2026-10-01", "date: 2026-12-01")
    clean, result = check_step(site, clean)
    site.edit("procedures/1.999999.yaml", "decision: qd-thu", "")
    clean, result = check_step(site, clean)
    (site.content / "decisions" / "qd-thu.yaml").unlink()
    clean, result = check_step(site, clean)
    (site.content / "procedures" / "1.999999.yaml").unlink()
    clean, result = check_step(site, clean)
    assert "thu-tuc/1.999999/index.html" not in tree_digest(site.output)

    # Another day: only what depends on the date is rendered again.
    clean, result = check_step(site, clean, DAY + dt.timedelta(days=1))
    assert len(result.rendered) < 15


def test_output_changed_behind_the_cache_is_rebuilt_right(tmp_path):
    site = Site(tmp_path)
    site.cached()
    page = site.output / "thu-tuc" / "1.000656" / "index.html"
    page.write_text("sửa tay", encoding="utf-8")
    (site.output / ".congkhai-manifest.json").write_text('{"files": {}}', encoding="utf-8")
    site.edit("procedures/1.000656.yaml", "nộp hồ sơ tại Bộ phận", "nộp hồ sơ trực tiếp tại Bộ phận")
    site.cached()
    assert tree_digest(site.output) == site.clean()


def test_a_damaged_or_foreign_cache_gives_a_clean_build(tmp_path):
    site = Site(tmp_path)
    site.cached()
    names = {p.name for p in (tmp_path / "cache").iterdir()}
    assert {"outputs.pickle", "documents.pickle", "derived.pickle", "evolved-search.pickle"} <= names
    for name in names:
        (tmp_path / "cache" / name).write_bytes(b"not a pickle")
    site.edit("procedures/1.000656.yaml", "nộp hồ sơ tại Bộ phận", "nộp hồ sơ trực tiếp tại Bộ phận")
    assert len(site.cached().rendered) > 50
    assert tree_digest(site.output) == site.clean()


def test_another_code_version_does_not_use_the_cache(tmp_path, monkeypatch):
    site = Site(tmp_path)
    site.cached()
    monkeypatch.setattr(store_module, "code_version", lambda: "another version")
    result = site.cached()
    assert not result.unchanged and len(result.rendered) > 50
    assert tree_digest(site.output) == site.clean()


def test_the_code_version_covers_the_shipped_search_vocabulary(tmp_path, monkeypatch):
    """A new congkhai with a changed tu-vung.yaml is another code version: the search index
    (core.js carries the vocabulary) is not kept from the cache."""
    import shutil
    package = tmp_path / "congkhai"
    shutil.copytree(store_module.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(store_module, "PACKAGE_DIR", package)
    before = store_module.code_version()
    vocabulary = package / "text" / "tu-vung.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "  - [chợ phiên, chợ quê]\n", encoding="utf-8")
    assert store_module.code_version() != before


def test_a_content_error_keeps_output_and_cache_usable(tmp_path):
    site = Site(tmp_path)
    site.cached()
    before = tree_digest(site.output)
    site.edit("procedures/1.000656.yaml", "field: ho-tich", "field: khong-co")
    result = build(site.config(site.output), site.cache())
    assert not result.ok and tree_digest(site.output) == before
    site.edit("procedures/1.000656.yaml", "field: khong-co", "field: ho-tich")
    assert site.cached().unchanged is False
    assert tree_digest(site.output) == before


def test_command_line_reports_what_it_did(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    first = run_cli("build", "--content", "content", "--output", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / ".congkhai-cache" / "out" / "outputs.pickle").is_file()
    second = run_cli("build", "--content", "content", "--output", "out", cwd=tmp_path)
    assert "Không có gì thay đổi từ lần dựng trước" in second.stdout
    clean = run_cli("build", "--content", "content", "--output", "out2", "--no-cache", cwd=tmp_path)
    assert clean.returncode == 0 and not (tmp_path / ".congkhai-cache" / "out2").exists()
    assert tree_digest(tmp_path / "out") == tree_digest(tmp_path / "out2")
    both = run_cli("build", "--content", "content", "--no-cache", "--cache-dir", "c", cwd=tmp_path)
    assert both.returncode == 2


def test_a_kept_page_linking_to_an_id_that_went_away_fails_the_build(tmp_path):
    """The link check of an incremental build still sees links from pages it did not render."""
    site = Site(tmp_path)
    (site.content / "templates").mkdir()
    (site.content / "templates" / "procedure.html").write_text(
        '{% extends "!builtin/procedure.html" %}{% block main %}{{ super() }}'
        '{% if "khai tử" in procedure.name %}<p id="muc-khai-tu">Khai tử</p>{% endif %}{% endblock %}', encoding="utf-8")
    (site.content / "pages" / "lien-ket.md").write_text(
        "---\ntitle: Liên kết\n---\nXem [mục khai tử](../thu-tuc/1.000656/index.html#muc-khai-tu).\n", encoding="utf-8")
    site.cached()
    before = tree_digest(site.output)
    site.edit("procedures/1.000656.yaml", "name: Đăng ký khai tử", "name: Đăng ký khai báo")
    result = build(site.config(site.output), site.cache())
    messages = [d.format() for d in result.report.errors]
    assert len(messages) == 1 and "lien-ket/index.html" in messages[0] and "muc-khai-tu" in messages[0], messages
    assert "lien-ket/index.html" not in result.rendered  # found although the page was not rendered again
    assert tree_digest(site.output) == before


def test_a_kept_page_linking_to_a_deleted_page_fails_the_build(tmp_path):
    site = Site(tmp_path)
    text = (site.content / "procedures" / "1.000656.yaml").read_text(encoding="utf-8")
    (site.content / "procedures" / "1.999999.yaml").write_text(
        re.sub(r"(?m)^decision:.*$", "", text.replace('code: "1.000656"', 'code: "1.999999"')), encoding="utf-8")
    (site.content / "pages" / "lien-ket.md").write_text(
        "---\ntitle: Liên kết\n---\nXem [thủ tục](../thu-tuc/1.999999/index.html).\n", encoding="utf-8")
    site.cached()
    before = tree_digest(site.output)
    (site.content / "procedures" / "1.999999.yaml").unlink()
    result = build(site.config(site.output), site.cache())
    messages = [d.format() for d in result.report.errors]
    assert len(messages) == 1 and "lien-ket/index.html" in messages[0] and "liên kết nội bộ hỏng" in messages[0], messages
    assert tree_digest(site.output) == before


def test_a_page_edited_by_hand_in_output_is_written_again(tmp_path):
    """The cache trusts a kept file only while its size and time are as the build left them."""
    site = Site(tmp_path)
    site.cached()
    clean = tree_digest(site.output)
    page = site.output / "thu-tuc" / "1.000656" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Đăng ký khai tử", "Sửa tay"), encoding="utf-8")
    result = site.cached()  # no content changed
    assert not result.unchanged and "thu-tuc/1.000656/index.html" in result.written
    assert tree_digest(site.output) == clean


def test_a_cache_that_cannot_be_written_only_warns(tmp_path):
    shutil.copytree(SAMPLE, tmp_path / "content")
    (tmp_path / "tep").write_text("một tệp, không phải thư mục", encoding="utf-8")
    result = run_cli("build", "--content", "content", "--output", "out", "--cache-dir", "tep/cache", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "không ghi được bộ nhớ đệm" in result.stderr
    clean = run_cli("build", "--content", "content", "--output", "out2", "--no-cache", cwd=tmp_path)
    assert clean.returncode == 0 and tree_digest(tmp_path / "out") == tree_digest(tmp_path / "out2")


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(tmp_path):
    """The cache skips reading files whose size, times and inode are as last seen; a tool that
    puts the old modification time back (cp -p, rsync -t) must not hide an edit."""
    site = Site(tmp_path)
    site.cached()
    path = site.content / "procedures" / "1.000656.yaml"
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    assert "name: Đăng ký khai tử\n" in text
    path.write_text(text.replace("name: Đăng ký khai tử\n", "name: Đăng ký khai tứ\n", 1), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    result = site.cached()
    assert "thu-tuc/1.000656/index.html" in result.written
    assert tree_digest(site.output) == site.clean()


def test_a_cache_kept_in_memory_still_checks_what_unchanged_files_name(tmp_path):
    """The preview server reuses the last catalogue: a procedure file that did not change is
    still checked again when an id it names goes away."""
    site = Site(tmp_path, memory=True)
    site.cached()
    before = tree_digest(site.output)
    site.edit("agencies.yaml", "id: ubnd-cap-xa", "id: ubnd-xa")
    config = site.config(site.output)
    result = build(config, site.memory)
    assert not result.ok and tree_digest(site.output) == before
    text = (site.content / "procedures" / "1.000656.yaml").read_text(encoding="utf-8").split("\n")
    line = next(i for i, t in enumerate(text, 1) if t.startswith("agency: ubnd-cap-xa"))
    assert f"procedures/1.000656.yaml:{line}:" in "\n".join(d.format() for d in result.report.errors)
    assert "không tìm thấy cơ quan 'ubnd-cap-xa'" in "\n".join(d.format() for d in result.report.errors)
    site.edit("agencies.yaml", "id: ubnd-xa", "id: ubnd-cap-xa")
    site.cached()
    assert tree_digest(site.output) == before == site.clean()
    # And a changed file naming an id that does not exist, among tables that did not change.
    site.edit("procedures/1.000656.yaml", "field: ho-tich", "field: ho-tich-xa")
    result = build(config, site.memory)
    line = next(i for i, t in enumerate(text, 1) if t.startswith("field: ho-tich"))
    assert not result.ok and tree_digest(site.output) == before
    assert f"procedures/1.000656.yaml:{line}:" in "\n".join(d.format() for d in result.report.errors)
    site.edit("procedures/1.000656.yaml", "field: ho-tich-xa", "field: ho-tich")
    site.cached()
    # A decision that now changes one procedure twice on one day.
    site.edit("decisions/qd-sua-doi-2026.yaml", '  - code: "1.010077"\n    action: new\n',
              '  - code: "1.010077"\n    action: new\n  - code: "1.010077"\n    action: amended\n')
    result = build(config, site.memory)
    assert not result.ok and tree_digest(site.output) == before
    assert "decisions/qd-sua-doi-2026.yaml:11:" in "\n".join(d.format() for d in result.report.errors)
    assert "có 2 thay đổi cùng có hiệu lực" in "\n".join(d.format() for d in result.report.errors)
