"""`python build.py serve`: preview on 127.0.0.1 with rebuild on save and reload in the browser.

- The watcher (watchdog: inotify on Linux) sees saves in the content folder and the built-in
  templates and theme, and rebuilds 0.05 s after the latest event, so a burst of saves gives
  one rebuild. It never watches the output it serves.
- Each rebuild goes to a private folder (not output/) through the normal build, with a build
  cache kept in memory (incremental/cache.py): files whose bytes did not change are not parsed
  again, and only pages whose dependencies changed are rendered again. A build with content
  errors writes nothing, so the last good site keeps being served.
- The server owns its process: after each build it freezes what survived out of the garbage
  collector's full passes (see ``rebuild``).
- Every HTML page served gets one external script, /__congkhai__/reload.js (allowed by the
  pages' Content-Security-Policy). It asks /__congkhai__/status, which answers at once, then
  again with ?sau=<build> (a long poll: the answer comes when the next build finishes, so the
  page reloads at that moment): a new version reloads the page; errors show as an overlay
  with the same file:line messages as the terminal.
"""

from __future__ import annotations

import functools
import gc
import http.server
import json
import os
import shutil
import signal
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from ..build.load import content_stamp
from ..build.render import builtin_dir
from ..build.write import MANIFEST
from ..editor.app import MAX_UPLOAD, PREFIX, Editor, Request
from ..incremental.cache import BuildCache
from ..pipeline import BuildConfig, BuildResult, build
from ..units.build import named_report, outcome_of, unit_config
from ..units.hub import write_hub
from ..units.tree import is_unit_tree, unit_ids

LONG_POLL = 25.0  # seconds a status request may wait for a build

RELOAD_JS = """(function () {
  "use strict";
  var version = null, box = null;
  function show(errors) {
    if (!errors.length) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "congkhai-loi";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.innerHTML = "";
    var title = document.createElement("strong");
    title.textContent = "Nội dung có lỗi, trang đang hiện bản dựng trước. Sửa tệp rồi lưu lại:";
    var list = document.createElement("pre");
    list.textContent = errors.join("\\n");
    box.appendChild(title);
    box.appendChild(list);
  }
  function poll(builds) {
    // The server answers at once the first time, then only when a build has finished.
    var query = builds === null ? "" : "?sau=" + builds;
    fetch("/__congkhai__/status" + query, { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (version !== null && s.version !== version) { location.reload(); return; }
      version = s.version;
      show(s.errors);
      poll(s.builds);
    }).catch(function () { setTimeout(function () { poll(null); }, 1000); });
  }
  poll(null);
}());
"""

OVERLAY_CSS = ("#congkhai-sua{position:fixed;right:1rem;bottom:1rem;z-index:98;background:#0b4f8a;color:#fff;"
               "padding:.6rem 1rem;border-radius:4px;font-size:1rem;text-decoration:none;box-shadow:0 1px 4px #0006}"
               "#congkhai-sua:focus-visible{outline:3px solid #d9730d;outline-offset:2px}"
               "@media print{#congkhai-sua,#congkhai-loi{display:none}}"
               "#congkhai-loi{position:fixed;left:0;right:0;bottom:0;z-index:99;max-height:50vh;overflow:auto;"
               "background:#fde8e6;color:#1b1b1b;border-top:4px solid #b50909;padding:1rem;font-size:1rem}"
               "#congkhai-loi pre{white-space:pre-wrap;margin:.5rem 0 0}")


@dataclass
class PreviewState:
    """What the server shows: the folder of the last good build, its version, current errors.
    A tree of units is served as its hub at / and each unit at /<unit>/, each with its cache."""

    folder: Path
    cache: BuildCache
    unit_caches: dict[str, BuildCache] = field(default_factory=dict)
    version: int = 0
    builds: int = 0
    errors: list[str] = field(default_factory=list)
    warned: frozenset[str] = frozenset()  # the warnings already printed: a save prints only new ones
    lock: threading.Lock = field(default_factory=threading.Lock)
    built: threading.Condition = field(init=False)  # notified after each build

    def __post_init__(self):
        self.built = threading.Condition(self.lock)


def rebuild(content: Path, state: PreviewState, echo, parallel: bool = False, touched: set[str] | None = None) -> None:
    """One build into the private folder; an error writes nothing. In a tree of units, only
    the units in ``touched`` (None: all) are built again."""
    started = time.perf_counter()
    if is_unit_tree(content):
        result, rendered = _rebuild_units(content, state, echo, touched)
    else:
        config = BuildConfig(content=content, output=state.folder, parallel=parallel, in_place=True)  # only we read it
        result = build(config, state.cache)
        rendered = len(result.rendered)
    # This process lives on with the build cache (hundreds of thousands of objects at 10,000
    # procedures): what survived the build is moved out of the collector's full passes, which
    # would otherwise walk all of it every other build. Replaced entries are still freed by
    # reference counting (the cache's tables hold no reference cycles).
    gc.freeze()
    errors = _announce(state, result)
    warnings = [d.format() for d in result.report.warnings]
    for text in [*errors, *(w for w in warnings if w not in state.warned)]:
        echo(text)
    if repeated := sum(w in state.warned for w in warnings):
        echo(f"(Còn {repeated} cảnh báo đã hiện ở lần dựng trước; xem tất cả bằng 'python build.py check'.)")
    state.warned = frozenset(warnings)
    if errors:
        echo(f"Có {len(errors)} lỗi; trình duyệt vẫn hiện bản dựng trước.")
    else:
        echo(f"Đã dựng trong {time.perf_counter() - started:.2f} s ({rendered} trang dựng lại).")


def _rebuild_units(content: Path, state: PreviewState, echo, touched: set[str] | None) -> tuple[BuildResult, int]:
    """The touched units, one after the other in this process, then the hub; one result whose
    messages name their units, and the number of pages rendered again."""
    every = unit_ids(content)
    units = [u for u in every if touched is None or u in touched or u not in state.unit_caches]
    outcomes = []
    state.folder.mkdir(parents=True, exist_ok=True)
    for unit in units:
        cache = state.unit_caches.setdefault(unit, BuildCache.in_memory())
        config = unit_config(BuildConfig(content=content, output=state.folder, parallel=False, in_place=True), unit)
        outcomes.append(outcome_of(unit, build(config, cache)))
    for gone in set(state.unit_caches) - set(every):
        del state.unit_caches[gone]
    echo(f"Đơn vị dựng lại: {', '.join(units) or 'không có'}.")
    result = BuildResult(named_report(outcomes, len(every)))
    if result.ok:
        write_hub(content, state.folder, every)
    return result, sum(o.rendered for o in outcomes)


def touched_units(content: Path, paths: set[str]) -> set[str] | None:
    """The units whose own folder holds every changed path; None when a change may touch
    them all (the common catalogue, the templates, a unit added or removed)."""
    root = os.path.join(os.path.abspath(content), "units") + os.sep
    units = set()
    for path in map(os.path.abspath, paths):
        if not path.startswith(root) or path == root:
            return None
        units.add(path[len(root):].split(os.sep, 1)[0])  # a file in the unit's folder, or the folder itself
    return units


def _announce(state: PreviewState, result: BuildResult) -> list[str]:
    """Count the build, take its errors, answer the waiting status requests; the errors."""
    with state.lock:
        state.builds += 1
        errors = [d.format() for d in result.report.sorted() if d.severity == "lỗi"]
        if not errors:
            state.version += 1
        state.errors = errors
        state.built.notify_all()
    return errors


class Changes(threading.Event):
    """Set by each save; ``last`` is when the latest one was seen (time.monotonic); ``paths``
    what was saved since the last rebuild took them."""

    def __init__(self):
        super().__init__()
        self.last = 0.0
        self.paths: set[str] = set()
        self._guard = threading.Lock()

    def set(self, paths: tuple[str, ...] = ("*",)) -> None:
        with self._guard:
            self.paths.update(paths)
        self.last = time.monotonic()
        super().set()

    def take(self) -> set[str]:
        with self._guard:
            paths, self.paths = self.paths, set()
        return paths


class _Saves(FileSystemEventHandler):
    """Notes each change under a watched folder (inotify on Linux), but not in ``ignored``."""

    def __init__(self, changed: Changes, ignored: Path):
        self.changed, self.ignored = changed, str(ignored)

    def on_any_event(self, event) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [os.path.normpath(os.fsdecode(p)) for p in (event.src_path, getattr(event, "dest_path", "") or "") if p]
        if any(not p.startswith(self.ignored) for p in paths):
            self.changed.set(tuple(paths))


def start_watching(content: Path, served: Path) -> tuple[Observer, Changes]:
    """Watch the content folder and the built-in templates and theme (never ``served``); the
    event is set by each save. Started before the first build, so no save is missed."""
    changed = Changes()
    observer = Observer()
    handler = _Saves(changed, served)
    for folder in (content, builtin_dir("templates"), builtin_dir("theme")):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer, changed


def watch(content: Path, state: PreviewState, echo, stop: threading.Event, changed: Changes,
          quiet: float = 0.05) -> None:
    """Rebuild once per burst of saves: after a change, wait until ``quiet`` seconds have
    passed since the latest one (a save is several events: written, closed)."""
    while not stop.is_set():
        if not changed.wait(0.2):
            continue
        while (wait := changed.last + quiet - time.monotonic()) > 0:  # debounce
            time.sleep(wait)
        changed.clear()
        rebuild(content, state, echo, touched=touched_units(content, changed.take()))


EDITOR_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
_SERVER_PATHS = ("/__congkhai__/status", "/__congkhai__/reload.js", "/__congkhai__/overlay.css")


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState
    editor: Editor

    def log_message(self, *args):
        pass

    def _editor(self, method: str) -> None:
        """A request to the editor (congkhai/editor/app.py): its answer, with strict headers."""
        parts = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(length, MAX_UPLOAD + 1)) if length > 0 else b""
        request = Request(method, urllib.parse.unquote(parts.path[len(PREFIX):]), urllib.parse.parse_qs(parts.query),
                          {k.lower(): v for k, v in self.headers.items()}, body)
        response = self.editor.handle(request)
        self.send_response(response.status)
        for name, value in {**EDITOR_HEADERS, "Content-Type": response.kind, **response.headers,
                            "Content-Length": str(len(response.body))}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def do_POST(self):
        if self.path.startswith(PREFIX):
            return self._editor("POST")
        self.send_error(405)

    def do_GET(self):
        if self.path.startswith(PREFIX) and not self.path.startswith(_SERVER_PATHS):
            return self._editor("GET")
        if self.path.startswith("/__congkhai__/status"):
            after = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).get("sau", [""])[0]
            with self.state.built:
                if after.isdigit():  # long poll: answer when a build after that one has finished
                    self.state.built.wait_for(lambda: self.state.builds != int(after), timeout=LONG_POLL)
                body = json.dumps({"version": self.state.version, "builds": self.state.builds,
                                   "errors": self.state.errors}, ensure_ascii=False).encode("utf-8")
            return self._send(body, "application/json; charset=utf-8")
        if self.path.startswith("/__congkhai__/reload.js"):
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        if self.path.startswith("/__congkhai__/overlay.css"):
            return self._send(OVERLAY_CSS.encode("utf-8"), "text/css; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if self.path == "/favicon.ico" and not path.exists():  # the site has none: no error in the console
            self.send_response(204)
            self.end_headers()
            return None
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = urllib.parse.quote(urllib.parse.urlsplit(self.path).path)
            html = path.read_bytes().replace(
                b"</body>", f'<a id="congkhai-sua" href="/__congkhai__/sua?trang={page}">Sửa trang này</a>'
                            '<link rel="stylesheet" href="/__congkhai__/overlay.css">'
                            '<script src="/__congkhai__/reload.js" defer></script></body>'.encode("utf-8"), 1)
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _saved(state: PreviewState, changed: Changes, path: Path, wait: float = 30.0) -> None:
    """The editor wrote ``path``: rebuild now, and return when that build has finished (the
    browser then goes to the page, which shows the change)."""
    with state.built:
        builds = state.builds
    changed.set((os.path.normpath(str(path)),))
    with state.built:
        # a build that finished with no save waiting was started after this one (it took it)
        state.built.wait_for(lambda: state.builds > builds and not changed.is_set(), timeout=wait)


def _stop(signum, frame):
    raise KeyboardInterrupt  # a terminated server cleans up like one stopped with Ctrl+C


def serve(content: Path, port: int, echo) -> None:
    folder = Path(tempfile.mkdtemp(prefix="congkhai-serve-")) / "site"
    # The cache stays in memory between rebuilds (nothing to read or write back each time).
    state = PreviewState(folder=folder, cache=BuildCache.in_memory())
    signal.signal(signal.SIGTERM, _stop)
    before = content_stamp(content)
    rebuild(content, state, echo, parallel=True)  # no other thread yet: worker processes may fork
    observer, changed = start_watching(content, folder.parent)
    if content_stamp(content) != before:
        changed.set()  # saved while the first build ran
    if not (folder / "index.html").exists():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text("<!doctype html><html lang=\"vi\"><body><p>Chưa dựng được trang: "
                                           "sửa lỗi nội dung rồi lưu lại.</p></body></html>", encoding="utf-8")
        (folder / MANIFEST).write_text('{"files": {}}\n', encoding="utf-8")  # ours: the next build replaces it
    handler = type("Handler", (_Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    handler.editor = Editor(content, server.server_address[1], functools.partial(_saved, state, changed))
    stop = threading.Event()
    threading.Thread(target=watch, args=(content, state, echo, stop, changed), daemon=True).start()
    echo(f"Xem trước tại http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C để dừng)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        observer.stop()
        observer.join()
        server.server_close()
        shutil.rmtree(folder.parent, ignore_errors=True)
