"""The one write path: a staging directory beside output/, swapped in at the end.

A failure at any point before the swap leaves the previous output/ exactly as it was.
On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so output/ never goes missing.

The folder swapped out is not deleted: it stays beside output/ as ``.<output>.congkhai-spare``
and is the next build's staging folder. Its files are hard links to output/'s except those
the last build wrote, so bringing it up to date costs work in proportion to what changed,
not to the size of the site (at 10,000 procedures a fresh staging tree meant 10,000 folders
made and 10,000 links, and deleting the replaced tree afterwards). Every file of the spare is
checked against what the build needs (same inode as output/'s file, or new bytes written),
and anything else in it is removed, so a stale or damaged spare cannot leak into output/.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import hashlib
import json
import os
import posixpath
import shutil
import subprocess
import sys
import time
from json.encoder import encode_basestring_ascii as _quoted
from pathlib import Path

MANIFEST = ".congkhai-manifest.json"


class OutputError(Exception):
    """The output folder cannot be written (not ours, or a bad path): a usage error."""


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def read_manifest(folder: Path) -> dict[str, str]:
    """The files a build wrote to ``folder`` (path -> sha256); empty if there is none."""
    try:
        return parse_manifest((folder / MANIFEST).read_bytes())
    except OSError:
        return {}


def manifest_bytes(files: dict[str, str], stamp: dict | None = None) -> bytes:
    """The manifest: ``{"build": stamp, "files": {path: sha256}}``, one file a line, sorted (as
    json.dumps with indent=0 and sort_keys writes it, with the C string encoder: 10,000 lines
    in milliseconds). The stamp says what the files were built from (see read_stamp)."""
    head = f'"build": {json.dumps(stamp, ensure_ascii=False, sort_keys=True)},\n' if stamp else ""
    if not files:
        return f'{{\n{head}"files": {{}}\n}}\n'.encode("utf-8")
    lines = ",\n".join(f"{_quoted(path)}: {_quoted(sha)}" for path, sha in sorted(files.items()))
    return f'{{\n{head}"files": {{\n{lines}\n}}\n}}\n'.encode("utf-8")


def read_stamp(folder: Path) -> dict:
    """What the build in ``folder`` was built from: the content folder, a digest of its files'
    names, sizes and times, the date it shows statuses as of. Empty when not recorded."""
    try:
        stamp = json.loads((folder / MANIFEST).read_bytes().decode("utf-8")).get("build")
    except (OSError, ValueError, AttributeError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def parse_manifest(data: bytes) -> dict[str, str]:
    try:
        files = json.loads(data.decode("utf-8")).get("files", {})
    except (ValueError, AttributeError):
        return {}
    return files if isinstance(files, dict) else {}


SPARE = "congkhai-spare"


@contextlib.contextmanager
def _locked(folder: Path):
    """An exclusive lock on ``folder`` (flock) for the use of its spare; True if we hold it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        yield False
        return
    try:
        yield True
    finally:
        os.close(handle)  # releases the lock


def put_file(target: Path, data: bytes | None = None, link: Path | None = None) -> None:
    """``target`` replaced in one rename by ``data`` or by a hard link to ``link``: always a
    new inode, so a file another folder shares by hard link is never written into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if link is not None:
        _link_or_copy(link, temp)
    else:
        temp.write_bytes(data)
    os.replace(temp, target)


def unit_spare(tree: Path, unit: str) -> Path:
    """Where the spare of a unit's folder ``tree/unit`` is kept: beside the tree's output
    folder, so that the tree holds only what is published."""
    tree = tree.resolve()
    return tree.parent / f".{tree.name}.units.{SPARE}" / unit


def _prune(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents below ``root`` while they are empty."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except OSError:
        return None


def _tree_files(folder: Path) -> tuple[dict[str, int], set[Path]]:
    """Every file under ``folder`` (relative posix path -> inode; the manifest aside) and the
    folders with nothing in them; links and anything that is neither file nor folder are
    removed on the way (nothing is ever written through them). One scandir per folder, no stat."""
    found: dict[str, int] = {}
    empty: set[Path] = set()
    pending = [(folder, "")]
    while pending:
        top, prefix = pending.pop()
        with os.scandir(top) as entries:
            entries = list(entries)
        if not entries:
            empty.add(Path(top))
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, prefix + entry.name + "/"))
            elif entry.is_file(follow_symlinks=False):
                if prefix or entry.name != MANIFEST:
                    found[prefix + entry.name] = entry.inode()
            else:
                os.unlink(entry.path)
    return found, empty


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def write_output(root: Path, files: dict[str, bytes | None], trusted: set[str], in_place: bool = False,
                 stamp: dict | None = None, spare: Path | None = None) -> StagedOutput:
    """Put ``files`` (path under ``root`` -> bytes, or None for the file ``root`` already has)
    in place of ``root``'s content in one step. ``trusted`` are the files of ``root`` known to
    be as the last build left them: one of them whose new bytes are the same is not rewritten.
    On any failure, ``root`` stays as it was. ``in_place``: each changed file is replaced on its
    own instead (for a folder no one else reads, such as the preview server's). ``spare``: where
    the swapped-out build is kept (default: beside ``root``, as ``.<root>.congkhai-spare``)."""
    staged = StagedOutput(root, trusted=trusted, in_place=in_place, stamp=stamp, spare=spare)
    staged.keep_all([path for path, data in files.items() if data is None])
    for path in sorted(p for p, data in files.items() if data is not None):
        staged.write(path, files[path])
    try:
        staged.commit()
    except BaseException:
        staged.abort()
        raise
    return staged


def roots_of(folders: list[Path]) -> list[Path]:
    """The folders not inside another one: each is swapped in as a whole (a profile's folder
    may lie inside another's, as kiosk/ in output/)."""
    return [f for f in folders if not any(inside(f, other) for other in folders if other != f)]


def root_of(folder: Path, roots: list[Path]) -> Path:
    return next(r for r in roots if r == folder or inside(folder, r))


def prefix_of(folder: Path, root: Path) -> str:
    """The path of ``folder`` under ``root`` as a prefix of file paths ('' or 'kiosk/')."""
    prefix = folder.resolve().relative_to(root.resolve()).as_posix()
    return "" if prefix == "." else prefix + "/"


def inside(folder: Path, other: Path) -> bool:
    return folder.resolve() != other.resolve() and folder.resolve().is_relative_to(other.resolve())


class StagedOutput:
    """Collects a build's files, then replaces output/ in one step.

    A file whose bytes are those output/ already has is not rewritten: the staging folder gets
    a hard link to it (same inode, same time stamp). When every file is unchanged, output/ is
    left alone altogether (``commit`` returns False).
    """

    def __init__(self, output: Path, trusted: set[str] | None = None, in_place: bool = False,
                 stamp: dict | None = None, spare: Path | None = None):
        self.output = output.resolve()
        self.spare = spare.resolve() if spare is not None else self.output.parent / f".{self.output.name}.{SPARE}"
        self.stamp = stamp
        # Files of output/ known to be as the last build wrote them (the build cache checks size
        # and time); only these may be kept when the new bytes are the same.
        self.trusted = trusted or set()
        self.in_place = in_place
        self._check_output_is_ours()
        self.staging = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        self.previous = read_manifest(self.output) if self.output.is_dir() else {}
        self.files: dict[str, str] = {}  # relative path -> sha256
        self.written: list[str] = []  # paths whose bytes are new
        self._data: dict[str, bytes | None] = {}  # None: keep the file output/ has

    def _check_output_is_ours(self) -> None:
        if self.output.exists() and not self.output.is_dir():
            raise OutputError(f"'{self.output}' là một tệp, không phải thư mục")
        if self.output.is_dir() and any(self.output.iterdir()) and not (self.output / MANIFEST).is_file():
            raise OutputError(f"thư mục '{self.output}' đã có nội dung khác, không phải kết quả dựng của congkhai; "
                              "chọn một thư mục trống bằng --output để không ghi đè mất dữ liệu")

    def _target(self, rel: str) -> str:
        clean = posixpath.normpath(rel)
        if rel.startswith("/") or clean.startswith("..") or clean in (".", "") or "\\" in rel:
            raise OutputError(f"đường dẫn không hợp lệ trong kết quả dựng: '{rel}'")
        if clean in self.files:
            raise OutputError(f"hai trang cùng ghi vào một tệp: '{clean}'")
        return clean

    def write(self, rel: str, data: bytes) -> None:
        clean = self._target(rel)
        sha = hashlib.sha256(data).hexdigest()
        self.files[clean] = sha
        self._data[clean] = None if self.previous.get(clean) == sha and clean in self.trusted else data

    def keep_all(self, rels: list[str]) -> None:
        """``keep`` for many files at once (a build keeps 10,000 pages)."""
        fresh = set(rels)
        if len(fresh) != len(rels) or not fresh <= self.previous.keys() or not fresh.isdisjoint(self.files):
            for rel in rels:  # one by one, for the message about the first wrong one
                self.keep(rel)
            return
        self.files.update((rel, self.previous[rel]) for rel in rels)
        self._data.update(dict.fromkeys(rels))

    def keep(self, rel: str) -> None:
        """The file output/ has at ``rel`` stays as it is (the caller knows it is current)."""
        # A path of the last manifest was checked when it was written; only a repeat can be wrong.
        clean = rel if rel in self.previous and rel not in self.files else self._target(rel)
        if clean not in self.previous:
            raise OutputError(f"không giữ lại được '{clean}': bản dựng trước không có tệp này")
        self.files[clean] = self.previous[clean]
        self._data[clean] = None

    def commit(self) -> bool:
        """Swap the new files in; False (and nothing touched) when nothing changed."""
        self.written = sorted(p for p, data in self._data.items() if data is not None)
        if self.output.is_dir() and not self.written and self.files == self.previous:
            if self.stamp and read_stamp(self.output) != self.stamp:  # same pages from newer content
                self._write_manifest(self.output)
            return False
        if self.in_place and self.output.is_dir():
            self._update_in_place()
            return True
        if not self.output.exists():
            self._fill(self.staging)
            os.rename(self.staging, self.output)
            return True
        with _locked(self.output) as alone:  # (not the parent: the units of a tree share it, built at once)
            if not alone:  # another build of this folder is running: a staging folder of our own
                self._fill(self.staging)
                self._swap(self.staging)
                _remove_later(self.staging, len(self.previous))
                return True
            spare = self.spare
            spare.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._refresh(spare)
            except OSError:  # not a folder we can bring up to date: made again
                if spare.is_symlink() or spare.is_file():
                    spare.unlink()
                elif spare.exists():
                    _remove_later(spare, len(self.previous))
                self._fill(spare)
            self._swap(spare)  # the spare now holds the previous build, for the next one
        return True

    def _fill(self, folder: Path) -> None:
        """A new staging tree: hard links to output/'s kept files, new bytes for the rest."""
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        made = set()
        for rel, data in sorted(self._data.items()):
            target = folder / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            if data is None:
                _link_or_copy(self.output / rel, target)
            else:
                target.write_bytes(data)
        self._write_manifest(folder)

    def _refresh(self, spare: Path) -> None:
        """Bring the spare to exactly this build's files (see the module's docstring)."""
        if spare.is_symlink() or not spare.is_dir():
            raise NotADirectoryError(str(spare))
        inodes, empty = _tree_files(spare)
        same_device = os.stat(spare).st_dev == os.stat(self.output).st_dev
        for rel, data in sorted(self._data.items()):
            target = spare / rel
            inode = inodes.pop(rel, None)
            if data is None:
                source = self.output / rel
                if not (same_device and inode is not None and _inode(source) == inode):
                    put_file(target, link=source)
            else:
                put_file(target, data)
        for rel in inodes:  # files no longer in the build
            (spare / rel).unlink()
            empty.add((spare / rel).parent)
        for folder in sorted(empty, key=lambda f: len(f.parts), reverse=True):
            _prune(folder, spare)
        self._write_manifest(spare)

    def _write_manifest(self, folder: Path) -> None:
        put_file(folder / MANIFEST, manifest_bytes(self.files, self.stamp))

    def _swap(self, folder: Path) -> None:
        """``folder`` becomes output/; the previous output/ is left at ``folder``'s path."""
        if _exchange(folder, self.output):
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        os.rename(self.output, old)
        os.rename(folder, self.output)
        os.rename(old, folder)

    def _update_in_place(self) -> None:
        """Each changed file replaced atomically (rename), removed files deleted, the manifest
        last. Not one swap for the whole site: only for a folder no one else reads."""
        for rel in self.written:
            put_file(self.output / rel, self._data[rel])
        for rel in sorted(set(self.previous) - set(self.files)):
            (self.output / rel).unlink(missing_ok=True)
            _prune((self.output / rel).parent, self.output)
        self._write_manifest(self.output)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


BACKGROUND_FROM = 2000  # files in a replaced build worth deleting in a background process


def _remove_later(folder: Path, files: int) -> None:
    """Delete a replaced build: renamed first, so the next build's staging name is free; a
    large one is deleted by a detached process, so the command does not wait for it."""
    trash = folder.with_name(f"{folder.name}.trash-{time.time_ns()}")
    os.rename(folder, trash)
    if files < BACKGROUND_FROM:
        shutil.rmtree(trash, ignore_errors=True)
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                      str(trash)], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
