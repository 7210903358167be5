"""What the pickers offer: the ids of agencies, fields, procedures, decisions, feedback
postings and form files, each with the name staff know it by, searched without diacritics."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..build.load import UNITS, form_names
from ..model.content import says_none
from ..text.vietnamese import fold
from ..units.tree import read_data

LIMIT = 30


class Names:
    """Reads each file once per change (by its modification time)."""

    def __init__(self, content: Path):
        self.content = content
        self._read: dict[str, tuple[int, object]] = {}
        self._lock = threading.Lock()

    def options(self, refers: str, unit: str | None) -> list[tuple[str, str]]:
        layers = [self.content] + ([self.content / UNITS / unit] if unit else [])
        found: dict[str, str] = {}
        for layer in layers:
            if refers in ("agencies", "fields"):
                for item in self._data(layer / f"{refers}.yaml") or []:
                    if isinstance(item, dict) and item.get("id") is not None:
                        found[str(item["id"])] = str(item.get("name") or "")
            elif refers == "forms":
                found.update(dict.fromkeys(form_names(layer), ""))
            elif refers in ("procedures", "decisions", "feedback"):
                found.update(self._folder(layer / refers, refers))
        return sorted(found.items())

    def search(self, refers: str, unit: str | None, query: str) -> list[tuple[str, str]]:
        words = fold(query).split()
        hits = [(i, n) for i, n in self.options(refers, unit) if all(w in fold(f"{i} {n}") for w in words)]
        return hits[:LIMIT]

    def _folder(self, folder: Path, refers: str) -> dict[str, str]:
        found = {}
        try:
            entries = sorted(e.name for e in os.scandir(folder) if e.name.endswith((".yaml", ".yml")))
        except OSError:
            return found
        for name in entries:
            stem = name.rsplit(".", 1)[0]
            if "@" in stem:
                continue
            data = self._data(folder / name)
            data = data if isinstance(data, dict) else {}
            if refers == "decisions":
                label = " — ".join(str(data[k]) for k in ("number", "title") if data.get(k))
            else:
                label = str(data.get("name") or data.get("title") or "")
            found[stem] = label
        return found

    def _data(self, path: Path):
        try:
            stamp = os.stat(path).st_mtime_ns
        except OSError:
            return None
        with self._lock:
            known = self._read.get(str(path))
        if known and known[0] == stamp:
            return known[1]
        data = read_data(path)
        with self._lock:
            self._read[str(path)] = (stamp, data)
        return data


def note(options: dict[str, str], value) -> str:
    """What a reference field says under its value, given the ``options`` of its picker: the
    name of what it names, or that nothing has that id (the page would show it as missing)."""
    text = "" if value is None else str(value).strip()
    if not text or says_none(text) or text.startswith(("http://", "https://")):
        return ""
    if text in options:
        return f"= {options[text]}" if options[text] else "= tệp có trong thư mục"
    return "Chưa có mã này trong danh sách: chọn lại, hoặc thêm nó trước."
