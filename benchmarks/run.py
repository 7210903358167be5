"""Build timings at scale: `python benchmarks/run.py [--sizes 1000,10000,50000] [--runs 3]`.

For each size N it generates N synthetic procedures (benchmarks/generate.py) and measures, each
as a new `python -m congkhai build` process as staff run it, the median of ``--runs`` runs of:

- cold: a full build with no cache and no previous output;
- no change: the same build again (cache and output present, nothing edited);
- one edit: one procedure's step changed, then built again;
- serve: inside `congkhai serve`, the time from saving one procedure (a step changed; the
  file written, its new text made ready before the clock starts) to the page's waiting status
  request being answered with the new version, when the page reloads;
- serve, name: the same for a change of a procedure's name, which every listing shows;

and for the cold build the peak memory of its largest process (RSS), the output size and the
search index size. Prints a Markdown table (pasted into README.md) and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402

RSS_WRAPPER = ("import resource, subprocess, sys; code = subprocess.call(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
AS_OF = "2026-11-24"


def timed_build(content: Path, output: Path, *extra: str) -> tuple[float, int]:
    """Seconds and peak RSS (KiB, largest process) of one build as a new process."""
    command = [sys.executable, "-c", RSS_WRAPPER, sys.executable, "-m", "congkhai", "build", "--content", str(content),
               "--output", str(output), "--as-of", AS_OF, *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=output.parent, check=False)
    seconds = time.perf_counter() - started
    rss, code = done.stdout.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"build failed:\n{done.stdout}\n{done.stderr}")
    return seconds, int(rss)


def _edit_procedure(content: Path, share: int, pattern: str, replacement: str):
    """The edit of the first match of ``pattern`` in the procedure file 1/``share`` of the way
    through the sorted list, made ready: the function returned saves it (what staff do)."""
    paths = sorted((content / "procedures").glob("*.yaml"))
    path = paths[len(paths) // share]
    text = re.sub(pattern, replacement, path.read_text(encoding="utf-8"), count=1)
    return lambda: path.write_text(text, encoding="utf-8")


def edit_one(content: Path, run: int):
    """Change the first step of one procedure, differently each run (returns the save)."""
    return _edit_procedure(content, 2, r"(?m)^(steps:\n- )(\(sửa \d+\) )?", rf"\g<1>(sửa {run}) ")


def folder_size(folder: Path, under: str = "") -> int:
    return sum(p.stat().st_size for p in (folder / under).rglob("*") if p.is_file())


def rename_one(content: Path, run: int):
    """Change one procedure's name (shown in listings), differently each run (returns the save)."""
    return _edit_procedure(content, 3, r"(?m)^(name: .*?)( \(tên sửa \d+\))?$", rf"\g<1> (tên sửa {run})")


def serve_reload(content: Path, runs: int, edit=edit_one) -> list[float]:
    """Seconds from saving a procedure (``edit``) to the preview server answering the page's
    waiting status request (its long poll) with the new version: the moment the page reloads."""
    proc = subprocess.Popen([sys.executable, "-u", "-m", "congkhai", "serve", "--content", str(content), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        address = None
        while address is None:
            line = proc.stdout.readline()
            if not line:
                raise SystemExit("serve stopped before it was ready")
            if match := re.search(r"http://127\.0\.0\.1:\d+/", line):
                address = match.group(0)
        # read what serve prints from here on: a full pipe would stop it at its next message
        threading.Thread(target=proc.stdout.read, daemon=True).start()

        def status(query: str = "") -> dict:
            with urllib.request.urlopen(address + "__congkhai__/status" + query, timeout=60) as response:
                return json.loads(response.read())

        times = []
        for run in range(runs):
            time.sleep(1.0)
            before = status()
            answer: list = []
            waiting = threading.Thread(target=lambda: answer.append((status(f"?sau={before['builds']}"), time.perf_counter())))
            waiting.start()
            time.sleep(0.2)
            save = edit(content, 100 + run)
            started = time.perf_counter()
            save()
            waiting.join()
            (after, answered), = answer
            if after["version"] == before["version"]:
                raise SystemExit(f"serve did not build a new version: {after}")
            times.append(answered - started)
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def measure(size: int, runs: int, work: Path, serve: bool) -> dict:
    content = work / f"content-{size}"
    if not content.exists():
        generate(size, content)
    cold, rss, nochange, edit = [], [], [], []
    # Each run builds into a folder of its own, all deleted at the end: deleting a tree of
    # 10,000 files just before a build slowed that build's file creation severalfold on this
    # machine's disk (ext4 with discard), which would time the harness, not congkhai.
    for run in range(runs):
        output = work / f"run-{size}-{run}" / "out"
        output.parent.mkdir(parents=True)
        seconds, peak = timed_build(content, output)
        cold.append(seconds)
        rss.append(peak)
        nochange.append(timed_build(content, output)[0])
        edit_one(content, run)()
        edit.append(timed_build(content, output)[0])
    row = {
        "size": size, "cold": statistics.median(cold), "nochange": statistics.median(nochange),
        "edit": statistics.median(edit), "rss_mib": statistics.median(rss) / 1024,
        "output_mib": folder_size(output) / 2**20, "search_mib": folder_size(output, "tim-kiem/chi-muc") / 2**20,
        "files": sum(1 for p in output.rglob("*") if p.is_file()), "runs": runs,
    }
    if serve:
        row["serve"] = statistics.median(serve_reload(content, runs))
        row["serve_rename"] = statistics.median(serve_reload(content, runs, rename_one))
    for run in range(runs):
        shutil.rmtree(work / f"run-{size}-{run}", ignore_errors=True)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| procedures | cold build | no change | one edit (new process) | one edit in serve | name edit in serve "
             "| peak RSS | output | search index |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        serve = f"{r['serve']:.2f} s" if "serve" in r else "–"
        rename = f"{r['serve_rename']:.2f} s" if "serve_rename" in r else "–"
        lines.append(f"| {r['size']:,} | {r['cold']:.1f} s | {r['nochange']:.2f} s | {r['edit']:.2f} s | {serve} | {rename} | "
                     f"{r['rss_mib']:.0f} MiB | {r['output_mib']:.0f} MiB ({r['files']:,} files) | {r['search_mib']:.1f} MiB |")
    return "\n".join(lines)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = next((int(line.split()[1]) // 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0) if Path("/proc/meminfo").exists() else 0
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-sizes", default="10000", help="sizes at which to time serve as well")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    serve_sizes = {int(s) for s in args.serve_sizes.split(",") if s}
    rows = []
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, args.runs, Path(tmp), size in serve_sizes))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    print(f"\nMedian of {args.runs} runs; {machine()}; {time.strftime('%Y-%m-%d')}.")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
