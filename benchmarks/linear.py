"""Linear-growth check: `python benchmarks/linear.py [--sizes 1000,4000] [--limit 1.25]`.

Builds synthetic content of each size (benchmarks/generate.py) in one process, times each
stage of a clean build separately (serially, no worker processes), and prints for every stage
its seconds at each size and its growth exponent k in t ~ N^k between the smallest and the
largest size. Exits 1 when a stage that takes a measurable time grows faster than N^limit:
a listing, a cross-reference check or the link check gone quadratic shows as k near 2.
Not a unit test: it measures time on a shared machine, so it is run by hand (or in CI with
a loose limit) and read as a report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402

from congkhai.build.linkcheck import check_files  # noqa: E402
from congkhai.build.load import RawContent, parse_document, read_content  # noqa: E402
from congkhai.build.open_data import render_open_data  # noqa: E402
from congkhai.build.profiles import PROFILES  # noqa: E402
from congkhai.build.render import make_environment, render_route  # noqa: E402
from congkhai.build.routes import plan_routes  # noqa: E402
from congkhai.build.search.index import build_search_index  # noqa: E402
from congkhai.build.validate import validate  # noqa: E402
from congkhai.cli import tune_garbage_collector  # noqa: E402
from congkhai.diagnostics import Report  # noqa: E402
from congkhai.model import completeness, lifecycle  # noqa: E402
from congkhai.model.catalogue import Catalogue  # noqa: E402
from congkhai.pipeline import BuildConfig, _settings, _static_files  # noqa: E402

MEASURABLE = 0.05  # seconds at the largest size below which a stage's growth is not judged


def stages(content: Path) -> dict[str, float]:
    """Seconds of each stage of a clean build, with the collector set as the command line sets it."""
    tune_garbage_collector()
    config = BuildConfig(content=content, as_of=dt.date(2026, 11, 24))
    times: dict[str, float] = {}
    report = Report()

    def timed(name, function, *args):
        started = time.perf_counter()
        value = function(*args)
        times[name] = times.get(name, 0.0) + time.perf_counter() - started
        return value

    sources = timed("load", read_content, content, report)
    raw = timed("parse", lambda: RawContent.of(sources, [parse_document(f, report) for f in sources.files]))
    site = timed("validate", validate, raw, report)
    assert site is not None, [d.format() for d in report.errors][:5]
    states = timed("lifecycle", lifecycle.compute, site, config.as_of)
    catalogue = Catalogue(site, states, timed("completeness", completeness.measure, site, states))
    routes = timed("routes", plan_routes, catalogue)
    env = make_environment([content / "templates"], catalogue, PROFILES["web"])
    settings = _settings(config, catalogue, PROFILES["web"])
    files = {}
    for route in routes:
        name = "render procedure pages" if route.template == "procedure.html" else "render other pages"
        files[route.output_path] = timed(name, render_route, env, route, catalogue, settings)
    files.update(timed("open data", render_open_data, catalogue))
    files.update(timed("search index", build_search_index, catalogue))
    files.update(_static_files(config))
    timed("link check", check_files, files, Report(), "output")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000")
    parser.add_argument("--limit", type=float, default=1.25)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    with tempfile.TemporaryDirectory(prefix="congkhai-linear-") as tmp:
        for size in sizes:
            content = Path(tmp) / str(size)
            generate(size, content)
            results[size] = stages(content)
    small, large = sizes[0], sizes[-1]
    print(f"| stage | {' | '.join(f'{s:,}' for s in sizes)} | growth k (t ~ N^k) |")
    print(f"|---|{'---:|' * len(sizes)}---:|")
    failed = []
    for stage in results[large]:
        t_small, t_large = results[small][stage], results[large][stage]
        k = math.log(max(t_large, 1e-9) / max(t_small, 1e-9)) / math.log(large / small)
        judged = t_large >= MEASURABLE
        if judged and k > args.limit:
            failed.append(stage)
        cells = " | ".join(f"{results[s][stage]:.3f} s" for s in sizes)
        print(f"| {stage} | {cells} | {k:.2f}{'' if judged else ' (too small to judge)'}{' ← over the limit' if stage in failed else ''} |")
    total = {s: sum(results[s].values()) for s in sizes}
    k_total = math.log(total[large] / total[small]) / math.log(large / small)
    print(f"| total | {' | '.join(f'{total[s]:.2f} s' for s in sizes)} | {k_total:.2f} |")
    if failed:
        print(f"\nGrows faster than N^{args.limit}: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"\nEvery measurable stage grows at most as N^{args.limit}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
