"""The one write path: a staging directory beside output/, swapped in at the end.

A failure at any point before the swap leaves the previous output/ exactly as it was.
On Linux the swap is one renameat2(RENAME_EXCHANGE) call, so output/ never goes missing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import json
import os
import posixpath
import shutil
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


class StagedOutput:
    """Collects a build's files in a staging folder, then replaces output/ in one step."""

    def __init__(self, output: Path):
        self.output = output.resolve()
        self._check_output_is_ours()
        self.staging = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self.files: dict[str, str] = {}  # relative path -> sha256

    def _check_output_is_ours(self) -> None:
        if self.output.exists() and not self.output.is_dir():
            raise OutputError(f"'{self.output}' là một tệp, không phải thư mục")
        if self.output.is_dir() and any(self.output.iterdir()) and not (self.output / MANIFEST).is_file():
            raise OutputError(f"thư mục '{self.output}' đã có nội dung khác, không phải kết quả dựng của congkhai; "
                              "chọn một thư mục trống bằng --output để không ghi đè mất dữ liệu")

    def _target(self, rel: str) -> Path:
        clean = posixpath.normpath(rel)
        if rel.startswith("/") or clean.startswith("..") or clean in (".", "") or "\\" in rel:
            raise OutputError(f"đường dẫn không hợp lệ trong kết quả dựng: '{rel}'")
        if clean in self.files:
            raise OutputError(f"hai trang cùng ghi vào một tệp: '{clean}'")
        return self.staging / clean

    def write(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.files[posixpath.normpath(rel)] = hashlib.sha256(data).hexdigest()

    def commit(self) -> None:
        manifest = json.dumps({"files": dict(sorted(self.files.items()))}, indent=0, sort_keys=True)
        (self.staging / MANIFEST).write_text(manifest + "\n", encoding="utf-8")
        if not self.output.exists():
            os.rename(self.staging, self.output)
            return
        if _exchange(self.staging, self.output):
            shutil.rmtree(self.staging)  # now holds the previous build
            return
        old = self.output.parent / f".{self.output.name}.old-{os.getpid()}"
        os.rename(self.output, old)
        os.rename(self.staging, self.output)
        shutil.rmtree(old)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
