"""The editor's requests under /__congkhai__/ (DESIGN.md "Commands"): forms over content
files, saved back as staff would have typed them. The preview server hands each request here;
nothing here knows about sockets, so every answer is a ``Response``.

GET  sua/                 the content files, and "new" links
GET  sua?trang=<url>      the file behind a previewed page ("Sửa trang này")
GET  sua/<file>           the form of a file (a unit's procedure not yet overridden: the override form)
POST sua/<file>           _action=luu saves; kiem-tra answers check's messages as JSON; them/xoa/len edit rows
GET  moi/<kind>           a new procedure, decision, plan, feedback posting or page (?noi=units/<unit>/, ?bai-bo=<code>)
POST moi/<kind>           as for sua/<file>
GET  chon/<what>?q=       picker choices; POST tai-len?noi=&ten= a form file; POST xem-truoc Markdown
"""

from __future__ import annotations

import functools
import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..build.load import suffixes_of
from ..build.write import put_file
from ..text.markup import render_markdown
from ..units.tree import is_unit_tree, unit_ids
from . import pages
from .check import Checker
from .editing import NEW_KINDS, Draft, digest, new_file, unit_level
from .guard import Guard
from .names import Names, note
from .paths import Refused, form_file, target
from .places import file_of_page, page_of_file
from .roundtrip import NotEditable
from .schema import KINDS
from .values import edit, read

PREFIX = "/__congkhai__/"
MAX_UPLOAD = 50 * 1024 * 1024
ROW_ACTIONS = ("them:", "xoa:", "len:")


@dataclass
class Request:
    method: str
    path: str  # after /__congkhai__/, without the query
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    body: bytes = b""


@dataclass
class Response:
    status: int
    body: bytes
    kind: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def _json(data, status: int = 200) -> Response:
    return Response(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def _redirect(location: str) -> Response:
    return Response(303, b"", headers={"Location": location})


class Editor:
    """``saved(path)`` is called after each write; it returns when the preview has rebuilt."""

    def __init__(self, content: Path, port: int, saved: Callable[[Path], None]):
        self.content = content
        self.guard = Guard(port)
        self.checker = Checker(content)
        self.names = Names(content)
        self.saved = saved

    def handle(self, request: Request) -> Response:
        if not self.guard.host_ok(request.headers.get("host")):
            return self._message(403, "Từ chối", "Trình sửa chỉ mở tại http://127.0.0.1 hoặc http://localhost trên cổng của lệnh serve.")
        try:
            if request.method == "GET":
                return self._get(request)
            if not self.guard.origin_ok(request.headers.get("origin"), request.headers.get("referer")):
                return self._message(403, "Từ chối", "Yêu cầu không đến từ trang của trình sửa này.")
            form = urllib.parse.parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True) \
                if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded") else {}
            token = request.headers.get("x-congkhai-token") or (form.get("_csrf") or [""])[0]
            if not self.guard.token_ok(request.headers.get("cookie"), token):
                return self._message(403, "Từ chối", "Phiên sửa đã hết hoặc yêu cầu không đến từ trình sửa: "
                                                      "mở lại trang sửa rồi làm lại.")
            return self._post(request, form)
        except Refused as refused:
            return self._message(403, "Từ chối", f"Không mở được: {refused}.")
        except NotEditable as problem:
            return self._message(409, "Tệp không sửa được bằng biểu mẫu", f"Tệp có lỗi ({problem}): sửa tệp trong "
                                 "trình soạn thảo (lệnh check chỉ dòng lỗi) rồi mở lại biểu mẫu. Chưa ghi gì.")

    # --- reading ------------------------------------------------------------------

    def _get(self, request: Request) -> Response:
        path, query = request.path, request.query
        if path in ("editor.js", "editor.css"):
            kind = "text/javascript" if path.endswith(".js") else "text/css"
            return Response(200, pages.static(path), f"{kind}; charset=utf-8")
        sid, cookie = self.guard.session(request.headers.get("cookie"))
        response = self._page(path, query, self.guard.token(sid))
        if cookie:
            response.headers["Set-Cookie"] = cookie
        return response

    def _page(self, path: str, query: dict, csrf: str) -> Response:
        if path.startswith(("sua", "moi/")):
            self.checker.start_warming()
        if path == "sua" and "trang" in query:
            rel, unit = file_of_page(self.content, query["trang"][0])
            if rel is None:
                return _redirect(PREFIX + "sua/")
            return _redirect(PREFIX + "sua/" + rel + (f"?don-vi={unit}" if unit else ""))
        if path in ("sua", "sua/"):
            return Response(200, pages.render("index.html", title="Nội dung", groups=self._groups()))
        if path.startswith("sua/"):
            unit = (query.get("don-vi") or [None])[0]
            return self._form(draft_of(self.content, target(self.content, path[4:])), csrf, unit=unit)
        if path.startswith("moi/"):
            return self._new_form(path[4:], query, csrf)
        if path.startswith("chon/"):
            unit = (query.get("don-vi") or [None])[0]
            hits = self.names.search(path[5:], unit if unit in self._units() else None, (query.get("q") or [""])[0])
            return _json([{"id": i, "name": n} for i, n in hits])
        return self._message(404, "Không có trang này", "Trình sửa không có địa chỉ này.")

    def _form(self, draft: Draft, csrf: str, value=None, status: int = 200, unit: str | None = None, **context) -> Response:
        t = draft.target
        if draft.disk is None and not draft.override and "name_field" not in context:
            return self._message(404, "Chưa có tệp này", f"Chưa có tệp {t.rel}. Tạo tệp mới từ danh sách nội dung.")
        try:
            value = draft.value(context.pop("start", "")) if value is None else value
        except NotEditable as problem:
            return self._message(200, "Tệp chưa mở được bằng biểu mẫu", f"Không hiện được biểu mẫu của {t.rel} ({problem}). "
                                 "Sửa tệp trong trình soạn thảo (lệnh check chỉ dòng lỗi), rồi mở lại trang này.",
                                 draft.disk.decode("utf-8", "replace") if draft.disk else "")
        unit = t.unit or (unit if unit in self._units() else None)
        links = []
        if t.kind.name == "procedures" and draft.disk is not None and "@" not in t.stem:
            folder = f"&noi=units/{t.unit}/" if t.unit else ""
            links.append({"href": f"{PREFIX}moi/decisions?bai-bo={t.stem}{folder}",
                          "label": "Bãi bỏ thủ tục này (bằng một quyết định công bố)"})
            if not draft.override:
                links.append({"href": f"{PREFIX}moi/procedures?sap-ap-dung={t.stem}{folder}",
                              "label": "Soạn bản sửa đổi có hiệu lực sau (bản đang áp dụng giữ nguyên đến ngày đó)"})
            if unit and not t.unit and unit in self._units():
                links.append({"href": f"{PREFIX}sua/units/{unit}/procedures/{t.path.name}",
                              "label": f"Ghi đè riêng cho đơn vị {unit} (chỉ ghi các mục khác danh mục chung)"})
        context.setdefault("title", f"Sửa: {t.kind.title} {t.stem}" if not draft.override else
                           f"Ghi đè thủ tục {t.stem} cho đơn vị {t.unit}")
        if draft.override:
            context.setdefault("notice", f"Thủ tục này thuộc danh mục chung. Lưu ở đây chỉ ghi những mục bạn đổi vào "
                                         f"{t.rel}; các mục khác vẫn lấy từ procedures/{t.path.name}.")
        action = context.pop("action", PREFIX + "sua/" + t.rel)
        named = self._namer(unit)
        body = pages.render("form.html", form=t.form, value=value, rel=t.rel, csrf=csrf, sha=digest(draft.disk), named=named,
                            unit=unit, action=action, check_url=action, links=links,
                            focus=context.pop("focus", "") or next((k for k in context.get("errors", {}) if k), ""),
                            page_url=page_of_file(t.rel, unit) if draft.disk is not None else "",
                            conflict=context.pop("conflict", None), elsewhere=context.pop("elsewhere", []),
                            notice=context.pop("notice", ""), name_field=context.pop("name_field", None), **context)
        return Response(status, body)

    def _new_form(self, kind: str, query: dict, csrf: str) -> Response:
        new = self._new(kind, query, (query.get("ma") or [""])[0])
        if isinstance(new, Response):
            return new
        draft, start, context = new
        context.pop("problem")
        value = draft.value(start)
        code = (query.get("bai-bo") or [""])[0]
        if kind == "decisions" and code:
            value["changes"] = [{"code": code, "action": "abolished"}]
        if kind == "procedures" and not context["upcoming"]:
            value["code"] = context["name_field"]["value"] or None
        return self._form(draft, csrf, value, start=start, **context)

    def _new(self, kind: str, query: dict, name: str) -> tuple[Draft, str, dict] | Response:
        """A new file of ``kind`` named ``name`` (in ?noi=units/<unit>/; with ?sap-ap-dung=<code>,
        that procedure's upcoming version): its draft, its starting text, and what its form
        shows besides (a bad name: ``problem``)."""
        if kind not in NEW_KINDS:
            return self._message(404, "Không tạo được", "Chỉ tạo mới được thủ tục, quyết định, kế hoạch, "
                                                         "địa chỉ phản ánh, trang.")
        folder = (query.get("noi") or [""])[0]
        unit = folder.split("/")[1] if folder.startswith("units/") and folder.count("/") == 2 else None
        if folder and unit not in self._units():
            return self._message(404, "Không tạo được", f"Không có đơn vị '{folder}'.")
        upcoming = (query.get("sap-ap-dung") or [""])[0] if kind == "procedures" else ""
        new = new_file(self.content, kind, name.strip(), folder, unit_level(self.content, unit), upcoming)
        keep = {k: v for k, v in (("noi", folder), ("sap-ap-dung", upcoming)) if v}
        context = {
            "title": f"Bản sắp áp dụng của thủ tục {upcoming}" if upcoming else f"Thêm {KINDS[kind].title.lower()}",
            "unit": unit, "problem": new.problem, "upcoming": upcoming,
            "action": f"{PREFIX}moi/{kind}" + (f"?{urllib.parse.urlencode(keep)}" if keep else ""),
            "name_field": {"label": new.label, "hint": new.hint, "value": name.strip()}}
        return Draft(target(self.content, new.rel), None), new.start, context

    # --- writing ------------------------------------------------------------------

    def _post(self, request: Request, form: dict) -> Response:
        path, csrf = request.path, request.headers.get("x-congkhai-token") or (form.get("_csrf") or [""])[0]
        if path == "xem-truoc":
            return _json({"html": render_markdown(request.body.decode("utf-8", "replace"))})
        if path == "tai-len":
            return self._upload(request)
        if path.startswith("sua/"):
            draft = draft_of(self.content, target(self.content, path[4:]))
            return self._submit(draft, form, csrf)
        if path.startswith("moi/"):
            return self._create(path[4:], request.query, form, csrf)
        return self._message(404, "Không có trang này", "Trình sửa không có địa chỉ này.")

    def _submit(self, draft: Draft, form: dict, csrf: str, start: str = "", problem: str | None = None,
                **context) -> Response:
        """A posted form: a row action shows it again; kiem-tra answers check's messages; a save
        writes the file only when its name, its digest and check all agree. ``problem``: what
        is wrong with a new file's name."""
        t = draft.target
        action = (form.get("_action") or ["luu"])[0]
        context["unit"] = context.get("unit") or (form.get("_don_vi") or [""])[0] or None
        again = functools.partial(self._form, draft, csrf, start=start, **context)
        if action.startswith(ROW_ACTIONS):
            value, focus = edit(read(t.form, form, keep_empty=True), t.form, action)
            return again(value, focus=focus)
        value = read(t.form, form)
        if t.kind.name == "procedures" and not value.get("code") and "name_field" in context and not context.get("upcoming"):
            value["code"] = context["name_field"]["value"]
        text = draft.text(value, start)
        shown = read(t.form, form, keep_empty=True)
        if action == "kiem-tra":
            verdict = self.checker.check(t, text, unit=context["unit"])
            if problem:
                verdict.errors.setdefault("_ten", []).append(problem)
            return _json(verdict.as_json())
        if problem:
            return again(shown, status=422, errors={"_ten": [problem]})
        if (form.get("_sha") or [""])[0] != digest(draft.disk):
            disk = draft.disk.decode("utf-8", "replace") if draft.disk is not None else "(tệp đã bị xóa)"
            return again(shown, status=409, conflict={"disk": disk, "yours": text})
        verdict = self.checker.check(t, text, every_unit=True)
        if not verdict.ok:
            return again(shown, status=422, errors=verdict.errors, warnings=verdict.warnings, elsewhere=verdict.elsewhere)
        put_file(t.path, text.encode("utf-8"))
        self.saved(t.path)
        return _redirect(page_of_file(t.rel, context["unit"] if context["unit"] in self._units() else None))

    def _create(self, kind: str, query: dict, form: dict, csrf: str) -> Response:
        name = (form.get("_ten") or [""])[0]
        new = self._new(kind, query, name)
        if isinstance(new, Response):
            return new
        draft, start, context = new
        if not name.strip():
            context["problem"] = "chưa ghi mã thủ tục" if kind == "procedures" else "chưa ghi tên tệp"
        return self._submit(draft, form, csrf, start=start, **context)

    def _upload(self, request: Request) -> Response:
        folder = (request.query.get("noi") or ["forms"])[0]
        name = (request.query.get("ten") or [""])[0]
        path = form_file(self.content, folder, name)
        if len(request.body) > MAX_UPLOAD:
            return _json({"loi": "Tệp lớn hơn 50 MB."}, 413)
        if path.exists() and path.read_bytes() != request.body:
            return _json({"loi": f"Đã có tệp {folder}/{name} khác nội dung: đổi tên tệp rồi tải lại."}, 409)
        put_file(path, request.body)
        return _json({"ten": name})

    # --- helpers ------------------------------------------------------------------

    def _namer(self, unit: str | None):
        """What each reference field of one form says under its value; each picker's options
        read once for the form, however many fields refer to them."""
        options: dict[str, dict[str, str]] = {}

        def named(refers: str, value) -> str:
            if refers not in options:
                options[refers] = dict(self.names.options(refers, unit))
            return note(options[refers], value)
        return named

    def _units(self) -> list[str]:
        return unit_ids(self.content) if is_unit_tree(self.content) else []

    def _groups(self) -> list[dict]:
        layers = [("", "")] + [(f"units/{u}/", f" — đơn vị {u}") for u in self._units()]
        groups = []
        for folder, suffix in layers:
            single = [{"rel": f"{folder}{n}.yaml", "label": KINDS[n].title} for n in ("site", "agencies", "fields", "search")
                      if (self.content / folder / f"{n}.yaml").is_file()]
            groups.append({"title": "Thông tin chung" + suffix, "files": single, "new": "", "new_label": ""})
            for kind in NEW_KINDS:
                found = sorted(p for p in (self.content / folder / kind).glob("*") if p.name.endswith(suffixes_of(kind)))
                names = dict(self.names.options(kind, None)) if kind in ("procedures", "decisions") and not folder else {}
                files = [{"rel": f"{folder}{kind}/{p.name}", "label": names.get(p.stem) or p.stem} for p in found]
                if files or not self._units() or (folder and kind not in ("procedures", "decisions")) \
                        or (not folder and kind in ("procedures", "decisions")):
                    new = f"{PREFIX}moi/{kind}" + (f"?noi={folder}" if folder else "")
                    groups.append({"title": KINDS[kind].title + suffix, "files": files, "new": new,
                                   "new_label": f"Thêm {KINDS[kind].title.lower()}"})
        return groups

    def _message(self, status: int, title: str, message: str, text: str = "") -> Response:
        return Response(status, pages.render("message.html", title=title, message=message, text=text))


def draft_of(content: Path, t) -> Draft:
    """The draft of ``t``: its bytes on disk, and for a unit's procedure that the common
    catalogue has, the common file's data (an override)."""
    disk = t.path.read_bytes() if t.path.is_file() else None
    shared = None
    if t.shared is not None and (content / t.shared).is_file():
        shared_draft = Draft(target(content, t.shared), (content / t.shared).read_bytes())
        try:
            shared = dict(shared_draft.value())
        except NotEditable:
            shared = None  # the common file has a mistake: the unit's file opens on its own
    return Draft(t, disk, shared)
