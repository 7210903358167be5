"""`python build.py serve`: preview on 127.0.0.1 with rebuild on save and reload in the browser.

- The watcher polls the content folder (and the built-in templates and theme) every 0.2 s and
  waits for 0.3 s of quiet before rebuilding, so a burst of saves gives one rebuild. It never
  watches the output it serves.
- Each rebuild goes to a private folder (not output/) through the normal atomic build; a build
  with content errors writes nothing, so the last good site keeps being served.
- Every HTML page served gets one external script, /__congkhai__/reload.js (allowed by the
  pages' Content-Security-Policy). It polls /__congkhai__/status: a new version reloads the
  page; errors show as an overlay with the same file:line messages as the terminal.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import BuildConfig, build
from .render import builtin_dir
from .writer import MANIFEST

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
  function poll() {
    fetch("/__congkhai__/status", { cache: "no-store" }).then(function (r) { return r.json(); }).then(function (s) {
      if (version !== null && s.version !== version) { location.reload(); return; }
      version = s.version;
      show(s.errors);
    }).catch(function () {}).then(function () { setTimeout(poll, 400); });
  }
  poll();
}());
"""

OVERLAY_CSS = ("#congkhai-loi{position:fixed;left:0;right:0;bottom:0;z-index:99;max-height:50vh;overflow:auto;"
               "background:#fde8e6;color:#1b1b1b;border-top:4px solid #b50909;padding:1rem;font-size:1rem}"
               "#congkhai-loi pre{white-space:pre-wrap;margin:.5rem 0 0}")


@dataclass
class PreviewState:
    """What the server shows: the folder of the last good build, its version, current errors."""

    folder: Path
    version: int = 0
    builds: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    state = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    stat = path.stat()
                    state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def rebuild(content: Path, state: PreviewState, echo) -> None:
    started = time.perf_counter()
    result = build(BuildConfig(content=content, output=state.folder))
    with state.lock:
        state.builds += 1
        errors = [d.format() for d in result.report.sorted() if d.severity == "lỗi"]
        if not errors:
            state.version += 1
        state.errors = errors
    for diagnostic in result.report.sorted():
        echo(diagnostic.format())
    if errors:
        echo(f"Có {len(errors)} lỗi; trình duyệt vẫn hiện bản dựng trước.")
    else:
        echo(f"Đã dựng trong {time.perf_counter() - started:.2f} s.")


def watch(content: Path, state: PreviewState, echo, stop: threading.Event, quiet: float = 0.3) -> None:
    folders = [content, builtin_dir("templates"), builtin_dir("theme")]
    seen = _snapshot(folders)
    while not stop.is_set():
        time.sleep(0.2)
        now = _snapshot(folders)
        if now == seen:
            continue
        while True:  # debounce: wait until the saves stop
            time.sleep(quiet)
            later = _snapshot(folders)
            if later == now:
                break
            now = later
        seen = now
        rebuild(content, state, echo)


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/__congkhai__/status"):
            with self.state.lock:
                body = json.dumps({"version": self.state.version, "builds": self.state.builds,
                                   "errors": self.state.errors}, ensure_ascii=False).encode("utf-8")
            return self._send(body, "application/json; charset=utf-8")
        if self.path.startswith("/__congkhai__/reload.js"):
            return self._send(RELOAD_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        if self.path.startswith("/__congkhai__/overlay.css"):
            return self._send(OVERLAY_CSS.encode("utf-8"), "text/css; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes().replace(
                b"</body>", b'<link rel="stylesheet" href="/__congkhai__/overlay.css">'
                            b'<script src="/__congkhai__/reload.js" defer></script></body>', 1)
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(content: Path, port: int, echo) -> None:
    folder = Path(tempfile.mkdtemp(prefix="congkhai-serve-")) / "site"
    state = PreviewState(folder=folder)
    rebuild(content, state, echo)
    if not folder.exists():
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("<!doctype html><html lang=\"vi\"><body><p>Chưa dựng được trang: "
                                           "sửa lỗi nội dung rồi lưu lại.</p></body></html>", encoding="utf-8")
        (folder / MANIFEST).write_text('{"files": {}}\n', encoding="utf-8")  # ours: the next build replaces it
    handler = type("Handler", (_Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(folder)))
    stop = threading.Event()
    threading.Thread(target=watch, args=(content, state, echo, stop), daemon=True).start()
    echo(f"Xem trước tại http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C để dừng)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(folder.parent, ignore_errors=True)
