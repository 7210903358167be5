"""Search at scale: `python benchmarks/search_bench.py [N]` (default 10,000 procedures).

Generates N synthetic procedures (benchmarks/generate.py), builds the search index and the
search page, then measures in Debian's chromium (Playwright, file://):
index build seconds, total index bytes (raw and gzip), bytes per document, the largest shard,
first-query bytes for typical queries (every file the page loaded, gzip-compressed, engine
included) and the median query time once the query's shards are loaded.
"""

from __future__ import annotations

import datetime as dt
import gzip
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402

from congkhai.diagnostics import Report  # noqa: E402
from congkhai.pipeline import BuildConfig, load_catalogue  # noqa: E402
from congkhai.build.render import builtin_dir, make_environment, render_route  # noqa: E402
from congkhai.build.routes import Route  # noqa: E402
from congkhai.build.search.index import FOLDER, build_search_index  # noqa: E402

QUERIES = ["dang ky khai sinh", "Đăng ký khai tử", "cap giay phep xay dung", "1.100123", "ho kinh doanh",
           "chung thuc ban sao", "xác nhận tình trạng hôn nhân", "tro cap xa hoi", "thuogn tru", "dang k",
           # in citizens' words: the vocabulary's expansions load more shards (issue 15)
           "nhập hộ khẩu", "thủ tục làm sổ đỏ ở đâu", "xin giấy phép kinh doanh", "tiền người già",
           "photo công chứng", "100123"]
BUDGET_KB, BUDGET_MS = 150, 50  # first query gzip, one query once loaded (issue 15)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def build(count: int, work: Path) -> tuple[Path, float, int]:
    content = work / "content"
    if not content.exists():
        generate(count, content)
    report = Report()
    catalogue = load_catalogue(BuildConfig(content=content, as_of=dt.date(2026, 11, 24)), report)
    assert catalogue is not None, [d.format() for d in report.errors][:5]
    start = time.perf_counter()
    files = build_search_index(catalogue)
    seconds = time.perf_counter() - start
    out = work / "output"
    shutil.rmtree(out, ignore_errors=True)
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    env = make_environment([], catalogue)
    page = render_route(env, Route("/tim-kiem/", "search.html"), catalogue, {"base_url": "", "profile": "web", "as_of": None})
    (out / "tim-kiem/index.html").write_bytes(page)
    shutil.copytree(builtin_dir("theme"), out / "assets")
    from congkhai.build.search.documents import search_documents as collect_documents
    docs = len(collect_documents(catalogue))
    return out, seconds, docs


def measure(out: Path) -> list[tuple[str, int, int, float]]:
    from playwright.sync_api import sync_playwright
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for query in QUERIES:
            page = browser.new_page()
            page.goto((out / "tim-kiem/index.html").as_uri())
            page.wait_for_selector("#search-results[data-ready]")
            hits = page.evaluate("""async q => {
                const r = await CongkhaiSearch.query(q, {});
                await CongkhaiSearch.documents(r.hits.slice(0, 10).map(h => h.doc));
                return r.total; }""", query)
            # (resource timing records nothing for file://; every index file is a <script>)
            loaded = page.evaluate("Array.from(document.scripts).map(s => s.src).filter(Boolean)")
            paths = {Path(unquote(urlparse(u).path)) for u in loaded if u.startswith("file:")}
            first_bytes = sum(gz(p.read_bytes()) for p in paths if p.suffix == ".js")  # site.js, search.js, index
            times = page.evaluate("""async q => {
                const t = [];
                for (let i = 0; i < 15; i++) {
                    const s = performance.now();
                    const r = await CongkhaiSearch.query(q, {});
                    await CongkhaiSearch.documents(r.hits.slice(0, 10).map(h => h.doc));
                    t.push(performance.now() - s);
                }
                return t; }""", query)
            rows.append((query, hits, first_bytes, statistics.median(times)))
            page.close()
        browser.close()
    return rows


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    work = Path(tempfile.gettempdir()) / f"congkhai-search-bench-{count}"
    work.mkdir(parents=True, exist_ok=True)
    out, seconds, documents = build(count, work)
    index = sorted((out / FOLDER).iterdir())
    raw = sum(p.stat().st_size for p in index)
    packed = {p.name: gz(p.read_bytes()) for p in index}
    shards = {k: v for k, v in packed.items() if k.startswith("s-")}
    engine = gz((out / "assets/search.js").read_bytes())
    print(f"Search index at {count:,} procedures")
    print(f"  index build            {seconds:.2f} s")
    print(f"  files                  {len(index)} ({len(shards)} shards)")
    print(f"  total index            {raw / 1024:.0f} KB raw, {sum(packed.values()) / 1024:.0f} KB gzip")
    print(f"  per document           {raw / documents:.0f} B raw, {sum(packed.values()) / documents:.0f} B gzip")
    print(f"  largest shard          {max(shards.values()) / 1024:.1f} KB gzip ({max(shards, key=shards.get)})")
    print(f"  core                   {packed['core.js'] / 1024:.1f} KB gzip; engine {engine / 1024:.1f} KB gzip")
    rows = measure(out)
    print(f"  {'query':32} {'hits':>6} {'first query':>12} {'median ms':>10}")
    for query, hits, first, ms in rows:
        print(f"  {query:32} {hits:>6} {first / 1024:>9.1f} KB {ms:>10.1f}")
    print(f"  median over queries: first-query {statistics.median(r[2] for r in rows) / 1024:.1f} KB gzip, "
          f"max {max(r[2] for r in rows) / 1024:.1f} KB; query {statistics.median(r[3] for r in rows):.1f} ms, "
          f"max {max(r[3] for r in rows):.1f} ms")
    over = [r[0] for r in rows if r[2] / 1024 > BUDGET_KB or r[3] > BUDGET_MS]
    print(f"  budgets (≤ {BUDGET_KB} KB gzip first query, ≤ {BUDGET_MS} ms per query): "
          + ("held by every query" if not over else "OVER for " + ", ".join(over)))


if __name__ == "__main__":
    main()
