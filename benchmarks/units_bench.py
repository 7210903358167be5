"""A province of many units: `python benchmarks/units_bench.py [--units 100] [--procedures 400] [--runs 3]`.

Generates a tree of units (DESIGN.md "Units"): a common catalogue of N synthetic procedures
(benchmarks/generate.py; ten of its agencies are roles) and U units, each binding the roles
to agencies of its own and publishing every common procedure. Then measures, each as a new
`python -m congkhai build` process as staff or CI run it, the median of ``--runs`` runs of:

- cold: every unit and the hub, no cache and no previous output;
- shared edit: one common procedure's step changed, then built again (every unit rebuilds it);
- unit phone: one unit's phone number changed, then built again (that unit's pages only);

and, for the cold build, peak memory: the largest process (getrusage) and the whole process
tree (the sum of the RSS of the build and its workers, sampled every 50 ms from /proc).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402
from run import AS_OF, RSS_WRAPPER  # noqa: E402

ROLES = 10  # agencies co-quan-000 … co-quan-009 are roles every unit binds


def generate_units(root: Path, units: int, procedures: int) -> None:
    generate(procedures, root)
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4000)  # noqa: E731
    shutil.rmtree(root / "feedback")
    site = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    site.pop("feedback", None)
    (root / "site.yaml").write_text(dump({**site, "units": True}), encoding="utf-8")
    agencies = yaml.safe_load((root / "agencies.yaml").read_text(encoding="utf-8"))
    for agency in agencies[:ROLES]:
        agency["role"] = True
    (root / "agencies.yaml").write_text(dump(agencies), encoding="utf-8")
    for u in range(units):
        folder = root / "units" / f"don-vi-{u:03d}"
        (folder / "feedback").mkdir(parents=True)
        (folder / "site.yaml").write_text(dump({
            "name": f"UBND xã Thử Nghiệm {u}", "level": "xa", "feedback": "pakn",
            "contact": {"address": f"Thôn {u}, xã Thử Nghiệm {u}", "phone": f"0239 {3900000 + u}"},
            "procedures": {"levels": ["tinh", "huyen", "xa"]}}), encoding="utf-8")
        (folder / "agencies.yaml").write_text(dump([
            {"id": a["id"], "name": f"{a['name']} – xã {u}", "phone": f"0239 {3910000 + u * 10 + i}"}
            for i, a in enumerate(agencies[:ROLES])]), encoding="utf-8")
        (folder / "feedback" / "pakn.yaml").write_text(dump({"agency": agencies[0]["id"], "email": f"pakn{u}@example.gov.vn"}),
                                                       encoding="utf-8")


class TreeRss(threading.Thread):
    """The largest sum of RSS over a process and its descendants, sampled from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            time.sleep(0.05)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def timed(content: Path, output: Path, *extra: str) -> tuple[float, int, int]:
    """Seconds, largest process RSS (bytes) and process tree RSS (bytes) of one build."""
    command = [sys.executable, "-c", RSS_WRAPPER, sys.executable, "-m", "congkhai", "build", "--content", str(content),
               "--output", str(output), "--as-of", AS_OF, *extra]
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=output.parent)
    sampler = TreeRss(proc.pid)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.done.set()
    rss, code = out.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"build failed:\n{out[-3000:]}\n{err[-3000:]}")
    return seconds, int(rss) * 1024, sampler.peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--procedures", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold-runs", type=int, default=None, help="cold builds (default: --runs)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="congkhai-units-bench-"))
    try:
        content = work / "content"
        generate_units(content, args.units, args.procedures)
        cold, largest, tree = [], [], []
        for _ in range(args.cold_runs or args.runs):
            shutil.rmtree(work / "output", ignore_errors=True)
            shutil.rmtree(work / ".congkhai-cache", ignore_errors=True)
            (work / "output").mkdir()
            seconds, big, total = timed(content, work / "output")
            cold.append(seconds)
            largest.append(big)
            tree.append(total)
        print(f"cold: {[round(s, 1) for s in cold]}", flush=True)
        paths = sorted((content / "procedures").glob("*.yaml"))
        shared, phone = [], []
        for run in range(args.runs):
            path = paths[len(paths) // 2]
            path.write_text(re.sub(r"(?m)^(steps:\n- )(\(sửa \d+\) )?", rf"\g<1>(sửa {run}) ",
                                   path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
            shared.append(timed(content, work / "output")[0])
            unit = content / "units" / f"don-vi-{args.units // 2:03d}" / "agencies.yaml"
            unit.write_text(re.sub(r"0239 (\d+)", rf"0238 \g<1>{run}", unit.read_text(encoding="utf-8"), count=1),
                            encoding="utf-8")
            phone.append(timed(content, work / "output")[0])
        pages = sum(1 for _ in (work / "output").rglob("index.html"))
        median = statistics.median
        print(f"\n{args.units} units × {args.procedures} common procedures ({pages} HTML pages), "
              f"medians of {args.runs} ({args.cold_runs or args.runs} cold), {os.cpu_count()} cores:\n")
        print("| cold build, all units | one common procedure edited | one unit's phone edited | peak RSS, largest process | peak RSS, all processes |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        print(f"| {median(cold):.1f} s | {median(shared):.1f} s | {median(phone):.1f} s | "
              f"{median(largest) / 2**20:.0f} MiB | {median(tree) / 2**20:.0f} MiB |")
        print(f"\nruns: cold {[round(s, 1) for s in cold]}, shared {[round(s, 2) for s in shared]}, "
              f"phone {[round(s, 2) for s in phone]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
