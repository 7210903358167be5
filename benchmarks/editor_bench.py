"""The editor on a large catalogue: `python benchmarks/editor_bench.py [--procedures 10000] [--units 100] [--runs 5]`.

Measures, as the preview server answers them (congkhai/editor/app.py, in this process, no
browser), the median of ``--runs`` runs of:

- open: the form of one procedure (GET /__congkhai__/sua/procedures/<code>.yaml);
- background warm-up: what opening the editor starts (every content file parsed and validated);
- first check: the first check while typing, once the warm-up is done;
- typing: one check while typing (POST with _action=kiem-tra), after the first;
- save: a changed value saved (checked, then written), the preview's rebuild aside;

for one unit of N procedures, and for a tree of U units sharing a catalogue of ``--tree-procedures``
(a common procedure's save is checked in every unit).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from generate import generate  # noqa: E402
from units_bench import generate_units  # noqa: E402

from congkhai.editor.app import Editor, Request  # noqa: E402
from tests.test_editor import form_fields  # noqa: E402

PORT = 8000
HEADERS = {"host": f"127.0.0.1:{PORT}", "origin": f"http://127.0.0.1:{PORT}"}


def _timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def measure(content: Path, rel: str, runs: int) -> dict[str, float]:
    editor = Editor(content, PORT, lambda path: None)
    first = editor.handle(Request("GET", "sua/" + rel, {}, HEADERS))
    cookie = first.headers["Set-Cookie"].split(";")[0]
    headers = {**HEADERS, "cookie": cookie, "content-type": "application/x-www-form-urlencoded"}

    def post(fields: dict) -> object:
        body = urllib.parse.urlencode([(k, v) for k, vs in fields.items() for v in vs]).encode()
        return editor.handle(Request("POST", "sua/" + rel, {}, headers, body))

    times: dict[str, list[float]] = {"open": [], "typing": [], "save": []}
    fields = form_fields(first.body.decode())
    warm, _ = _timed(lambda: editor.checker._warming.join())  # started by opening the form
    first_check, _ = _timed(lambda: post({**fields, "_action": ["kiem-tra"]}))
    for run in range(runs):
        elapsed, page = _timed(lambda: editor.handle(Request("GET", "sua/" + rel, {}, {**HEADERS, "cookie": cookie})))
        times["open"].append(elapsed)
        fields = form_fields(page.body.decode())
        fields["kind"] = [f"Thủ tục hành chính {run}"]
        elapsed, answer = _timed(lambda: post({**fields, "_action": ["kiem-tra"]}))
        assert answer.status == 200
        times["typing"].append(elapsed)
        elapsed, answer = _timed(lambda: post({**fields, "_action": ["luu"]}))
        assert answer.status == 303, re.findall(r'class="bad">([^<]*)', answer.body.decode())[:3]
        times["save"].append(elapsed)
    return {"warm": warm, "first check": first_check, **{k: statistics.median(v) for k, v in times.items()}}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--procedures", type=int, default=10000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--tree-procedures", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        single = Path(work) / "single"
        generate(args.procedures, single)
        rel = "procedures/" + sorted(p.name for p in (single / "procedures").glob("*.yaml"))[len(list((single / "procedures").glob("*.yaml"))) // 2]
        rows = [(f"one unit, {args.procedures} procedures", measure(single, rel, args.runs))]
        tree = Path(work) / "tree"
        generate_units(tree, args.units, args.tree_procedures)
        rel = "procedures/" + sorted(p.name for p in (tree / "procedures").glob("*.yaml"))[0]
        rows.append((f"{args.units} units × {args.tree_procedures}, a common procedure", measure(tree, rel, args.runs)))
    print("| content | open form | background warm-up | first check | check while typing | save (checked in every unit) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, row in rows:
        print(f"| {name} | {row['open']:.3f} s | {row['warm']:.2f} s | {row['first check']:.3f} s | "
              f"{row['typing']:.3f} s | {row['save']:.2f} s |")


if __name__ == "__main__":
    main()
