"""Saving a form into its file as staff would have typed it: the file is read with a
round-trip YAML reader (ruamel.yaml), only the values the form changed are replaced, and it is
written back with its comments, its key order, its own way of writing unchanged values and the
keys the form does not know. New keys go where the model's order puts them."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
import yaml as yaml_reader
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ..model.content import EXPLICIT_NONE
from .schema import Widget
from .values import empty, shown


_OPENS = re.compile(r"^(- )?[^#'\"]*:\s*(#.*)?$")  # "key:" with its value on the next lines


def indents(text: str) -> tuple[int, int]:
    """How the file indents a key's mapping and the dash of its list (``key:\n- a`` is 0,
    ``key:\n  - a`` is 2): written back the same way. New files: 2 and 2, as the scaffolds'
    sample lines ("#  - name: ...")."""
    mapping = offset = None
    before, opens, root_list = 0, False, False
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        root_list = root_list or (indent == 0 and stripped.startswith("- "))
        if opens and stripped.startswith("- ") and offset is None and indent >= before:
            offset = indent - before
        elif opens and indent > before and mapping is None:
            mapping = indent - before
        before, opens = indent + (2 if stripped.startswith("- ") else 0), bool(_OPENS.match(stripped))
    if offset is None:
        offset = 0 if root_list else 2  # a list at the top (agencies.yaml) starts at the margin
    return mapping or 2, offset


def _yaml(style: tuple[int, int] = (2, 2)) -> YAML:
    yaml = YAML()
    yaml.indent(mapping=style[0], sequence=style[1] + 2, offset=style[1])
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    return yaml


@dataclass
class Loaded:
    """A file read for editing: its YAML data (round-trip) and, for a Markdown file, its body."""

    data: Any
    body: str | None = None
    markdown: bool = False
    style: tuple[int, int] = (2, 2)  # see ``indents``
    source: str = ""  # the text it was read from


class NotEditable(Exception):
    """The file's text cannot be read as content (a YAML mistake): the form cannot show it."""


def load(text: str, markdown: bool) -> Loaded:
    yaml = _yaml()
    try:
        if not markdown:
            return Loaded(yaml.load(text), style=indents(text), source=text)
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            raise NotEditable("thiếu dòng '---' mở đầu phần thông tin")
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise NotEditable("thiếu dòng '---' đóng phần thông tin")
        data = yaml.load("\n".join(lines[1:end]) + "\n")
        front = "\n".join(lines[1:end])
        return Loaded(data if data is not None else CommentedMap(), "\n".join(lines[end + 1:]), True, indents(front),
                      front)
    except NotEditable:
        raise
    except Exception as exc:  # noqa: BLE001 (any YAML mistake: the file is shown, not edited)
        raise NotEditable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None


def dump(loaded: Loaded) -> str:
    stream = io.StringIO()
    yaml = _yaml(loaded.style)
    if loaded.markdown:
        stream.write("---\n")
        stream.write(keep_gaps(loaded.source, _dumped(yaml, loaded.data)))
        stream.write("---\n")
        body = loaded.body or ""
        stream.write(body if body.endswith("\n") or not body else body + "\n")
        return stream.getvalue()
    if loaded.data is None:
        return ""
    return keep_gaps(loaded.source, _dumped(yaml, loaded.data))


def _dumped(yaml: YAML, data: Any) -> str:
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


_COMMENTED = re.compile(r"^(?P<code>\s*[^\s#].*?\S)(?P<gap>\s+)(?P<comment>#.*)$")


def _end_comment(line: str) -> re.Match | None:
    found = _COMMENTED.match(line)
    if found and found["code"].count('"') % 2 == 0 and found["code"].count("'") % 2 == 0:
        return found
    return None


def keep_gaps(source: str, text: str) -> str:
    """A comment after a value keeps the spaces it had before it when the value changed (as
    if staff had typed the new value in front of them), not the writer's own column. Lines
    of a block of text (``|``, ``>``) are text, never comments, and are left as they are."""
    gaps: dict[str, str | None] = {}
    before = source.split("\n")
    text_lines = _block_lines(before)
    for i, line in enumerate(before):
        if i not in text_lines and (found := _end_comment(line)):
            gaps[found["comment"]] = found["gap"] if found["comment"] not in gaps else None  # ambiguous: left alone
    lines = text.split("\n")
    text_lines = _block_lines(lines)
    for i, line in enumerate(lines):
        found = _end_comment(line) if i not in text_lines else None
        if found and gaps.get(found["comment"]) and found["gap"] != gaps[found["comment"]] \
                and not found["code"].endswith(":"):
            lines[i] = found["code"] + gaps[found["comment"]] + found["comment"]
    return "\n".join(lines)


_BLOCK_START = re.compile(r"^(?P<indent> *)(?:- )?(?:[^#'\"\s][^#]*:\s+)?[|>][-+0-9]*\s*(#.*)?$")


def _block_lines(lines: list[str]) -> set[int]:
    """The indexes of the lines that are the text of a block scalar (after 'key: |')."""
    inside, block_indent = set(), None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None and (not line.strip() or indent > block_indent):
            inside.add(i)
            continue
        block_indent = None
        if found := _BLOCK_START.match(line):
            block_indent = len(found["indent"])
    return inside


def merge(node: Any, new: Any, widget: Widget) -> Any:
    """``node`` (from the file) with ``new`` (from the form) in place of what changed."""
    if widget.kind == "group" and isinstance(new, dict):
        target = node if isinstance(node, CommentedMap) else CommentedMap()
        for child in widget.children:
            value = new.get(child.key)
            if child.key in target:
                if empty(value) and child.kind != "flag":  # a box unticked is written false
                    if not empty(target[child.key]) and shown(target[child.key]) != EXPLICIT_NONE or value == []:
                        target[child.key] = None  # the key and its comment stay: "not given"
                else:
                    target[child.key] = merge(target[child.key], value, child)
                    if isinstance(target[child.key], LiteralScalarString):
                        _comment_above(target, child.key)
            elif not empty(value):
                _insert(target, widget, child.key, merge(None, value, child))
        return target
    if widget.kind == "list" and isinstance(new, list):
        if not isinstance(node, CommentedSeq):
            if node is not None and not isinstance(node, (list, dict)) and [shown(node)] == [shown(v) for v in new]:
                return node  # one value written without a list, unchanged
            node = CommentedSeq()
        item = widget.children[0]
        for i, value in enumerate(new):
            if i < len(node):
                node[i] = merge(node[i], value, item)
            else:
                node.append(merge(None, value, item))
        del node[len(new):]
        return node
    if node is not None and not isinstance(node, (dict, list)) and shown(node).strip() == shown(new).strip():
        return node  # unchanged: the file keeps its own writing ("01/7/2025", quotes, a block's style)
    return _fresh(new)


def _comment_above(data: CommentedMap, key: str) -> None:
    """A comment written after ``key: value`` moves above the key when the value becomes a
    block of lines (after the block it would read as part of the next key)."""
    tokens = data.ca.items.get(key)
    comment = tokens[2] if tokens and len(tokens) > 2 else None
    if comment is None or not comment.value.strip().startswith("#"):
        return
    first, _, rest = comment.value.strip().partition("\n")
    tokens[2] = None
    data.yaml_set_comment_before_after_key(key, before=first.lstrip("# ").rstrip())
    if rest.strip():  # the sample lines that followed stay after the block
        comment.value = rest if rest.endswith("\n") else rest + "\n"
        tokens[2] = comment


def _fresh(value: Any) -> Any:
    if isinstance(value, dict):
        return CommentedMap((k, _fresh(v)) for k, v in value.items() if not empty(v))
    if isinstance(value, list):
        return CommentedSeq(_fresh(v) for v in value)
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value + "\n")
    if isinstance(value, str) and _misread(value):
        return DoubleQuotedScalarString(value)  # code: "1.000656", as the guide writes it
    return value


def _misread(text: str) -> bool:
    """Whether YAML would read the text, written plain, as something else (a number, a date,
    true, nothing): it is then written in double quotes."""
    try:
        return yaml_reader.safe_load(text) != text
    except yaml_reader.YAMLError:
        return False  # ruamel quotes what cannot be written plain


def _insert(data: CommentedMap, widget: Widget, key: str, value: Any) -> None:
    """Put ``key`` where the model's order puts it among the keys the file has."""
    order = [c.key for c in widget.children]
    later = [k for k in order[order.index(key) + 1:] if k in data]
    data.insert(list(data).index(later[0]) if later else len(data), key, value)
