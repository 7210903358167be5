"""Publish a build to the portal's web root: releases, atomic switch, rollback.

Layout on the target (a local or mounted folder, or user@host:/path over SSH + rsync):

    TARGET/releases/<id>/    one complete build per release
    TARGET/current           symlink to releases/<id>: the web server serves TARGET/current

A release is uploaded into releases/.tmp-<id>, every file is checked against the build's
manifest (sha256), the folder is renamed to releases/<id>, and only then is ``current``
switched with one rename() of a new symlink over the old one. A deploy killed at any moment
leaves the live site complete: the old release or the new one, never a mix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..build.write import MANIFEST
from ..units.hub import UNITS_LIST

_SSH_TARGET = re.compile(r"^(?P<host>[^/:@\s]+@[^/:\s]+|[^/:\s]+):(?P<path>/.*)$")


class DeployError(Exception):
    """A deploy refused or failed; the message is for staff (Vietnamese)."""


def read_manifest(output: Path) -> dict[str, str]:
    path = output / MANIFEST
    if not path.is_file():
        raise DeployError(f"'{output}' chưa có bản dựng của congkhai: chạy 'python build.py build' trước")
    return json.loads(path.read_text(encoding="utf-8"))["files"]


def verify_folder(folder: Path, manifest: dict[str, str]) -> list[str]:
    """Files of ``folder`` that are missing, changed or not in the manifest."""
    problems = []
    for rel, digest in sorted(manifest.items()):
        path = folder / rel
        if not path.is_file():
            problems.append(f"thiếu {rel}")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"khác nội dung {rel}")
    known = set(manifest) | {MANIFEST}
    problems += [f"thừa {p.relative_to(folder).as_posix()}" for p in sorted(folder.rglob("*"))
                 if p.is_file() and p.relative_to(folder).as_posix() not in known]
    return problems


def release_id(manifest: dict[str, str]) -> str:
    digest = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:8]
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + digest


@dataclass
class Plan:
    """What a deploy would change against the live release."""

    added: list[str]
    changed: list[str]
    removed: list[str]


def plan_changes(new: dict[str, str], live: dict[str, str] | None) -> Plan:
    live = live or {}
    return Plan(added=sorted(set(new) - set(live)), changed=sorted(k for k in new if k in live and live[k] != new[k]),
                removed=sorted(set(live) - set(new)))


def _throttle() -> None:
    """Tests slow uploads down (CONGKHAI_DEPLOY_THROTTLE seconds a file) to kill them midway."""
    delay = float(os.environ.get("CONGKHAI_DEPLOY_THROTTLE", "0") or 0)
    if delay:
        time.sleep(delay)


class LocalTarget:
    def __init__(self, root: Path):
        self.root = root
        self.releases = root / "releases"

    def describe(self) -> str:
        return str(self.root)

    def releases_list(self) -> list[str]:
        if not self.releases.is_dir():
            return []
        return sorted(p.name for p in self.releases.iterdir() if p.is_dir() and not p.name.startswith("."))

    def current(self) -> str | None:
        link = self.root / "current"
        return Path(os.readlink(link)).name if link.is_symlink() else None

    def live_manifest(self) -> dict[str, str] | None:
        path = self.root / "current" / MANIFEST
        return json.loads(path.read_text(encoding="utf-8"))["files"] if path.is_file() else None

    def clean_stale(self) -> None:
        for leftover in [*self.releases.glob(".tmp-*"), *self.root.glob(".current-new-*")]:
            if leftover.is_symlink() or leftover.is_file():
                leftover.unlink()
            else:
                shutil.rmtree(leftover, ignore_errors=True)

    def upload(self, output: Path, manifest: dict[str, str], rid: str) -> None:
        self.releases.mkdir(parents=True, exist_ok=True)
        self.clean_stale()
        live_dir = self.root / "current"
        live = self.live_manifest() or {}
        tmp = self.releases / f".tmp-{rid}"
        tmp.mkdir()
        for rel in sorted([*manifest, MANIFEST]):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel != MANIFEST and live.get(rel) == manifest[rel]:
                os.link(live_dir.resolve() / rel, target)  # unchanged: share the live file
            else:
                shutil.copyfile(output / rel, target)
            _throttle()
        problems = verify_folder(tmp, manifest)
        if problems:
            raise DeployError("tệp tải lên không khớp bản dựng: " + "; ".join(problems[:5]))
        os.rename(tmp, self.releases / rid)

    def switch(self, rid: str) -> None:
        link = self.root / f".current-new-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        os.symlink(f"releases/{rid}", link)
        os.replace(link, self.root / "current")  # one atomic rename

    def remove(self, rid: str) -> None:
        shutil.rmtree(self.releases / rid)


class SshTarget:
    """user@host:/path, reached with ssh and rsync (the SSH command comes from --ssh)."""

    def __init__(self, host: str, path: str, ssh: list[str]):
        self.host, self.path, self.ssh = host, path.rstrip("/"), ssh

    def describe(self) -> str:
        return f"{self.host}:{self.path}"

    def run(self, script: str, stdin: str | None = None) -> str:
        done = subprocess.run([*self.ssh, self.host, script], input=stdin, capture_output=True, text=True)
        if done.returncode != 0:
            raise DeployError(f"lệnh trên máy chủ {self.host} thất bại: {done.stderr.strip() or done.returncode}")
        return done.stdout

    def releases_list(self) -> list[str]:
        out = self.run(f"mkdir -p {shlex.quote(self.path)}/releases && ls -1 {shlex.quote(self.path)}/releases")
        return sorted(n for n in out.split() if not n.startswith("."))

    def current(self) -> str | None:
        out = self.run(f"readlink {shlex.quote(self.path)}/current || true").strip()
        return Path(out).name if out else None

    def live_manifest(self) -> dict[str, str] | None:
        out = self.run(f"cat {shlex.quote(self.path)}/current/{MANIFEST} 2>/dev/null || true")
        return json.loads(out)["files"] if out.strip() else None

    def clean_stale(self) -> None:
        self.run(f"rm -rf {shlex.quote(self.path)}/releases/.tmp-* {shlex.quote(self.path)}/.current-new-*")

    def upload(self, output: Path, manifest: dict[str, str], rid: str) -> None:
        self.run(f"mkdir -p {shlex.quote(self.path)}/releases")
        self.clean_stale()
        tmp = f"{self.path}/releases/.tmp-{rid}"
        rsync = ["rsync", "-rlp", "--checksum", "--delete", "-e", shlex.join(self.ssh), f"--link-dest={self.path}/current/",
                 f"{output}/", f"{self.host}:{tmp}/"]
        done = subprocess.run(rsync, capture_output=True, text=True)
        if done.returncode != 0:
            raise DeployError(f"rsync thất bại: {done.stderr.strip()}")
        sums = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(manifest.items()))
        self.run(f"cd {shlex.quote(tmp)} && sha256sum --quiet -c -", stdin=sums)
        self.run(f"mv {shlex.quote(tmp)} {shlex.quote(self.path)}/releases/{shlex.quote(rid)}")

    def switch(self, rid: str) -> None:
        p = shlex.quote(self.path)
        self.run(f"cd {p} && ln -sfn releases/{shlex.quote(rid)} .current-new-$$ && mv -T .current-new-$$ current")

    def remove(self, rid: str) -> None:
        self.run(f"rm -rf {shlex.quote(self.path)}/releases/{shlex.quote(rid)}")


def open_target(spec: str, ssh_command: str | None) -> LocalTarget | SshTarget:
    if match := _SSH_TARGET.match(spec):
        return SshTarget(match["host"], match["path"], shlex.split(ssh_command or os.environ.get("CONGKHAI_SSH", "ssh")))
    return LocalTarget(Path(spec))


def publish(target, output: Path, manifest: dict[str, str], keep: int) -> str:
    rid, existing = release_id(manifest), set(target.releases_list())
    base, n = rid, 1
    while rid in existing:  # two deploys within one second
        n += 1
        rid = f"{base}-{n}"
    target.upload(output, manifest, rid)
    target.switch(rid)
    prune(target, keep)
    return rid


def prune(target, keep: int) -> None:
    """Keep the newest ``keep`` releases, and always the live one."""
    live = target.current()
    for rid in target.releases_list()[:-keep] if keep > 0 else []:
        if rid != live:
            target.remove(rid)


def rollback(target) -> str:
    releases, live = target.releases_list(), target.current()
    if live not in releases or releases.index(live) == 0:
        raise DeployError("không có bản trước để quay lại")
    previous = releases[releases.index(live) - 1]
    target.switch(previous)
    return previous


def preflight(output: Path, content: Path | None, report, today: dt.date | None = None,
              unit: str | None = None) -> dict[str, str]:
    """Refuse a build that is incomplete, was edited after building, has a broken link, was
    built from other or older content than ``content``, or whose content fails `check`.
    Returns the manifest."""
    from ..build.linkcheck import check_files
    from ..pipeline import BuildConfig, build, default_as_of

    manifest = read_manifest(output)
    problems = verify_folder(output, manifest)
    if problems:
        raise DeployError("bản dựng trong '" + str(output) + "' không khớp danh sách tệp của nó ("
                          + "; ".join(problems[:5]) + "): chạy lại 'python build.py build'")
    files = {rel: ((output / rel).read_bytes() if rel.endswith(".html") else b"") for rel in manifest}
    check_files(files, report, str(output))
    if content is not None and content.is_dir() and (output / UNITS_LIST).is_file() and unit is None:
        _check_tree(output, content, report, today or default_as_of())
    elif content is not None and content.is_dir():
        result = build(BuildConfig(content=content, write=False, as_of=today or default_as_of(), unit=unit))
        report.diagnostics += result.report.errors
        if result.catalogue is not None and not result.report.errors:  # mistakes first: they say more
            _check_built_from(output, content, unit)
            _check_not_outdated(output, result.catalogue)
    return manifest


_REBUILD = "chạy lại 'python build.py build' rồi đăng"


def _check_tree(output: Path, content: Path, report, today: dt.date) -> None:
    """A tree of units (the hub and every unit as one release): every unit passes check, and
    the build was made from the tree as it is now. (Whether a change came into effect since the
    build is checked per unit, with --unit.)"""
    from ..pipeline import BuildConfig
    from ..units.build import build_units
    result = build_units(BuildConfig(content=content, write=False, as_of=today))
    report.diagnostics += result.report.errors
    if not result.report.errors:
        _check_built_from(output, content)


def _check_built_from(output: Path, content: Path, unit: str | None = None) -> None:
    """The build in ``output`` was made from ``content`` as it is now."""
    from ..build.load import content_stamp
    from ..build.write import read_stamp

    stamp = read_stamp(output)
    if not stamp:
        raise DeployError(f"bản dựng trong '{output}' không ghi nó được dựng từ nội dung nào (bản dựng cũ): {_REBUILD}")
    if stamp.get("content") != str(content.resolve()):
        raise DeployError(f"bản dựng trong '{output}' được dựng từ nội dung ở '{stamp.get('content')}', không phải "
                          f"'{content}': {_REBUILD} với --content {content}")
    if stamp.get("unit") != unit:
        raise DeployError(f"bản dựng trong '{output}' là của đơn vị '{stamp.get('unit') or 'một đơn vị'}', không phải "
                          f"'{unit or 'một đơn vị'}': {_REBUILD}")
    if stamp.get("content_files") != content_stamp(content, unit):
        built = (output / MANIFEST).stat().st_mtime
        newer = sorted(str(p.relative_to(content)) for p in content.rglob("*")
                       if p.is_file() and not any(part.startswith(".") for part in p.relative_to(content).parts)
                       and p.stat().st_mtime > built)
        which = f" (tệp sửa sau khi dựng: {', '.join(newer[:5])}{', …' if len(newer) > 5 else ''})" if newer else ""
        raise DeployError(f"nội dung trong '{content}' đã thay đổi sau lần dựng '{output}'{which}: đăng bây giờ sẽ "
                          f"đưa lên trang bản cũ; {_REBUILD}")


def _check_not_outdated(output: Path, catalogue) -> None:
    """No change has come into effect between the day the build shows and today."""
    from ..build.write import read_stamp
    from ..text.vietnamese import format_short_date

    try:
        built_as_of = dt.date.fromisoformat(read_stamp(output).get("as_of", ""))
    except ValueError:
        return
    today = catalogue.lifecycle.as_of
    came = [e for e in catalogue.lifecycle.changes if built_as_of < e.effective <= today]
    if came:
        first = min(came, key=lambda e: (e.effective, e.code))
        raise DeployError(f"bản dựng trong '{output}' hiện tình trạng thủ tục tại ngày {format_short_date(built_as_of)}; "
                          f"từ đó đến nay đã có {len(came)} thay đổi có hiệu lực (thủ tục {first.code} từ "
                          f"{format_short_date(first.effective)}): {_REBUILD}")
