"""The build, top to bottom: load → validate → lifecycle → routes → render → write."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import completeness, lifecycle
from .cache import BuildCache, LinkFacts, OutputState, code_version
from .deps import Fingerprints, digest
from .diagnostics import Diagnostic, Report, display_path
from .incremental import Rendered, RenderJob, in_background, render_pages
from .linkcheck import check_facts, cross_page_anchors, page_facts
from .loader import load_content, remember_documents
from .previous import Previous, inside, prefix_of, roots_of, stamp
from .profiles import PROFILES, Profile
from .render import OpenDataRows, QrCodes, builtin_dir
from .routes import Catalogue, plan_routes
from .search_index import FOLDER as SEARCH_FOLDER
from .search_index import build_search_index, build_search_state
from .validate import validate
from .writer import MANIFEST, StagedOutput, read_manifest


def default_as_of() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH so that builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class BuildConfig:
    content: Path
    output: Path = Path("output")
    base_url: str | None = None
    profile: str = "web"  # web, kiosk, or all (web to output/, kiosk to kiosk_output)
    as_of: dt.date = field(default_factory=default_as_of)
    kiosk_output: Path | None = None  # with profile "all"; default output/kiosk
    cache: Path | None = None  # the build cache folder (cache.py); None: a clean build
    parallel: bool = True  # render in worker processes when there are many pages
    in_place: bool = False  # update output/ file by file, not by one swap; for serve's private folder, so
    # nothing else writes there and files kept from the last build are not checked one by one

    def targets(self) -> list[tuple[Profile, Path]]:
        """Each profile to build and the folder it goes to."""
        if self.profile == "all":
            return [(PROFILES["web"], self.output), (PROFILES["kiosk"], self.kiosk_output or self.output / "kiosk")]
        return [(PROFILES[self.profile], self.output)]


@dataclass
class BuildResult:
    report: Report
    catalogue: Catalogue | None = None
    files: list[str] = field(default_factory=list)  # every file of the build
    written: list[str] = field(default_factory=list)  # files whose bytes changed (others kept)
    rendered: list[str] = field(default_factory=list)  # pages rendered again (others kept as they were)
    external_links: list[str] = field(default_factory=list)
    unchanged: bool = False  # nothing to do: inputs as in the last build
    summary: str = ""  # the completeness summary

    @property
    def ok(self) -> bool:
        return not self.report.errors


def load_catalogue(config: BuildConfig, report: Report, parsed: dict | None = None,
                   fresh: dict | None = None, stats: dict | None = None,
                   previous: Catalogue | None = None, documents: dict | None = None,
                   saved: set[str] | None = None) -> Catalogue | None:
    """Load and validate the content; None when the report holds errors. ``parsed`` is the
    parse cache to read from; ``fresh`` receives the entries for the next build; ``stats``
    the files' signatures, ``documents`` the documents made and ``saved`` the files saved
    since (loader.load_content). ``previous``, the catalogue of an earlier build in this
    process, spares the work on what is still the same (the very objects the parse cache gave
    again); the result is the same as without it."""
    raw = load_content(config.content, report, parsed, stats, documents, saved)
    site = validate(raw, report, previous.site if previous is not None else None)
    if site is None:
        return None
    if fresh is not None:
        for doc in (*raw.procedures, *raw.decisions, *raw.feedback, *raw.plans, *raw.pages):
            if doc.model is not None:
                fresh[doc.digest] = (doc.model, doc.body, doc.body_line)
    if documents is not None and stats is not None:
        remember_documents(raw, stats, documents)  # the next build need not look at them
    states = lifecycle.compute(site, config.as_of, previous.lifecycle if previous is not None else None)
    return Catalogue(site, states, completeness.measure(site, states, previous.completeness if previous is not None else None))


def _settings(config: BuildConfig, catalogue: Catalogue, profile: Profile) -> dict:
    base_url = config.base_url or catalogue.site.config.base_url or ""
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return {"base_url": base_url, "profile": profile.name, "as_of": config.as_of}


OPEN_DATA = ("open-data",)  # the key of the open data files in the page graph, and what they read:
OPEN_DATA_DEPS = frozenset((("procedure", "*"), ("status", "*"), ("as_of",)))
# Downloads of every procedure (23 MB at 10,000): with a ``ready`` callback and an output written
# in place, their new bytes are written after it, so the preview reloads without waiting for them.
LATE = frozenset(("du-lieu/thu-tuc.json", "du-lieu/thu-tuc.csv"))


def _template_dirs(config: BuildConfig) -> list[Path]:
    return [config.content / "templates"]


def global_key(config: BuildConfig, catalogue: Catalogue, settings: dict, version: str) -> str:
    """What every page reads: code, templates, the unit's settings and shared files."""
    templates = [(str(p), p.read_bytes()) for folder in (*_template_dirs(config), builtin_dir("templates"))
                 if folder.is_dir() for p in sorted(folder.rglob("*")) if p.is_file()]
    site = catalogue.site
    shared = sorted((k, v) for k, v in site.sources.items() if k[0] in ("site", "agencies", "fields", "feedback"))
    return digest(version, templates, shared, sorted(site.forms), settings["base_url"], settings["profile"])


def render_site(config: BuildConfig, catalogue: Catalogue, report: Report,
                profile: Profile = PROFILES["web"], search_files=None,
                cache: BuildCache | None = None, previous: Previous | None = None,
                fingerprint_memo: dict | None = None) -> tuple[dict, Rendered] | None:
    """Every output file of one profile, keyed by its path under that output root: bytes, or
    None for a page kept as the previous build wrote it (``previous``, known through ``cache``).
    ``search_files`` are the index files, or a function that waits for them;
    ``fingerprint_memo`` shares dependency fingerprints between the profiles of one build."""
    settings = _settings(config, catalogue, profile)
    cache = cache or BuildCache(folder=None, version=code_version())
    state = previous.state if previous is not None else OutputState()
    base_key = global_key(config, catalogue, settings, cache.version)
    job = RenderJob(_template_dirs(config), catalogue, profile, settings, QrCodes(lambda: cache.qr),
                    cache.folder / "jinja" if cache.folder is not None else None, config.parallel)
    if job.bytecode_dir is not None:
        try:
            job.bytecode_dir.mkdir(parents=True, exist_ok=True)
        except OSError:  # the cache is a help, never a reason to fail
            job.bytecode_dir = None
    reusable = previous.reusable if previous is not None else set()
    fingerprints = Fingerprints(catalogue, settings, fingerprint_memo)
    rendered = render_pages(job, plan_routes(catalogue, state.routes), base_key, state, reusable, fingerprints)
    if job.qr_codes.new:
        cache.qr.update(job.qr_codes.new)
        cache.dirty.add("qr")
    if rendered.error is not None:
        route, exc = rendered.error
        if isinstance(exc, jinja2.TemplateSyntaxError):
            report.error(display_path(Path(exc.filename or exc.name or "?")), exc.lineno or 1, 1,
                         f"lỗi cú pháp trong mẫu trang: {exc.message}", "Sửa mẫu trang (template) này.")
            return None
        overrides = config.content / "templates"
        if not isinstance(exc, jinja2.TemplateError) or not (overrides.is_dir() and any(overrides.rglob("*.html"))):
            raise exc  # a built-in template is broken: a bug in congkhai, not a content mistake
        report.error(display_path(overrides), 1, 1, f"mẫu trang {route.template} không dựng được: {exc}",
                     "Kiểm tra các biến dùng trong mẫu trang ghi đè.")
        return None
    files: dict[str, bytes | None] = dict(rendered.files)
    files.update(dict.fromkeys(rendered.kept))
    paths = ("du-lieu/thu-tuc.json", "du-lieu/thu-tuc.csv")
    if state.base_key == base_key and rendered.changed.isdisjoint(OPEN_DATA_DEPS) \
            and all(state.pages.get(path) == (OPEN_DATA_DEPS, OPEN_DATA) and path in reusable for path in paths):
        files.update(dict.fromkeys(paths))  # as the last build wrote them
    else:
        rows = OpenDataRows(catalogue, cache.rows)
        files.update(zip(paths, (rows.json(), rows.csv())))
        cache.replace("rows", rows.fresh)
    rendered.pages.update(dict.fromkeys(paths, (OPEN_DATA_DEPS, OPEN_DATA)))
    for dep in OPEN_DATA_DEPS - rendered.fingerprints.keys():  # so that the next build knows whether they changed
        rendered.fingerprints[dep] = fingerprints(dep)
    if callable(search_files):
        search_files = search_files()
    files.update(search_files if search_files is not None else build_search_index(catalogue))
    return files, rendered


def _search_key(catalogue: Catalogue, version: str) -> str:
    """What the search index is made of: the content files and which procedures are listed
    (the only thing it reads of their status)."""
    statuses = catalogue.lifecycle.statuses
    return digest(version, sorted(catalogue.site.sources.items()), [c for c, s in statuses.items() if s.is_listed])


def _search_files(catalogue: Catalogue, cache: BuildCache) -> dict[str, bytes]:
    """The search index files; with a cache folder, built from the state the last build left
    (only what changed documents touch is done again), and the new state kept."""
    if cache.folder is None:
        return build_search_index(catalogue)
    state = build_search_state(catalogue, cache.read_search_state())
    cache.write_search_state(state)
    return state.files


def input_digest(config: BuildConfig, version: str) -> str:
    """Every input as (path, size, modification and change times, inode), with the build
    settings: equal digests mean the last build's output is still right. (The change time
    moves on every write, even when a tool puts the modification time back.)"""
    entries = []
    for folder in (config.content, builtin_dir("templates"), builtin_dir("theme")):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            stat = path.stat()
            entries.append((str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))
    return digest(version, entries, config.base_url, config.profile, config.as_of.isoformat(),
                  str(config.kiosk_output), [str(f.resolve()) for _, f in config.targets()])


def _still_current(cache: BuildCache, config: BuildConfig, inputs: str) -> bool:
    folders = [f for _, f in config.targets()]
    roots = roots_of(folders)
    for folder in folders:
        previous = Previous.find(folder, roots, cache)
        stamped = set(previous.state.stamps)
        if previous.state.inputs != inputs or not stamped or previous.reusable != stamped:
            return False
    return True


def _check_links(files: dict, rendered: Rendered, previous: Previous | None, store: LinkFacts | None,
                 report: Report) -> tuple[list[str], dict, dict, set]:
    """The link check over the whole build. Pages kept from the last build were right then:
    with the same set of files, only their links to ids in other pages are checked again.
    Returns the external links seen, the new pages' facts, every page's cross-page anchors and
    the files pages link to."""
    new = {path: rendered.facts.get(path) or page_facts(data) for path, data in files.items()
           if data is not None and path.endswith(".html")}
    kept = sorted(p for p, data in files.items() if data is None and p.endswith(".html"))
    known: dict = {}

    def facts_of(path: str):
        if path in new:
            return new[path]
        if path not in known:
            known[path] = (store.get(path) if store is not None else None) or page_facts((previous.folder / path).read_bytes())
        return known[path]

    anchors = {p: a for p in kept if (a := previous.state.anchors.get(p))} if previous is not None else {}
    # A kept page can only break when a file it links to went away.
    full = previous is None or bool((set(previous.files) - set(files)) & previous.state.linked)
    if full and kept and store is not None:
        known.update(store.all())  # one query rather than one per page
    check = sorted(new) + (kept if full else [p for p in kept if p in anchors])
    label = display_path(previous.folder) if previous is not None else "output"
    external, linked = check_facts(facts_of, check, set(files), report, label)
    anchors.update((p, a) for p, facts in new.items() if (a := cross_page_anchors(facts)))
    if not full:
        linked |= previous.state.linked  # pages not checked still link where they did
    return external, new, anchors, linked


@contextlib.contextmanager
def _long_lived_objects():
    """Python's cyclic garbage collector walks every live object now and then, so with a
    catalogue of 10,000 procedures in memory each pass costs more: build time then grows
    faster than the content (benchmarks/linear.py showed it). During a build, collections
    are rarer and the loaded catalogue is frozen out of them (``gc.freeze``); both are undone
    after, for the preview server that runs on."""
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def build(config: BuildConfig, write: bool = True, cache: BuildCache | None = None,
          saved: set[str] | None = None, ready=None) -> BuildResult:
    """Build the site; see ``_build``."""
    with _long_lived_objects() as freeze:
        return _build(config, write, cache, freeze, saved, ready)


def _build(config: BuildConfig, write: bool, cache: BuildCache | None, freeze, saved: set[str] | None = None,
           ready=None) -> BuildResult:
    """Build the site; with ``write=False`` (the check command) nothing touches the disk.

    With ``config.cache`` (a folder), what an earlier build learned is reused: files with the
    same bytes are not parsed again, pages whose dependencies did not change are not rendered
    again, and unchanged files are not rewritten. The result is byte for byte a clean build's.
    ``cache`` is an open cache to use instead (the preview server keeps one in memory);
    ``saved``, with such a cache, the only content files written since its last build (the
    preview server's watcher lists them): the others are not looked at again. ``ready(result)``
    is called once every page is written, before the build's remaining work (with
    ``config.in_place``, the LATE downloads are written after it).
    """
    report = Report()
    if cache is None and config.cache is not None:
        cache = BuildCache.open(config.cache)
    # The preview server rebuilds when its watcher saw a change: no need to look for one.
    inputs = input_digest(config, cache.version) if cache is not None and cache.persist and write else ""
    if inputs and _still_current(cache, config, inputs):
        report.diagnostics += [Diagnostic(*w) for w in cache.state(config.output).warnings]
        files = sorted(set().union(*(read_manifest(r) for r in roots_of([f for _, f in config.targets()]))))
        return BuildResult(report, files=files, unchanged=True, summary=cache.state(config.output).summary)
    fresh: dict = {}
    catalogue = load_catalogue(config, report, cache.parsed if cache is not None else None, fresh,
                               cache.stats if cache is not None else None, cache.catalogue if cache is not None else None,
                               cache.documents if cache is not None and not cache.persist else None, saved)
    result = BuildResult(report, catalogue)
    if catalogue is None:
        return result
    if cache is not None and not cache.persist:
        cache.catalogue = catalogue  # for the next build in this process
    freeze()  # the catalogue lives until the end of the build
    result.summary = catalogue.completeness.summary()
    if not (config.base_url or catalogue.site.config.base_url):
        report.warning(display_path(config.content / "site.yaml"), 1, 1,
                       "chưa khai báo base_url: sitemap.xml không có địa chỉ nào, feed và mã QR thiếu địa chỉ đầy đủ",
                       "Thêm 'base_url: https://.../' vào site.yaml, hoặc dựng với --base-url.")
    cache = cache or BuildCache(folder=None, version=code_version())
    rendered = []
    fingerprint_memo: dict = {}  # what no profile changes is fingerprinted once
    # The preview server keeps the index state in memory and updates it every time instead.
    search_key = _search_key(catalogue, cache.version) if cache.persist else ""
    search_files: dict | None = None  # the same for every profile; built when one needs it
    search_state = None
    roots = roots_of([f for _, f in config.targets()])
    previous_of: dict[Path, Previous] = {}
    for profile, folder in config.targets():
        previous = Previous.find(folder, roots, cache, private=config.in_place) if write else None
        if previous is not None:
            previous_of[folder] = previous
        if search_key and previous is not None and previous.state.search_key == search_key and previous.state.search_files \
                and set(previous.state.search_files) <= previous.reusable:
            profile_search = dict.fromkeys(previous.state.search_files)
        else:
            if search_files is None and cache.persist and config.parallel:
                search_files = in_background(_search_files, catalogue, cache)  # while the pages render
            elif search_files is None and cache.persist:
                search_files = _search_files(catalogue, cache)
            elif search_files is None:  # the preview server keeps the index state in memory
                earlier = cache.take_search_state()
                search_before = earlier.files if earlier is not None else {}
                search_state = build_search_state(catalogue, earlier)
                search_files = search_state.files
            profile_search = search_files
            if search_state is not None and previous is not None:
                # Files the update left as they were (the very bytes) and output/ still has: kept.
                profile_search = {path: None if search_before.get(path) is data and path in previous.reusable else data
                                  for path, data in search_files.items()}
        outcome = render_site(config, catalogue, report, profile, profile_search, cache, previous, fingerprint_memo)
        if outcome is None:
            return result
        files, pages = _with_static_files(outcome[0], config), outcome[1]
        store = cache.link_facts(folder) if previous is not None and cache.folder is not None else None
        external, facts, anchors, linked = _check_links(files, pages, previous, store, report)
        result.external_links = sorted(set(result.external_links) | set(external))
        result.rendered += sorted(pages.files)
        rendered.append((folder, files, pages, facts, anchors, linked, store))
    if report.errors or not write:
        return result
    # A profile whose folder lies inside another's is written in the same atomic swap.
    late: dict[Path, dict[str, bytes]] = {}  # root -> LATE files to write after ready()
    for root in roots:
        trusted = set()
        for folder, *_ in rendered:
            if folder in previous_of and (folder == root or inside(folder, root)):
                prefix = prefix_of(folder, root)
                trusted.update(prefix + p for p in previous_of[folder].reusable)
        staged = StagedOutput(root, in_place=config.in_place, trusted=trusted)
        for folder, files, *_ in rendered:
            if folder == root or inside(folder, root):
                prefix = prefix_of(folder, root)
                staged.keep_all([prefix + path for path, data in files.items() if data is None])
                for path in sorted(p for p, data in files.items() if data is not None):
                    if ready is not None and config.in_place and path in LATE and prefix + path in staged.previous:
                        staged.keep(prefix + path)  # the last build's copy, until ready() is called
                        late.setdefault(root, {})[prefix + path] = files[path]
                    else:
                        staged.write(prefix + path, files[path])
        try:
            staged.commit()
        except BaseException:
            staged.abort()
            raise
        result.files += sorted(staged.files)
        result.written += staged.written
    if ready is not None:
        ready(result)
    for root, data in late.items():
        staged = StagedOutput(root, in_place=True)
        staged.keep_all([path for path in staged.previous if path not in data])
        for path in sorted(data):
            staged.write(path, data[path])
        staged.commit()
        result.written = sorted({*result.written, *staged.written})
    if cache.folder is not None:
        warnings = [(d.path, d.line, d.col, d.message, d.hint, d.severity) for d in report.warnings]
        for folder, files, pages, facts, anchors, linked, store in rendered:
            root = next(r for r in roots if r == folder or inside(folder, r))
            cache.remember(folder, OutputState(
                manifest_digest=digest((root / MANIFEST).read_bytes()), inputs=inputs, warnings=warnings,
                pages=pages.pages, base_key=pages.base_key, fingerprints=pages.fingerprints, anchors=anchors, linked=linked, search_key=search_key, summary=result.summary,
                search_files=sorted(p for p in files if p.startswith(SEARCH_FOLDER + "/")),
                stamps=_stamps(folder, files, previous_of.get(folder)),
                catalogue=catalogue if not cache.persist else None, routes=pages.routes if not cache.persist else {}))
            if store is not None:
                store.update(facts, keep={p for p, data in files.items() if data is None})
                store.close()
        if search_state is not None:
            cache.keep_search_state(search_state)
        try:
            cache.save(parsed=fresh)
        except OSError as exc:  # the site is written; only the next build will be slower
            report.warning(display_path(cache.folder), 1, 1, f"không ghi được bộ nhớ đệm ({exc.strerror or exc})",
                           "Lần dựng sau sẽ dựng lại từ đầu; kiểm tra quyền ghi hoặc dùng --cache-dir.")
    return result


def _stamps(folder: Path, files: dict, previous: Previous | None) -> dict:
    """Each file's (size, modification time) as this build leaves it: a kept file is as
    ``previous.reusable`` found it, so only written ones are looked at."""
    recorded = previous.state.stamps if previous is not None else {}
    return {p: recorded[p] if data is None and p in recorded else stamp(folder / p) for p, data in files.items()}


def _with_static_files(files: dict[str, bytes], config: BuildConfig) -> dict[str, bytes]:
    """The rendered files plus theme assets (a unit's own win) and forms, all in memory,
    so that the link check sees exactly what will be written."""
    out = dict(files)
    for source, prefix in ((config.content / "theme", "assets"), (builtin_dir("theme"), "assets"),
                           (config.content / "forms", "bieu-mau")):
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                rel = f"{prefix}/{path.relative_to(source).as_posix()}"
                if path.is_file() and rel not in out:
                    out[rel] = path.read_bytes()
    return out
