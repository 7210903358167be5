"""Deploy to a local web root: releases, atomic switch, rollback, refusals, killed deploys."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, release_files, run_cli


def build(content: Path, out: Path) -> None:
    result = run_cli("build", "--content", str(content), "--output", str(out))
    assert result.returncode == 0, result.stderr


def live(target: Path) -> dict[str, str]:
    return release_files(target / "current")


built = release_files


@pytest.fixture
def two_builds(scratch, tmp_path):
    """Two builds, each of its own copy of the content (deploy checks a build against its
    content): ``content[build]`` is the folder that build was made from."""
    first, second = tmp_path / "b1", tmp_path / "b2"
    older = tmp_path / "content-1"
    shutil.copytree(scratch, older)
    build(older, first)
    page = scratch / "pages" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Trang giới thiệu.", "Trang giới thiệu, bản mới."),
                    encoding="utf-8")
    build(scratch, second)
    return {first: older, second: scratch}, first, second


def test_deploy_dry_run_redeploy_rollback_and_keep(two_builds, tmp_path):
    content, first, second = two_builds
    target = tmp_path / "www"
    r = run_cli("deploy", str(target), "--output", str(first), "--content", str(content[first]))
    assert r.returncode == 0, r.stderr
    assert live(target) == built(first)
    dry = run_cli("deploy", str(target), "--output", str(second), "--dry-run", "--content", str(content[second]))
    a, b = built(first), built(second)
    changed = sorted(k for k in b if k in a and a[k] != b[k])
    assert "gioi-thieu/index.html" in changed
    assert dry.returncode == 0 and f"thêm 0, sửa {len(changed)}, xóa 0 tệp" in dry.stdout
    assert [line[4:] for line in dry.stdout.splitlines() if line.startswith("  ~ ")] == changed
    assert live(target) == built(first)
    assert run_cli("deploy", str(target), "--output", str(second), "--content", str(content[second])).returncode == 0
    assert live(target) == built(second)
    assert len(list((target / "releases").iterdir())) == 2
    rb = run_cli("deploy", str(target), "--rollback")
    assert rb.returncode == 0 and "Đã quay lại bản" in rb.stdout
    assert live(target) == built(first)
    for _ in range(4):
        assert run_cli("deploy", str(target), "--output", str(second), "--content", str(content[second]), "--keep", "3").returncode == 0
    releases = sorted(p.name for p in (target / "releases").iterdir())
    assert len(releases) == 3 and os.readlink(target / "current") == f"releases/{releases[-1]}"


def test_refuses_a_build_edited_after_building(two_builds, tmp_path):
    content, first, _ = two_builds
    target = tmp_path / "www"
    (first / "index.html").write_text("sửa tay", encoding="utf-8")
    r = run_cli("deploy", str(target), "--output", str(first), "--content", str(content[first]))
    assert r.returncode == 1 and "không khớp danh sách tệp" in r.stderr and "khác nội dung index.html" in r.stderr
    assert not target.exists() or not (target / "current").exists()


def test_refuses_when_content_fails_check(two_builds, tmp_path):
    content, first, _ = two_builds
    target = tmp_path / "www"
    assert run_cli("deploy", str(target), "--output", str(first), "--content", str(content[first])).returncode == 0
    before = live(target)
    (content[first] / "fields.yaml").write_text("- id: ho-tich\n", encoding="utf-8")
    r = run_cli("deploy", str(target), "--output", str(first), "--content", str(content[first]))
    assert r.returncode == 1 and "thiếu khóa bắt buộc 'name'" in r.stderr and "Không đăng" in r.stderr
    assert live(target) == before


def test_refuses_a_build_with_a_broken_link(two_builds, tmp_path):
    content, first, _ = two_builds
    # a file planted after building would fail the manifest check; plant it in the manifest too
    import hashlib
    import json
    page = first / "gioi-thieu/index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", '<a href="../khong-co/">x</a></main>'), encoding="utf-8")
    manifest = json.loads((first / ".congkhai-manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["gioi-thieu/index.html"] = hashlib.sha256(page.read_bytes()).hexdigest()
    (first / ".congkhai-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    r = run_cli("deploy", str(tmp_path / "www"), "--output", str(first), "--content", str(content[first]))
    assert r.returncode == 1 and "liên kết nội bộ hỏng '../khong-co/'" in r.stderr
    assert not (tmp_path / "www" / "current").exists()


def test_refuses_without_a_build(tmp_path):
    r = run_cli("deploy", str(tmp_path / "www"), "--output", str(tmp_path / "khong-co"))
    assert r.returncode == 1 and "chưa có bản dựng" in r.stderr


def _kill_when(proc, target: Path, point) -> str:
    """SIGKILL the deploy once the upload folder holds ``point`` files, or once the new
    release folder exists ("switch"). Returns where it was killed."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        tmp = list((target / "releases").glob(".tmp-*"))
        if point == "switch":
            if len([p for p in (target / "releases").iterdir() if not p.name.startswith(".")]) == 2:
                proc.send_signal(signal.SIGKILL)
                return "after the upload, around the switch"
        elif tmp and sum(1 for f in tmp[0].rglob("*") if f.is_file()) >= point:
            proc.send_signal(signal.SIGKILL)
            return f"mid-upload after {point} files"
        time.sleep(0.002)
    return "finished before the kill"


@pytest.mark.slow  # kills a deploy process at four points
@pytest.mark.parametrize("point", [0.0, 0.5, 0.95, "switch"])  # share of the files uploaded
def test_a_killed_deploy_leaves_a_complete_release_live(two_builds, tmp_path, point):
    content, first, second = two_builds
    target = tmp_path / "www"
    assert run_cli("deploy", str(target), "--output", str(first), "--content", str(content[first])).returncode == 0
    env = dict(os.environ, CONGKHAI_DEPLOY_THROTTLE="0.01", SOURCE_DATE_EPOCH="1764547200")
    proc = subprocess.Popen([sys.executable, str(REPO / "build.py"), "deploy", str(target), "--output", str(second),
                             "--content", str(content[second])], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    files = len(built(second))
    where = _kill_when(proc, target, point if point == "switch" else max(1, int(point * files)))
    proc.wait(timeout=30)
    assert where != "finished before the kill"
    now = live(target)
    if point != "switch":
        assert now == built(first), f"killed {where}: the previous release must stay live, file by file"
    else:
        assert now in (built(first), built(second)), "the live site is a mix of two releases"
    # a later deploy cleans up what the killed one left and goes live
    assert run_cli("deploy", str(target), "--output", str(second), "--content", str(content[second])).returncode == 0
    assert live(target) == built(second)
    assert not list((target / "releases").glob(".tmp-*")) and not list(target.glob(".current-new-*"))


def test_refuses_a_build_older_than_its_content(two_builds, tmp_path):
    """The preview showed newer content than output/ holds: deploy says which file, publishes nothing."""
    content, _, second = two_builds
    target = tmp_path / "www"
    page = content[second] / "pages" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nThêm một dòng.\n", encoding="utf-8")
    os.utime(page, (time.time() + 5, time.time() + 5))  # later than the build, whatever the clock's grain
    r = run_cli("deploy", str(target), "--output", str(second), "--content", str(content[second]))
    assert r.returncode == 1, r.stdout
    assert f"lỗi: nội dung trong '{content[second]}' đã thay đổi sau lần dựng '{second}' (tệp sửa sau khi dựng: " \
           "pages/gioi-thieu.md)" in r.stderr
    assert not (target / "current").exists()
    build(content[second], second)  # built again: published
    assert run_cli("deploy", str(target), "--output", str(second), "--content", str(content[second])).returncode == 0


def test_refuses_a_build_of_other_content(two_builds, tmp_path):
    content, first, second = two_builds
    r = run_cli("deploy", str(tmp_path / "www"), "--output", str(first), "--content", str(content[second]))
    assert r.returncode == 1
    assert f"được dựng từ nội dung ở '{content[first].resolve()}', không phải '{content[second]}'" in r.stderr
    assert not (tmp_path / "www" / "current").exists()


def test_refuses_a_build_whose_statuses_are_out_of_date(scratch, tmp_path):
    """Built as of a day before a change came into effect: the site would show the old status."""
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(scratch), "--output", str(out), "--as-of", "2020-01-01").returncode == 0
    r = run_cli("deploy", str(tmp_path / "www"), "--output", str(out), "--content", str(scratch))
    assert r.returncode == 1
    assert "hiện tình trạng thủ tục tại ngày 01/01/2020; từ đó đến nay đã có" in r.stderr
    assert "(thủ tục 1.000656 từ 01/04/2020)" in r.stderr


def test_a_comment_edited_after_building_is_recorded_by_the_next_build(two_builds, tmp_path):
    """Pages the same, content newer: the next build writes no page but records the content."""
    content, _, second = two_builds
    site = content[second] / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "# ghi chú\n", encoding="utf-8")
    os.utime(site, (time.time() + 5, time.time() + 5))
    pages = {p: p.stat().st_mtime_ns for p in second.rglob("*.html")}
    build(content[second], second)
    assert {p: p.stat().st_mtime_ns for p in second.rglob("*.html")} == pages
    assert run_cli("deploy", str(tmp_path / "www"), "--output", str(second), "--content", str(content[second])).returncode == 0
